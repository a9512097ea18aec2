/**
 * @fastify/rate-limit's store on a namespace of the state store, so the per-IP windows of the API
 * survive a restart like the bots' (a restart hands nobody a fresh quota).
 */
import type { Namespace } from '../state/store.ts';

interface Window {
  current: number;
  startMs: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** The store class the plugin instantiates (`new Store(options)`), bound to `windows`. */
export function stateRateStore(windows: Namespace<Window>) {
  return class StateRateStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      const window = windows.get(key);
      const next = window === undefined || window.startMs + timeWindow <= now || window.startMs > now ? { current: 1, startMs: now } : { current: window.current + 1, startMs: window.startMs };
      windows.set(key, next);
      callback(null, { current: next.current, ttl: timeWindow - (now - next.startMs) });
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      const window = windows.get(key);
      if (window === undefined || window.startMs + timeWindow <= now) return callback(null, { current: 0, ttl: 0 });
      callback(null, { current: window.current, ttl: timeWindow - (now - window.startMs) });
    }

    child(): StateRateStore {
      return new StateRateStore();
    }
  };
}
