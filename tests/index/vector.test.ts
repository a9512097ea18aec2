/**
 * The HNSW vector index over real pipeline embeddings (test model) of corpus paragraphs.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../embed/embedder.ts';
import { buildVectorIndex, readVectorIndex, type VectorIndex } from '../../index/vector.ts';
import { buildTestModel, TEST_MODEL_DIMENSION } from '../../testkit/test-model.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

let workDir: string;
let embedder: Embedder;
let paragraphs: string[];
let vectors: Float32Array[];
let index: VectorIndex;

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

/** ~30 distinct, reasonably long corpus paragraphs (six from each document). */
async function sampleParagraphs(): Promise<string[]> {
  const files = (await readdir(CORPUS_DIR)).filter((f) => f.endsWith('.txt')).sort();
  const picked = new Set<string>();
  for (const file of files) {
    const text = (await readFile(path.join(CORPUS_DIR, file), 'utf8')).normalize('NFC');
    const long = text.split(/\n+/).map((p) => p.trim()).filter((p) => p.length >= 80);
    for (const p of long.slice(0, 6)) picked.add(p);
  }
  return [...picked];
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'vankien-vector-'));
  const model = await buildTestModel(path.join(workDir, 'models'));
  const load = await loadEmbedder({ modelId: model.modelId, modelDir: model.root, allowRemote: false, dtype: 'fp32', batchSize: 8 });
  if (!load.ok) throw new Error(load.reason);
  embedder = load.embedder;
  paragraphs = await sampleParagraphs();
  vectors = await embedder.embedPassages(paragraphs);
  index = buildVectorIndex(vectors, embedder.dimension);
});

afterAll(async () => {
  await embedder?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

describe('vector index', () => {
  it('finds each paragraph first for its own vector, with cosine scores', () => {
    expect(paragraphs.length).toBeGreaterThanOrEqual(25);
    expect(index.count).toBe(paragraphs.length);
    expect(index.dimension).toBe(TEST_MODEL_DIMENSION);
    vectors.forEach((vector, ordinal) => {
      const hits = index.search(vector, 5);
      expect(hits).toHaveLength(5);
      expect(hits[0]!.ordinal).toBe(ordinal);
      expect(hits[0]!.score).toBeCloseTo(1, 5);
      for (const hit of hits) expect(hit.score).toBeCloseTo(cosine(vector, vectors[hit.ordinal]!), 5);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    });
  });

  it('finds a paragraph from a query made of its words', async () => {
    let found = 0;
    for (const [ordinal, paragraph] of paragraphs.entries()) {
      const [hit] = index.search(await embedder.embedQuery(paragraph), 1);
      if (hit?.ordinal === ordinal) found++;
    }
    // The lookup-table model only sees token bags, and `query: ` differs from `passage: `.
    expect(found / paragraphs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('round-trips through a file with identical results', async () => {
    const file = path.join(workDir, 'vectors.hnsw');
    await index.writeTo(file);
    const reread = await readVectorIndex(file, embedder.dimension, paragraphs.length);
    expect(reread.count).toBe(paragraphs.length);
    for (const vector of vectors.slice(0, 10)) expect(reread.search(vector, 8)).toEqual(index.search(vector, 8));
    await expect(readVectorIndex(file, embedder.dimension, paragraphs.length + 1)).rejects.toThrow(/re-run ingest/);
  });

  it('returns everything when k exceeds the count, nothing for k ≤ 0', () => {
    const hits = index.search(vectors[0]!, paragraphs.length + 50);
    expect(hits).toHaveLength(paragraphs.length);
    expect(new Set(hits.map((h) => h.ordinal)).size).toBe(paragraphs.length);
    expect(index.search(vectors[0]!, 0)).toEqual([]);
  });

  it('rejects a query of the wrong dimension', () => {
    expect(() => index.search(new Float32Array(TEST_MODEL_DIMENSION + 1), 3)).toThrow(/dimensions/);
  });

  it('handles an empty index, in memory and on disk', async () => {
    const empty = buildVectorIndex([], TEST_MODEL_DIMENSION);
    expect(empty.count).toBe(0);
    expect(empty.search(vectors[0]!, 5)).toEqual([]);
    const file = path.join(workDir, 'empty.hnsw');
    await empty.writeTo(file);
    expect((await stat(file)).size).toBe(0);
    const reread = await readVectorIndex(file, TEST_MODEL_DIMENSION, 0);
    expect(reread.search(vectors[0]!, 5)).toEqual([]);
  });

  it('works on a single vector', () => {
    const one = buildVectorIndex([vectors[3]!], TEST_MODEL_DIMENSION);
    expect(one.search(vectors[0]!, 10)).toEqual([{ ordinal: 0, score: expect.closeTo(cosine(vectors[0]!, vectors[3]!), 5) }]);
  });
});
