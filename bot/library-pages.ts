/**
 * Page counts of a document added from a chat, read by the ingest loader of its format (PDF):
 * loaded on demand only, like the rest of the ingest code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function pagesOf(file: string): Promise<{ readonly total: number; readonly withoutText: number } | null> {
  if (path.extname(file).toLowerCase() !== '.pdf') return null;
  const { loadPdf } = await import('../ingest/load/pdf.ts');
  try {
    return (await loadPdf(await readFile(file))).pages ?? null;
  } catch {
    return null;
  }
}
