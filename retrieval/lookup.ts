/**
 * Reference cards: "Quy định 50", "quy dinh 50", "QĐ 50", "50-QĐ/TW", "qd50" → the merged record of
 * Quy định số 50-QĐ/TW with every place the corpus mentions it, each quoted as its whole sentence.
 */
import type { LoadedIndex } from '../index/store.ts';
import type { Document, DocumentReference } from '../index/records.ts';
import {
  baseOfKey,
  identityKey,
  keysCompatible,
  parseReferences,
  referenceKey,
  type ParsedReference,
  type ReferenceType,
} from '../text/references/index.ts';
import { normalizeText } from '../text/normalize.ts';
import { isStopWord } from '../text/stopwords.ts';
import { foldTerm, lexicalTerms } from '../text/tokenize.ts';
import { viewOf } from './document/view.ts';
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
  /** The library's document this reference is, when the library holds it. */
  document: { docId: string; title: string } | null;
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
/** Words of a request that say nothing about which document is meant, beside the stop words. */
const REQUEST_WORDS = new Set(['số', 'văn', 'bản', 'tìm', 'xem', 'nội', 'dung', 'thông', 'tin'].flatMap((w) => [w, foldTerm(w)]));

const documentMaps = new WeakMap<LoadedIndex, ReadonlyMap<string, Document>>();

/** Cards for the references written or described in `text`; [] when none is known. */
export function lookupReferences(text: string, index: LoadedIndex): ReferenceCard[] {
  const query = normalizeText(text);
  let documents = documentMaps.get(index);
  if (documents === undefined) documentMaps.set(index, (documents = new Map(index.documents.map((doc) => [doc.id, doc]))));
  const parsed = parseReferences(query);
  const refs = parsed.length > 0 ? resolveParsed(parsed, index.references) : matchText(query, index.references);
  return refs.map((ref) => toCard(ref, documents));
}

/** The index reference a parsed designation names, resolving "QĐ" and similar against the index; null when unknown. */
export function resolveReference(parsed: ParsedReference, index: LoadedIndex): DocumentReference | null {
  return resolveParsed([parsed], index.references)[0] ?? null;
}

function resolveParsed(parsed: readonly ParsedReference[], references: readonly DocumentReference[]): DocumentReference[] {
  const byKey = new Map<string, DocumentReference>();
  for (const ref of references) for (const key of [ref.key, ...(ref.aliases ?? [])]) if (!byKey.has(key)) byKey.set(key, ref);
  const out = new Map<string, DocumentReference>();
  for (const p of parsed) {
    const written = identityKey(p);
    const exact = byKey.get(written);
    // "Chỉ thị 05" can be each Chỉ thị 05 the corpus knows: one card each.
    const fits = exact !== undefined ? [exact] : references.filter((ref) => keysCompatible(written, ref.key));
    const found = fits.length > 0 ? fits : [confusableMatch(p, references)].filter((r): r is DocumentReference => r !== undefined);
    for (const ref of found) if (!out.has(ref.key)) out.set(ref.key, ref);
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

/** The number of a key: "21" of `ket-luan:21:tw`. */
function numberOf(key: string): string {
  const base = baseOfKey(key);
  return base.slice(base.indexOf(':') + 1);
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
    const stop = term.split('_').some((part) => isStopWord(part) || REQUEST_WORDS.has(part));
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
    const citation = viewOf(doc).citeSentence(mention.start, mention.end);
    const id = `${doc.id}:${citation.start}`;
    if (!seen.has(id)) {
      seen.add(id);
      mentions.push(citation);
    }
  }
  const { key, label, type, number, symbol, issuer, date, subject } = ref;
  const target = ref.documentId == null ? undefined : documents.get(ref.documentId);
  const document = target === undefined ? null : { docId: target.id, title: target.title };
  return { key, label, type, number, symbol, issuer, date, subject, document, mentions };
}
