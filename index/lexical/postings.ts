/**
 * The postings of one field in compressed-sparse-row typed arrays: term t's documents are
 * `ordinals[starts[t] .. starts[t+1]]` (ascending) with `frequencies` alongside, built in two
 * passes (collect, then bucket by term), and a `Field` ready to search over them.
 */
import { exactTerms, foldTerm } from '../../text/tokenize.ts';

const MAX_FREQUENCY = 0xffff;

export interface Postings {
  readonly terms: string[];
  readonly starts: Uint32Array;
  readonly ordinals: Uint32Array;
  readonly frequencies: Uint16Array;
  readonly lengths: Uint32Array;
  readonly averageLength: number;
}

/** A field ready to search: postings plus lookups and per-document BM25 length norms. */
export class Field {
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

  /** Analyses one field of every document (in ordinal order) into a searchable field. */
  static build(boost: number, texts: readonly string[], b: number): Field {
    return new Field(boost, buildPostings(texts), b);
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


/** Analyses one field of every document into CSR postings (two passes: collect, then bucket by term). */
export function buildPostings(texts: readonly string[]): Postings {
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

