/**
 * Merging segments (and dropping documents from them) without re-reading or re-chunking any
 * source: each kept document is re-added to a new builder from what its segment stores — its
 * record, its text, its chunk records, and its chunks' terms from their forward records — so the
 * merged segment is exactly the one a fresh build of those documents would write.
 */
import { splitSentences } from '../../text/sentences.ts';
import { exactTerms, foldTerm } from '../../text/tokenize.ts';
import type { Document } from '../records.ts';
import { SegmentBuilder, type ChunkInput } from './build.ts';
import type { Segment } from './segment.ts';

export interface MergeSource {
  readonly segment: Segment;
  /** Documents (by index in the segment) left out of the merge. */
  readonly drop?: ReadonlySet<number>;
}

/** Writes the documents of `sources`, in order, as one segment; returns its size in bytes. */
export function mergeSegments(sources: readonly MergeSource[], file: string): { bytes: number; documents: number; chunks: number } {
  const builder = new SegmentBuilder();
  for (const { segment, drop } of sources) {
    const terms: Array<string | undefined> = new Array(segment.termCount);
    const termAt = (id: number): string => (terms[id] ??= segment.termAt(id));
    const expand = (ids: Uint32Array, tfs: Uint32Array, from: number, to: number): string[] => {
      const out: string[] = [];
      for (let i = from; i < to; i++) {
        const term = termAt(ids[i]!);
        for (let n = 0; n < tfs[i]!; n++) out.push(term);
      }
      return out;
    };
    // Document-sentence frequencies are carried over, less those of the dropped documents.
    const less = new Map<string, number>();
    const lessExact = new Map<string, number>();
    let lessSentences = 0;
    segment.documents.forEach((stored, local) => {
      const text = segment.text(local);
      if (drop?.has(local)) {
        for (const span of splitSentences(text)) {
          lessSentences++;
          const exact = new Set(exactTerms(text.slice(span.start, span.end)));
          for (const term of exact) lessExact.set(term, (lessExact.get(term) ?? 0) + 1);
          for (const term of new Set([...exact].map(foldTerm))) less.set(term, (less.get(term) ?? 0) + 1);
        }
        return;
      }
      const chunks: ChunkInput[] = [];
      for (let c = stored.chunkStart; c < stored.chunkEnd; c++) {
        const forward = segment.forward(c);
        const sentences: string[][] = [];
        for (let s = 0; s < forward.sentences; s++) {
          sentences.push(expand(forward.ids, forward.tfs, forward.sentenceStarts[s]!, forward.sentenceStarts[s + 1]!));
        }
        const heading = expand(forward.ids, forward.tfs, forward.sentenceStarts[forward.sentences]!, forward.ids.length);
        chunks.push({ record: segment.record(c), sentences, heading });
      }
      const { extra, sourceHash, chunkStart: _start, chunkEnd: _end, ...meta } = stored;
      const document = { ...extra, ...meta, text } as unknown as Document;
      builder.addDocument({ document, sourceHash, chunks, mentions: segment.mentions(local) });
    });
    const folded: Array<[string, number]> = [];
    for (let f = 0; f < segment.foldedCount; f++) {
      const count = segment.foldedDocumentSentenceDf[f]!;
      if (count === 0) continue;
      const term = segment.foldedAt(f);
      folded.push([term, count - (less.get(term) ?? 0)]);
    }
    const exact: Array<[string, number]> = [];
    for (let t = 0; t < segment.termCount; t++) {
      const count = segment.termDocumentSentenceDf[t]!;
      if (count === 0) continue;
      const term = termAt(t);
      exact.push([term, count - (lessExact.get(term) ?? 0)]);
    }
    builder.addDocumentSentenceCounts(exact, folded, segment.meta.documentSentences - lessSentences);
  }
  const bytes = builder.write(file);
  return { bytes, documents: builder.documentCount, chunks: builder.chunkCount };
}
