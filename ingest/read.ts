/**
 * Reading a corpus file into a Document, and the hashes that tell whether a file changed: the
 * file's bytes (streamed) and what the corpus manifest says about its document.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cleanDocumentText } from './clean.ts';
import { deriveMeta, type Manifest } from './corpus.ts';
import { identifyDocument } from './identity.ts';
import { loadSourceFile, LoadError, type ReadOptions } from './load/index.ts';
import { pageSpans } from './pages.ts';
import type { Document } from '../index/records.ts';
import type { SourceFile } from './types.ts';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file, streamed: a corpus may hold files far bigger than the heap. */
export async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    // Unreadable now: the load step reports why; the code keeps the fingerprint stable meanwhile.
    return `unreadable ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  return hash.digest('hex');
}

/** What a document's record depends on besides the code: its file's bytes and its manifest entry. */
export function sourceHash(fileSha: string, manifest: Manifest, docId: string): string {
  return sha256(`${fileSha}\0${JSON.stringify(manifest.documents[docId] ?? null)}`);
}

export type ReadOutcome = { readonly ok: true; readonly document: Document } | { readonly ok: false; readonly reason: string };

/**
 * A file as a Document: loaded (scanned PDF pages OCR'd when `options.ocr` allows), cleaned, its
 * identity read from its header block (title, kind, issuer, date), and its pages as spans.
 */
export async function readDocument(file: SourceFile, manifest: Manifest, options: ReadOptions | undefined): Promise<ReadOutcome> {
  try {
    const loaded = await loadSourceFile(file, options);
    const { text, hints, pageStarts } = cleanDocumentText(loaded.text);
    if (text.trim().length === 0) return { ok: false, reason: 'no text (only whitespace, invisible or control characters)' };
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
    return {
      ok: true,
      document: {
        ...meta,
        id: file.docId,
        relPath: file.relPath,
        format: file.format,
        text,
        hash: sha256(text),
        identity,
        ...(pages.length > 0 ? { pages } : {}),
      },
    };
  } catch (error) {
    return { ok: false, reason: error instanceof LoadError ? error.reason : (error as Error).message };
  }
}
