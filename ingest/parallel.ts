/**
 * Reading many files in parallel: the files are cut into batches of about equal bytes (a multiple
 * of the number of workers, each at most MAX_BATCH_BYTES), and each worker thread (ingest/worker.ts)
 * prepares a batch and writes it as one segment. Segments keep the batches' order, so chunk
 * ordinals follow the files' order as in a build on one thread.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { segmentName, type PlannedSegment } from './segments.ts';
import type { SourceFile } from './types.ts';
import type { WorkerBatch, WorkerMessage, WorkerSetup } from './worker.ts';
import type { Build } from '../index/store.ts';

/** About SEGMENT_CHUNKS chunks of Vietnamese text (≈ 1.4 KB of UTF-8 per chunk). */
export const MAX_BATCH_BYTES = 96 << 20;
/** Below this much text, starting workers (each loads the tokenizer) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 << 20;

export interface ParallelOptions {
  readonly workers: number;
  readonly setup: WorkerSetup;
  readonly onFile: (file: string, chunks: number) => void;
  /** A page of a scanned file read by OCR in a worker. */
  readonly onPage?: (file: string, done: number, total: number) => void;
}

export interface ParallelResult {
  readonly segments: PlannedSegment[];
  readonly skipped: Array<{ file: string; reason: string }>;
  readonly tokens: number[];
}

/** Workers to use: the configured number, or one per core (at most 4) when 0. */
export function workerCount(configured: number): number {
  return configured > 0 ? configured : Math.min(4, os.availableParallelism());
}

function batchesOf<T extends { file: SourceFile }>(files: readonly T[], workers: number): T[][] {
  const total = files.reduce((n, f) => n + f.file.bytes, 0);
  const count = workers * Math.max(1, Math.ceil(total / (workers * MAX_BATCH_BYTES)));
  const target = total / count;
  const batches: T[][] = [[]];
  let bytes = 0;
  for (const f of files) {
    const current = batches[batches.length - 1]!;
    if (current.length > 0 && bytes + f.file.bytes / 2 > target * batches.length) batches.push([f]);
    else current.push(f);
    bytes += f.file.bytes;
  }
  return batches;
}

/**
 * Worker threads live as long as the process and are reused by every ingest it runs (the watch
 * mode runs many): the tokenizer's native dependencies load once per thread, and a native addon
 * cannot be loaded again in a new thread once an old one has ended.
 */
const pool: Worker[] = [];

function worker(i: number): Worker {
  let existing = pool[i];
  if (existing === undefined) {
    // The entry is TypeScript: a one-line script registers tsx's loader in the thread, then imports it.
    const entry = new URL('./worker.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    existing = new Worker(bootstrap, { eval: true });
    existing.unref();
    pool[i] = existing;
  }
  return existing;
}

export async function prepareInWorkers(
  files: ReadonlyArray<{ file: SourceFile; sourceHash: string }>,
  build: Build,
  options: ParallelOptions,
): Promise<ParallelResult> {
  const batches = batchesOf(files, options.workers).map((batch) => ({ batch, name: segmentName() }));
  const done: Array<{ documents: number; chunks: number } | undefined> = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  const tokens: number[] = [];
  let next = 0;
  const run = (thread: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      let current = -1;
      const stop = (error?: Error): void => {
        thread.off('message', onMessage);
        thread.off('error', stop);
        if (error) reject(error);
        else resolve();
      };
      const give = (): void => {
        if (next >= batches.length) return stop();
        current = next++;
        const { batch, name } = batches[current]!;
        thread.postMessage({ setup: options.setup, files: batch, segmentPath: build.segmentPath(name) } satisfies WorkerBatch);
      };
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'file') options.onFile(message.file, message.chunks);
        else if (message.type === 'page') options.onPage?.(message.file, message.done, message.total);
        else if (message.type === 'error') stop(new Error(`ingest worker: ${message.message}`));
        else {
          done[current] = { documents: message.documents, chunks: message.chunks };
          skipped.push(...message.skipped);
          for (const t of message.tokens) tokens.push(t);
          give();
        }
      };
      thread.on('message', onMessage);
      thread.once('error', stop);
      give();
    });
  await Promise.all(Array.from({ length: Math.min(options.workers, batches.length) }, (_, i) => run(worker(i))));
  const segments: PlannedSegment[] = batches.flatMap(({ name }, i) => {
    const result = done[i];
    return result && result.documents > 0 ? [{ name, documents: result.documents, chunks: result.chunks, linked: false }] : [];
  });
  return { segments, skipped, tokens };
}
