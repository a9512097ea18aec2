/**
 * The records of an open index as readers see them, fetched from the segments on demand: the
 * documents (metadata at hand, text read when first asked for and kept in a bounded cache),
 * the chunks (made from their stored record and their document's text when asked for), and the
 * reference records with their mentions. Each accessor keeps the record types of records.ts, so
 * `chunk.text === document.text.slice(chunk.start, chunk.end)` holds as it always did.
 */
import type { Chunk, Document, DocumentReference, ReferenceMention, SourceFormat } from './records.ts';
import type { Segment } from './segment/segment.ts';
import type { StoredDocument } from './segment/layout.ts';
import type { SegmentFile } from './segment/file.ts';

/** Characters of document text kept decoded (least recently used go first): about 16 MB. */
const TEXT_CACHE_CHARS = 8_000_000;

class TextCache {
  private readonly texts = new Map<number, string>();
  private chars = 0;

  get(key: number, load: () => string): string {
    const hit = this.texts.get(key);
    if (hit !== undefined) {
      this.texts.delete(key);
      this.texts.set(key, hit);
      return hit;
    }
    const text = load();
    this.texts.set(key, text);
    this.chars += text.length;
    for (const [oldKey, old] of this.texts) {
      if (this.chars <= TEXT_CACHE_CHARS || oldKey === key) break;
      this.texts.delete(oldKey);
      this.chars -= old.length;
    }
    return text;
  }
}

export interface DocumentPlace {
  readonly segment: Segment;
  /** Index of the document in its segment, and of its first chunk in the index. */
  readonly local: number;
  readonly chunkBase: number;
  readonly stored: StoredDocument;
}

/** Documents in index order, each with a lazily read `text`. */
export function openDocuments(segments: readonly Segment[]): { documents: Document[]; places: DocumentPlace[] } {
  const cache = new TextCache();
  const documents: Document[] = [];
  const places: DocumentPlace[] = [];
  let chunkBase = 0;
  for (const segment of segments) {
    segment.documents.forEach((stored, local) => {
      const key = documents.length;
      const { extra, sourceHash: _source, chunkStart: _start, chunkEnd: _end, ...meta } = stored;
      const document = { ...extra, ...meta, format: meta.format as SourceFormat } as Omit<Document, 'text'>;
      Object.defineProperty(document, 'text', {
        enumerable: true,
        get: () => cache.get(key, () => segment.text(local)),
      });
      documents.push(document as Document);
      places.push({ segment, local, chunkBase: chunkBase + stored.chunkStart, stored });
    });
    chunkBase += segment.chunkCount;
  }
  return { documents, places };
}

/** The chunks of an index by global ordinal; iterating makes every chunk (tests, small indexes). */
export class ChunkTable implements Iterable<Chunk> {
  readonly length: number;
  private readonly bases: number[] = [];
  private readonly documentBase: number[] = [];
  /** Document id → its segment and its chunks there. */
  private readonly byDocument = new Map<string, { s: number; from: number; to: number }>();

  constructor(
    private readonly segments: readonly Segment[],
    private readonly documents: readonly Document[],
  ) {
    let base = 0;
    let documentBase = 0;
    segments.forEach((segment, s) => {
      for (const stored of segment.documents) this.byDocument.set(stored.id, { s, from: stored.chunkStart, to: stored.chunkEnd });
      this.bases.push(base);
      this.documentBase.push(documentBase);
      base += segment.chunkCount;
      documentBase += segment.documents.length;
    });
    this.length = base;
  }

  /** Document id → number of chunks (no read). */
  countsByDocument(): Map<string, number> {
    return new Map([...this.byDocument].map(([id, { from, to }]) => [id, to - from]));
  }

  /** Ordinals of the chunks of `docId` overlapping [start, end), ascending (no read). */
  overlapping(docId: string, start: number, end: number): number[] {
    const place = this.byDocument.get(docId);
    if (place === undefined) return [];
    const segment = this.segments[place.s]!;
    // Chunks of a document are disjoint and in order: the first ending after `start`, then on.
    let low = place.from;
    let high = place.to;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (segment.chunkEnd[middle]! <= start) low = middle + 1;
      else high = middle;
    }
    const out: number[] = [];
    for (let c = low; c < place.to && segment.chunkStart[c]! < end; c++) {
      if (segment.chunkEnd[c]! > start) out.push(this.bases[place.s]! + c);
    }
    return out;
  }

  private place(ordinal: number): { s: number; local: number } {
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.bases[middle]! <= ordinal) low = middle;
      else high = middle - 1;
    }
    return { s: low, local: ordinal - this.bases[low]! };
  }

  /** The document holding a chunk (no read). */
  documentOf(ordinal: number): Document {
    const { s, local } = this.place(ordinal);
    return this.documents[this.documentBase[s]! + this.segments[s]!.chunkDocument[local]!]!;
  }

  /** Start and end offsets of a chunk in its document (no read). */
  spanOf(ordinal: number): { start: number; end: number } {
    const { s, local } = this.place(ordinal);
    const segment = this.segments[s]!;
    return { start: segment.chunkStart[local]!, end: segment.chunkEnd[local]! };
  }

  at(ordinal: number): Chunk {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.length) throw new RangeError(`no chunk ${ordinal}`);
    const { s, local } = this.place(ordinal);
    const record = this.segments[s]!.record(local);
    const document = this.documentOf(ordinal);
    const chunk = { ...record };
    Object.defineProperty(chunk, 'text', {
      enumerable: true,
      get: () => document.text.slice(record.start, record.end),
    });
    return chunk as Chunk;
  }

  *[Symbol.iterator](): Iterator<Chunk> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/**
 * Reference records from references.bin: cards as JSON (one per referenced document, a number
 * that grows with the kinds of documents cited, not with the library) and mentions as columns.
 */
export function openReferences(file: SegmentFile, documents: readonly Document[]): DocumentReference[] {
  const cards = file.json<Array<Omit<DocumentReference, 'mentions'>>>('cards');
  const starts = file.u32('m.ref');
  const docs = file.u32('m.doc');
  const mentionStarts = file.u32('m.start');
  const mentionEnds = file.u32('m.end');
  return cards.map((card, r) => {
    let mentions: ReferenceMention[] | undefined;
    const reference = { ...card };
    Object.defineProperty(reference, 'mentions', {
      enumerable: true,
      get: (): ReferenceMention[] =>
        (mentions ??= Array.from({ length: starts[r + 1]! - starts[r]! }, (_, i) => {
          const m = starts[r]! + i;
          const document = documents[docs[m]!]!;
          const start = mentionStarts[m]!;
          const end = mentionEnds[m]!;
          const mention = { key: card.key, docId: document.id, start, end };
          Object.defineProperty(mention, 'text', { enumerable: true, get: () => document.text.slice(start, end) });
          return mention as ReferenceMention;
        })),
    });
    return reference as DocumentReference;
  });
}
