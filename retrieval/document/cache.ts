/**
 * Per-document memo with a bound: the most recently used documents' derived values (their view,
 * term set, folded text) are kept, the others dropped. A library of a million chunks has tens of
 * thousands of documents, and a server that kept what it derived from every document it ever
 * answered from would grow with every question.
 */
import type { Document } from '../../index/records.ts';

export class DocumentMemo<V> {
  private readonly values = new Map<Document, V>();

  constructor(private readonly limit: number) {}

  get(doc: Document, make: (doc: Document) => V): V {
    let value = this.values.get(doc);
    if (value !== undefined) {
      this.values.delete(doc);
    } else {
      value = make(doc);
      if (this.values.size >= this.limit) {
        const oldest = this.values.keys().next();
        if (!oldest.done) this.values.delete(oldest.value);
      }
    }
    this.values.set(doc, value);
    return value;
  }
}

/** Documents whose derived values are kept: about the documents a few questions touch. */
export const DOCUMENT_MEMO_LIMIT = 32;
