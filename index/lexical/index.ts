/**
 * A small in-memory BM25 index over named fields, in the spirit of MiniSearch's core, that scores
 * every posting of every query term. The product reads segments (index/segment/, searched by
 * lexical/reader.ts with the same scoring and the options declared here); this index is the
 * reference the segment reader is checked against, bit for bit (tests/index/segment.test.ts).
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
 *   the answer, and made a heading field worth weighting fully crowd out the text (see retrieval/search/retriever.ts).
 *   Bigram terms ("kết_luận") score like any term, which rewards phrases. A query typed without
 *   diacritics is scored mostly on the folded terms; otherwise the exact terms dominate and the
 *   folded ones add a little (spelling variants); exact and folded are two terms, each BM25F.
 */
import { isWithoutDiacritics, lexicalTerms } from '../../text/tokenize.ts';
import { decodePostings, encodePostings, type LexicalFieldData } from './codec.ts';
import { Field } from './postings.ts';
import { addWeighted, BIGRAM_WEIGHT, topK, weighQueryTerms } from './query.ts';


/**
 * The lexical fields of a chunk in the index: its own text, and the document title + section path
 * around it, scored together as BM25F; a heading weight of 1 was measured best (see DEFAULTS in
 * retrieval/search/retriever.ts).
 */
export const LEXICAL_FIELDS = { text: { boost: 1 }, heading: { boost: 1 } } as const;

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
   * Score only these documents (and, with `filter`, only those it passes): for a caller that
   * wants the best of a few known documents, which are probed rather than found by scanning.
   */
  readonly only?: readonly number[];
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

/** A field taking part in a search, with its boost, and whether it counts for idf. */
interface ScoredField {
  readonly field: Field;
  readonly boost: number;
  readonly idf: boolean;
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
      fields.set(name, Field.build(boost, docs.map((doc) => doc.fields[name] ?? ''), b));
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

