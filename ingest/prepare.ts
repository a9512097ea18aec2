/**
 * One corpus file, from bytes to analysed terms: read and clean it, parse its references, chunk
 * it (each chunk with the keys of the references it mentions), analyse it. The same function
 * runs in the ingest process and in its worker threads.
 */
import { chunkDocument } from './chunk.ts';
import type { Manifest } from './corpus.ts';
import { analyseDocument, type AnalysedDocument } from './analyse.ts';
import { readDocument } from './read.ts';
import { referenceKeysBySpan } from './references.ts';
import type { ReadOptions } from './load/index.ts';
import type { SourceFile } from './types.ts';
import type { Chunk } from '../index/records.ts';
import { identityKey, parseReferences, type ParsedReference } from '../text/references/index.ts';
import { detectSections } from '../text/structure.ts';

export interface PrepareSettings {
  readonly manifest: Manifest;
  readonly chunkMaxTokens: number;
  readonly countTokens: (text: string) => number;
  /** Size limits, OCR settings and OCR progress of reading a file. */
  readonly loadLimits?: ReadOptions;
}

export type Prepared =
  | { readonly ok: true; readonly analysed: AnalysedDocument; readonly tokens: readonly number[] }
  | { readonly ok: false; readonly reason: string };

/** Chunks a document and attaches the keys of the references each chunk mentions (linear in the document). */
function chunksOf(document: { id: string; text: string }, parsed: readonly ParsedReference[], settings: PrepareSettings): Chunk[] {
  const chunks = chunkDocument(document, detectSections(document.id, document.text), {
    maxTokens: settings.chunkMaxTokens,
    countTokens: settings.countTokens,
  });
  // Keys as written here ("Kết luận 21" → ket-luan:21); the corpus-wide merge resolves them to
  // documents, and answering compares the two (a written key can be several documents).
  const mentions = parsed.map((p) => ({ key: identityKey(p), start: p.start, end: p.end }));
  const keys = referenceKeysBySpan(mentions, chunks);
  return chunks.map((chunk, i) => ({ ...chunk, references: keys[i] ?? [] }));
}

export async function prepareFile(file: SourceFile, sourceHash: string, settings: PrepareSettings): Promise<Prepared> {
  const outcome = await readDocument(file, settings.manifest, settings.loadLimits);
  if (!outcome.ok) return outcome;
  const { document } = outcome;
  const parsed = parseReferences(document.text);
  const chunks = chunksOf(document, parsed, settings);
  return {
    ok: true,
    analysed: analyseDocument(document, chunks, sourceHash, parsed),
    tokens: chunks.map((chunk) => chunk.tokens),
  };
}
