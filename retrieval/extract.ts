/**
 * Evidence matching for answers: how much of a question's focus a span of text covers, and the
 * short typed phrase (a count, a date, a person, a subject) a sentence gives for a question.
 *
 * Everything works on spans of the document text, so what comes out is always a verbatim slice.
 * Term weights are idf over the sentences of the whole corpus: a word that every sentence has
 * ("công tác", "của") says little; a word no sentence has ("vàng", "World Cup") is a part of the
 * question the documents cannot answer, and weighs fully against coverage.
 */
import type { Document } from '../ingest/types.ts';
import { foldDiacritics } from '../text/fold.ts';
import { parseReferences, referenceKey } from '../text/references.ts';
import { splitSentences, type Span } from '../text/sentences.ts';
import { exactTerms, foldTerm, tokenizeSyllables } from '../text/tokenize.ts';
import type { Query } from './types.ts';

// ---------------------------------------------------------------- focus terms and coverage

export interface TermStatistics {
  /** Number of sentences in the corpus. */
  readonly sentences: number;
  /** Folded term → number of sentences containing it. */
  readonly df: ReadonlyMap<string, number>;
}

interface WeightedTerm {
  readonly exact: string;
  readonly folded: string;
  readonly weight: number;
  /** Folded forms that count as this term too: the abbreviation of the long form it belongs to ("mttq"). */
  readonly aliases?: readonly string[];
}

/** A long form in the focus the documents may also write abbreviated ("Mặt trận Tổ quốc" / "MTTQ"). */
export interface FocusAlias {
  readonly expansion: string;
  readonly abbr: string;
}

export interface FocusTerms {
  readonly terms: readonly WeightedTerm[];
  readonly total: number;
  /** Credit of a match on the folded form only (full when the question has no diacritics). */
  readonly foldedCredit: number;
  /** Folded syllables of the focus, in order (for phrase runs). */
  readonly syllables: readonly string[];
}

export interface TermSet {
  readonly exact: ReadonlySet<string>;
  readonly folded: ReadonlySet<string>;
}

/** A folded-only match ("quí" for "quý", "bàn" for "ban") when the question has marks. */
const FOLDED_ONLY_CREDIT = 0.6;
/** Bigrams carry phrase order, but their words already count: half weight. */
const BIGRAM_SHARE = 0.5;

const statisticsCache = new WeakMap<ReadonlyMap<string, Document>, TermStatistics>();

/** Sentence frequencies of folded terms over all documents; computed once per documents map. */
export function termStatistics(documents: ReadonlyMap<string, Document>): TermStatistics {
  const cached = statisticsCache.get(documents);
  if (cached) return cached;
  const df = new Map<string, number>();
  let sentences = 0;
  for (const doc of documents.values()) {
    for (const s of splitSentences(doc.text)) {
      sentences++;
      for (const term of new Set(exactTerms(doc.text.slice(s.start, s.end)).map(foldTerm))) {
        df.set(term, (df.get(term) ?? 0) + 1);
      }
    }
  }
  const stats = { sentences, df };
  statisticsCache.set(documents, stats);
  return stats;
}

function idf(stats: TermStatistics, term: string): number {
  const n = stats.df.get(term) ?? 0;
  return Math.log(1 + (stats.sentences - n + 0.5) / (n + 0.5));
}

/** Weighted terms of a question's focus. */
export function focusTerms(
  text: string,
  stats: TermStatistics,
  withoutDiacritics: boolean,
  aliases: readonly FocusAlias[] = [],
): FocusTerms {
  const aliasOf = new Map<string, string[]>();
  for (const { expansion, abbr } of aliases) {
    for (const term of exactTerms(expansion).map(foldTerm)) aliasOf.set(term, [...(aliasOf.get(term) ?? []), foldTerm(abbr.toLowerCase())]);
  }
  const seen = new Set<string>();
  const terms: WeightedTerm[] = [];
  for (const exact of exactTerms(text)) {
    const folded = foldTerm(exact);
    if (seen.has(folded)) continue;
    seen.add(folded);
    let weight: number;
    const parts = folded.split(/[_/-]/u);
    if (parts.length > 1) {
      // Bigrams and joined numbers ("1/2022", "i-2023") repeat their pieces: they add phrase evidence.
      weight = BIGRAM_SHARE * Math.min(idf(stats, folded), Math.max(...parts.map((p) => idf(stats, p))));
    } else {
      weight = idf(stats, folded);
    }
    const alias = aliasOf.get(folded);
    terms.push(alias ? { exact, folded, weight, aliases: alias } : { exact, folded, weight });
  }
  const syllables = tokenizeSyllables(text).map((t) => foldTerm(t.term));
  return {
    terms,
    total: terms.reduce((sum, t) => sum + t.weight, 0),
    foldedCredit: withoutDiacritics ? 1 : FOLDED_ONLY_CREDIT,
    syllables,
  };
}

/** Sentences, clauses and headings recur across questions: their term sets are memoized. */
const termSetCache = new Map<string, TermSet>();
const TERM_SET_CACHE_LIMIT = 50_000;

export function termSet(text: string): TermSet {
  let set = termSetCache.get(text);
  if (!set) {
    const exact = new Set(exactTerms(text));
    set = { exact, folded: new Set([...exact].map(foldTerm)) };
    if (termSetCache.size >= TERM_SET_CACHE_LIMIT) termSetCache.clear();
    termSetCache.set(text, set);
  }
  return set;
}

export function unionTerms(a: TermSet, b: TermSet): TermSet {
  return { exact: new Set([...a.exact, ...b.exact]), folded: new Set([...a.folded, ...b.folded]) };
}

const EMPTY_TERMS: TermSet = { exact: new Set(), folded: new Set() };

/** Weighted share of the focus found in the set, in [0, 1]. */
export function coverage(focus: FocusTerms, set: TermSet): number {
  if (focus.total <= 0) return 0;
  let found = 0;
  for (const t of focus.terms) {
    if (set.exact.has(t.exact) || t.aliases?.some((a) => set.folded.has(a))) found += t.weight;
    else if (set.folded.has(t.folded)) found += t.weight * focus.foldedCredit;
  }
  return found / focus.total;
}

/**
 * The weight of the heaviest focus word the set lacks, relative to the heaviest focus word: 1 when
 * the most telling word of the question ("nông" in "sản xuất nông nghiệp tăng bao nhiêu") is missing.
 */
export function missingKey(focus: FocusTerms, set: TermSet): number {
  let heaviest = 0;
  let missing = 0;
  for (const t of focus.terms) {
    if (/[_/-]/u.test(t.folded)) continue;
    heaviest = Math.max(heaviest, t.weight);
    const has = set.folded.has(t.folded) || t.aliases?.some((a) => set.folded.has(a)) === true;
    if (!has) missing = Math.max(missing, t.weight);
  }
  return heaviest > 0 ? missing / heaviest : 0;
}

// ---------------------------------------------------------------- references in a span

export interface Mention extends Span {
  readonly key: string;
  /** The "về …" clause or quoted title as the parser read it (a substring of the text), or null. */
  readonly subject: string | null;
}

/** Document references written in `text[span]`, with absolute offsets. */
export function mentionsIn(text: string, span: Span): Mention[] {
  return parseReferences(text.slice(span.start, span.end)).map((r) => ({
    key: referenceKey(r.type, r.number),
    start: span.start + r.start,
    end: span.start + r.end,
    subject: r.subject,
  }));
}

// ---------------------------------------------------------------- typed phrases

export interface Extracted extends Span {
  /** How well the phrase fits the question, in [0, 1]. */
  readonly strength: number;
}

/** What a typed question looks for, read once per question. */
export interface TypedCue {
  readonly type: Query['type'];
  readonly focus: FocusTerms;
  /** Folded syllables of the counted noun ("nhom nhiem vu" for "có mấy nhóm nhiệm vụ"). */
  readonly countNoun: readonly string[];
  /** Keys of the references of the question the index knows. */
  readonly refKeys: ReadonlySet<string>;
  /** The question asks for a deputy ("Phó …"): otherwise a "Phó" title is not the one asked. */
  readonly wantsDeputy: boolean;
  /** The question asks which number something has ("số mấy", "lần thứ mấy"). */
  readonly ordinal: boolean;
  /** The question itself negates ("chi bộ không có chi ủy"), not as the final "… không?" particle. */
  readonly negated: boolean;
}

/**
 * Words that end a noun phrase ("05 nhóm nhiệm vụ, giải pháp | trong …"), compared with marks:
 * folded, "trong" (in) would also stop "trọng tâm" and "đang" (-ing) "đảng viên".
 */
const NOUN_STOP = new Set(
  ('trong của về tại theo và để với cho ở đã được là nhằm từ đến số thuộc trên dưới khi nếu mà nhưng ' +
    'như bằng gồm có bị đang sẽ đi thì hay hoặc vào ra lên tham đạt tăng giảm hơn đối sau trước cần phải ' +
    'này do cũng còn so tới nên không')
    .split(' '),
);
/** Without marks, stop words that are also common noun syllables ("dang": đang/đảng, "can": cần/cán) cannot stop. */
const AMBIGUOUS_FOLDED = new Set('dang co de bi tai tu do con thi can cung so doi dat giam tham'.split(' '));
const NOUN_STOP_FOLDED = new Set([...NOUN_STOP].map((w) => foldDiacritics(w)).filter((w) => !AMBIGUOUS_FOLDED.has(w)));
const COUNT_WORDS = /(?:^|\s)(?:mấy|bao nhiêu)(?=\s|$|\?)/u;
const COUNT_WORDS_FOLDED = /(?:^|\s)(?:may|bao nhieu)(?=\s|$|\?)/u;
const QUANTITY_OF = /(?:^|\s)(?:số lượng|số)\s+/u;
const QUANTITY_OF_FOLDED = /(?:^|\s)(?:so luong|so)\s+/u;
const NOUN_MAX = 4;

/** The question's counted noun: the words after "mấy"/"bao nhiêu", or after "số" ("Số đảng viên … là bao nhiêu"). */
function countNounOf(query: Query): string[] {
  const folded = query.withoutDiacritics;
  const lower = folded ? foldDiacritics(query.text.toLowerCase()) : query.text.toLowerCase();
  const stops = folded ? NOUN_STOP_FOLDED : NOUN_STOP;
  const nounAt = (from: number): string[] => {
    const clause = lower.slice(from).split(/[,.;:?!()]/u)[0] ?? '';
    const noun: string[] = [];
    for (const w of clause.split(/[^\p{L}\p{M}\p{N}]+/u)) {
      if (w === '') continue;
      if (stops.has(w) || /^\d/.test(w) || noun.length >= NOUN_MAX) break;
      noun.push(foldDiacritics(w));
    }
    return noun;
  };
  const count = (folded ? COUNT_WORDS_FOLDED : COUNT_WORDS).exec(lower);
  if (count) {
    const noun = nounAt(count.index + count[0].length);
    if (noun.length > 0) return noun;
  }
  const quantity = (folded ? QUANTITY_OF_FOLDED : QUANTITY_OF).exec(lower);
  return quantity ? nounAt(quantity.index + quantity[0].length) : [];
}

export function typedCue(query: Query, focus: FocusTerms): TypedCue {
  const lower = query.text.toLowerCase();
  return {
    type: query.type,
    focus,
    countNoun: query.type === 'count' ? countNounOf(query) : [],
    refKeys: new Set(query.references.filter((r) => r.known).map((r) => r.key)),
    wantsDeputy: /(?:^|[^\p{L}])(?:phó|pho)(?=[^\p{L}]|$)/u.test(query.withoutDiacritics ? foldDiacritics(lower) : lower),
    ordinal: query.type === 'count' && ORDINAL_QUESTION.test(lower),
    negated: /(?:^|\s)(?:không|chưa|khong|chua)\s+\p{L}/u.test(lower),
  };
}

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

// -------------------------------------------- count

const NUMBER = /(?<![\p{L}\p{N}\-/.,])\d+(?:[.,]\d+)*(?:\/\d+(?:[.,]\d+)*)?(?![\p{L}\p{N}])/gu;
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
/** Counted nouns that all count people ("bao nhiêu cán bộ" is answered by "3 đồng chí"). */
const PEOPLE = ['can bo', 'dong chi', 'nguoi', 'dang vien', 'ca nhan', 'nhan su'];
const PEOPLE_MATCH = 0.6;
const LABEL_MAX_WORDS = 4;
/** "số mấy", "thứ mấy", "lần thứ mấy": the question asks for an ordinal, not a quantity. */
const ORDINAL_QUESTION = /(?:^|\s)(?:số|thứ|so|thu)\s+(?:mấy|may|bao nhiêu|bao nhieu)(?=\s|$|\?)/u;
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

/** The word ending right before `at` (spaces between allowed), within [from, at). */
function previousWord(text: string, from: number, at: number): Span | null {
  let end = at;
  while (end > from && text[end - 1] === ' ') end--;
  let start = end;
  while (start > from && /[\p{L}\p{M}]/u.test(text[start - 1] ?? '')) start--;
  return start < end ? { start, end } : null;
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
  return foldDiacritics(text.toLowerCase())
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * How well the phrase's noun matches the counted noun: the share of the noun's head (its first
 * two words) found as a contiguous run within the first two words of the phrase; nouns that both
 * count people match partly.
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
    const written = phraseWords.slice(0, 3).join(' ');
    if (PEOPLE.some((p) => asked.startsWith(p)) && PEOPLE.some((p) => written.includes(p))) best = Math.max(best, PEOPLE_MATCH);
  }
  return best;
}

function insideParentheses(text: string, from: number, at: number): boolean {
  const before = text.slice(from, at);
  return before.lastIndexOf('(') > before.lastIndexOf(')');
}

/**
 * The clause around a position: between ; or : or the sentence ends, at most `reach` characters
 * each side. Parentheses stay inside ("Kinh tế (GRDP) quí 1 tăng trưởng 5,09%").
 */
function clauseAround(text: string, sentence: Span, start: number, end: number, reach = 160): Span {
  let s = start;
  while (s > sentence.start && start - s < reach && !/[;:]/u.test(text[s - 1] ?? '')) s--;
  let e = end;
  while (e < sentence.end && e - end < reach && !/[;:]/u.test(text[e] ?? '')) e++;
  return { start: s, end: e };
}

function nearMention(mentions: readonly Mention[], keys: ReadonlySet<string>, at: Span): number {
  let best = 0;
  for (const m of mentions) {
    if (!keys.has(m.key)) continue;
    const gap = m.start >= at.end ? m.start - at.end : at.start >= m.end ? at.start - m.end : 0;
    // Another reference between the two means the number belongs to that one.
    const between = mentions.some(
      (o) => o !== m && !keys.has(o.key) && o.start >= Math.min(m.end, at.end) && o.end <= Math.max(m.start, at.start),
    );
    if (!between) best = Math.max(best, gap <= 60 ? 1 : gap <= 200 ? 0.5 : 0.2);
  }
  return best;
}

function extractCount(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  if (cue.ordinal) return extractOrdinal(cue, text, sentence, context);
  const body = text.slice(sentence.start, sentence.end);
  const mentions = mentionsIn(text, sentence);
  const numbers = [...body.matchAll(NUMBER)]
    .map((m) => ({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, written: m[0] }))
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
    const clauseTerms = unionTerms(termSet(text.slice(clause.start, clause.end)), context);
    const own = `${text.slice(leadFrom, n.start)} ${text.slice(phrase.end, tailTo)}`;
    const tight = coverage(cue.focus, termSet(own));
    const percent = text[phrase.end - 1] === '%';
    let start = phrase.start;
    let strength: number;
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
    if (missingKey(cue.focus, clauseTerms) >= KEY_MISSING) strength *= KEY_MISSING_FACTOR;
    // "437 chi bộ không có chi ủy" does not answer "bao nhiêu chi bộ có chi ủy", nor the converse.
    if (NEGATION.test(own) !== cue.negated) strength *= NEGATION_FACTOR;
    if (cue.refKeys.size > 0) strength = 0.6 * strength + 0.4 * nearMention(mentions, cue.refKeys, phrase);
    // An aside in parentheses ("(giảm 2 đảng viên …)") is seldom what is asked.
    if (insideParentheses(text, sentence.start, n.start)) strength *= ASIDE_FACTOR;
    const qualifier = QUALIFIER_BEFORE.exec(text.slice(Math.max(sentence.start, start - 10), start));
    if (qualifier) start -= qualifier[0].length;
    if (!best || strength > best.strength) best = { start, end: phrase.end, strength };
  });
  return best;
}

/** After the last ; : ( before `at`. (Commas are not boundaries here: "hàng hóa, dịch vụ … tăng trên 14%".) */
function lastBoundary(text: string, from: number, at: number): number {
  for (let i = at - 1; i >= from; i--) if (/[;:(]/u.test(text[i] ?? '')) return i + 1;
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

// -------------------------------------------- date

const DATE =
  /(?<![\p{L}\p{N}])(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|(?:(?:đầu|giữa|cuối)\s+)?tháng\s+\d{1,2}(?:\s*[/-]\s*\d{4}|\s+năm\s+\d{4})?)(?![\p{L}\p{N}])/gu;
/** What may stand between a designation and its date: ", ngày", " ban hành ngày", ", ngày:". */
const DATE_INTRO = /^[\s,]*(?:ban hành\s+)?(?:vào\s+)?ngày\s*:?\s*$/u;

function extractDate(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  const body = text.slice(sentence.start, sentence.end);
  const dates = [...body.matchAll(DATE)].map((m) => ({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length }));
  if (dates.length === 0) return null;
  if (cue.refKeys.size > 0) {
    // Only the date written right after the asked designation is its date.
    for (const mention of mentionsIn(text, sentence)) {
      if (!cue.refKeys.has(mention.key)) continue;
      const date = dates.find((d) => d.start >= mention.end && DATE_INTRO.test(text.slice(mention.end, d.start)));
      if (date) return { ...date, strength: 1 };
    }
    return null;
  }
  let best: Extracted | null = null;
  for (const d of dates) {
    const clause = clauseAround(text, sentence, d.start, d.end);
    const clauseTerms = unionTerms(termSet(text.slice(clause.start, clause.end)), context);
    const strength = coverage(cue.focus, clauseTerms);
    if (missingKey(cue.focus, clauseTerms) >= KEY_MISSING) continue;
    if (strength >= 0.5 && (!best || strength > best.strength)) best = { ...d, strength };
  }
  return best;
}

// -------------------------------------------- person

const HONORIFIC = /(?<![\p{L}])(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+/gu;
const SYLLABLE = /\p{Lu}[\p{Ll}\p{M}]*/uy;
/** Vietnamese family names: a capitalized run without an honorific is a name only after one. */
const SURNAMES = new Set(
  ('Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Cao Nghiêm Trương Đinh Lâm Mai Tô ' +
    'Trịnh Đoàn Lương Tạ Châu Thái Kiều Quách Triệu Lưu Đào Hứa Tăng Mạc Thân Khúc Lại Vương Tôn Hầu Doãn Lục Âu Diệp Tiêu Trình Nông Bế Đàm Thiều Khổng')
    .split(' '),
);
/** Capitalized words that open titles and bodies, never a name ("đồng chí Tổng Bí thư"). */
const TITLE_WORDS = new Set(
  'Tổng Bí Phó Trưởng Chủ Giám Vụ Ban Tỉnh Thành Huyện Bộ Thường Đại Hội Ủy Chánh Thứ Sở Cục Viện Đảng Trung Bác'.split(' '),
);
/** Title words that end a name running into a title ("… Đức Ủy viên"); "Thành" may be a given name. */
const NAME_BREAK = new Set('Tổng Bí Phó Trưởng Chủ Giám Vụ Ban Tỉnh Bộ Thường Ủy Chánh Thứ Sở Cục Đảng Trung'.split(' '));
const NAME_MIN = 2;
const NAME_MAX = 4;

interface Name extends Span {
  /** Where the honorific (or the name itself) starts. */
  readonly from: number;
  /** A byline ("Bài, ảnh: TRƯỜNG SƠN"): the author of the text. */
  readonly byline?: boolean;
}

const BYLINE = /(?:^|\n)(?:Bài|Tin|Ảnh|Bài, ảnh|Bài và ảnh|Tin, ảnh)\s*:\s*(\p{Lu}{2,}(?:\s\p{Lu}{2,}){1,3})(?![\p{L}])/gu;
const AUTHOR_QUESTION = /(?:^|\s)(?:viết|viet|tác giả|tac gia)(?=\s|$)/u;

function namesIn(text: string, sentence: Span): Name[] {
  const names: Name[] = [];
  const readName = (at: number): Span | null => {
    let p = at;
    let count = 0;
    let end = at;
    for (;;) {
      SYLLABLE.lastIndex = p;
      const m = SYLLABLE.exec(text);
      if (!m || p >= sentence.end) break;
      if (count === 0 && TITLE_WORDS.has(m[0])) return null;
      if (NAME_BREAK.has(m[0])) break;
      count++;
      end = p + m[0].length;
      if (count === NAME_MAX || text[end] !== ' ') break;
      p = end + 1;
    }
    if (count < NAME_MIN || end > sentence.end) return null;
    return { start: at, end };
  };
  const body = text.slice(sentence.start, sentence.end);
  for (const m of body.matchAll(new RegExp(HONORIFIC.source, 'gu'))) {
    const from = sentence.start + m.index;
    const span = readName(from + m[0].length);
    if (span) names.push({ ...span, from });
  }
  for (const m of body.matchAll(/\p{Lu}[\p{Ll}\p{M}]*/gu)) {
    const at = sentence.start + m.index;
    if (!SURNAMES.has(m[0]) || names.some((n) => at >= n.start && at < n.end)) continue;
    if (/\p{L}$/u.test(text.slice(at - 1, at))) continue;
    const span = readName(at);
    if (span) names.push({ ...span, from: at });
  }
  for (const m of text.slice(Math.max(0, sentence.start - 1), sentence.end).matchAll(BYLINE)) {
    const name = m[1] ?? '';
    const start = Math.max(0, sentence.start - 1) + m.index + m[0].length - name.length;
    names.push({ start, end: start + name.length, from: start, byline: true });
  }
  return names.sort((a, b) => a.start - b.start);
}

/** Folded words a focus may start with before the title asked ("là", "đồng chí", "người"). */
const FILLERS = new Set('la cua cho hien nay nguoi dong chi ong ba ai'.split(' '));

/**
 * Longest run of the focus's syllables, in order from its first word past fillers, among the
 * region's syllables: [index in region, length]. A title asked must be matched from its head:
 * "Bí thư" does not answer "Tổng Bí thư".
 */
function headRun(focus: readonly string[], region: readonly string[]): [number, number] {
  let head = 0;
  while (head < focus.length - 1 && FILLERS.has(focus[head] ?? '')) head++;
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < region.length; i++) {
    let n = 0;
    while (i + n < region.length && head + n < focus.length && region[i + n] === focus[head + n]) n++;
    if (n > best[1]) best = [i, n];
  }
  return best;
}

const PERSON_REACH = 160;

function extractPerson(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  const names = namesIn(text, sentence);
  let best: Extracted | null = null;
  for (const [i, name] of names.entries()) {
    // Each name owns the text from the previous name to the next one: its titles and its verbs.
    const from = Math.max(i > 0 ? (names[i - 1]?.end ?? sentence.start) : sentence.start, name.from - PERSON_REACH);
    const to = Math.min(names[i + 1]?.from ?? sentence.end, name.end + PERSON_REACH);
    const region = text.slice(from, name.from) + ' ' + text.slice(name.end, to);
    const cov = coverage(cue.focus, unionTerms(termSet(region), context));
    const syllables = tokenizeSyllables(region).map((t) => foldTerm(t.term));
    const [at, length] = headRun(cue.focus.syllables, syllables);
    const asked = name.byline
      ? AUTHOR_QUESTION.test(cue.focus.syllables.join(' ')) ? 1 : 0
      : cue.focus.syllables.length > 0 ? length / cue.focus.syllables.length : 0;
    let strength = 0.5 * cov + 0.5 * asked;
    if (!cue.wantsDeputy && at > 0 && syllables[at - 1] === 'pho') strength *= 0.3;
    if (strength >= 0.4 && (!best || strength > best.strength)) best = { start: name.start, end: name.end, strength };
  }
  return best;
}

// -------------------------------------------- subject

/** The "về …" clause (or quoted title) of the asked designation, "về" included. */
function extractSubject(cue: TypedCue, text: string, sentence: Span): Extracted | null {
  if (cue.refKeys.size === 0) return null;
  for (const mention of mentionsIn(text, sentence)) {
    if (!cue.refKeys.has(mention.key) || mention.subject === null) continue;
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
