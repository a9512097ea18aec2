/**
 * Operating figures in Prometheus format (prom-client), served at /metrics: questions by surface
 * and whether they were answered (the found rate is found / all), answer latency, ingest runs, and
 * the process's own figures (memory, CPU, event loop lag). One registry per process, not the global one.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Surface = 'web' | 'api' | 'telegram' | 'zalo';

export interface Metrics {
  readonly registry: Registry;
  /** One answered question: which surface, whether the documents answered it, how long it took. */
  observeAnswer(surface: Surface, found: boolean, seconds: number): void;
  observeIngest(outcome: 'built' | 'unchanged' | 'failed', seconds: number): void;
  observeFeedback(surface: Surface, rating: 'up' | 'down'): void;
}

/** `telegram:123` → telegram; `web:…` → web; no chat → api. */
export function surfaceOf(chatKey: string | undefined): Surface {
  const prefix = chatKey?.slice(0, chatKey.indexOf(':'));
  return prefix === 'telegram' || prefix === 'zalo' || prefix === 'web' ? prefix : 'api';
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'vankien_' });
  const questions = new Counter({
    name: 'vankien_questions_total',
    help: 'Questions answered, by surface and whether the documents answered them (found="true").',
    labelNames: ['surface', 'found'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'vankien_answer_duration_seconds',
    help: 'Time to compute an answer, by surface.',
    labelNames: ['surface'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingests = new Counter({
    name: 'vankien_ingest_runs_total',
    help: 'Index builds run by this process, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const ingestTime = new Histogram({
    name: 'vankien_ingest_duration_seconds',
    help: 'Time of an index build.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 900],
    registers: [registry],
  });
  const feedback = new Counter({
    name: 'vankien_feedback_total',
    help: 'Ratings of answers, by surface and rating.',
    labelNames: ['surface', 'rating'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeAnswer(surface, found, seconds) {
      questions.inc({ surface, found: String(found) });
      latency.observe({ surface }, seconds);
    },
    observeIngest(outcome, seconds) {
      ingests.inc({ outcome });
      ingestTime.observe(seconds);
    },
    observeFeedback: (surface, rating) => feedback.inc({ surface, rating }),
  };
}
