/**
 * The ingest stage end to end: SourceFile → Document → Section → Chunk → analysed terms →
 * segments → Index. A full build reads every file; an incremental one (the default when the
 * live index was built by the same analysis and settings) reads only new and changed files,
 * writes them as a new segment, rewrites only the segments that held changed or removed
 * documents, and hard-links every other segment. Either way the new build becomes live
 * atomically (index/store.ts), so a process killed at any point leaves a whole index.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listCorpus, MANIFEST_FILE, readManifest } from './corpus.ts';
import { fileHash, sha256, sourceHash } from './read.ts';
import { mergeReferences, type DocumentMentions } from './references.ts';
import { prepareFile } from './prepare.ts';
import { PARALLEL_MIN_BYTES, prepareInWorkers, workerCount } from './parallel.ts';
import { mergeSmallSegments, SegmentBatches, segmentName, type PlannedSegment } from './segments.ts';
import { denseOff, embedIndex } from './vectors.ts';
import type { EmbedderLoad } from '../embed/embedder.ts';
import type { TokenCounter } from '../embed/tokens.ts';
import { analysisFingerprint, changedComponents } from '../index/fingerprint.ts';
import { mergeSegments } from '../index/segment/merge.ts';
import { Segment } from '../index/segment/segment.ts';
import { beginBuild, readLiveManifest, SEGMENTS_DIR, type IndexManifest } from '../index/store.ts';
import { DEFAULT_LOAD_LIMITS, type LoadOptions } from './load/index.ts';
import { ocrAvailability, type OcrOptions } from './load/ocr.ts';
import type { DocumentIdentity } from '../index/records.ts';
import type { ParsedReference } from '../text/references/index.ts';

export interface IngestOptions {
  readonly corpusDir: string;
  readonly indexDir: string;
  readonly cacheDir: string;
  readonly force: boolean;
  readonly chunkMaxTokens: number;
  readonly tokens: TokenCounter;
  readonly embedder: EmbedderLoad;
  /** Size limits per file (defaults: DEFAULT_LOAD_LIMITS); a file over one is skipped with the reason. */
  readonly loadLimits?: LoadOptions;
  /** Chunks per segment of a full build (default SEGMENT_CHUNKS; tests use small ones). */
  readonly segmentChunks?: number;
  /**
   * Where the tokenizer behind `tokens` is, so worker threads can load their own; without it
   * (or with `workers` 1) every file is read on this thread.
   */
  readonly tokenizer?: { readonly modelId: string; readonly modelDir: string };
  /** Worker threads for reading and analysing files (0: one per core, at most 4). */
  readonly workers?: number;
  /** OCR of scanned pages (default: on when Tesseract and pdftoppm are installed); false turns it off. */
  readonly ocr?: Omit<OcrOptions, 'onPage'> | false;
  readonly onProgress?: (event: IngestProgress) => void;
}

export type IngestProgress =
  | { readonly stage: 'read'; readonly done: number; readonly total: number; readonly file: string; readonly chunks: number }
  /** Pages of one scanned file read by OCR so far. */
  | { readonly stage: 'ocr'; readonly done: number; readonly total: number; readonly file: string }
  | { readonly stage: 'embed'; readonly done: number; readonly total: number };

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface IngestReport {
  /** False when the live index was already built from this corpus with these settings. */
  readonly built: boolean;
  /** How it was built: every file read, or only what changed; why a full build. */
  readonly mode: 'full' | 'incremental' | 'none';
  readonly reason: string;
  readonly changes: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly segments: { readonly total: number; readonly written: number; readonly linked: number; readonly merged: number };
  readonly documents: number;
  readonly chunks: number;
  readonly references: number;
  readonly mentions: number;
  readonly skipped: readonly SkippedFile[];
  readonly dense: IndexManifest['dense'];
  readonly embedded: number;
  readonly cached: number;
  readonly chunkTokens: TokenStats;
  readonly tookMs: number;
  readonly buildDir: string | null;
}

export interface TokenStats {
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly mean: number;
}

function tokenStats(values: readonly number[]): TokenStats {
  if (values.length === 0) return { min: 0, median: 0, p90: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { min: at(0), median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? 0, mean: Math.round(mean) };
}

/** Builds the index of a corpus folder and makes it live; does nothing when it is up to date. */
export async function ingestCorpus(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  // An invalid manifest stops the run before anything is built: indexing without it would
  // silently drop the titles, dates and issuers it sets, and replace a good index with that.
  const manifest = await readManifest(options.corpusDir);
  const { files, refused } = await listCorpus(options.corpusDir);
  const manifestText = await fs.readFile(path.join(options.corpusDir, MANIFEST_FILE), 'utf8').catch(() => '');
  const hashes = new Map<string, string>();
  for (const file of files) hashes.set(file.docId, await fileHash(file.path));
  const limits = { ...DEFAULT_LOAD_LIMITS, ...options.loadLimits };
  // Installing Tesseract (or turning OCR off, or changing its settings) changes what scans give.
  const ocr =
    options.ocr === false ? 'off' : (await ocrAvailability(options.ocr?.lang)).ok ? `on ${JSON.stringify(options.ocr ?? {})}` : 'missing';
  const analysis = analysisFingerprint({
    chunking: `max ${options.chunkMaxTokens} · ${options.tokens.source} · exact ${options.tokens.exact}`,
    limits: JSON.stringify(limits),
    model: options.embedder.ok ? options.embedder.embedder.modelId : 'none',
    ocr,
  });
  // What the index depends on: the analysis, every file's bytes, the manifest, the refused entries.
  const corpusHash = sha256(
    [
      `analysis ${analysis.fingerprint}`,
      manifestText,
      ...files.map((file) => `${file.relPath}\0${hashes.get(file.docId) ?? ''}`),
      ...refused.map((entry) => `refused ${entry.file}`),
    ].join('\n'),
  );

  const live = await readLiveManifest(options.indexDir);
  if (!options.force && live && live.manifest.corpusHash === corpusHash) {
    const m = live.manifest;
    return {
      built: false,
      mode: 'none',
      reason: 'up to date',
      changes: { added: 0, changed: 0, removed: 0 },
      segments: { total: m.segments.length, written: 0, linked: m.segments.length, merged: 0 },
      ...m.counts,
      skipped: m.skipped,
      dense: m.dense,
      embedded: 0,
      cached: 0,
      chunkTokens: tokenStats([]),
      tookMs: performance.now() - started,
      buildDir: null,
    };
  }
  const changed = live ? changedComponents(live.manifest.analysis.components, analysis.components) : [];
  const reason = options.force
    ? 'forced (--force)'
    : live === null
      ? 'no usable index'
      : changed.length > 0
        ? `the analysis changed (${changed.join(', ')})`
        : 'files changed';
  const incremental = !options.force && live !== null && changed.length === 0;

  const build = await beginBuild(options.indexDir);
  const batches = new SegmentBatches(build, options.segmentChunks);
  const skipped: SkippedFile[] = [...refused];
  const tokens: number[] = [];
  const storedHashes = new Map<string, { segment: number; local: number; sourceHash: string }>();
  const liveSegments: Segment[] = [];
  if (incremental && live) {
    live.manifest.segments.forEach(({ name }, s) => {
      const segment = new Segment(path.join(live.buildDir, SEGMENTS_DIR, name));
      liveSegments.push(segment);
      segment.documents.forEach((stored, local) => storedHashes.set(stored.id, { segment: s, local, sourceHash: stored.sourceHash }));
    });
  }
  try {
    // Which files to read: all of them, or the new and changed ones.
    const current = new Set(files.map((file) => file.docId));
    const toRead = files.filter((file) => {
      const stored = storedHashes.get(file.docId);
      return stored === undefined || stored.sourceHash !== sourceHash(hashes.get(file.docId) ?? '', manifest, file.docId);
    });
    const reading = new Set(toRead.map((file) => file.docId));
    const drops = liveSegments.map(() => new Set<number>());
    let added = 0;
    let changedDocuments = 0;
    let removed = 0;
    for (const [docId, stored] of storedHashes) {
      if (!current.has(docId)) removed++;
      else if (reading.has(docId)) changedDocuments++;
      else continue;
      drops[stored.segment]!.add(stored.local);
    }
    added = toRead.length - changedDocuments;

    let chunkCount = 0;
    let filesDone = 0;
    const newSegments: PlannedSegment[] = [];
    const progress = (file: string, chunks: number): void => {
      chunkCount += chunks;
      options.onProgress?.({ stage: 'read', done: ++filesDone, total: toRead.length, file, chunks: chunkCount });
    };
    const jobs = toRead.map((file) => ({ file, sourceHash: sourceHash(hashes.get(file.docId) ?? '', manifest, file.docId) }));
    const workers = workerCount(options.workers ?? 0);
    const bytes = toRead.reduce((n, file) => n + file.bytes, 0);
    options.onProgress?.({ stage: 'read', done: 0, total: toRead.length, file: '', chunks: 0 });
    if (options.tokenizer && workers > 1 && bytes >= PARALLEL_MIN_BYTES) {
      const result = await prepareInWorkers(jobs, build, {
        workers,
        setup: {
          tokenizer: options.tokenizer,
          chunkMaxTokens: options.chunkMaxTokens,
          manifest,
          ...(options.loadLimits ? { loadLimits: options.loadLimits } : {}),
          ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
        },
        onFile: progress,
        onPage: (file, done, total) => options.onProgress?.({ stage: 'ocr', done, total, file }),
      });
      newSegments.push(...result.segments);
      skipped.push(...result.skipped);
      for (const t of result.tokens) tokens.push(t);
    } else {
      for (const { file, sourceHash: hash } of jobs) {
        const prepared = await prepareFile(file, hash, {
          manifest,
          chunkMaxTokens: options.chunkMaxTokens,
          countTokens: (text: string): number => options.tokens.count(text),
          loadLimits: {
            ...options.loadLimits,
            ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
            onPage: (done, total) => options.onProgress?.({ stage: 'ocr', done, total, file: file.relPath }),
          },
        });
        if (prepared.ok) {
          batches.add(prepared.analysed);
          for (const t of prepared.tokens) tokens.push(t);
        } else {
          skipped.push({ file: file.relPath, reason: prepared.reason });
        }
        progress(file.relPath, prepared.ok ? prepared.tokens.length : 0);
      }
      newSegments.push(...batches.finish());
    }

    // The segment list: the previous ones (linked, or rewritten without their dropped documents), then the new.
    let planned: PlannedSegment[] = [];
    liveSegments.forEach((segment, s) => {
      const name = live!.manifest.segments[s]!.name;
      const drop = drops[s]!;
      if (drop.size === 0) {
        planned.push({ name, documents: segment.documents.length, chunks: segment.chunkCount, linked: true });
      } else if (drop.size < segment.documents.length) {
        const rewritten = segmentName();
        const result = mergeSegments([{ segment, drop }], build.segmentPath(rewritten));
        planned.push({ name: rewritten, documents: result.documents, chunks: result.chunks, linked: false });
      }
    });
    for (const p of planned) if (p.linked) await build.linkSegment(live!.buildDir, p.name);
    planned.push(...newSegments);
    const merge = mergeSmallSegments(build, planned);
    planned = merge.segments;

    // Documents in index order, their mentions merged into reference records.
    const finalSegments = planned.map((p) => new Segment(build.segmentPath(p.name)));
    try {
      const documentIndex = new Map<string, number>();
      const perDocument: DocumentMentions[] = [];
      for (const segment of finalSegments) {
        segment.documents.forEach((stored, local) => {
          documentIndex.set(stored.id, documentIndex.size);
          const identity = (stored.extra?.identity ?? null) as DocumentIdentity | null;
          perDocument.push({
            docId: stored.id,
            parsed: segment.mentions(local) as ParsedReference[],
            identity,
            text: () => segment.text(local),
          });
        });
      }
      const references = mergeReferences(perDocument);
      const mentions = references.reduce((n, ref) => n + ref.mentions.length, 0);
      const dense = options.embedder.ok ? await embedIndex(finalSegments, options) : denseOff(options.embedder.reason);
      const totals = { documents: documentIndex.size, chunks: finalSegments.reduce((n, s) => n + s.chunkCount, 0) };
      const knownFiles = Object.fromEntries(
        planned
          .filter((p) => p.linked)
          .map((p) => [`${SEGMENTS_DIR}/${p.name}`, live!.manifest.files[`${SEGMENTS_DIR}/${p.name}`]!]),
      );
      const buildDir = await build.commit({
        manifest: {
          builtAt: new Date().toISOString(),
          corpusHash,
          counts: { ...totals, references: references.length, mentions },
          skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
          chunking: { maxTokens: options.chunkMaxTokens, tokenizer: options.tokens.source, exactTokens: options.tokens.exact },
          dense: dense.dense,
          analysis,
          segments: planned.map(({ name, documents, chunks }) => ({ name, documents, chunks })),
        },
        knownFiles,
        references,
        documentIndex,
        vectors: dense.vectors,
      });
      return {
        built: true,
        mode: incremental ? 'incremental' : 'full',
        reason,
        changes: { added, changed: changedDocuments, removed },
        segments: {
          total: planned.length,
          written: planned.filter((p) => !p.linked).length,
          linked: planned.filter((p) => p.linked).length,
          merged: merge.merged,
        },
        ...totals,
        references: references.length,
        mentions,
        skipped,
        dense: dense.dense,
        embedded: dense.embedded,
        cached: dense.cached,
        chunkTokens: tokenStats(tokens),
        tookMs: performance.now() - started,
        buildDir,
      };
    } finally {
      for (const segment of finalSegments) segment.close();
    }
  } finally {
    for (const segment of liveSegments) segment.close();
  }
}
