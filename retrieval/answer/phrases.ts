/**
 * The short typed phrase a sentence gives for a question: a count (count.ts), a date, a person
 * (person.ts) or the subject of a document — or null when the sentence gives none.
 */
import { DATE_PHRASE } from '../../text/dates.ts';
import type { Span } from '../../text/sentences.ts';
import { extractCount } from './count.ts';
import { clauseAround, mentionNames, mentionsIn, type Extracted, type TypedCue } from './cue.ts';
import { extractPerson } from './person.ts';
import { coverage, EMPTY_TERMS, missingKey, termSet, unionTerms, type FocusTerms, type TermSet } from './terms.ts';

/** A clause lacking a focus word this heavy (relative to the heaviest) is about something else. */
const KEY_MISSING = 0.75;

/**
 * The typed phrase `sentence` gives for the cue's question, or null. `context` holds the terms of
 * what frames the sentence (document title, section headings): "thành lập tỉnh (1-1-2004 …)"
 * answers "Tỉnh Hậu Giang thành lập ngày nào?" in a document titled "Hậu Giang: …".
 */
export function extractPhrase(cue: TypedCue, text: string, sentence: Span, context: TermSet = EMPTY_TERMS): Extracted | null {
  switch (cue.type) {
    case 'count':
      return extractCount(cue, text, sentence, context);
    case 'date':
      return extractDate(cue, text, sentence, context);
    case 'person':
      return extractPerson(cue, text, sentence, context);
    case 'subject':
      return extractSubject(cue, text, sentence);
    default:
      return null;
  }
}

// -------------------------------------------- date

/** A year alone ("năm 1943", "mùa hè năm 1521", "những năm 1990", "1519"), when no full date holds it. */
const YEAR_DATE =
  /(?<![\p{L}\p{N}\-–/.,])(?:(?:(?:đầu|giữa|cuối|mùa xuân|mùa hè|mùa thu|mùa đông|thập niên|những)\s+)?năm\s+)?(?:1[0-9]\d\d|20\d\d)(?![\p{L}\p{N}]|[/.,\-–]\d)/giu;
/** A year answers "năm nào" or "khi nào" fully, "ngày nào" only in part; a full date beats it. */
const YEAR_ONLY = 0.9;
const YEAR_FOR_DAY = 0.7;
/** Characters around a date read as its own words. */
const DATE_REACH = 100;
/** Fewer words than this before a date ("Vào", "Năm") make it open its clause. */
const OPENING_WORDS = 3;
/** What may stand between a designation and its date: ", ngày", " ban hành ngày", ", ngày:". */
const DATE_INTRO = /^[\s,]*(?:ban hành\s+)?(?:vào\s+)?ngày\s*:?\s*$/u;

interface DateSpan extends Span {
  readonly yearOnly: boolean;
}

/** The dates written in the sentence, then the years no date holds. */
function datesIn(text: string, sentence: Span, asked: FocusTerms): DateSpan[] {
  const body = text.slice(sentence.start, sentence.end);
  const at = (m: RegExpMatchArray, yearOnly: boolean): DateSpan => ({
    start: sentence.start + (m.index ?? 0),
    end: sentence.start + (m.index ?? 0) + m[0].length,
    yearOnly,
  });
  const dates = [...body.matchAll(DATE_PHRASE)].map((m) => at(m, false));
  const years = [...body.matchAll(YEAR_DATE)]
    .map((m) => at(m, true))
    // A year the question itself writes is what it is about, not its answer.
    .filter((y) => !dates.some((d) => y.start < d.end && d.start < y.end) && !asked.terms.some((t) => t.exact === text.slice(y.end - 4, y.end)));
  return [...dates, ...years];
}

function extractDate(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  const dates = datesIn(text, sentence, cue.focus);
  if (dates.length === 0) return null;
  if (cue.refKeys.size > 0) {
    // Only the date written right after the asked designation is its date.
    for (const mention of mentionsIn(text, sentence)) {
      if (!mentionNames(cue.refKeys, mention.key)) continue;
      const date = dates.find((d) => !d.yearOnly && d.start >= mention.end && DATE_INTRO.test(text.slice(mention.end, d.start)));
      if (date) return { start: date.start, end: date.end, strength: 1 };
    }
    return null;
  }
  let best: Extracted | null = null;
  const sentenceKeyed = missingKey(cue.focus, unionTerms(termSet(text.slice(sentence.start, sentence.end)), context)) < KEY_MISSING;
  dates.sort((a, b) => a.start - b.start);
  dates.forEach((d, i) => {
    const clause = clauseAround(text, sentence, d.start, d.end);
    // What is dated is said in the date's clause or before it ("… đã gia nhập: Anh … vào năm 1973").
    const clauseTerms = unionTerms(termSet(text.slice(sentence.start, clause.end)), context);
    const clauseCoverage = coverage(cue.focus, clauseTerms);
    // A key word of the question the sentence has but not this date's clause: the date is of something
    // else. (A sentence without it is penalized once, as a candidate: evidence.ts.)
    if (clauseCoverage < 0.5 || (sentenceKeyed && missingKey(cue.focus, clauseTerms) >= KEY_MISSING)) return;
    const local = coverage(cue.focus, termSet(ownWords(text, sentence, clause, dates, i)));
    const strength = (0.7 * clauseCoverage + 0.3 * local) * (d.yearOnly ? (cue.dayAsked ? YEAR_FOR_DAY : YEAR_ONLY) : 1);
    if (!best || strength > best.strength) best = { start: d.start, end: d.end, strength };
  });
  return best;
}

/**
 * The words a date of a clause goes with, when the clause has several: "… Na Uy vào năm 1973, Hy
 * Lạp năm 1981, Tây Ban Nha và Bồ Đào Nha vào năm 1986" — back to the previous date, and forward
 * to the comma; a date opening its clause ("Vào cuối tháng 12 vừa qua, Ban Chấp hành … tổ chức …")
 * dates what follows it, up to the next date.
 */
function ownWords(text: string, sentence: Span, clause: Span, dates: readonly DateSpan[], i: number): string {
  const date = dates[i];
  if (!date) return '';
  const previous = dates[i - 1];
  const from = Math.max(clause.start, previous?.end ?? sentence.start, date.start - DATE_REACH);
  const lead = text.slice(from, date.start);
  const opening = (previous === undefined || previous.end <= clause.start) && (lead.match(/\p{L}+/gu) ?? []).length < OPENING_WORDS;
  const comma = opening ? -1 : text.slice(date.end, clause.end).search(/[,;]/u);
  const to = Math.min(clause.end, dates[i + 1]?.start ?? sentence.end, date.end + DATE_REACH, comma < 0 ? clause.end : date.end + comma);
  return `${lead} ${text.slice(date.end, to)}`;
}

// -------------------------------------------- subject

/** The "về …" clause (or quoted title) of the asked designation, "về" included. */
function extractSubject(cue: TypedCue, text: string, sentence: Span): Extracted | null {
  if (cue.refKeys.size === 0) return null;
  for (const mention of mentionsIn(text, sentence)) {
    if (!mentionNames(cue.refKeys, mention.key) || mention.subject === null) continue;
    const at = text.indexOf(mention.subject, mention.end);
    if (at < 0 || at >= sentence.end) continue;
    let start = at;
    let end = at + mention.subject.length;
    if (text[end] === '”' || text[end] === '"') end++;
    const before = /(?:[Vv]ề(?:\s+việc)?\s*[“"]?|[“"])$/u.exec(text.slice(Math.max(sentence.start, at - 12), at));
    if (before) start = at - before[0].length;
    return { start, end, strength: 1 };
  }
  return null;
}
