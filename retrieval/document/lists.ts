/**
 * Enumerations of a document: a lead-in ("… tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:", or a
 * heading like "2. Về hạn chế") and the items that follow it, either one per line — `(1)`, `1.`,
 * `a)`, bullets — or inline after a colon ("…: (1) Kết luận số 21…; (2) Kế hoạch số 63…").
 *
 * Items are spans of the document text (the first sentence of each item, marker left out), so a
 * list answer quotes the corpus verbatim. Lists are found once per document and memoized.
 */
import { detectSections, isBulletLine, sectionPathAt } from '../../text/structure.ts';
import type { Document } from '../../index/records.ts';
import type { Section } from '../../text/structure.ts';
import { lineSpans, splitSentences, trimSpan, type Span } from '../../text/sentences.ts';

export interface DocumentList {
  /** The lead-in sentence or heading line. */
  readonly leadIn: Span;
  /** Every item of the list, in order: its first sentence without the marker. */
  readonly items: readonly Span[];
  /** Section headings governing the lead-in, top level first (the innermost may be the lead-in itself). */
  readonly path: readonly string[];
}

type ItemKind = 'paren' | 'arabic' | 'letter' | 'bullet';
type HeadingKind = 'roman' | 'star';

interface LineMarker {
  readonly kind: ItemKind | HeadingKind;
  /** The item number for numbered kinds, else null. */
  readonly number: number | null;
  /** Where the text after the marker starts. */
  readonly contentStart: number;
}

/** Line-initial markers, as ingest/structure.ts reads them; bullets come from `isBulletLine`. */
const MARKER =
  /^(?:\((?<paren>\d{1,2})\)\.?|(?<arabic>\d{1,2})[./]|(?<letter>[a-zđ])\)|(?<roman>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))[./]|(?<star>\*))(?=\s)/u;
const INLINE_ITEM = /\((\d{1,2})\)\s/gu;
/** A heading is one short line; longer marked lines are items or paragraphs. */
const HEADING_MAX_CHARS = 200;
const MIN_ITEMS = 2;
/** An item is shown whole up to this length (a sentence and its follow-up), else its first sentence. */
const ITEM_MAX_CHARS = 240;

function markerOf(text: string, line: Span): LineMarker | null {
  const head = text.slice(line.start, Math.min(line.end, line.start + 12));
  const m = MARKER.exec(head);
  const g = m?.groups;
  if (m && g) {
    const contentStart = skipSpaces(text, line.start + m[0].length, line.end);
    if (g.paren !== undefined) return { kind: 'paren', number: Number(g.paren), contentStart };
    if (g.arabic !== undefined) return { kind: 'arabic', number: Number(g.arabic), contentStart };
    if (g.letter !== undefined) return { kind: 'letter', number: g.letter.charCodeAt(0), contentStart };
    if (g.roman !== undefined) return { kind: 'roman', number: null, contentStart };
    return { kind: 'star', number: null, contentStart };
  }
  if (isBulletLine(text.slice(line.start, line.end))) {
    return { kind: 'bullet', number: null, contentStart: skipSpaces(text, line.start + 1, line.end) };
  }
  return null;
}

function skipSpaces(text: string, from: number, to: number): number {
  let p = from;
  while (p < to && /\s/u.test(text[p] ?? '')) p++;
  return p;
}

function isItemKind(kind: LineMarker['kind'] | undefined): kind is ItemKind {
  return kind === 'paren' || kind === 'arabic' || kind === 'letter' || kind === 'bullet';
}

/** The text after the marker when short, else its first sentence. */
function itemSpan(text: string, line: Span, marker: LineMarker): Span | null {
  if (line.end - marker.contentStart <= ITEM_MAX_CHARS) return trimItem(text, { start: marker.contentStart, end: line.end });
  const first = splitSentences(text, marker.contentStart, line.end)[0];
  return first ? trimItem(text, first) : null;
}

/**
 * An item without trailing separators ("…chính trị;" → "…chính trị"; a final period stays) and
 * without a parenthesis it does not close or open ("(tiếp xúc …" of an inline list in parentheses).
 */
function trimItem(text: string, span: Span): Span | null {
  let start = span.start;
  let end = span.end;
  while (end > start && /[\s;,]/u.test(text[end - 1] ?? '')) end--;
  const inner = text.slice(start, end);
  if (inner.startsWith('(') && !inner.includes(')')) start++;
  if (/\)\.?$/u.test(inner) && !inner.includes('(')) end -= inner.endsWith('.') ? 2 : 1;
  return trimSpan(text, start, end);
}

/** Items on the lines after `first`, continuing while the numbering does. */
function blockItems(text: string, lines: readonly Span[], markers: readonly (LineMarker | null)[], first: number): Span[] {
  const kind = markers[first]?.kind;
  if (!isItemKind(kind)) return [];
  const numbered = kind !== 'bullet';
  let expected = markers[first]?.number ?? null;
  const items: Span[] = [];
  for (let j = first; j < lines.length; j++) {
    const line = lines[j];
    const marker = markers[j] ?? null;
    if (!line) break;
    if (marker?.kind === kind && (!numbered || marker.number === expected)) {
      const span = itemSpan(text, line, marker);
      if (span) items.push(span);
      if (expected !== null) expected++;
    } else if (marker === null || (numbered && marker.kind === 'bullet')) {
      // Unmarked paragraphs and bullets continue a numbered item; they end a bulleted list.
      if (!numbered) break;
    } else {
      break;
    }
  }
  return items;
}

/**
 * "…xây dựng Đảng: (1) Kết luận số 21…; (2) Kế hoạch số 63…" or "…có lộ trình khơi thông (1) (tiếp
 * xúc …; (2) hội nghị …" within one line. The lead-in is the sentence before "(1)", up to its colon.
 */
function inlineList(text: string, line: Span): { leadIn: Span; items: Span[] } | null {
  const first = text.slice(line.start, line.end).search(/\s\(1\)\s/u);
  if (first < 0) return null;
  const firstAt = line.start + first + 1;
  const markers: { start: number; end: number }[] = [];
  for (const m of text.slice(firstAt, line.end).matchAll(INLINE_ITEM)) {
    if (Number(m[1]) !== markers.length + 1) break;
    markers.push({ start: firstAt + m.index, end: firstAt + m.index + m[0].length });
  }
  if (markers.length < MIN_ITEMS) return null;
  const items: Span[] = [];
  markers.forEach((m, i) => {
    const next = markers[i + 1];
    // The last item ends with its sentence.
    const end = next ? next.start : (splitSentences(text, m.end, line.end)[0]?.end ?? line.end);
    const span = trimItem(text, { start: m.end, end });
    if (span) items.push(span);
  });
  const before = trimSpan(text, line.start, firstAt);
  if (!before) return null;
  const sentenceStart = splitSentences(text, line.start, before.end).at(-1)?.start ?? line.start;
  return { leadIn: { start: sentenceStart, end: before.end }, items };
}

const listCache = new WeakMap<Document, readonly DocumentList[]>();
const sectionCache = new WeakMap<Document, readonly Section[]>();
const lineCache = new WeakMap<Document, readonly Span[]>();

/** The paragraph (line) holding `offset`, or an empty span at it. */
export function paragraphAt(doc: Document, offset: number): Span {
  let lines = lineCache.get(doc);
  if (!lines) {
    lines = lineSpans(doc.text);
    lineCache.set(doc, lines);
  }
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const line = lines[middle];
    if (!line) break;
    if (offset < line.start) high = middle - 1;
    else if (offset >= line.end) low = middle + 1;
    else return line;
  }
  return { start: offset, end: offset };
}

export function sectionsOf(doc: Document): readonly Section[] {
  let sections = sectionCache.get(doc);
  if (!sections) {
    sections = detectSections(doc.id, doc.text);
    sectionCache.set(doc, sections);
  }
  return sections;
}

/** Section path at an offset, joined like `Hit.section`. */
export function sectionLabel(doc: Document, offset: number): string {
  return sectionPathAt(sectionsOf(doc), offset).join(' › ');
}

/** Every enumeration of the document with at least two items, in text order. */
export function documentLists(doc: Document): readonly DocumentList[] {
  const cached = listCache.get(doc);
  if (cached) return cached;
  const text = doc.text;
  const lines = lineSpans(text);
  const markers = lines.map((line) => markerOf(text, line));
  const sections = sectionsOf(doc);
  const lists: DocumentList[] = [];
  const add = (leadIn: Span, items: Span[]): void => {
    if (items.length >= MIN_ITEMS) lists.push({ leadIn, items, path: sectionPathAt(sections, leadIn.start) });
  };
  lines.forEach((line, i) => {
    const inline = inlineList(text, line);
    if (inline) add(inline.leadIn, inline.items);
    const next = markers[i + 1];
    if (!isItemKind(next?.kind)) return;
    const marker = markers[i];
    const lastSentence = splitSentences(text, line.start, line.end).at(-1);
    if (lastSentence && text[lastSentence.end - 1] === ':') {
      add(lastSentence, blockItems(text, lines, markers, i + 1));
    } else if (marker && marker.kind !== next?.kind && line.end - line.start <= HEADING_MAX_CHARS) {
      add(line, blockItems(text, lines, markers, i + 1));
    }
  });
  listCache.set(doc, lists);
  return lists;
}
