/**
 * Query understanding: what a cadre typed in chat ("kl21 ban hanh ngay nao", "UBKT thi hành kỷ
 * luật bao nhiêu đảng viên quý I-2023") → a normalized `Query` with the question type, the
 * documents it names, text for search with abbreviations spelled out, and its content words.
 *
 * Question words are found on words, not substrings, with a rule for text typed without marks: a
 * word written WITH diacritics matches only itself ("máy" is never "mấy"), a word written without
 * any matches every word that folds to it ("may" may be mấy). Folded words are ambiguous, so cues
 * carry context exclusions ("bo may" is bộ máy, "khong ai" is không ai) and position rules ("vay"
 * is vậy only at the end; inside it is vay, a loan).
 */
import { foldDiacritics } from '../text/fold.ts';
import { collapseWhitespace, normalizeText } from '../text/normalize.ts';
import { formatReferenceLabel, parseReferences, referenceKey, type ParsedReference } from '../text/references.ts';
import { foldTerm, isWithoutDiacritics } from '../text/tokenize.ts';
import { expandAbbreviations } from './abbreviations.ts';
import type { Query, QueryReference, QuestionType } from './types.ts';

/**
 * A cue: words separated by spaces. `?word` is a question word (dropped from `focus`; other cue
 * words are content and stay), `a|b` are alternatives, `*` is a gap of 1–8 syllables. A cue never
 * spans sentence punctuation (. ; ? ! …).
 */
interface Cue {
  /** null: a particle or politeness formula, only dropped from `focus`. */
  readonly type: QuestionType | null;
  readonly cue: string;
  /** The match does not count right after / right before one of these words. */
  readonly notAfter?: readonly string[];
  readonly notBefore?: readonly string[];
  /** When typed without marks, counts only at the start/end of a sentence ("vay" inside is a loan). */
  readonly plainAt?: 'start' | 'end';
}

/** When several types match, the first in this order wins ("có mấy nhóm, gồm những gì" is count). */
const TYPE_PRIORITY: readonly QuestionType[] = ['count', 'date', 'person', 'list', 'subject'];

const PLURAL = ['những', 'các'];
/** Words that, following "co" typed without marks, make it cơ/cô/cố ("co so" = cơ sở, "co quan" = cơ quan). */
const CO_NOT_CO = ['sở', 'quan', 'chế', 'cấu', 'bản', 'hội', 'gắng', 'phần', 'động', 'giáo', 'khí', 'đơn', 'cực'];

const QUESTION_CUES: readonly Cue[] = [
  // count — "mấy" next to ngày/tháng/năm/giờ is a date; "bo may", "nha may", "xe may" are máy.
  { type: 'count', cue: '?bao ?nhiêu' },
  { type: 'count', cue: '?mấy', notAfter: ['ngày', 'tháng', 'năm', 'bộ', 'nhà', 'xe', 'cái'], notBefore: ['giờ', 'móc', 'mắn', 'mặc', 'bay'] },
  { type: 'count', cue: 'số lượng' },
  { type: 'count', cue: 'tổng số' },
  { type: 'count', cue: 'tỷ|tỉ lệ' },
  { type: 'count', cue: '?bao ?lâu' },
  // date
  { type: 'date', cue: 'ngày|tháng|năm|hôm ?nào', notBefore: ['cũng'] },
  { type: 'date', cue: 'ngày|tháng|năm ?mấy' },
  { type: 'date', cue: '?mấy giờ' },
  { type: 'date', cue: '?khi ?nào' },
  { type: 'date', cue: '?lúc ?nào' },
  { type: 'date', cue: '?bao ?giờ' },
  { type: 'date', cue: 'thời gian|điểm ?nào' },
  { type: 'date', cue: 'ban hành ngày' },
  { type: 'date', cue: 'ngày ban hành' },
  { type: 'date', cue: 'ký ngày' },
  { type: 'date', cue: 'ngày ký' },
  // person — also the issuer ("do ai ban hành", "cơ quan nào"); "những đồng chí nào" is a list.
  { type: 'person', cue: '?ai', notAfter: ['không', 'chẳng', 'mọi', 'kỳ', 'cứ', ...PLURAL], notBefore: ['cũng'] },
  { type: 'person', cue: 'đồng chí ?nào', notAfter: PLURAL },
  { type: 'person', cue: 'người|ông|bà ?nào', notAfter: PLURAL },
  { type: 'person', cue: 'vị ?nào', notAfter: [...PLURAL, 'đơn'] },
  { type: 'person', cue: 'cơ quan ?nào', notAfter: PLURAL },
  // list
  { type: 'list', cue: '?những|các * ?nào' },
  { type: 'list', cue: '?những * ?gì' },
  { type: 'list', cue: '?những ?gì|ai' },
  { type: 'list', cue: 'gồm ?những|các' },
  { type: 'list', cue: '?liệt ?kê' },
  { type: 'list', cue: '?kể ?tên' },
  { type: 'list', cue: '?nêu ?những|các', plainAt: 'start' },
  { type: 'list', cue: 'nhiệm vụ trọng tâm' },
  { type: 'list', cue: 'nhiệm vụ chủ yếu' },
  { type: 'list', cue: 'giải pháp trọng tâm' },
  { type: 'list', cue: 'giải pháp chủ yếu' },
  { type: 'list', cue: 'nội dung trọng tâm' },
  { type: 'list', cue: 'nhiệm vụ giải pháp' },
  { type: 'list', cue: 'nhóm nhiệm vụ' },
  { type: 'list', cue: 'nhóm giải pháp' },
  // subject
  { type: 'subject', cue: 'về việc ?gì' },
  { type: 'subject', cue: 'vấn đề ?gì' },
  { type: 'subject', cue: 'về ?gì' },
  { type: 'subject', cue: '?là ?gì' },
  { type: 'subject', cue: 'nội dung ?gì' },
  { type: 'subject', cue: '?nói ?gì' },
  { type: 'subject', cue: 'nội dung chính' },
  { type: 'subject', cue: 'trích yếu' },
  // particles and politeness
  { type: null, cue: '?có', notBefore: CO_NOT_CO },
  { type: null, cue: '?không' },
  { type: null, cue: '?là' },
  { type: null, cue: '?gì' },
  { type: null, cue: '?nào' },
  { type: null, cue: '?xin' },
  { type: null, cue: '?ơi' },
  { type: null, cue: '?vậy|ạ|nhỉ|nhé|hả|à|đâu', plainAt: 'end' },
  { type: null, cue: '?hãy', plainAt: 'start' },
  { type: null, cue: '?cho ?biết|hỏi' },
  { type: null, cue: '?cho ?tôi|mình|em|anh|chị|con ?hỏi|biết' },
  { type: null, cue: '?tôi|mình|em ?muốn ?hỏi|biết' },
  { type: null, cue: '?vui ?lòng' },
  { type: null, cue: '?làm ?ơn' },
  { type: null, cue: '?giúp ?tôi|mình|em' },
  { type: null, cue: '?như ?thế ?nào' },
  { type: null, cue: '?thế ?nào' },
  { type: null, cue: '?ra|tại|vì ?sao' },
];

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

/** "Kết luận 21", or the label of a plenum/congress resolution ("Nghị quyết Trung ương 4 khóa XII"). */
function designationOf(ref: ParsedReference): string {
  if (/^(?:TW\d|ĐH-)/.test(ref.number)) return formatReferenceLabel({ ...ref, symbol: null, date: null, issuer: null });
  return `${ref.type} ${ref.number}`;
}

/**
 * The parser reads "Kế hoạch 5 năm", "Quy định 3 nhóm" as quantities, which also drops "kl21 ngày
 * nào", "Nghị quyết 19 năm nào", "Kế hoạch 03 người nào". When a question cue starts right after
 * a number, the space between them becomes a comma (same length, so spans still slice `text`):
 * the number then ends a designation. Nothing is added that the parser does not find itself.
 */
function resolveReferences(
  text: string,
  words: readonly Word[],
  cues: readonly CueMatch[],
  knownKeys: ReadonlySet<string>,
): QueryReference[] {
  const chars = text.split('');
  for (const cue of cues) {
    const number = words[cue.start - 1];
    if (cue.type === null || number === undefined || !/\d$/.test(number.lower)) continue;
    if (words[cue.start]!.start === number.end + 1 && chars[number.end] === ' ') chars[number.end] = ',';
  }
  const byKey = new Map<string, QueryReference>();
  for (const found of parseReferences(chars.join(''))) {
    const parsed = { ...found, text: text.slice(found.start, found.end) };
    const key = referenceKey(parsed.type, parsed.number);
    if (!byKey.has(key)) byKey.set(key, { key, text: parsed.text, known: knownKeys.has(key), parsed });
  }
  return [...byKey.values()];
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
export function understandQuery(raw: string, knownKeys: ReadonlySet<string>): Query {
  const text = normalizeQuestion(raw);
  const words = scanWords(text);
  const matches = findCues(words);
  const types = new Set(matches.map((m) => m.type));
  const type = TYPE_PRIORITY.find((t) => types.has(t)) ?? 'free';
  const references = resolveReferences(text, words, matches, knownKeys);

  // Designations the question does not already spell, then long forms not inside a designation
  // ("nq tw4" needs "Nghị quyết Trung ương 4", not also "Nghị quyết").
  const designations = [...new Set(references.map((r) => designationOf(r.parsed)))].filter((d) => !containsWords(text, d));
  const expansions = expandAbbreviations(text)
    .expanded.map((e) => e.expansion)
    .filter((e) => !designations.some((d) => containsWords(d, e)));
  const added = [...designations, ...expansions];
  const searchText = added.length === 0 ? text : `${text} (${added.join('; ')})`;

  const dropped = new Set(matches.flatMap((m) => m.dropped));
  return {
    raw,
    text,
    withoutDiacritics: isWithoutDiacritics(text),
    type,
    references,
    searchText,
    focus: focusText(text, words, dropped, references),
  };
}
