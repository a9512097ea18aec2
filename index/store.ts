/**
 * The persisted index: one folder per build, and `INDEX_DIR` a symlink to the live build.
 *
 *   manifest.json       counts, settings, the analysis fingerprint, the segment list, checksums
 *   segments/<n>.seg    immutable segments (index/segment/), hard-linked from build to build when unchanged
 *   references.bin      the reference records and their mentions
 *   vectors.hnsw        the dense index, when a model built one
 *
 * Writes are atomic: a build is written into `<INDEX_DIR>.builds/<id>.tmp`, fsynced, renamed to
 * `<id>`, and only then is the `INDEX_DIR` symlink replaced by a rename (atomic on POSIX). A
 * process killed at any point leaves the previous symlink, hence the previous index, intact; a
 * segment shared with the previous build is a hard link to a file nobody writes again.
 * The manifest carries a sha256 of every file, so a damaged folder is detected at load.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { changedComponents, CODE_COMPONENTS, type AnalysisFingerprint } from './fingerprint.ts';
import { LexicalReader } from './lexical/reader.ts';
import type { Document, DocumentReference } from './records.ts';
import { SegmentFile, SegmentFileWriter } from './segment/file.ts';
import { Segment } from './segment/segment.ts';
import { ChunkTable, openDocuments, openReferences } from './tables.ts';
import { readVectorIndex, type VectorIndex } from './vector.ts';

export const SCHEMA_VERSION = 2;
export const SEGMENTS_DIR = 'segments';
const FILES = { references: 'references.bin', vectors: 'vectors.hnsw' } as const;

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
  /** What analysed the text (index/fingerprint.ts). */
  analysis: z.object({ fingerprint: z.string(), components: z.record(z.string(), z.string()) }),
  /** The segments in index order (chunk ordinals run through them in this order). */
  segments: z.array(z.object({ name: z.string(), documents: z.number().int(), chunks: z.number().int() })),
  files: z.record(z.string(), z.object({ bytes: z.number().int(), sha256: z.string() })),
});

export type IndexManifest = z.infer<typeof manifestSchema>;

export interface LoadedIndex {
  readonly manifest: IndexManifest;
  /** The build folder the symlink pointed at when loaded. */
  readonly buildDir: string;
  readonly documents: readonly Document[];
  readonly chunks: ChunkTable;
  readonly references: readonly DocumentReference[];
  readonly lexical: LexicalReader;
  readonly vectors: VectorIndex | null;
  /** Closes the segment files (after the last search on this index). */
  readonly close: () => void;
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

export function buildsDirOf(indexDir: string): string {
  return `${path.resolve(indexDir)}.builds`;
}

/** sha256 of a file, read in pieces into one buffer (a segment may be larger than we want to hold). */
export function sha256File(file: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(8 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.byteLength, bytes);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
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

function verify(dir: string, manifest: IndexManifest, name: string): void {
  const expected = manifest.files[name];
  if (!expected) throw new Error(`the manifest does not list ${name}`);
  let actual: { bytes: number; sha256: string };
  try {
    actual = sha256File(path.join(dir, name));
  } catch {
    throw new Error(`${name} is missing`);
  }
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
    throw new Error(`${name} is damaged (size or checksum differs from the manifest)`);
  }
}

/**
 * The manifest of the live index and its folder when the index is intact (every file it lists
 * present with its size and checksum), or null: a damaged index must be rebuilt.
 */
export async function readLiveManifest(indexDir: string): Promise<{ manifest: IndexManifest; buildDir: string } | null> {
  try {
    const buildDir = await fs.realpath(indexDir);
    const parsed = manifestSchema.safeParse(JSON.parse(await fs.readFile(path.join(buildDir, 'manifest.json'), 'utf8')));
    if (!parsed.success || parsed.data.schemaVersion !== SCHEMA_VERSION) return null;
    for (const name of Object.keys(parsed.data.files)) verify(buildDir, parsed.data, name);
    return { manifest: parsed.data, buildDir };
  } catch {
    return null;
  }
}

/** A build being written: segments go into `segmentPath(name)` (or are linked from another build). */
export interface Build {
  readonly dir: string;
  segmentPath(name: string): string;
  /** Hard-links a segment of another build (it is immutable); falls back to a copy. */
  linkSegment(fromBuild: string, name: string): Promise<void>;
  /** Writes the rest, makes the build live, and returns its folder. */
  commit(contents: BuildContents): Promise<string>;
}

export interface BuildContents {
  readonly manifest: Omit<IndexManifest, 'files' | 'schemaVersion'>;
  /** Checksums already known (segments linked from the previous build), by file name. */
  readonly knownFiles?: IndexManifest['files'];
  readonly references: readonly DocumentReference[];
  /** Document id → index of the document in index order (segment order, then within each). */
  readonly documentIndex: ReadonlyMap<string, number>;
  readonly vectors: VectorIndex | null;
}

export async function beginBuild(indexDir: string): Promise<Build> {
  const liveLink = path.resolve(indexDir);
  const buildsDir = buildsDirOf(indexDir);
  await fs.mkdir(buildsDir, { recursive: true });
  const buildId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const tmpDir = path.join(buildsDir, `${buildId}.tmp`);
  const finalDir = path.join(buildsDir, buildId);
  await fs.mkdir(path.join(tmpDir, SEGMENTS_DIR), { recursive: true });
  const segmentPath = (name: string): string => path.join(tmpDir, SEGMENTS_DIR, name);
  return {
    dir: tmpDir,
    segmentPath,
    async linkSegment(fromBuild, name) {
      const from = path.join(fromBuild, SEGMENTS_DIR, name);
      await fs.link(from, segmentPath(name)).catch(() => fs.copyFile(from, segmentPath(name)));
    },
    async commit(contents) {
      // Segments merged away (or linked and then merged) are not part of the build.
      const listed = new Set(contents.manifest.segments.map((s) => s.name));
      for (const name of await fs.readdir(path.join(tmpDir, SEGMENTS_DIR))) {
        if (!listed.has(name)) await fs.rm(segmentPath(name), { force: true });
      }
      const files: IndexManifest['files'] = {};
      for (const { name } of contents.manifest.segments) {
        const rel = `${SEGMENTS_DIR}/${name}`;
        files[rel] = contents.knownFiles?.[rel] ?? sha256File(segmentPath(name));
      }
      writeReferences(path.join(tmpDir, FILES.references), contents.references, contents.documentIndex);
      files[FILES.references] = sha256File(path.join(tmpDir, FILES.references));
      if (contents.vectors) {
        await contents.vectors.writeTo(path.join(tmpDir, FILES.vectors));
        files[FILES.vectors] = sha256File(path.join(tmpDir, FILES.vectors));
      }
      await fsyncDir(path.join(tmpDir, SEGMENTS_DIR));
      const manifest: IndexManifest = { schemaVersion: SCHEMA_VERSION, ...contents.manifest, files };
      // The manifest is written last: a folder without one is never a complete build.
      const handle = await fs.open(path.join(tmpDir, 'manifest.json'), 'w');
      try {
        await handle.writeFile(JSON.stringify(manifest, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsyncDir(tmpDir);
      await fs.rename(tmpDir, finalDir);
      await fsyncDir(buildsDir);
      await swapLiveLink(liveLink, finalDir);
      await removeStaleBuilds(buildsDir, finalDir);
      await removeStaleLinks(liveLink);
      return finalDir;
    },
  };
}

function writeReferences(file: string, references: readonly DocumentReference[], documentIndex: ReadonlyMap<string, number>): void {
  const out = new SegmentFileWriter();
  out.json('cards', references.map(({ mentions: _mentions, ...card }) => card));
  const total = references.reduce((n, ref) => n + ref.mentions.length, 0);
  const starts = new Uint32Array(references.length + 1);
  const docs = new Uint32Array(total);
  const begins = new Uint32Array(total);
  const ends = new Uint32Array(total);
  let m = 0;
  references.forEach((ref, r) => {
    starts[r] = m;
    for (const mention of ref.mentions) {
      docs[m] = documentIndex.get(mention.docId) ?? 0;
      begins[m] = mention.start;
      ends[m] = mention.end;
      m++;
    }
  });
  starts[references.length] = m;
  out.section('m.ref', starts);
  out.section('m.doc', docs);
  out.section('m.start', begins);
  out.section('m.end', ends);
  out.write(file);
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

/**
 * Removes finished builds other than the live one (a server still reading an older one keeps its
 * open files: unlinked files stay readable until closed), and unfinished ones whose writer is gone.
 */
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

export interface LoadIndexOptions {
  /**
   * The embedding model loaded now. When the index holds vectors of another model or dimension,
   * loading fails: query vectors would be compared with passage vectors of another space.
   */
  readonly model?: { readonly id: string; readonly dimension: number } | null;
  /** The analysis of this program: an index built by another one (tokenizer, normalizer…) is refused. */
  readonly analysis?: AnalysisFingerprint;
}

const REBUILD = 'rebuild with `npm run ingest -- --force`';

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
        : `it links to ${link}, which does not exist (build folder deleted?); ${REBUILD}`,
    );
  });
  const rawManifest = await fs
    .readFile(path.join(buildDir, 'manifest.json'), 'utf8')
    .catch(() => fail(`manifest.json is missing (incomplete or damaged index); ${REBUILD}`));
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(rawManifest);
  } catch {
    fail(`manifest.json is not valid JSON; ${REBUILD}`);
  }
  const version = (manifestJson as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    fail(`index schema ${String(version)}, this program reads ${SCHEMA_VERSION}; ${REBUILD}`);
  }
  const parsed = manifestSchema.safeParse(manifestJson);
  if (!parsed.success) return fail(`manifest.json has an unexpected shape; ${REBUILD}`);
  const manifest = parsed.data;
  if (options.analysis) {
    const changed = changedComponents(manifest.analysis.components, options.analysis.components, CODE_COMPONENTS);
    if (changed.length > 0) {
      fail(`it was built by another analysis (${changed.join(', ')} changed since); ${REBUILD}`);
    }
  }
  const { model } = options;
  if (model && manifest.dense.enabled) {
    if (manifest.dense.model !== model.id || manifest.dense.dimension !== model.dimension) {
      fail(
        `it was built with the embedding model ${manifest.dense.model} (dimension ${manifest.dense.dimension}), ` +
          `but the configured model is ${model.id} (dimension ${model.dimension}); ${REBUILD}`,
      );
    }
  }
  const segments: Segment[] = [];
  try {
    for (const name of Object.keys(manifest.files)) verify(buildDir, manifest, name);
    for (const { name, chunks, documents } of manifest.segments) {
      const segment = new Segment(path.join(buildDir, SEGMENTS_DIR, name));
      segments.push(segment);
      if (segment.chunkCount !== chunks || segment.documents.length !== documents) {
        throw new Error(`segment ${name} holds other counts than the manifest says`);
      }
    }
    const { documents } = openDocuments(segments);
    const chunks = new ChunkTable(segments, documents);
    if (documents.length !== manifest.counts.documents || chunks.length !== manifest.counts.chunks) {
      throw new Error('document or chunk counts differ from the manifest');
    }
    const referenceFile = new SegmentFile(path.join(buildDir, FILES.references));
    const references = openReferences(referenceFile, documents);
    referenceFile.close();
    let vectors: VectorIndex | null = null;
    if (manifest.dense.enabled && manifest.dense.dimension) {
      vectors = await readVectorIndex(path.join(buildDir, FILES.vectors), manifest.dense.dimension, chunks.length);
    }
    const lexical = new LexicalReader(segments);
    const close = (): void => {
      for (const segment of segments) segment.close();
    };
    return { manifest, buildDir, documents, chunks, references, lexical, vectors, close };
  } catch (error) {
    for (const segment of segments) segment.close();
    if (error instanceof IndexLoadError) throw error;
    return fail(`${(error as Error).message}; ${REBUILD}`);
  }
}
