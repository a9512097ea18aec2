/**
 * The Zalo bot: an update in, the shared conversation core, plain-text replies out. Zalo has no
 * buttons, so the sources stay in the reply text and "more results" becomes a typed hint.
 * Updates arrive by webhook (webhook.ts calls handleUpdate) or by long polling (startPolling);
 * getUpdates does not work while a webhook is set, so call deleteWebhook() before polling.
 */
import { parseIntent, type Conversation, type Reply } from '../conversation.ts';
import { accessGate, compose, dropRedelivered, inChatOrder, silentLogger, type BotLogger, type Middleware } from '../gate.ts';
import { splitMessage } from '../split.ts';
import { createZaloClient, DEFAULT_RETRY, sleep, withRetry, type RetryPolicy, type ZaloMessage, type ZaloUpdate, type ZaloUpdateHandler } from './client.ts';

/** Zalo's limit on one text message. */
export const ZALO_MESSAGE_LIMIT = 2000;

export const NON_TEXT_HINT = 'Hiện tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi, ví dụ: Quy định 50 ban hành ngày nào?';
export const MORE_HINT = 'Gõ /timkiem <câu hỏi> để xem thêm kết quả.';
export const NOT_ALLOWED_TEXT = 'Xin lỗi, bot này chỉ phục vụ những cuộc trò chuyện đã được cho phép.';
export const RATE_LIMITED_TEXT = 'Bạn gửi hơi nhiều tin nhắn. Vui lòng đợi một lát rồi hỏi tiếp.';
export const APOLOGY_TEXT = 'Xin lỗi, đã có lỗi khi xử lý câu hỏi của bạn. Vui lòng thử lại sau.';

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


/** A reply as Zalo plain text: the sources are already in it; "more" becomes a hint line. */
export function formatZaloReply(reply: Reply): string[] {
  const text = reply.more ? `${reply.text}\n\n${MORE_HINT}` : reply.text;
  return splitMessage(text, ZALO_MESSAGE_LIMIT);
}

/** One update with a message, as the gates and the answer see it. */
interface MessageUpdate {
  readonly update: ZaloUpdate;
  readonly message: ZaloMessage;
}

export function createZaloBot(deps: ZaloBotDeps): ZaloBot {
  const log = deps.logger ?? silentLogger;
  const client = createZaloClient({ token: deps.token, apiRoot: deps.apiRoot, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const retry = deps.retry ?? DEFAULT_RETRY;
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

  async function answer(message: ZaloMessage, text: string): Promise<readonly string[]> {
    const chatId = message.chat.id;
    const typing = () =>
      client.sendChatAction(chatId, 'typing').catch((error: unknown) => log.debug?.({ chatId, err: errorText(error) }, 'zalo typing failed'));
    void typing();
    const timer = setInterval(() => void typing(), TYPING_REFRESH_MS);
    try {
      return formatZaloReply(await deps.conversation.reply(parseIntent(text), `zalo:${chatId}`));
    } catch (error) {
      log.error({ chatId, err: errorText(error) }, 'zalo reply failed');
      return [APOLOGY_TEXT];
    } finally {
      clearInterval(timer);
    }
  }

  /** Replies leave in the order their messages arrived; each may be computed in parallel with the others. */
  const order = inChatOrder<MessageUpdate>((ctx) => ctx.message.chat.id);
  /** Sends `parts` once every earlier update of the chat has sent its own. */
  const say = async (ctx: MessageUpdate, parts: Promise<readonly string[]> | readonly string[]): Promise<void> => {
    const ready = order.turnOf(ctx)?.ready;
    const computed = await parts;
    await ready;
    await sendParts(ctx.message.chat.id, computed);
  };

  const fromAnotherBot: Middleware<MessageUpdate> = async (ctx, next) => {
    if (!ctx.message.from?.is_bot) await next();
  };
  const run = compose<MessageUpdate>(
    fromAnotherBot,
    dropRedelivered({
      keyOf: (ctx) => `${ctx.message.chat.id}:${ctx.message.message_id}`,
      capacity: SEEN_CAPACITY,
      onRepeat: (ctx) => log.debug?.({ chatId: ctx.message.chat.id, messageId: ctx.message.message_id }, 'zalo repeated delivery ignored'),
    }),
    order.middleware,
    accessGate({
      allowedChatIds: deps.allowedChatIds,
      rateLimit: deps.rateLimit,
      chatOf: (ctx) => ctx.message.chat.id,
      userOf: (ctx) => ctx.message.from?.id ?? ctx.message.chat.id,
      onRefused: async (ctx, first) => {
        log.info({ chatId: ctx.message.chat.id }, 'zalo chat not allowed');
        if (first) await say(ctx, [NOT_ALLOWED_TEXT]);
      },
      onLimited: async (ctx, first) => {
        if (first) await say(ctx, [RATE_LIMITED_TEXT]);
      },
    }),
    async (ctx) => {
      const { update, message } = ctx;
      if (update.event_name !== 'message.text.received' || message.text === undefined) return say(ctx, [NON_TEXT_HINT]);
      // In a group the bot may be addressed as "@name câu hỏi": the mention is not part of the question.
      const text = message.chat.chat_type === 'GROUP' ? message.text.replace(/^@\S+\s+/, '') : message.text;
      await say(ctx, answer(message, text));
    },
  );

  function handleUpdate(update: ZaloUpdate): Promise<void> {
    let done: Promise<void>;
    try {
      const { message } = update;
      done = message ? run({ update, message }) : Promise.resolve();
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
