/**
 * Count answers: the number a sentence gives for "bao nhiêu / mấy …" with the noun phrase it
 * counts ("05 nhóm nhiệm vụ, giải pháp", "trên 1.500 tỷ đồng", "7,5 - 8%", "khiển trách 19"), or
 * the ordinal asked by "số mấy / lần thứ mấy" ("Đoàn giám sát số 39").
 */
import { foldForMatch } from '../../text/fold.ts';
import type { Span } from '../../text/sentences.ts';
import { foldTerm } from '../../text/tokenize.ts';
import { clauseAround, mentionNames, mentionsIn, NOUN_STOP, previousWord, type Extracted, type Mention, type TypedCue } from './cue.ts';
import { coverage, missingKey, termSet, unionTerms, type TermSet } from './terms.ts';

const NUMBER = /(?<![\p{L}\p{N}\-/.,])\d+(?:[.,]\d+)*(?:\/\d+(?:[.,]\d+)*)?(?![\p{L}\p{N}])/gu;
/** Numbers written as words; only a counted noun right after makes one a quantity ("sáu giải", not "năm 2022"). */
const NUMBER_WORD = /(?<![\p{L}\p{N}])(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|hàng trăm|hàng nghìn|hàng ngàn)(?![\p{L}\p{N}])/gu;
const DATE_LIKE = /^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?$|^\d{1,2}\/\d{4}$/u;
/** Words before a number that make it an ordinal, a year or a name, not a quantity. */
const NOT_QUANTITY_BEFORE = /(?:lần thứ|thứ|số|năm|quý|quí|khóa|khu vực|Vụ|đợt|tháng|ngày|giai đoạn|kỳ|Covid|COVID)\s*$/u;
/** Qualifiers that belong to a quantity ("trên 1.500 tỷ đồng", "ít nhất 2 cuộc", "giảm 2 đảng viên"). */
const QUALIFIER_BEFORE = /(?:ít nhất|tối thiểu|tối đa|khoảng|gần|trên|dưới|hơn|giảm|tăng|từ)\s$/u;
const WORD_AT = /[\p{L}\p{M}]+/uy;
const PHRASE_MAX_WORDS = 8;
/** Characters around a number read as its lead and tail. */
const LEAD_REACH = 60;
/** Share of the counted noun a phrase must match ("ca" of "ca mắc Covid-19" matches "1.300 ca nhiễm"). */
const NOUN_MIN = 0.3;
const ASIDE_FACTOR = 0.9;
/** "5 - 11 tuổi", "7,5 - 8%", "1-1,5 lần": a range reads as one quantity. */
const RANGE_TAIL = /^\s?[-–]\s?\d+(?:[.,]\d+)?(?![\p{L}\p{N}/])/u;
/** "36 tỷ 208 triệu đồng": an amount goes on after a magnitude word. */
const MAGNITUDES = new Set(['tỷ', 'triệu', 'nghìn', 'ngàn', 'trăm']);
/** A clause lacking a focus word this heavy (relative to the heaviest) is about something else. */
const KEY_MISSING = 0.75;
const KEY_MISSING_FACTOR = 0.6;
const COMMA_LOOKAHEAD = 3;
const COMMA_CLOSERS = new Set('trong của về tại theo đi để cho với và nhằm ở thuộc'.split(' '));
/** "không", "chưa" as negation; "không gian", "không khí" are nouns. */
const NEGATION = /(?<![\p{L}])(?:không|chưa)(?![\p{L}])(?!\s+(?:gian|khí|quân|phận)(?![\p{L}]))/u;
const NEGATION_FACTOR = 0.8;
/** The question asks how much something rose or fell, and the number's lead does not say so. */
const CHANGE_MISSING_FACTOR = 0.7;
/** Counted nouns that all count people ("bao nhiêu cán bộ" is answered by "3 đồng chí"). */
/**
 * Counted nouns of one kind, any of which a question may ask with and a report write (folded): "bao
 * nhiêu cán bộ" is answered by "3 đồng chí", "bao nhiêu tiền" by "1.500 tỷ đồng", "mấy tỉnh" by "02
 * đơn vị" (the reports' word for the provinces, districts and agencies they count).
 */
const NOUN_KINDS: readonly (readonly string[])[] = [
  ['can bo', 'dong chi', 'nguoi', 'dang vien', 'ca nhan', 'nhan su'],
  ['tien', 'kinh phi', 'dong', 'ty dong', 'trieu dong', 'nghin dong', 'usd'],
  ['tinh', 'thanh pho', 'huyen', 'xa', 'dia phuong', 'don vi', 'co quan'],
];
const KIND_MATCH = 0.6;
const LABEL_MAX_WORDS = 4;
const ORDINAL = /(?<![\p{L}])(?:lần thứ|thứ|số)\s+(?:\d{1,3}|[IVXLC]{1,6})(?![\p{L}\p{N}])/gu;

/** The number and the noun phrase after it, up to a function word or the clause end. */
function numberPhrase(text: string, start: number, end: number, limit: number): Span {
  let p = end;
  const range = RANGE_TAIL.exec(text.slice(p, Math.min(limit, p + 16)));
  if (range) p += range[0].length;
  if (text[p] === '%') return { start, end: p + 1 };
  let phraseEnd = p;
  let words = 0;
  let commaUsed = false;
  for (;;) {
    let q = p;
    while (q < limit && text[q] === ' ') q++;
    if (q >= limit) break;
    if (text[q] === ',' && !commaUsed && words > 0) {
      // A short coordinated noun after a comma ("nhiệm vụ, giải pháp") belongs to the phrase.
      const after = wordsUntilStop(text, q + 1, limit, COMMA_LOOKAHEAD);
      if (after === null) break;
      commaUsed = true;
      phraseEnd = after;
      p = after;
      continue;
    }
    const previous = text.slice(Math.max(start, phraseEnd - 6), phraseEnd).split(' ').pop() ?? '';
    const amount = MAGNITUDES.has(previous) ? /^\d+(?:[.,]\d+)*/u.exec(text.slice(q, q + 12)) : null;
    if (amount) {
      p = q + amount[0].length;
      phraseEnd = p;
      continue;
    }
    WORD_AT.lastIndex = q;
    const word = WORD_AT.exec(text);
    if (!word || words >= PHRASE_MAX_WORDS || NOUN_STOP.has(word[0].toLowerCase())) break;
    words++;
    p = q + word[0].length;
    phraseEnd = p;
  }
  return { start, end: phraseEnd };
}

/** End of two to `max` words from `from` when a preposition or clause end comes right after them, else null. */
function wordsUntilStop(text: string, from: number, limit: number, max: number): number | null {
  let p = from;
  let words = 0;
  for (;;) {
    let q = p;
    while (q < limit && text[q] === ' ') q++;
    if (q >= limit || /[;.:()]/u.test(text[q] ?? '')) return words >= 2 ? p : null;
    WORD_AT.lastIndex = q;
    const word = WORD_AT.exec(text);
    if (!word) return null;
    const lower = word[0].toLowerCase();
    // Only a preposition may follow the coordinated noun; "…, chi bộ không có …" opens a new clause.
    if (COMMA_CLOSERS.has(lower)) return words >= 2 ? p : null;
    if (NOUN_STOP.has(lower)) return null;
    if (++words > max) return null;
    p = q + word[0].length;
  }
}

/** Start of the label written before a bare number ("khiển trách 19"): up to the previous , ; : ( or number. */
function labelStart(text: string, from: number, at: number): number {
  let start = at;
  for (let words = 0; words < LABEL_MAX_WORDS; words++) {
    const word = previousWord(text, from, start);
    if (!word) break;
    start = word.start;
  }
  return start;
}

function foldedWords(text: string): string[] {
  return foldForMatch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * How well the phrase's noun matches the counted noun: the share of the noun's head (its first
 * two words) found as a contiguous run within the first two words of the phrase; nouns of one
 * kind (`NOUN_KINDS`) match partly.
 */
function nounMatch(noun: readonly string[], phraseWords: readonly string[]): number {
  const head = Math.min(2, noun.length);
  let best = 0;
  for (let offset = 0; offset < Math.min(2, phraseWords.length); offset++) {
    let n = 0;
    while (n < head && phraseWords[offset + n] === noun[n]) n++;
    best = Math.max(best, n / head);
  }
  if (best < 1) {
    const asked = noun.slice(0, 2).join(' ');
    const written = ` ${phraseWords.slice(0, 3).join(' ')} `;
    const sameKind = NOUN_KINDS.some((kind) => kind.some((k) => asked === k || asked.startsWith(`${k} `)) && kind.some((k) => written.includes(` ${k} `)));
    if (sameKind) best = Math.max(best, KIND_MATCH);
  }
  return best;
}

/** The "(" still open at `at` (searched from `from`), or -1. */
function openParenthesis(text: string, from: number, at: number): number {
  const before = text.slice(from, at);
  const open = before.lastIndexOf('(');
  return open > before.lastIndexOf(')') ? from + open : -1;
}

function nearMention(mentions: readonly Mention[], keys: ReadonlySet<string>, at: Span): number {
  let best = 0;
  for (const m of mentions) {
    if (!mentionNames(keys, m.key)) continue;
    const gap = m.start >= at.end ? m.start - at.end : at.start >= m.end ? at.start - m.end : 0;
    // Another reference between the two means the number belongs to that one.
    const between = mentions.some(
      (o) => o !== m && !mentionNames(keys, o.key) && o.start >= Math.min(m.end, at.end) && o.end <= Math.max(m.start, at.start),
    );
    if (!between) best = Math.max(best, gap <= 60 ? 1 : gap <= 200 ? 0.5 : 0.2);
  }
  return best;
}

/** The best count phrase of the sentence for the cue, or null. */
export function extractCount(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  if (cue.ordinal) return extractOrdinal(cue, text, sentence, context);
  const body = text.slice(sentence.start, sentence.end);
  const mentions = mentionsIn(text, sentence);
  const written = cue.countNoun.length > 0 ? [...body.matchAll(NUMBER), ...body.matchAll(NUMBER_WORD)].sort((a, b) => a.index - b.index) : [...body.matchAll(NUMBER)];
  const numbers = written
    .map((m) => ({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, written: m[0], word: /^\p{L}/u.test(m[0]) }))
    .filter(
      (n) =>
        !DATE_LIKE.test(n.written) &&
        !/^(?:19|20)\d\d$/u.test(n.written) &&
        !mentions.some((r) => n.start < r.end && n.end > r.start) &&
        !(text[n.start - 1] === '(' && text[n.end] === ')') && // an item marker "(3)"

        !NOT_QUANTITY_BEFORE.test(text.slice(Math.max(sentence.start, n.start - 12), n.start)),
    );
  const sentenceTerms = unionTerms(termSet(body), context);
  const sentenceCoverage = coverage(cue.focus, sentenceTerms);
  const sentenceKeyed = missingKey(cue.focus, sentenceTerms) < KEY_MISSING;
  const wantsPercent = cue.countNoun[0] === 'phan' && cue.countNoun[1] === 'tram';
  let best: Extracted | null = null;
  let previousEnd = sentence.start;
  numbers.forEach((n, i) => {
    const phrase = numberPhrase(text, n.start, n.end, sentence.end);
    if (phrase.start < previousEnd) return; // inside the previous phrase ("5 - 11")
    // The number's own words: from the end of the previous item to the next separator.
    const leadFrom = Math.max(previousEnd, lastBoundary(text, sentence.start, n.start), n.start - LEAD_REACH);
    const tailTo = nextBoundary(text, phrase.end, Math.min(numbers[i + 1]?.start ?? sentence.end, phrase.end + LEAD_REACH));
    previousEnd = tailTo;
    const words = foldedWords(text.slice(n.end, phrase.end).replace(/^[\s\d.,–-]+/u, ''));
    const clause = clauseAround(text, sentence, n.start, phrase.end);
    // What the number counts is said in its clause or before it in the sentence ("Mặt trận … đã
    // tập trung …: tặng quà … (… tổng trị giá hơn 36 tỷ …)").
    const clauseTerms = unionTerms(termSet(text.slice(sentence.start, clause.end)), context);
    // A breakdown in parentheses ("1.038 lượt (đương chức 150 lượt, hưu trí 863 lượt …)") is
    // labelled by what it breaks down as well as by its own words.
    const open = openParenthesis(text, sentence.start, n.start);
    const inner = open < 0 ? '' : text.slice(Math.max(open + 1, leadFrom), n.start);
    const inherited = open < 0 ? '' : text.slice(Math.max(lastBoundary(text, sentence.start, open), open - LEAD_REACH), open);
    const own = `${text.slice(leadFrom, n.start)} ${text.slice(phrase.end, tailTo)}`;
    const tight = coverage(cue.label, termSet(`${inherited} ${own}`));
    const percent = text[phrase.end - 1] === '%';
    let start = phrase.start;
    let strength: number;
    // A number word ("sáu giải Grammy") counts only the noun right after it.
    if (n.word && (words.length === 0 || /^\d/u.test(text.slice(n.end + 1, n.end + 2)))) return;
    if (words.length === 0 && !percent) {
      // A bare number after its label ("khiển trách 19", "hưu trí 863 lượt"): the label is the noun.
      start = labelStart(text, leadFrom, n.start);
      if (start === n.start || tight < 0.2) return;
      strength = 0.4 * sentenceCoverage + 0.6 * tight;
    } else if (cue.countNoun.length > 0) {
      const noun = wantsPercent ? (percent ? 1 : 0) : nounMatch(cue.countNoun, words);
      if (noun < NOUN_MIN) return;
      strength = 0.4 * noun + 0.4 * sentenceCoverage + 0.2 * tight;
    } else {
      // No noun to match ("tăng bao nhiêu?"): the sentence must say what the number counts, before it.
      if (sentenceCoverage < 0.6 || tight < 0.2 || missingKey(cue.focus, clauseTerms) >= KEY_MISSING) return;
      if (coverage(cue.focus, unionTerms(termSet(text.slice(sentence.start, n.start)), context)) < 0.7 * sentenceCoverage) return;
      strength = 0.5 * sentenceCoverage + 0.5 * tight;
    }
    // The key word is in the sentence but not around this number: the number is about something
    // else. (A sentence without it is penalized once, as a candidate: evidence.ts.)
    if (missingKey(cue.focus, clauseTerms) >= KEY_MISSING && sentenceKeyed) strength *= KEY_MISSING_FACTOR;
    // "437 chi bộ không có chi ủy" does not answer "bao nhiêu chi bộ có chi ủy", nor the converse.
    if (NEGATION.test(own) !== cue.negated) strength *= NEGATION_FACTOR;
    // "giảm bao nhiêu" asks for the decrease: "(giảm 2 đảng viên …)", not the total before it.
    if (cue.change !== null && !new RegExp(`(?<![\\p{L}])${cue.change}(?![\\p{L}])`, 'iu').test(text.slice(leadFrom, n.start))) {
      strength *= CHANGE_MISSING_FACTOR;
    }
    if (cue.refKeys.size > 0) strength = 0.6 * strength + 0.4 * nearMention(mentions, cue.refKeys, phrase);
    // An aside in parentheses ("(có ngày trên 1.300 ca nhiễm)") is seldom what is asked, unless its
    // own words are ("hưu trí 863 lượt" for "cán bộ nghỉ hưu").
    if (open >= 0 && coverage(cue.label, termSet(inner)) === 0) strength *= ASIDE_FACTOR;
    const qualifier = QUALIFIER_BEFORE.exec(text.slice(Math.max(sentence.start, start - 10), start));
    if (qualifier) start -= qualifier[0].length;
    if (!best || strength > best.strength) best = { start, end: phrase.end, strength };
  });
  return best;
}

/** After the last ; : ( before `at`. (Commas are not boundaries here: "hàng hóa, dịch vụ … tăng trên 14%".) */
function lastBoundary(text: string, from: number, at: number): number {
  // A number opening a parenthesis quantifies what comes before it: "mức tăng của cả nước (5,03%)".
  let i = at - 1;
  while (i >= from && text[i] === ' ') i--;
  if (text[i] === '(') i--;
  for (; i >= from; i--) if (/[;:(]/u.test(text[i] ?? '')) return i + 1;
  return from;
}

/** The first , ; ( ) at or after `from`, or `limit`. */
function nextBoundary(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (/[,;()]/u.test(text[i] ?? '')) return i;
  return limit;
}

/** "Đoàn giám sát số 39", "lần thứ 4", "lần thứ VII", with the words of the question written before it. */
function extractOrdinal(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  const body = text.slice(sentence.start, sentence.end);
  let best: Extracted | null = null;
  for (const m of body.matchAll(ORDINAL)) {
    const at = sentence.start + m.index;
    const end = at + m[0].length;
    // Take in the words before it that the question also has ("Đoàn giám sát" số 39).
    let start = at;
    for (let k = 0; k < 3; k++) {
      const word = previousWord(text, sentence.start, start);
      if (!word || !cue.focus.syllables.includes(foldTerm(text.slice(word.start, word.end).toLowerCase()))) break;
      start = word.start;
    }
    const clause = clauseAround(text, sentence, at, end);
    const strength = coverage(cue.focus, unionTerms(termSet(text.slice(clause.start, clause.end)), context));
    if (strength >= 0.5 && (!best || strength > best.strength)) best = { start, end, strength };
  }
  return best;
}

