/**
 * Writes one segment from analysed documents (terms already cut by ingest, or read back from
 * other segments when merging): counts in memory, then sorts the dictionaries and encodes.
 * Nothing here tokenizes; `foldTerm` is applied once per distinct term.
 */
import type { Chunk, Document } from '../records.ts';
import { foldTerm } from '../../text/tokenize.ts';
import { ByteWriter, compareUtf8, roundUpF32, utf8 } from './bytes.ts';
import { SegmentFileWriter } from './file.ts';
import { BLOCK, FIELD_NAMES, LENGTH_B, S, SEGMENT_VERSION, type SegmentMeta, type StoredDocument } from './layout.ts';

const FIELDS = FIELD_NAMES.length;
const MAX_TF = 0xffff;
/** Document fields stored as such; any other field a record carries is kept in `extra`. */
const RECORD_KEYS = new Set(['id', 'relPath', 'format', 'title', 'date', 'kind', 'issuer', 'source', 'hash']);

/** A chunk record as stored: everything but its text, which is its document's text between start and end. */
export type StoredChunk = Omit<Chunk, 'text'>;

export interface ChunkInput {
  readonly record: StoredChunk;
  /** Exact terms of each sentence of the chunk text, in order; the text field is their concatenation. */
  readonly sentences: ReadonlyArray<readonly string[]>;
  /** Exact terms of the heading field (document title and section path). */
  readonly heading: readonly string[];
}

export interface DocumentInput {
  readonly document: Document;
  readonly sourceHash: string;
  readonly chunks: readonly ChunkInput[];
  /** The document's reference mentions, as parsed (JSON), for merging reference records. */
  readonly mentions: readonly unknown[];
  /**
   * Exact terms of each sentence of the whole document (split over the document), for the
   * answer-evidence statistics; an array that is also a chunk's sentence is not looked up twice.
   */
  readonly documentSentences?: ReadonlyArray<readonly string[]>;
}

class Grow {
  data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/** A counter array indexed by term id that grows with the vocabulary. */
class Counts {
  data = new Float64Array(1024);
  at(i: number): number {
    return this.data[i] ?? 0;
  }
  add(i: number, by = 1): void {
    if (i >= this.data.length) {
      let size = this.data.length * 2;
      while (size <= i) size *= 2;
      const bigger = new Float64Array(size);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = (this.data[i] ?? 0) + by;
  }
}

class Stamps {
  data = new Int32Array(1024);
  /** True the first time `i` is seen with `stamp`. */
  first(i: number, stamp: number): boolean {
    if (i >= this.data.length) {
      let size = this.data.length * 2;
      while (size <= i) size *= 2;
      const bigger = new Int32Array(size);
      bigger.set(this.data);
      this.data = bigger;
    }
    if (this.data[i] === stamp) return false;
    this.data[i] = stamp;
    return true;
  }
}

export class SegmentBuilder {
  private readonly vocabulary = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly foldedOf: number[] = [];
  private readonly foldedVocabulary = new Map<string, number>();
  private readonly folded: string[] = [];
  /** Per field: (term, tf) pairs chunk after chunk, and where each chunk's pairs start. */
  private readonly pairTerms = Array.from({ length: FIELDS }, () => new Grow());
  private readonly pairTfs = Array.from({ length: FIELDS }, () => new Grow());
  private readonly pairStarts = Array.from({ length: FIELDS }, () => new Grow());
  private readonly lengths = Array.from({ length: FIELDS }, () => new Grow());
  /** Forward records with local term ids: [sentences, (distinct, (id, tf)…)…, heading distinct, (id, tf)…]. */
  private readonly forward = new Grow();
  private readonly forwardStarts = new Grow();
  private readonly dfAny = new Counts();
  private readonly sentenceDf = new Counts();
  private readonly foldedDf = Array.from({ length: FIELDS }, () => new Counts());
  private readonly foldedDfAny = new Counts();
  private readonly foldedSentenceDf = new Counts();
  private readonly foldedDocumentSentenceDf = new Counts();
  private readonly documentSentenceDf = new Counts();
  private readonly documents: StoredDocument[] = [];
  private readonly records: string[] = [];
  private readonly texts: string[] = [];
  private readonly mentions: string[] = [];
  private readonly chunkDocument = new Grow();
  private readonly chunkStart = new Grow();
  private readonly chunkEnd = new Grow();
  private sentences = 0;
  private sentenceLength = 0;
  private documentSentences = 0;
  private stamp = 0;
  private readonly termStamps = new Stamps();
  private readonly anyStamps = new Stamps();
  private readonly foldedStamps = new Stamps();
  private readonly foldedFieldStamps = Array.from({ length: FIELDS }, () => new Stamps());
  private readonly foldedAnyStamps = new Stamps();
  private readonly tfScratch = new Counts();
  private readonly tfFieldScratch = new Counts();

  get chunkCount(): number {
    return this.chunkDocument.length;
  }

  get documentCount(): number {
    return this.documents.length;
  }

  private termId(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.vocabulary.set(term, id);
      this.terms.push(term);
      this.foldedOf.push(this.foldedId(foldTerm(term)));
    }
    return id;
  }

  private foldedId(folded: string): number {
    let id = this.foldedVocabulary.get(folded);
    if (id === undefined) {
      id = this.folded.length;
      this.foldedVocabulary.set(folded, id);
      this.folded.push(folded);
    }
    return id;
  }

  addDocument(input: DocumentInput): void {
    const { text, ...meta } = input.document;
    const chunkStart = this.chunkCount;
    const known = new Map<readonly string[], readonly number[]>();
    for (const chunk of input.chunks) this.addChunk(chunk, this.documents.length, known);
    for (const sentence of input.documentSentences ?? []) {
      const ids = known.get(sentence) ?? sentence.map((term) => this.termId(term));
      const stamp = ++this.stamp;
      this.documentSentences++;
      for (const id of ids) {
        if (this.termStamps.first(id, stamp)) this.documentSentenceDf.add(id);
        const f = this.foldedOf[id]!;
        if (this.foldedStamps.first(f, stamp)) this.foldedDocumentSentenceDf.add(f);
      }
    }
    const extraEntries = Object.entries(meta).filter(([key]) => !RECORD_KEYS.has(key));
    this.documents.push({
      id: meta.id,
      relPath: meta.relPath,
      format: meta.format,
      title: meta.title,
      date: meta.date,
      kind: meta.kind,
      issuer: meta.issuer,
      source: meta.source,
      hash: meta.hash,
      ...(extraEntries.length > 0 ? { extra: Object.fromEntries(extraEntries) } : {}),
      sourceHash: input.sourceHash,
      chunkStart,
      chunkEnd: this.chunkCount,
    });
    this.texts.push(text);
    this.mentions.push(JSON.stringify(input.mentions));
  }

  /** Document-sentence statistics carried over from another segment (merging): exact and folded terms. */
  addDocumentSentenceCounts(
    exact: Iterable<readonly [string, number]>,
    folded: Iterable<readonly [string, number]>,
    sentences: number,
  ): void {
    this.documentSentences += sentences;
    for (const [term, count] of exact) if (count > 0) this.documentSentenceDf.add(this.termId(term), count);
    for (const [term, count] of folded) if (count > 0) this.foldedDocumentSentenceDf.add(this.foldedId(term), count);
  }

  private addChunk(chunk: ChunkInput, documentIndex: number, known: Map<readonly string[], readonly number[]>): void {
    const ordinalStamp = ++this.stamp;
    this.chunkDocument.push(documentIndex);
    this.chunkStart.push(chunk.record.start);
    this.chunkEnd.push(chunk.record.end);
    this.records.push(JSON.stringify(chunk.record));
    this.forwardStarts.push(this.forward.length);
    this.forward.push(chunk.sentences.length);
    // Text field: every sentence's terms; sentence statistics along the way.
    const textSeen: number[] = [];
    let textLength = 0;
    for (const sentence of chunk.sentences) {
      const sentenceStamp = ++this.stamp;
      const seen: number[] = [];
      const ids = sentence.map((term) => this.termId(term));
      known.set(sentence, ids);
      for (const id of ids) {
        if (this.termStamps.first(id, sentenceStamp)) {
          seen.push(id);
          this.tfScratch.data[id] = 0;
        }
        this.tfScratch.add(id);
      }
      this.sentences++;
      this.sentenceLength += sentence.length;
      textLength += sentence.length;
      this.forward.push(seen.length);
      for (const id of seen) {
        const tf = this.tfScratch.at(id);
        this.forward.push(id);
        this.forward.push(tf);
        this.sentenceDf.add(id);
        const f = this.foldedOf[id] ?? 0;
        if (this.foldedStamps.first(f, sentenceStamp)) this.foldedSentenceDf.add(f);
        if (this.anyStamps.first(id, ordinalStamp)) {
          textSeen.push(id);
          this.tfFieldScratch.data[id] = 0;
        }
        this.tfFieldScratch.add(id, tf);
      }
    }
    this.emitField(0, textSeen, textLength, ordinalStamp);
    // Heading field.
    const headingStamp = ++this.stamp;
    const headingSeen: number[] = [];
    for (const term of chunk.heading) {
      const id = this.termId(term);
      if (this.termStamps.first(id, headingStamp)) {
        headingSeen.push(id);
        this.tfFieldScratch.data[id] = 0;
      }
      this.tfFieldScratch.add(id);
    }
    this.forward.push(headingSeen.length);
    for (const id of headingSeen) {
      this.forward.push(id);
      this.forward.push(this.tfFieldScratch.at(id));
    }
    this.emitField(1, headingSeen, chunk.heading.length, ordinalStamp);
  }

  private emitField(field: number, ids: readonly number[], length: number, ordinalStamp: number): void {
    this.pairStarts[field]!.push(this.pairTerms[field]!.length);
    this.lengths[field]!.push(length);
    const fieldStamp = ++this.stamp;
    for (const id of ids) {
      this.pairTerms[field]!.push(id);
      this.pairTfs[field]!.push(Math.min(MAX_TF, this.tfFieldScratch.at(id)));
      const f = this.foldedOf[id] ?? 0;
      if (this.foldedFieldStamps[field]!.first(f, fieldStamp)) this.foldedDf[field]!.add(f);
      // Any field: counted once per chunk (the text field comes first and shares the stamp).
      if (field === 0 || this.anyStamps.first(id, ordinalStamp)) this.dfAny.add(id);
      if (this.foldedAnyStamps.first(f, ordinalStamp)) this.foldedDfAny.add(f);
    }
  }

  /** Encodes and writes the segment file; returns its size in bytes. */
  write(file: string): number {
    const chunks = this.chunkCount;
    const termBytes = this.terms.map(utf8);
    const order = utf8Order(this.terms, termBytes);
    const newId = new Uint32Array(order.length);
    order.forEach((local, rank) => (newId[local] = rank));
    const foldedBytes = this.folded.map(utf8);
    const foldedOrder = utf8Order(this.folded, foldedBytes);
    const newFolded = new Uint32Array(foldedOrder.length);
    foldedOrder.forEach((local, rank) => (newFolded[local] = rank));
    const V = order.length;
    const F = foldedOrder.length;

    const out = new SegmentFileWriter();
    const averages = this.lengths.map((lengths) => {
      let total = 0;
      for (let i = 0; i < lengths.length; i++) total += lengths.data[i] ?? 0;
      return total;
    });
    const meta: SegmentMeta = {
      version: SEGMENT_VERSION,
      documents: this.documents.length,
      chunks,
      terms: V,
      folded: F,
      fieldLength: averages,
      sentences: this.sentences,
      sentenceLength: this.sentenceLength,
      documentSentences: this.documentSentences,
    };
    out.json(S.meta, meta);
    out.json(S.documents, this.documents);

    // Exact dictionary.
    const { bytes: tBytes, offsets: tOffsets } = packStrings(order.map((i) => termBytes[i]!));
    out.section(S.termBytes, tBytes);
    out.section(S.termOffsets, tOffsets);
    out.section(S.termFolded, Uint32Array.from(order, (local) => newFolded[this.foldedOf[local] ?? 0] ?? 0));
    out.section(S.termDfAny, Uint32Array.from(order, (local) => this.dfAny.at(local)));
    out.section(S.termSentenceDf, Uint32Array.from(order, (local) => this.sentenceDf.at(local)));
    out.section(S.termDocumentSentenceDf, Uint32Array.from(order, (local) => this.documentSentenceDf.at(local)));

    // Length norms with this segment's averages.
    const norms = this.lengths.map((lengths, field) => {
      const average = chunks > 0 ? (averages[field] ?? 0) / chunks || 1 : 1;
      const norm = new Float64Array(chunks);
      for (let c = 0; c < chunks; c++) norm[c] = 1 - LENGTH_B + (LENGTH_B * (lengths.data[c] ?? 0)) / average;
      return norm;
    });

    // Postings: per field, bucket the pairs by (new) term id, ordinals ascending.
    const fieldMax: Float32Array[] = [];
    const fieldLists: Array<{ starts: Uint32Array; ordinals: Uint32Array; tfs: Uint16Array }> = [];
    for (let field = 0; field < FIELDS; field++) {
      const terms = this.pairTerms[field]!;
      const tfs = this.pairTfs[field]!;
      const pairStarts = this.pairStarts[field]!;
      const starts = new Uint32Array(V + 1);
      for (let i = 0; i < terms.length; i++) starts[(newId[terms.data[i]!] ?? 0) + 1]!++;
      for (let t = 0; t < V; t++) starts[t + 1]! += starts[t]!;
      const cursor = starts.slice(0, V);
      const ordinals = new Uint32Array(terms.length);
      const listTfs = new Uint16Array(terms.length);
      for (let c = 0; c < chunks; c++) {
        const to = c + 1 < chunks ? pairStarts.data[c + 1]! : terms.length;
        for (let i = pairStarts.data[c]!; i < to; i++) {
          const slot = cursor[newId[terms.data[i]!]!]!++;
          ordinals[slot] = c;
          listTfs[slot] = tfs.data[i]!;
        }
      }
      fieldLists.push({ starts, ordinals, tfs: listTfs });
      const df = new Uint32Array(V);
      const max = new Float32Array(V);
      const offsets = new Float64Array(V + 1);
      const writer = new ByteWriter(Math.max(1024, terms.length * 3));
      const norm = norms[field]!;
      for (let t = 0; t < V; t++) {
        offsets[t] = writer.length;
        const from = starts[t]!;
        const to = starts[t + 1]!;
        df[t] = to - from;
        max[t] = roundUpF32(encodeList(writer, ordinals, listTfs, from, to, norm));
      }
      offsets[V] = writer.length;
      fieldMax.push(max);
      out.section(S.termDf(field), df);
      out.section(S.termMax(field), max);
      out.section(S.termPostings(field), offsets);
      out.section(S.postings(field), writer.view_(), 'lazy');
    }
    const termMaxSum = maxSums(V, fieldLists, norms);
    out.section(S.termMaxSum, termMaxSum);

    // Folded dictionary: variants (exact ids folding to each), unions, and bounds.
    const { bytes: fBytes, offsets: fOffsets } = packStrings(foldedOrder.map((i) => foldedBytes[i]!));
    out.section(S.foldedBytes, fBytes);
    out.section(S.foldedOffsets, fOffsets);
    const variantCount = new Uint32Array(F + 1);
    for (let t = 0; t < V; t++) variantCount[(newFolded[this.foldedOf[order[t]!]!] ?? 0) + 1]!++;
    for (let f = 0; f < F; f++) variantCount[f + 1]! += variantCount[f]!;
    const variants = new Uint32Array(V);
    const fill = variantCount.slice(0, F);
    for (let t = 0; t < V; t++) variants[fill[newFolded[this.foldedOf[order[t]!]!]!]!++] = t;
    out.section(S.foldedVariantStarts, variantCount);
    out.section(S.foldedVariants, variants);
    const foldedBound = (values: Float32Array): Float32Array => {
      const bound = new Float32Array(F);
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let v = variantCount[f]!; v < variantCount[f + 1]!; v++) sum += values[variants[v]!] ?? 0;
        bound[f] = roundUpF32(sum);
      }
      return bound;
    };
    for (let field = 0; field < FIELDS; field++) {
      out.section(S.foldedDf(field), Uint32Array.from(foldedOrder, (local) => this.foldedDf[field]!.at(local)));
      out.section(S.foldedMax(field), foldedBound(fieldMax[field]!));
    }
    out.section(S.foldedMaxSum, foldedBound(termMaxSum));
    out.section(S.foldedDfAny, Uint32Array.from(foldedOrder, (local) => this.foldedDfAny.at(local)));
    out.section(S.foldedSentenceDf, Uint32Array.from(foldedOrder, (local) => this.foldedSentenceDf.at(local)));
    out.section(
      S.foldedDocumentSentenceDf,
      Uint32Array.from(foldedOrder, (local) => this.foldedDocumentSentenceDf.at(local)),
    );

    // Chunk columns and lazy per-chunk records.
    out.section(S.chunkDocument, this.chunkDocument.data.slice(0, chunks));
    out.section(S.chunkStart, this.chunkStart.data.slice(0, chunks));
    out.section(S.chunkEnd, this.chunkEnd.data.slice(0, chunks));
    for (let field = 0; field < FIELDS; field++) out.section(S.chunkLength(field), this.lengths[field]!.data.slice(0, chunks));
    const forward = this.encodeForward(newId);
    out.section(S.chunkForward, forward.offsets);
    out.section(S.forward, forward.bytes, 'lazy');
    const records = packText(this.records);
    out.section(S.chunkRecord, records.offsets);
    out.section(S.records, records.bytes, 'lazy');
    const texts = packText(this.texts);
    out.section(S.documentText, texts.offsets);
    out.section(S.texts, texts.bytes, 'lazy');
    const mentions = packText(this.mentions);
    out.section(S.documentMentions, mentions.offsets);
    out.section(S.mentions, mentions.bytes, 'lazy');
    return out.write(file);
  }

  /** Forward records with final term ids, each run of (id, tf) pairs sorted by id and gap-coded. */
  private encodeForward(newId: Uint32Array): { bytes: Uint8Array; offsets: Float64Array } {
    const chunks = this.chunkCount;
    const data = this.forward.data;
    const writer = new ByteWriter(Math.max(1024, this.forward.length * 2));
    const offsets = new Float64Array(chunks + 1);
    const pairs: Array<[number, number]> = [];
    const run = (at: number): number => {
      const distinct = data[at]!;
      pairs.length = 0;
      for (let i = 0; i < distinct; i++) pairs.push([newId[data[at + 1 + 2 * i]!]!, data[at + 2 + 2 * i]!]);
      pairs.sort((a, b) => a[0] - b[0]);
      writer.varint(distinct);
      let previous = 0;
      for (const [id, tf] of pairs) {
        writer.varint(id - previous);
        writer.varint(tf);
        previous = id;
      }
      return at + 1 + 2 * distinct;
    };
    for (let c = 0; c < chunks; c++) {
      offsets[c] = writer.length;
      let at = this.forwardStarts.data[c]!;
      const sentences = data[at++]!;
      writer.varint(sentences);
      for (let s = 0; s < sentences; s++) at = run(at);
      run(at);
    }
    offsets[chunks] = writer.length;
    return { bytes: writer.view_(), offsets };
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Indexes of `strings` in UTF-8 byte order. Without surrogate pairs, UTF-16 code-unit order (the
 * engine's own string comparison, much faster) is the same order; with them, bytes are compared.
 */
function utf8Order(strings: readonly string[], bytes: readonly Uint8Array[]): number[] {
  const indexes = strings.map((_, i) => i);
  if (strings.some((term) => SURROGATE.test(term))) return indexes.sort((a, b) => compareUtf8(bytes[a]!, bytes[b]!));
  return indexes.sort((a, b) => {
    const x = strings[a]!;
    const y = strings[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Writes one posting list; returns the largest tf / norm in it. */
function encodeList(
  writer: ByteWriter,
  ordinals: Uint32Array,
  tfs: Uint16Array,
  from: number,
  to: number,
  norm: Float64Array,
): number {
  const df = to - from;
  let max = 0;
  if (df <= BLOCK) {
    let previous = 0;
    for (let i = from; i < to; i++) {
      const ordinal = ordinals[i]!;
      writer.varint(i === from ? ordinal : ordinal - previous);
      writer.varint(tfs[i]!);
      previous = ordinal;
      max = Math.max(max, tfs[i]! / norm[ordinal]!);
    }
    return max;
  }
  const blocks = Math.ceil(df / BLOCK);
  writer.u32(blocks);
  const tableAt = writer.length;
  for (let b = 0; b < blocks; b++) {
    writer.u32(0);
    writer.u32(0);
    writer.f32(0);
  }
  const dataAt = writer.length;
  const table: Array<[number, number, number]> = [];
  let previous = 0;
  for (let b = 0; b < blocks; b++) {
    const start = from + b * BLOCK;
    const end = Math.min(to, start + BLOCK);
    let blockMax = 0;
    for (let i = start; i < end; i++) {
      const ordinal = ordinals[i]!;
      writer.varint(i === from ? ordinal : ordinal - previous);
      writer.varint(tfs[i]!);
      previous = ordinal;
      blockMax = Math.max(blockMax, tfs[i]! / norm[ordinal]!);
    }
    max = Math.max(max, blockMax);
    table.push([previous, writer.length - dataAt, roundUpF32(blockMax)]);
  }
  const bytes = writer.view_();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  table.forEach(([last, end, blockMax], b) => {
    view.setUint32(tableAt + b * 12, last, true);
    view.setUint32(tableAt + b * 12 + 4, end, true);
    view.setFloat32(tableAt + b * 12 + 8, blockMax, true);
  });
  return max;
}

/** Per term, the largest (text tf / norm + heading tf / norm) over chunks: the bound at field boosts 1 and 1. */
function maxSums(
  V: number,
  lists: ReadonlyArray<{ starts: Uint32Array; ordinals: Uint32Array; tfs: Uint16Array }>,
  norms: readonly Float64Array[],
): Float32Array {
  const out = new Float32Array(V);
  const [a, b] = lists as [(typeof lists)[0], (typeof lists)[0]];
  const [na, nb] = norms as [Float64Array, Float64Array];
  for (let t = 0; t < V; t++) {
    let i = a.starts[t]!;
    const iEnd = a.starts[t + 1]!;
    let j = b.starts[t]!;
    const jEnd = b.starts[t + 1]!;
    let max = 0;
    while (i < iEnd || j < jEnd) {
      const oa = i < iEnd ? a.ordinals[i]! : Infinity;
      const ob = j < jEnd ? b.ordinals[j]! : Infinity;
      let sum = 0;
      if (oa <= ob) sum += a.tfs[i++]! / na[oa]!;
      if (ob <= oa) sum += b.tfs[j++]! / nb[ob]!;
      if (sum > max) max = sum;
    }
    out[t] = roundUpF32(max);
  }
  return out;
}

function packStrings(parts: readonly Uint8Array[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(parts.length + 1);
  let total = 0;
  parts.forEach((part, i) => {
    offsets[i] = total;
    total += part.byteLength;
  });
  offsets[parts.length] = total;
  const bytes = new Uint8Array(total);
  parts.forEach((part, i) => bytes.set(part, offsets[i]!));
  return { bytes, offsets };
}

/** UTF-8 of each text, concatenated, with byte offsets (float64: a region may pass 4 GiB). */
function packText(texts: readonly string[]): { bytes: Uint8Array; offsets: Float64Array } {
  const offsets = new Float64Array(texts.length + 1);
  let total = 0;
  texts.forEach((text, i) => {
    offsets[i] = total;
    total += Buffer.byteLength(text, 'utf8');
  });
  offsets[texts.length] = total;
  const bytes = Buffer.allocUnsafe(total);
  texts.forEach((text, i) => bytes.write(text, offsets[i]!, 'utf8'));
  return { bytes, offsets };
}
