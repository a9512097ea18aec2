/**
 * Embedding cache, so re-ingesting embeds only chunks whose input text changed.
 * Keyed by sha256(modelId + '\0' + input); one binary file per model under the cache folder:
 *
 *   "VKEC" | u32 version=1 | u32 dimension | u32 count | u32 idBytes | modelId (utf-8)
 *   then count × ( 32-byte sha256 | dimension × f32 )         (all little-endian)
 *
 * A missing, foreign or damaged file is an empty cache (it is only a cache).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from './embedder.ts';

const MAGIC = 'VKEC';
const VERSION = 1;
const HASH_BYTES = 32;

/** sha256 hex of the cache key of one embedder input. */
export function embeddingKey(modelId: string, input: string): string {
  return createHash('sha256').update(`${modelId}\0${input}`, 'utf8').digest('hex');
}

/** File holding the cache of `modelId`: the id made file-name safe. */
export function cacheFileFor(cacheDir: string, modelId: string): string {
  return path.join(cacheDir, `embeddings-${modelId.replace(/[^A-Za-z0-9._-]+/g, '_')}.bin`);
}

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private dimension = 0;
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly modelId: string,
    readonly filePath: string,
  ) {}

  /** Opens (or starts) the cache of `modelId` under `cacheDir`. Never throws on a bad file. */
  static async open(cacheDir: string, modelId: string): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(modelId, cacheFileFor(cacheDir, modelId));
    let bytes: Buffer | null = null;
    try {
      bytes = await readFile(cache.filePath);
    } catch {
      // No file yet.
    }
    if (bytes !== null) cache.load(bytes);
    return cache;
  }

  get size(): number {
    return this.vectors.size;
  }

  key(input: string): string {
    return embeddingKey(this.modelId, input);
  }

  /** Cached vectors for `hashes` (undefined where absent); counts hits and misses. */
  get(hashes: readonly string[]): (Float32Array | undefined)[] {
    return hashes.map((hash) => {
      const vector = this.vectors.get(hash);
      if (vector === undefined) this.misses++;
      else this.hits++;
      return vector;
    });
  }

  set(hash: string, vector: Float32Array): void {
    if (this.dimension !== vector.length) {
      // A different dimension means the model behind this id changed: old vectors are useless.
      if (this.vectors.size > 0) this.vectors.clear();
      this.dimension = vector.length;
    }
    this.vectors.set(hash, Float32Array.from(vector));
    this.dirty = true;
  }

  /** Writes the file atomically (tmp + rename) when something was added. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const idBytes = Buffer.from(this.modelId, 'utf8');
    const headerBytes = 4 + 4 * 4 + idBytes.length;
    const entryBytes = HASH_BYTES + this.dimension * 4;
    const out = Buffer.alloc(headerBytes + this.vectors.size * entryBytes);
    out.write(MAGIC, 0, 'ascii');
    out.writeUInt32LE(VERSION, 4);
    out.writeUInt32LE(this.dimension, 8);
    out.writeUInt32LE(this.vectors.size, 12);
    out.writeUInt32LE(idBytes.length, 16);
    idBytes.copy(out, 20);
    let at = headerBytes;
    for (const [hash, vector] of this.vectors) {
      out.write(hash, at, HASH_BYTES, 'hex');
      at += HASH_BYTES;
      for (const value of vector) {
        out.writeFloatLE(value, at);
        at += 4;
      }
    }
    await mkdir(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    await writeFile(tmp, out);
    await rename(tmp, this.filePath);
    this.dirty = false;
  }

  private load(bytes: Buffer): void {
    if (bytes.length < 20 || bytes.toString('ascii', 0, 4) !== MAGIC || bytes.readUInt32LE(4) !== VERSION) return;
    const dimension = bytes.readUInt32LE(8);
    const count = bytes.readUInt32LE(12);
    const idLength = bytes.readUInt32LE(16);
    const headerBytes = 20 + idLength;
    const entryBytes = HASH_BYTES + dimension * 4;
    if (bytes.length !== headerBytes + count * entryBytes) return;
    if (bytes.toString('utf8', 20, headerBytes) !== this.modelId) return;
    this.dimension = dimension;
    for (let i = 0, at = headerBytes; i < count; i++, at += entryBytes) {
      const hash = bytes.toString('hex', at, at + HASH_BYTES);
      const vector = new Float32Array(dimension);
      for (let d = 0; d < dimension; d++) vector[d] = bytes.readFloatLE(at + HASH_BYTES + d * 4);
      this.vectors.set(hash, vector);
    }
  }
}

/** How many inputs go to the model between two progress reports. */
const PROGRESS_SLICE = 64;

/**
 * Vectors for `inputs` (as passages), taking what the cache has and embedding only the misses
 * (each distinct missing input once). `onProgress` gets the number of inputs done so far.
 * The caller saves the cache.
 */
export async function embedWithCache(
  embedder: Embedder,
  cache: EmbeddingCache,
  inputs: string[],
  onProgress?: (done: number) => void,
): Promise<{ vectors: Float32Array[]; embedded: number; cached: number }> {
  const hashes = inputs.map((input) => cache.key(input));
  const found = cache.get(hashes);
  const cached = found.filter((v) => v !== undefined).length;

  // Distinct misses, in first-seen order.
  const missing = new Map<string, string>();
  found.forEach((vector, i) => {
    if (vector === undefined && !missing.has(hashes[i]!)) missing.set(hashes[i]!, inputs[i]!);
  });
  const todo = [...missing];
  onProgress?.(cached);

  let embeddedDone = 0;
  const fresh = new Map<string, Float32Array>();
  for (let from = 0; from < todo.length; from += PROGRESS_SLICE) {
    const slice = todo.slice(from, from + PROGRESS_SLICE);
    const vectors = await embedder.embedPassages(slice.map(([, input]) => input));
    slice.forEach(([hash], i) => {
      const vector = vectors[i]!;
      cache.set(hash, vector);
      fresh.set(hash, vector);
    });
    embeddedDone += slice.length;
    onProgress?.(cached + embeddedDone);
  }
  // Repeated inputs were embedded once: the last report is every input.
  if (cached + embeddedDone < inputs.length) onProgress?.(inputs.length);

  const vectors = found.map((vector, i) => vector ?? fresh.get(hashes[i]!)!);
  return { vectors, embedded: todo.length, cached };
}
