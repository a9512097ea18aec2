/**
 * A small typed client of the Zalo Bot Platform API (bot-api.zaloplatforms.com), which has the
 * Telegram shape: `POST {apiRoot}/bot{token}/{method}` with a JSON body, answered by
 * `{ok: true, result}` or `{ok: false, error_code, description}`.
 * The token is part of every URL, so no URL ever goes into an error message or a log.
 */
import { z } from 'zod';

const id = z.union([z.string().min(1), z.number()]).transform(String);

const sender = z.object({ id, display_name: z.string().optional(), is_bot: z.boolean().optional() });

/** A message as the platform documents it: text, or a photo with a caption, a sticker, a voice message. */
const messageSchema = z.object({
  message_id: id,
  text: z.string().optional(),
  /** message.image.received: the image (a URL) and its caption. */
  photo: z.unknown().optional(),
  photo_url: z.string().optional(),
  caption: z.string().optional(),
  sticker: z.unknown().optional(),
  voice_url: z.string().optional(),
  chat: z.object({ id, chat_type: z.string().optional() }),
  from: sender.optional(),
  /** The message this one answers, when it is a reply. */
  reply_to_message: z.object({ message_id: id.optional(), from: sender.optional() }).optional(),
  date: z.number().optional(),
});

/** getUpdates' documented sample has no event_name: it is then read from the message's fields. */
const updateSchema = z.object({ event_name: z.string().optional(), message: messageSchema.optional() });

export type ZaloMessage = z.infer<typeof messageSchema>;
export type ZaloUpdate = z.infer<typeof updateSchema> & { readonly event_name: string };

/** The event a message without event_name stands for. */
function eventOf(message: ZaloMessage | undefined): string {
  if (message === undefined) return 'unknown';
  if (message.text !== undefined) return 'message.text.received';
  if (message.photo !== undefined || message.photo_url !== undefined) return 'message.image.received';
  if (message.sticker !== undefined) return 'message.sticker.received';
  if (message.voice_url !== undefined) return 'message.voice.received';
  return 'message.unsupported.received';
}

/** The bot as getMe describes it. */
export interface ZaloBotInfo {
  readonly id: string;
  readonly accountName: string | null;
  /** The name group members see, when getMe gives it. */
  readonly displayName: string | null;
}

/** What receives updates (the bot): the webhook and polling hand each update to it. */
export interface ZaloUpdateHandler {
  /** Answers one update; never rejects. */
  handleUpdate(update: ZaloUpdate): Promise<void>;
}

export interface ZaloSentMessage {
  readonly message_id: string;
  readonly date?: number;
}

/** An answer `{ok: false}` (or an HTTP error without one) from the API. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    /** From `parameters.retry_after` or a `Retry-After` header, when the API gave one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`);
    this.name = 'ZaloApiError';
  }
}

/** The request never got an answer: connection refused or reset, or our own timeout. */
export class ZaloNetworkError extends Error {
  constructor(readonly method: string, cause: unknown) {
    super(`Zalo ${method}: no answer (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'ZaloNetworkError';
  }
}

/** Worth trying again: rate limited, a server error, or no answer at all. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ZaloNetworkError) return true;
  return error instanceof ZaloApiError && (error.errorCode === 429 || error.errorCode >= 500);
}

/**
 * Updates from a `getUpdates` result or a webhook body: one update, a list, nothing, or either
 * wrapped in `{ok, result}`. Malformed entries are dropped.
 */
export function parseUpdates(value: unknown, onDrop?: (why: string) => void): ZaloUpdate[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => parseUpdates(item, onDrop));
  if (typeof value !== 'object') {
    onDrop?.(`not an object (${typeof value})`);
    return [];
  }
  if (!('event_name' in value) && !('message' in value) && 'result' in value) return parseUpdates(value.result, onDrop);
  const parsed = updateSchema.safeParse(value);
  if (!parsed.success) {
    onDrop?.(parsed.error.issues.map((i) => `${i.path.join('.') || '(update)'}: ${i.message}`).join('; '));
    return [];
  }
  return [{ ...parsed.data, event_name: parsed.data.event_name ?? eventOf(parsed.data.message) }];
}

export interface ZaloClient {
  getMe(): Promise<ZaloBotInfo>;
  /** Long polling: waits up to `timeoutSec` for updates; `signal` aborts the wait. */
  getUpdates(timeoutSec: number, signal?: AbortSignal): Promise<ZaloUpdate[]>;
  setWebhook(url: string, secretToken: string): Promise<void>;
  deleteWebhook(): Promise<void>;
  sendMessage(chatId: string, text: string): Promise<ZaloSentMessage>;
  sendChatAction(chatId: string, action: 'typing'): Promise<void>;
}

export interface ZaloClientOptions {
  readonly token: string;
  readonly apiRoot: string;
  readonly fetch?: typeof fetch;
  /** Per-request timeout (long polls get theirs on top of the poll timeout). */
  readonly requestTimeoutMs?: number;
  /** Told about every update that is dropped, and why. */
  readonly onDrop?: (why: string) => void;
}

export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  const fetchImpl = options.fetch ?? fetch;
  const base = `${options.apiRoot.replace(/\/+$/, '')}/bot${options.token}`;
  const requestTimeoutMs = options.requestTimeoutMs ?? 20_000;

  async function call(method: string, body: object, signal?: AbortSignal, timeoutMs = requestTimeoutMs): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let payload: unknown;
    try {
      response = await fetchImpl(`${base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      payload = await response.json().catch(() => null);
    } catch (error) {
      // The caller's own abort (stop()) is not a failure of the API: pass it through as is.
      if (signal?.aborted) throw error;
      throw new ZaloNetworkError(method, error);
    }
    const answer = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    if (response.ok && answer.ok === true) return answer.result;
    const code = typeof answer.error_code === 'number' ? answer.error_code : response.status;
    const description = typeof answer.description === 'string' ? answer.description : response.statusText;
    throw new ZaloApiError(method, code, description, retryAfterMs(answer, response.headers));
  }

  return {
    async getMe() {
      const result = await call('getMe', {});
      const me = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
      const text = (key: string): string | null => (typeof me[key] === 'string' && me[key] !== '' ? (me[key] as string) : null);
      return { id: String(me.id ?? ''), accountName: text('account_name'), displayName: text('display_name') ?? text('name') };
    },
    async getUpdates(timeoutSec, signal) {
      try {
        // `timeout` is documented as a String (seconds).
        const result = await call('getUpdates', { timeout: String(timeoutSec) }, signal, timeoutSec * 1000 + requestTimeoutMs);
        return parseUpdates(result, options.onDrop);
      } catch (error) {
        // The platform may answer an empty long poll with 408 instead of an empty result.
        if (error instanceof ZaloApiError && error.errorCode === 408) return [];
        throw error;
      }
    },
    async setWebhook(url, secretToken) {
      await call('setWebhook', { url, secret_token: secretToken });
    },
    async deleteWebhook() {
      await call('deleteWebhook', {});
    },
    async sendMessage(chatId, text) {
      const result = await call('sendMessage', { chat_id: chatId, text });
      const sent = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
      return { message_id: String(sent.message_id ?? ''), ...(typeof sent.date === 'number' ? { date: sent.date } : {}) };
    },
    async sendChatAction(chatId, action) {
      await call('sendChatAction', { chat_id: chatId, action });
    },
  };
}

function retryAfterMs(answer: Record<string, unknown>, headers: Headers): number | null {
  const parameters = answer.parameters;
  const fromBody =
    typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>).retry_after : undefined;
  const seconds = typeof fromBody === 'number' ? fromBody : Number(headers.get('retry-after') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export interface RetryPolicy {
  /** Total tries, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Upper bound of any wait, a server's retry-after included. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Runs `task`, retrying retryable failures with exponential backoff (or the server's retry-after). */
export async function withRetry<T>(task: () => Promise<T>, policy: RetryPolicy, onRetry?: (error: unknown, waitMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      const asked = error instanceof ZaloApiError ? error.retryAfterMs : null;
      const waitMs = Math.min(policy.maxDelayMs, asked ?? backoff);
      onRetry?.(error, waitMs);
      await sleep(waitMs);
    }
  }
}

/** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
