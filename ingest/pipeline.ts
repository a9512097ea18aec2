/**
 * The ingest stage end to end: SourceFile → Document → Section → Chunk → Index.
 * File and model I/O happen here and in the store; every transformation in between is a pure
 * function of its own module.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { cleanDocumentText } from './clean.ts';
import { chunkDocument } from './chunk.ts';
import { deriveMeta, listCorpus, MANIFEST_FILE, readManifest, type Manifest } from './corpus.ts';
import { identifyDocument } from './identity.ts';
import { EmbeddingCache, embedWithCache } from '../embed/cache.ts';
import { embeddingInput, type EmbedderLoad } from '../embed/embedder.ts';
import { LEXICAL_FIELDS, LexicalIndex } from '../index/lexical/index.ts';
import { readLiveManifest, SCHEMA_VERSION, writeIndex, type IndexManifest } from '../index/store.ts';
import { buildVectorIndex, type VectorIndex } from '../index/vector.ts';
import { DEFAULT_LOAD_LIMITS, loadSourceFile, LoadError, type LoadOptions } from './load/index.ts';
import { pageSpans } from './pages.ts';
import { ocrAvailability, type OcrOptions } from './load/ocr.ts';
import { collectReferences, referenceKeysInSpan } from './references.ts';
import { detectSections } from '../text/structure.ts';
import type { TokenCounter } from '../embed/tokens.ts';
import type { Chunk, Document } from '../index/records.ts';
import type { SourceFile } from './types.ts';


/** e5 reads at most 512 tokens; the chunk text is budgeted by CHUNK_MAX_TOKENS, the heading here. */
const EMBED_MAX_TOKENS = 510;
const PASSAGE_PREFIX_TOKENS = 4;

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
  /** OCR of scanned pages (default: on when Tesseract and pdftoppm are installed); false turns it off. */
  readonly ocr?: OcrOptions | false;
  readonly onProgress?: (event: IngestProgress) => void;
}

export type IngestProgress =
  | { readonly stage: 'read'; readonly done: number; readonly total: number; readonly file: string }
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

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function tokenStats(values: readonly number[]): TokenStats {
  if (values.length === 0) return { min: 0, median: 0, p90: 0, max: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { min: at(0), median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? 0, mean: Math.round(mean) };
}

/** sha256 of a file, streamed: a corpus may hold files far bigger than the heap. */
async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    // Unreadable now: the load step reports why; the code keeps the fingerprint stable meanwhile.
    return `unreadable ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  return hash.digest('hex');
}

/**
 * What the index depends on: every file's bytes, the manifest, and the settings that change
 * chunks, vectors or which files are refused. Equal hashes mean re-ingesting would build the same index.
 */
async function corpusFingerprint(
  files: readonly SourceFile[],
  refused: readonly SkippedFile[],
  manifestText: string,
  options: IngestOptions,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`schema ${SCHEMA_VERSION}\nmax ${options.chunkMaxTokens}\ntok ${options.tokens.source}\n`);
  hash.update(`model ${options.embedder.ok ? options.embedder.embedder.modelId : 'none'}\n`);
  hash.update(`limits ${JSON.stringify({ ...DEFAULT_LOAD_LIMITS, ...options.loadLimits })}\n`);
  // Installing Tesseract (or turning OCR off) changes what scanned files give.
  const ocr = options.ocr === false ? 'off' : (await ocrAvailability(options.ocr?.lang)).ok ? `on ${JSON.stringify(options.ocr ?? {})}` : 'missing';
  hash.update(`ocr ${ocr}\n`);
  hash.update(manifestText);
  for (const file of files) hash.update(`${file.relPath}\0${await fileHash(file.path)}\n`);
  for (const entry of refused) hash.update(`refused ${entry.file}\n`);
  return hash.digest('hex');
}

interface ReadResult {
  readonly documents: Document[];
  readonly skipped: SkippedFile[];
}

async function readDocuments(files: readonly SourceFile[], manifest: Manifest, options: IngestOptions): Promise<ReadResult> {
  const documents: Document[] = [];
  const skipped: SkippedFile[] = [];
  for (const [i, file] of files.entries()) {
    options.onProgress?.({ stage: 'read', done: i, total: files.length, file: file.relPath });
    try {
      const loaded = await loadSourceFile(file, {
        ...options.loadLimits,
        ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
        onPage: (page, pages) => options.onProgress?.({ stage: 'ocr', done: page, total: pages, file: file.relPath }),
      });
      const { text, hints, pageStarts } = cleanDocumentText(loaded.text);
      if (text.trim().length === 0) {
        skipped.push({ file: file.relPath, reason: 'no text (only whitespace, invisible or control characters)' });
        continue;
      }
      const identity = identifyDocument(text);
      const meta = deriveMeta({
        docId: file.docId,
        text,
        hints,
        loadedTitle: loaded.title,
        manifest: manifest.documents[file.docId],
        identity,
      });
      const pages = pageSpans(pageStarts, text.length, loaded.pageReadings);
      documents.push({
        ...meta,
        id: file.docId,
        relPath: file.relPath,
        format: file.format,
        text,
        hash: sha256(text),
        identity,
        ...(pages.length > 0 ? { pages } : {}),
      });
    } catch (error) {
      const reason = error instanceof LoadError ? error.reason : (error as Error).message;
      skipped.push({ file: file.relPath, reason });
    }
  }
  options.onProgress?.({ stage: 'read', done: files.length, total: files.length, file: '' });
  return { documents, skipped };
}

function chunkAll(documents: readonly Document[], options: IngestOptions): Chunk[] {
  const countTokens = (text: string): number => options.tokens.count(text);
  return documents.flatMap((doc) =>
    chunkDocument(doc, detectSections(doc.id, doc.text), { maxTokens: options.chunkMaxTokens, countTokens }),
  );
}

/** The text a chunk is embedded as: title and section path for context, trimmed to the model's window. */
function passageInput(doc: Document | undefined, chunk: Chunk, tokens: TokenCounter): string {
  let context = [doc?.title ?? '', ...chunk.sectionPath].filter((part) => part.length > 0);
  const budget = EMBED_MAX_TOKENS - PASSAGE_PREFIX_TOKENS - chunk.tokens;
  while (context.length > 0 && tokens.count(context.join(' › ')) > budget) context = context.slice(1);
  return embeddingInput(context, chunk.text);
}

async function embedChunks(
  documents: readonly Document[],
  chunks: readonly Chunk[],
  options: IngestOptions,
): Promise<{ vectors: VectorIndex | null; dense: IndexManifest['dense']; embedded: number; cached: number }> {
  if (!options.embedder.ok) {
    return {
      vectors: null,
      dense: { enabled: false, model: 'none', dimension: null, reason: options.embedder.reason },
      embedded: 0,
      cached: 0,
    };
  }
  const { embedder } = options.embedder;
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const inputs = chunks.map((chunk) => passageInput(byId.get(chunk.docId), chunk, options.tokens));
  const cache = await EmbeddingCache.open(options.cacheDir, embedder.modelId);
  const result = await embedWithCache(embedder, cache, inputs, (done) =>
    options.onProgress?.({ stage: 'embed', done, total: inputs.length }),
  );
  await cache.save();
  return {
    vectors: buildVectorIndex(result.vectors, embedder.dimension),
    dense: { enabled: true, model: embedder.modelId, dimension: embedder.dimension, reason: null },
    embedded: result.embedded,
    cached: result.cached,
  };
}

/** Builds the index of a corpus folder and makes it live; does nothing when it is up to date. */
export async function ingestCorpus(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  // An invalid manifest stops the run before anything is built: indexing without it would
  // silently drop the titles, dates and issuers it sets, and replace a good index with that.
  const manifest = await readManifest(options.corpusDir);
  const { files, refused } = await listCorpus(options.corpusDir);
  const manifestText = await fs.readFile(path.join(options.corpusDir, MANIFEST_FILE), 'utf8').catch(() => '');
  const fingerprint = await corpusFingerprint(files, refused, manifestText, options);

  const live = await readLiveManifest(options.indexDir);
  if (!options.force && live && live.corpusHash === fingerprint) {
    return {
      built: false,
      documents: live.counts.documents,
      chunks: live.counts.chunks,
      references: live.counts.references,
      mentions: live.counts.mentions,
      skipped: live.skipped,
      dense: live.dense,
      embedded: 0,
      cached: 0,
      chunkTokens: tokenStats([]),
      tookMs: performance.now() - started,
      buildDir: null,
    };
  }

  const read = await readDocuments(files, manifest, options);
  const documents = read.documents;
  const skipped = [...refused, ...read.skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const references = collectReferences(documents);
  const mentions = references.flatMap((ref) => ref.mentions);
  const chunks = chunkAll(documents, options).map((chunk) => ({
    ...chunk,
    references: referenceKeysInSpan(mentions, chunk.docId, chunk.start, chunk.end),
  }));
  const titles = new Map(documents.map((doc) => [doc.id, doc.title]));
  const lexical = LexicalIndex.build(
    chunks.map((chunk) => ({
      fields: { text: chunk.text, heading: [titles.get(chunk.docId) ?? '', ...chunk.sectionPath].join('\n') },
    })),
    { fields: LEXICAL_FIELDS },
  );
  const dense = await embedChunks(documents, chunks, options);

  const buildDir = await writeIndex(options.indexDir, {
    manifest: {
      builtAt: new Date().toISOString(),
      corpusHash: fingerprint,
      counts: {
        documents: documents.length,
        chunks: chunks.length,
        references: references.length,
        mentions: mentions.length,
      },
      skipped,
      chunking: { maxTokens: options.chunkMaxTokens, tokenizer: options.tokens.source, exactTokens: options.tokens.exact },
      dense: dense.dense,
    },
    documents,
    chunks,
    references,
    lexical,
    vectors: dense.vectors,
  });

  return {
    built: true,
    documents: documents.length,
    chunks: chunks.length,
    references: references.length,
    mentions: mentions.length,
    skipped,
    dense: dense.dense,
    embedded: dense.embedded,
    cached: dense.cached,
    chunkTokens: tokenStats(chunks.map((chunk) => chunk.tokens)),
    tookMs: performance.now() - started,
    buildDir,
  };
}
