/**
 * The whole ingest stage on the real corpus, in process: documents, chunks, references, the
 * lexical index, and the dense path end to end with a small ONNX model built by the tests
 * (embed → index → persist → reload → search) through the real Transformers.js pipeline.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../embed/embedder.ts';
import { IndexLoadError, loadIndex } from '../../index/store.ts';
import { ingestCorpus, type IngestOptions } from '../../ingest/pipeline.ts';
import { loadTokenCounter, type TokenCounter } from '../../embed/tokens.ts';
import { copyCorpus, tempDir } from '../helpers/ingest-run.ts';
import { buildTestModel } from '../../testkit/test-model.ts';
import { keysCompatible } from '../../text/references/index.ts';

const SHARED_MODELS = path.resolve(import.meta.dirname, '../../../shared/models');

describe('ingestCorpus on the real corpus', () => {
  let work: string;
  let corpus: string;
  let tokens: TokenCounter;
  let embedder: Embedder;
  let modelId: string;

  beforeAll(async () => {
    work = await tempDir('pipeline');
    corpus = await copyCorpus(path.join(work, 'corpus'));
    tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: SHARED_MODELS });
    const model = await buildTestModel(path.join(work, 'models'));
    modelId = model.modelId;
    const load = await loadEmbedder({
      modelId: model.modelId,
      modelDir: model.root,
      allowRemote: false,
      dtype: 'fp32',
      batchSize: 8,
    });
    if (!load.ok) throw new Error(load.reason);
    embedder = load.embedder;
  });

  afterAll(async () => {
    await embedder?.dispose();
  });

  const options = (overrides: Partial<IngestOptions>): IngestOptions => ({
    corpusDir: corpus,
    indexDir: path.join(work, 'index'),
    cacheDir: path.join(work, 'cache'),
    force: false,
    chunkMaxTokens: 320,
    tokens,
    embedder: { ok: true, embedder },
    ...overrides,
  });

  it('uses the real tokenizer for chunk sizes', () => {
    expect(tokens.exact).toBe(true);
  });

  it('builds cited chunks whose text is exactly the document slice, within the token budget', async () => {
    const report = await ingestCorpus(options({ force: true }));
    expect(report.built).toBe(true);
    expect(report.documents).toBe(5);
    expect(report.skipped).toEqual([]);
    expect(report.chunkTokens.max).toBeLessThanOrEqual(320);

    const index = await loadIndex(path.join(work, 'index'), { model: { id: modelId, dimension: embedder.dimension } });
    const docs = new Map(index.documents.map((doc) => [doc.id, doc]));
    for (const chunk of index.chunks) {
      const doc = docs.get(chunk.docId);
      expect(doc).toBeDefined();
      expect(doc!.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(tokens.count(chunk.text)).toBe(chunk.tokens);
    }
    // Every document is covered by its chunks, in order and without overlap.
    for (const doc of index.documents) {
      const own = [...index.chunks].filter((chunk) => chunk.docId === doc.id);
      for (let i = 1; i < own.length; i++) expect(own[i]!.start).toBeGreaterThanOrEqual(own[i - 1]!.end);
      expect(own.map((chunk) => chunk.text).join('').replace(/\s/g, '')).toBe(doc.text.replace(/\s/g, ''));
    }
  });

  it('attaches document references to chunks and persists every mention with its offsets', async () => {
    const index = await loadIndex(path.join(work, 'index'));
    const docs = new Map(index.documents.map((doc) => [doc.id, doc]));
    const qd50 = index.references.find((ref) => ref.key === 'quy-dinh:50:tw');
    expect(qd50).toMatchObject({ type: 'Quy định', number: '50', date: '2021-12-27', issuer: 'Bộ Chính trị' });
    expect(qd50!.subject).toContain('công tác quy hoạch cán bộ');
    for (const ref of index.references) {
      for (const mention of ref.mentions) {
        expect(docs.get(mention.docId)!.text.slice(mention.start, mention.end)).toBe(mention.text);
      }
    }
    const kl21 = index.references.find((ref) => ref.key === 'ket-luan:21:tw')!;
    expect(kl21.mentions.length).toBeGreaterThanOrEqual(3);
    // A chunk keeps the keys as written ("Kết luận 21" → ket-luan:21); each can be the corpus's ket-luan:21:tw.
    const withKl21 = [...index.chunks].filter((chunk) => chunk.references.some((key) => keysCompatible(key, 'ket-luan:21:tw')));
    expect(withKl21.some((chunk) => chunk.text.includes('05 nhóm nhiệm vụ, giải pháp'))).toBe(true);
    expect(index.manifest.counts.mentions).toBe(index.references.reduce((n, ref) => n + ref.mentions.length, 0));
  });

  it('finds passages lexically, also without diacritics, after a reload from disk', async () => {
    const index = await loadIndex(path.join(work, 'index'));
    for (const query of ['Kết luận 21 có mấy nhóm nhiệm vụ', 'ket luan 21 co may nhom nhiem vu']) {
      const top = index.lexical.search(query, { k: 3 }).map((hit) => index.chunks.at(hit.ordinal).text);
      expect(top.some((text) => text.includes('05 nhóm nhiệm vụ, giải pháp'))).toBe(true);
    }
  });

  it('searches the persisted vector index with a query embedding after a reload', async () => {
    const index = await loadIndex(path.join(work, 'index'), { model: { id: modelId, dimension: embedder.dimension } });
    expect(index.manifest.dense).toMatchObject({ enabled: true, model: modelId, dimension: embedder.dimension });
    expect(index.vectors).not.toBeNull();
    // The test model is a bag of tokens: a chunk's own words, asked as a query, find that chunk.
    const target = [...index.chunks].find((chunk) => chunk.text.includes('05 nhóm nhiệm vụ, giải pháp'))!;
    const query = await embedder.embedQuery(target.text);
    const hits = index.vectors!.search(query, 3);
    expect(hits.map((hit) => index.chunks.at(hit.ordinal).id)).toContain(target.id);
  });

  it('refuses to load vectors of another model or dimension, with a message saying what to do', async () => {
    await expect(
      loadIndex(path.join(work, 'index'), { model: { id: 'Xenova/multilingual-e5-small', dimension: 384 } }),
    ).rejects.toThrow(/built with the embedding model test\/e5-lookup \(dimension 32\).*rebuild/);
    await expect(loadIndex(path.join(work, 'index'), { model: { id: modelId, dimension: 64 } })).rejects.toBeInstanceOf(
      IndexLoadError,
    );
  });

  it('embeds nothing when the corpus is unchanged and only changed chunks after an edit', async () => {
    const again = await ingestCorpus(options({ force: true }));
    expect(again.embedded).toBe(0);
    expect(again.cached).toBe(again.chunks);

    const unchanged = await ingestCorpus(options({}));
    expect(unchanged.built).toBe(false);

    const files = (await fs.readdir(corpus)).filter((name) => name.endsWith('.txt')).sort();
    const edited = path.join(corpus, files[0]!);
    await fs.appendFile(edited, '\n\nĐoạn bổ sung để kiểm tra việc nhúng lại chỉ những đoạn đã thay đổi.\n');
    const changed = await ingestCorpus(options({}));
    expect(changed.built).toBe(true);
    expect(changed.embedded).toBeGreaterThan(0);
    expect(changed.embedded).toBeLessThanOrEqual(2);
    expect(changed.cached).toBe(changed.chunks - changed.embedded);
  });

  it('reports a damaged index clearly instead of loading it', async () => {
    const index = await loadIndex(path.join(work, 'index'));
    await fs.appendFile(path.join(index.buildDir, 'references.bin'), ' ');
    await expect(loadIndex(path.join(work, 'index'))).rejects.toThrow(/references\.bin is damaged/);
    await expect(loadIndex(path.join(work, 'nowhere'))).rejects.toThrow(/no index there/);
  });
});
