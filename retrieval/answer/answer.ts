/**
 * Grounded extractive answers: the reply's lead is cut verbatim from the best supporting sentence
 * of the retrieved passages, or the answer says the documents do not contain it — never a fact
 * that is not in a quote. Every citation is `document.text.slice(start, end)`.
 *
 * 1. Evidence (evidence.ts): the sentences of the top hits, scored by idf-weighted coverage of the
 *    question's focus (terms.ts), what frames them, the references they name, and what contradicts
 *    the question (agreement.ts).
 * 2. count/date/person/subject lead with the typed phrase a sentence gives (phrases.ts, count.ts,
 *    person.ts); a title asked of a named person with that title; a list with the lead-in and items
 *    of the best enumeration (enumeration.ts); free questions with the best sentence.
 * 3. Whether to answer at all is answerability.ts's decision: the probability that the proposed
 *    answer is right, from features of the question and the evidence, against the fitted operating
 *    point. Below it, or when the question names a document the index does not know, the answer is
 *    a Vietnamese "not found" with the closest passages.
 */
import type { Document } from '../../index/records.ts';
import { foldForMatch } from '../../text/fold.ts';
import { formatReferenceLabel } from '../../text/references/index.ts';
import type { Span } from '../../text/sentences.ts';
import { asksForBody, asksForTitle } from './asked.ts';
import { decline, NOT_FOUND_ANSWER } from './decline.ts';
import { typedCue, type Extracted, type TypedCue } from './cue.ts';
import { asksForList, chooseList } from './enumeration.ts';
import { evidencePenalty, gatherEvidence, type Candidate, type Evidence } from './evidence.ts';
import { viewOf } from '../document/view.ts';
import { extractTitle } from './person.ts';
import { extractPhrase } from './phrases.ts';
import { answerFeatures, answerProbability, MODEL, unknownWords, type AnswerabilityModel, type Proposal } from './answerability.ts';
import { missingKey, termSet, termStatistics, unionTerms, type TermStatistics } from './terms.ts';
import type { Answer, Citation, Hit, Query } from '../types.ts';

export { NOT_FOUND_ANSWER };
const DEFAULT_MAX_ITEMS = 7;
/** Hits whose sentences are read; lower hits rarely hold the answer and add noise. */
const CANDIDATE_HITS = 5;
const MAX_CITATIONS = 3;

/** A list is preferred to a sentence that matches only a little better: it answers with its section. */
const LIST_MARGIN = 0.25;
/** Confidence kept when a person question is answered with a sentence ("Cơ quan nào …?" typed as person). */
const PERSON_AS_FREE = 0.85;

export interface AnswerOptions {
  readonly maxItems?: number;
  /** The probability an answer needs (default: the model's operating point). */
  readonly threshold?: number;
  readonly model?: AnswerabilityModel;
  /** Attach the decision (features, probability) to the answer. */
  readonly explain?: boolean;
  /** Sentence statistics of the corpus (the index's stored ones); computed from `documents` when absent. */
  readonly statistics?: TermStatistics;
}

/** The evidence with the question and what the answer is built from. */
interface Context extends Evidence {
  readonly query: Query;
  readonly documents: ReadonlyMap<string, Document>;
  readonly hits: readonly Hit[];
  readonly stats: TermStatistics;
  readonly threshold: number;
  readonly model: AnswerabilityModel;
  readonly explain: boolean;
}

/** An answer an extractor proposes, before the decision. */
interface Proposed {
  readonly answer: string;
  readonly citations: Citation[];
  readonly items?: string[];
  readonly moreItems?: number;
  readonly proposal: Proposal;
}

export function answerQuestion(
  query: Query,
  hits: readonly Hit[],
  documents: ReadonlyMap<string, Document>,
  options: AnswerOptions = {},
): Answer {
  const stats = options.statistics ?? termStatistics(documents);
  const model = options.model ?? MODEL;
  const evidence: Context = {
    ...gatherEvidence(query, hits, documents, stats, CANDIDATE_HITS),
    query,
    documents,
    hits,
    stats,
    threshold: options.threshold ?? model.threshold,
    model,
    explain: options.explain ?? false,
  };
  const { refKeys, candidates, focus } = evidence;

  const unknown = query.references.filter((r) => !r.known);
  if (unknown.length > 0 && refKeys.size === 0) {
    const labels = unknown.map((r) => formatReferenceLabel(r.parsed)).join(', ');
    // A document the library never mentions: nothing of it to quote.
    return { ...notFound(evidence, `Không tìm thấy ${labels} trong các tài liệu hiện có.`, 0), citations: [] };
  }
  const absent = unknownWords(focus, stats, query.withoutDiacritics);
  if (absent.length > 0) {
    return { ...notFound(evidence, `Các tài liệu hiện có không nói tới ${absent.map((w) => `“${w}”`).join(', ')}.`, 0), citations: [] };
  }
  if (candidates.length === 0) return notFound(evidence, NOT_FOUND_ANSWER, 0);
  if (asksForList(query)) return listOrFree(evidence, options.maxItems ?? DEFAULT_MAX_ITEMS);
  if (asksForTitle(query)) return answerTitle(evidence) ?? answerFree(evidence);
  return query.type === 'free' ? answerFree(evidence) : answerTyped(evidence, typedCue(query, focus));
}

/** The best enumeration when it is answerable and matches nearly as well as the best sentence. */
function listOrFree(e: Context, maxItems: number): Answer {
  const listProposed = proposeList(e, maxItems);
  const freeProposed = proposeFree(e);
  const free = freeProposed === null ? notFound(e, NOT_FOUND_ANSWER, 0) : decide(e, freeProposed);
  if (listProposed === null) return free;
  const list = decide(e, listProposed);
  if (!list.found) return free;
  const listScore = listProposed.proposal.score;
  return !free.found || listScore >= (freeProposed?.proposal.score ?? 0) - LIST_MARGIN ? list : free;
}

/** 1 − second hit's score / first hit's score. */
function margin(hits: readonly Hit[]): number {
  const first = hits[0]?.score ?? 0;
  const second = hits[1]?.score ?? 0;
  return first > 0 ? 1 - second / first : 0;
}

/** The proposal of a sentence candidate. */
function sentenceProposal(e: Context, c: Candidate, kind: Proposal['kind'], strength: number, score: number): Proposal {
  const hit = e.hits[c.rank];
  const around = viewOf(c.doc).sentenceWindow(c.span.start, c.span.end);
  // The window stays inside the passage: beyond it is another chunk's text.
  const from = Math.min(c.span.start, Math.max(hit?.start ?? 0, around.start));
  const to = Math.max(c.span.end, Math.min(hit?.end ?? c.doc.text.length, around.end));
  return {
    terms: c.terms,
    frame: c.framing,
    window: termSet(c.doc.text.slice(from, to)),
    passage: hit === undefined ? c.terms : termSet(c.doc.text.slice(hit.start, hit.end)),
    margin: margin(e.hits),
    coverage: c.coverage,
    strength,
    reference: c.reference,
    keyMissing: c.passageMissing,
    rank: c.rank / CANDIDATE_HITS,
    score,
    kind,
  };
}

/** Answers with the proposal when the decision says it is answerable, else says not found. */
function decide(e: Context, proposed: Proposed): Answer {
  const features = answerFeatures(proposed.proposal, e.focus, e.stats, e.query.withoutDiacritics);
  const probability = answerProbability(features, e.model);
  const decision = e.explain ? { decision: { probability, features } } : {};
  if (probability < e.threshold) return { ...notFound(e, NOT_FOUND_ANSWER, probability), ...decision };
  const extra = proposed.items === undefined ? {} : { items: proposed.items, moreItems: proposed.moreItems ?? 0 };
  return { ...found(e, proposed.answer, proposed.citations, probability), ...extra, ...decision };
}

/** A small preference for higher-ranked hits, to break near ties. */
function rankBonus(rank: number): number {
  return 0.05 * (1 - rank / CANDIDATE_HITS);
}

function citation(doc: Document, span: Span): Citation {
  return viewOf(doc).citation(span.start, span.end);
}

function sameSpan(a: Candidate, b: Candidate): boolean {
  return a.doc.id === b.doc.id && a.span.start === b.span.start;
}

// ---------------------------------------------------------------- free

function freeConfidence(e: Context, c: Candidate): number {
  return (e.refKeys.size > 0 ? 0.75 * c.coverage + 0.25 * c.reference : c.coverage) * evidencePenalty(c);
}

function answerFree(e: Context, factor = 1): Answer {
  const proposed = proposeFree(e, factor);
  return proposed === null ? notFound(e, NOT_FOUND_ANSWER, 0) : decide(e, proposed);
}

/** The best sentence, with the sentences that cover nearly as much as support. */
function proposeFree(e: Context, factor = 1, kind: Proposal['kind'] = 'sentence'): Proposed | null {
  const score = (c: Candidate): number =>
    (c.coverage + (e.refKeys.size > 0 ? 0.3 * c.reference : 0)) * evidencePenalty(c) + rankBonus(c.rank);
  const ranked = [...e.candidates].sort((a, b) => score(b) - score(a));
  const best = ranked[0];
  if (!best) return null;
  const support = ranked
    .slice(1)
    .filter((c) => c.coverage >= Math.max(0.45, 0.8 * best.coverage))
    .slice(0, MAX_CITATIONS - 1);
  const citations = [best, ...support].map((c) => citation(c.doc, c.span));
  const proposal = sentenceProposal(e, best, kind, 0, factor * freeConfidence(e, best));
  return { answer: citations[0]?.quote ?? '', citations, proposal };
}

// ---------------------------------------------------------------- title of a named person

/** The title written after the name in the best sentence that gives one; null when none does. */
function answerTitle(e: Context): Answer | null {
  const question = foldForMatch(e.query.text);
  const score = (c: Candidate): number => c.coverage * evidencePenalty(c) + rankBonus(c.rank);
  const titled = e.candidates
    .map((c) => ({ c, title: extractTitle(c.doc.text, c.span, question) }))
    .filter((t): t is { c: Candidate; title: Extracted } => t.title !== null)
    .sort((a, b) => score(b.c) - score(a.c));
  const best = titled[0];
  if (!best) return null;
  const proposal = sentenceProposal(e, best.c, 'title', best.title.strength, freeConfidence(e, best.c));
  return decide(e, { answer: best.c.doc.text.slice(best.title.start, best.title.end), citations: [citation(best.c.doc, best.c.span)], proposal });
}

// ---------------------------------------------------------------- typed

function answerTyped(e: Context, cue: TypedCue): Answer {
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
    if (cue.type === 'person' && asksForBody(e.query)) return answerFree(e, PERSON_AS_FREE);
    // No phrase of the asked kind. A count or a date is a number: a sentence without one is no
    // answer, nor is one that merely names the document asked about ("Kết luận 21 ban hành ngày
    // nào?"). A person may be named in a way the name reader misses (foreign names, bodies): the
    // sentence is proposed, and the decision weighs that it gives no phrase.
    if (cue.type !== 'person' || e.refKeys.size > 0) return notFound(e, NOT_FOUND_ANSWER, 0);
    const fallback = proposeFree(e, 1, 'fallback');
    return fallback === null ? notFound(e, NOT_FOUND_ANSWER, 0) : decide(e, fallback);
  }
  const text = best.c.doc.text;
  const answer = text.slice(best.phrase.start, best.phrase.end);
  const key = phraseKey(answer);
  // Other sentences giving the same phrase support it too.
  const support = withPhrase
    .filter((s) => !sameSpan(s.c, best.c) && phraseKey(s.c.doc.text.slice(s.phrase.start, s.phrase.end)) === key)
    .slice(0, MAX_CITATIONS - 1);
  const citations = [best, ...support].map((s) => citation(s.c.doc, s.c.span));
  return decide(e, { answer, citations, proposal: sentenceProposal(e, best.c, 'typed', best.phrase.strength, best.confidence) });
}

/** Phrases compared without case, spacing or leading zeros ("01/12/2021" = "1/12/2021"). */
function phraseKey(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/(?<!\d)0+(?=\d)/gu, '');
}

// ---------------------------------------------------------------- list

/** The best enumeration, its lead-in first and its items (up to `maxItems`) verbatim; null when there is none. */
function proposeList(e: Context, maxItems: number): Proposed | null {
  const choice = chooseList(e, e.query, e.hits, e.documents, CANDIDATE_HITS);
  if (!choice) return null;
  const { doc, list } = choice;
  const shown = list.items.slice(0, Math.max(1, maxItems));
  const lastShown = shown[shown.length - 1] ?? list.leadIn;
  const span = { start: list.leadIn.start, end: Math.max(list.leadIn.end, lastShown.end) };
  const proposal: Proposal = {
    terms: choice.terms,
    frame: choice.frame,
    window: choice.terms,
    passage: choice.terms,
    margin: margin(e.hits),
    coverage: choice.coverage,
    strength: 0,
    reference: 0,
    keyMissing: missingKey(e.focus, unionTerms(choice.terms, choice.frame)),
    rank: (choice.rank ?? CANDIDATE_HITS) / CANDIDATE_HITS,
    score: choice.confidence,
    kind: 'list',
  };
  return {
    answer: doc.text.slice(list.leadIn.start, list.leadIn.end),
    citations: [citation(doc, span)],
    items: shown.map((s) => doc.text.slice(s.start, s.end)),
    moreItems: list.items.length - shown.length,
    proposal,
  };
}

// ---------------------------------------------------------------- results

function found(e: Context, answer: string, citations: Citation[], confidence: number): Answer {
  return {
    question: e.query.raw,
    type: e.query.type,
    kind: 'answer',
    found: true,
    answer,
    citations,
    hits: e.hits,
    confidence: clamp(confidence),
  };
}

/** Not found: what the documents say of the subject (decline.ts), quoted, never a guess. */
function notFound(e: Context, message: string, confidence: number): Answer {
  const closeness = (c: Candidate): number =>
    answerProbability(answerFeatures(sentenceProposal(e, c, 'sentence', 0, freeConfidence(e, c)), e.focus, e.stats, e.query.withoutDiacritics), e.model);
  const said = decline(e.query, e.refKeys, e.candidates, e.vetoed, closeness, e.threshold);
  return {
    question: e.query.raw,
    type: e.query.type,
    kind: 'not-found',
    found: false,
    answer: message === NOT_FOUND_ANSWER ? said.message : message,
    citations: said.quoted.map((c) => citation(c.doc, c.span)),
    hits: e.hits,
    confidence: clamp(confidence),
  };
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
