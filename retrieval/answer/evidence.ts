/**
 * Candidate evidence for an answer: the sentences of the top hits, each with how much of the
 * question's focus it covers (itself, and at part credit what frames it: the document title, its
 * section headings, the lead-in of the list it is an item of), whether it names the documents the
 * question names, and what around it contradicts the question (agreement.ts: a number or a
 * proper name of the question missing; here: the passage lacking the question's key word).
 *
 * The focus is matched as the documents would write it: designations and abbreviations spelled
 * out, periods as the reports name them (periods.ts), everyday words as the register says them
 * (synonyms.ts, shared with search), a quarter in Roman or Arabic figures.
 */
import type { Document } from '../../index/records.ts';
import { formatReferenceLabel, parseReferences } from '../../text/references/index.ts';
import { splitSentences, type Span } from '../../text/sentences.ts';
import { foldTerm, tokenizeSyllables } from '../../text/tokenize.ts';
import { expandAbbreviations } from '../query/abbreviations.ts';
import { namesAgree, numbersAgree, specificsOf, type Specifics } from './agreement.ts';
import { contradiction } from './specifics.ts';
import { asksForTitle } from './asked.ts';
import { mentionNames, mentionsIn, queryReferenceKeys } from './cue.ts';
import { withCanonicalPeriods } from '../query/periods.ts';
import { expandSynonyms, SYNONYMS } from '../search/synonyms.ts';
import { viewOf } from '../document/view.ts';
import {
  coverage,
  focusTerms,
  missingKey,
  termSet,
  unionTerms,
  type FocusAlias,
  type FocusTerms,
  type TermSet,
  type TermStatistics,
} from './terms.ts';
import type { Hit, Query } from '../types.ts';

/** How a span of a document stands to the question, whatever the span (a sentence, a list). */
export interface Judgement {
  /** Terms of the document title, issuer and the section headings over the span. */
  readonly context: TermSet;
  /** Every number of the question is in the span's paragraph or its frame (see `numbersAgree`). */
  readonly numbersOk: boolean;
  /** Every proper name of the question is written near the span or in its frame (see `namesAgree`). */
  readonly namesOk: boolean;
  /** A specific of the question the span contradicts ("number", "name", "period", "role", "predicate"), or null. */
  readonly veto: string | null;
}

export interface Candidate extends Judgement {
  readonly doc: Document;
  /** Rank of the hit the sentence comes from (0 = top). */
  readonly rank: number;
  readonly span: Span;
  /** Weighted share of the focus in the sentence, what frames it counting `CONTEXT_CREDIT`. */
  readonly coverage: number;
  /** 1 when the sentence names a reference of the question, 0.5 when its chunk does, else 0. */
  readonly reference: number;
  /** `missingKey` of the whole passage (hit span, what shortly precedes it, title, section): 1 when it lacks the question's key word. */
  readonly passageMissing: number;
  /** The sentence's own terms. */
  readonly terms: TermSet;
  /** What frames it: title, issuer, section headings, and the lead-in of the list it is an item of. */
  readonly framing: TermSet;
}

export interface Evidence {
  readonly focus: FocusTerms;
  /** Keys of the question's references the index knows. */
  readonly refKeys: ReadonlySet<string>;
  /** The sentences no specific of the question contradicts: what an answer may rest on. */
  readonly candidates: readonly Candidate[];
  /** The sentences a specific of the question contradicts (another period, role, place…). */
  readonly vetoed: readonly Candidate[];
  /** Judges any span of a document (a list's lead-in) as candidates are judged. */
  readonly judge: (doc: Document, span: Span) => Judgement;
}

// Evidence that contradicts the question multiplies confidence down.
/** A number of the question missing around the sentence ("quý 2" against "quí 1"). */
const NUMBER_MISMATCH = 0.3;
/** A proper name of the question missing near the sentence ("Quảng Nam kết nạp …" from a regional total). */
const NAME_MISMATCH = 0.3;
/** The passage lacks the question's most telling word (see `missingKey`). */
const KEY_MISSING = 0.75;
const KEY_MISSING_FACTOR = 0.8;
/** Text before a passage that still frames it ("Ở thành phố Vị Thanh, …" two paragraphs up). */
const ANTECEDENT_CHARS = 800;
/** Credit of a focus word found only in what frames a sentence (title, headings, lead-in), not in it. */
export const CONTEXT_CREDIT = 0.5;
const QUARTER = /(?<![\p{L}\p{N}])(quý|quí|quy|qui)\s+(IV|I{1,3}|[1-4])(?![\p{L}\p{N}])/giu;
const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'];
/** Words that ask for the kind of answer rather than describe it: no sentence writes them. */
const TIME_WORDS = /(?<![\p{L}])(?:thời gian|thời điểm|thoi gian|thoi diem)(?![\p{L}])/giu;
const PERCENT_WORDS = /(?<![\p{L}])(?:phần trăm|phan tram)(?![\p{L}])/giu;

/** The focus terms of the question and the sentences of the first `hitCount` hits as candidates. */
export function gatherEvidence(
  query: Query,
  hits: readonly Hit[],
  documents: ReadonlyMap<string, Document>,
  stats: TermStatistics,
  hitCount: number,
): Evidence {
  const { text: focused, aliases } = focusText(query, stats);
  const focus = focusTerms(focused, stats, query.withoutDiacritics, aliases);
  const refKeys = queryReferenceKeys(query);
  const specifics = specificsOf(query, focus, query.type === 'person' || asksForTitle(query));
  const judge = (doc: Document, span: Span): Judgement => judgeSpan(specifics, doc, span);
  const all = collectCandidates(hits.slice(0, hitCount), documents, focus, refKeys, specifics);
  return { focus, refKeys, candidates: all.filter((c) => c.veto === null), vetoed: all.filter((c) => c.veto !== null), judge };
}

/**
 * Evidence that contradicts the question: a number of the question the sentence's paragraph does
 * not have ("quý 2" against "quí 1"), a name of the question not written near the sentence, or a
 * passage without the question's key word.
 */
export function evidencePenalty(c: Candidate): number {
  return judgementPenalty(c) * (c.passageMissing >= KEY_MISSING ? KEY_MISSING_FACTOR : 1);
}

/** The part of the penalty any span can have: numbers and names of the question missing. */
export function judgementPenalty(j: Judgement): number {
  return (j.numbersOk ? 1 : NUMBER_MISMATCH) * (j.namesOk ? 1 : NAME_MISMATCH);
}

/**
 * The focus as the documents would write it: designations in full ("KL 14" → "Kết luận số 14")
 * and abbreviations spelled out ("BCT" → "Bộ Chính trị"). Where the corpus also uses the
 * abbreviation (UBKT, MTTQ, HĐND), it stays an alias of the long form's terms.
 */
function focusText(query: Query, stats: TermStatistics): { text: string; aliases: FocusAlias[] } {
  let text = withCanonicalPeriods(query.focus.trim() === '' ? query.text : query.focus);
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
  // The documents' wording of what the question says in everyday words (synonyms.ts, the table
  // search uses too) counts for the question's words: "khai trừ" for "đuổi khỏi Đảng".
  for (const written of expandSynonyms(text)) {
    const head = tokenizeSyllables(written).slice(0, 2).map((t) => t.term).join('_');
    for (const row of SYNONYMS) {
      if (row.written.includes(written)) for (const asked of row.asked) aliases.push({ expansion: asked, abbr: head });
    }
  }
  // "quý I" and "quí 1" are one quarter: each form of the question's counts for the other.
  for (const m of text.matchAll(QUARTER)) {
    const [written, word = '', n = ''] = m;
    const roman = ROMAN_QUARTERS.indexOf(n.toUpperCase());
    const other = roman >= 0 ? String(roman + 1) : ROMAN_QUARTERS[Number(n) - 1];
    if (other === undefined) continue;
    aliases.push({ expansion: n, abbr: other }, { expansion: written, abbr: `${word}_${other}` });
  }
  return { text, aliases };
}

/** The title and issuer frame every sentence; a note in parentheses ("(Ban Tổ chức … chủ trì)") does not. */
function titleText(doc: Document): string {
  return `${doc.title}\n${(doc.issuer ?? '').replace(/\s*\([^)]*\)/gu, '')}`;
}

function judgeSpan(specifics: Specifics, doc: Document, span: Span): Judgement {
  const view = viewOf(doc);
  const section = view.sectionLabel(span.start);
  const frame = `${titleText(doc)}\n${section}`;
  const context = termSet(frame);
  const numbersOk = numbersAgree(specifics, doc, span, context);
  const namesOk = namesAgree(specifics, doc, span, frame);
  // The sentences around, within the paragraph: a report's paragraph may run a page long.
  const paragraph = view.paragraphAt(span.start);
  const around = view.sentenceWindow(span.start, span.end);
  const levels = {
    sentence: doc.text.slice(span.start, span.end),
    paragraph: doc.text.slice(Math.max(paragraph.start, around.start), Math.min(Math.max(paragraph.end, span.end), around.end)),
    headings: section,
    title: doc.title,
    date: doc.date,
  };
  // A number or a name of the question missing around the span, or a period, role or action it
  // contradicts, vetoes it as evidence.
  const veto = !numbersOk ? 'number' : !namesOk ? 'name' : contradiction(specifics.stated, levels, specifics.checkRoles);
  return { context, numbersOk, namesOk, veto };
}

function collectCandidates(
  hits: readonly Hit[],
  documents: ReadonlyMap<string, Document>,
  focus: FocusTerms,
  refKeys: ReadonlySet<string>,
  specifics: Specifics,
): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const doc = documents.get(hit.docId);
    if (!doc) return;
    const chunkNames = hit.chunk.references.some((key) => mentionNames(refKeys, key));
    // What comes shortly before the passage still frames it ("Ở thành phố Vị Thanh, …").
    const framed = doc.text.slice(Math.max(0, hit.start - ANTECEDENT_CHARS), hit.end);
    const passageMissing = missingKey(focus, unionTerms(termSet(framed), termSet(`${doc.title}\n${hit.section}`)));
    for (const span of splitSentences(doc.text, hit.start, hit.end)) {
      const id = `${doc.id}#${span.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const judgement = judgeSpan(specifics, doc, span);
      const leadIn = leadInOf(doc, span.start);
      const framing = leadIn === null ? judgement.context : unionTerms(judgement.context, termSet(leadIn));
      const namesRef = refKeys.size > 0 && mentionsIn(doc.text, span).some((m) => mentionNames(refKeys, m.key));
      const terms = termSet(doc.text.slice(span.start, span.end));
      out.push({
        ...judgement,
        doc,
        rank,
        span,
        terms,
        framing,
        coverage: coverage(focus, terms, framing, CONTEXT_CREDIT),
        reference: namesRef ? 1 : chunkNames ? 0.5 : 0,
        passageMissing,
      });
    }
  });
  return out;
}

/** The lead-in of the list item holding `offset` ("… tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:"), or null. */
function leadInOf(doc: Document, offset: number): string | null {
  for (const list of viewOf(doc).lists) {
    const first = list.items[0];
    const last = list.items[list.items.length - 1];
    if (!first || !last || offset < first.start || offset >= viewOf(doc).paragraphAt(last.start).end) continue;
    return doc.text.slice(list.leadIn.start, list.leadIn.end);
  }
  return null;
}
