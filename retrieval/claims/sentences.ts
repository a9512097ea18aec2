/**
 * Evidence sentences of a claim: those of the top search hits and every sentence that mentions a
 * named reference, each read once (content words, counts, dates, reference mentions).
 */
import type { Document, DocumentReference } from '../../index/records.ts';
import type { LoadedIndex } from '../../index/store.ts';
import { readDates, type DateMention } from '../../text/dates.ts';
import type { Span } from '../../text/sentences.ts';
import { viewOf } from '../document/view.ts';
import type { Citation, Hit, Query } from '../types.ts';
import { contentTerms, readQuantities, type Quantity } from './reading.ts';

/** What a claim check needs from the answer engine (`AnswerEngine` satisfies it). */
export interface ClaimEngine {
  readonly index: LoadedIndex;
  understand(question: string): Query;
  search(question: string, k?: number): Promise<Hit[]>;
  readonly documents: ReadonlyMap<string, Document>;
}

const EVIDENCE_HITS = 8;
const MAX_EVIDENCE = 3;

export interface Sentence {
  readonly doc: Document;
  readonly span: Span;
  readonly terms: ReadonlySet<string>;
  readonly quantities: readonly Quantity[];
  readonly dates: readonly DateMention[];
  /** Reference mentions inside the sentence, in document offsets. */
  readonly refs: ReadonlyArray<{ key: string; start: number; end: number }>;
}

export async function evidenceSentences(text: string, refs: readonly DocumentReference[], engine: ClaimEngine): Promise<Sentence[]> {
  const spans: Array<{ doc: Document; span: Span }> = [];
  for (const hit of await engine.search(text, EVIDENCE_HITS)) {
    const doc = engine.documents.get(hit.docId);
    if (doc !== undefined) for (const span of viewOf(doc).sentencesOverlapping(hit.start, hit.end)) spans.push({ doc, span });
  }
  for (const ref of refs) {
    for (const m of ref.mentions) {
      const doc = engine.documents.get(m.docId);
      if (doc !== undefined) for (const span of viewOf(doc).sentencesOverlapping(m.start, m.end)) spans.push({ doc, span });
    }
  }
  const mentions = mentionsByDoc(engine.index);
  const seen = new Set<string>();
  const out: Sentence[] = [];
  for (const { doc, span } of spans) {
    const id = `${doc.id}:${span.start}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const sentence = doc.text.slice(span.start, span.end);
    const refsIn = (mentions.get(doc.id) ?? []).filter((m) => m.start < span.end && m.end > span.start);
    const dates = readDates(sentence);
    const skip = [...dates, ...refsIn.map((m) => ({ start: m.start - span.start, end: m.end - span.start }))];
    const quantities = readQuantities(sentence, skip).map((q) => ({
      ...q,
      start: q.start + span.start,
      end: q.end + span.start,
      numberEnd: q.numberEnd + span.start,
    }));
    out.push({ doc, span, terms: contentTerms(sentence, [], false), quantities, dates, refs: refsIn });
  }
  return out;
}

const mentionCache = new WeakMap<LoadedIndex, Map<string, Array<{ key: string; start: number; end: number }>>>();

function mentionsByDoc(index: LoadedIndex): Map<string, Array<{ key: string; start: number; end: number }>> {
  let byDoc = mentionCache.get(index);
  if (byDoc === undefined) {
    byDoc = new Map();
    for (const ref of index.references) {
      for (const m of ref.mentions) {
        const list = byDoc.get(m.docId) ?? [];
        list.push({ key: ref.key, start: m.start, end: m.end });
        byDoc.set(m.docId, list);
      }
    }
    mentionCache.set(index, byDoc);
  }
  return byDoc;
}

export function overlap(wanted: ReadonlySet<string> | readonly string[], have: ReadonlySet<string> | readonly string[]): number {
  const want = [...new Set(wanted)];
  if (want.length === 0) return 0;
  const pool = have instanceof Set ? have : new Set(have);
  return want.filter((w) => pool.has(w)).length / want.length;
}

export function cite(s: Sentence): Citation {
  return viewOf(s.doc).citation(s.span.start, s.span.end);
}

export function dedupe(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(`${c.docId}:${c.start}`) && seen.add(`${c.docId}:${c.start}`)).slice(0, MAX_EVIDENCE);
}
