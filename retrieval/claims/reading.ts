/**
 * Reading a claim or an evidence sentence: counts with what they count, content words, and the
 * numbers and Roman numerals that anchor a fact to its period.
 */
import type { Span } from '../../text/sentences.ts';
import { isStopWord } from '../../text/stopwords.ts';
import { foldTerm, tokenizeSyllables, type Token } from '../../text/tokenize.ts';

export interface Quantity {
  readonly value: number;
  /** Folded syllables of the counted noun ("nhom", "nhiem", "vu") or ["%"]. */
  readonly noun: readonly string[];
  /** Folded content syllables right before the number in its clause, nearest first. */
  readonly left: readonly string[];
  /** Span of number + noun; `numberEnd` ends the number. */
  readonly start: number;
  readonly end: number;
  readonly numberEnd: number;
  /** As written ("05 nhóm nhiệm vụ"). */
  readonly written: string;
}

/** Words that frame a fact rather than state it ("một", "số", "ngày", "hơn"…), beside the stop words. */
const FRAMING_WORDS = new Set('một số ngày tháng năm hơn so như nhằm gồm bởi'.split(' ').flatMap((w) => [w, foldTerm(w)]));
/** Roman numerals I…XXXIX, written in capitals ("vi" is also "vì"). */
const ROMAN = /^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$/;
const NUMBER = /^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
const JOINERS = new Set(['-', '/', '\u2010', '\u2011', '\u2013']);
/** Words after which a number is a label, not a count: "quý 1", "khóa XIII", "lần thứ 8", "khu vực 2". */
const LABEL_BEFORE = new Set(
  ['quý', 'quí', 'tháng', 'năm', 'ngày', 'tuần', 'khóa', 'thứ', 'kỳ', 'kì', 'đợt', 'vực', 'điều', 'khoản', 'mục', 'số',
    'phần', 'chương', 'cụm', 'giai'].map(foldTerm),
);
const MAX_NOUN = 3;
const MAX_LEFT = 4;

function isStop(term: string): boolean {
  return isStopWord(term) || FRAMING_WORDS.has(term);
}

/** Syllables and numbers of `text`: the tokenizer's pieces, without joined terms and alternates. */
function pieces(text: string): Token[] {
  const tokens = tokenizeSyllables(text);
  return tokens.filter((t, i) => {
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    const joined = next !== undefined && next.start === t.start && next.end < t.end;
    const alternate = previous !== undefined && previous.start === t.start && previous.end === t.end;
    return !joined && !alternate;
  });
}

export function inside(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start < end && start < s.end);
}

/** Folded syllables of `text` outside `skip`, without stopwords unless `dropStop` is false. */
export function contentTerms(text: string, skip: readonly Span[], dropStop = true): Set<string> {
  const out = new Set<string>();
  for (const p of pieces(text)) {
    if (!inside(skip, p.start, p.end) && !(dropStop && isStop(p.term))) out.add(foldTerm(p.term));
  }
  return out;
}

/** Numbers and capital Roman numerals outside `skip`, folded like content terms. */
export function anchorTerms(text: string, skip: readonly Span[]): Set<string> {
  const out = new Set<string>();
  for (const p of pieces(text)) {
    const anchor = /^\d/.test(p.term) || ROMAN.test(text.slice(p.start, p.end));
    if (anchor && !inside(skip, p.start, p.end)) out.add(foldTerm(p.term));
  }
  return out;
}

/**
 * Counts with what they count: "05 nhóm nhiệm vụ" (5), "1.320 đảng viên" (1320), "5,09%" (5.09).
 * Numbers inside `skip` (dates, designations), joined to other pieces ("I-2023", "1.899/1.899")
 * or followed by no noun are not counts.
 */
export function readQuantities(text: string, skip: readonly Span[]): Quantity[] {
  const ps = pieces(text);
  const gapIsSpace = (from: number, to: number): boolean => /^[^\S\r\n]+$/u.test(text.slice(from, to));
  const out: Quantity[] = [];
  ps.forEach((p, i) => {
    if (!NUMBER.test(p.term) || inside(skip, p.start, p.end)) return;
    if (JOINERS.has(text[p.start - 1] ?? '') || JOINERS.has(text[p.end] ?? '')) return;
    const before = ps[i - 1];
    if (before !== undefined && LABEL_BEFORE.has(foldTerm(before.term)) && gapIsSpace(before.end, p.start)) return;
    const value = Number(p.term.replace(/\.(?=\d{3})/g, '').replace(',', '.'));
    const percent = /^[^\S\r\n]?%/u.exec(text.slice(p.end, p.end + 2));
    const noun: string[] = [];
    let end = p.end;
    if (percent !== null) {
      noun.push('%');
      end += percent[0].length;
    } else {
      for (let j = i + 1; j < ps.length && noun.length < MAX_NOUN; j++) {
        const w = ps[j]!;
        if (!gapIsSpace(end, w.start) || /^\d/.test(w.term) || isStop(w.term) || inside(skip, w.start, w.end)) break;
        noun.push(foldTerm(w.term));
        end = w.end;
      }
    }
    if (noun.length === 0) return;
    const left: string[] = [];
    for (let j = i - 1, from = p.start; j >= 0 && left.length < MAX_LEFT; j--) {
      const w = ps[j]!;
      if (!gapIsSpace(w.end, from) || /^\d/.test(w.term) || inside(skip, w.start, w.end)) break;
      if (!isStop(w.term)) left.push(foldTerm(w.term));
      from = w.start;
    }
    out.push({ value, noun, left, start: p.start, end, numberEnd: p.end, written: text.slice(p.start, end) });
  });
  return out;
}
