/**
 * The clause after a designation: "ngày <date>", "của <issuer>[, khóa XIII]", "ngày <date>", then
 * "về …" or a quoted title, read inside a bounded window so each mention costs O(TAIL_WINDOW).
 */
import { readDateAt } from '../dates.ts';
import type { FoldedText } from '../fold.ts';
import { toRoman } from '../numerals.ts';
import { H, NA, ROMAN, words } from './patterns.ts';
import { ISSUERS } from './vocabulary.ts';

/** What may stand between a designation and its date: ", ngày", " ban hành ngày", ", ngày:". */
const DATE_INTRO = new RegExp(`${H}*,?${H}*(?:ban${H}+hanh${H}+)?(?:vao${H}+)?ngay${H}*:?${H}*`, 'uy');
const OF = new RegExp(`${H}*,?${H}*cua${H}+`, 'uy');
const ISSUER_RES = ISSUERS.map(([w, display]) => [new RegExp(`${words(w)}${NA}`, 'uy'), display] as const);
const TERM = new RegExp(
  `${H}*\\(${H}*khoa${H}+(?<k1>${ROMAN})${H}*\\)|${H}*,?${H}*khoa${H}+(?<k2>${ROMAN})${NA}`,
  'uy',
);
const WORD = new RegExp(`${H}*([\\p{L}\\p{N}]+)`, 'uy');
/** Folded function words that end an issuer name not in the list ("… về", "… ngày", "… thực hiện"). */
const ISSUER_STOP = new Set(
  ['ve', 'ngay', 'tai', 'va', 'thuc', 'nham', 'khoa', 'da', 'duoc', 'trong', 'de', 'cho', 'theo', 'voi', 'la', 'quy', 'so'],
);
const ABOUT = new RegExp(`${H}*,?${H}*(?<ve>ve(?:${H}+viec)?(?:${H}+|(?=[“"«])))?`, 'uy');
const QUOTE_OPEN = /[“"«]/u;
const TAIL_WINDOW = 600;
const SUBJECT_MAX = 300;



export interface Tail {
  date: string | null;
  issuer: string | null;
  subject: string | null;
}

/** The folded text right after a designation, bounded so each mention costs O(TAIL_WINDOW). */
interface Window {
  readonly s: string;
  /** Original index of window index i. */
  readonly at: (i: number) => number;
  readonly text: string;
}

/** Reads, in this order: "ngày <date>", "của <issuer>[, khóa XIII]", "ngày <date>", "về …" or “title”. */
export function readTail(f: FoldedText, text: string, from: number): Tail {
  const w: Window = { s: f.text.slice(from, from + TAIL_WINDOW), at: (i) => f.origin[from + i]!, text };
  let p = 0;
  const sticky = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = p;
    const m = re.exec(w.s);
    if (m !== null) p = re.lastIndex;
    return m;
  };
  const date = (): string | null => {
    const start = p;
    if (sticky(DATE_INTRO) === null) return null;
    const found = readDateAt(w.s, p);
    if (found === null) {
      p = start;
      return null;
    }
    p = found.end;
    return found.iso;
  };
  let issued = date();
  let issuer: string | null = null;
  const beforeOf = p;
  if (sticky(OF) !== null) {
    issuer = knownIssuer(sticky) ?? genericIssuer(w, p, (to) => (p = to));
    if (issuer === null) p = beforeOf;
    else {
      const term = sticky(TERM);
      const roman = term === null ? null : romanNumeral(term.groups?.k1 ?? term.groups?.k2 ?? '');
      if (roman !== null) issuer += ` khóa ${roman}`;
    }
  }
  issued ??= date();
  const about = sticky(ABOUT);
  const quoted = QUOTE_OPEN.test(w.s[p] ?? '');
  const subject = about?.groups?.ve !== undefined || quoted ? readSubject(w, p) : null;
  return { date: issued, issuer, subject };
}

function knownIssuer(sticky: (re: RegExp) => RegExpExecArray | null): string | null {
  for (const [re, display] of ISSUER_RES) if (sticky(re) !== null) return display;
  return null;
}

/** An issuer not in the list: a capitalized run of at most 8 words, up to a function word or punctuation. */
function genericIssuer(w: Window, from: number, advance: (to: number) => void): string | null {
  const first = w.text[w.at(from)] ?? '';
  if (first === first.toLowerCase()) return null;
  let p = from;
  let count = 0;
  for (;;) {
    WORD.lastIndex = p;
    const m = WORD.exec(w.s);
    if (m === null || ISSUER_STOP.has(m[1]!)) break;
    if (++count > 8) return null;
    p = WORD.lastIndex;
  }
  if (count === 0) return null;
  advance(p);
  return w.text.slice(w.at(from), w.at(p));
}

/** "Tỉnh ủy đã ban hành" right before a designation: who issued it, when the clause says so. */
const ISSUED_BY = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(?<issuer>${ISSUERS.map(([w]) => words(w)).join('|')})${H}+(?:da${H}+)?(?:kip${H}+thoi${H}+)?ban${H}+hanh${H}+$`,
  'u',
);
const BEFORE_WINDOW = 80;

export function readIssuerBefore(f: FoldedText, at: number): string | null {
  const before = f.text.slice(Math.max(0, at - BEFORE_WINDOW), at);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const m = ISSUED_BY.exec(line);
  if (m?.groups?.issuer === undefined) return null;
  const folded = m.groups.issuer.replace(/\s+/g, ' ');
  for (const [re, display] of ISSUER_RES) {
    re.lastIndex = 0;
    const whole = new RegExp(`^${re.source}`, 'u');
    if (whole.test(folded)) return display;
  }
  return null;
}

export function romanNumeral(raw: string): string | null {
  return /^\d+$/.test(raw) ? toRoman(Number(raw)) : /^[ivxlc]+$/.test(raw) ? raw.toUpperCase() : null;
}

/**
 * A quoted title without its quotes, or the "về …" clause up to the clause end: ; . ! ? a line
 * break or an enumeration marker "(2)", outside quotes, within SUBJECT_MAX characters.
 */
function readSubject(w: Window, from: number): string | null {
  const s = w.s;
  let p = from;
  let end = -1;
  if (QUOTE_OPEN.test(s[p] ?? '')) {
    p += 1;
    const close = s.slice(p, p + SUBJECT_MAX).search(/[”"»\r\n]/u);
    if (close >= 0 && s[p + close] !== '\n' && s[p + close] !== '\r') end = p + close;
  }
  if (end < 0) {
    end = Math.min(s.length, p + SUBJECT_MAX);
    let depth = 0;
    for (let i = p; i < end; i++) {
      const c = s[i]!;
      if (c === '“') depth++;
      else if (c === '”') depth = Math.max(0, depth - 1);
      else if (c === '\n' || c === '\r' || (depth === 0 && isClauseEnd(s, i))) {
        end = i;
        break;
      }
    }
  }
  const subject = w.text
    .slice(w.at(p), w.at(end))
    .replace(/^\s*[Vv]ề(?:\s+việc)?\s+/u, '')
    .replace(/[\s,:…“”"]+$/u, '')
    .trim();
  return subject === '' ? null : subject;
}

function isClauseEnd(s: string, i: number): boolean {
  const c = s[i];
  if (c === ';' || c === '!' || c === '?') return true;
  if (c === '.') return !/\d/.test(s[i + 1] ?? '');
  return c === '(' && /^\(\d{1,2}\)/.test(s.slice(i, i + 4));
}

