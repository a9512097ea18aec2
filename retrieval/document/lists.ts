/**
 * Enumerations of a document: a lead-in ("… tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:", or a
 * heading like "2. Về hạn chế") and the items that follow it, either one per line — `(1)`, `1.`,
 * `a)`, bullets — or inline after a colon ("…: (1) Kết luận số 21…; (2) Kế hoạch số 63…").
 *
 * Items are spans of the document text (the first sentence of each item, marker left out), so a
 * list answer quotes the corpus verbatim.
 */
import { readLegalHeading } from '../../text/legal.ts';
import { readLineMarker, sectionPathAt, type LineMarker, type Section } from '../../text/structure.ts';
import { splitSentences, trimSpan, type Span } from '../../text/sentences.ts';

export interface DocumentList {
  /** The lead-in sentence or heading line. */
  readonly leadIn: Span;
  /** Every item of the list, in order: its first sentence without the marker. */
  readonly items: readonly Span[];
  /** Section headings governing the lead-in, top level first (the innermost may be the lead-in itself). */
  readonly path: readonly string[];
}

type ItemKind = 'paren' | 'arabic' | 'letter' | 'bullet';

const INLINE_ITEM = /\((\d{1,2})\)\s/gu;
/** A heading is one short line; longer marked lines are items or paragraphs. */
const HEADING_MAX_CHARS = 200;
const MIN_ITEMS = 2;
/** An item is shown whole up to this length (a sentence and its follow-up), else its first sentence. */
const ITEM_MAX_CHARS = 240;

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

/**
 * Items on the lines after `first`, continuing while the numbering does. Under an Điều (`legal`),
 * the điểm `a)` of a khoản belong to it, as unmarked paragraphs do.
 */
function blockItems(text: string, lines: readonly Span[], markers: readonly (LineMarker | null)[], first: number, legal = false): Span[] {
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
    } else if (marker === null || (numbered && marker.kind === 'bullet') || (legal && kind === 'arabic' && marker.kind === 'letter')) {
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

/**
 * Every enumeration of a document with at least two items, in text order, from its text, lines
 * and sections (the document view keeps the result: see view.ts).
 */
export function findLists(text: string, lines: readonly Span[], sections: readonly Section[]): DocumentList[] {
  const markers = lines.map((line) => readLineMarker(text, line));
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
    if (readLegalHeading(text.slice(line.start, line.end))?.unit === 'dieu') {
      // "Điều 5. Quyền của viên chức" and its khoản.
      add(line, blockItems(text, lines, markers, i + 1, true));
    } else if (lastSentence && text[lastSentence.end - 1] === ':') {
      add(lastSentence, blockItems(text, lines, markers, i + 1));
    } else if (marker && marker.kind !== next?.kind && line.end - line.start <= HEADING_MAX_CHARS) {
      add(line, blockItems(text, lines, markers, i + 1));
    }
  });
  return lists;
}
