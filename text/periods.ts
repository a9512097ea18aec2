/**
 * Reporting periods as intervals of months, so that "quý II/2022", "Q2-2022", "quý 2 năm 2022",
 * "6 tháng đầu năm 2022", "tháng 6/2022" and "năm 2022" compare as values: quý II lies inside the
 * first half, which lies inside the year; the second half does not overlap the first.
 *
 * Read on text folded without diacritics, case ignored (same length, so offsets carry over):
 * - quarters: "quý I".."quý IV", "quý 1".."quý 4", "Q1".."Q4", "quý một/hai/ba/bốn", "quý đầu/cuối";
 * - halves and spans: "6 tháng đầu/cuối năm", "sáu tháng đầu năm", "nửa đầu/cuối năm",
 *   "9 tháng đầu năm", "3 tháng đầu năm";
 * - months: "tháng 6", "T6", "tháng sáu" (with a year after "/", "-", "năm" when written);
 * - years: "năm 2022", and a year joined to a period ("quý I-2023", "6 tháng đầu năm 2022");
 *   a bare year ("2022") only where nothing else dates it and it is not part of a full date.
 */
import { foldDiacritics } from './fold.ts';
import { romanValue } from './numerals.ts';

export interface Period {
  /** Span in the text. */
  readonly start: number;
  readonly end: number;
  /** The year when written, else null (the period of the year the context gives). */
  readonly year: number | null;
  /** The last year of a span of years ("2022-2023", "giai đoạn 2021 - 2025"); the year itself otherwise. */
  readonly toYear: number | null;
  /** First and last month, 1–12; a year alone is 1–12. */
  readonly fromMonth: number;
  readonly toMonth: number;
}

const H = '[^\\S\\r\\n]';
const NUMBER_WORDS: Readonly<Record<string, number>> = { mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10 };
const YEAR = `(?:19|20)\\d\\d`;
/** A year joined to the period before it: "quý I-2023", "quý I/2023", "quý I năm 2023", "6 tháng đầu năm 2022". */
const JOINED_YEAR = `(?:${H}*[-/.]${H}*|${H}+(?:nam${H}+)?)(?<year>${YEAR})`;
const QUARTER = `(?:quy|qui)${H}+(?<q>iv|i{1,3}|[1-4]|mot|hai|ba|bon|tu|dau|cuoi)|q(?<qs>[1-4])`;
const SPAN = `(?<n>\\d{1,2}|ba|sau|chin)${H}+thang${H}+(?<side>dau|cuoi)(?:${H}+nam)?|nua${H}+(?:nam${H}+)?(?<half>dau|cuoi)(?:${H}+nam)?`;
const MONTH = `thang${H}+(?<m>\\d{1,2}|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi(?:${H}+(?:mot|hai))?|gieng|chap)|t(?<ms>\\d{1,2})(?=${H}*[-/.]${H}*${YEAR})`;
const YEARS = `(?:nam|giai${H}+doan|nhiem${H}+ky)${H}+(?<y>${YEAR})(?:${H}*[-–]${H}*(?<y2>${YEAR}))?|(?<ya>${YEAR})${H}*[-–]${H}*(?<yb>${YEAR})`;
const PERIOD = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${QUARTER}|${SPAN}|${MONTH})(?:${JOINED_YEAR})?(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?:${YEARS})(?![\\p{L}\\p{N}])`,
  'giu',
);
/** A year alone, not inside a full date ("27/12/2021") nor a range of years ("2020-2025", "2016 - 2021"). */
const BARE_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}/.-]|\\d[/.-]|\\d{4}${H}*[-–]${H}*)(?<y>${YEAR})(?![\\p{L}\\p{N}]|[/.-]\\d|${H}*[-–]${H}*\\d{4})`,
  'gu',
);

function quarter(raw: string): number | null {
  const folded = raw.toLowerCase();
  if (folded === 'dau') return 1;
  if (folded === 'cuoi') return 4;
  const n = /^\d$/.test(folded) ? Number(folded) : (romanValue(folded.toUpperCase()) ?? NUMBER_WORDS[folded] ?? null);
  return n !== null && n >= 1 && n <= 4 ? n : null;
}

function monthOf(raw: string): number | null {
  const folded = raw.toLowerCase().replace(/\s+/g, ' ');
  if (folded === 'gieng') return 1;
  if (folded === 'chap') return 12;
  if (folded === 'muoi mot') return 11;
  if (folded === 'muoi hai') return 12;
  const n = /^\d+$/.test(folded) ? Number(folded) : (NUMBER_WORDS[folded] ?? null);
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

/** Every period written in `text`, in order; bare years only outside the periods found. */
export function readPeriods(text: string): Period[] {
  const folded = foldDiacritics(text);
  const out: Period[] = [];
  for (const m of folded.matchAll(PERIOD)) {
    const g = m.groups ?? {};
    const written = g.year ?? g.y ?? g.ya;
    const year = written !== undefined ? Number(written) : null;
    const last = g.y2 ?? g.yb;
    const toYear = last !== undefined && Number(last) >= (year ?? 0) ? Number(last) : year;
    let from = 1;
    let to = 12;
    if (g.q !== undefined || g.qs !== undefined) {
      const q = quarter(g.q ?? g.qs ?? '');
      if (q === null) continue;
      [from, to] = [3 * q - 2, 3 * q];
    } else if (g.n !== undefined) {
      const n = /^\d+$/.test(g.n) ? Number(g.n) : (NUMBER_WORDS[g.n.toLowerCase()] ?? 0);
      if (n < 1 || n > 12) continue;
      [from, to] = g.side?.toLowerCase() === 'cuoi' ? [13 - n, 12] : [1, n];
    } else if (g.half !== undefined) {
      [from, to] = g.half.toLowerCase() === 'cuoi' ? [7, 12] : [1, 6];
    } else if (g.m !== undefined || g.ms !== undefined) {
      const month = monthOf(g.m ?? g.ms ?? '');
      if (month === null) continue;
      [from, to] = [month, month];
    }
    out.push({ start: m.index, end: m.index + m[0].length, year, toYear, fromMonth: from, toMonth: to });
  }
  for (const m of folded.matchAll(BARE_YEAR)) {
    if (out.some((p) => m.index < p.end && p.start < m.index + m[0].length)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, year: Number(m[0]), toYear: Number(m[0]), fromMonth: 1, toMonth: 12 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether two periods can be the same time: years overlap when both are written, and so do months within a year. */
export function periodsOverlap(a: Period, b: Period): boolean {
  if (a.year !== null && b.year !== null) {
    const [aTo, bTo] = [a.toYear ?? a.year, b.toYear ?? b.year];
    if (aTo < b.year || bTo < a.year) return false;
    // Spans of several years cover every month of them.
    if (aTo > a.year || bTo > b.year) return true;
  }
  return a.fromMonth <= b.toMonth && b.fromMonth <= a.toMonth;
}
