/**
 * The chat reply for an Answer: Vietnamese, short, plain text (each surface escapes it for its own
 * markup). The answer comes first — the short phrase, the best sentence, or a list's lead-in and
 * numbered items — then "Nguồn:" with numbered sources. When the documents do not contain the
 * answer, the reply says so and lists the closest passages instead.
 *
 *   05 nhóm nhiệm vụ, giải pháp
 *
 *   Nguồn:
 *   [1] Hội nghị sơ kết 6 tháng đầu năm 2022 … (2022) — 1.: “Kiên quyết, kiên trì tham mưu …”
 */
import { displayDate } from '../../text/dates.ts';
import type { Answer, Citation } from '../types.ts';

/** Quotes longer than this are cut at a word boundary and end with "…". */
const QUOTE_MAX_CHARS = 240;
/** Each heading of a section path is cut to this length; only the innermost levels are shown. */
const HEADING_MAX_CHARS = 70;
const SECTION_LEVELS = 2;
const SECTION_SEPARATOR = ' › ';

export function formatReply(answer: Answer): string {
  const parts: string[] = [];
  if (answer.kind === 'help' || answer.kind === 'overview' || answer.kind === 'reference' || answer.kind === 'clarify') {
    parts.push(answer.answer);
    if (answer.citations.length > 0) parts.push(['Trích:', ...numbered(answer.citations)].join('\n'));
    return parts.join('\n\n');
  }
  if (!answer.found) {
    parts.push(answer.answer);
    if (answer.citations.length > 0) parts.push(['Các đoạn liên quan:', ...numbered(answer.citations)].join('\n'));
    return parts.join('\n\n');
  }
  parts.push(answer.items && answer.items.length > 0 ? listBody(answer, answer.items) : oneLine(answer.answer));
  if (answer.citations.length > 0) parts.push(['Nguồn:', ...numbered(answer.citations, answer.items ? '' : answer.answer)].join('\n'));
  return parts.join('\n\n');
}

/**
 * `[n] <title> (<date>) — <section>, tr. <pages> (OCR, độ tin cậy <c>%): “<quote>”`, the quote
 * shortened with … when long — around `answer` when the quote holds it, so the shortened quote still
 * shows the evidence; the page part only for paged sources, the OCR part only for scans.
 */
export function formatCitation(c: Citation, n: number, answer = ''): string {
  const date = c.date ? ` (${displayDate(c.date)})` : '';
  const section = shortSection(c.section);
  const where = [section, pagesLabel(c.pages)].filter((p) => p !== '').join(', ');
  const ocr = c.ocr === undefined ? '' : ` (OCR, độ tin cậy ${Math.round(c.ocr.confidence)}%)`;
  return `[${n}] ${oneLine(c.title)}${date}${where === '' ? '' : ` — ${where}`}${ocr}: “${shortenAround(oneLine(c.quote), oneLine(answer), QUOTE_MAX_CHARS)}”`;
}

/** "tr. 3", "tr. 3–4"; "" without pages. */
export function pagesLabel(pages: readonly number[] | undefined): string {
  if (pages === undefined || pages.length === 0) return '';
  const first = pages[0]!;
  const last = pages[pages.length - 1]!;
  return first === last ? `tr. ${first}` : `tr. ${first}–${last}`;
}

function numbered(citations: readonly Citation[], answer = ''): string[] {
  return citations.map((c, i) => formatCitation(c, i + 1, answer));
}

function listBody(answer: Answer, items: readonly string[]): string {
  const lines = [oneLine(answer.answer), ...items.map((item, i) => `${i + 1}. ${oneLine(item)}`)];
  const more = answer.moreItems ?? 0;
  if (more > 0) lines.push(`… và ${more} mục khác`);
  return lines.join('\n');
}

function shortSection(section: string): string {
  if (section.trim() === '') return '';
  return section
    .split(SECTION_SEPARATOR)
    .slice(-SECTION_LEVELS)
    .map((heading) => shorten(oneLine(heading), HEADING_MAX_CHARS))
    .join(SECTION_SEPARATOR);
}

/** Line breaks and runs of spaces become one space: a quote or title reads on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** `shorten`, but a window that holds `needle` when the text does beyond the first `max` characters. */
function shortenAround(text: string, needle: string, max: number): string {
  const at = needle === '' ? -1 : text.indexOf(needle);
  if (text.length <= max || at < 0 || at + needle.length <= max - 1) return shorten(text, max);
  const from = Math.max(0, Math.min(at - Math.floor((max - needle.length) / 2), text.length - max));
  const space = text.indexOf(' ', from);
  const start = space >= 0 && space - from < 20 ? space + 1 : from;
  return `…${shorten(text.slice(start), max)}`;
}

/** At most `max` characters (plus "…"), cut after a whole word when there is one to cut at. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.–-]+$/u, '')}…`;
}
