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

/**
 * A fixed-window counter per key. Memory stays bounded: a window's counters are dropped when the
 * next window starts.
 */
export function createRateLimiter(options: { max: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  let windowStart = now();
  let counts = new Map<string, number>();
  return {
    take(key) {
      const t = now();
      if (t - windowStart >= options.windowMs) {
        windowStart = t;
        counts = new Map();
      }
      const used = counts.get(key) ?? 0;
      if (used >= options.max) return false;
      counts.set(key, used + 1);
      return true;
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
