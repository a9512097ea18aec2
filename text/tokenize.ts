/**
 * Lexical terms of Vietnamese text, shared by ingest (index) and retrieval (query): one copy, so
 * a query and a chunk are always cut the same way.
 *
 * Scheme (what becomes a term):
 * - A *run* is a maximal stretch of letters/marks/digits, where pieces may be joined by `-` or `/`
 *   (any dash variant), and digits may be joined by `.` or `,` ("1.500", "5,09", "27/12/2021",
 *   "21-KL/TW", "II/2022"). Everything else (spaces, other punctuation, `%`, quotes) separates.
 * - Each *piece* of a run (split at `-` and `/`) is a term: its text NFC-normalized with canonical
 *   tone marks (`normalizeText`) and lowercased: "Kết" → "kết", "KL" → "kl", "5,09" → "5,09".
 *   Integers lose leading zeros ("05" → "5", "03" → "3") so "Kế hoạch 03" and "KH 3" meet.
 *   A number grouped by thousands ("1.500", "1.500.000") also yields its plain digits ("1500").
 * - A run of several pieces also yields the *joined* term of its canonical pieces and
 *   connectors ("21-KL/TW" → "21-kl/tw", "01/12/2021" → "1/12/2021", "II/2022" → "ii/2022").
 *   So the query "21-KL/TW" matches the joined term exactly (strong, rare), while "KL 21" and
 *   "Kết luận 21" still meet the chunk through the pieces "kl" and "21".
 * - Bigrams ("kết_luận", "số_21", "21_kl") join adjacent pieces, never across sentence
 *   punctuation (. ; : ! ? … or a line break); they carry phrase signal. The word "số" before a
 *   number is also skipped ("Kết luận số 21" → "luận_21" too), since queries often drop it, and
 *   a document number "21-KL/TW" also yields the bigram "kl_21", as a query "KL 21" writes it.
 * - The folded form of a term (`foldTerm`) drops diacritics (đ → d) and writes a final `y` that
 *   is the whole vowel as `i` ("quý"/"quí" → "qui", "kỹ"/"kĩ" → "ki", but "tuy", "hay" stay), for
 *   queries typed without marks and for the i/y spelling variants.
 */
import { foldDiacritics } from './fold.ts';
import { normalizeText } from './normalize.ts';

export interface Token {
  /** Normalized lowercase term. */
  term: string;
  /** UTF-16 span in the input text. */
  start: number;
  end: number;
}

/** Terms of a text for the lexical index. `folded[i]` is always `foldTerm(exact[i])`. */
export interface LexicalTerms {
  exact: string[];
  folded: string[];
}

/** A piece of a run: the unit bigrams are made of. */
interface Piece extends Token {
  /** True when sentence punctuation separates this piece from the previous one. */
  breakBefore: boolean;
  /** Another term at the same place ("1500" for "1.500"), else null. */
  alternate: string | null;
}

interface Run {
  start: number;
  end: number;
  pieces: Piece[];
  /** The joined term of a run of several pieces, else null. */
  joined: string | null;
}

const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N}]*`;
const JOIN = String.raw`[-\u2010\u2011\u2013/]`;
const DIGIT_JOIN = String.raw`(?<=\p{N})[.,](?=\p{N})`;
/** A run: words joined by dashes/slashes, or digits joined by `.`/`,`. */
const RUN_PATTERN = new RegExp(`${WORD}(?:(?:${JOIN}|${DIGIT_JOIN})${WORD})*`, 'gu');
const PIECE_SEPARATOR = new RegExp(`(${JOIN})`, 'u');
const SENTENCE_BREAKS = new Set([...'.;:!?…\n\r\u2028\u2029'].map((ch) => ch.charCodeAt(0)));
const INTEGER = /^[0-9]+$/;
const DIGIT_START = /^[0-9]/;
/** "số" (number) is skipped by an extra bigram: "Kết luận số 21" also yields "luận_21". */
const NUMBER_WORD = 'số';
const THOUSANDS = /^[0-9]{1,3}(?:\.[0-9]{3})+$/;
/** A folded syllable whose only vowel is a final `y` (after `qu` or plain consonants). */
const Y_AS_I = /^(qu|[bcdghklmnpqrstvx]*)y$/;
const VIETNAMESE_MARKS = /[\u0300-\u036f\u0110\u0111]/;
const LATIN_LETTER = /[A-Za-z]/;

/**
 * Pieces and terms repeat a lot (a few thousand syllables make most text) while normalizing and
 * folding are regex pipelines: memoize both, in maps cleared when they grow too big. The bound is
 * what keeps a server's memory flat: numbers and names are endless, and at 200,000 entries each
 * the two maps held about 90 MB after a thousand questions over a large library.
 */
const normalizedCache = new Map<string, string>();
const foldedCache = new Map<string, string>();
const CACHE_LIMIT = 20_000;

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function normalizePiece(raw: string): string {
  let term = normalizedCache.get(raw);
  if (term === undefined) {
    term = normalizeText(raw.toLowerCase()).toLowerCase();
    if (INTEGER.test(term)) term = term.replace(/^0+(?=[0-9])/, '');
    remember(normalizedCache, raw, term);
  }
  return term;
}

function scanRuns(text: string): Run[] {
  const runs: Run[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(RUN_PATTERN)) {
    const runStart = match.index;
    const raw = match[0];
    // Pieces at even indexes, their one-character connectors at odd ones.
    const parts = raw.split(PIECE_SEPARATOR);
    const pieces: Piece[] = [];
    let joined = '';
    let start = runStart;
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        joined += part === '/' ? '/' : '-';
      } else {
        const term = normalizePiece(part);
        const breakBefore = i === 0 && hasSentenceBreak(text, previousEnd, runStart);
        const alternate = THOUSANDS.test(term) ? term.replaceAll('.', '') : null;
        pieces.push({ term, start, end: start + part.length, breakBefore, alternate });
        joined += term;
      }
      start += part.length;
    });
    runs.push({ start: runStart, end: runStart + raw.length, pieces, joined: pieces.length > 1 ? joined : null });
    previousEnd = runStart + raw.length;
  }
  return runs;
}

function hasSentenceBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (SENTENCE_BREAKS.has(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Vietnamese syllables, numbers, and joined document numbers/dates as normalized lowercase terms
 * with their spans in `text`. Ordered by start; a joined term comes before its pieces, an
 * alternate ("1500") right after its piece ("1.500"), with the same span.
 */
export function tokenizeSyllables(text: string): Token[] {
  const tokens: Token[] = [];
  for (const run of scanRuns(text)) {
    if (run.joined !== null) tokens.push({ term: run.joined, start: run.start, end: run.end });
    for (const piece of run.pieces) {
      tokens.push({ term: piece.term, start: piece.start, end: piece.end });
      if (piece.alternate !== null) tokens.push({ term: piece.alternate, start: piece.start, end: piece.end });
    }
  }
  return tokens;
}

/** The folded form of a term or bigram: no diacritics, đ → d, a lone final `y` → `i`. */
export function foldTerm(term: string): string {
  return term.includes('_') ? term.split('_').map(foldSyllable).join('_') : foldSyllable(term);
}

function foldSyllable(syllable: string): string {
  let folded = foldedCache.get(syllable);
  if (folded === undefined) {
    folded = foldDiacritics(syllable);
    if (Y_AS_I.test(folded)) folded = `${folded.slice(0, -1)}i`;
    remember(foldedCache, syllable, folded);
  }
  return folded;
}

/**
 * Unigrams (pieces, joined terms, alternates) then bigrams of adjacent pieces: the exact half of
 * `lexicalTerms`, for an index that folds its vocabulary once rather than every occurrence.
 */
export function exactTerms(text: string): string[] {
  const unigrams: string[] = [];
  const bigrams: string[] = [];
  let previous: string | null = null;
  let beforeNumberWord: string | null = null;
  for (const run of scanRuns(text)) {
    if (run.joined !== null) unigrams.push(run.joined);
    const [number, symbol] = run.pieces;
    if (number && symbol && DIGIT_START.test(number.term) && !DIGIT_START.test(symbol.term)) {
      bigrams.push(`${symbol.term}_${number.term}`);
    }
    for (const piece of run.pieces) {
      unigrams.push(piece.term);
      if (piece.alternate !== null) unigrams.push(piece.alternate);
      if (piece.breakBefore) previous = beforeNumberWord = null;
      if (previous !== null) bigrams.push(`${previous}_${piece.term}`);
      if (beforeNumberWord !== null && DIGIT_START.test(piece.term)) bigrams.push(`${beforeNumberWord}_${piece.term}`);
      beforeNumberWord = piece.term === NUMBER_WORD ? previous : null;
      previous = piece.term;
    }
  }
  return unigrams.concat(bigrams);
}

/** Exact terms and their folded forms, for a query or a document. */
export function lexicalTerms(text: string): LexicalTerms {
  const exact = exactTerms(text);
  return { exact, folded: exact.map(foldTerm) };
}

/** True when the text has Latin letters but no Vietnamese diacritics or đ: a query typed without marks. */
export function isWithoutDiacritics(text: string): boolean {
  const decomposed = text.normalize('NFD');
  return LATIN_LETTER.test(decomposed) && !VIETNAMESE_MARKS.test(decomposed);
}
