/**
 * Headings and enumerations of the cleaned text, as nested sections: one hierarchy for the legal
 * and administrative texts and for the Party's resolutions, reports and speeches.
 *
 *   Phần › Chương › Mục › Tiểu mục › Điều › khoản `1.` › điểm `a)`     (text/legal.ts)
 *   I. › 1. › (1) › a) › * …   (Party texts: whatever marker kinds a document uses)
 *
 * Legal units have fixed ranks, outermost first; a document's levels are the ranks it uses
 * (a law with Chương and Điều: Chương 1, Điều 2, khoản 3, điểm 4). Below a legal unit, and in
 * documents without any, the line-initial markers (text/markers.ts) nest in the order their
 * kinds first appear (doc 000: `I.` › `*` › `(1).`, doc 002: `I.` › `1.` › `(1)`), starting
 * afresh under each legal unit; inside an Điều, `1.` is a khoản and `a)` a điểm. Bullets (`-`,
 * `+`) are list items, never sections. Nothing runs into the closing block (signer, Nơi nhận;
 * text/closing.ts).
 *
 * A section path reads like a citation: "Chương II › Điều 5. Quyền của viên chức › khoản 2".
 */
import { closingStart } from './closing.ts';
import { LEGAL_RANK, readLegalHeading, type LegalUnit } from './legal.ts';
import { readLineMarker, type MarkerKind } from './markers.ts';
import { lineSpans, splitSentences, type Span } from './sentences.ts';

export { isBulletLine, readLineMarker, type LineMarker, type MarkerKind } from './markers.ts';

/** What a section is: a legal unit, a khoản or điểm of an Điều, or a heading/enumeration marker kind. */
export type SectionKind = LegalUnit | 'khoan' | 'diem' | MarkerKind;

/** A heading and the span of text it governs. */
export interface Section {
  readonly docId: string;
  /** 1 = top level (e.g. `I.`, or the outermost legal unit), deeper levels increase. */
  readonly level: number;
  /** The marker as written: `III.`, `2.`, `(3)`, `(1).`, `*`, `Chương II`, `Điều 5.`. */
  readonly marker: string;
  /** The heading as written, trimmed (marker included); a Chương's title on the next lines too. */
  readonly heading: string;
  /** Headings from the top level down to this one. */
  readonly path: readonly string[];
  /** Span of the heading (its line, and the title lines of a Phần/Chương/Mục) in Document.text. */
  readonly headingStart: number;
  readonly headingEnd: number;
  /** Span of the whole section (heading + body) in Document.text. */
  readonly start: number;
  readonly end: number;
  readonly kind: SectionKind;
  /** The number as a value: "2" for Chương II, "5" for Điều 5, "2" for khoản 2, "a" for điểm a; null for `*`. */
  readonly number: string | null;
  /**
   * `heading` introduces the text after it (titles, legal units); `item` is part of the text
   * (khoản, điểm, enumerated paragraphs "(3) Tập trung thực hiện…").
   */
  readonly role: 'heading' | 'item';
}

/** Longer lines are enumerated paragraphs, not titles (Roman headings run long in doc 002). */
const MAX_TITLE_CHARS = 120;
const MAX_ROMAN_TITLE_CHARS = 300;
/** An Điều line longer than this is a provision written on the heading line; its path element is "Điều N". */
const MAX_ARTICLE_TITLE_CHARS = 200;
/** Lines in capitals after a bare "Chương II" that are its title. */
const MAX_TITLE_LINES = 3;

/**
 * True when the section's heading is a title ("2. Công tác kiểm tra Đảng", "Điều 5. Quyền của
 * viên chức") or a bare marker, i.e. something that introduces the text after it; false for an
 * enumerated paragraph ("(3) Tập trung thực hiện…") or a khoản, whose path element is its marker.
 */
export function isHeadingLine(section: Section): boolean {
  return section.role === 'heading';
}

interface Marked {
  kind: SectionKind;
  /** The kind its line marker has: a legal unit's, or the marker's (`arabic` for a khoản). */
  markerKind: LegalUnit | MarkerKind;
  legal: LegalUnit | null;
  marker: string;
  number: string | null;
  line: Span;
  headingEnd: number;
  /** Index of the line in the document's line list. */
  lineIndex: number;
  level: number;
  end: number;
}

/** Sections of one document, in text order, nested by level. */
export function detectSections(docId: string, text: string): Section[] {
  const lines = lineSpans(text);
  const closing = closingStart(text, lines);
  const marked = findMarkers(text, lines, closing);
  assignLevels(marked);
  assignEnds(marked, closing);

  const sections: Section[] = [];
  const open: Section[] = [];
  for (const m of marked) {
    while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= m.level) open.pop();
    const heading = text.slice(m.line.start, m.headingEnd);
    const { element, role } = pathElement(text, lines, m, heading);
    const section: Section = {
      docId,
      level: m.level,
      marker: m.marker,
      heading,
      path: [...(open[open.length - 1]?.path ?? []), element],
      headingStart: m.line.start,
      headingEnd: m.headingEnd,
      start: m.line.start,
      end: m.end,
      kind: m.kind,
      number: m.number,
      role,
    };
    sections.push(section);
    open.push(section);
  }
  return sections;
}

/** Path of the innermost section containing `offset`; [] before the first heading. */
export function sectionPathAt(sections: readonly Section[], offset: number): string[] {
  const innermost = innermostAt(sections, offset);
  return innermost ? [...innermost.path] : [];
}

/** The innermost section containing `offset`, or undefined before the first heading. */
export function innermostAt(sections: readonly Section[], offset: number): Section | undefined {
  let innermost: Section | undefined;
  for (const s of sections) {
    if (s.start > offset) break;
    if (offset < s.end && (!innermost || s.level > innermost.level)) innermost = s;
  }
  return innermost;
}

/** The legal unit of `unit` kind containing `offset` (e.g. the Điều a quote lies in). */
export function enclosingUnit(sections: readonly Section[], offset: number, unit: SectionKind): Section | undefined {
  let found: Section | undefined;
  for (const s of sections) {
    if (s.start > offset) break;
    if (s.kind === unit && offset < s.end) found = s;
  }
  return found;
}

function findMarkers(text: string, lines: readonly Span[], closing: number): Marked[] {
  const marked: Marked[] = [];
  const lineText = (line: Span): string => text.slice(line.start, line.end);
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (line.start >= closing) break;
    const legal = readLegalHeading(lineText(line));
    if (legal !== null) {
      let headingEnd = line.end;
      // "Chương II" alone: its title is on the next lines, in capitals.
      if (legal.unit !== 'dieu' && legal.titleStart === null) {
        for (let k = 1; k <= MAX_TITLE_LINES; k++) {
          const next = lines[lineIndex + k];
          if (next === undefined || next.start >= closing || !isCapsTitle(text, next)) break;
          headingEnd = next.end;
        }
      }
      const written = lineText(line).slice(0, legal.titleStart ?? undefined).trim();
      marked.push({
        kind: legal.unit,
        markerKind: legal.unit,
        legal: legal.unit,
        marker: written,
        number: legal.number,
        line,
        headingEnd,
        lineIndex,
        level: 0,
        end: closing,
      });
      continue;
    }
    const found = readLineMarker(text, line);
    // A "*" alone on its line is the ornament under an issuer in a header block, not a heading.
    const ornament = found?.kind === 'star' && line.end - line.start === 1;
    if (found !== null && found.kind !== 'bullet' && !ornament) {
      const number =
        found.kind === 'letter' ? found.marker.slice(0, -1) : found.number === null ? null : String(found.number);
      marked.push({
        kind: found.kind,
        markerKind: found.kind,
        legal: null,
        marker: found.marker,
        number,
        line,
        headingEnd: line.end,
        lineIndex,
        level: 0,
        end: closing,
      });
    }
  }
  return marked;
}

/** A line in capitals that is not itself a marker: the title of a Phần, Chương or Mục. */
function isCapsTitle(text: string, line: Span): boolean {
  const s = text.slice(line.start, line.end);
  if (s.length > MAX_ROMAN_TITLE_CHARS || !/\p{Lu}/u.test(s) || s !== s.toUpperCase()) return false;
  return readLegalHeading(s) === null && readLineMarker(text, line) === null;
}

/**
 * Legal units take the levels of the ranks the document uses. Below each, marker kinds nest in
 * the order they appear: a kind not yet open nests under the current one, a kind already open
 * closes back to it. Inside an Điều, `1.` is a khoản and `a)` a điểm.
 */
function assignLevels(marked: Marked[]): void {
  const ranks = [...new Set(marked.flatMap((m) => (m.legal === null ? [] : [LEGAL_RANK[m.legal]])))].sort((a, b) => a - b);
  let base = 0;
  let inArticle = false;
  const kinds: Array<LegalUnit | MarkerKind> = [];
  for (const m of marked) {
    if (m.legal !== null) {
      m.level = ranks.indexOf(LEGAL_RANK[m.legal]) + 1;
      base = m.level;
      inArticle = m.legal === 'dieu';
      kinds.length = 0;
      continue;
    }
    if (inArticle && m.kind === 'arabic') m.kind = 'khoan';
    else if (inArticle && m.kind === 'letter') m.kind = 'diem';
    const at = kinds.indexOf(m.markerKind);
    if (at >= 0) kinds.length = at + 1;
    else kinds.push(m.markerKind);
    m.level = base + kinds.length;
  }
}

/** A section ends where the next heading of the same or a higher level starts, or at the closing block. */
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

/** What the section adds to a path, and whether it introduces text or is part of it. */
function pathElement(
  text: string,
  lines: readonly Span[],
  m: Marked,
  heading: string,
): { element: string; role: Section['role'] } {
  switch (m.kind) {
    case 'phan':
    case 'chuong':
    case 'muc':
    case 'tieu-muc':
      return { element: m.marker.replace(/[\s.:\-–—]+$/u, ''), role: 'heading' };
    case 'dieu': {
      const line = heading.replace(/[\s.:;]+$/u, '');
      return { element: line.length <= MAX_ARTICLE_TITLE_CHARS ? line : m.marker.replace(/[.:]$/u, ''), role: 'heading' };
    }
    case 'khoan':
      return { element: `khoản ${m.number ?? ''}`.trim(), role: 'item' };
    case 'diem':
      return { element: `điểm ${m.number ?? ''}`.trim(), role: 'item' };
    default: {
      const nextLine = lines[m.lineIndex + 1];
      const hasBody = nextLine !== undefined && nextLine.start < m.end;
      const element = isTitle(text, m, hasBody) ? titleOf(heading, m.marker) : m.marker;
      return { element, role: element !== m.marker || heading === m.marker ? 'heading' : 'item' };
    }
  }
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
