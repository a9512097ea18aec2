/**
 * Page counts of a document added from a chat, read from its text layer by the ingest loader of its
 * format (PDF): loaded on demand only, like the rest of the ingest code. Pages without a text layer
 * are counted, not OCR'd here (the ingest OCRs them when Tesseract is installed).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function pagesOf(file: string): Promise<{ readonly total: number; readonly withoutText: number } | null> {
  if (path.extname(file).toLowerCase() !== '.pdf') return null;
  const { readPdfPages } = await import('../ingest/load/pdf.ts');
  try {
    const read = await readPdfPages(new Uint8Array(await readFile(file)));
    return { total: read.pages.length, withoutText: read.imagePages.length };
  } catch {
    return null;
  }
}
