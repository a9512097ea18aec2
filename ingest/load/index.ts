/**
 * Loading a source file into raw text: pick the loader by format, refuse anything
 * unreadable with a LoadError that names the file and the problem. Loaders decode and
 * lay out paragraphs ("\n\n") and lines ("\n"); cleaning (NFC, whitespace, boilerplate)
 * is a later step.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedText, SourceFile, SourceFormat } from '../types.ts';
import { loadDocx } from './docx.ts';
import { loadHtml } from './html.ts';
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

export interface LoadOptions {
  /** Files bigger than this are refused before being read. Default 50 MiB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

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
  const tooLarge = (size: number): LoadError =>
    new LoadError(file.relPath, `file too large (${formatSize(size)} > ${formatSize(maxBytes)} limit)`);
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

function loaderFor(format: SourceFormat): (bytes: Uint8Array) => LoadedText | Promise<LoadedText> {
  switch (format) {
    case 'txt':
    case 'md':
      return loadText;
    case 'pdf':
      return loadPdf;
    case 'docx':
      return loadDocx;
    case 'html':
      return loadHtml;
  }
}

/** Reads and decodes one source file; throws LoadError when it cannot be read as its format. */
export async function loadSourceFile(file: SourceFile, options: LoadOptions = {}): Promise<LoadedText> {
  const bytes = await readWithinLimit(file, options.maxBytes ?? DEFAULT_MAX_BYTES);
  try {
    return await loaderFor(file.format)(bytes);
  } catch (error) {
    if (error instanceof Unreadable) throw new LoadError(file.relPath, error.reason, { cause: error });
    throw error;
  }
}
