/**
 * Dates as Vietnamese documents write them — the one definition every reader shares (references,
 * claims, answer phrases, datelines of news pages):
 * - full dates: "27/12/2021", "1-6-2022", "5.1.2023" (one separator kind per date), and
 *   "27 tháng 12 năm 2021" (with or without marks; a "ngày" before it is not part of the date);
 * - month phrases, which answer "khi nào" as well: "tháng 6/2022", "tháng 6 năm 2022",
 *   "đầu tháng 6", "cuối tháng 12".
 * Matching runs on text folded without diacritics, ignoring case (same length, so offsets carry over).
 */
import { foldDiacritics } from './fold.ts';

export interface DateMention {
  /** Span in the text; `written === text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** `YYYY-MM-DD`. */
  readonly iso: string;
  readonly written: string;
}

/** The documents are of the Party (founded 1930) and the state: earlier or far later "years" are other numbers. */
export const MIN_YEAR = 1930;
export const MAX_YEAR = 2100;

const H = '[^\\S\\r\\n]'; // horizontal space: a date never spans lines
/** Day, separator, month, the same separator, year: groups nd, nsep, nm, ny. */
const NUMERIC = `(?<nd>\\d{1,2})${H}*(?<nsep>[/.-])${H}*(?<nm>\\d{1,2})${H}*\\k<nsep>${H}*(?<ny>\\d{4})`;
/** "27 tháng 12 năm 2021", folded: groups wd, wm, wy. */
const WORDS = `(?<wd>\\d{1,2})${H}+thang${H}+(?<wm>\\d{1,2})${H}+nam${H}+(?<wy>\\d{4})`;
const BEFORE = '(?<![\\p{L}\\p{N}/.-])';
const AFTER = '(?![\\p{L}\\p{N}])';
const FULL_DATE = new RegExp(`${BEFORE}(?:${NUMERIC}|${WORDS})${AFTER}`, 'giu');
const FULL_DATE_AT = new RegExp(`(?:${NUMERIC}|${WORDS})${AFTER}`, 'iuy');

/**
 * A date or a month as written, in text with marks (answer phrases): a full date, or "tháng 6",
 * "đầu tháng 6", "tháng 6/2022", "tháng 6 năm 2022".
 */
export const DATE_PHRASE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{4}|\\d{1,2}\\s+tháng\\s+\\d{1,2}\\s+năm\\s+\\d{4}|' +
    '(?:(?:đầu|giữa|cuối)\\s+)?tháng\\s+\\d{1,2}(?:\\s*[/-]\\s*\\d{4}|\\s+năm\\s+\\d{4})?)(?![\\p{L}\\p{N}])',
  'gu',
);

/**
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from its parts, or null when a part is out of range (month
 * 1–12, day 1–31, year MIN_YEAR–MAX_YEAR).
 */
export function isoDate(year: number, month?: number, day?: number): string | null {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return null;
  if (month === undefined) return String(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  const mm = String(month).padStart(2, '0');
  if (day === undefined) return `${year}-${mm}`;
  if (!Number.isInteger(day) || day < 1 || day > 31) return null;
  return `${year}-${mm}-${String(day).padStart(2, '0')}`;
}

function mention(m: RegExpExecArray, text: string): DateMention | null {
  const g = m.groups ?? {};
  const day = Number(g.nd ?? g.wd);
  const month = Number(g.nm ?? g.wm);
  const year = Number(g.ny ?? g.wy);
  const iso = isoDate(year, month, day);
  if (iso === null) return null;
  const end = m.index + m[0].length;
  return { start: m.index, end, iso, written: text.slice(m.index, end) };
}

/** Every full date written in `text`, in order. */
export function readDates(text: string): DateMention[] {
  const folded = foldDiacritics(text);
  const out: DateMention[] = [];
  for (const m of folded.matchAll(FULL_DATE)) {
    const found = mention(m as RegExpExecArray, text);
    if (found !== null) out.push(found);
  }
  return out;
}

/** The full date that starts exactly at `at` in `text`, or null. */
export function readDateAt(text: string, at: number): DateMention | null {
  const re = new RegExp(FULL_DATE_AT.source, FULL_DATE_AT.flags);
  re.lastIndex = at;
  const m = re.exec(foldDiacritics(text));
  return m === null ? null : mention(m, text);
}

/** ISO "2023-01-05" → "05/01/2023", "2022-04" → "04/2022", "2022" → "2022"; anything else as is. */
export function displayDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/u.exec(iso);
  if (!m) return iso;
  const [, year, month, day] = m;
  return [day, month, year].filter((part) => part !== undefined).join('/');
}
