/**
 * Page boundaries through cleaning. A loader that knows pages (PDF, DOCX with page breaks, OCR)
 * writes PAGE_MARK where each page after the first begins; cleaning keeps the marks in place while
 * it normalizes and drops lines, then `takePageMarks` removes them and says where each page starts
 * in the cleaned text. A private-use character: no document contains it, and no normalization
 * step touches it.
 */

export const PAGE_MARK = '\uE000';

export interface PageMarks {
  /** The text without marks. */
  readonly text: string;
  /** Offset in `text` where each page starts: [0, start of page 2, …]; [] when the text had no marks. */
  readonly pageStarts: readonly number[];
}

/** Removes the marks (and any marks in the input that were not the loader's): each one starts a page. */
export function takePageMarks(marked: string): PageMarks {
  if (!marked.includes(PAGE_MARK)) return { text: marked, pageStarts: [] };
  const starts: number[] = [0];
  let text = '';
  let from = 0;
  for (let at = marked.indexOf(PAGE_MARK); at >= 0; at = marked.indexOf(PAGE_MARK, from)) {
    text += marked.slice(from, at);
    starts.push(text.length);
    from = at + PAGE_MARK.length;
  }
  text += marked.slice(from);
  return { text, pageStarts: starts };
}

/** The page (1-based) holding `offset`, given the page starts; null when the text has no pages. */
export function pageAt(pageStarts: readonly number[], offset: number): number | null {
  if (pageStarts.length === 0) return null;
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
