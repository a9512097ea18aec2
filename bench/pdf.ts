/**
 * `npm run bench -- --pdf [--docs N]`: how faithfully each PDF reader recovers the text of PDFs
 * made the way a library gets them, and how well OCR reads their scans. A report, not a test.
 *
 * Generators (testkit/): LibreOffice printing a DOCX in DejaVu Serif (a font with every Vietnamese
 * letter), in Liberation Serif (no "ậ", "ứ", …: LibreOffice draws them from a fallback font), and
 * pdfkit in DejaVu Serif; every PDF with a running header and page numbers. Readers: pdf-parse
 * (pdf.js text in drawing order), pdf.js positions laid out by vankien (ingest/load/pdf.ts),
 * poppler's pdftotext (reading order, raw lines) and pdftotext -layout. Score: word F1 against
 * the generator's text (testkit/similarity.ts), page-number lines left in the text.
 * OCR: scans of LibreOffice PDFs at 150 and 300 dpi read by Tesseract (ingest/load/ocr.ts),
 * character similarity against the source and seconds per page.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
import { ocrAvailability } from '../ingest/load/ocr.ts';
import { loadPdf, readPdfText } from '../ingest/load/pdf.ts';
import { takePageMarks } from '../text/pages.ts';
import { generateLaw, generatePartyDocument, type GeneratedDocument } from '../testkit/legal-documents.ts';
import { convertToPdf, sofficeAvailable, writeOfficeDocx } from '../testkit/office.ts';
import { writePdfkitPdf, writeScan } from '../testkit/pdf-documents.ts';
import { characterSimilarity, wordF1 } from '../testkit/similarity.ts';

const run = promisify(execFile);

type Reader = (file: string) => Promise<string>;

const READERS: ReadonlyArray<readonly [string, Reader]> = [
  [
    'pdf-parse 2 (pdf.js, drawing order)',
    async (file) => {
      const parser = new PDFParse({ data: new Uint8Array(await fs.readFile(file)), verbosity: VerbosityLevel.ERRORS });
      try {
        return (await parser.getText()).text;
      } finally {
        await parser.destroy();
      }
    },
  ],
  ['pdf.js positions + vankien layout', async (file) => takePageMarks((await readPdfText(new Uint8Array(await fs.readFile(file)))).text).text],
  ['poppler pdftotext', async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout],
  ['poppler pdftotext -layout', async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout],
];

function pageNumberLines(text: string): number {
  return text.split('\n').filter((l) => /^\s*(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?\s*$/u.test(l)).length;
}

function library(count: number): GeneratedDocument[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 2
      ? generatePartyDocument({ seed: 900 + i, type: i % 2 === 0 ? 'Quy định' : 'Kết luận' })
      : generateLaw({ seed: 700 + i, index: i, articles: 20 + (i % 4) * 10 }),
  );
}

export async function runPdfBench(options: { docs: number }): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-bench-pdf-'));
  const docs = library(options.docs);
  const generators: Array<{ name: string; files: string[] }> = [];
  if (await sofficeAvailable()) {
    for (const [name, font] of [
      ['LibreOffice, DejaVu Serif', 'DejaVu Serif'],
      ['LibreOffice, Liberation Serif (fallback font)', 'Liberation Serif'],
    ] as const) {
      const dir = path.join(work, font.replace(/\s+/g, '-'));
      await fs.mkdir(dir);
      const docx: string[] = [];
      for (const d of docs) {
        const file = path.join(dir, `${d.slug}.docx`);
        await writeOfficeDocx(file, d, { font, runningHeader: d.title, pageNumbers: true });
        docx.push(file);
      }
      generators.push({ name, files: await convertToPdf(docx, dir) });
    }
  } else console.log('LibreOffice (soffice) is not installed: its rows are left out.');
  const kit = path.join(work, 'pdfkit');
  await fs.mkdir(kit);
  const kitFiles: string[] = [];
  for (const d of docs) {
    const file = path.join(kit, `${d.slug}.pdf`);
    await writePdfkitPdf(file, d, { runningHeader: d.title, pageNumbers: true });
    kitFiles.push(file);
  }
  generators.push({ name: 'pdfkit, DejaVu Serif', files: kitFiles });

  console.log(`\nPDF text: word F1 against the source, mean (min) over ${docs.length} documents; page-number lines left; ms per document\n`);
  console.log(`${'generator'.padEnd(46)}  ${'reader'.padEnd(36)}  ${'F1 mean'.padStart(7)}  ${'F1 min'.padStart(6)}  ${'pg#'.padStart(4)}  ${'ms/doc'.padStart(6)}`);
  for (const g of generators) {
    for (const [name, reader] of READERS) {
      const f1s: number[] = [];
      let leaks = 0;
      const started = performance.now();
      for (const [i, file] of g.files.entries()) {
        const text = await reader(file).catch((e: Error) => `(failed: ${e.message})`);
        f1s.push(wordF1(docs[i]!.text, text).f1);
        leaks += pageNumberLines(text);
      }
      const ms = (performance.now() - started) / g.files.length;
      const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
      console.log(
        `${g.name.padEnd(46)}  ${name.padEnd(36)}  ${mean.toFixed(4).padStart(7)}  ${Math.min(...f1s).toFixed(3).padStart(6)}  ${String(leaks).padStart(4)}  ${ms.toFixed(0).padStart(6)}`,
      );
    }
  }

  const ocr = await ocrAvailability();
  const office = generators.find((g) => g.name.startsWith('LibreOffice, DejaVu'));
  if (!ocr.ok || office === undefined) {
    console.log(`\nOCR: not measured (${ocr.ok ? 'no LibreOffice PDFs' : ocr.reason})`);
    return;
  }
  console.log('\nOCR of scans (pdftoppm → image-only PDF → pdftoppm → Tesseract vie → layout): character similarity, s/page\n');
  for (const [scanDpi, ocrDpi] of [
    [150, 150],
    [150, 300],
    [300, 300],
  ] as const) {
    const sims: number[] = [];
    let pages = 0;
    let seconds = 0;
    for (const [i, file] of office.files.slice(0, 3).entries()) {
      const scan = path.join(work, `scan-${scanDpi}-${i}.pdf`);
      await writeScan(file, scan, scanDpi);
      const started = performance.now();
      const loaded = await loadPdf(new Uint8Array(await fs.readFile(scan)), { ocr: { dpi: ocrDpi } });
      seconds += (performance.now() - started) / 1000;
      pages += loaded.pageReadings?.length ?? 0;
      sims.push(characterSimilarity(docs[i]!.text, takePageMarks(loaded.text).text));
    }
    const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
    console.log(
      `scan ${scanDpi} dpi, rasterised for OCR at ${ocrDpi} dpi: similarity ${mean.toFixed(4)} (min ${Math.min(...sims).toFixed(4)}), ` +
        `${(seconds / pages).toFixed(2)} s/page over ${pages} pages`,
    );
  }
  await fs.rm(work, { recursive: true, force: true });
}
