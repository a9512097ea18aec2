/**
 * The persisted index: one folder per build, and `INDEX_DIR` a symlink to the live build.
 *
 * Writes are atomic: a build is written into `<INDEX_DIR>.builds/<id>.tmp`, fsynced, renamed to
 * `<id>`, and only then is the `INDEX_DIR` symlink replaced by a rename (atomic on POSIX). A
 * process killed at any point leaves the previous symlink, hence the previous index, intact.
 * The manifest carries a sha256 of every file so a damaged folder is detected at load.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Chunk, Document, DocumentReference } from './records.ts';
import { LexicalIndex } from './lexical/index.ts';
import { readVectorIndex, type VectorIndex } from './vector.ts';

export const SCHEMA_VERSION = 1;

const FILES = {
  documents: 'documents.json',
  chunks: 'chunks.json',
  references: 'references.json',
  lexical: 'lexical.json',
  vectors: 'vectors.hnsw',
} as const;

const manifestSchema = z.object({
  schemaVersion: z.number().int(),
  builtAt: z.string(),
  corpusHash: z.string(),
  counts: z.object({
    documents: z.number().int(),
    chunks: z.number().int(),
    references: z.number().int(),
    mentions: z.number().int(),
  }),
  /** Files of the corpus that could not be read, with the reason. */
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  chunking: z.object({ maxTokens: z.number().int(), tokenizer: z.string(), exactTokens: z.boolean() }),
  dense: z.object({
    enabled: z.boolean(),
    /** Model id, or "none" when dense search is off. */
    model: z.string(),
    dimension: z.number().int().nullable(),
    /** Why dense search is off (null when on). */
    reason: z.string().nullable(),
  }),
  files: z.record(z.string(), z.object({ bytes: z.number().int(), sha256: z.string() })),
});

export type IndexManifest = z.infer<typeof manifestSchema>;

/** Everything a build writes. */
export interface IndexContents {
  readonly manifest: Omit<IndexManifest, 'files' | 'schemaVersion'>;
  readonly documents: readonly Document[];
  /** Global chunk array: lexical and vector indexes label chunks by their position here. */
  readonly chunks: readonly Chunk[];
  readonly references: readonly DocumentReference[];
  readonly lexical: LexicalIndex;
  readonly vectors: VectorIndex | null;
}

export interface LoadedIndex extends Omit<IndexContents, 'manifest'> {
  readonly manifest: IndexManifest;
  /** The build folder the symlink pointed at when loaded. */
  readonly buildDir: string;
}

export class IndexLoadError extends Error {
  constructor(
    readonly indexDir: string,
    readonly reason: string,
  ) {
    super(`Cannot load the index at ${indexDir}: ${reason}`);
    this.name = 'IndexLoadError';
  }
}

function buildsDirOf(indexDir: string): string {
  return `${path.resolve(indexDir)}.builds`;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function writeFileSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The manifest of the live index when the index is intact (every file it lists present with its
 * size and checksum), or null: a damaged index must be rebuilt even when the corpus is unchanged.
 */
export async function readLiveManifest(indexDir: string): Promise<IndexManifest | null> {
  try {
    const raw = await fs.readFile(path.join(indexDir, 'manifest.json'), 'utf8');
    const parsed = manifestSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    for (const name of Object.keys(parsed.data.files)) await readChecked(indexDir, parsed.data, name);
    return parsed.data;
  } catch {
    return null;
  }
}

/** Writes a new build and makes it live atomically. Returns the build folder. */
export async function writeIndex(indexDir: string, contents: IndexContents): Promise<string> {
  const liveLink = path.resolve(indexDir);
  const buildsDir = buildsDirOf(indexDir);
  await fs.mkdir(buildsDir, { recursive: true });
  const buildId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const tmpDir = path.join(buildsDir, `${buildId}.tmp`);
  const finalDir = path.join(buildsDir, buildId);
  await fs.mkdir(tmpDir, { recursive: true });

  const files: IndexManifest['files'] = {};
  const put = async (name: string, data: string | Uint8Array): Promise<void> => {
    await writeFileSynced(path.join(tmpDir, name), data);
    files[name] = { bytes: Buffer.byteLength(data), sha256: sha256(data) };
  };
  await put(FILES.documents, JSON.stringify(contents.documents));
  await put(FILES.chunks, JSON.stringify(contents.chunks));
  await put(FILES.references, JSON.stringify(contents.references));
  await put(FILES.lexical, JSON.stringify(contents.lexical.toJSON()));
  if (contents.vectors) {
    const vectorFile = path.join(tmpDir, FILES.vectors);
    await contents.vectors.writeTo(vectorFile);
    const bytes = await fs.readFile(vectorFile);
    files[FILES.vectors] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
  }
  const manifest: IndexManifest = { schemaVersion: SCHEMA_VERSION, ...contents.manifest, files };
  // The manifest is written last: a folder without one is never a complete build.
  await writeFileSynced(path.join(tmpDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await fsyncDir(tmpDir);
  await fs.rename(tmpDir, finalDir);
  await fsyncDir(buildsDir);

  await swapLiveLink(liveLink, finalDir);
  await removeStaleBuilds(buildsDir, finalDir);
  await removeStaleLinks(liveLink);
  return finalDir;
}

/** Points the live symlink at `target` with one rename, migrating a plain folder if one is there. */
async function swapLiveLink(liveLink: string, target: string): Promise<void> {
  const parent = path.dirname(liveLink);
  await fs.mkdir(parent, { recursive: true });
  const existing = await fs.lstat(liveLink).catch(() => null);
  if (existing && !existing.isSymbolicLink()) {
    // A plain folder (older layout or made by hand): keep it as a build so nothing is lost.
    await fs.rename(liveLink, path.join(path.dirname(target), `migrated-${Date.now()}`));
  }
  const tmpLink = `${liveLink}.${process.pid}.link`;
  await fs.rm(tmpLink, { force: true });
  await fs.symlink(path.relative(parent, target), tmpLink, 'dir');
  await fs.rename(tmpLink, liveLink);
  await fsyncDir(parent);
}

/** Removes finished builds other than the live one, and unfinished ones whose writer is gone. */
async function removeStaleBuilds(buildsDir: string, liveDir: string): Promise<void> {
  for (const name of await fs.readdir(buildsDir)) {
    const full = path.join(buildsDir, name);
    if (full === liveDir) continue;
    if (name.endsWith('.tmp')) {
      const pid = Number(/-(\d+)\.tmp$/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    }
    await fs.rm(full, { recursive: true, force: true });
  }
}

/** Removes temporary `<INDEX_DIR>.<pid>.link` symlinks left by writers killed mid-swap. */
async function removeStaleLinks(liveLink: string): Promise<void> {
  const parent = path.dirname(liveLink);
  const prefix = `${path.basename(liveLink)}.`;
  for (const name of await fs.readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)\.link$/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || (pid !== process.pid && isAlive(pid))) continue;
    await fs.rm(path.join(parent, name), { force: true });
  }
}

async function readChecked(dir: string, manifest: IndexManifest, name: string): Promise<Buffer> {
  const expected = manifest.files[name];
  if (!expected) throw new Error(`the manifest does not list ${name}`);
  const data = await fs.readFile(path.join(dir, name)).catch(() => {
    throw new Error(`${name} is missing`);
  });
  if (data.byteLength !== expected.bytes || sha256(data) !== expected.sha256) {
    throw new Error(`${name} is damaged (size or checksum differs from the manifest)`);
  }
  return data;
}

export interface LoadIndexOptions {
  /**
   * The embedding model loaded now. When the index holds vectors of another model or dimension,
   * loading fails: query vectors would be compared with passage vectors of another space.
   */
  readonly model?: { readonly id: string; readonly dimension: number } | null;
}

/** Loads and verifies the live index. Throws IndexLoadError with a reason a person can act on. */
export async function loadIndex(indexDir: string, options: LoadIndexOptions = {}): Promise<LoadedIndex> {
  const fail = (reason: string): never => {
    throw new IndexLoadError(indexDir, reason);
  };
  const buildDir = await fs.realpath(indexDir).catch(async () => {
    const link = await fs.readlink(indexDir).catch(() => null);
    return fail(
      link === null
        ? 'no index there; build one with `npm run ingest`'
        : `it links to ${link}, which does not exist (build folder deleted?); rebuild with \`npm run ingest -- --force\``,
    );
  });
  const rawManifest = await fs
    .readFile(path.join(buildDir, 'manifest.json'), 'utf8')
    .catch(() => fail('manifest.json is missing (incomplete or damaged index); rebuild with `npm run ingest -- --force`'));
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(rawManifest);
  } catch {
    fail('manifest.json is not valid JSON; rebuild with `npm run ingest -- --force`');
  }
  const parsed = manifestSchema.safeParse(manifestJson);
  if (!parsed.success) return fail('manifest.json has an unexpected shape; rebuild with `npm run ingest -- --force`');
  const manifest = parsed.data;
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
    fail(`index schema ${manifest.schemaVersion}, this program reads ${SCHEMA_VERSION}; rebuild with \`npm run ingest -- --force\``);
  }
  const { model } = options;
  if (model && manifest.dense.enabled) {
    if (manifest.dense.model !== model.id || manifest.dense.dimension !== model.dimension) {
      fail(
        `it was built with the embedding model ${manifest.dense.model} (dimension ${manifest.dense.dimension}), ` +
          `but the configured model is ${model.id} (dimension ${model.dimension}); rebuild with \`npm run ingest -- --force\``,
      );
    }
  }
  try {
    const json = async <T>(name: string): Promise<T> =>
      JSON.parse((await readChecked(buildDir, manifest, name)).toString('utf8')) as T;
    const documents = await json<Document[]>(FILES.documents);
    const chunks = await json<Chunk[]>(FILES.chunks);
    const references = await json<DocumentReference[]>(FILES.references);
    const lexical = LexicalIndex.fromJSON(await json<ReturnType<LexicalIndex['toJSON']>>(FILES.lexical));
    if (documents.length !== manifest.counts.documents || chunks.length !== manifest.counts.chunks) {
      throw new Error('document or chunk counts differ from the manifest');
    }
    let vectors: VectorIndex | null = null;
    if (manifest.dense.enabled && manifest.dense.dimension) {
      await readChecked(buildDir, manifest, FILES.vectors);
      vectors = await readVectorIndex(path.join(buildDir, FILES.vectors), manifest.dense.dimension, chunks.length);
    }
    return { manifest, documents, chunks, references, lexical, vectors, buildDir };
  } catch (error) {
    if (error instanceof IndexLoadError) throw error;
    return fail(`${(error as Error).message}; rebuild with \`npm run ingest -- --force\``);
  }
}
