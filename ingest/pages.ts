/**
 * The pages of a document as spans of its cleaned text: where cleaning found the loader's page
 * marks (text/pages.ts), with what the loader knew of each page (read by OCR, and how surely).
 */
import type { PageSpan } from '../index/records.ts';
import type { LoadedText } from './types.ts';

export function pageSpans(pageStarts: readonly number[], length: number, pages: LoadedText['pageReadings']): PageSpan[] {
  // A one-page source has no mark, but a page all the same.
  const starts = pageStarts.length === 0 && (pages?.length ?? 0) > 0 ? [0] : pageStarts;
  return starts.map((start, i) => {
    const ocr = pages?.[i]?.ocr ?? null;
    return {
      number: i + 1,
      start,
      end: starts[i + 1] ?? length,
      ...(ocr === null ? {} : { ocr: { confidence: ocr.confidence } }),
    };
  });
}
