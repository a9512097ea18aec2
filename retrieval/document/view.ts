/**
 * One view per loaded document, shared by everything that answers from it: its sentences, lines
 * (paragraphs), sections and enumerations, each computed on first use and kept while the document
 * is, and the citation of a span with the section path there. Answering, reference cards and the
 * claim check all read documents through this, so a document is analysed once, not once per module.
 */
import type { Document } from '../../index/records.ts';
import { lineSpans, splitSentences, type Span } from '../../text/sentences.ts';
import { detectSections, sectionPathAt, type Section } from '../../text/structure.ts';
import type { Citation } from '../types.ts';
import { findLists, type DocumentList } from './lists.ts';
import { DOCUMENT_MEMO_LIMIT, DocumentMemo } from './cache.ts';

export class DocumentView {
  private sentenceSpans: readonly Span[] | undefined;
  private lineList: readonly Span[] | undefined;
  private sectionList: readonly Section[] | undefined;
  private listList: readonly DocumentList[] | undefined;

  constructor(readonly doc: Document) {}

  /** Sentence spans of the whole text, in order. */
  get sentences(): readonly Span[] {
    return (this.sentenceSpans ??= splitSentences(this.doc.text));
  }

  /** Non-empty lines (paragraphs), trimmed, in order. */
  get lines(): readonly Span[] {
    return (this.lineList ??= lineSpans(this.doc.text));
  }

  get sections(): readonly Section[] {
    return (this.sectionList ??= detectSections(this.doc.id, this.doc.text));
  }

  /** Enumerations with at least two items (lead-in and items), in text order. */
  get lists(): readonly DocumentList[] {
    return (this.listList ??= findLists(this.doc.text, this.lines, this.sections));
  }

  /** The sentences overlapping [start, end), in order. */
  sentencesOverlapping(start: number, end: number): Span[] {
    const spans = this.sentences;
    const out: Span[] = [];
    for (let i = Math.max(0, lastStartingAtOrBefore(spans, start)); i < spans.length; i++) {
      const span = spans[i]!;
      if (span.start >= end) break;
      if (span.end > start) out.push(span);
    }
    return out;
  }

  /** [start, end) widened by `around` whole sentences on each side. */
  sentenceWindow(start: number, end: number, around = 1): Span {
    const spans = this.sentences;
    const first = Math.max(0, lastStartingAtOrBefore(spans, start) - around);
    let last = Math.max(first, lastStartingAtOrBefore(spans, Math.max(start, end - 1)));
    last = Math.min(spans.length - 1, last + around);
    return { start: Math.min(start, spans[first]?.start ?? start), end: Math.max(end, spans[last]?.end ?? end) };
  }

  /** The paragraph (line) holding `offset`, or an empty span at it. */
  paragraphAt(offset: number): Span {
    const lines = this.lines;
    let low = 0;
    let high = lines.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const line = lines[middle]!;
      if (offset < line.start) high = middle - 1;
      else if (offset >= line.end) low = middle + 1;
      else return line;
    }
    return { start: offset, end: offset };
  }

  /** Section path at an offset, joined like `Hit.section`. */
  sectionLabel(offset: number): string {
    return sectionPathAt(this.sections, offset).join(' › ');
  }

  /**
   * A verbatim citation of [start, end) with the document's title, date and section path there,
   * the pages it is printed on, and whether OCR read it.
   */
  citation(start: number, end: number): Citation {
    const doc = this.doc;
    return {
      docId: doc.id,
      title: doc.title,
      date: doc.date,
      section: this.sectionLabel(start),
      quote: doc.text.slice(start, end),
      start,
      end,
      ...pagesOf(doc, start, end),
    };
  }

  /** A citation of the sentence(s) holding [start, end) — the span itself when it lies in no sentence. */
  citeSentence(start: number, end: number): Citation {
    const covering = this.sentencesOverlapping(start, Math.max(end, start + 1));
    const first = covering[0];
    const last = covering[covering.length - 1];
    const from = first === undefined ? start : Math.min(first.start, start);
    const to = last === undefined ? end : Math.max(last.end, end);
    return this.citation(from, to);
  }
}

const views = new DocumentMemo<DocumentView>(DOCUMENT_MEMO_LIMIT);

/** The view of a loaded document, made once and kept while the document is among the recently used. */
export function viewOf(doc: Document): DocumentView {
  return views.get(doc, (d) => new DocumentView(d));
}

/** Index of the last span starting at or before `offset` (-1 when none). */
function lastStartingAtOrBefore(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The pages [start, end) lies on and, when OCR read any of them, the lowest confidence. */
export function pagesOf(doc: Document, start: number, end: number): Pick<Citation, 'pages' | 'ocr'> {
  const spans = doc.pages ?? [];
  if (spans.length === 0) return {};
  const on = spans.filter((p) => p.start < Math.max(end, start + 1) && p.end > start);
  if (on.length === 0) return {};
  const read = on.flatMap((p) => (p.ocr === undefined ? [] : [p.ocr.confidence]));
  return { pages: on.map((p) => p.number), ...(read.length > 0 ? { ocr: { confidence: Math.min(...read) } } : {}) };
}
