/**
 * The Zalo bot: an update in, the shared conversation core, plain-text replies out. Zalo has no
 * buttons, so the sources stay in the reply text, "more results" becomes a typed hint and a
 * rating is a message of 👍 or 👎. In groups it answers only when addressed: "@<its display name>
 * …" or a reply to one of its messages. Updates arrive by webhook (webhook.ts calls handleUpdate)
 * or by long polling (startPolling); getUpdates does not work while a webhook is set, so call
 * deleteWebhook() before polling. `start()` checks the token (getMe) before anything else.
 */
import { parseIntent, type Conversation, type Reply } from '../conversation.ts';
import { accessGate, compose, dropRedelivered, inChatOrder, silentLogger, storedKeys, type BotLogger, type Middleware } from '../gate.ts';
import type { Metrics } from '../metrics.ts';
import { splitMessage } from '../split.ts';
import { memoryStore, type FeedbackRecord, type StateStore } from '../state/store.ts';
import {
  createZaloClient,
  DEFAULT_RETRY,
  sleep,
  withRetry,
  ZaloApiError,
  type RetryPolicy,
  type ZaloBotInfo,
  type ZaloMessage,
  type ZaloUpdate,
  type ZaloUpdateHandler,
} from './client.ts';

/** Zalo's limit on one text message. */
export const ZALO_MESSAGE_LIMIT = 2000;

export const NON_TEXT_HINT = 'Hiện tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi, ví dụ: Quy định 50 ban hành ngày nào?';
export const VOICE_HINT = 'Tôi chưa nghe được tin nhắn thoại; hãy gõ câu hỏi bằng chữ, ví dụ: Quy định 50 ban hành ngày nào?';
export const MORE_HINT = 'Gõ /timkiem <câu hỏi> để xem thêm kết quả.';
export const RATE_HINT = 'Câu trả lời có đúng ý bạn không? Gửi 👍 hoặc 👎.';
export const THANKS_TEXT = 'Cảm ơn bạn đã góp ý!';
export const NOTHING_TO_RATE_TEXT = 'Chưa có câu trả lời nào để đánh giá; hãy đặt câu hỏi trước.';
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
  /** Where redeliveries, rate windows, each chat's last answer and feedback are kept (default: this process). */
  readonly state?: StateStore;
  /** The display name group members see ("Bot Văn Kiện"); default: the name getMe reports at start(). */
  readonly botName?: string;
  readonly metrics?: Metrics;
}

/** The token or the API is wrong: the bot cannot run. */
export class ZaloStartError extends Error {}

export interface ZaloBot extends ZaloUpdateHandler {
  /** getMe: who the bot is. A refused token (401) is a ZaloStartError naming ZALO_BOT_TOKEN. */
  start(): Promise<ZaloBotInfo>;
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


/** A reply as Zalo plain text: the sources are already in it; "more" and the rating become hint lines. */
export function formatZaloReply(reply: Reply): string[] {
  const hints = [reply.more ? MORE_HINT : null, reply.answered ? RATE_HINT : null].filter((h): h is string => h !== null);
  const text = hints.length > 0 ? `${reply.text}\n\n${hints.join('\n')}` : reply.text;
  return splitMessage(text, ZALO_MESSAGE_LIMIT);
}

const fold = (text: string): string => text.normalize('NFC').toLocaleLowerCase('vi');
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The question of a group message addressed to the bot by its full display name ("@Bot Văn Kiện
 * Quy định 50 …" → "Quy định 50 …"), or of a reply to the bot's own message; null otherwise.
 * In a private chat every message is for the bot.
 */
export function addressedZaloText(message: ZaloMessage, text: string, me: { readonly id: string | null; readonly name: string | null }): string | null {
  if (message.chat.chat_type !== 'GROUP') return text;
  if (me.name) {
    const mention = new RegExp(`@${escapeRegExp(fold(me.name))}(?![\\p{L}\\p{N}])`, 'gu');
    const folded = fold(text);
    if (folded.search(mention) !== -1) {
      // Case folding keeps the length of Vietnamese text, so the spans carry over to the original.
      let out = '';
      let last = 0;
      for (const match of folded.matchAll(mention)) {
        out += `${text.slice(last, match.index)} `;
        last = (match.index ?? 0) + match[0].length;
      }
      return `${out}${text.slice(last)}`.replace(/\s+/g, ' ').trim();
    }
  }
  const repliedTo = message.reply_to_message?.from;
  if (repliedTo && ((me.id !== null && repliedTo.id === me.id) || repliedTo.is_bot === true)) return text;
  return null;
}

/** 👍 / 👎 alone (skin tones and variation selectors allowed): a rating of the chat's last answer. */
export function ratingOf(text: string): 'up' | 'down' | null {
  const bare = text.replace(/[\u{1F3FB}-\u{1F3FF}\u{FE0F}\s]/gu, '');
  if (/^👍+$/u.test(bare)) return 'up';
  if (/^👎+$/u.test(bare)) return 'down';
  return null;
}

/** What a rating of a chat's last answer needs. */
type LastAnswer = Omit<FeedbackRecord, 'at' | 'surface' | 'rating'>;

/** One update with a message, as the gates and the answer see it. */
interface MessageUpdate {
  readonly update: ZaloUpdate;
  readonly message: ZaloMessage;
}

export function createZaloBot(deps: ZaloBotDeps): ZaloBot {
  const log = deps.logger ?? silentLogger;
  const state = deps.state ?? memoryStore();
  const lastAnswers = state.namespace<LastAnswer>('zalo:last-answer', 5000);
  const me: { id: string | null; name: string | null } = { id: null, name: deps.botName?.trim() || null };
  const client = createZaloClient({
    token: deps.token,
    apiRoot: deps.apiRoot,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    onDrop: (why) => log.warn({ why }, 'zalo: update dropped'),
  });
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
    const chatKey = `zalo:${chatId}`;
    const typing = () =>
      client.sendChatAction(chatId, 'typing').catch((error: unknown) => log.debug?.({ chatId, err: errorText(error) }, 'zalo typing failed'));
    void typing();
    const timer = setInterval(() => void typing(), TYPING_REFRESH_MS);
    try {
      const started = performance.now();
      const reply = await deps.conversation.reply(parseIntent(text), chatKey);
      if (reply.answered) {
        deps.metrics?.observeAnswer('zalo', reply.answered.found, (performance.now() - started) / 1000);
        lastAnswers.set(chatId, {
          chatKey,
          question: reply.answered.question,
          answer: reply.answered.answer,
          found: reply.answered.found,
          type: reply.answered.type,
          citations: reply.sources.map((c) => ({ docId: c.docId, start: c.start, end: c.end, quote: c.quote })),
        });
      }
      return formatZaloReply(reply);
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
  /** The question of a message for the bot; other group chatter stops here, without a word. */
  const questions = new WeakMap<MessageUpdate, string>();
  const addressed: Middleware<MessageUpdate> = async (ctx, next) => {
    const { message } = ctx;
    const raw = message.text ?? message.caption ?? '';
    const text = addressedZaloText(message, raw, me);
    if (text === null) return;
    questions.set(ctx, text);
    await next();
  };

  const rate = async (ctx: MessageUpdate, rating: 'up' | 'down'): Promise<void> => {
    const chatId = ctx.message.chat.id;
    const last = lastAnswers.get(chatId);
    if (last === undefined) return say(ctx, [NOTHING_TO_RATE_TEXT]);
    state.feedback.add({ ...last, at: Date.now(), surface: 'zalo', rating });
    deps.metrics?.observeFeedback('zalo', rating);
    await say(ctx, [THANKS_TEXT]);
  };

  const run = compose<MessageUpdate>(
    fromAnotherBot,
    dropRedelivered({
      keyOf: (ctx) => `${ctx.message.chat.id}:${ctx.message.message_id}`,
      capacity: SEEN_CAPACITY,
      seen: storedKeys(state, 'zalo:messages', SEEN_CAPACITY),
      onRepeat: (ctx) => log.debug?.({ chatId: ctx.message.chat.id, messageId: ctx.message.message_id }, 'zalo repeated delivery ignored'),
    }),
    addressed,
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
      store: { state, name: 'zalo' },
    }),
    async (ctx) => {
      const { update, message } = ctx;
      const text = questions.get(ctx) ?? '';
      const event = update.event_name;
      if (event === 'message.voice.received') return say(ctx, [VOICE_HINT]);
      const readable = (event === 'message.text.received' || event === 'message.image.received') && text.trim() !== '';
      if (!readable) return say(ctx, [NON_TEXT_HINT]);
      const rating = ratingOf(text);
      if (rating !== null) return rate(ctx, rating);
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
    async start() {
      let info: ZaloBotInfo;
      try {
        info = await withRetry(() => client.getMe(), retry);
      } catch (error) {
        if (error instanceof ZaloApiError && (error.errorCode === 401 || error.errorCode === 403 || error.errorCode === 404)) {
          throw new ZaloStartError(`ZALO_BOT_TOKEN was refused by the Zalo Bot API (getMe: ${error.errorCode} ${error.description}); copy the token again from Zalo Bot Manager.`);
        }
        throw new ZaloStartError(`The Zalo Bot API did not answer getMe (${errorText(error)}); check ZALO_API_ROOT and the network.`);
      }
      me.id = info.id || null;
      me.name ??= info.displayName;
      if (me.name === null) log.warn({}, 'zalo: no display name (set ZALO_BOT_NAME): in groups only replies to the bot are answered');
      return info;
    },
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
