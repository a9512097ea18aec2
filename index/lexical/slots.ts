/**
 * A query as scored terms ("slots"): its exact terms, then its folded terms, each with its weight
 * (diacritics, bigrams, compound pieces, synonym expansions), in the order their contributions
 * are summed. The same for chunk search and for sentence scoring, so both cut and weigh a query
 * the way the in-memory index always did.
 */
import { isWithoutDiacritics, lexicalTerms } from '../../text/tokenize.ts';
import { addWeighted, BIGRAM_WEIGHT, weighQueryTerms } from './query.ts';
import type { LexicalSearchOptions } from './index.ts';

/** Exact-field weight when the query has no diacritics: its marks-less words may be real words too. */
const EXACT_WEIGHT_WITHOUT_DIACRITICS = 0.2;
const FOLDED_WEIGHT_WITHOUT_DIACRITICS = 1;
const FOLDED_WEIGHT_WITH_DIACRITICS = 0.25;

export interface Slot {
  readonly folded: boolean;
  readonly term: string;
  readonly weight: number;
}

export interface QuerySlots {
  readonly slots: readonly Slot[];
  /** The query's exact terms in order (with repeats), for `matched`, and their slot indexes. */
  readonly exact: readonly string[];
  readonly exactSlot: readonly number[];
  readonly foldedSlot: readonly number[];
}

/** Null when the query has no term. */
export function querySlots(query: string, options: LexicalSearchOptions): QuerySlots | null {
  const { exact, folded } = lexicalTerms(query);
  if (exact.length === 0) return null;
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
  const slots: Slot[] = [];
  const exactIndex = new Map<string, number>();
  const foldedIndex = new Map<string, number>();
  if (exactWeight > 0) {
    for (const [term, weight] of exactTerms) {
      exactIndex.set(term, slots.length);
      slots.push({ folded: false, term, weight: exactWeight * weight });
    }
  }
  if (foldedWeight > 0) {
    for (const [term, weight] of foldedTerms) {
      foldedIndex.set(term, slots.length);
      slots.push({ folded: true, term, weight: foldedWeight * weight });
    }
  }
  return {
    slots,
    exact,
    exactSlot: exact.map((term) => exactIndex.get(term) ?? -1),
    foldedSlot: folded.map((term) => foldedIndex.get(term) ?? -1),
  };
}

export function bm25Idf(documents: number, documentFrequency: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
