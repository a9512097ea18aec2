/**
 * PDFs of generated documents written with pdfkit (a PDF library writing one text run per line it
 * wraps), with a running header and page numbers in the margins, and scans: a PDF's pages
 * rasterised (poppler's pdftoppm) and wrapped image-only, as a scanner makes them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import type { GeneratedDocument } from './legal-documents.ts';

const run = promisify(execFile);

function dejaVu(file: string): string {
  const packageJson = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  return path.join(path.dirname(packageJson), 'ttf', file);
}

export interface PdfkitOptions {
  readonly runningHeader?: string;
  readonly pageNumbers?: boolean;
}

/** Writes `doc` with pdfkit in DejaVu Serif: headings centred and bold, provisions justified. */
export async function writePdfkitPdf(file: string, doc: GeneratedDocument, options: PdfkitOptions = {}): Promise<void> {
  const pdf = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 60 }, bufferPages: true });
  const written = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    pdf.pipe(out);
  });
  const regular = dejaVu('DejaVuSerif.ttf');
  const bold = dejaVu('DejaVuSerif-Bold.ttf');
  for (const p of doc.paragraphs) {
    const heading = /^(?:Chương|Mục) /u.test(p) || (p === p.toUpperCase() && /\p{Lu}/u.test(p) && p.length < 120);
    const article = /^Điều \d+\./u.test(p);
    pdf.font(heading || article ? bold : regular).fontSize(12);
    pdf.text(p, { align: heading ? 'center' : 'justify', paragraphGap: 6 });
  }
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    pdf.font(regular).fontSize(9);
    if (options.runningHeader !== undefined) pdf.text(options.runningHeader, 72, 40, { width: 463, align: 'right', lineBreak: false });
    if (options.pageNumbers) pdf.text(String(i + 1), 72, 800, { width: 463, align: 'center', lineBreak: false });
  }
  pdf.end();
  await written;
}

/** True when poppler's pdftoppm can be run. */
export async function pdftoppmAvailable(): Promise<boolean> {
  try {
    await run('pdftoppm', ['-v'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A scan of `pdf`: each page rasterised at `dpi` (grey, as a scanner would) and wrapped, image
 * only, into a new PDF of the same page size. No text layer.
 */
export async function writeScan(pdf: string, file: string, dpi = 150): Promise<void> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'vankien-scan-'));
  try {
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', pdf, path.join(work, 'page')], { timeout: 300_000 });
    const pages = (await fsp.readdir(work)).filter((f) => f.endsWith('.png')).sort();
    const out = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    const written = new Promise<void>((resolve, reject) => {
      const stream = fs.createWriteStream(file);
      stream.on('finish', resolve);
      stream.on('error', reject);
      out.pipe(stream);
    });
    for (const page of pages) {
      out.addPage({ size: 'A4', margin: 0 });
      out.image(path.join(work, page), 0, 0, { width: out.page.width, height: out.page.height });
    }
    out.end();
    await written;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
