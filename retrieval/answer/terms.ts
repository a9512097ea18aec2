/**
 * How much of a question a span of text covers. The question's focus becomes weighted terms
 * (syllables and bigrams, as text/tokenize.ts cuts them); a span's coverage is the weighted share
 * of them it holds. Weights are idf over the sentences of the whole index, not over the hits: a
 * word every sentence has ("công tác", "của") says little; a word no sentence has ("vàng",
 * "World Cup") is a part of the question the documents cannot answer, and weighs fully against it.
 */
import type { Document } from '../../index/records.ts';
import { isFunctionWord } from '../../text/stopwords.ts';
import { exactTerms, foldTerm, tokenizeSyllables } from '../../text/tokenize.ts';
import { viewOf } from '../document/view.ts';

/** Term → count, looked up, never listed (a Map satisfies it). */
export interface TermCounts {
  get(term: string): number | undefined;
  has(term: string): boolean;
}

export interface TermStatistics {
  /** Number of sentences in the corpus. */
  readonly sentences: number;
  /** Folded term → number of sentences containing it (a Map, or the index's stored counts). */
  readonly df: TermCounts;
  /** Exact term (lowercase, with its marks) → number of sentences containing it: "giáng" is not "giang". */
  readonly exactDf: TermCounts;
}

interface WeightedTerm {
  readonly exact: string;
  readonly folded: string;
  readonly weight: number;
  /** A function word ("của", "ở"): low weight, never the key word. */
  readonly functional: boolean;
  /** Part of a time frame ("quý", "I", "năm", "2022", "quý_i"): a document's title or heading sets it for every sentence. */
  readonly timeFrame: boolean;
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

/** Terms looked up, never listed: a union of sets is then a cheap view, not a copy. */
export interface TermLookup {
  has(term: string): boolean;
}

export interface TermSet {
  readonly exact: TermLookup;
  readonly folded: TermLookup;
}

/** A folded-only match ("quí" for "quý", "bàn" for "ban") when the question has marks. */
const FOLDED_ONLY_CREDIT = 0.6;
/** Bigrams carry phrase order, but their words already count: half weight. */
const BIGRAM_SHARE = 0.5;
/**
 * Function words (prepositions, conjunctions, auxiliaries, pronouns, determiners) say how a
 * question is put, not what it is about, yet formal text uses some rarely ("ở", "mình", "làm"), so
 * their idf is high: "UBKT cần làm gì với tổ chức bộ máy của mình" is about "UBKT", "tổ chức bộ
 * máy". They keep a little weight (a sentence that has them fits a bit better) and are never the
 * key word of a question (see `missingKey`). Bigrams with them keep full phrase weight.
 */
const FUNCTION_WORD_SHARE = 0.2;
/**
 * Syllables of a time frame, as typed; numbers and the roman numerals of quarters are too. Without
 * marks, "nam" may be Nam ("Quảng Nam") and "dau" đâu, so neither is a time word alone.
 */
const TIME_WORDS = new Set('quý quí năm tháng ngày đầu cuối giữa i ii iii iv'.split(' '));
const TIME_WORDS_PLAIN = new Set('quy qui thang ngay cuoi giua i ii iii iv'.split(' '));

function isTimeFrame(exact: string, withoutDiacritics: boolean): boolean {
  return exact
    .split(/[_/-]/u)
    .every((part) => /^\d/u.test(part) || (withoutDiacritics ? TIME_WORDS_PLAIN : TIME_WORDS).has(part));
}

const statisticsCache = new WeakMap<ReadonlyMap<string, Document>, TermStatistics>();

/**
 * Sentence frequencies of folded terms over all documents, computed from the texts (once per
 * documents map): what ingest stores in the index, which the engine reads instead.
 */
export function termStatistics(documents: ReadonlyMap<string, Document>): TermStatistics {
  const cached = statisticsCache.get(documents);
  if (cached) return cached;
  const df = new Map<string, number>();
  const exactDf = new Map<string, number>();
  let sentences = 0;
  for (const doc of documents.values()) {
    for (const s of viewOf(doc).sentences) {
      sentences++;
      const exact = new Set(exactTerms(doc.text.slice(s.start, s.end)));
      for (const term of exact) exactDf.set(term, (exactDf.get(term) ?? 0) + 1);
      for (const term of new Set([...exact].map(foldTerm))) df.set(term, (df.get(term) ?? 0) + 1);
    }
  }
  const stats = { sentences, df, exactDf };
  statisticsCache.set(documents, stats);
  return stats;
}

function idf(stats: TermStatistics, term: string): number {
  return idfOf(stats.sentences, stats.df.get(term) ?? 0);
}

/** BM25's idf of a term in `df` of `n` sentences. */
export function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
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
    const functional = parts.length === 1 && isFunctionWord(exact, withoutDiacritics);
    if (functional) weight *= FUNCTION_WORD_SHARE;
    const timeFrame = isTimeFrame(exact, withoutDiacritics);
    const alias = aliasOf.get(folded);
    const term = { exact, folded, weight, functional, timeFrame };
    terms.push(alias ? { ...term, aliases: alias } : term);
  }
  const syllables = tokenizeSyllables(text).map((t) => foldTerm(t.term));
  return {
    terms,
    total: terms.reduce((sum, t) => sum + t.weight, 0),
    foldedCredit: withoutDiacritics ? 1 : FOLDED_ONLY_CREDIT,
    syllables,
  };
}

/**
 * Sentences, clauses and headings recur across questions: their term sets are memoized, up to a
 * thousand (about what a question's passages hold, times a few questions: a server's memory
 * must not grow with the questions it has answered).
 */
const termSetCache = new Map<string, TermSet>();
const TERM_SET_CACHE_LIMIT = 1_000;

export function termSet(text: string): TermSet {
  let set = termSetCache.get(text);
  if (!set) {
    set = termSetOf(text);
    if (termSetCache.size >= TERM_SET_CACHE_LIMIT) termSetCache.clear();
    termSetCache.set(text, set);
  }
  return set;
}

/** The terms of a text, not memoized (for whole documents, which their own memo keeps). */
export function termSetOf(text: string): TermSet {
  const exact = new Set(exactTerms(text));
  return { exact, folded: new Set([...exact].map(foldTerm)) };
}

/** The terms of either set (a view over both). */
export function unionTerms(a: TermSet, b: TermSet): TermSet {
  return {
    exact: { has: (term) => a.exact.has(term) || b.exact.has(term) },
    folded: { has: (term) => a.folded.has(term) || b.folded.has(term) },
  };
}

export const EMPTY_TERMS: TermSet = { exact: new Set(), folded: new Set() };

/**
 * Weighted share of the focus found in the set, in [0, 1]. Terms found only in `context` (what
 * frames the span: document title, section headings, a list's lead-in) count `contextCredit`,
 * or fully for a time frame: "Hậu Giang: Quý I-2023, …" dates every sentence under that title.
 */
export function coverage(focus: FocusTerms, set: TermSet, context: TermSet = EMPTY_TERMS, contextCredit = 0): number {
  if (focus.total <= 0) return 0;
  let found = 0;
  for (const t of focus.terms) {
    const inSet = credit(focus, t, set);
    const framed = t.timeFrame ? 1 : contextCredit;
    found += t.weight * (inSet === 1 || contextCredit === 0 ? inSet : Math.max(inSet, framed * credit(focus, t, context)));
  }
  return found / focus.total;
}

function credit(focus: FocusTerms, t: WeightedTerm, set: TermSet): number {
  if (set.exact.has(t.exact) || t.aliases?.some((a) => set.folded.has(a))) return 1;
  return set.folded.has(t.folded) ? focus.foldedCredit : 0;
}

/**
 * The weight of the heaviest focus word the set lacks, relative to the heaviest focus word: 1 when
 * the most telling word of the question ("nông" in "sản xuất nông nghiệp tăng bao nhiêu") is missing.
 */
export function missingKey(focus: FocusTerms, set: TermSet): number {
  let heaviest = 0;
  let missing = 0;
  for (const t of focus.terms) {
    if (t.functional || /[_/-]/u.test(t.folded)) continue;
    heaviest = Math.max(heaviest, t.weight);
    const has = set.folded.has(t.folded) || t.aliases?.some((a) => set.folded.has(a)) === true;
    if (!has) missing = Math.max(missing, t.weight);
  }
  return heaviest > 0 ? missing / heaviest : 0;
}
