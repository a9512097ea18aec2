/** A segment as a query sees it: where its ordinals start in the index, and its length norms. */
import type { Segment } from '../segment/segment.ts';

export interface SegmentEntry {
  readonly segment: Segment;
  /** Global ordinal of the segment's chunk 0. */
  readonly base: number;
  /** Per field, 1 − b + b · length / (average over the index), per chunk. */
  readonly norms: readonly Float64Array[];
  /** Per field, how much larger a norm-divided tf can be with the index's averages than with the segment's. */
  readonly ratio: readonly number[];
}

/** The segment holding a global ordinal, and the ordinal within it. */
export function locate(entries: readonly SegmentEntry[], ordinal: number): { entry: SegmentEntry; local: number } | null {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entry = entries[middle]!;
    if (ordinal < entry.base) high = middle - 1;
    else if (ordinal >= entry.base + entry.segment.chunkCount) low = middle + 1;
    else return { entry, local: ordinal - entry.base };
  }
  return null;
}
