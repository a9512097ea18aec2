/** Who may talk to the bots, and how often: shared by every surface. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `chatId` may use the bot: an empty allow-list lets everyone in. */
export function isChatAllowed(chatId: string | number, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(String(chatId));
}

export interface RateLimiter {
  /** Takes one request for `key`; false when the key has used its quota in the current window. */
  take(key: string): boolean;
}

/** Where a limiter keeps each key's window: in this process, or a state store's namespace. */
export interface WindowStore {
  get(key: string): { readonly start: number; readonly count: number } | undefined;
  set(key: string, window: { readonly start: number; readonly count: number }): void;
}

/**
 * A fixed-window counter per key: a key's window starts with its first request and lasts
 * `windowMs`. Memory stays bounded: the default store forgets the least recently used keys past
 * 10,000; a state store's namespace (state/store.ts) is bounded the same way and survives a
 * restart, so a restart does not hand every user a fresh quota.
 */
export function createRateLimiter(options: { max: number; windowMs: number; now?: () => number; store?: WindowStore }): RateLimiter {
  const now = options.now ?? Date.now;
  const store = options.store ?? boundedWindows(10_000);
  return {
    take(key) {
      const t = now();
      const window = store.get(key);
      if (window === undefined || t - window.start >= options.windowMs || t < window.start) {
        store.set(key, { start: t, count: 1 });
        return true;
      }
      if (window.count >= options.max) return false;
      store.set(key, { start: window.start, count: window.count + 1 });
      return true;
    },
  };
}

function boundedWindows(capacity: number): WindowStore {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    get: (key) => windows.get(key),
    set(key, window) {
      windows.delete(key);
      windows.set(key, { ...window });
      if (windows.size > capacity) windows.delete(windows.keys().next().value as string);
    },
  };
}

/**
 * Compares a secret (webhook secret token, API key) in constant time; hashing first gives
 * equal-length buffers for timingSafeEqual and hides the expected secret's length.
 */
export function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
