/**
 * Grounded extractive answers: the reply's lead is cut verbatim from the best supporting sentence
 * of the retrieved passages, or the answer says the documents do not contain it — never a fact
 * that is not in a quote. Every citation is `document.text.slice(start, end)`.
 *
 * 1. Candidate sentences: the sentences of the top hits, scored by weighted coverage of the
 *    question's focus (idf over the corpus sentences), agreement with the references the question
 *    names, and for typed questions the strength of the typed phrase the sentence gives.
 * 2. count/date/person/subject lead with that phrase (extract.ts); list leads with the lead-in of
 *    the best-matching enumeration (list.ts); free leads with the best sentence.
 * 3. Confidence in [0, 1] from the same evidence; below the threshold, or when the question names a
 *    document the index does not know, the answer is a Vietnamese "not found" with the closest passages.
 */
import type { Document } from '../ingest/types.ts';
import { foldDiacritics } from '../text/fold.ts';
import { formatReferenceLabel, parseReferences } from '../text/references.ts';
import { splitSentences, type Span } from '../text/sentences.ts';
import { foldTerm } from '../text/tokenize.ts';
import { expandAbbreviations } from './abbreviations.ts';
import {
  coverage,
  extractPhrase,
  focusTerms,
  mentionsIn,
  missingKey,
  termSet,
  termStatistics,
  typedCue,
  unionTerms,
  type Extracted,
  type FocusAlias,
  type FocusTerms,
  type TermSet,
  type TermStatistics,
  type TypedCue,
} from './extract.ts';
import { documentLists, paragraphAt, sectionLabel } from './list.ts';
import type { Answer, Citation, Hit, Query } from './types.ts';

/**
 * Calibrated on tests/eval/gold.jsonl (175 questions: 155 answerable, 20 not-found, 12+ of them
 * near misses), through the real understandQuery and lexical-only Retriever, k = 5. Accuracy =
 * found and the gold phrase in the answer or an item; invented = a not-found question answered.
 *
 *   threshold   0.30   0.35   0.40   0.45   0.50
 *   accuracy    0.813  0.800  0.794  0.768  0.748
 *   invented    0      0      0      0      0
 *   wrong*      11     11     8      7      5      (* answerable, answered with a wrong phrase)
 *
 * Not-found questions top out at confidence 0.21 and correct answers start at 0.42: 0.4 keeps the
 * whole gap below it (never an invented answer) while losing only two correct answers to 0.30,
 * and it answers fewer answerable questions wrongly than lower thresholds.
 */
export const DEFAULT_THRESHOLD = 0.4;
export const NOT_FOUND_ANSWER = 'Các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này.';
const DEFAULT_MAX_ITEMS = 7;
/** Hits whose sentences are read; lower hits rarely hold the answer and add noise. */
const CANDIDATE_HITS = 5;
const MAX_CITATIONS = 3;
const CLOSEST_PASSAGES = 3;

// Evidence that contradicts the question multiplies confidence down.
/** A number of the question missing around the sentence ("quý 2" against "quí 1"). */
const NUMBER_MISMATCH = 0.3;
/** A proper name of the question missing near the sentence ("Quảng Nam kết nạp …" from a regional total). */
const NAME_MISMATCH = 0.5;
const NAME_REACH = 200;
/** The passage lacks the question's most telling word (see `missingKey`). */
const KEY_MISSING = 0.75;
const KEY_MISSING_FACTOR = 0.6;
/** Text before a passage that still frames it ("Ở thành phố Vị Thanh, …" two paragraphs up). */
const ANTECEDENT_CHARS = 800;
const YEAR = /^(?:19|20)\d\d$/u;
/** Quarters and terms are written either way: "quý 1" = "quý I". */
const ROMAN: Readonly<Record<number, string>> = { 1: 'i', 2: 'ii', 3: 'iii', 4: 'iv' };
/** Capitalized runs that are titles or bodies ("Ban Tổ chức"), or sentence openers, not names. */
const NOT_NAME_HEADS = new Set(
  'Ban Bộ Tỉnh Thành Huyện Ủy Bí Phó Trưởng Chủ Vụ Sở Hội Đảng Nghị Quyết Kết Chỉ Kế Quy Thông Hướng Đề Chương Ai Có Bao Những Các Năm Quý Ngày'.split(' '),
);

// Question shapes.
const LIST_NOUNS = 'nhiem vu|giai phap|han che|ket qua|dinh huong|phuong huong|ton tai|kho khan';
/** "(Những) nhiệm vụ … là gì / gồm …", "… còn hạn chế gì", "… những khó khăn nào". */
const LIST_QUESTION = new RegExp(`^(?:nhung |cac )?(?:${LIST_NOUNS})\\b.*(?:la gi|gom|nhung gi)|(?:${LIST_NOUNS}) (?:gi|nao)\\b`, 'u');
/** A list is preferred to a sentence that matches only a little better: it answers with its section. */
const LIST_MARGIN = 0.25;
/** "Ai là …", "… là ai": a role asked, which only a name answers (unlike "cơ quan nào …"). */
const ROLE_QUESTION = /(?:^|\s)(?:ai la|la ai|ai giu|ai dang giu)(?=\s|$|\?)/u;
/** Confidence kept when a person question is answered with a sentence ("Cơ quan nào …?" typed as person). */
const PERSON_AS_FREE = 0.85;
/** Words that ask for the kind of answer rather than describe it: no sentence writes them. */
const TIME_WORDS = /(?<![\p{L}])(?:thời gian|thời điểm|thoi gian|thoi diem)(?![\p{L}])/giu;
const PERCENT_WORDS = /(?<![\p{L}])(?:phần trăm|phan tram)(?![\p{L}])/giu;

export interface AnswerOptions {
  readonly maxItems?: number;
  readonly threshold?: number;
}

interface Candidate {
  readonly doc: Document;
  readonly rank: number;
  readonly span: Span;
  readonly coverage: number;
  /** 1 when the sentence names a reference of the question, 0.5 when its chunk does, else 0. */
  readonly reference: number;
  /** Terms of the document title and the section headings over the sentence. */
  readonly context: TermSet;
  /** Every number of the question (other than document numbers) is in the sentence's paragraph or title. */
  readonly numbersOk: boolean;
  /** `missingKey` of the whole passage (hit span + context): 1 when it lacks the question's key word. */
  readonly passageMissing: number;
  /** Every proper name of the question ("Quảng Nam", "Lê Văn Dũng") is written near the sentence or in its frame. */
  readonly namesOk: boolean;
}

interface Evidence {
  readonly query: Query;
  readonly documents: ReadonlyMap<string, Document>;
  readonly hits: readonly Hit[];
  readonly focus: FocusTerms;
  readonly refKeys: ReadonlySet<string>;
  readonly candidates: readonly Candidate[];
  readonly threshold: number;
}

export function answerQuestion(
  query: Query,
  hits: readonly Hit[],
  documents: ReadonlyMap<string, Document>,
  options: AnswerOptions = {},
): Answer {
  const stats = termStatistics(documents);
  const { text: focused, aliases } = focusText(query, stats);
  const focus = focusTerms(focused, stats, query.withoutDiacritics, aliases);
  const refKeys = new Set(query.references.filter((r) => r.known).map((r) => r.key));
  const refNumbers = new Set(query.references.map((r) => r.parsed.number.toLowerCase()));
  const numbers = [...new Set(focus.terms.map((t) => t.exact))].filter((t) => /^\d+$/u.test(t) && !refNumbers.has(t));
  const names = properNames(query.text);
  const candidates = collectCandidates(hits.slice(0, CANDIDATE_HITS), documents, focus, refKeys, numbers, names);
  const evidence: Evidence = { query, documents, hits, focus, refKeys, candidates, threshold: options.threshold ?? DEFAULT_THRESHOLD };

  const unknown = query.references.filter((r) => !r.known);
  if (unknown.length > 0 && refKeys.size === 0) {
    const labels = unknown.map((r) => formatReferenceLabel(r.parsed)).join(', ');
    return notFound(evidence, `Không tìm thấy ${labels} trong các tài liệu hiện có.`, 0);
  }
  if (candidates.length === 0) return notFound(evidence, NOT_FOUND_ANSWER, 0);
  const listAsked = query.type === 'list' || ((query.type === 'free' || query.type === 'subject') && asksForList(query));
  if (listAsked) return listOrFree(evidence, options.maxItems ?? DEFAULT_MAX_ITEMS);
  return query.type === 'free' ? answerFree(evidence) : answerTyped(evidence, typedCue(query, focus));
}

/** "Nhiệm vụ … là gì?", "… còn hạn chế gì?": what is asked is an enumeration, whatever the type says. */
function asksForList(query: Query): boolean {
  return LIST_QUESTION.test(foldDiacritics(query.text.toLowerCase()));
}

/** The best enumeration when it passes the threshold and matches nearly as well as the best sentence. */
function listOrFree(e: Evidence, maxItems: number): Answer {
  const list = answerList(e, maxItems);
  const free = answerFree(e);
  if (!list) return free;
  return !free.found || list.confidence >= free.confidence - LIST_MARGIN ? list : free;
}

/**
 * The focus as the documents would write it: designations in full ("KL 14" → "Kết luận số 14")
 * and abbreviations spelled out ("BCT" → "Bộ Chính trị"). Where the corpus also uses the
 * abbreviation (UBKT, MTTQ, HĐND), it stays an alias of the long form's terms.
 */
function focusText(query: Query, stats: TermStatistics): { text: string; aliases: FocusAlias[] } {
  let text = query.focus.trim() === '' ? query.text : query.focus;
  // "bao nhiêu phần trăm" asks for a percentage, which the documents write "%".
  if (query.type === 'count') text = text.replace(PERCENT_WORDS, ' ');
  // "vào thời gian nào" asks for a date, which no sentence words as "thời gian".
  if (query.type === 'date') text = text.replace(TIME_WORDS, ' ');
  for (const ref of parseReferences(text).reverse()) {
    text = `${text.slice(0, ref.start)}${formatReferenceLabel({ ...ref, date: null, issuer: null })}${text.slice(ref.end)}`;
  }
  const aliases: FocusAlias[] = [];
  for (const { abbr, expansion } of expandAbbreviations(text).expanded) {
    const written = new RegExp(`(?<![\\p{L}\\p{N}])${abbr.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
    text = text.replace(written, expansion);
    if (stats.df.has(foldTerm(abbr.toLowerCase()))) aliases.push({ expansion, abbr });
  }
  return { text, aliases };
}

const documentTermCache = new WeakMap<Document, TermSet>();

function documentTerms(doc: Document): TermSet {
  let terms = documentTermCache.get(doc);
  if (!terms) {
    terms = termSet(doc.text);
    documentTermCache.set(doc, terms);
  }
  return terms;
}

function collectCandidates(
  hits: readonly Hit[],
  documents: ReadonlyMap<string, Document>,
  focus: FocusTerms,
  refKeys: ReadonlySet<string>,
  numbers: readonly string[],
  names: readonly string[],
): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const doc = documents.get(hit.docId);
    if (!doc) return;
    const chunkNames = hit.chunk.references.some((key) => refKeys.has(key));
    // The title and issuer frame every sentence ("Hậu Giang" is rarely repeated in its own speeches);
    // a note in parentheses ("(Ban Tổ chức Tỉnh ủy Quảng Nam chủ trì)") does not.
    const titleText = `${doc.title}\n${(doc.issuer ?? '').replace(/\s*\([^)]*\)/gu, '')}`;
    const title = termSet(titleText);
    // What comes shortly before the passage still frames it ("Ở thành phố Vị Thanh, …").
    const framed = doc.text.slice(Math.max(0, hit.start - ANTECEDENT_CHARS), hit.end);
    const passage = unionTerms(termSet(framed), termSet(`${doc.title}\n${hit.section}`));
    const passageMissing = missingKey(focus, passage);
    for (const span of splitSentences(doc.text, hit.start, hit.end)) {
      const id = `${doc.id}#${span.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const text = doc.text.slice(span.start, span.end);
      const sentenceTerms = termSet(text);
      const namesRef = refKeys.size > 0 && mentionsIn(doc.text, span).some((m) => refKeys.has(m.key));
      const frame = `${titleText}\n${sectionLabel(doc, span.start)}`;
      const context = unionTerms(title, termSet(sectionLabel(doc, span.start)));
      const paragraph = paragraphAt(doc, span.start);
      const around = numbers.length > 0 ? unionTerms(termSet(doc.text.slice(paragraph.start, paragraph.end)), context) : null;
      // A year not in the paragraph is fine when the paragraph names no other year ("quý 1/2022" in
      // a speech of April 2022), not when it does ("quý I-2023" for "năm 2022").
      const yearOk = (n: string): boolean =>
        around !== null &&
        ![...around.exact].some((t) => YEAR.test(t) && t !== n) &&
        (documentTerms(doc).exact.has(n) || (doc.date ?? '').startsWith(n));
      out.push({
        doc,
        rank,
        span,
        coverage: coverage(focus, sentenceTerms),
        reference: namesRef ? 1 : chunkNames ? 0.5 : 0,
        context,
        numbersOk:
          around === null ||
          numbers.every((n) => around.exact.has(n) || around.exact.has(ROMAN[Number(n)] ?? '') || (YEAR.test(n) && yearOk(n))),
        passageMissing,
        namesOk: names.length === 0 || namesNear(names, doc, span, frame),
      });
    }
  });
  return out;
}

/**
 * Evidence that contradicts the question: a number of the question the sentence's paragraph does
 * not have ("quý 2" against "quí 1"), a name of the question not written near the sentence, or a
 * passage without the question's key word.
 */
function evidencePenalty(c: Candidate): number {
  const passage = c.passageMissing >= KEY_MISSING ? KEY_MISSING_FACTOR : 1;
  return (c.numbersOk ? 1 : NUMBER_MISMATCH) * (c.namesOk ? 1 : NAME_MISMATCH) * passage;
}

/**
 * Proper names of the question: runs of two or more capitalized words ("Quảng Nam", "Lê Văn
 * Dũng", "Đại Đoàn kết" → "Đại Đoàn"), folded; titles and bodies ("Ban Tổ chức") are not names.
 */
function properNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)+/gu)) {
    const words = m[0].split(/\s+/u);
    if (NOT_NAME_HEADS.has(words[0] ?? '')) continue;
    names.push(foldDiacritics(m[0].toLowerCase()).replace(/\s+/gu, ' '));
  }
  return names;
}

/** The names within a few sentences around the span, or in the title, issuer or headings. */
function namesNear(names: readonly string[], doc: Document, span: Span, frame: string): boolean {
  const near = doc.text.slice(Math.max(0, span.start - NAME_REACH), Math.min(doc.text.length, span.end + NAME_REACH));
  const haystack = foldDiacritics(`${near}\n${frame}`.toLowerCase()).replace(/\s+/gu, ' ');
  return names.every((name) => haystack.includes(name));
}

/** A small preference for higher-ranked hits, to break near ties. */
function rankBonus(rank: number): number {
  return 0.05 * (1 - rank / CANDIDATE_HITS);
}

function citation(doc: Document, span: Span): Citation {
  return {
    docId: doc.id,
    title: doc.title,
    date: doc.date,
    section: sectionLabel(doc, span.start),
    quote: doc.text.slice(span.start, span.end),
    start: span.start,
    end: span.end,
  };
}

function sameSpan(a: Candidate, b: Candidate): boolean {
  return a.doc.id === b.doc.id && a.span.start === b.span.start;
}

// ---------------------------------------------------------------- free

function freeConfidence(e: Evidence, c: Candidate): number {
  return (e.refKeys.size > 0 ? 0.75 * c.coverage + 0.25 * c.reference : c.coverage) * evidencePenalty(c);
}

function answerFree(e: Evidence, factor = 1): Answer {
  const score = (c: Candidate): number =>
    (c.coverage + (e.refKeys.size > 0 ? 0.3 * c.reference : 0)) * evidencePenalty(c) + rankBonus(c.rank);
  const ranked = [...e.candidates].sort((a, b) => score(b) - score(a));
  const best = ranked[0];
  if (!best) return notFound(e, NOT_FOUND_ANSWER, 0);
  const confidence = factor * freeConfidence(e, best);
  if (confidence < e.threshold) return notFound(e, NOT_FOUND_ANSWER, confidence);
  const support = ranked
    .slice(1)
    .filter((c) => c.coverage >= Math.max(0.45, 0.8 * best.coverage))
    .slice(0, MAX_CITATIONS - 1);
  const citations = [best, ...support].map((c) => citation(c.doc, c.span));
  return found(e, citations[0]?.quote ?? '', citations, confidence);
}

// ---------------------------------------------------------------- typed

function answerTyped(e: Evidence, cue: TypedCue): Answer {
  const scored = e.candidates.map((c) => {
    const phrase = c.numbersOk ? extractPhrase(cue, c.doc.text, c.span, c.context) : null;
    const refs = e.refKeys.size > 0;
    const strength = phrase?.strength ?? 0;
    const penalty = evidencePenalty(c);
    // The phrase is the more specific evidence: it decides between sentences that cover alike.
    const score = (0.5 * c.coverage + strength + (refs ? 0.3 * c.reference : 0)) * penalty + rankBonus(c.rank);
    // The phrase gates the answer, so the sentence may lean on its title and headings here.
    const confidence =
      (refs ? 0.35 * c.coverage + 0.45 * strength + 0.2 * c.reference : 0.45 * c.coverage + 0.55 * strength) *
      penalty;
    return { c, phrase, score, confidence };
  });
  const withPhrase = scored.filter((s): s is typeof s & { phrase: Extracted } => s.phrase !== null);
  const best = withPhrase.sort((a, b) => b.score - a.score)[0];
  if (!best) {
    // A subject can still be read from the best sentence, and "who" may ask for a body ("cơ quan
    // nào", "của ai"); a count or a date cannot.
    if (cue.type === 'subject') return answerFree(e);
    if (cue.type === 'person' && e.query.references.length === 0 && !ROLE_QUESTION.test(foldDiacritics(e.query.text.toLowerCase()))) {
      return answerFree(e, PERSON_AS_FREE);
    }
    const closest = Math.max(0, ...e.candidates.map((c) => freeConfidence(e, c)));
    return notFound(e, NOT_FOUND_ANSWER, 0.5 * Math.min(closest, e.threshold));
  }
  if (best.confidence < e.threshold) return notFound(e, NOT_FOUND_ANSWER, best.confidence);
  const text = best.c.doc.text;
  const answer = text.slice(best.phrase.start, best.phrase.end);
  const key = phraseKey(answer);
  // Other sentences giving the same phrase support it too.
  const support = withPhrase
    .filter((s) => !sameSpan(s.c, best.c) && phraseKey(s.c.doc.text.slice(s.phrase.start, s.phrase.end)) === key)
    .slice(0, MAX_CITATIONS - 1);
  const citations = [best, ...support].map((s) => citation(s.c.doc, s.c.span));
  return found(e, answer, citations, best.confidence);
}

/** Phrases compared without case, spacing or leading zeros ("01/12/2021" = "1/12/2021"). */
function phraseKey(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/(?<!\d)0+(?=\d)/gu, '');
}

// ---------------------------------------------------------------- list

const HIT_OVERLAP_BONUS = 0.15;

function answerList(e: Evidence, maxItems: number): Answer | null {
  let best: { doc: Document; list: ReturnType<typeof documentLists>[number]; score: number; confidence: number } | null = null;
  const docs = new Map<string, { doc: Document; ranks: { rank: number; span: Span }[] }>();
  e.hits.slice(0, CANDIDATE_HITS).forEach((hit, rank) => {
    const doc = e.documents.get(hit.docId);
    if (!doc) return;
    const entry = docs.get(doc.id) ?? { doc, ranks: [] };
    entry.ranks.push({ rank, span: { start: hit.start, end: hit.end } });
    docs.set(doc.id, entry);
  });
  for (const { doc, ranks } of docs.values()) {
    for (const list of documentLists(doc)) {
      const last = list.items[list.items.length - 1];
      if (!last) continue;
      // The lead-in with what precedes it in its paragraph ("Tăng cường tiếp xúc, đối thoại … khơi thông (1) …").
      const leadIn = doc.text.slice(paragraphAt(doc, list.leadIn.start).start, list.leadIn.end);
      const itemText = list.items.map((item) => doc.text.slice(item.start, item.end)).join('\n');
      const inner = list.path[list.path.length - 1] ?? '';
      const near = coverage(e.focus, termSet(`${inner}\n${leadIn}`));
      const all = coverage(e.focus, termSet(`${list.path.join('\n')}\n${leadIn}\n${itemText}`));
      const overlap = ranks.find((r) => r.span.start < last.end && list.leadIn.start < r.span.end);
      const match = 0.6 * near + 0.4 * all;
      const confidence = 0.85 * match + (overlap ? HIT_OVERLAP_BONUS * (1 - overlap.rank / (2 * CANDIDATE_HITS)) : 0);
      const score = confidence + (overlap ? rankBonus(overlap.rank) : 0);
      if (!best || score > best.score) best = { doc, list, score, confidence };
    }
  }
  if (!best || best.confidence < e.threshold) return null;
  const { doc, list } = best;
  const shown = list.items.slice(0, Math.max(1, maxItems));
  const lastShown = shown[shown.length - 1] ?? list.leadIn;
  const span = { start: list.leadIn.start, end: Math.max(list.leadIn.end, lastShown.end) };
  return {
    ...found(e, doc.text.slice(list.leadIn.start, list.leadIn.end), [citation(doc, span)], best.confidence),
    items: shown.map((s) => doc.text.slice(s.start, s.end)),
    moreItems: list.items.length - shown.length,
  };
}

// ---------------------------------------------------------------- results

function found(e: Evidence, answer: string, citations: Citation[], confidence: number): Answer {
  return {
    question: e.query.raw,
    type: e.query.type,
    found: true,
    answer,
    citations,
    hits: e.hits,
    confidence: clamp(confidence),
  };
}

/** The best-covering sentence of each of the top hits: what the documents say closest to the question. */
function notFound(e: Evidence, message: string, confidence: number): Answer {
  const closest: Candidate[] = [];
  for (let rank = 0; rank < CANDIDATE_HITS && closest.length < CLOSEST_PASSAGES; rank++) {
    const inHit = e.candidates.filter((c) => c.rank === rank);
    const best = inHit.reduce<Candidate | undefined>((a, c) => (!a || c.coverage > a.coverage ? c : a), undefined);
    if (best) closest.push(best);
  }
  return {
    question: e.query.raw,
    type: e.query.type,
    found: false,
    answer: message,
    citations: closest.map((c) => citation(c.doc, c.span)),
    hits: e.hits,
    confidence: clamp(confidence),
  };
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
