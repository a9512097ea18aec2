/**
 * Segments of a build: analysed documents are written in batches of at most SEGMENT_CHUNKS
 * chunks, each batch one segment; small segments (left by incremental updates) are merged once
 * MERGE_FACTOR of them accumulate, as search engines do, so that a query visits few segments and
 * an update rewrites little.
 */
import { SegmentBuilder } from '../index/segment/build.ts';
import { mergeSegments } from '../index/segment/merge.ts';
import { Segment } from '../index/segment/segment.ts';
import type { Build } from '../index/store.ts';
import type { AnalysedDocument } from './analyse.ts';

/**
 * Chunks per segment written by a full build: large enough that a million chunks make 16
 * segments (a query looks its terms up in each), small enough that building one holds about
 * half a gigabyte of counts.
 */
export const SEGMENT_CHUNKS = 65_536;
/** Small segments (under SEGMENT_CHUNKS / MERGE_FACTOR chunks) are merged when this many exist. */
export const MERGE_FACTOR = 8;

export interface PlannedSegment {
  readonly name: string;
  readonly documents: number;
  readonly chunks: number;
  /** Hard-linked unchanged from the previous build. */
  readonly linked: boolean;
}

let counter = 0;
export function segmentName(): string {
  return `${Date.now().toString(36)}-${process.pid}-${(counter++).toString(36)}.seg`;
}

/** Writes analysed documents as segments of at most SEGMENT_CHUNKS chunks. */
export class SegmentBatches {
  private builder = new SegmentBuilder();
  readonly written: PlannedSegment[] = [];

  constructor(
    private readonly build: Build,
    private readonly chunksPerSegment = SEGMENT_CHUNKS,
  ) {}

  add(document: AnalysedDocument): void {
    this.builder.addDocument(document);
    if (this.builder.chunkCount >= this.chunksPerSegment) this.flush();
  }

  private flush(): void {
    if (this.builder.documentCount === 0) return;
    const name = segmentName();
    this.builder.write(this.build.segmentPath(name));
    this.written.push({ name, documents: this.builder.documentCount, chunks: this.builder.chunkCount, linked: false });
    this.builder = new SegmentBuilder();
  }

  finish(): PlannedSegment[] {
    this.flush();
    return this.written;
  }
}

/** Merges the small segments into one when MERGE_FACTOR of them exist; returns the new list (order kept). */
export function mergeSmallSegments(build: Build, segments: readonly PlannedSegment[]): { segments: PlannedSegment[]; merged: number } {
  const small = segments.filter((s) => s.chunks < SEGMENT_CHUNKS / MERGE_FACTOR);
  if (small.length < MERGE_FACTOR) return { segments: [...segments], merged: 0 };
  const opened = small.map((s) => new Segment(build.segmentPath(s.name)));
  const name = segmentName();
  try {
    const result = mergeSegments(opened.map((segment) => ({ segment })), build.segmentPath(name));
    const merged: PlannedSegment = { name, documents: result.documents, chunks: result.chunks, linked: false };
    const out: PlannedSegment[] = [];
    let placed = false;
    for (const s of segments) {
      if (!small.includes(s)) out.push(s);
      else if (!placed) {
        out.push(merged);
        placed = true;
      }
    }
    return { segments: out, merged: small.length };
  } finally {
    for (const segment of opened) segment.close();
  }
}
