/**
 * A small BM25 index over named fields, in the spirit of MiniSearch's core.
 *
 * - Documents are numbered by their position in the array given to `build` (the ordinal).
 * - Each field is analysed by `lexicalTerms` into two logical fields: `<name>` (exact terms) and
 *   `<name>~folded` (the same terms without diacritics). Because `folded[i] === foldTerm(exact[i])`,
 *   the folded field is not stored: a folded term's postings are the union of the postings of the
 *   exact terms that fold to it (usually one or two: "quý", "quí" → "qui"), merged at query time.
 *   Field lengths are the same in both.
 * - Postings are compressed-sparse-row typed arrays per field: term t's documents are
 *   `ordinals[starts[t] .. starts[t+1]]` (ascending) with `frequencies` alongside. A search touches
 *   only the postings of the query's terms, accumulating into a dense score array.
 * - Score: BM25F. For each query term, its frequency in each field is divided by that field's
 *   length norm (1 − b + b × length / average) and weighted by the field's boost; the sum over
 *   fields is saturated once, tf / (tf + k1) × (k1 + 1), and multiplied by the term's weight and
 *   idf = ln(1 + (N − df + 0.5) / (df + 0.5)), df counting documents with the term in any field
 *   (or in the `idfFields` a search names: a title repeated over its chunks is not a common word).
 *   So a chunk repeating in its text what its heading (document title, section path) already says
 *   gains little over its sibling chunks; summing a separately saturated BM25 per field let the
 *   chunk that restates the title ("Cụm thi đua … 06 tháng đầu năm …") outrank the chunk holding
 *   the answer, and made a heading field worth weighting fully crowd out the text (see search.ts).
 *   Bigram terms ("kết_luận") score like any term, which rewards phrases. A query typed without
 *   diacritics is scored mostly on the folded terms; otherwise the exact terms dominate and the
 *   folded ones add a little (spelling variants); exact and folded are two terms, each BM25F.
 */
import { exactTerms, foldTerm, isWithoutDiacritics, lexicalTerms } from '../../text/tokenize.ts';

export interface LexicalIndexOptions {
  /** Field name → weight of a match in that field relative to one in others (BM25F field weight). */
  readonly fields: Readonly<Record<string, { readonly boost: number }>>;
  readonly k1?: number;
  readonly b?: number;
}

export interface LexicalSearchOptions {
  /** Number of hits to return (10 by default). */
  readonly k?: number;
  /** Overrides of the field boosts given at build time. */
  readonly fieldBoosts?: Partial<Record<string, number>>;
  /** Weight of the folded fields (default: 1 for a query without diacritics, else 0.25). */
  readonly foldedBoost?: number;
  /** Only documents for which this returns true are returned. */
  readonly filter?: (ordinal: number) => boolean;
  /**
   * Score only the documents marked non-zero here (one entry per document), with idf still from
   * the whole index: a caller that needs few documents' scores skips the cost of scoring every one.
   */
  readonly within?: Uint8Array;
  /**
   * Score as a query typed without diacritics (default: detected from the text). A caller that
   * appends marked expansions to a marks-less question ("ket luan 21 (Kết luận 21)") says so here.
   */
  readonly withoutDiacritics?: boolean;
  /** Weight of bigram terms relative to single terms (default BIGRAM_WEIGHT). */
  readonly bigramWeight?: number;
  /**
   * Fields whose document frequency sets a term's idf (default: all; a term in none of them falls
   * back to all). A field repeated over many documents, like a document title over its chunks,
   * would otherwise make its words look common.
   */
  readonly idfFields?: readonly string[];
  /**
   * Further phrases searched with the query (synonyms of its wording): each of their terms weighs
   * `weight` times what it would in the query; a term also in the query keeps the larger weight.
   */
  readonly expansions?: ReadonlyArray<{ readonly text: string; readonly weight: number }>;
}

export interface LexicalHit {
  readonly ordinal: number;
  readonly score: number;
  /** Query terms (exact form) found in the document, exactly or folded. */
  readonly matched: string[];
}

/** Serialized field: integer arrays are unsigned LEB128 varints, base64-encoded. */
export interface LexicalFieldData {
  readonly boost: number;
  /** Vocabulary: term i owns the i-th run of postings. */
  readonly terms: string[];
  /** Number of postings (document frequency) of each term. */
  readonly documentFrequencies: string;
  /** Ordinals of each term's postings, the first absolute and the rest as gaps. */
  readonly ordinals: string;
  /** Term frequency of each posting, parallel to `ordinals`. */
  readonly frequencies: string;
  /** Number of terms of each document in this field. */
  readonly lengths: string;
  readonly averageLength: number;
}

export interface LexicalIndexData {
  readonly version: 1;
  readonly documentCount: number;
  readonly k1: number;
  readonly b: number;
  readonly fields: Record<string, LexicalFieldData>;
}

/**
 * BM25 term-frequency saturation and length normalization, stored in the index at build time.
 * k1 0.9 (rather than the textbook 1.2) was measured best with the retriever on XQuAD-vi and on the
 * gold set: a syllable repeated in a chunk ("công tác", "đảng viên") should saturate early, since
 * Vietnamese repeats common syllables inside many different words. 0.8–1.0 is a plateau.
 */
const DEFAULT_K1 = 0.9;
const DEFAULT_B = 0.75;
/** Exact-field weight when the query has no diacritics: its marks-less words may be real words too. */
const EXACT_WEIGHT_WITHOUT_DIACRITICS = 0.2;
const FOLDED_WEIGHT_WITHOUT_DIACRITICS = 1;
const FOLDED_WEIGHT_WITH_DIACRITICS = 0.25;
const MAX_FREQUENCY = 0xffff;
/** Weight of the pieces of a joined query term like "21-KL/TW" (see `weighQueryTerms`). */
const COMPOUND_PART_WEIGHT = 0.4;
const COMPOUND = /[-/]/;
/** Weight of a bigram term ("kết_luận") relative to a single term; see `weighQueryTerms`. */
export const BIGRAM_WEIGHT = 1;

interface Postings {
  readonly terms: string[];
  readonly starts: Uint32Array;
  readonly ordinals: Uint32Array;
  readonly frequencies: Uint16Array;
  readonly lengths: Uint32Array;
  readonly averageLength: number;
}

/** A field taking part in a search, with its boost, and whether it counts for idf. */
interface ScoredField {
  readonly field: Field;
  readonly boost: number;
  readonly idf: boolean;
}

/** A field ready to search: postings plus lookups and per-document BM25 length norms. */
class Field {
  readonly vocabulary = new Map<string, number>();
  /** Folded term → exact term ids folding to it. */
  readonly foldedVocabulary = new Map<string, number[]>();
  /** BM25 length norm 1 − b + b × length / averageLength per document. */
  readonly lengthNorms: Float64Array;

  constructor(
    readonly boost: number,
    readonly postings: Postings,
    b: number,
  ) {
    postings.terms.forEach((term, id) => {
      this.vocabulary.set(term, id);
      const folded = foldTerm(term);
      const ids = this.foldedVocabulary.get(folded);
      if (ids) ids.push(id);
      else this.foldedVocabulary.set(folded, [id]);
    });
    const average = postings.averageLength || 1;
    this.lengthNorms = Float64Array.from(postings.lengths, (length) => 1 - b + (b * length) / average);
  }

  exactIds(term: string): number[] {
    const id = this.vocabulary.get(term);
    return id === undefined ? [] : [id];
  }

  contains(termId: number, ordinal: number): boolean {
    const { starts, ordinals } = this.postings;
    let low = starts[termId] ?? 0;
    let high = (starts[termId + 1] ?? low) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = ordinals[middle] ?? 0;
      if (value === ordinal) return true;
      if (value < ordinal) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

export class LexicalIndex {
  private scores: Float64Array;
  /** Per-document frequency of the query term being scored, summed over fields (BM25F). */
  private frequency: Float64Array;
  /**
   * The documents holding the query term being scored; reused across terms and queries, since a
   * common term is in most documents and a fresh growing array per term cost more than the scoring.
   */
  private termDocuments: Uint32Array;
  /** Last term (by counter) each document was counted for, so that df is counted outside `within`. */
  private counted: Uint32Array;
  private termCounter = 0;

  private constructor(
    readonly documentCount: number,
    private readonly k1: number,
    private readonly b: number,
    private readonly fields: ReadonlyMap<string, Field>,
  ) {
    this.scores = new Float64Array(documentCount);
    this.frequency = new Float64Array(documentCount);
    this.termDocuments = new Uint32Array(documentCount);
    this.counted = new Uint32Array(documentCount);
  }

  static build(docs: ReadonlyArray<{ fields: Record<string, string> }>, options: LexicalIndexOptions): LexicalIndex {
    const k1 = options.k1 ?? DEFAULT_K1;
    const b = options.b ?? DEFAULT_B;
    const fields = new Map<string, Field>();
    for (const [name, { boost }] of Object.entries(options.fields)) {
      fields.set(name, new Field(boost, buildPostings(docs.map((doc) => doc.fields[name] ?? '')), b));
    }
    return new LexicalIndex(docs.length, k1, b, fields);
  }

  static fromJSON(data: LexicalIndexData): LexicalIndex {
    if (data.version !== 1) throw new Error(`Unsupported lexical index version ${String(data.version)}`);
    const fields = new Map<string, Field>();
    for (const [name, field] of Object.entries(data.fields)) {
      fields.set(name, new Field(field.boost, decodePostings(field, data.documentCount, name), data.b));
    }
    return new LexicalIndex(data.documentCount, data.k1, data.b, fields);
  }

  toJSON(): LexicalIndexData {
    const fields: Record<string, LexicalFieldData> = {};
    for (const [name, { boost, postings }] of this.fields) fields[name] = { boost, ...encodePostings(postings) };
    return { version: 1, documentCount: this.documentCount, k1: this.k1, b: this.b, fields };
  }

  search(query: string, options: LexicalSearchOptions = {}): LexicalHit[] {
    const { exact, folded } = lexicalTerms(query);
    const k = options.k ?? 10;
    if (exact.length === 0 || k <= 0 || this.documentCount === 0) return [];
    const withoutMarks = options.withoutDiacritics ?? isWithoutDiacritics(query);
    const exactWeight = withoutMarks ? EXACT_WEIGHT_WITHOUT_DIACRITICS : 1;
    const foldedWeight =
      options.foldedBoost ?? (withoutMarks ? FOLDED_WEIGHT_WITHOUT_DIACRITICS : FOLDED_WEIGHT_WITH_DIACRITICS);
    const bigramWeight = options.bigramWeight ?? BIGRAM_WEIGHT;
    const exactTerms = weighQueryTerms(exact, bigramWeight);
    const foldedTerms = weighQueryTerms(folded, bigramWeight);
    for (const expansion of options.expansions ?? []) {
      const terms = lexicalTerms(expansion.text);
      addWeighted(exactTerms, weighQueryTerms(terms.exact, bigramWeight), expansion.weight);
      addWeighted(foldedTerms, weighQueryTerms(terms.folded, bigramWeight), expansion.weight);
    }
    const active: ScoredField[] = [...this.fields.entries()]
      .flatMap(([name, field]) => {
        const boost = options.fieldBoosts?.[name] ?? field.boost;
        return boost > 0 ? [{ field, boost, idf: options.idfFields?.includes(name) ?? true }] : [];
      })
      .sort((a, c) => Number(c.idf) - Number(a.idf));
    const touched: number[] = [];
    try {
      for (const [term, weight] of exactWeight > 0 ? exactTerms : []) {
        this.scoreTerm(active, (field) => field.exactIds(term), exactWeight * weight, touched, options.within);
      }
      for (const [term, weight] of foldedWeight > 0 ? foldedTerms : []) {
        this.scoreTerm(
          active,
          (field) => field.foldedVocabulary.get(term) ?? [],
          foldedWeight * weight,
          touched,
          options.within,
        );
      }
      const best = topK(touched, this.scores, k, options.filter);
      return best.map(({ ordinal, score }) => ({ ordinal, score, matched: this.matchedTerms(ordinal, exact, folded) }));
    } finally {
      for (const ordinal of touched) this.scores[ordinal] = 0;
    }
  }

  private idf(documentFrequency: number): number {
    return Math.log(1 + (this.documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /**
   * BM25F of one query term: its frequency in every field, each divided by that field's length
   * norm and weighted by the field's boost, summed per document, then saturated once. `termIdsOf`
   * gives the field's term ids the query term stands for (one exact term, or every exact term that
   * folds to a folded one). The idf counts the documents having the term in any field.
   */
  private scoreTerm(
    fields: readonly ScoredField[],
    termIdsOf: (field: Field) => readonly number[],
    weight: number,
    touched: number[],
    within: Uint8Array | undefined,
  ): void {
    const frequency = this.frequency;
    const documents = this.termDocuments;
    const counted = this.counted;
    // Wraps after 2^32 terms; a stale stamp equal to the new one would only miss one df count.
    const stamp = (this.termCounter = (this.termCounter + 1) >>> 0 || 1);
    let count = 0;
    let outside = 0;
    let idfDocuments = 0;
    for (const { field, boost, idf } of fields) {
      const { starts, ordinals, frequencies } = field.postings;
      for (const id of termIdsOf(field)) {
        for (let i = starts[id] ?? 0, to = starts[id + 1] ?? 0; i < to; i++) {
          const ordinal = ordinals[i] ?? 0;
          if (within && within[ordinal] === 0) {
            if (counted[ordinal] !== stamp) {
              counted[ordinal] = stamp;
              outside++;
            }
            continue;
          }
          if (frequency[ordinal] === 0) documents[count++] = ordinal;
          const normalized = (frequencies[i] ?? 0) / (field.lengthNorms[ordinal] ?? 1);
          frequency[ordinal] = (frequency[ordinal] ?? 0) + boost * normalized;
        }
      }
      // idf fields come first: the documents seen so far are those having the term in one of them.
      if (idf) idfDocuments = count + outside;
    }
    const factor = weight * this.idf(idfDocuments || count + outside) * (this.k1 + 1);
    const scores = this.scores;
    for (let d = 0; d < count; d++) {
      const ordinal = documents[d] ?? 0;
      const tf = frequency[ordinal] ?? 0;
      frequency[ordinal] = 0;
      if (scores[ordinal] === 0) touched.push(ordinal);
      scores[ordinal] = (scores[ordinal] ?? 0) + (factor * tf) / (tf + this.k1);
    }
  }

  private matchedTerms(ordinal: number, exact: readonly string[], folded: readonly string[]): string[] {
    const matched = new Set<string>();
    exact.forEach((term, i) => {
      const foldedTerm = folded[i] ?? term;
      for (const field of this.fields.values()) {
        const id = field.vocabulary.get(term);
        const foldedIds = field.foldedVocabulary.get(foldedTerm) ?? [];
        if ((id !== undefined && field.contains(id, ordinal)) || foldedIds.some((f) => field.contains(f, ordinal))) {
          matched.add(term);
          return;
        }
      }
    });
    return [...matched];
  }
}

/**
 * Distinct query terms with their weights. The pieces of a joined query term ("21", "kl", "tw" and
 * "21_kl", "kl_tw" of "21-kl/tw") weigh less than the joined term itself: the user wrote one
 * identifier, and a chunk holding it should beat one holding only its common pieces.
 */
function weighQueryTerms(terms: readonly string[], bigramWeight: number): Map<string, number> {
  const parts = new Set<string>();
  for (const term of terms) {
    if (!COMPOUND.test(term)) continue;
    const pieces = term.split(COMPOUND);
    pieces.forEach((piece, i) => {
      parts.add(piece);
      if (i > 0) parts.add(`${pieces[i - 1] ?? ''}_${piece}`);
    });
  }
  return new Map(
    terms.map((term) => [term, (parts.has(term) ? COMPOUND_PART_WEIGHT : 1) * (term.includes('_') ? bigramWeight : 1)]),
  );
}

/** Merges `extra` terms into `terms` at `factor` times their weight, keeping the larger weight. */
function addWeighted(terms: Map<string, number>, extra: ReadonlyMap<string, number>, factor: number): void {
  for (const [term, weight] of extra) terms.set(term, Math.max(terms.get(term) ?? 0, weight * factor));
}

/** The k best touched documents passing the filter, by score then ordinal, via a bounded min-heap. */
function topK(
  touched: readonly number[],
  scores: Float64Array,
  k: number,
  filter: ((ordinal: number) => boolean) | undefined,
): { ordinal: number; score: number }[] {
  const heap: { ordinal: number; score: number }[] = [];
  // "worse" = lower score, or equal score and higher ordinal; the heap root is the worst kept.
  const worse = (a: { ordinal: number; score: number }, c: { ordinal: number; score: number }): boolean =>
    a.score < c.score || (a.score === c.score && a.ordinal > c.ordinal);
  const siftDown = (): void => {
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  };
  for (const ordinal of touched) {
    const candidate = { ordinal, score: scores[ordinal] ?? 0 };
    if (heap.length === k && !worse(heap[0]!, candidate)) continue;
    if (filter && !filter(ordinal)) continue;
    if (heap.length < k) {
      heap.push(candidate);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else {
      heap[0] = candidate;
      siftDown();
    }
  }
  return heap.sort((a, c) => (worse(a, c) ? 1 : worse(c, a) ? -1 : 0));
}

/** Analyses one field of every document into CSR postings (two passes: collect, then bucket by term). */
function buildPostings(texts: readonly string[]): Postings {
  const vocabulary = new Map<string, number>();
  const terms: string[] = [];
  const lengths = new Uint32Array(texts.length);
  const pairTerms = new GrowableUint32();
  const pairOrdinals = new GrowableUint32();
  const pairFrequencies = new GrowableUint32();
  // Term frequencies of the current document, by term id; `seen` lists the ids to reset.
  let counts = new Uint32Array(1024);
  const seen: number[] = [];
  let totalLength = 0;
  texts.forEach((text, ordinal) => {
    const exact = exactTerms(text);
    lengths[ordinal] = exact.length;
    totalLength += exact.length;
    for (const term of exact) {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = terms.length;
        vocabulary.set(term, id);
        terms.push(term);
        if (id === counts.length) counts = grow(counts);
      }
      if (counts[id] === 0) seen.push(id);
      counts[id]!++;
    }
    for (const id of seen) {
      pairTerms.push(id);
      pairOrdinals.push(ordinal);
      pairFrequencies.push(Math.min(counts[id]!, MAX_FREQUENCY));
      counts[id] = 0;
    }
    seen.length = 0;
  });
  const starts = new Uint32Array(terms.length + 1);
  const pairCount = pairTerms.length;
  for (let i = 0; i < pairCount; i++) starts[pairTerms.at(i) + 1]!++;
  for (let t = 0; t < terms.length; t++) starts[t + 1]! += starts[t]!;
  const cursor = starts.slice(0, terms.length);
  const ordinals = new Uint32Array(pairCount);
  const frequencies = new Uint16Array(pairCount);
  for (let i = 0; i < pairCount; i++) {
    const slot = cursor[pairTerms.at(i)]!++;
    ordinals[slot] = pairOrdinals.at(i);
    frequencies[slot] = pairFrequencies.at(i);
  }
  return { terms, starts, ordinals, frequencies, lengths, averageLength: texts.length ? totalLength / texts.length : 0 };
}

function grow(data: Uint32Array): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(data.length * 2);
  bigger.set(data);
  return bigger;
}

class GrowableUint32 {
  private data = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index] ?? 0;
  }
}

function encodePostings(postings: Postings): Omit<LexicalFieldData, 'boost'> {
  const { terms, starts, ordinals, frequencies, lengths, averageLength } = postings;
  const documentFrequencies = Uint32Array.from(terms, (_, t) => (starts[t + 1] ?? 0) - (starts[t] ?? 0));
  const gaps = new Uint32Array(ordinals.length);
  for (let t = 0; t < terms.length; t++) {
    for (let i = starts[t] ?? 0, to = starts[t + 1] ?? 0; i < to; i++) {
      gaps[i] = i === starts[t] ? (ordinals[i] ?? 0) : (ordinals[i] ?? 0) - (ordinals[i - 1] ?? 0);
    }
  }
  return {
    terms,
    documentFrequencies: encodeVarints(documentFrequencies),
    ordinals: encodeVarints(gaps),
    frequencies: encodeVarints(frequencies),
    lengths: encodeVarints(lengths),
    averageLength,
  };
}

function decodePostings(data: LexicalFieldData, documentCount: number, name: string): Postings {
  const documentFrequencies = decodeVarints(data.documentFrequencies);
  const ordinals = decodeVarints(data.ordinals);
  const frequencies = Uint16Array.from(decodeVarints(data.frequencies));
  const lengths = decodeVarints(data.lengths);
  const starts = new Uint32Array(data.terms.length + 1);
  documentFrequencies.forEach((df, t) => (starts[t + 1] = (starts[t] ?? 0) + df));
  if (
    documentFrequencies.length !== data.terms.length ||
    starts[data.terms.length] !== ordinals.length ||
    frequencies.length !== ordinals.length ||
    lengths.length !== documentCount
  ) {
    throw new Error(`Lexical index field "${name}" is inconsistent`);
  }
  for (let t = 0; t < data.terms.length; t++) {
    for (let i = (starts[t] ?? 0) + 1, to = starts[t + 1] ?? 0; i < to; i++) ordinals[i]! += ordinals[i - 1]!;
  }
  return { terms: data.terms, starts, ordinals, frequencies, lengths, averageLength: data.averageLength };
}

function encodeVarints(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 5);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    let value = values[i] ?? 0;
    while (value >= 0x80) {
      bytes[n++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[n++] = value;
  }
  return Buffer.from(bytes.buffer, 0, n).toString('base64');
}

function decodeVarints(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const values = new Uint32Array(bytes.length);
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    let byte = bytes[i++] ?? 0;
    let value = byte & 0x7f;
    for (let shift = 7; byte & 0x80; shift += 7) {
      byte = bytes[i++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
    }
    values[count++] = value;
  }
  return values.slice(0, count);
}
