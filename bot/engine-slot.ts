/**
 * One AnswerEngine that can be replaced while the server runs: every surface holds the slot's
 * `engine`, a stand-in that forwards each property read and method call to the current engine,
 * so a rebuilt index (a document added from Telegram) is used by the next question everywhere.
 * Questions already running finish on the engine they started with.
 *
 * Kept narrow on purpose: the index issue's hot swap can take its place behind `swap`.
 */
import type { AnswerEngine } from '../retrieval/engine.ts';

export interface EngineSlot {
  /** Always the current engine (a forwarding stand-in of the same type). */
  readonly engine: AnswerEngine;
  /** Puts `next` in place and gives back the engine it replaced (dispose it when done). */
  swap(next: AnswerEngine): AnswerEngine;
}

export function engineSlot(initial: AnswerEngine): EngineSlot {
  let current = initial;
  const engine = new Proxy(initial, {
    get(_target, property) {
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
    has: (_target, property) => Reflect.has(current, property),
  });
  return {
    engine,
    swap(next) {
      const previous = current;
      current = next;
      return previous;
    },
  };
}
