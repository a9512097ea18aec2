/**
 * What a segment holds, shared by its writer (build.ts) and its reader (segment.ts).
 *
 * A segment is one immutable file over a batch of documents: one term dictionary (exact terms,
 * sorted by UTF-8 bytes) shared by the chunk fields and the sentence statistics, a folded
 * dictionary (diacritics dropped, `foldTerm`) listing the exact terms folding to each folded term,
 * BM25F postings of two chunk fields, a forward record per chunk (its sentences' terms, for
 * scoring sentences inside candidate chunks), and the stored records: documents (text stored once,
 * UTF-8), chunks (offsets into their document, never their text) and reference mentions.
 *
 * Postings of one term in one field: df (in the dictionary) postings of (chunk ordinal, tf). When
 * df ≤ BLOCK they are varints (ordinal gap, tf) with the first ordinal absolute; otherwise a block
 * count (u32), a skip table of (last ordinal u32, end offset u32, block max f32) per block of BLOCK
 * postings, then the blocks. "max" values are the largest tf / length norm (BM25's 1 − b + b ·
 * length / average, with the segment's average) of any posting, stored rounded up, so that a
 * query can bound what a term can add to a score without reading its postings (MaxScore).
 */

export const SEGMENT_VERSION = 2;
/** Postings per block of a long posting list (skip-table granularity). */
export const BLOCK = 128;
/** BM25 length normalization of the chunk fields and of sentences. */
export const LENGTH_B = 0.75;
/** The chunk fields, in their order in the files: the chunk's text, and title + section path. */
export const FIELD_NAMES = ['text', 'heading'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export interface SegmentMeta {
  readonly version: number;
  readonly documents: number;
  readonly chunks: number;
  readonly terms: number;
  readonly folded: number;
  /** Sum of the chunks' field lengths (exact terms), per field. */
  readonly fieldLength: readonly number[];
  /** Sentences of the chunks (split per chunk) and their total length in exact terms. */
  readonly sentences: number;
  readonly sentenceLength: number;
  /** Sentences of the documents (split per document), for answer-evidence statistics. */
  readonly documentSentences: number;
}

/** A document as stored: its record without the text, where its chunks are, and what it was read from. */
export interface StoredDocument {
  readonly id: string;
  readonly relPath: string;
  readonly format: string;
  readonly title: string;
  readonly date: string | null;
  readonly kind: string;
  readonly issuer: string | null;
  readonly source: string | null;
  readonly hash: string;
  /** Other fields a document record may carry (kept as they are). */
  readonly extra?: Record<string, unknown>;
  /** sha256 of the source file's bytes (for incremental ingest). */
  readonly sourceHash: string;
  /** This document's chunks are the segment's ordinals [chunkStart, chunkEnd). */
  readonly chunkStart: number;
  readonly chunkEnd: number;
}

/** Section names (eager unless noted). */
export const S = {
  meta: 'meta',
  documents: 'documents',
  termBytes: 't.bytes',
  termOffsets: 't.offsets',
  termFolded: 't.folded',
  termDf: (field: number) => `t.df.${field}`,
  termMax: (field: number) => `t.max.${field}`,
  termPostings: (field: number) => `t.post.${field}`,
  termDfAny: 't.dfany',
  termMaxSum: 't.maxsum',
  termSentenceDf: 't.sdf',
  termDocumentSentenceDf: 't.dsdf',
  foldedBytes: 'f.bytes',
  foldedOffsets: 'f.offsets',
  foldedVariantStarts: 'f.vstart',
  foldedVariants: 'f.variants',
  foldedDf: (field: number) => `f.df.${field}`,
  foldedMax: (field: number) => `f.max.${field}`,
  foldedDfAny: 'f.dfany',
  foldedMaxSum: 'f.maxsum',
  foldedSentenceDf: 'f.sdf',
  foldedDocumentSentenceDf: 'f.dsdf',
  chunkDocument: 'c.doc',
  chunkStart: 'c.start',
  chunkEnd: 'c.end',
  chunkLength: (field: number) => `c.len.${field}`,
  chunkForward: 'c.fwd',
  chunkRecord: 'c.rec',
  documentText: 'd.text',
  documentMentions: 'd.mentions',
  /** Lazy regions. */
  postings: (field: number) => `postings.${field}`,
  forward: 'forward',
  records: 'records',
  texts: 'texts',
  mentions: 'mentions',
} as const;
