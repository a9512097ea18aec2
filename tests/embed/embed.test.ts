/**
 * Embeddings through the real Transformers.js pipeline and the real e5 tokenizer, on a tiny
 * lookup-table ONNX model the test builds (no weights can be downloaded here).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache, embedWithCache } from '../../embed/cache.ts';
import { embeddingInput, loadEmbedder, type Embedder, type EmbedderOptions } from '../../embed/embedder.ts';
import { VankienEmbeddings } from '../../embed/langchain.ts';
import { resolveModelDir } from '../../embed/model-dir.ts';
import { estimateTokens, loadTokenCounter, type TokenCounter } from '../../embed/tokens.ts';
import { buildTestModel, sharedE5, TEST_MODEL_DIMENSION } from '../../testkit/test-model.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

let workDir: string;
let model: { root: string; modelId: string; dir: string };
let embedder: Embedder;

const options = (over: Partial<EmbedderOptions> = {}): EmbedderOptions => ({
  modelId: model.modelId,
  modelDir: model.root,
  allowRemote: false,
  dtype: 'fp32',
  batchSize: 4,
  ...over,
});

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

async function corpusParagraphs(): Promise<string[]> {
  const files = (await readdir(CORPUS_DIR)).filter((f) => f.endsWith('.txt')).sort();
  const texts = await Promise.all(files.map((f) => readFile(path.join(CORPUS_DIR, f), 'utf8')));
  return texts.flatMap((t) => t.normalize('NFC').split(/\n+/).map((p) => p.trim()).filter((p) => p !== ''));
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'vankien-embed-'));
  model = await buildTestModel(path.join(workDir, 'models'));
  const load = await loadEmbedder(options());
  if (!load.ok) throw new Error(load.reason);
  embedder = load.embedder;
});

afterAll(async () => {
  await embedder?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

describe('resolveModelDir', () => {
  it('accepts a root holding <modelId>/ or the model folder itself', () => {
    expect(resolveModelDir(model.modelId, model.root)).toEqual({ root: model.root, dir: model.dir });
    expect(resolveModelDir(model.modelId, model.dir)).toEqual({ root: model.root, dir: model.dir });
    expect(resolveModelDir('other/name', model.dir)).toEqual({ root: path.dirname(model.dir), dir: model.dir });
  });

  it('looks in models/ then ../shared/models/ when no folder is configured', () => {
    expect(resolveModelDir(model.modelId, '', workDir)).toEqual({ root: model.root, dir: model.dir });
    const repo = path.resolve(import.meta.dirname, '../..');
    expect(resolveModelDir(sharedE5.modelId, '', repo)?.dir).toBe(sharedE5.dir);
  });

  it('is null when nothing is there', () => {
    expect(resolveModelDir(model.modelId, path.join(workDir, 'nowhere'))).toBeNull();
    expect(resolveModelDir('no/such-model', '', workDir)).toBeNull();
  });
});

describe('loadEmbedder on the test model', () => {
  it('loads and discovers the dimension', () => {
    expect(embedder.modelId).toBe(model.modelId);
    expect(embedder.dimension).toBe(TEST_MODEL_DIMENSION);
  });

  it('returns L2-normalized, deterministic vectors', async () => {
    const texts = ['Kết luận số 21-KL/TW về xây dựng, chỉnh đốn Đảng', 'Thu ngân sách nhà nước năm 2021'];
    const first = await embedder.embedPassages(texts);
    const again = await embedder.embedPassages(texts);
    expect(first).toHaveLength(2);
    for (const [i, v] of first.entries()) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(TEST_MODEL_DIMENSION);
      expect(norm(v)).toBeCloseTo(1, 5);
      expect(Array.from(again[i]!)).toEqual(Array.from(v));
    }
    expect(norm(await embedder.embedQuery('quy hoạch'))).toBeCloseTo(1, 5);
  });

  it('puts a passage nearer a query sharing its words than an unrelated one', async () => {
    const [passage] = await embedder.embedPassages(['Quy định số 50 về công tác quy hoạch cán bộ']);
    const related = await embedder.embedQuery('quy hoạch cán bộ');
    const unrelated = await embedder.embedQuery('thu ngân sách nhà nước');
    expect(dot(passage!, related)).toBeGreaterThan(dot(passage!, unrelated));
  });

  it('applies the e5 prefixes', async () => {
    const text = 'công tác kiểm tra, giám sát';
    const [asPassage] = await embedder.embedPassages([text]);
    const asQuery = await embedder.embedQuery(text);
    expect(Array.from(asQuery)).not.toEqual(Array.from(asPassage!));
    expect(dot(asQuery, asPassage!)).toBeGreaterThan(0.5);
  });

  it('gives the same vectors batched as one by one', async () => {
    const texts = (await corpusParagraphs()).slice(0, 9); // batchSize 4: batches of 4, 4, 1 with padding
    const batched = await embedder.embedPassages(texts);
    const single = await Promise.all(texts.map(async (t) => (await embedder.embedPassages([t]))[0]!));
    batched.forEach((v, i) => v.forEach((x, d) => expect(x).toBeCloseTo(single[i]![d]!, 5)));
    expect(await embedder.embedPassages([])).toEqual([]);
  });
});

describe('loadEmbedder without usable weights', () => {
  it('reports the tokenizer-only shared folder as missing ONNX weights', async () => {
    const load = await loadEmbedder(options({ modelId: sharedE5.modelId, modelDir: sharedE5.root }));
    expect(load.ok).toBe(false);
    if (!load.ok) {
      expect(load.reason).toContain('no ONNX weights');
      expect(load.reason).toContain(path.join(sharedE5.dir, 'onnx'));
    }
  });

  it('reports a missing folder, a missing dtype variant and an unknown dtype', async () => {
    const missing = await loadEmbedder(options({ modelDir: path.join(workDir, 'does-not-exist') }));
    expect(missing).toMatchObject({ ok: false });
    if (!missing.ok) expect(missing.reason).toContain(path.join(workDir, 'does-not-exist'));

    const q8 = await loadEmbedder(options({ dtype: 'q8' }));
    expect(q8.ok).toBe(false);
    if (!q8.ok) expect(q8.reason).toMatch(/model_quantized\.onnx.*found model\.onnx/);

    expect(await loadEmbedder(options({ dtype: 'fp64' }))).toMatchObject({ ok: false });
  });
});

describe('embeddingInput', () => {
  it('prepends the section path only when there is one', () => {
    expect(embeddingInput(['I. Về triển khai', '1. Kết luận 21'], 'Nội dung')).toBe('I. Về triển khai › 1. Kết luận 21\nNội dung');
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }), fc.string(), (sectionPath, text) => {
        const input = embeddingInput(sectionPath, text);
        expect(input.endsWith(text)).toBe(true);
        if (sectionPath.length === 0) expect(input).toBe(text);
        else expect(input.startsWith(`${sectionPath[0]}`)).toBe(true);
      }),
    );
  });
});

describe('embedding cache', () => {
  /** Wraps the embedder to see which inputs reach the model. */
  function counting(inner: Embedder): Embedder & { seen: string[] } {
    const seen: string[] = [];
    return {
      seen,
      modelId: inner.modelId,
      dimension: inner.dimension,
      embedPassages: (texts) => (seen.push(...texts), inner.embedPassages(texts)),
      embedQuery: (text) => inner.embedQuery(text),
      dispose: () => inner.dispose(),
    };
  }

  it('embeds only misses, survives save and reload', async () => {
    const cacheDir = path.join(workDir, 'cache');
    const inputs = (await corpusParagraphs()).slice(10, 16);
    const model1 = counting(embedder);
    const cache = await EmbeddingCache.open(cacheDir, embedder.modelId);

    const progress: number[] = [];
    const first = await embedWithCache(model1, cache, inputs, (done) => progress.push(done));
    expect(first).toMatchObject({ embedded: inputs.length, cached: 0 });
    expect(progress.at(-1)).toBe(inputs.length);

    const second = await embedWithCache(model1, cache, inputs);
    expect(second).toMatchObject({ embedded: 0, cached: inputs.length });
    expect(second.vectors.map((v) => Array.from(v))).toEqual(first.vectors.map((v) => Array.from(v)));

    const changed = [...inputs];
    changed[2] = `${changed[2]} (sửa đổi)`;
    model1.seen.length = 0;
    const third = await embedWithCache(model1, cache, changed);
    expect(third).toMatchObject({ embedded: 1, cached: inputs.length - 1 });
    expect(model1.seen).toEqual([changed[2]]);

    await cache.save();
    const reopened = await EmbeddingCache.open(cacheDir, embedder.modelId);
    expect(reopened.size).toBe(inputs.length + 1);
    const model2 = counting(embedder);
    const fourth = await embedWithCache(model2, reopened, changed);
    expect(fourth).toMatchObject({ embedded: 0, cached: changed.length });
    expect(model2.seen).toEqual([]);
    expect(fourth.vectors.map((v) => Array.from(v))).toEqual(third.vectors.map((v) => Array.from(v)));
    expect(reopened.hits).toBe(changed.length);
  });

  it('embeds a repeated input once and ignores another model’s file', async () => {
    const cacheDir = path.join(workDir, 'cache-dup');
    const cache = await EmbeddingCache.open(cacheDir, embedder.modelId);
    const wrapped = counting(embedder);
    const result = await embedWithCache(wrapped, cache, ['a b c', 'a b c', 'd e']);
    expect(result.embedded).toBe(2);
    expect(Array.from(result.vectors[0]!)).toEqual(Array.from(result.vectors[1]!));
    await cache.save();
    expect((await EmbeddingCache.open(cacheDir, 'another/model')).size).toBe(0);
  });
});

describe('VankienEmbeddings (LangChain)', () => {
  it('returns plain number arrays of the model dimension', async () => {
    const embeddings = new VankienEmbeddings(embedder);
    const docs = await embeddings.embedDocuments(['một', 'hai', 'ba']);
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      expect(Array.isArray(d)).toBe(true);
      expect(d).toHaveLength(TEST_MODEL_DIMENSION);
    }
    const query = await embeddings.embedQuery('một');
    expect(query).toHaveLength(TEST_MODEL_DIMENSION);
    expect(query).toEqual(Array.from(await embedder.embedQuery('một')));
  });
});

describe('token counting', () => {
  let counter: TokenCounter;
  beforeAll(async () => {
    counter = await loadTokenCounter({ modelId: sharedE5.modelId, modelDir: sharedE5.root });
  });

  it('uses the real tokenizer when the folder has one', () => {
    expect(counter.exact).toBe(true);
    expect(counter.source).toBe(sharedE5.dir);
    expect(counter.count('Kết luận số 21-KL/TW')).toBeGreaterThan(0);
    expect(counter.count('')).toBe(0);
  });

  it('counts word by word exactly as the tokenizer counts the whole text', async () => {
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const { env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = sharedE5.root;
    const tokenizer = await AutoTokenizer.from_pretrained(sharedE5.modelId);
    const samples = (await corpusParagraphs()).filter((p) => p.length < 1500).slice(0, 60);
    samples.push('Quy định 50-QĐ/TW  ngày\n27/12/2021, (1). “tự chuyển hóa”; 5,09% – 1.500 tỷ…', '  HĐND\tUBKT ');
    for (const text of samples) {
      expect(counter.count(text)).toBe(tokenizer.encode(text, { add_special_tokens: false }).length);
    }
  });

  it('falls back to the estimate when there is no folder', async () => {
    const estimate = await loadTokenCounter({ modelId: 'no/such-model', modelDir: path.join(workDir, 'nowhere') });
    expect(estimate.exact).toBe(false);
    expect(estimate.source).toMatch(/^estimate/);
    expect(estimate.count('Kết luận số 21-KL/TW')).toBe(estimateTokens('Kết luận số 21-KL/TW'));
  });

  it('over-estimates the real count on the corpus paragraphs', async () => {
    const paragraphs = await corpusParagraphs();
    let under = 0;
    let exactTotal = 0;
    let estimateTotal = 0;
    for (const p of paragraphs) {
      const exact = counter.count(p);
      const estimate = estimateTokens(p);
      if (estimate < exact) under++;
      exactTotal += exact;
      estimateTotal += estimate;
    }
    const ratio = estimateTotal / exactTotal;
    console.info(`token estimate: ${paragraphs.length} paragraphs, ${under} under, estimate/exact = ${ratio.toFixed(3)}`);
    expect(under / paragraphs.length).toBeLessThanOrEqual(0.02);
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.5);
  });

  it('estimate: zero only for blank text, never below chars/4', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const n = estimateTokens(text);
        expect(n).toBe(text.trim() === '' ? 0 : Math.max(n, Math.ceil(text.length / 4)));
        if (text.trim() !== '') expect(n).toBeGreaterThan(0);
      }),
    );
  });
});
