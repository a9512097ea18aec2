/**
 * Ratings exported by `npm run feedback -- --export` as a question set for `npm run eval --
 * --questions FILE`: each question is asked again and compared with the answer that was rated.
 * A 👍 answer should still be given (found, the same phrase, citing a passage that overlaps one it
 * cited); a 👎 answer should have changed. Gold lines (eval/gold.jsonl's format) may be mixed in.
 */
import { z } from 'zod';
import { normalizeText } from '../text/normalize.ts';
import type { TimedAnswer } from '../retrieval/engine.ts';

const cited = z.object({ docId: z.string(), start: z.number().int(), end: z.number().int(), quote: z.string() });

export const feedbackItemSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  type: z.string(),
  rating: z.enum(['up', 'down']),
  surface: z.string(),
  at: z.string(),
  answer: z.string(),
  found: z.boolean(),
  citations: z.array(cited),
});

export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

/** True for a line of the export (it has a rating); gold lines have none. */
export function isFeedbackLine(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'rating' in json;
}

export function parseFeedbackItem(json: unknown, line: number): FeedbackItem {
  const parsed = feedbackItemSchema.safeParse(json);
  if (!parsed.success) throw new Error(`line ${line}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface FeedbackOutcome {
  readonly id: string;
  readonly rating: 'up' | 'down';
  /** 👍: the rated answer is still given; 👎: the answer is different now. */
  readonly ok: boolean;
  readonly now: string;
}

const norm = (text: string): string => normalizeText(text).toLowerCase().replace(/\s+/g, ' ').trim();

/** What the engine says now, against what was rated. */
export function judgeFeedback(item: FeedbackItem, answer: TimedAnswer): FeedbackOutcome {
  const said = norm([answer.answer, ...(answer.items ?? [])].join('\n'));
  const rated = norm(item.answer);
  const firstLine = norm(item.answer.split('\n')[0] ?? '');
  const sameAnswer = answer.found === item.found && (said.includes(firstLine) || rated.includes(norm(answer.answer)));
  const overlaps = item.citations.length === 0 || answer.citations.some((c) => item.citations.some((r) => r.docId === c.docId && r.start < c.end && c.start < r.end));
  const kept = sameAnswer && overlaps;
  return {
    id: item.id,
    rating: item.rating,
    ok: item.rating === 'up' ? kept : !sameAnswer,
    now: `${answer.found ? 'found' : 'not found'} · ${answer.answer.slice(0, 120)}`,
  };
}

/** "👍 still given 4/5 · 👎 changed 1/3" */
export function summarizeFeedback(outcomes: readonly FeedbackOutcome[]): string {
  const of = (rating: 'up' | 'down') => outcomes.filter((o) => o.rating === rating);
  const ok = (list: readonly FeedbackOutcome[]) => list.filter((o) => o.ok).length;
  return `ratings: 👍 still given ${ok(of('up'))}/${of('up').length} · 👎 changed ${ok(of('down'))}/${of('down').length}`;
}
