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
    if (answer.citations.length > 0) parts.push(['Các đoạn gần nhất:', ...numbered(answer.citations)].join('\n'));
    return parts.join('\n\n');
  }
  parts.push(answer.items && answer.items.length > 0 ? listBody(answer, answer.items) : oneLine(answer.answer));
  if (answer.citations.length > 0) parts.push(['Nguồn:', ...numbered(answer.citations)].join('\n'));
  return parts.join('\n\n');
}

/** `[n] <title> (<date>) — <section>: “<quote>”`, the quote shortened with … when long. */
export function formatCitation(c: Citation, n: number): string {
  const date = c.date ? ` (${displayDate(c.date)})` : '';
  const section = shortSection(c.section);
  const where = section === '' ? '' : ` — ${section}`;
  return `[${n}] ${oneLine(c.title)}${date}${where}: “${shorten(oneLine(c.quote), QUOTE_MAX_CHARS)}”`;
}

function numbered(citations: readonly Citation[]): string[] {
  return citations.map((c, i) => formatCitation(c, i + 1));
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

/** At most `max` characters (plus "…"), cut after a whole word when there is one to cut at. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.–-]+$/u, '')}…`;
}
