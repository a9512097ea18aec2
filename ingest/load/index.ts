/**
 * Loading a source file into raw text: pick the loader by format, refuse anything
 * unreadable with a LoadError that names the file and the problem. Loaders decode and
 * lay out paragraphs ("\n\n") and lines ("\n"); cleaning (NFC, whitespace, boilerplate)
 * is a later step.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedText, SourceFile } from '../types.ts';
import type { SourceFormat } from '../../index/records.ts';
import { loadDocx } from './docx.ts';
import { loadHtml } from './html.ts';
import type { OcrOptions } from './ocr.ts';
import { loadPdf } from './pdf.ts';
import { loadText, Unreadable } from './text.ts';

export class LoadError extends Error {
  constructor(
    /** `relPath` of the file that could not be loaded. */
    readonly file: string,
    /** What is wrong with it, in words a person can act on. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
    this.name = 'LoadError';
  }
}

/**
 * Size limits, so one pathological file cannot exhaust memory or stall an ingest. Whatever
 * exceeds one is skipped with a reason naming the limit; the rest of the corpus is indexed.
 */
export interface LoadOptions {
  /** Files bigger than this are refused before being read. Default 50 MiB: PDFs and DOCX carry images. */
  readonly maxBytes?: number;
  /**
   * Web pages bigger than this are refused before being read: the DOM costs about 30× the page
   * in memory. Default 10 MiB; real article pages are well under 2 MB.
   */
  readonly maxHtmlBytes?: number;
  /**
   * Documents whose loaded text is longer than this (UTF-16 units, about characters) are refused
   * before cleaning. Default 3,000,000: about 3,000 pages or 4 MB of Vietnamese UTF-8, well above
   * real Party documents. Cleaning, reference parsing and chunking take transient memory of
   * about 40 bytes per character: a document at the limit peaks near 300 MB of a 512 MB heap
   * (tokenizer included); 15 million characters run out of it. Split bigger documents into parts.
   */
  readonly maxTextChars?: number;
}

/** How one file is read, beside the limits: OCR of scanned pages, and per-page progress. */
export interface ReadOptions extends LoadOptions {
  /** OCR of scanned pages (ocr.ts); false turns it off. Default: on when Tesseract and pdftoppm are installed. */
  readonly ocr?: OcrOptions | false;
  /** Called after each OCR'd page. */
  readonly onPage?: (done: number, total: number) => void;
}

export const DEFAULT_LOAD_LIMITS: Required<LoadOptions> = {
  maxBytes: 50 * 1024 * 1024,
  maxHtmlBytes: 10 * 1024 * 1024,
  maxTextChars: 3_000_000,
};

const FORMAT_BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
};

/** The format a file name says it has (by extension, any case), or null when it is not a source. */
export function detectFormat(fileName: string): SourceFormat | null {
  return FORMAT_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? null;
}

/** 5000001 → "5,000,001". */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'not a regular file';
  return `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
}

async function readWithinLimit(file: SourceFile, maxBytes: number): Promise<Buffer> {
  const tooLarge = (size: number): LoadError => {
    // Just over the limit both round to the same size: then say it in bytes.
    const [shown, limit] =
      formatSize(size) === formatSize(maxBytes) ? [`${count(size)} bytes`, `${count(maxBytes)} bytes`] : [formatSize(size), formatSize(maxBytes)];
    return new LoadError(file.relPath, `file too large (${shown} > ${limit} limit)`);
  };
  let bytes: Buffer;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new LoadError(file.relPath, 'not a regular file');
    if (info.size > maxBytes) throw tooLarge(info.size);
    bytes = await readFile(file.path);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError(file.relPath, fileSystemReason(error), { cause: error });
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) throw tooLarge(bytes.length);
  return bytes;
}

function loaderFor(format: SourceFormat, options: ReadOptions): (bytes: Uint8Array) => LoadedText | Promise<LoadedText> {
  switch (format) {
    case 'txt':
    case 'md':
      return loadText;
    case 'pdf': {
      const ocr: OcrOptions | false =
        options.ocr === false ? false : { ...options.ocr, ...(options.onPage === undefined ? {} : { onPage: options.onPage }) };
      return (bytes) => loadPdf(bytes, { ocr });
    }
    case 'docx':
      return loadDocx;
    case 'html':
      return loadHtml;
  }
}

/** Reads and decodes one source file; throws LoadError when it cannot be read as its format. */
export async function loadSourceFile(file: SourceFile, options: ReadOptions = {}): Promise<LoadedText> {
  const limits = { ...DEFAULT_LOAD_LIMITS, ...options };
  const maxBytes = file.format === 'html' ? Math.min(limits.maxBytes, limits.maxHtmlBytes) : limits.maxBytes;
  const bytes = await readWithinLimit(file, maxBytes);
  // Said plainly: each format would otherwise give its own puzzling reason ("no %PDF header").
  if (bytes.length === 0) throw new LoadError(file.relPath, 'empty file (0 bytes)');
  let loaded: LoadedText;
  try {
    loaded = await loaderFor(file.format, options)(bytes);
  } catch (error) {
    if (error instanceof Unreadable) throw new LoadError(file.relPath, error.reason, { cause: error });
    throw error;
  }
  if (loaded.text.length > limits.maxTextChars) {
    throw new LoadError(
      file.relPath,
      `document too long (${count(loaded.text.length)} characters > ${count(limits.maxTextChars)} limit; split it into smaller files)`,
    );
  }
  return loaded;
}
