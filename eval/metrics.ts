/**
 * Quality metrics of a retrieval/answer run, and the format of the gold set they are measured
 * on (eval/README.md). Pure: the evaluation CLI reads files, runs the engine, feeds the
 * per-question outcomes here and prints what comes back.
 */
import { z } from 'zod';
import { normalizeText } from '../text/normalize.ts';
import type { QuestionType } from '../retrieval/types.ts';

const questionType = z.enum(['count', 'date', 'person', 'subject', 'list', 'free']);
const evidencePlace = z.strictObject({ docId: z.string().min(1), evidence: z.string().min(1) });

const answerableSchema = z.strictObject({
  id: z.string().min(1),
  question: z.string().min(1),
  type: questionType,
  docId: z.string().min(1),
  evidence: z.string().min(1),
  answer: z.string().min(1),
  alternatives: z.array(evidencePlace).optional(),
  tags: z.array(z.string()),
});

const notFoundSchema = z.strictObject({
  id: z.string().min(1),
  question: z.string().min(1),
  type: questionType,
  notFound: z.literal(true),
  tags: z.array(z.string()),
});

export type AnswerableGold = z.infer<typeof answerableSchema>;
export type NotFoundGold = z.infer<typeof notFoundSchema>;
export type GoldItem = AnswerableGold | NotFoundGold;

export function isNotFoundGold(item: GoldItem): item is NotFoundGold {
  return 'notFound' in item;
}

/** Every place (document + verbatim evidence) that answers an answerable question. */
export function evidencePlaces(item: AnswerableGold): Array<{ docId: string; evidence: string }> {
  return [{ docId: item.docId, evidence: item.evidence }, ...(item.alternatives ?? [])];
}

/** Parses gold JSON lines (blank lines skipped); throws naming the line of the first bad record. */
export function parseGold(text: string): GoldItem[] {
  const items: GoldItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`gold line ${i + 1}: not JSON (${(error as Error).message})`);
    }
    const schema = typeof json === 'object' && json !== null && 'notFound' in json ? notFoundSchema : answerableSchema;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
      throw new Error(`gold line ${i + 1}: ${problems.join('; ')}`);
    }
    items.push(parsed.data);
  });
  return items;
}

/** A span of one document's text, UTF-16 offsets, end exclusive. */
export interface DocSpan {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
}

/** Every occurrence of `needle` in `text` as a span of `docId` (overlapping ones included). */
export function occurrences(docId: string, text: string, needle: string): DocSpan[] {
  const spans: DocSpan[] = [];
  if (needle === '') return spans;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    spans.push({ docId, start: at, end: at + needle.length });
  }
  return spans;
}

/** True when `outer` (a hit's chunk) wholly contains `inner` (an evidence span) of the same document. */
export function spanContains(outer: DocSpan, inner: DocSpan): boolean {
  return outer.docId === inner.docId && outer.start <= inner.start && inner.end <= outer.end;
}

/** 1-based rank of the first hit accepted by `isRelevant`, or null when none is. */
export function firstRelevantRank<T>(hits: readonly T[], isRelevant: (hit: T) => boolean): number | null {
  const index = hits.findIndex(isRelevant);
  return index < 0 ? null : index + 1;
}

/** Keeps the first (best-ranked) hit of each document: passage metrics count documents, not chunks. */
export function dedupeByDoc<T extends { readonly docId: string }>(hits: readonly T[]): T[] {
  const seen = new Set<string>();
  return hits.filter((hit) => (seen.has(hit.docId) ? false : (seen.add(hit.docId), true)));
}

export function hitAt(rank: number | null, k: number): boolean {
  return rank !== null && rank <= k;
}

/** 1/rank when the rank is within the cutoff, else 0 (MRR@cutoff). */
export function reciprocalRank(rank: number | null, cutoff = 10): number {
  return rank !== null && rank <= cutoff ? 1 / rank : 0;
}

/** The form answers are compared in: NFC, canonical tone placement, lowercase, whitespace collapsed. */
export function normalizeForMatch(text: string): string {
  return normalizeText(text).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** True when the expected phrase occurs (normalized) in any of the given texts. */
export function containsAnswer(expected: string, texts: readonly string[]): boolean {
  const needle = normalizeForMatch(expected);
  if (needle === '') return false;
  return texts.some((text) => normalizeForMatch(text).includes(needle));
}

/** What happened to one question; the evaluation CLI builds these. */
export interface Outcome {
  readonly id: string;
  readonly type: QuestionType;
  readonly tags: readonly string[];
  /** The gold says the documents do not answer this question. */
  readonly notFound: boolean;
  /** Rank of the first correct hit (answerable questions), null when none was retrieved. */
  readonly rank: number | null;
  /** What the engine said: true = it gave an answer. */
  readonly found: boolean;
  /** Answerable questions: found and the expected phrase is in the answer. Null for not-found ones. */
  readonly answerCorrect: boolean | null;
  readonly latencyMs: number;
}

/** A ratio with what it is made of, so tables can print "–" for 0/0. */
export interface Ratio {
  readonly hits: number;
  readonly of: number;
  /** hits / of, or null when `of` is 0. */
  readonly value: number | null;
}

export function ratio(hits: number, of: number): Ratio {
  return { hits, of, value: of === 0 ? null : hits / of };
}

export interface Summary {
  readonly n: number;
  readonly answerable: number;
  readonly notFound: number;
  readonly hitAt1: Ratio;
  readonly hitAt5: Ratio;
  /** Mean reciprocal rank @10 over answerable questions; null when there are none. */
  readonly mrr10: number | null;
  readonly answerAccuracy: Ratio;
  /** Of the questions the engine declined, how many are truly not-found. */
  readonly notFoundPrecision: Ratio;
  /** Of the truly not-found questions, how many the engine declined. */
  readonly notFoundRecall: Ratio;
  /** Truly not-found questions the engine answered anyway. */
  readonly invented: number;
  readonly latency: { readonly meanMs: number | null; readonly p95Ms: number | null };
}

/** Nearest-rank percentile (q in (0, 1]) of unsorted values; null for none. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

export function summarize(outcomes: readonly Outcome[]): Summary {
  const answerable = outcomes.filter((o) => !o.notFound);
  const notFound = outcomes.filter((o) => o.notFound);
  const declined = outcomes.filter((o) => !o.found);
  const count = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length;
  const latencies = outcomes.map((o) => o.latencyMs);
  return {
    n: outcomes.length,
    answerable: answerable.length,
    notFound: notFound.length,
    hitAt1: ratio(count(answerable, (o) => hitAt(o.rank, 1)), answerable.length),
    hitAt5: ratio(count(answerable, (o) => hitAt(o.rank, 5)), answerable.length),
    mrr10:
      answerable.length === 0
        ? null
        : answerable.reduce((sum, o) => sum + reciprocalRank(o.rank, 10), 0) / answerable.length,
    answerAccuracy: ratio(count(answerable, (o) => o.answerCorrect === true), answerable.length),
    notFoundPrecision: ratio(count(declined, (o) => o.notFound), declined.length),
    notFoundRecall: ratio(count(notFound, (o) => !o.found), notFound.length),
    invented: count(notFound, (o) => o.found),
    latency: {
      meanMs: latencies.length === 0 ? null : latencies.reduce((a, b) => a + b, 0) / latencies.length,
      p95Ms: percentile(latencies, 0.95),
    },
  };
}

/** Summaries per group, in first-seen order; an outcome may belong to several groups (tags). */
export function summarizeBy(outcomes: readonly Outcome[], groupsOf: (o: Outcome) => readonly string[]): Map<string, Summary> {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    for (const group of groupsOf(outcome)) {
      const members = groups.get(group) ?? [];
      members.push(outcome);
      groups.set(group, members);
    }
  }
  return new Map([...groups].map(([group, members]) => [group, summarize(members)]));
}
