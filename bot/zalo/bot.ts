/**
 * The Zalo bot: an update in, the shared conversation core, plain-text replies out. Zalo has no
 * buttons, so the sources stay in the reply text and "more results" becomes a typed hint.
 * Updates arrive by webhook (webhook.ts calls handleUpdate) or by long polling (startPolling);
 * getUpdates does not work while a webhook is set, so call deleteWebhook() before polling.
 */
import { createRateLimiter, isChatAllowed } from '../access.ts';
import { parseIntent, type Conversation, type Reply } from '../conversation.ts';
import { splitMessage } from '../split.ts';
import { createZaloClient, DEFAULT_RETRY, sleep, withRetry, type RetryPolicy, type ZaloMessage, type ZaloUpdate, type ZaloUpdateHandler } from './client.ts';

/** Zalo's limit on one text message. */
export const ZALO_MESSAGE_LIMIT = 2000;

export const NON_TEXT_HINT = 'Hiện tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi, ví dụ: Quy định 50 ban hành ngày nào?';
export const MORE_HINT = 'Gõ /timkiem <câu hỏi> để xem thêm kết quả.';
export const NOT_ALLOWED_TEXT = 'Xin lỗi, bot này chỉ phục vụ những cuộc trò chuyện đã được cho phép.';
export const RATE_LIMITED_TEXT = 'Bạn gửi hơi nhiều tin nhắn. Vui lòng đợi một lát rồi hỏi tiếp.';
export const APOLOGY_TEXT = 'Xin lỗi, đã có lỗi khi xử lý câu hỏi của bạn. Vui lòng thử lại sau.';

/** The part of a pino logger the bot uses. */
export interface BotLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloBotDeps {
  readonly conversation: Pick<Conversation, 'reply'>;
  readonly token: string;
  readonly apiRoot: string;
  /** Empty: everyone may use the bot. */
  readonly allowedChatIds: readonly string[];
  /** Per user. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
  readonly logger?: BotLogger;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  /** Long-poll wait per getUpdates call (default 30 s). */
  readonly pollTimeoutSec?: number;
}

export interface ZaloBot extends ZaloUpdateHandler {
  /** Resolves when the update's replies are sent (or given up). */
  handleUpdate(update: ZaloUpdate): Promise<void>;
  startPolling(): void;
  /** Ends polling (aborting the in-flight getUpdates) and waits for replies under way. */
  stop(): Promise<void>;
  setWebhook(url: string, secret: string): Promise<void>;
  deleteWebhook(): Promise<void>;
}

const SEEN_CAPACITY = 2000;
const TYPING_REFRESH_MS = 4000;

const silent: BotLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A reply as Zalo plain text: the sources are already in it; "more" becomes a hint line. */
export function formatZaloReply(reply: Reply): string[] {
  const text = reply.more ? `${reply.text}\n\n${MORE_HINT}` : reply.text;
  return splitMessage(text, ZALO_MESSAGE_LIMIT);
}

/** Remembers the last `capacity` keys; `add` is false for a key already seen. */
function seenKeys(capacity: number): { add(key: string): boolean } {
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

export function createZaloBot(deps: ZaloBotDeps): ZaloBot {
  const log = deps.logger ?? silent;
  const client = createZaloClient({ token: deps.token, apiRoot: deps.apiRoot, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const retry = deps.retry ?? DEFAULT_RETRY;
  const limiter = createRateLimiter(deps.rateLimit);
  const seen = seenKeys(SEEN_CAPACITY);
  const refusedChats = seenKeys(SEEN_CAPACITY);
  /** Users told they are rate limited; cleared once they get through again, so one notice per burst. */
  const throttledUsers = new Set<string>();
  /** The tail of each chat's send queue: replies leave in the order their messages arrived. */
  const chatTails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let polling: { controller: AbortController; loop: Promise<void> } | null = null;

  async function sendParts(chatId: string, parts: readonly string[]): Promise<void> {
    for (const [i, part] of parts.entries()) {
      try {
        await withRetry(() => client.sendMessage(chatId, part), retry, (error, waitMs) =>
          log.warn({ chatId, err: errorText(error), waitMs }, 'zalo sendMessage failed, retrying'),
        );
      } catch (error) {
        // Later parts without this one would read wrong: give up on the rest of this reply.
        log.error({ chatId, err: errorText(error), part: i + 1, of: parts.length }, 'zalo sendMessage gave up');
        return;
      }
    }
  }

  /** Queues `parts` behind the chat's earlier replies; `parts` may still be being computed. */
  function enqueue(chatId: string, parts: Promise<readonly string[]>): Promise<void> {
    const previous = chatTails.get(chatId) ?? Promise.resolve();
    const tail = previous.then(async () => sendParts(chatId, await parts));
    chatTails.set(chatId, tail);
    void tail.finally(() => {
      if (chatTails.get(chatId) === tail) chatTails.delete(chatId);
    });
    return tail;
  }

  async function answer(message: ZaloMessage, text: string): Promise<readonly string[]> {
    const chatId = message.chat.id;
    const typing = () =>
      client.sendChatAction(chatId, 'typing').catch((error: unknown) => log.debug({ chatId, err: errorText(error) }, 'zalo typing failed'));
    void typing();
    const timer = setInterval(() => void typing(), TYPING_REFRESH_MS);
    try {
      return formatZaloReply(await deps.conversation.reply(parseIntent(text)));
    } catch (error) {
      log.error({ chatId, err: errorText(error) }, 'zalo reply failed');
      return [APOLOGY_TEXT];
    } finally {
      clearInterval(timer);
    }
  }

  /** What to send back for `message`, or null for silence. Synchronous checks come first. */
  function respond(update: ZaloUpdate & { message: ZaloMessage }): Promise<readonly string[]> | null {
    const { message } = update;
    const chatId = message.chat.id;
    const userId = message.from?.id ?? chatId;
    if (message.from?.is_bot) return null;
    if (!seen.add(`${chatId}:${message.message_id}`)) {
      log.debug({ chatId, messageId: message.message_id }, 'zalo repeated delivery ignored');
      return null;
    }
    if (!isChatAllowed(chatId, deps.allowedChatIds)) {
      log.info({ chatId }, 'zalo chat not allowed');
      return refusedChats.add(chatId) ? Promise.resolve([NOT_ALLOWED_TEXT]) : null;
    }
    if (!limiter.take(userId)) {
      if (throttledUsers.has(userId)) return null;
      throttledUsers.add(userId);
      return Promise.resolve([RATE_LIMITED_TEXT]);
    }
    throttledUsers.delete(userId);
    if (update.event_name !== 'message.text.received' || message.text === undefined) return Promise.resolve([NON_TEXT_HINT]);
    // In a group the bot may be addressed as "@name câu hỏi": the mention is not part of the question.
    const text = message.chat.chat_type === 'GROUP' ? message.text.replace(/^@\S+\s+/, '') : message.text;
    return answer(message, text);
  }

  function handleUpdate(update: ZaloUpdate): Promise<void> {
    let done: Promise<void>;
    try {
      const { message } = update;
      const parts = message ? respond({ ...update, message }) : null;
      done = message && parts ? enqueue(message.chat.id, parts) : Promise.resolve();
    } catch (error) {
      log.error({ err: errorText(error) }, 'zalo update failed');
      done = Promise.resolve();
    }
    const settled = done.catch((error: unknown) => log.error({ err: errorText(error) }, 'zalo update failed'));
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
    return settled;
  }

  async function pollLoop(signal: AbortSignal): Promise<void> {
    const timeoutSec = deps.pollTimeoutSec ?? 30;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const updates = await client.getUpdates(timeoutSec, signal);
        failures = 0;
        for (const update of updates) void handleUpdate(update);
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const waitMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(failures - 1, 10));
        log.warn({ err: errorText(error), waitMs }, 'zalo getUpdates failed');
        await sleep(waitMs * (0.75 + Math.random() * 0.5), signal);
      }
    }
  }

  return {
    handleUpdate,
    startPolling() {
      if (polling) return;
      const controller = new AbortController();
      polling = { controller, loop: pollLoop(controller.signal) };
      log.info({}, 'zalo polling started');
    },
    async stop() {
      if (polling) {
        polling.controller.abort();
        await polling.loop;
        polling = null;
      }
      await Promise.all([...inFlight]);
    },
    setWebhook: (url, secret) => client.setWebhook(url, secret),
    deleteWebhook: () => client.deleteWebhook(),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
