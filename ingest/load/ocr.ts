/**
 * OCR of pages without text (scans), with Debian's Tesseract (`tesseract-ocr` + `tesseract-ocr-vie`)
 * and poppler's rasteriser (`pdftoppm`, in `poppler-utils`). Optional at run time: when either is
 * missing, `ocrAvailability` says why and how to install them, and a scanned file is skipped with
 * that reason while the rest of the corpus is indexed.
 *
 * Each page is rasterised alone (bounded memory, per-page progress) and read by Tesseract as TSV:
 * its lines, with their boxes, go through the same layout as a text layer's (pdf-layout.ts:
 * paragraphs re-joined, running headers and page numbers removed). The mean word confidence of
 * each page is kept so citations can say how sure the reading is.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PageLines } from './pdf-layout.ts';
import type { PrintedLine } from './pdf-lines.ts';

const run = promisify(execFile);

export const OCR_INSTALL = 'sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils';

export type OcrAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface OcrOptions {
  /** Rasterising resolution; Tesseract reads body text best at about 300 dpi. */
  readonly dpi?: number;
  /** Tesseract languages, e.g. "vie" or "vie+eng". */
  readonly lang?: string;
  /** 1-based pages to read (default: all). */
  readonly pages?: readonly number[];
  /** Called after each page, for the ingest progress bar. */
  readonly onPage?: (done: number, total: number) => void;
}

export interface OcrPage {
  readonly number: number;
  /** The page's lines, in points like a text layer's, in Tesseract's reading order. */
  readonly page: PageLines;
  /** Mean word confidence, 0–100. */
  readonly confidence: number;
}

const availability = new Map<string, Promise<OcrAvailability>>();

/** Whether Tesseract with `lang` and pdftoppm can be run here (checked once per language). */
export function ocrAvailability(lang = 'vie'): Promise<OcrAvailability> {
  let found = availability.get(lang);
  if (found === undefined) {
    found = check(lang);
    availability.set(lang, found);
  }
  return found;
}

async function check(lang: string): Promise<OcrAvailability> {
  const missing = (what: string): OcrAvailability => ({ ok: false, reason: `${what}; install: ${OCR_INSTALL}` });
  try {
    await run('pdftoppm', ['-v'], { timeout: 30_000 });
  } catch {
    return missing('poppler’s pdftoppm is not installed');
  }
  let langs: string;
  try {
    const { stdout, stderr } = await run('tesseract', ['--list-langs'], { timeout: 30_000 });
    langs = `${stdout}\n${stderr}`;
  } catch {
    return missing('Tesseract is not installed');
  }
  const installed = new Set(langs.split(/\s+/u));
  const lacking = lang.split('+').filter((l) => !installed.has(l));
  if (lacking.length > 0) return missing(`Tesseract has no ${lacking.join(', ')} language data`);
  return { ok: true };
}

async function pageCount(file: string): Promise<number> {
  try {
    const { stdout } = await run('pdfinfo', [file], { timeout: 60_000 });
    const pages = /^Pages:\s+(\d+)/mu.exec(stdout);
    if (pages) return Number(pages[1]);
  } catch {
    // pdfinfo is in poppler-utils too; fall through to rasterising until a page is missing.
  }
  return 0;
}

/** OCR of pages of a PDF (bytes), page by page. */
export async function ocrPdf(bytes: Uint8Array, options: OcrOptions = {}): Promise<OcrPage[]> {
  const dpi = options.dpi ?? 300;
  const lang = options.lang ?? 'vie';
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-ocr-'));
  try {
    const file = path.join(work, 'in.pdf');
    await fs.writeFile(file, bytes);
    const numbers = options.pages ?? Array.from({ length: await pageCount(file) }, (_, i) => i + 1);
    const pages: OcrPage[] = [];
    for (const [i, number] of numbers.entries()) {
      const image = path.join(work, `page-${number}`);
      await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', '-f', String(number), '-l', String(number), file, image], {
        timeout: 300_000,
      });
      const { stdout } = await run('tesseract', [`${image}.png`, 'stdout', '-l', lang, '--psm', '3', 'tsv'], {
        timeout: 600_000,
        maxBuffer: 64 << 20,
      });
      pages.push({ number, ...readTsv(stdout, dpi) });
      await fs.rm(`${image}.png`, { force: true });
      options.onPage?.(i + 1, numbers.length);
    }
    return pages;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** Words Tesseract is this unsure of (0–100) are noise: specks, rules and stamps read as letters. */
const MIN_WORD_CONFIDENCE = 20;
/** A gap wider than this (in em) between two words of a line is a column gutter. */
const GUTTER_EM = 3.5;
/** A line with fewer letters than this share is a rule or a smudge. */
const MIN_LETTER_SHARE = 0.5;

interface TsvWord {
  readonly text: string;
  readonly conf: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text) as
 * printed lines in points (y upwards, as in a PDF), each tagged with its paragraph.
 */
export function readTsv(tsv: string, dpi: number): { page: PageLines; confidence: number } {
  const scale = 72 / dpi;
  let width = 0;
  let height = 0;
  const lines = new Map<string, { group: string; words: TsvWord[] }>();
  const confidences: number[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    if (cols[0] === '1') {
      width = Number(cols[8]) * scale;
      height = Number(cols[9]) * scale;
      continue;
    }
    if (cols[0] !== '5') continue;
    const text = (cols[11] ?? '').trim();
    const conf = Number(cols[10]);
    if (text === '' || !Number.isFinite(conf) || conf < MIN_WORD_CONFIDENCE) continue;
    confidences.push(conf);
    const group = `${cols[2]}.${cols[3]}`;
    const key = `${group}.${cols[4]}`;
    const line = lines.get(key) ?? { group, words: [] };
    line.words.push({ text, conf, left: Number(cols[6]), top: Number(cols[7]), width: Number(cols[8]), height: Number(cols[9]) });
    lines.set(key, line);
  }
  // One size for the page: a word box's height depends on its marks ("Ở" is taller than "a").
  const size = median([...lines.values()].flatMap((l) => l.words.map((w) => w.height))) * scale * 1.3;
  const printed: PrintedLine[] = [];
  for (const { group, words } of lines.values()) {
    // Words far apart on one line are two columns (a header block): cells, as in a text layer.
    const cells: TsvWord[][] = [];
    for (const w of [...words].sort((a, b) => a.left - b.left)) {
      const cell = cells[cells.length - 1];
      const last = cell?.[cell.length - 1];
      if (cell && last && (w.left - (last.left + last.width)) * scale < GUTTER_EM * size) cell.push(w);
      else cells.push([w]);
    }
    cells.forEach((cell, index) => {
      const text = cell.map((w) => w.text).join(' ');
      const letters = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
      if (letters < MIN_LETTER_SHARE * text.replace(/\s/gu, '').length) return;
      const left = Math.min(...cell.map((w) => w.left));
      const right = Math.max(...cell.map((w) => w.left + w.width));
      const bottom = Math.max(...cell.map((w) => w.top + w.height));
      printed.push({ text, x: left * scale, right: right * scale, y: height - bottom * scale, size, cell: index, cells: cells.length, group });
    });
  }
  const confidence = confidences.length === 0 ? 0 : confidences.reduce((a, b) => a + b, 0) / confidences.length;
  return { page: { lines: printed, width, height }, confidence: Math.round(confidence * 10) / 10 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
