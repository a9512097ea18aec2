/**
 * The JSON form of a field's postings: integer arrays as unsigned LEB128 varints, base64-encoded,
 * ordinals as gaps within each term's run.
 */
import type { Postings } from './postings.ts';

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


export function encodePostings(postings: Postings): Omit<LexicalFieldData, 'boost'> {
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

export function decodePostings(data: LexicalFieldData, documentCount: number, name: string): Postings {
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

export function encodeVarints(values: ArrayLike<number>): string {
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

export function decodeVarints(encoded: string): Uint32Array {
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
