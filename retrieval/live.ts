/**
 * A serving engine follows the live index: the `INDEX_DIR` symlink is checked every `intervalMs`,
 * and when ingest has made another build live, that build is loaded beside the current one and
 * swapped in (AnswerEngine.replaceIndex: calls in flight finish on the old one). A build that
 * cannot be loaded (removed under us, damaged) is reported and the current one kept.
 */
import { promises as fs } from 'node:fs';
import type { LoadedIndex } from '../index/store.ts';
import type { AnswerEngine } from './engine.ts';

export interface IndexWatchOptions {
  readonly intervalMs: number;
  readonly onSwap?: (index: LoadedIndex, previousBuild: string) => void;
  readonly onError?: (error: unknown) => void;
}

export interface IndexWatch {
  /** Checks now (also what the timer does); resolves when a swap, if any, is done. */
  check(): Promise<void>;
  stop(): void;
}

export function watchIndex(engine: AnswerEngine, indexDir: string, options: IndexWatchOptions): IndexWatch {
  let running: Promise<void> | null = null;
  let failed: string | null = null;
  const check = (): Promise<void> => {
    running ??= (async () => {
      try {
        const target = await fs.realpath(indexDir).catch(() => null);
        if (target === null || target === engine.index.buildDir || target === failed) return;
        const previous = engine.index.buildDir;
        try {
          const index = await engine.reload(indexDir);
          failed = null;
          options.onSwap?.(index, previous);
        } catch (error) {
          failed = target;
          options.onError?.(error);
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return {
    check,
    stop: () => clearInterval(timer),
  };
}
