/**
 * PDF loading: the positioned text of every page through pdf.js (pdfjs-dist), laid out into
 * paragraphs by pdf-lines.ts and pdf-layout.ts. Chosen by measurement against pdf-parse and
 * poppler's pdftotext on PDFs printed by LibreOffice and pdfkit (README, "PDF text"): only glyph
 * positions put the letters a fallback font drew back into their words.
 *
 * Pages without any text (a scan) are listed in `imagePages`, for OCR (ocr.ts).
 */
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { LoadedText } from '../types.ts';
import { OCR_INSTALL, ocrAvailability, ocrPdf, type OcrOptions } from './ocr.ts';
import { layOutText, type PageLines } from './pdf-layout.ts';
import { printedLines, type TextRun } from './pdf-lines.ts';
import { Unreadable } from './text.ts';

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

/** What reading a PDF's text layer gives: each page's printed lines, and the pages that have none. */
export interface PdfPages {
  readonly pages: readonly PageLines[];
  /** 1-based numbers of the pages without any text (scanned pages). */
  readonly imagePages: readonly number[];
  readonly title?: string;
}

/** Reads the text layer of a PDF; pages without text are reported, not refused (the caller may OCR them). */
export async function readPdfPages(bytes: Uint8Array): Promise<PdfPages> {
  checkFraming(bytes);
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  });
  try {
    const pdf = await task.promise;
    const pages: PageLines[] = [];
    const imagePages: number[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform as number[];
        const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
        runs.push({ str: item.str, x, y, width: item.width, size, font: item.fontName });
      }
      const lines = printedLines(runs);
      if (lines.length === 0) imagePages.push(n);
      pages.push({ lines, width: viewport.width, height: viewport.height });
      page.cleanup();
    }
    const metadata = await pdf.getMetadata().catch(() => null);
    const info: unknown = metadata?.info;
    const title = meaningfulTitle(typeof info === 'object' && info !== null ? (info as { Title?: unknown }).Title : undefined);
    return { pages, imagePages, ...(title === undefined ? {} : { title }) };
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    if ((error as { name?: string } | null)?.name === 'PasswordException') {
      throw new Unreadable('encrypted PDF (password protected)');
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new Unreadable(`damaged or truncated PDF (${detail})`);
  } finally {
    await task.destroy();
  }
}

/** The laid-out text of a PDF's text layer (no OCR). */
export async function readPdfText(bytes: Uint8Array): Promise<LoadedText> {
  const read = await readPdfPages(bytes);
  return { text: layOutText(read.pages), ...(read.title === undefined ? {} : { title: read.title }) };
}

export interface PdfLoadOptions {
  /** OCR of pages without text; false turns it off. Default: on when Tesseract and pdftoppm are installed. */
  readonly ocr?: OcrOptions | false;
}

/**
 * Loads a .pdf file: the text of its pages (OCR'd where a page has no text layer), where each page
 * starts, which pages were OCR'd with what confidence, and the title from its document info.
 */
export async function loadPdf(bytes: Uint8Array, options: PdfLoadOptions = {}): Promise<LoadedText> {
  const read = await readPdfPages(bytes);
  const pages = [...read.pages];
  const info: Array<{ ocr: { confidence: number } | null }> = pages.map(() => ({ ocr: null }));
  const scanned = read.imagePages;
  const textPages = pages.length - scanned.length;
  if (scanned.length > 0) {
    const available = options.ocr === false ? { ok: false as const, reason: `OCR is off (OCR_ENABLED=false)` } : await ocrAvailability(options.ocr?.lang);
    if (available.ok) {
      const ocrOptions: OcrOptions = options.ocr === false || options.ocr === undefined ? {} : options.ocr;
      for (const page of await ocrPdf(bytes, { ...ocrOptions, pages: scanned })) {
        pages[page.number - 1] = page.page;
        info[page.number - 1] = { ocr: { confidence: page.confidence } };
      }
    } else if (textPages === 0) {
      throw new Unreadable(`scanned PDF without a text layer, and ${available.reason.replace(/; install:.*$/u, '')} (install: ${OCR_INSTALL})`);
    }
  }
  const text = layOutText(pages);
  if (text.replace(/\uE000/gu, '').trim() === '') throw new Unreadable('no text in the PDF (blank pages, or OCR found none)');
  const withoutText = pages.filter((p) => p.lines.length === 0).length;
  return {
    text,
    pages: { total: pages.length, withoutText },
    pageReadings: info,
    ...(read.title === undefined ? {} : { title: read.title }),
  };
}
