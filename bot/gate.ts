/**
 * The gates every chat bot puts in front of the conversation, as middleware in grammY's style
 * (`(ctx, next) => …`, so Telegram mounts them with `bot.use` and Zalo with `compose`):
 * redelivered updates are dropped, chats outside the allow-list are refused, users over their
 * rate are held back, and each chat's replies leave in the order its messages came.
 *
 * A refused chat and a throttled user are told once, not on every message: once per chat for the
 * allow-list (strangers get one short refusal), once per burst for the rate limit (the notice comes
 * again only after a message got through).
 */
import { createRateLimiter, isChatAllowed } from './access.ts';
import { createKeyedQueue, type Turn } from './queue.ts';

/** The part of a pino logger the bots use. */
export interface BotLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: BotLogger = { debug() {}, info() {}, warn() {}, error() {} };

export type Next = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: Next) => Promise<void>;

/** Runs middleware in order, each deciding whether to call the next (grammY's Composer, in small). */
export function compose<C>(...middleware: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    const run = async (i: number): Promise<void> => {
      const step = middleware[i];
      if (step !== undefined) await step(ctx, () => run(i + 1));
    };
    return run(0);
  };
}

/** Remembers the last `capacity` keys; `add` is false for a key already seen (and refreshes it). */
export function recentKeys(capacity: number): { add(key: string): boolean } {
  const keys = new Map<string, true>();
  return {
    add(key) {
      if (keys.has(key)) {
        keys.delete(key);
        keys.set(key, true);
        return false;
      }
      keys.set(key, true);
      if (keys.size > capacity) keys.delete(keys.keys().next().value as string);
      return true;
    },
  };
}

/** Drops an update whose key was seen among the last `capacity` ones (platforms redeliver). */
export function dropRedelivered<C>(options: {
  readonly keyOf: (ctx: C) => string | null;
  readonly capacity: number;
  readonly onRepeat?: (ctx: C, key: string) => void;
}): Middleware<C> {
  const seen = recentKeys(options.capacity);
  return async (ctx, next) => {
    const key = options.keyOf(ctx);
    if (key !== null && !seen.add(key)) {
      options.onRepeat?.(ctx, key);
      return;
    }
    await next();
  };
}

export interface AccessOptions<C> {
  /** Empty: everyone may use the bot. */
  readonly allowedChatIds: readonly string[];
  /** Per user. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number; readonly now?: () => number };
  readonly chatOf: (ctx: C) => string;
  readonly userOf: (ctx: C) => string;
  /** A chat outside the allow-list; `first` is true the first time this chat is refused. */
  readonly onRefused: (ctx: C, first: boolean) => Promise<void>;
  /** A user over the rate; `first` is true for the first message of a burst. */
  readonly onLimited: (ctx: C, first: boolean) => Promise<void>;
  /** How many refused chats to remember (default 2000). */
  readonly memory?: number;
}

/** Allow-list, then the per-user rate limit; `next` only for a chat allowed and a user within the rate. */
export function accessGate<C>(options: AccessOptions<C>): Middleware<C> {
  const limiter = createRateLimiter(options.rateLimit);
  const refused = recentKeys(options.memory ?? 2000);
  /** Users told they are rate limited; cleared once they get through again. */
  const throttled = new Set<string>();
  return async (ctx, next) => {
    const chatId = options.chatOf(ctx);
    if (!isChatAllowed(chatId, options.allowedChatIds)) {
      await options.onRefused(ctx, refused.add(chatId));
      return;
    }
    const userId = options.userOf(ctx);
    if (!limiter.take(userId)) {
      const first = !throttled.has(userId);
      // Bounded: a throttled user leaves the set the next time a message of theirs gets through.
      if (first && throttled.size < (options.memory ?? 2000)) throttled.add(userId);
      await options.onLimited(ctx, first);
      return;
    }
    throttled.delete(userId);
    await next();
  };
}

/**
 * Takes the update's place in its chat's line on arrival; `turnOf(ctx).ready` resolves once every
 * earlier update of the chat has sent its replies, so replies leave in arrival order however long
 * each takes to compute. The turn ends when the rest of the middleware has run.
 */
export function inChatOrder<C extends object>(chatOf: (ctx: C) => string | null): {
  readonly middleware: Middleware<C>;
  turnOf(ctx: C): Turn | undefined;
} {
  const queue = createKeyedQueue();
  const turns = new WeakMap<C, Turn>();
  return {
    middleware: async (ctx, next) => {
      const chatId = chatOf(ctx);
      if (chatId === null) return next();
      const turn = queue.reserve(chatId);
      turns.set(ctx, turn);
      try {
        await next();
      } finally {
        turn.end();
      }
    },
    turnOf: (ctx) => turns.get(ctx),
  };
}
