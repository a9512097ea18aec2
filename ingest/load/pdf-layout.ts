/**
 * The text of a PDF from its printed lines (pdf-lines.ts): paragraphs re-joined across line and
 * page breaks, running headers, footers and page numbers removed, the two columns of a header
 * block read one after the other. Pure: geometry in, text out.
 *
 * - A running header or footer is an edge line (the first or last lines of a page, in its top or
 *   bottom margin) that repeats, digits aside, on at least REPEATED_SHARE of the pages; a page
 *   number is an edge line that is only a number ("12", "- 12 -", "Trang 12", "12/40").
 * - A line continues the paragraph above it unless it opens with a structural marker (Điều, Chương,
 *   "1.", "a)", "-"), is indented, centred or in another size, follows a short line (the last line
 *   of a paragraph ends before the right margin) or a wider gap than the page's line spacing.
 * - A paragraph continues across a page break when the page's last line is full and the next
 *   page starts with neither a marker nor an indent.
 *
 * Each page after the first starts at a PAGE_MARK in the text, which cleaning turns into page
 * offsets (text/pages.ts).
 */
import { PAGE_MARK } from '../../text/pages.ts';
import type { PrintedLine } from './pdf-lines.ts';

export interface PageLines {
  readonly lines: readonly PrintedLine[];
  readonly width: number;
  readonly height: number;
}

/** An edge line repeating on this share of pages is a running header or footer. */
const REPEATED_SHARE = 0.4;
/** Edge lines lie in this share of the page height from the top or the bottom. */
const MARGIN_SHARE = 0.12;
/** Type this much smaller than the body's, in the top margin, is a running header. */
const SMALL_TYPE = 0.85;
/** How many lines from each end of a page are edge candidates. */
const EDGE_LINES = 2;
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:trang\s+|page\s+)?\d{1,4}(?:\s*(?:\/|trên|of)\s*\d{1,4})?(?:\s*[-–—])?$/iu;
const MARKER_START =
  /^(?:(?:Điều|ĐIỀU)\s+\d|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s|\d{1,2}[./]\s|[a-zđ]\)\s|\(\d{1,2}\)|[-–+•*▪●]\s|[IVXL]{1,6}[./]\s|Nơi nhận|T\/M|K\/T|TM\.|KT\.)/u;

function edgeKey(text: string): string {
  return text.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim();
}

/** Lines of each page without running headers, footers and page numbers. */
export function withoutPageFurniture(pages: readonly PageLines[]): PrintedLine[][] {
  const edges = pages.map((page) => {
    const top = page.lines.slice(0, EDGE_LINES).filter((l) => l.y > page.height * (1 - MARGIN_SHARE));
    const bottom = page.lines.slice(-EDGE_LINES).filter((l) => l.y < page.height * MARGIN_SHARE);
    return new Set([...top, ...bottom]);
  });
  const counts = new Map<string, number>();
  edges.forEach((set) => {
    for (const key of new Set([...set].map((l) => edgeKey(l.text)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const repeatedAt = Math.max(2, Math.ceil(pages.length * REPEATED_SHARE));
  const bodySize = median(pages.flatMap((p) => p.lines.map((l) => l.size)), 12);
  return pages.map((page, i) =>
    page.lines.filter((line) => {
      if (!edges[i]!.has(line)) return true;
      if (PAGE_NUMBER.test(line.text)) return false;
      // A running header in a smaller type, even on the only page of a document.
      if (line.y > page.height * (1 - MARGIN_SHARE) && line.size < SMALL_TYPE * bodySize) return false;
      return (counts.get(edgeKey(line.text)) ?? 0) < repeatedAt;
    }),
  );
}

/**
 * The lines of a two-column block (a header block, a signer block beside "Nơi nhận") read column
 * by column: from a line split at a gutter, while lines stay on one side of that gutter.
 */
export interface OrderedLine extends PrintedLine {
  /** The column of a two-column block the line is in (0, 1), or null outside one. */
  readonly column: number | null;
}

export function readingOrder(lines: readonly PrintedLine[]): OrderedLine[] {
  const out: OrderedLine[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.cells < 2) {
      out.push({ ...line, column: null });
      i++;
      continue;
    }
    // The gutter: where the right cell of this printed line starts.
    const right = lines.slice(i).find((l) => l.y === line.y && l.cell > 0);
    const gutter = right?.x ?? line.right;
    let j = i;
    while (j < lines.length) {
      const l = lines[j]!;
      const oneSide = l.cells > 1 || l.right <= gutter + l.size || l.x >= gutter - 2 * l.size;
      if (!oneSide) break;
      j++;
    }
    const block = lines.slice(i, j);
    const column = (l: PrintedLine): number => (l.x >= gutter - 2 * l.size ? 1 : 0);
    for (const side of [0, 1]) out.push(...block.filter((l) => column(l) === side).map((l) => ({ ...l, column: side })));
    i = j;
  }
  return out;
}

interface Margins {
  readonly left: number;
  readonly right: number;
  readonly center: number;
  readonly spacing: number;
}

function median(values: readonly number[], fallback: number): number {
  if (values.length === 0) return fallback;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function marginsOf(pages: readonly OrderedLine[][], width: number): Margins {
  const body = pages.flat().filter((l) => l.column === null);
  const left = median(body.map((l) => l.x), 0);
  const rights = body.map((l) => l.right).sort((a, b) => a - b);
  const right = rights[Math.floor(rights.length * 0.9)] ?? width;
  const gaps: number[] = [];
  for (const page of pages) {
    for (let i = 1; i < page.length; i++) {
      const gap = page[i - 1]!.y - page[i]!.y;
      if (gap > 0 && gap < 3 * page[i]!.size) gaps.push(gap);
    }
  }
  return { left, right, center: (left + right) / 2, spacing: median(gaps, 14) };
}

function isCentered(l: PrintedLine, m: Margins): boolean {
  return l.x > m.left + 2 * l.size && Math.abs((l.x + l.right) / 2 - m.center) < 1.5 * l.size;
}

function isShort(l: PrintedLine, m: Margins): boolean {
  return l.right < m.right - 2.5 * l.size;
}

/** Whether `line` continues the paragraph whose last line is `previous` (on the same page). */
function continues(previous: OrderedLine, line: OrderedLine, m: Margins): boolean {
  // In a column of a header block, a line wrapped in its cell ("… tháng 4 năm" / "2017").
  if (previous.column !== null || line.column !== null) {
    return (
      previous.column === line.column &&
      previous.y - line.y > 0 &&
      previous.y - line.y <= 1.45 * m.spacing &&
      /^[\p{Ll}\d]/u.test(line.text)
    );
  }
  if (previous.cells > 1 || line.cells > 1) return false;
  if (previous.group !== line.group || line.y >= previous.y) return false;
  if (MARKER_START.test(line.text)) return false;
  if (Math.abs(previous.size - line.size) > 0.15 * line.size) return false;
  if (previous.y - line.y > 1.45 * m.spacing) return false;
  if (isShort(previous, m) || isCentered(previous, m) || isCentered(line, m)) return false;
  if (line.x > m.left + 1.2 * line.size) return false; // first-line indent
  return true;
}

/**
 * Whether the first line of a page continues the last paragraph of the page before: the page
 * ended on a full line (a paragraph's last line stops short of the margin in justified text), and
 * the new page starts with neither a marker nor an indent. A full last line ending a sentence
 * ("… về phí và lệ phí." / "Người sử dụng đất …") still continues its paragraph.
 */
function continuesAcrossPages(previous: OrderedLine, line: OrderedLine, m: Margins): boolean {
  if (previous.column !== null || line.column !== null || MARKER_START.test(line.text)) return false;
  if (isShort(previous, m) || isCentered(previous, m) || isCentered(line, m)) return false;
  if (Math.abs(previous.size - line.size) > 0.15 * line.size || line.x > m.left + 1.2 * line.size) return false;
  return /^[\p{L}\d“"(]/u.test(line.text);
}

function joinLines(a: string, b: string): string {
  // "Covid-" + "19": a word broken at its own hyphen.
  if (/[\p{L}\p{N}]-$/u.test(a) && /^[\p{Ll}\p{N}]/u.test(b)) return a + b;
  return `${a} ${b}`;
}

/** The document text: paragraphs one per line, each page after the first opening at a PAGE_MARK. */
export function layOutText(pages: readonly PageLines[]): string {
  const cleaned = withoutPageFurniture(pages).map(readingOrder);
  const m = marginsOf(cleaned, pages[0]?.width ?? 595);
  const paragraphs: string[] = [];
  let previous: OrderedLine | null = null;
  cleaned.forEach((lines, pageIndex) => {
    lines.forEach((line, i) => {
      const mark = i === 0 && pageIndex > 0 ? PAGE_MARK : '';
      const joined =
        previous !== null && paragraphs.length > 0 && (i === 0 ? continuesAcrossPages(previous, line, m) : continues(previous, line, m));
      if (joined) paragraphs[paragraphs.length - 1] = joinLines(paragraphs[paragraphs.length - 1]!, mark + line.text);
      else paragraphs.push(mark + line.text);
      previous = line;
    });
    // A page with no text keeps its mark, so later pages keep their numbers.
    if (lines.length === 0 && pageIndex > 0) paragraphs.push(PAGE_MARK);
  });
  return paragraphs.join('\n');
}
