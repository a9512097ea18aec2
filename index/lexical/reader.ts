/**
 * BM25F search over the segments of an index, with the statistics of the whole index (document
 * count, average field lengths, document frequencies summed over segments), so that a query
 * scores a chunk the same whichever segment holds it and however the index was cut.
 *
 * Top-k by MaxScore (Turtle & Flood): each query term's largest possible contribution is known
 * from the stored per-term maxima (tf / length norm), so once the k-th best score passes what the
 * weakest terms could add together, those terms stop producing candidates; they are only probed,
 * block by block (skipping blocks by their last ordinal and their stored block maximum), for the
 * chunks the stronger terms bring. Chunks are visited in ordinal order, in windows of WINDOW
 * ordinals; every contribution is computed and summed in the same order as a full evaluation,
 * so the scores, and the ranking with its ties by ordinal, are exactly those of scoring every
 * posting (what tests/index/lexical.test.ts checks against a brute-force scorer).
 */
import { FIELD_NAMES, LENGTH_B } from '../segment/layout.ts';
import type { PostingCursor, Segment } from '../segment/segment.ts';
import { locate, type SegmentEntry } from './entry.ts';
import { TopK } from './heap.ts';
import type { LexicalHit, LexicalSearchOptions } from './index.ts';
import { bm25Idf, querySlots, type Slot } from './slots.ts';
import { bestSentences, type SentenceHit } from './sentences.ts';

/** k1 0.9 was measured best with the retriever (see index.ts); sentences use 1.2 (retriever.ts). */
export const CHUNK_K1 = 0.9;
const FIELD_BOOSTS: readonly number[] = FIELD_NAMES.map(() => 1);
const WINDOW = 4096;
const FIRST_WINDOW = 256;
/** Bounds are compared with this much slack, so rounding can never prune a chunk that belongs. */
const SLACK = 1 + 1e-9;

/** How many of the documents' sentences hold each folded term (a read-only map, looked up lazily). */
export interface DocumentSentenceStatistics {
  readonly sentences: number;
  /** Folded term → sentences holding it; exact term (with its marks) → sentences holding it. */
  readonly df: { get(term: string): number | undefined; has(term: string): boolean };
  readonly exactDf: { get(term: string): number | undefined; has(term: string): boolean };
}

interface ActiveField {
  readonly field: number;
  readonly boost: number;
  readonly idf: boolean;
}

/** One slot in one segment: its posting cursors (fields in order, variants in order) and its bound. */
interface SegmentSlot {
  readonly cursors: PostingCursor[];
  readonly boosts: number[];
  readonly fields: number[];
  readonly bound: number;
}

export class LexicalReader {
  readonly documentCount: number;
  readonly entries: readonly SegmentEntry[];
  private readonly averages: readonly number[];

  constructor(segments: readonly Segment[]) {
    let base = 0;
    const totals = FIELD_NAMES.map(() => 0);
    for (const segment of segments) {
      base += segment.chunkCount;
      segment.meta.fieldLength.forEach((length, field) => (totals[field]! += length));
    }
    this.documentCount = base;
    this.averages = totals.map((total) => (base > 0 ? total / base || 1 : 1));
    base = 0;
    this.entries = segments.map((segment) => {
      const n = segment.chunkCount;
      const norms = FIELD_NAMES.map((_, field) => {
        const average = this.averages[field]!;
        const lengths = segment.chunkLength[field]!;
        const norm = new Float64Array(n);
        for (let c = 0; c < n; c++) norm[c] = 1 - LENGTH_B + (LENGTH_B * lengths[c]!) / average;
        return norm;
      });
      const ratio = FIELD_NAMES.map((_, field) => {
        const local = n > 0 ? segment.meta.fieldLength[field]! / n || 1 : 1;
        return Math.max(1, this.averages[field]! / local);
      });
      const entry = { segment, base, norms, ratio };
      base += n;
      return entry;
    });
  }

  /** The k best chunks for a query, best first, ties by ordinal. */
  search(query: string, options: LexicalSearchOptions = {}): LexicalHit[] {
    const k = options.k ?? 10;
    if (k <= 0 || this.documentCount === 0) return [];
    const prepared = querySlots(query, options);
    if (prepared === null) return [];
    const active = this.activeFields(options);
    const { slots } = prepared;
    const factors = slots.map((slot) => slot.weight * bm25Idf(this.documentCount, this.documentFrequency(slot, active)) * (CHUNK_K1 + 1));
    const heap = new TopK(k, slots.length);
    if (options.only) {
      const only = [...new Set(options.only)].filter((o) => !options.filter || options.filter(o)).sort((a, b) => a - b);
      for (const entry of this.entries) {
        const end = entry.base + entry.segment.chunkCount;
        const mine = only.filter((o) => o >= entry.base && o < end);
        if (mine.length > 0) this.scoreListed(entry, slots, factors, active, heap, mine);
      }
    } else {
      for (const entry of this.entries) this.searchSegment(entry, slots, factors, active, heap, options.filter);
    }
    return heap.sorted().map(({ ordinal, score, present }) => ({
      ordinal,
      score,
      matched: [
        ...new Set(
          prepared.exact.filter((_, i) => {
            const e = prepared.exactSlot[i]!;
            const f = prepared.foldedSlot[i]!;
            return (e >= 0 && present[e] === 1) || (f >= 0 && present[f] === 1);
          }),
        ),
      ],
    }));
  }

  /** The k best sentences inside the given chunks (sentence BM25, statistics of every sentence). */
  bestSentences(query: string, options: LexicalSearchOptions, ordinals: readonly number[], k: number): SentenceHit[] {
    return bestSentences(this.entries, query, options, ordinals, k);
  }

  /**
   * Sentence frequencies of folded terms over the documents' sentences (answer evidence weighs
   * question words by them): counted at ingest, summed over segments here, looked up per term.
   */
  documentSentenceStatistics(): DocumentSentenceStatistics {
    const entries = this.entries;
    const counts = (folded: boolean): DocumentSentenceStatistics['df'] => {
      const cache = new Map<string, number>();
      const count = (term: string): number => {
        let n = cache.get(term);
        if (n === undefined) {
          n = 0;
          for (const { segment } of entries) {
            const id = folded ? segment.findFolded(term) : segment.findTerm(term);
            if (id >= 0) n += (folded ? segment.foldedDocumentSentenceDf : segment.termDocumentSentenceDf)[id]!;
          }
          if (cache.size >= 20_000) cache.clear();
          cache.set(term, n);
        }
        return n;
      };
      return {
        get: (term) => {
          const n = count(term);
          return n > 0 ? n : undefined;
        },
        has: (term) => count(term) > 0,
      };
    };
    return {
      sentences: entries.reduce((n, { segment }) => n + segment.meta.documentSentences, 0),
      df: counts(true),
      exactDf: counts(false),
    };
  }

  /** The segment holding a global ordinal, and the ordinal within it. */
  locate(ordinal: number): { entry: SegmentEntry; local: number } | null {
    return locate(this.entries, ordinal);
  }

  private activeFields(options: LexicalSearchOptions): ActiveField[] {
    return FIELD_NAMES.flatMap((name, field) => {
      const boost = options.fieldBoosts?.[name] ?? FIELD_BOOSTS[field]!;
      return boost > 0 ? [{ field, boost, idf: options.idfFields?.includes(name) ?? true }] : [];
    }).sort((a, c) => Number(c.idf) - Number(a.idf));
  }

  /** Chunks having the term in the idf fields (or, when none has it, in any active field), over all segments. */
  private documentFrequency(slot: Slot, active: readonly ActiveField[]): number {
    const idfFields = active.filter((f) => f.idf).map((f) => f.field);
    const all = active.map((f) => f.field);
    let idf = 0;
    let any = 0;
    for (const { segment } of this.entries) {
      const id = slot.folded ? segment.findFolded(slot.term) : segment.findTerm(slot.term);
      if (id < 0) continue;
      idf += fieldsDf(segment, slot.folded, id, idfFields);
      any += fieldsDf(segment, slot.folded, id, all);
    }
    return idf || any;
  }

  private segmentSlot(entry: SegmentEntry, slot: Slot, factor: number, active: readonly ActiveField[]): SegmentSlot {
    const { segment, ratio } = entry;
    const id = slot.folded ? segment.findFolded(slot.term) : segment.findTerm(slot.term);
    const cursors: PostingCursor[] = [];
    const boosts: number[] = [];
    const fields: number[] = [];
    if (id < 0) return { cursors, boosts, fields, bound: 0 };
    const variants = slot.folded
      ? Array.from(segment.foldedVariants.subarray(segment.foldedVariantStarts[id]!, segment.foldedVariantStarts[id + 1]!))
      : [id];
    for (const { field, boost } of active) {
      for (const term of variants) {
        const cursor = segment.postings(field, term);
        if (cursor === null) continue;
        cursors.push(cursor);
        boosts.push(boost);
        fields.push(field);
      }
    }
    // The largest tf̃ (boosted, norm-divided frequency summed over fields) any chunk can have.
    const maxOf = (field: number): number => (slot.folded ? segment.foldedMax[field]![id]! : segment.termMax[field]![id]!);
    let most = 0;
    const bothAtOne = active.length === FIELD_NAMES.length && active.every((f) => f.boost === 1);
    if (bothAtOne) {
      most = (slot.folded ? segment.foldedMaxSum[id]! : segment.termMaxSum[id]!) * Math.max(...ratio);
    } else {
      for (const { field, boost } of active) most += boost * maxOf(field) * ratio[field]!;
    }
    const bound = cursors.length === 0 ? 0 : ((factor * most) / (most + CHUNK_K1)) * SLACK;
    return { cursors, boosts, fields, bound };
  }

  private searchSegment(
    entry: SegmentEntry,
    slots: readonly Slot[],
    factors: readonly number[],
    active: readonly ActiveField[],
    heap: TopK,
    filter: ((ordinal: number) => boolean) | undefined,
  ): void {
    const n = entry.segment.chunkCount;
    const perSlot = slots.map((slot, i) => this.segmentSlot(entry, slot, factors[i]!, active));
    const S = slots.length;
    const withPostings = perSlot.map((_, i) => i).filter((i) => perSlot[i]!.cursors.length > 0);
    if (withPostings.length === 0) return;
    const ratio = entry.ratio;
    const norms = entry.norms;
    const { tf, seen, touched, contribution, present, head, entrySlot, entryNext } = this.scratch(S);
    const set: number[] = [];
    const local = new Float64Array(S);
    let byBound: number[] = withPostings;
    const prefix = new Float64Array(withPostings.length + 1);
    let weak = 0;
    // Windows start small, so that the k-th score (what prunes) is known early, then grow.
    for (let w0 = 0, width = FIRST_WINDOW; w0 < n; w0 += width, width = Math.min(WINDOW, width * 2)) {
      const w1 = Math.min(n, w0 + width);
      const threshold = heap.threshold;
      // Each slot's bound in this window, from the maxima of the blocks its postings have here
      // (block-max): a window where the telling terms are absent is skipped, or scanned for fewer terms.
      let total = 0;
      for (const s of withPostings) {
        const { cursors, boosts, fields, bound } = perSlot[s]!;
        let most = 0;
        for (let c = 0; c < cursors.length; c++) most += boosts[c]! * ratio[fields[c]!]! * cursors[c]!.windowMax(w0, w1);
        const windowBound = most === 0 ? 0 : ((factors[s]! * most) / (most + CHUNK_K1)) * SLACK;
        local[s] = Math.min(bound, windowBound);
        total += local[s]!;
      }
      if (heap.full && total <= threshold) continue;
      // Slots by bound, weakest first; prefix[j] = what the j weakest can add together. Those
      // whose bounds together cannot lift a chunk past the k-th score produce no candidates.
      byBound = withPostings.slice().sort((a, b) => local[a]! - local[b]!);
      for (let j = 0; j < byBound.length; j++) prefix[j + 1] = prefix[j]! + local[byBound[j]!]!;
      weak = 0;
      while (weak < byBound.length && prefix[weak + 1]! <= threshold) weak++;
      if (weak === byBound.length) continue;
      let count = 0;
      let entries = 0;
      for (let j = weak; j < byBound.length; j++) {
        const s = byBound[j]!;
        const { cursors, boosts, fields } = perSlot[s]!;
        const row = s * WINDOW;
        for (let c = 0; c < cursors.length; c++) {
          const cursor = cursors[c]!;
          const boost = boosts[c]!;
          const norm = norms[fields[c]!]!;
          cursor.advance(w0);
          while (cursor.doc < w1) {
            const doc = cursor.doc;
            const d = doc - w0;
            if (seen[d] === 0) {
              seen[d] = 1;
              head[d] = -1;
              touched[count++] = d;
            }
            const before = tf[row + d]!;
            if (before === 0) {
              // The chunk's slots, as a list per chunk, so a chunk costs what it matches.
              entrySlot[entries] = s;
              entryNext[entries] = head[d]!;
              head[d] = entries++;
            }
            tf[row + d] = before + boost * (cursor.tf / norm[doc]!);
            cursor.next();
          }
        }
      }
      const list = touched.subarray(0, count).sort();
      for (let t = 0; t < count; t++) {
        const d = list[t]!;
        seen[d] = 0;
        const doc = w0 + d;
        const ordinal = entry.base + doc;
        let partial = 0;
        for (const s of set) {
          contribution[s] = 0;
          present[s] = 0;
        }
        set.length = 0;
        for (let e = head[d]!; e >= 0; e = entryNext[e]!) {
          const s = entrySlot[e]!;
          const frequency = tf[s * WINDOW + d]!;
          tf[s * WINDOW + d] = 0;
          const c = (factors[s]! * frequency) / (frequency + CHUNK_K1);
          contribution[s] = c;
          present[s] = 1;
          set.push(s);
          partial += c;
        }
        if (filter && !filter(ordinal)) continue;
        let threshold = heap.threshold;
        if (heap.full && partial * SLACK + prefix[weak]! <= threshold) continue;
        // Probe the weak slots, strongest first, while the chunk can still make it.
        let rejected = false;
        for (let j = weak - 1; j >= 0; j--) {
          const s = byBound[j]!;
          const { cursors, boosts, fields } = perSlot[s]!;
          let frequency = 0;
          for (let c = 0; c < cursors.length; c++) {
            const cursor = cursors[c]!;
            cursor.advance(doc);
            if (cursor.doc === doc) frequency = frequency + boosts[c]! * (cursor.tf / norms[fields[c]!]![doc]!);
          }
          if (frequency > 0) {
            const c = (factors[s]! * frequency) / (frequency + CHUNK_K1);
            contribution[s] = c;
            present[s] = 1;
            set.push(s);
            partial += c;
          }
          threshold = heap.threshold;
          if (heap.full && partial * SLACK + prefix[j]! <= threshold) {
            rejected = true;
            break;
          }
        }
        if (rejected) continue;
        // Summed in slot order, as a term-at-a-time evaluation adds them: the same float.
        set.sort((a, b) => a - b);
        let score = 0;
        for (const s of set) score += contribution[s]!;
        heap.offer(ordinal, score, present);
      }
    }
    for (const s of set) {
      contribution[s] = 0;
      present[s] = 0;
    }
  }

  /** Scores the listed chunks (global ordinals, ascending, all in this segment) by probing every slot's postings. */
  private scoreListed(
    entry: SegmentEntry,
    slots: readonly Slot[],
    factors: readonly number[],
    active: readonly ActiveField[],
    heap: TopK,
    ordinals: readonly number[],
  ): void {
    const perSlot = slots.map((slot, i) => this.segmentSlot(entry, slot, factors[i]!, active));
    const S = slots.length;
    const present = new Uint8Array(S);
    for (const ordinal of ordinals) {
      const doc = ordinal - entry.base;
      let score = 0;
      present.fill(0);
      for (let s = 0; s < S; s++) {
        const { cursors, boosts, fields } = perSlot[s]!;
        let frequency = 0;
        for (let c = 0; c < cursors.length; c++) {
          const cursor = cursors[c]!;
          cursor.advance(doc);
          if (cursor.doc === doc) frequency = frequency + boosts[c]! * (cursor.tf / entry.norms[fields[c]!]![doc]!);
        }
        if (frequency > 0) {
          score += (factors[s]! * frequency) / (frequency + CHUNK_K1);
          present[s] = 1;
        }
      }
      if (score > 0) heap.offer(ordinal, score, present);
    }
  }

  private buffers: {
    tf: Float64Array;
    seen: Uint8Array;
    touched: Int32Array;
    contribution: Float64Array;
    present: Uint8Array;
    head: Int32Array;
    entrySlot: Int32Array;
    entryNext: Int32Array;
  } | null = null;

  /** Scoring buffers, kept between searches (searches are synchronous, so never shared). */
  private scratch(slots: number): NonNullable<LexicalReader['buffers']> {
    if (this.buffers === null || this.buffers.contribution.length < slots) {
      const size = Math.max(64, slots);
      this.buffers = {
        tf: new Float64Array(size * WINDOW),
        seen: new Uint8Array(WINDOW),
        touched: new Int32Array(WINDOW),
        contribution: new Float64Array(size),
        present: new Uint8Array(size),
        head: new Int32Array(WINDOW),
        entrySlot: new Int32Array(size * WINDOW),
        entryNext: new Int32Array(size * WINDOW),
      };
    }
    return this.buffers;
  }
}

function fieldsDf(segment: Segment, folded: boolean, id: number, fields: readonly number[]): number {
  if (fields.length === 0) return 0;
  if (fields.length === 1) return (folded ? segment.foldedDf : segment.termDf)[fields[0]!]![id]!;
  return (folded ? segment.foldedDfAny : segment.termDfAny)[id]!;
}
