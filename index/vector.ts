/**
 * Approximate nearest-neighbour index over chunk embeddings (hnswlib-node, HNSW graph).
 * Labels are positions in the global chunk array, so a hit maps straight back to its chunk.
 */
import { rename, writeFile } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface VectorHit {
  /** Position of the chunk in the global chunk array. */
  readonly ordinal: number;
  /** Cosine similarity, higher is better (1 = same direction). */
  readonly score: number;
}

export interface VectorIndex {
  readonly dimension: number;
  readonly count: number;
  /** Up to `k` nearest vectors, best first; fewer when the index holds fewer. */
  search(query: Float32Array, k: number): VectorHit[];
  /** Writes the index atomically (tmp + rename). An empty index writes an empty file. */
  writeTo(filePath: string): Promise<void>;
}

/**
 * HNSW settings for a corpus of hundreds to tens of thousands of chunks: M = 16 links per node
 * and efConstruction = 200 give near-exact recall at this size for little memory; the search
 * beam (ef) is at least 64 and never below k. A fixed seed makes builds reproducible.
 */
const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;
const RANDOM_SEED = 100;

/** 'cosine' space: hnswlib normalizes vectors itself, distance = 1 − cosine similarity. */
const SPACE = 'cosine';

class HnswVectorIndex implements VectorIndex {
  constructor(
    readonly dimension: number,
    private readonly hnsw: Hnsw | null,
  ) {}

  get count(): number {
    return this.hnsw?.getCurrentCount() ?? 0;
  }

  search(query: Float32Array, k: number): VectorHit[] {
    if (query.length !== this.dimension) {
      throw new Error(`query vector has ${query.length} dimensions, the index ${this.dimension}`);
    }
    const take = Math.min(Math.floor(k), this.count);
    if (this.hnsw === null || take <= 0) return [];
    this.hnsw.setEf(Math.max(EF_SEARCH, take));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), take);
    return neighbors
      .map((ordinal, i) => ({ ordinal, score: 1 - (distances[i] ?? 1) }))
      .sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  }

  async writeTo(filePath: string): Promise<void> {
    const tmp = `${filePath}.${process.pid}.tmp`;
    if (this.hnsw === null) await writeFile(tmp, new Uint8Array(0));
    else await this.hnsw.writeIndex(tmp);
    await rename(tmp, filePath);
  }
}

/** Index of `vectors`; vector i gets label i. */
export function buildVectorIndex(vectors: readonly Float32Array[], dimension: number): VectorIndex {
  if (vectors.length === 0) return new HnswVectorIndex(dimension, null);
  const hnsw = new HierarchicalNSW(SPACE, dimension);
  hnsw.initIndex({ maxElements: vectors.length, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: RANDOM_SEED });
  vectors.forEach((vector, ordinal) => {
    if (vector.length !== dimension) {
      throw new Error(`vector ${ordinal} has ${vector.length} dimensions, expected ${dimension}`);
    }
    hnsw.addPoint(Array.from(vector), ordinal);
  });
  return new HnswVectorIndex(dimension, hnsw);
}

/** Reads an index written by `writeTo`; `count` (from the manifest) must match what the file holds. */
export async function readVectorIndex(filePath: string, dimension: number, count: number): Promise<VectorIndex> {
  if (count === 0) return new HnswVectorIndex(dimension, null);
  const hnsw = new HierarchicalNSW(SPACE, dimension);
  await hnsw.readIndex(filePath);
  if (hnsw.getNumDimensions() !== dimension || hnsw.getCurrentCount() !== count) {
    throw new Error(
      `vector index ${filePath} holds ${hnsw.getCurrentCount()}×${hnsw.getNumDimensions()}, expected ${count}×${dimension}: re-run ingest`,
    );
  }
  return new HnswVectorIndex(dimension, hnsw);
}
