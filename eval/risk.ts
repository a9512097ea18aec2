/**
 * Risk and coverage of the answerability decision: at an operating point (a probability the
 * answer needs), the share of a family's questions answered, and the share answered wrongly — for
 * a negative family every answer is wrong. Pure: the callers run the engine and feed the scores.
 */
import { FEATURES, type AnswerFeatures } from '../retrieval/answer/answerability.ts';
import type { AnswerEngine } from '../retrieval/engine.ts';
import { containsAnswer } from './metrics.ts';

/** One question run once with no threshold: what would be answered, and whether rightly. */
export interface Scored {
  readonly family: string;
  readonly split: string;
  /** The probability of the proposed answer; null when nothing could be proposed (never answered). */
  readonly probability: number | null;
  readonly features: AnswerFeatures | null;
  /** The proposed answer is right (always false for a question that has no answer). */
  readonly correct: boolean;
  readonly positive: boolean;
  readonly question: string;
  readonly answer: string;
}

/** Runs `question` with no threshold, so the proposal and its probability are seen whatever the operating point. */
export async function score(
  engine: AnswerEngine,
  item: { readonly family: string; readonly split: string; readonly question: string; readonly expected: string | null },
  k = 5,
  /** Whether the right answer may be in a quote (XQuAD, calibration) or must be in the answer or its items (gold). */
  quotesCount = true,
): Promise<Scored> {
  const answer = await engine.ask(item.question, { k, explain: true, threshold: 0 });
  const proposed = answer.found && answer.decision !== undefined;
  const said = [answer.answer, ...(answer.items ?? []), ...(quotesCount ? answer.citations.map((c) => c.quote) : [])];
  return {
    family: item.family,
    split: item.split,
    probability: proposed ? answer.confidence : null,
    features: proposed ? (answer.decision!.features as AnswerFeatures) : null,
    correct: proposed && item.expected !== null && containsAnswer(item.expected, said),
    positive: item.expected !== null,
    question: item.question,
    answer: answer.answer,
  };
}

export interface RiskPoint {
  readonly threshold: number;
  /** Share of the family's questions answered. */
  readonly answered: number;
  /** Share of the family's questions answered wrongly. */
  readonly wrong: number;
  readonly n: number;
}

export function riskAt(rows: readonly Scored[], threshold: number): RiskPoint {
  const answered = rows.filter((r) => r.probability !== null && r.probability >= threshold);
  const wrong = answered.filter((r) => !r.correct);
  const n = rows.length;
  return { threshold, answered: n ? answered.length / n : 0, wrong: n ? wrong.length / n : 0, n };
}

export const OPERATING_POINTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** A table: one row per family, answered / wrong at each operating point, the shipped one marked. */
export function renderRiskTable(rows: readonly Scored[], shipped: number, title: string): string {
  const points = [...new Set([...OPERATING_POINTS, shipped])].sort((a, b) => a - b);
  const families = [...new Set(rows.map((r) => r.family))];
  const header = ['family', 'N', ...points.map((t) => `${t === shipped ? '*' : ''}${t.toFixed(2)}`)];
  const body = families.map((family) => {
    const of = rows.filter((r) => r.family === family);
    return [family, String(of.length), ...points.map((t) => {
      const p = riskAt(of, t);
      return `${pct(p.answered)}/${pct(p.wrong)}`;
    })];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${title} — answered % / answered wrongly % at each operating point (* = shipped, ${shipped.toFixed(3)})`,
    line(header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n');
}

function pct(x: number): string {
  return (100 * x).toFixed(1);
}

/** The feature vector in the model's order. */
export function featureVector(features: AnswerFeatures): number[] {
  return FEATURES.map((name) => features[name]);
}
