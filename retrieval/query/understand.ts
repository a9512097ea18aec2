/**
 * Query understanding: what a cadre typed in chat ("kl21 ban hanh ngay nao", "UBKT thi hành kỷ
 * luật bao nhiêu đảng viên quý I-2023") → a normalized `Query` with the question type, the
 * documents it names, text for search with abbreviations and periods spelled out (periods.ts),
 * and its content words. The question words themselves are listed in question-words.ts.
 *
 * Question words are found on words, not substrings, with a rule for text typed without marks: a
 * word written WITH diacritics matches only itself ("máy" is never "mấy"), a word written without
 * any matches every word that folds to it ("may" may be mấy). Folded words are ambiguous, so cues
 * carry context exclusions ("bo may" is bộ máy, "khong ai" is không ai) and position rules ("vay"
 * is vậy only at the end; inside it is vay, a loan).
 */
import { foldDiacritics } from '../../text/fold.ts';
import { collapseWhitespace, normalizeText } from '../../text/normalize.ts';
import { formatReferenceLabel, type ParsedReference } from '../../text/references/index.ts';
import { foldTerm, isWithoutDiacritics } from '../../text/tokenize.ts';
import { expandAbbreviations } from './abbreviations.ts';
import { expandChatForms } from './chat-forms.ts';
import { periodMentions } from './periods.ts';
import { QUESTION_CUES, TYPE_PRIORITY, type Cue } from './question-words.ts';
import { resolveArticles, resolveReferences, type KnownName } from './references.ts';
import type { Query, QueryReference, QuestionType } from '../types.ts';

// ---------------------------------------------------------------- words and cue matching

interface Word {
  /** Lowercase normalized. */
  readonly lower: string;
  /** `foldTerm(lower)`: no diacritics, lone final y → i. */
  readonly folded: string;
  /** Typed without any diacritics: matches every word that folds to it. */
  readonly plain: boolean;
  /** An isolated word in capitals inside lowercase text ("AI"): an abbreviation, never a cue word. */
  readonly abbreviation: boolean;
  readonly start: number;
  readonly end: number;
  /** Sentence punctuation between this word and the previous one. */
  readonly breakBefore: boolean;
}

interface CueWord {
  readonly lower: string;
  readonly folded: string;
}

type Item = { readonly gap: true } | { readonly gap: false; readonly words: readonly CueWord[]; readonly drop: boolean };

interface CompiledCue {
  readonly cue: Cue;
  readonly items: readonly Item[];
  readonly notAfter: readonly CueWord[];
  readonly notBefore: readonly CueWord[];
}

const GAP_MAX = 8;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const SENTENCE_BREAK = /[.;?!…？]/u;

const cueWord = (w: string): CueWord => {
  const lower = normalizeText(w.toLowerCase());
  return { lower, folded: foldTerm(lower) };
};

const COMPILED: readonly CompiledCue[] = QUESTION_CUES.map((cue) => ({
  cue,
  items: cue.cue.split(' ').map((token): Item => {
    if (token === '*') return { gap: true };
    const drop = token.startsWith('?');
    return { gap: false, drop, words: token.replace(/^\?/, '').split('|').map(cueWord) };
  }),
  notAfter: (cue.notAfter ?? []).map(cueWord),
  notBefore: (cue.notBefore ?? []).map(cueWord),
}));

function scanWords(text: string): Word[] {
  const hasLowercase = /\p{Ll}/u.test(text);
  const raw = [...text.matchAll(WORD)];
  const isCaps = (s: string | undefined): boolean =>
    s !== undefined && s.length >= 2 && /^[A-Z]+$/.test(s);
  return raw.map((m, i) => {
    const lower = m[0].toLowerCase();
    const previousEnd = i === 0 ? 0 : raw[i - 1]!.index + raw[i - 1]![0].length;
    const isolatedCaps = isCaps(m[0]) && !isCaps(raw[i - 1]?.[0]) && !isCaps(raw[i + 1]?.[0]);
    return {
      lower,
      folded: foldTerm(lower),
      plain: foldDiacritics(lower) === lower,
      abbreviation: hasLowercase && isolatedCaps,
      start: m.index,
      end: m.index + m[0].length,
      breakBefore: i > 0 && SENTENCE_BREAK.test(text.slice(previousEnd, m.index)),
    };
  });
}

function sameWord(cue: CueWord, word: Word | undefined): boolean {
  if (word === undefined || word.abbreviation) return false;
  return word.lower === cue.lower || (word.plain && word.folded === cue.folded);
}

interface CueMatch {
  readonly type: QuestionType | null;
  /** Index of the first matched word. */
  readonly start: number;
  /** Indexes of matched question words (dropped from focus). */
  readonly dropped: readonly number[];
}

/** The first match of `c` starting at word `start`, or null; gaps are tried shortest first. */
function matchAt(c: CompiledCue, words: readonly Word[], start: number): CueMatch | null {
  const dropped: number[] = [];
  const go = (p: number, i: number): number | null => {
    if (p === c.items.length) return i;
    const item = c.items[p]!;
    if (i >= words.length || (i > start && words[i]!.breakBefore)) return null;
    if (item.gap) {
      for (let n = 1; n <= GAP_MAX && i + n <= words.length; n++) {
        if (i + n - 1 > start && words[i + n - 1]!.breakBefore) return null;
        const end = go(p + 1, i + n);
        if (end !== null) return end;
      }
      return null;
    }
    if (!item.words.some((w) => sameWord(w, words[i]))) return null;
    const end = go(p + 1, i + 1);
    if (end !== null && item.drop) dropped.push(i);
    return end;
  };
  const end = go(0, start);
  if (end === null) return null;
  const before = words[start - 1];
  const after = words[end];
  if (before !== undefined && !words[start]!.breakBefore && c.notAfter.some((w) => sameWord(w, before))) return null;
  if (after !== undefined && !after.breakBefore && c.notBefore.some((w) => sameWord(w, after))) return null;
  if (c.cue.plainAt !== undefined && words.slice(start, end).some((w) => w.plain)) {
    const atStart = start === 0 || words[start]!.breakBefore;
    const atEnd = after === undefined || after.breakBefore;
    if (!(c.cue.plainAt === 'start' ? atStart : atEnd)) return null;
  }
  return { type: c.cue.type, start, dropped };
}

function findCues(words: readonly Word[]): CueMatch[] {
  const matches: CueMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const c of COMPILED) {
      const m = matchAt(c, words, i);
      if (m !== null) matches.push(m);
    }
  }
  return matches;
}

// ---------------------------------------------------------------- the query

/** Control and line/paragraph separators → space; invisible format characters and lone surrogates go. */
const SPACES = /[\p{Cc}\p{Zs}\p{Zl}\p{Zp}]+/gu;
const INVISIBLE = /[\p{Cf}\p{Cs}]/gu;

/** The question as one normalized line: NFC, canonical tone marks, single spaces. Idempotent. */
export function normalizeQuestion(raw: string): string {
  return collapseWhitespace(normalizeText(raw.replace(INVISIBLE, '').replace(SPACES, ' ')));
}

/** "Kết luận 21", "Luật Viên chức", or the label of a plenum/congress resolution ("Nghị quyết Trung ương 4 khóa XII"). */
function designationOf(ref: ParsedReference): string {
  if (/^(?:TW\d|ĐH-)/.test(ref.number) || ref.number === '') {
    return formatReferenceLabel({ ...ref, symbol: null, date: null, issuer: null, year: null });
  }
  return `${ref.type} ${ref.number}`;
}

/** True when `haystack` holds `phrase` as whole words, ignoring case. */
function containsWords(haystack: string, phrase: string): boolean {
  const h = haystack.toLowerCase();
  const p = phrase.toLowerCase();
  for (let at = h.indexOf(p); at >= 0; at = h.indexOf(p, at + 1)) {
    if (!/[\p{L}\p{N}]/u.test(h[at - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(h[at + p.length] ?? ' ')) return true;
  }
  return false;
}

/** The text without the dropped words and question marks, tidied; reference spans are never cut. */
function focusText(text: string, words: readonly Word[], dropped: ReadonlySet<number>, refs: readonly QueryReference[]): string {
  const insideReference = (w: Word): boolean => refs.some((r) => w.start < r.parsed.end && w.end > r.parsed.start);
  let out = '';
  let last = 0;
  words.forEach((w, i) => {
    if (!dropped.has(i) || insideReference(w)) return;
    out += `${text.slice(last, w.start)} `;
    last = w.end;
  });
  out += text.slice(last);
  return collapseWhitespace(
    out
      .replace(/[?!¿？]+/g, ' ')
      .replace(/\s+(?=[,.;:…])/g, '')
      .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
      .replace(/^[\s,.;:…–-]+|[\s,.;:…–-]+$/g, ''),
  );
}

/**
 * Understands a question: normalized text, question type, referenced documents (known = the index
 * holds that key), search text with abbreviations and canonical designations added, and focus.
 * Never throws.
 */
export function understandQuery(
  raw: string,
  knownKeys: ReadonlySet<string>,
  names: ReadonlyMap<string, KnownName> = new Map(),
): Query {
  const typed = normalizeQuestion(raw);
  const text = expandChatForms(typed);
  const words = scanWords(text);
  const matches = findCues(words);
  const types = new Set(matches.map((m) => m.type));
  const type = TYPE_PRIORITY.find((t) => types.has(t)) ?? 'free';
  const references = resolveReferences(text, knownKeys, names);
  const articles = resolveArticles(text, references);

  // Designations the question does not already spell, then long forms not inside a designation
  // ("nq tw4" needs "Nghị quyết Trung ương 4", not also "Nghị quyết").
  const designations = [...new Set(references.map((r) => designationOf(r.parsed)))].filter((d) => !containsWords(text, d));
  const expansions = expandAbbreviations(text)
    .expanded.map((e) => e.expansion)
    .filter((e) => !designations.some((d) => containsWords(d, e)));
  // Periods as the reports write them ("ba tháng đầu năm" → "quý I", "quý 1").
  const periods = periodMentions(text)
    .filter((p) => foldTerm(p.canonical.toLowerCase()) !== foldTerm(text.slice(p.start, p.end).toLowerCase()))
    .flatMap((p) => [p.canonical, ...p.variants]);
  const added = [...designations, ...expansions, ...new Set(periods)];
  const searchText = added.length === 0 ? text : `${text} (${added.join('; ')})`;

  const dropped = new Set(matches.flatMap((m) => m.dropped));
  return {
    raw,
    text,
    // As typed: the chat forms written out carry marks the user did not type.
    withoutDiacritics: isWithoutDiacritics(typed),
    type,
    references,
    articles,
    searchText,
    focus: focusText(text, words, dropped, references),
  };
}
