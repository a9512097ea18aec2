/**
 * What a typed question (count, date, person, subject) looks for, read once per question, and the
 * span helpers the phrase extractors share. Everything works on spans of the document text, so
 * what an extractor returns is always a verbatim slice.
 */
import { foldDiacritics, foldForMatch } from '../../text/fold.ts';
import { identityKey, keysCompatible, parseReferences, type ParsedReference } from '../../text/references/index.ts';
import type { Span } from '../../text/sentences.ts';
import type { FocusTerms } from './terms.ts';
import type { Query } from '../types.ts';

export interface Extracted extends Span {
  /** How well the phrase fits the question, in [0, 1]. */
  readonly strength: number;
}

/** What a typed question looks for, read once per question. */
export interface TypedCue {
  readonly type: Query['type'];
  readonly focus: FocusTerms;
  /**
   * The focus without its time frame ("quý I", "năm 2022", "6 tháng đầu"): what a number's own
   * label must say. The frame is shared by every number of a sentence and checked apart (agreement.ts).
   */
  readonly label: FocusTerms;
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
  /** A date question asks for the day ("ngày nào"): a year alone answers it only in part. */
  readonly dayAsked: boolean;
  /** "tăng"/"giảm" right before "bao nhiêu": the rise or fall is asked, as written ("tăng", "giảm"). */
  readonly change: string | null;
}

/**
 * Words that end a noun phrase ("05 nhóm nhiệm vụ, giải pháp | trong …"), compared with marks:
 * folded, "trong" (in) would also stop "trọng tâm" and "đang" (-ing) "đảng viên".
 */
export const NOUN_STOP: ReadonlySet<string> = new Set(
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
/** "số mấy", "thứ mấy", "lần thứ mấy": the question asks for an ordinal, not a quantity. */
const ORDINAL_QUESTION = /(?:^|\s)(?:số|thứ|so|thu)\s+(?:mấy|may|bao nhiêu|bao nhieu)(?=\s|$|\?)/u;

/** The question's counted noun: the words after "mấy"/"bao nhiêu", or after "số" ("Số đảng viên … là bao nhiêu"). */
function countNounOf(query: Query): string[] {
  const folded = query.withoutDiacritics;
  const lower = folded ? foldForMatch(query.text) : query.text.toLowerCase();
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

const CHANGE_ASKED = /(?:^|\s)(tăng|giảm|tang|giam)(?:\s+(?:thêm|them|được|duoc))?\s+(?:mấy|bao nhiêu|may|bao nhieu)(?=\s|$|\?)/u;

function changeAsked(lower: string): string | null {
  const m = CHANGE_ASKED.exec(lower)?.[1];
  if (m === undefined) return null;
  return m === 'tang' ? 'tăng' : m === 'giam' ? 'giảm' : m;
}

function withoutTimeFrame(focus: FocusTerms): FocusTerms {
  const terms = focus.terms.filter((t) => !t.timeFrame);
  return { ...focus, terms, total: terms.reduce((sum, t) => sum + t.weight, 0) };
}

export function typedCue(query: Query, focus: FocusTerms): TypedCue {
  const lower = query.text.toLowerCase();
  return {
    type: query.type,
    focus,
    label: withoutTimeFrame(focus),
    countNoun: query.type === 'count' ? countNounOf(query) : [],
    refKeys: queryReferenceKeys(query),
    wantsDeputy: /(?:^|[^\p{L}])(?:phó|pho)(?=[^\p{L}]|$)/u.test(query.withoutDiacritics ? foldDiacritics(lower) : lower),
    ordinal: query.type === 'count' && ORDINAL_QUESTION.test(lower),
    negated: /(?:^|\s)(?:không|chưa|khong|chua)\s+\p{L}/u.test(lower),
    change: query.type === 'count' ? changeAsked(lower) : null,
    dayAsked: query.type === 'date' && /(?:^|\s)(?:ngày|ngay|hôm|hom)\s+(?:nào|mấy|nao|may)(?=\s|$|\?)/u.test(lower),
  };
}

// ---------------------------------------------------------------- spans

export interface Mention extends Span {
  readonly key: string;
  /** The "về …" clause or quoted title as the parser read it (a substring of the text), or null. */
  readonly subject: string | null;
}

/** The index keys of the documents a question names (every candidate of each known reference). */
export function queryReferenceKeys(query: Query): ReadonlySet<string> {
  return new Set(query.references.filter((r) => r.known).flatMap((r) => r.candidates));
}

/** Whether a mention's key (as written: "Kết luận 21" → `ket-luan:21`) can be one of `keys`. */
export function mentionNames(keys: ReadonlySet<string>, key: string): boolean {
  if (keys.has(key)) return true;
  for (const k of keys) if (keysCompatible(key, k)) return true;
  return false;
}

/** Document references written in `text[span]`, with absolute offsets. */
export function mentionsIn(text: string, span: Span): Mention[] {
  const slice = text.slice(span.start, span.end);
  let parsed = parsedCache.get(slice);
  if (!parsed) {
    parsed = parseReferences(slice);
    if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
    parsedCache.set(slice, parsed);
  }
  return parsed.map((r) => ({
    key: identityKey(r),
    start: span.start + r.start,
    end: span.start + r.end,
    subject: r.subject,
  }));
}

/** Sentences recur across questions (the same hits come back): their references are parsed once. */
const parsedCache = new Map<string, readonly ParsedReference[]>();
const PARSED_CACHE_LIMIT = 20_000;

/**
 * The clause around a position: between ; or : or the sentence ends, at most `reach` characters
 * each side. Parentheses stay inside ("Kinh tế (GRDP) quí 1 tăng trưởng 5,09%").
 */
export function clauseAround(text: string, sentence: Span, start: number, end: number, reach = 160): Span {
  let s = start;
  while (s > sentence.start && start - s < reach && !/[;:]/u.test(text[s - 1] ?? '')) s--;
  let e = end;
  while (e < sentence.end && e - end < reach && !/[;:]/u.test(text[e] ?? '')) e++;
  return { start: s, end: e };
}

/** The word ending right before `at` (spaces between allowed), within [from, at). */
export function previousWord(text: string, from: number, at: number): Span | null {
  let end = at;
  while (end > from && text[end - 1] === ' ') end--;
  let start = end;
  while (start > from && /[\p{L}\p{M}]/u.test(text[start - 1] ?? '')) start--;
  return start < end ? { start, end } : null;
}
