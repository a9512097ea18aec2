/**
 * Headings and enumerations of the cleaned text, as nested sections.
 *
 * These documents mark structure with line-initial markers only (`I.`, `II/`, `1.`, `(1)`,
 * `(1).`, `a)`, `*`); there is no typography left after cleaning. Levels are not fixed per
 * marker kind: each document nests whatever kinds it uses in the order they first appear
 * (doc 000: `I.` › `*` › `(1).`, doc 002: `I.` › `1.` › `(1)`).
 */
import { romanValue } from './numerals.ts';
import { lineSpans, splitSentences, type Span } from './sentences.ts';

/** A heading and the span of text it governs. */
export interface Section {
  readonly docId: string;
  /** 1 = top level (e.g. `I.`), deeper levels increase. */
  readonly level: number;
  /** The marker as written: `III.`, `2.`, `(3)`, `(1).`, `*`. */
  readonly marker: string;
  /** The heading line as written, trimmed (marker included). */
  readonly heading: string;
  /** Headings from the top level down to this one. */
  readonly path: readonly string[];
  /** Span of the heading line in Document.text. */
  readonly headingStart: number;
  readonly headingEnd: number;
  /** Span of the whole section (heading + body) in Document.text. */
  readonly start: number;
  readonly end: number;
}

export type MarkerKind = 'roman' | 'arabic' | 'paren' | 'letter' | 'star';

/**
 * A marker at the start of a line, followed by whitespace or the end of the line. Arabic
 * numbers need the dot or slash right before whitespace, so "5 năm qua…" and "1.899 chi bộ…"
 * are not markers; Roman numerals are I–XXXIX, so ordinary words are not either.
 */
const MARKER =
  /^(?:(?<roman>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))[./]|(?<arabic>\d{1,2})[./]|\((?<paren>\d{1,2})\)\.?|(?<letter>[a-zđ])\)|(?<star>\*))(?=\s|$)/u;
/** Markers are at most 9 characters; matching on a short prefix keeps detection linear. */
const MARKER_WINDOW = 12;
const BULLET = /^[-–—⁃•+▪●◦○➢➤∙·]\s/u;
/** Longer lines are enumerated paragraphs, not titles (Roman headings run long in doc 002). */
const MAX_TITLE_CHARS = 120;
const MAX_ROMAN_TITLE_CHARS = 300;

/** A bulleted list item line (`-`, `⁃`, `•`, `+`, …): part of a list, never a section. */
export function isBulletLine(line: string): boolean {
  return BULLET.test(line);
}

/** The marker opening a line, as headings and enumerations use it. */
export interface LineMarker {
  readonly kind: MarkerKind | 'bullet';
  /** As written: `III.`, `2.`, `(3)`, `a)`, `*`, `-`. */
  readonly marker: string;
  /** The item number: 1, 2… for Roman, Arabic and parenthesised markers, the letter's code for `a)`; null for `*` and bullets. */
  readonly number: number | null;
  /** Where the text after the marker (and its spaces) starts; the line's end for a bare marker. */
  readonly contentStart: number;
}

/** The marker at the start of `line` (a span of `text`), or null when the line has none. */
export function readLineMarker(text: string, line: Span): LineMarker | null {
  const head = text.slice(line.start, Math.min(line.end, line.start + MARKER_WINDOW));
  const match = MARKER.exec(head);
  const groups = match?.groups;
  let kind: LineMarker['kind'];
  let number: number | null = null;
  let length: number;
  if (match && groups) {
    kind = (['roman', 'arabic', 'paren', 'letter', 'star'] as const).find((k) => groups[k] !== undefined) ?? 'star';
    if (kind === 'roman') number = romanValue(groups.roman ?? '');
    else if (kind === 'arabic' || kind === 'paren') number = Number(groups[kind]);
    else if (kind === 'letter') number = (groups.letter ?? '').charCodeAt(0);
    length = match[0].length;
  } else if (BULLET.test(head)) {
    kind = 'bullet';
    length = 1;
  } else return null;
  let contentStart = line.start + length;
  while (contentStart < line.end && /\s/u.test(text[contentStart] ?? '')) contentStart++;
  return { kind, marker: text.slice(line.start, line.start + length), number, contentStart };
}

/**
 * True when the section's heading line is a title ("2. Công tác kiểm tra Đảng") or a bare
 * marker, i.e. something that introduces the text after it; false for an enumerated
 * paragraph ("(3) Tập trung thực hiện…"), whose path element is its marker alone.
 */
export function isHeadingLine(section: Section): boolean {
  return section.path[section.path.length - 1] !== section.marker || section.heading === section.marker;
}

interface Marked {
  kind: MarkerKind;
  marker: string;
  line: Span;
  /** Index of the line in the document's line list. */
  lineIndex: number;
  level: number;
  end: number;
}

/** Sections of one document, in text order, nested by level. */
export function detectSections(docId: string, text: string): Section[] {
  const lines = lineSpans(text);
  const marked = findMarkers(text, lines);
  assignLevels(marked);
  assignEnds(marked, text.length);

  const sections: Section[] = [];
  const open: Section[] = [];
  for (const m of marked) {
    while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= m.level) open.pop();
    const heading = text.slice(m.line.start, m.line.end);
    const nextLine = lines[m.lineIndex + 1];
    const hasBody = nextLine !== undefined && nextLine.start < m.end;
    const element = isTitle(text, m, hasBody) ? titleOf(heading, m.marker) : m.marker;
    const section: Section = {
      docId,
      level: m.level,
      marker: m.marker,
      heading,
      path: [...(open[open.length - 1]?.path ?? []), element],
      headingStart: m.line.start,
      headingEnd: m.line.end,
      start: m.line.start,
      end: m.end,
    };
    sections.push(section);
    open.push(section);
  }
  return sections;
}

/** Path of the innermost section containing `offset`; [] before the first heading. */
export function sectionPathAt(sections: readonly Section[], offset: number): string[] {
  let innermost: Section | undefined;
  for (const s of sections) {
    if (s.start <= offset && offset < s.end && (!innermost || s.level > innermost.level)) innermost = s;
  }
  return innermost ? [...innermost.path] : [];
}

function findMarkers(text: string, lines: readonly Span[]): Marked[] {
  const marked: Marked[] = [];
  lines.forEach((line, lineIndex) => {
    const found = readLineMarker(text, line);
    if (found !== null && found.kind !== 'bullet') {
      marked.push({ kind: found.kind, marker: found.marker, line, lineIndex, level: 0, end: text.length });
    }
  });
  return marked;
}

/** A kind not yet open nests under the current one; a kind already open closes back to it. */
function assignLevels(marked: Marked[]): void {
  const kinds: MarkerKind[] = [];
  for (const m of marked) {
    const at = kinds.indexOf(m.kind);
    if (at >= 0) kinds.length = at + 1;
    else kinds.push(m.kind);
    m.level = kinds.length;
  }
}

/** A section ends where the next heading of the same or a higher level starts. */
function assignEnds(marked: Marked[], textEnd: number): void {
  const open: Marked[] = [];
  for (const m of marked) {
    while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= m.level) {
      const closed = open.pop();
      if (closed) closed.end = m.line.start;
    }
    open.push(m);
  }
  for (const m of open) m.end = textEnd;
}

/**
 * A title is one short sentence; below the top level it must also govern some text, since an
 * enumerated one-liner ("(3) Tỷ lệ tập hợp … còn thấp.") followed by its sibling is an item.
 */
function isTitle(text: string, m: Marked, hasBody: boolean): boolean {
  const limit = m.kind === 'roman' ? MAX_ROMAN_TITLE_CHARS : MAX_TITLE_CHARS;
  if (m.line.end - m.line.start > limit) return false;
  if (m.kind !== 'roman' && !hasBody) return false;
  return splitSentences(text, m.line.start, m.line.end).length === 1;
}

function titleOf(heading: string, marker: string): string {
  const title = heading.replace(/[\s.:]+$/u, '');
  return title.length > marker.length ? title : marker;
}
