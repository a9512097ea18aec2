/**
 * PDF loading through pdf-parse (pdf.js). Pages are joined by a blank line. Inside a page
 * pdf-parse gives one "\n" per printed line: it has no paragraph geometry, so paragraph
 * boundaries inside a page are not recovered here.
 */
import { PasswordException, PDFParse, VerbosityLevel } from 'pdf-parse';
import type { LoadedText } from '../types.ts';
import { unixNewlines, Unreadable } from './text.ts';

const PDF_HEADER = '%PDF-';
const PDF_EOF = '%%EOF';

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

/** pdf.js repairs some truncated files and would return part of the text: refuse those. */
function checkFraming(bytes: Uint8Array): void {
  if (!latin1(bytes.subarray(0, 1024)).includes(PDF_HEADER)) {
    throw new Unreadable('not a PDF file (no %PDF header)');
  }
  if (!latin1(bytes.subarray(Math.max(0, bytes.length - 2048))).includes(PDF_EOF)) {
    throw new Unreadable('damaged or truncated PDF (no %%EOF at the end)');
  }
}

/** Titles that are file names or placeholders say nothing about the document. */
function meaningfulTitle(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const title = raw.replace(/\s+/g, ' ').trim();
  if (title === '' || /^untitled$/i.test(title) || /\.(docx?|pdf|rtf|odt)$/i.test(title)) return undefined;
  return title;
}

/** The page-separator lines pdf-parse appends, e.g. "-- 1 of 3 --". */
const PAGE_SEPARATOR = /^-- \d+ of \d+ --$/gm;

function pageText(raw: string): string {
  return unixNewlines(raw).replace(PAGE_SEPARATOR, '').replace(/^\s*\n|\n\s*$/g, '').trimEnd();
}

/** Loads a .pdf file: the text of its pages, and the title from its document info. */
export async function loadPdf(bytes: Uint8Array): Promise<LoadedText> {
  checkFraming(bytes);
  // Verbosity ERRORS keeps pdf.js from printing warnings to stdout.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    const result = await parser.getText();
    const texts = result.pages.map((page) => pageText(page.text));
    const text = texts.filter((page) => page.trim() !== '').join('\n\n');
    const pages = { total: texts.length, withoutText: texts.filter((page) => page.trim() === '').length };
    if (text === '') throw new Unreadable('no text in the PDF (scanned pages? OCR is not supported)');
    const info: unknown = (await parser.getInfo()).info;
    const title = meaningfulTitle(typeof info === 'object' && info !== null ? (info as { Title?: unknown }).Title : undefined);
    return title === undefined ? { text, pages } : { text, title, pages };
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    if (error instanceof PasswordException) throw new Unreadable('encrypted PDF (password protected)');
    const detail = error instanceof Error ? error.message : String(error);
    throw new Unreadable(`damaged or truncated PDF (${detail})`);
  } finally {
    await parser.destroy();
  }
}
