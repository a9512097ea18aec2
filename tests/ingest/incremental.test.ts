/**
 * Incremental ingest on a copy of the real corpus cut into several segments: adding a document
 * writes one new segment and keeps every other segment file as it was (the same inode, hard-linked
 * into the new build); changing or removing one rewrites only the segment that held it; small
 * segments are merged once eight accumulate; and the result searches and answers exactly like a
 * full build of the same files.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenCounter, type TokenCounter } from '../../embed/tokens.ts';
import { loadIndex, type LoadedIndex } from '../../index/store.ts';
import { ingestCorpus, type IngestOptions } from '../../ingest/pipeline.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { exactTerms, foldTerm } from '../../text/tokenize.ts';
import { VIETNAMESE_SENTENCES } from '../helpers/hostile-files.ts';
import { copyCorpus, REPO_ROOT, tempDir } from '../helpers/ingest-run.ts';

const SHARED_MODELS = path.resolve(REPO_ROOT, '../shared/models');
const QUESTIONS = [
  'Kết luận 21 có mấy nhóm nhiệm vụ?',
  'Quy định 50 về việc gì?',
  'Công tác kiểm tra Đảng 6 tháng đầu năm đạt kết quả gì?',
  'ket luan 21 ve xay dung chinh don dang',
];

let work: string;
let tokens: TokenCounter;

beforeAll(async () => {
  work = await tempDir('incremental');
  tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: SHARED_MODELS });
});

function options(corpusDir: string, indexDir: string, overrides: Partial<IngestOptions> = {}): IngestOptions {
  return {
    corpusDir,
    indexDir,
    cacheDir: path.join(work, 'cache'),
    force: false,
    chunkMaxTokens: 320,
    tokens,
    embedder: { ok: false, reason: 'lexical-only test' },
    // About one segment per document of the corpus, so that updates have segments to keep.
    segmentChunks: 10,
    ...overrides,
  };
}

/** Segment file name → inode, in the live build. */
async function segmentInodes(indexDir: string): Promise<Map<string, number>> {
  const dir = path.join(await fs.realpath(indexDir), 'segments');
  const out = new Map<string, number>();
  for (const name of await fs.readdir(dir)) out.set(name, (await fs.stat(path.join(dir, name))).ino);
  return out;
}

/** What a reader sees: documents, chunks and the answers to a few questions (ids and scores, not ordinals). */
async function observe(indexDir: string): Promise<unknown> {
  const index: LoadedIndex = await loadIndex(indexDir);
  const engine = new AnswerEngine(index, null);
  try {
    const answers = [];
    for (const question of QUESTIONS) {
      const answer = await engine.ask(question, { k: 5 });
      const hits = await engine.search(question, 10);
      answers.push({
        answer: answer.answer,
        citations: answer.citations.map((c) => [c.docId, c.start, c.end]),
        hits: hits.map((hit) => [hit.chunk.id, hit.score]),
      });
    }
    const statistics = index.lexical.documentSentenceStatistics();
    const words = [...QUESTIONS, ...VIETNAMESE_SENTENCES].flatMap((text) => exactTerms(text));
    return {
      sentenceStatistics: [statistics.sentences, ...words.map((w) => [statistics.exactDf.get(w), statistics.df.get(foldTerm(w))])],
      documents: index.documents.map((doc) => [doc.id, doc.hash]).sort(),
      chunks: [...index.chunks].map((chunk) => `${chunk.id} ${chunk.references.join(',')}`).sort(),
      references: index.references.map((ref) => [ref.key, ref.label, ref.mentions.length]),
      answers,
    };
  } finally {
    await engine.dispose();
  }
}

describe('an incremental ingest', () => {
  let corpus: string;
  let indexDir: string;

  beforeAll(async () => {
    corpus = await copyCorpus(path.join(work, 'corpus'));
    indexDir = path.join(work, 'live', 'index');
    const first = await ingestCorpus(options(corpus, indexDir));
    expect(first.mode).toBe('full');
    expect(first.segments.total).toBeGreaterThan(2);
  });

  it('writes one segment for an added document and keeps every other segment file', async () => {
    const before = await segmentInodes(indexDir);
    await fs.writeFile(path.join(corpus, 'bo-sung.txt'), `Báo cáo bổ sung về chuyển đổi số\n\n${VIETNAMESE_SENTENCES.join('\n\n')}\n`);
    const report = await ingestCorpus(options(corpus, indexDir));
    expect(report).toMatchObject({ built: true, mode: 'incremental', changes: { added: 1, changed: 0, removed: 0 } });
    expect(report.segments).toMatchObject({ written: 1, linked: before.size, merged: 0 });
    const after = await segmentInodes(indexDir);
    expect(after.size).toBe(before.size + 1);
    for (const [name, inode] of before) expect(after.get(name), name).toBe(inode);
    const index = await loadIndex(indexDir);
    expect(index.documents.map((doc) => doc.id)).toContain('bo-sung');
    index.close();
  });

  it('rewrites only the segment of a changed document, and of a removed one', async () => {
    const names = (await fs.readdir(corpus)).filter((name) => name.endsWith('.txt') && name !== 'bo-sung.txt').sort();
    await fs.appendFile(path.join(corpus, names[0]!), `\n\n${VIETNAMESE_SENTENCES[1]}\n`);
    const before = await segmentInodes(indexDir);
    const changed = await ingestCorpus(options(corpus, indexDir));
    expect(changed).toMatchObject({ mode: 'incremental', changes: { added: 0, changed: 1, removed: 0 } });
    const afterChange = await segmentInodes(indexDir);
    const kept = [...before].filter(([name, inode]) => afterChange.get(name) === inode);
    // One segment held the document: it is rewritten (or dropped, if it held nothing else).
    expect(kept.length).toBeGreaterThanOrEqual(before.size - 1);
    expect(changed.segments.linked).toBe(kept.length);

    await fs.rm(path.join(corpus, names[1]!));
    const removed = await ingestCorpus(options(corpus, indexDir));
    expect(removed).toMatchObject({ mode: 'incremental', changes: { added: 0, changed: 0, removed: 1 } });
    expect(removed.segments.linked).toBeGreaterThanOrEqual(removed.segments.total - 1);
    const index = await loadIndex(indexDir);
    expect(index.documents.map((doc) => doc.id)).not.toContain(names[1]!.replace(/\.txt$/, ''));
    index.close();
  });

  it('searches and answers exactly like a full build of the same files', async () => {
    const full = path.join(work, 'full', 'index');
    const report = await ingestCorpus(options(corpus, full, { segmentChunks: 1_000_000 }));
    expect(report.segments.total).toBe(1);
    expect(await observe(indexDir)).toEqual(await observe(full));
  });

  it('merges the small segments once eight of them exist', async () => {
    let merged = 0;
    for (let i = 0; i < 8 && merged === 0; i++) {
      await fs.writeFile(path.join(corpus, `them-${i}.txt`), `Thông báo số ${i + 1}\n\n${VIETNAMESE_SENTENCES[i % VIETNAMESE_SENTENCES.length]}\n`);
      merged = (await ingestCorpus(options(corpus, indexDir))).segments.merged;
    }
    expect(merged).toBeGreaterThanOrEqual(8);
    const manifest = (await loadIndex(indexDir)).manifest;
    expect(manifest.segments.length).toBeLessThan(8);
    const full = path.join(work, 'full-2', 'index');
    await ingestCorpus(options(corpus, full, { segmentChunks: 1_000_000 }));
    expect(await observe(indexDir)).toEqual(await observe(full));
  });

  it('is up to date when nothing changed', async () => {
    expect(await ingestCorpus(options(corpus, indexDir))).toMatchObject({ built: false, mode: 'none' });
  });
});
