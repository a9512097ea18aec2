/**
 * Reference cards: "Quy định 50", "quy dinh 50", "QĐ 50", "50-QĐ/TW", "qd50" → the merged record of
 * Quy định số 50-QĐ/TW with every place the corpus mentions it, each quoted as its whole sentence.
 * Also the citation helpers the claim check shares (sentence of an offset, section path).
 */
import type { LoadedIndex } from '../index/store.ts';
import { detectSections, sectionPathAt } from '../text/structure.ts';
import type { Document, DocumentReference } from '../index/records.ts';
import type { ReferenceType } from '../text/references.ts';
import type { Section } from '../text/structure.ts';
import { normalizeText } from '../text/normalize.ts';
import { parseReferences, referenceKey, type ParsedReference } from '../text/references.ts';
import { splitSentences, type Span } from '../text/sentences.ts';
import { foldTerm, lexicalTerms } from '../text/tokenize.ts';
import type { Citation } from './types.ts';

export interface ReferenceCard {
  /** Canonical key (`quy-dinh:50`). */
  key: string;
  /** Full designation ("Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị"). */
  label: string;
  type: ReferenceType;
  number: string;
  symbol: string | null;
  issuer: string | null;
  date: string | null;
  subject: string | null;
  /** One citation per sentence that mentions the reference, in corpus order. */
  mentions: Citation[];
}

/** Free-text and bare-number lookups return at most this many cards. */
const MAX_TEXT_MATCHES = 5;
/** Share of the query's terms (syllables and bigrams) a card must contain to match free text. */
const MIN_TEXT_COVERAGE = 0.75;
/** Types one abbreviation or a common slip can stand for: QĐ = Quy định | Quyết định, CT(r), (TB) KL. */
const CONFUSABLE: ReadonlyArray<ReadonlySet<ReferenceType>> = [
  new Set<ReferenceType>(['Quy định', 'Quyết định']),
  new Set<ReferenceType>(['Chỉ thị', 'Chương trình']),
  new Set<ReferenceType>(['Kết luận', 'Thông báo kết luận']),
];
/** Words that say nothing about which document is meant (exact lowercase forms). */
const QUERY_STOPWORDS = new Set([
  'là', 'gì', 'nào', 'của', 'về', 'số', 'các', 'những', 'có', 'không', 'và', 'văn', 'bản', 'tìm', 'cho', 'tôi',
  'xem', 'nội', 'dung', 'thông', 'tin',
]);
const FOLDED_STOPWORDS = new Set([...QUERY_STOPWORDS].map(foldTerm));

/** Cards for the references written or described in `text`; [] when none is known. */
export function lookupReferences(text: string, index: LoadedIndex): ReferenceCard[] {
  const query = normalizeText(text);
  const documents = new Map(index.documents.map((doc) => [doc.id, doc]));
  const parsed = parseReferences(query);
  const refs = parsed.length > 0 ? resolveParsed(parsed, index.references) : matchText(query, index.references);
  return refs.map((ref) => toCard(ref, documents));
}

/** The index reference a parsed designation names, resolving "QĐ" and similar against the index; null when unknown. */
export function resolveReference(parsed: ParsedReference, index: LoadedIndex): DocumentReference | null {
  return resolveParsed([parsed], index.references)[0] ?? null;
}

function resolveParsed(parsed: readonly ParsedReference[], references: readonly DocumentReference[]): DocumentReference[] {
  const byKey = new Map(references.map((ref) => [ref.key, ref]));
  const out = new Map<string, DocumentReference>();
  for (const p of parsed) {
    const ref = byKey.get(referenceKey(p.type, p.number)) ?? confusableMatch(p, references);
    if (ref !== undefined && !out.has(ref.key)) out.set(ref.key, ref);
  }
  return [...out.values()];
}

/**
 * The parser guesses one type for "QĐ 50"; when the index has no such key, a reference with the same
 * number of a type the designation could also mean, whose symbol (when both are written) agrees.
 */
function confusableMatch(p: ParsedReference, references: readonly DocumentReference[]): DocumentReference | undefined {
  const family = CONFUSABLE.find((types) => types.has(p.type));
  if (family === undefined) return undefined;
  const number = numberOf(referenceKey(p.type, p.number));
  const fits = references.filter(
    (ref) =>
      family.has(ref.type) &&
      numberOf(ref.key) === number &&
      (p.symbol === null || ref.symbol === null || symbolKind(p.symbol) === symbolKind(ref.symbol)),
  );
  // Two different documents fit: the text does not say which one is meant.
  return fits.length === 1 ? fits[0] : undefined;
}

function numberOf(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/** "QĐ/TW" → "qđ", "NQ-HĐND" → "nq": the abbreviation of the type inside a symbol. */
function symbolKind(symbol: string): string {
  return (symbol.split(/[-/]/)[0] ?? '').toLowerCase();
}

/**
 * References whose label or subject holds the words of `query` (folded, syllables and bigrams),
 * best covered first; a reference whose number is the query's number comes before the rest.
 */
function matchText(query: string, references: readonly DocumentReference[]): DocumentReference[] {
  const terms = contentTerms(query);
  if (terms.size === 0) return [];
  const numbers = new Set([...terms].filter((t) => /^\d+$/.test(t)));
  const needed = Math.max(1, Math.ceil(terms.size * MIN_TEXT_COVERAGE));
  const scored: Array<{ ref: DocumentReference; matched: number; numberMatch: boolean; spread: number }> = [];
  for (const ref of references) {
    const haystack = new Set(lexicalTerms(`${ref.label}\n${ref.subject ?? ''}`).folded);
    let matched = 0;
    for (const t of terms) if (haystack.has(t)) matched++;
    if (matched < needed) continue;
    const spread = new Set(lexicalTerms(ref.subject ?? ref.label).folded).size;
    scored.push({ ref, matched, numberMatch: numbers.has(numberOf(ref.key)), spread });
  }
  scored.sort(
    (a, b) =>
      Number(b.numberMatch) - Number(a.numberMatch) ||
      b.matched - a.matched ||
      a.spread - b.spread || // the shorter subject is about the words rather than merely holding them
      b.ref.mentions.length - a.ref.mentions.length,
  );
  return scored.slice(0, MAX_TEXT_MATCHES).map((s) => s.ref);
}

/** Folded unigrams and bigrams of `text` without question words or bigrams that touch them. */
function contentTerms(text: string): Set<string> {
  const { exact, folded } = lexicalTerms(text);
  const out = new Set<string>();
  exact.forEach((term, i) => {
    const stop = term.split('_').some((part) => QUERY_STOPWORDS.has(part) || FOLDED_STOPWORDS.has(part));
    if (!stop) out.add(folded[i]!);
  });
  return out;
}

function toCard(ref: DocumentReference, documents: ReadonlyMap<string, Document>): ReferenceCard {
  const mentions: Citation[] = [];
  const seen = new Set<string>();
  for (const mention of ref.mentions) {
    const doc = documents.get(mention.docId);
    if (doc === undefined) continue;
    const citation = citeSentence(doc, mention.start, mention.end);
    const id = `${doc.id}:${citation.start}`;
    if (!seen.has(id)) {
      seen.add(id);
      mentions.push(citation);
    }
  }
  const { key, label, type, number, symbol, issuer, date, subject } = ref;
  return { key, label, type, number, symbol, issuer, date, subject, mentions };
}

// ---------------------------------------------------------------- citations (shared with claims.ts)

const sentenceCache = new WeakMap<Document, Span[]>();
const sectionCache = new WeakMap<Document, Section[]>();

/** Sentence spans of a document, computed once per loaded document. */
export function documentSentences(doc: Document): readonly Span[] {
  let spans = sentenceCache.get(doc);
  if (spans === undefined) {
    spans = splitSentences(doc.text);
    sentenceCache.set(doc, spans);
  }
  return spans;
}

/** The sentences of `doc` overlapping [start, end), in order. */
export function sentencesOverlapping(doc: Document, start: number, end: number): Span[] {
  const spans = documentSentences(doc);
  const out: Span[] = [];
  for (let i = Math.max(0, sentenceAt(spans, start)); i < spans.length; i++) {
    const span = spans[i]!;
    if (span.start >= end) break;
    if (span.end > start) out.push(span);
  }
  return out;
}

/** A citation of the sentence(s) holding [start, end) — the span itself when it lies in no sentence. */
export function citeSentence(doc: Document, start: number, end: number): Citation {
  const covering = sentencesOverlapping(doc, start, Math.max(end, start + 1));
  const first = covering[0];
  const last = covering[covering.length - 1];
  const from = first === undefined ? start : Math.min(first.start, start);
  const to = last === undefined ? end : Math.max(last.end, end);
  return citation(doc, from, to);
}

/** A verbatim citation of [start, end) with the document's title, date and section path there. */
export function citation(doc: Document, start: number, end: number): Citation {
  let sections = sectionCache.get(doc);
  if (sections === undefined) {
    sections = detectSections(doc.id, doc.text);
    sectionCache.set(doc, sections);
  }
  return {
    docId: doc.id,
    title: doc.title,
    date: doc.date,
    section: sectionPathAt(sections, start).join(' › '),
    quote: doc.text.slice(start, end),
    start,
    end,
  };
}

/** Index of the last sentence starting at or before `offset` (-1 when none). */
function sentenceAt(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
