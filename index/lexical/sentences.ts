/**
 * Sentence BM25 inside candidate chunks, from their stored forward records and the sentence
 * statistics of the whole index (sentence count, average length, per-term sentence frequencies):
 * no sentence index is built or searched, and the cost is that of the candidates alone.
 */
import { LENGTH_B } from '../segment/layout.ts';
import type { Segment } from '../segment/segment.ts';
import type { LexicalSearchOptions } from './index.ts';
import { locate, type SegmentEntry } from './entry.ts';
import { bm25Idf, querySlots } from './slots.ts';

/**
 * BM25 k1 of sentences. Sentences are short (tf is almost always 1), so k1 mostly sets how hard
 * length is penalized; 1.2 measured slightly better than the chunk index's 0.9 (XQuAD R@1 0.941
 * vs 0.940), within noise, so the textbook value.
 */
export const SENTENCE_K1 = 1.2;

export interface SentenceHit {
  /** Global ordinal of the chunk, and the sentence's position in it. */
  readonly ordinal: number;
  readonly sentence: number;
  readonly score: number;
}

export function bestSentences(
  entries: readonly SegmentEntry[],
  query: string,
  options: LexicalSearchOptions,
  ordinals: readonly number[],
  k: number,
): SentenceHit[] {
  if (k <= 0 || ordinals.length === 0) return [];
  const prepared = querySlots(query, options);
  if (prepared === null) return [];
  let sentences = 0;
  let length = 0;
  for (const { segment } of entries) {
    sentences += segment.meta.sentences;
    length += segment.meta.sentenceLength;
  }
  if (sentences === 0) return [];
  const average = length / sentences || 1;
  const { slots } = prepared;
  const S = slots.length;
  const ids = new Map<Segment, Array<Array<[number, number]>>>();
  const df = new Float64Array(S);
  for (const { segment } of entries) {
    // Per slot, the segment's exact term ids it stands for.
    const perSlot = slots.map((slot, s) => {
      if (!slot.folded) {
        const id = segment.findTerm(slot.term);
        if (id < 0) return [];
        df[s]! += segment.termSentenceDf[id]!;
        return [[id, s] as [number, number]];
      }
      const id = segment.findFolded(slot.term);
      if (id < 0) return [];
      df[s]! += segment.foldedSentenceDf[id]!;
      const from = segment.foldedVariantStarts[id]!;
      const to = segment.foldedVariantStarts[id + 1]!;
      return Array.from(segment.foldedVariants.subarray(from, to), (v) => [v, s] as [number, number]);
    });
    ids.set(segment, perSlot);
  }
  const factors = slots.map((slot, s) => slot.weight * bm25Idf(sentences, df[s]!) * (SENTENCE_K1 + 1));
  const hits: SentenceHit[] = [];
  const frequency = new Float64Array(S);
  const slotsOf = new Map<number, number[]>();
  let lastSegment: Segment | null = null;
  for (const ordinal of [...new Set(ordinals)].sort((a, b) => a - b)) {
    const place = locate(entries, ordinal);
    if (place === null) continue;
    const { segment } = place.entry;
    if (segment !== lastSegment) {
      lastSegment = segment;
      slotsOf.clear();
      for (const pairs of ids.get(segment) ?? []) {
        for (const [id, s] of pairs) {
          const list = slotsOf.get(id);
          if (list) list.push(s);
          else slotsOf.set(id, [s]);
        }
      }
      if (slotsOf.size === 0) continue;
    }
    if (slotsOf.size === 0) continue;
    const record = segment.forward(place.local);
    for (let sentence = 0; sentence < record.sentences; sentence++) {
      const from = record.sentenceStarts[sentence]!;
      const to = record.sentenceStarts[sentence + 1]!;
      let sentenceLength = 0;
      for (let i = from; i < to; i++) sentenceLength += record.tfs[i]!;
      const norm = 1 - LENGTH_B + (LENGTH_B * sentenceLength) / average;
      let any = false;
      for (let i = from; i < to; i++) {
        const hit = slotsOf.get(record.ids[i]!);
        if (hit === undefined) continue;
        for (const s of hit) frequency[s] = frequency[s]! + record.tfs[i]! / norm;
        any = true;
      }
      if (!any) continue;
      let score = 0;
      for (let s = 0; s < S; s++) {
        const tf = frequency[s]!;
        if (tf === 0) continue;
        frequency[s] = 0;
        score += (factors[s]! * tf) / (tf + SENTENCE_K1);
      }
      if (score > 0) hits.push({ ordinal, sentence, score });
    }
  }
  hits.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal || a.sentence - b.sentence);
  return hits.slice(0, k);
}
