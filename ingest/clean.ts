/**
 * Cleaning of a loaded document into the text citations point into: normalized characters and
 * spacing, minus the web-page leftovers seen in the corpus (header tokens, comment prompts,
 * weather boxes, repeated photo captions, related-news lists at the end).
 *
 * Conservative by design: a line is removed only when it is unmistakably page chrome. Lines are
 * never merged or reworded, so every paragraph of an article body survives verbatim (after
 * normalization). Pure and idempotent: cleaning cleaned text changes nothing.
 */
import { isoDate, readDateAt } from '../text/dates.ts';
import { normalizeText } from '../text/normalize.ts';
import { takePageMarks } from '../text/pages.ts';

export interface CleanHints {
  /** ISO date (`YYYY-MM-DD` or `YYYY-MM` or `YYYY`) carried by a header token or a date line. */
  date?: string;
  title?: string;
}

export interface CleanedText {
  readonly text: string;
  readonly hints: CleanHints;
  /** Where each page starts in `text`, when the loader marked pages (text/pages.ts); [] otherwise. */
  readonly pageStarts: readonly number[];
}

export function cleanDocumentText(raw: string): CleanedText {
  const hints: CleanHints = {};
  let lines = normalizeCharacters(raw)
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  lines = stripHeaderTokens(lines, hints);
  const dated = lines.slice(0, 12).find((line) => parseDateLine(line) !== null);
  if (hints.date === undefined && dated !== undefined) hints.date = parseDateLine(dated) ?? undefined;

  lines = dropRepeatedCaptions(dropWeatherBoxes(lines.filter((line) => !UI_LINES.has(lineKey(line)))));
  lines = cutTrailingNewsList(lines);
  const marked = lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
  // The loader's page marks went through every step in place; they leave the text here.
  const { text, pageStarts } = takePageMarks(marked);
  return { text, hints, pageStarts };
}

/**
 * Line endings → \n, page/line separators → \n, every space character → ' ', invisible format
 * characters (zero-width, BOM, soft hyphen, bidi) and control characters removed, then NFC and
 * canonical tone placement. Invisible characters go first so NFC can compose across them.
 */
function normalizeCharacters(raw: string): string {
  const plain = raw
    .replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, '\n')
    .replace(/[\t\p{Zs}]/gu, ' ')
    .replace(/\p{Cf}|[^\P{Cc}\n]/gu, '');
  return normalizeText(plain);
}

/** Comparison key of a line: lowercase, without a final colon or ellipsis. */
function lineKey(line: string): string {
  return line.toLowerCase().replace(/[\s:.…]+$/u, '');
}

// ---- header tokens and date lines ------------------------------------------------------------

/** A scraper's metadata token at the very start, e.g. " date 2022-04 Kính thưa: …". */
const HEADER_DATE = /^date\s+(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=\s|$)\s*/i;

function optionalNumber(digits: string | undefined): number | undefined {
  return digits === undefined ? undefined : Number(digits);
}

/** Removes leading `date YYYY[-MM[-DD]]` tokens (the text after them stays) into `hints.date`. */
function stripHeaderTokens(lines: string[], hints: CleanHints): string[] {
  const out = [...lines];
  for (;;) {
    const first = out.findIndex((line) => line.length > 0);
    const match = first >= 0 ? HEADER_DATE.exec(out[first] ?? '') : null;
    if (match === null) return out;
    const date = isoDate(Number(match[1]), optionalNumber(match[2]), optionalNumber(match[3]));
    if (date === null) return out;
    hints.date ??= date;
    out[first] = (out[first] ?? '').slice(match[0].length);
  }
}

const WEEKDAY = String.raw`(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)`;
const TIME = String.raw`\d{1,2}[:h]\d{2}(?::\d{2})?`;
/** What may stand around the date of a dateline: "Thứ Năm, ngày 05/01/2023 | 07:31", "Ngày 5/1/2023", "05/01/2023 07:31". */
const DATE_LINE_HEAD = new RegExp(String.raw`^(?:${WEEKDAY}\s*[,-]?\s*)?(?:ngày\s+)?`, 'iu');
const DATE_LINE_TAIL = new RegExp(String.raw`^(?:\s*[|,-]?\s*${TIME})?$`, 'u');

/** The ISO date of a line that is only a date (a news page's dateline); null otherwise. */
export function parseDateLine(line: string): string | null {
  const trimmed = line.trim();
  const date = readDateAt(trimmed, DATE_LINE_HEAD.exec(trimmed)?.[0].length ?? 0);
  return date !== null && DATE_LINE_TAIL.test(trimmed.slice(date.end)) ? date.iso : null;
}

// ---- leftovers -------------------------------------------------------------------------------

/** Interface strings that are never article text, removed wherever they stand alone on a line. */
const UI_LINES = new Set(['viết bình luận mới', 'gửi bình luận']);

/** Headings that open a page's trailer: comment box, related and most-read news lists. */
const TAIL_MARKERS = new Set([
  'xem thêm',
  'các tin khác',
  'tin khác',
  'tin liên quan',
  'tin cùng chuyên mục',
  'bài liên quan',
  'mới nhất',
  'xem nhiều nhất',
  'đọc nhiều nhất',
  'phản hồi',
  'bình luận',
  'viết bình luận mới',
  'thông tin cần biết',
]);

const WEATHER_HEADER = 'thông tin cần biết';
const FORECAST = /(?<!\p{L})(?:mưa|nắng|mây|gió|dông|nhiệt độ)(?!\p{L})/iu;

/** "06:17 17/04/2025" or "17/04/2025 06:17": the time stamp of a listed news item. */
const TIMESTAMP = new RegExp(
  String.raw`^(?:${TIME}\s*[|,-]?\s*\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}\s*[|,-]?\s*${TIME})$`,
  'i',
);

/** Indices of the non-blank lines. */
function contentIndices(lines: readonly string[]): number[] {
  return lines.flatMap((line, i) => (line.length > 0 ? [i] : []));
}

/** "THÔNG TIN CẦN BIẾT" widget: the header and the forecast line right after it. */
function dropWeatherBoxes(lines: string[]): string[] {
  const content = contentIndices(lines);
  const drop = new Set<number>();
  content.forEach((index, k) => {
    const next = content[k + 1];
    if (lineKey(lines[index] ?? '') !== WEATHER_HEADER || next === undefined) return;
    const forecast = lines[next] ?? '';
    if (forecast.length <= 300 && FORECAST.test(forecast)) {
      drop.add(index);
      drop.add(next);
    }
  });
  return lines.filter((_, i) => !drop.has(i));
}

/** Same caption up to dash variants and spacing (pages repeat a caption under the photo). */
function captionKey(line: string): string {
  return line.replace(/[‐‑‒–—−]/g, '-').replace(/\s+/g, ' ');
}

/** A short line (a photo caption) repeated on the next non-blank line: one copy is kept. */
function dropRepeatedCaptions(lines: string[]): string[] {
  const out: string[] = [];
  let previous: string | null = null;
  for (const line of lines) {
    if (line.length === 0) {
      out.push(line);
      continue;
    }
    const key = captionKey(line);
    const isShort = line.length <= 300 && key.split(' ').length >= 3;
    if (isShort && key === previous) continue;
    previous = key;
    out.push(line);
  }
  return out;
}

/**
 * Removes everything from the first trailer heading ("Xem thêm", "Các tin khác", "Phản hồi", …)
 * to the end, but only when what follows is nothing but trailer headings and listed news items
 * (a headline, its time stamp, its lead). A trailer heading followed by anything else is kept.
 */
function cutTrailingNewsList(lines: string[]): string[] {
  const content = contentIndices(lines);
  const texts = content.map((i) => lines[i] ?? '');
  const isStamp = (k: number): boolean => TIMESTAMP.test(texts[k] ?? '');
  const isMarker = (k: number): boolean => TAIL_MARKERS.has(lineKey(texts[k] ?? ''));
  const isLeftover = (k: number): boolean => isMarker(k) || isStamp(k) || isStamp(k - 1) || isStamp(k + 1);

  let cut: number | null = null;
  // Walk back while the suffix is all leftovers; remember the earliest marker reached.
  for (let k = texts.length - 1; k >= 1 && isLeftover(k); k -= 1) {
    if (isMarker(k)) cut = k;
  }
  if (cut === null) return lines;
  return lines.slice(0, content[cut]);
}
