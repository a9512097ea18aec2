/**
 * One open segment: its dictionaries and per-chunk columns as views over the bytes read at open,
 * and its postings, forward records, chunk records and texts read on demand.
 */
import { utf8 } from './bytes.ts';
import { SegmentFile } from './file.ts';
import { BLOCK, FIELD_NAMES, S, SEGMENT_VERSION, type SegmentMeta, type StoredDocument } from './layout.ts';
import type { StoredChunk } from './build.ts';

const FIELDS = FIELD_NAMES.length;

/** Sorted UTF-8 strings (bytes + offsets), searched without decoding. */
class Dictionary {
  private readonly buffer: Buffer;

  constructor(
    bytes: Uint8Array,
    private readonly offsets: Uint32Array,
  ) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  find(key: Uint8Array): number {
    const buffer = this.buffer;
    const target = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const c = buffer.compare(target, 0, target.byteLength, this.offsets[middle]!, this.offsets[middle + 1]!);
      if (c === 0) return middle;
      if (c < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  at(id: number): string {
    return this.buffer.toString('utf8', this.offsets[id]!, this.offsets[id + 1]!);
  }
}

/** A cursor over one posting list, decoding one block at a time and skipping blocks by their last ordinal. */
export class PostingCursor {
  readonly docs = new Int32Array(BLOCK);
  readonly tfs = new Int32Array(BLOCK);
  /** Postings decoded in the current block, and the position in it. */
  count = 0;
  index = 0;
  private block = -1;
  private readonly blocks: number;
  private readonly view: DataView;
  private readonly dataAt: number;
  /** Current ordinal (segment-local), or Infinity when exhausted. */
  doc = Infinity;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly df: number,
    /** Largest tf / norm of the whole list. */
    readonly max: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.blocks = df <= BLOCK ? 1 : this.view.getUint32(0, true);
    this.dataAt = df <= BLOCK ? 0 : 4 + 12 * this.blocks;
    if (df > 0) this.load(0);
  }

  /** Largest tf / norm in the current block (the list's for a one-block list). */
  get blockMax(): number {
    return this.df <= BLOCK ? this.max : this.view.getFloat32(4 + 12 * this.block + 8, true);
  }

  private lastOf(block: number): number {
    return this.view.getUint32(4 + 12 * block, true);
  }

  private load(block: number): void {
    this.block = block;
    const single = this.df <= BLOCK;
    let position = this.dataAt + (block > 0 && !single ? this.view.getUint32(4 + 12 * (block - 1) + 4, true) : 0);
    let previous = block > 0 ? this.lastOf(block - 1) : 0;
    const count = single ? this.df : Math.min(BLOCK, this.df - block * BLOCK);
    const bytes = this.bytes;
    for (let i = 0; i < count; i++) {
      // Inlined varints: ordinal gap, then tf.
      let byte = bytes[position++]!;
      let value = byte & 0x7f;
      for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
        byte = bytes[position++]!;
        value += (byte & 0x7f) * scale;
      }
      previous = block === 0 && i === 0 ? value : previous + value;
      this.docs[i] = previous;
      byte = bytes[position++]!;
      value = byte & 0x7f;
      for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
        byte = bytes[position++]!;
        value += (byte & 0x7f) * scale;
      }
      this.tfs[i] = value;
    }
    this.count = count;
    this.index = 0;
    this.doc = count > 0 ? this.docs[0]! : Infinity;
  }

  next(): void {
    if (++this.index < this.count) {
      this.doc = this.docs[this.index]!;
    } else if (this.block + 1 < this.blocks) {
      this.load(this.block + 1);
    } else {
      this.doc = Infinity;
    }
  }

  /** Moves to the first posting at or after `target` (never backwards). */
  advance(target: number): void {
    if (this.doc >= target) return;
    if (this.blocks > 1 && this.lastOf(this.block) < target) {
      let b = this.block + 1;
      while (b < this.blocks && this.lastOf(b) < target) b++;
      if (b >= this.blocks) {
        this.doc = Infinity;
        this.index = this.count;
        return;
      }
      this.load(b);
    }
    while (this.doc < target) this.next();
  }

  /** The largest tf / norm any posting at or after `target` in the block holding it can have (list max if unknown). */
  boundAt(target: number): number {
    if (this.df <= BLOCK || this.doc === Infinity) return this.doc === Infinity ? 0 : this.max;
    let b = this.block;
    while (b < this.blocks && this.lastOf(b) < target) b++;
    return b < this.blocks ? this.view.getFloat32(4 + 12 * b + 8, true) : 0;
  }

  get tf(): number {
    return this.tfs[this.index]!;
  }

  /**
   * The largest tf / norm of this list's postings in [from, to), from the skip table (no block
   * is decoded): 0 when it has none there. Never less than the truth; a bound for the window.
   */
  windowMax(from: number, to: number): number {
    if (this.doc === Infinity) return 0;
    if (this.df <= BLOCK) {
      // One block, decoded: is any posting at or after the cursor in the window?
      let i = this.index;
      while (i < this.count && this.docs[i]! < from) i++;
      return i < this.count && this.docs[i]! < to ? this.max : 0;
    }
    let b = this.block;
    while (b < this.blocks && this.lastOf(b) < from) b++;
    let max = 0;
    for (; b < this.blocks; b++) {
      // Block b holds ordinals after the previous block's last one: past the window, stop.
      if (b > 0 && this.lastOf(b - 1) >= to - 1) break;
      max = Math.max(max, this.view.getFloat32(4 + 12 * b + 8, true));
      if (this.lastOf(b) >= to - 1) break;
    }
    return max;
  }
}

/** The forward record of a chunk: sentence term runs and the heading run, ids sorted. */
export interface ForwardRecord {
  /** Per sentence: [start, end) into ids/tfs. */
  readonly sentenceStarts: Uint32Array;
  readonly ids: Uint32Array;
  readonly tfs: Uint32Array;
  /** The heading run is [sentenceStarts[sentences], ids.length). */
  readonly sentences: number;
}

export class Segment {
  readonly meta: SegmentMeta;
  readonly documents: readonly StoredDocument[];
  private readonly file: SegmentFile;
  private readonly terms: Dictionary;
  private readonly foldedTerms: Dictionary;
  readonly termFolded: Uint32Array;
  readonly termDf: readonly Uint32Array[];
  readonly termMax: readonly Float32Array[];
  readonly termDfAny: Uint32Array;
  readonly termMaxSum: Float32Array;
  readonly termSentenceDf: Uint32Array;
  readonly termDocumentSentenceDf: Uint32Array;
  private readonly termPostings: readonly Float64Array[];
  readonly foldedVariantStarts: Uint32Array;
  readonly foldedVariants: Uint32Array;
  readonly foldedDf: readonly Uint32Array[];
  readonly foldedMax: readonly Float32Array[];
  readonly foldedDfAny: Uint32Array;
  readonly foldedMaxSum: Float32Array;
  readonly foldedSentenceDf: Uint32Array;
  readonly foldedDocumentSentenceDf: Uint32Array;
  readonly chunkDocument: Uint32Array;
  readonly chunkStart: Uint32Array;
  readonly chunkEnd: Uint32Array;
  readonly chunkLength: readonly Uint32Array[];
  private readonly chunkForward: Float64Array;
  private readonly chunkRecord: Float64Array;
  private readonly documentText: Float64Array;
  private readonly documentMentions: Float64Array;

  constructor(readonly path: string) {
    const file = new SegmentFile(path);
    this.file = file;
    try {
      this.meta = file.json<SegmentMeta>(S.meta);
      if (this.meta.version !== SEGMENT_VERSION) throw new Error(`segment version ${this.meta.version}, expected ${SEGMENT_VERSION}`);
      this.documents = file.json<StoredDocument[]>(S.documents);
      this.terms = new Dictionary(file.bytes(S.termBytes), file.u32(S.termOffsets));
      this.foldedTerms = new Dictionary(file.bytes(S.foldedBytes), file.u32(S.foldedOffsets));
      const fields = Array.from({ length: FIELDS }, (_, f) => f);
      this.termFolded = file.u32(S.termFolded);
      this.termDf = fields.map((f) => file.u32(S.termDf(f)));
      this.termMax = fields.map((f) => file.f32(S.termMax(f)));
      this.termPostings = fields.map((f) => file.f64(S.termPostings(f)));
      this.termDfAny = file.u32(S.termDfAny);
      this.termMaxSum = file.f32(S.termMaxSum);
      this.termSentenceDf = file.u32(S.termSentenceDf);
      this.termDocumentSentenceDf = file.u32(S.termDocumentSentenceDf);
      this.foldedVariantStarts = file.u32(S.foldedVariantStarts);
      this.foldedVariants = file.u32(S.foldedVariants);
      this.foldedDf = fields.map((f) => file.u32(S.foldedDf(f)));
      this.foldedMax = fields.map((f) => file.f32(S.foldedMax(f)));
      this.foldedDfAny = file.u32(S.foldedDfAny);
      this.foldedMaxSum = file.f32(S.foldedMaxSum);
      this.foldedSentenceDf = file.u32(S.foldedSentenceDf);
      this.foldedDocumentSentenceDf = file.u32(S.foldedDocumentSentenceDf);
      this.chunkDocument = file.u32(S.chunkDocument);
      this.chunkStart = file.u32(S.chunkStart);
      this.chunkEnd = file.u32(S.chunkEnd);
      this.chunkLength = fields.map((f) => file.u32(S.chunkLength(f)));
      this.chunkForward = file.f64(S.chunkForward);
      this.chunkRecord = file.f64(S.chunkRecord);
      this.documentText = file.f64(S.documentText);
      this.documentMentions = file.f64(S.documentMentions);
      const { chunks, terms, folded, documents } = this.meta;
      if (
        this.chunkDocument.length !== chunks ||
        this.termFolded.length !== terms ||
        this.terms.size !== terms ||
        this.foldedTerms.size !== folded ||
        this.documents.length !== documents ||
        this.chunkForward.length !== chunks + 1
      ) {
        throw new Error('its tables disagree with its counts');
      }
    } catch (error) {
      file.close();
      throw new Error(`segment ${path}: ${(error as Error).message}`);
    }
  }

  get chunkCount(): number {
    return this.meta.chunks;
  }

  get eagerBytes(): number {
    return this.file.eagerBytes;
  }

  findTerm(term: string | Uint8Array): number {
    return this.terms.find(typeof term === 'string' ? utf8(term) : term);
  }

  findFolded(term: string | Uint8Array): number {
    return this.foldedTerms.find(typeof term === 'string' ? utf8(term) : term);
  }

  termAt(id: number): string {
    return this.terms.at(id);
  }

  foldedAt(id: number): string {
    return this.foldedTerms.at(id);
  }

  get termCount(): number {
    return this.meta.terms;
  }

  get foldedCount(): number {
    return this.meta.folded;
  }

  /** A cursor over the postings of `term` in `field` (null when it has none there). */
  postings(field: number, term: number): PostingCursor | null {
    const df = this.termDf[field]![term]!;
    if (df === 0) return null;
    const offsets = this.termPostings[field]!;
    const from = offsets[term]!;
    const bytes = this.file.read(S.postings(field), from, offsets[term + 1]! - from);
    return new PostingCursor(bytes, df, this.termMax[field]![term]!);
  }

  forward(chunk: number): ForwardRecord {
    const from = this.chunkForward[chunk]!;
    const bytes = this.file.read(S.forward, from, this.chunkForward[chunk + 1]! - from);
    let position = 0;
    const next = (): number => {
      let byte = bytes[position++]!;
      let value = byte & 0x7f;
      for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
        byte = bytes[position++]!;
        value += (byte & 0x7f) * scale;
      }
      return value;
    };
    const sentences = next();
    const starts = new Uint32Array(sentences + 1);
    const ids: number[] = [];
    const tfs: number[] = [];
    const run = (): void => {
      const distinct = next();
      let id = 0;
      for (let i = 0; i < distinct; i++) {
        id += next();
        ids.push(id);
        tfs.push(next());
      }
    };
    for (let s = 0; s < sentences; s++) {
      starts[s] = ids.length;
      run();
    }
    starts[sentences] = ids.length;
    run();
    return { sentenceStarts: starts, ids: Uint32Array.from(ids), tfs: Uint32Array.from(tfs), sentences };
  }

  record(chunk: number): StoredChunk {
    const from = this.chunkRecord[chunk]!;
    return JSON.parse(this.file.read(S.records, from, this.chunkRecord[chunk + 1]! - from).toString('utf8')) as StoredChunk;
  }

  text(document: number): string {
    const from = this.documentText[document]!;
    return this.file.read(S.texts, from, this.documentText[document + 1]! - from).toString('utf8');
  }

  mentions(document: number): unknown[] {
    const from = this.documentMentions[document]!;
    return JSON.parse(this.file.read(S.mentions, from, this.documentMentions[document + 1]! - from).toString('utf8')) as unknown[];
  }

  close(): void {
    this.file.close();
  }
}
