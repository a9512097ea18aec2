/**
 * What ingest reads before a document exists: a file found under the corpus folder and the raw
 * text its loader returns. The records ingest writes (Document, Chunk, references) are the index
 * format's, in index/records.ts, shared with the readers.
 */
import type { SourceFormat } from '../index/records.ts';

/** A file found under the corpus folder, before it is read. */
export interface SourceFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** Path under the corpus folder with '/' separators, e.g. `phat-bieu/ket-luan-21.txt`. */
  readonly relPath: string;
  /** `relPath` without its extension: the document id, stable across runs. */
  readonly docId: string;
  readonly format: SourceFormat;
  readonly bytes: number;
}

/** What a loader returns: the raw text of a file plus what its format says about it. */
export interface LoadedText {
  readonly text: string;
  /** Title carried by the format itself (HTML <title>/<h1>, PDF info, DOCX core props). */
  readonly title?: string;
  /** Paged formats (PDF): how many pages, and how many gave no text, not even by OCR (left out). */
  readonly pages?: { readonly total: number; readonly withoutText: number };
  /**
   * The pages of a format that has them (PDF; DOCX with page breaks), in order: the text marks
   * where each one after the first starts (text/pages.ts). A page read by OCR carries its confidence.
   */
  readonly pageReadings?: ReadonlyArray<{ readonly ocr: { readonly confidence: number } | null }>;
}
