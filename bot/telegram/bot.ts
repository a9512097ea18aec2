/**
 * The Telegram bot (grammY): a message in (text, a caption, an edit), the shared conversation
 * core, HTML replies out with "Nguồn" (sources), "Thêm kết quả" (more results) and 👍/👎 buttons.
 * Documents from admin chats go to the library; voice gets a hint; inline mode gives reference
 * cards. What buttons, redeliveries and rate limits need is kept in the state store, so a restart
 * keeps them. Updates arrive by webhook (webhook.ts) or long polling (startTelegram).
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, Composer, HttpError, type BotError, type Context, type Transformer } from 'grammy';
import type { Message } from 'grammy/types';
import { Conversation, parseIntent, type Reply } from '../conversation.ts';
import { accessGate, dropRedelivered, inChatOrder, silentLogger, storedKeys, type BotLogger, type Middleware } from '../gate.ts';
import type { Library } from '../library.ts';
import type { Metrics } from '../metrics.ts';
import { memoryStore, type StateStore } from '../state/store.ts';
import type { ReferenceCard } from '../../retrieval/lookup.ts';
import { addDocument, DOCUMENT_REFUSAL_TEXT, inlineResults, splitJoiner } from './extras.ts';
import { keyboardFor, replyMessages, replyStore } from './replies.ts';

export const REFUSAL_TEXT = 'Bot này chỉ phục vụ các nhóm/người dùng được phép.';
export const RATE_LIMITED_TEXT = 'Bạn hỏi nhanh quá, vui lòng thử lại sau ít phút.';
export const EXPIRED_TEXT = 'Kết quả đã hết hạn, vui lòng hỏi lại.';
export const ERROR_TEXT = 'Xin lỗi, đã có lỗi khi xử lý câu hỏi.';
export const VOICE_HINT = 'Tôi chưa nghe được tin nhắn thoại; hãy gõ câu hỏi bằng chữ, ví dụ: Quy định 50 ban hành ngày nào?';
export const NON_TEXT_HINT = 'Tôi chỉ đọc được chữ: hãy gõ câu hỏi, hoặc gửi ảnh kèm câu hỏi trong phần chú thích.';
export const THANKS_TEXT = 'Cảm ơn bạn đã góp ý!';
export { DOCUMENT_REFUSAL_TEXT } from './extras.ts';

/** The menu Telegram shows for "/"; set by startTelegram. */
export const TELEGRAM_COMMANDS: ReadonlyArray<{ command: string; description: string }> = [
  { command: 'vanban', description: 'Thông tin một văn bản theo số hiệu' },
  { command: 'kiemtra', description: 'Kiểm tra một nhận định' },
  { command: 'timkiem', description: 'Các đoạn liên quan nhất' },
  { command: 'help', description: 'Hướng dẫn sử dụng' },
];

/** The updates the bot handles (setWebhook / getUpdates allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;

export interface TelegramBotDeps {
  readonly conversation: Pick<Conversation, 'reply' | 'more'>;
  readonly token: string;
  /** Bot API root, e.g. https://api.telegram.org (no trailing slash needed). */
  readonly apiRoot: string;
  /** Empty: everyone may use the bot. */
  readonly allowedChatIds: readonly string[];
  /** Per user. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
  readonly logger?: BotLogger;
  /** How many replies keep their buttons working (default 2000). */
  readonly replyCacheSize?: number;
  /** Where redeliveries, buttons, rate windows and feedback are kept (default: this process). */
  readonly state?: StateStore;
  /** Chats whose documents are added to the library (needs `library`). */
  readonly adminChatIds?: readonly string[];
  readonly library?: Library;
  /** Reference cards for inline mode; without it inline queries get no results. */
  readonly lookup?: (text: string) => readonly ReferenceCard[];
  readonly metrics?: Metrics;
  /** How long a near-limit message waits for the rest of a split paste (default 1500 ms). */
  readonly joinWindowMs?: number;
}

/**
 * auto-retry (with rethrowHttpErrors) gives up on the first network error, and without it retries
 * those forever. This retries a dropped or refused connection a few times, quickly, then gives up.
 * A request lost after Telegram acted on it may so be sent twice: rarer than a lost reply.
 */
function retryNetworkErrors(attempts: number, firstDelayMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= attempts || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** attempt));
      }
    }
  };
}

/** Telegram redelivers an update it thinks was not received: enough ids to cover its retries. */
const SEEN_UPDATES = 5000;
/** Telegram shows "typing…" for about 5 s; refresh it while a slow answer is computed. */
const TYPING_REFRESH_MS = 4500;
const COMMAND = /^\/[A-Za-z_]+(?:@(\w+))?(?:\s|$)/;

/** The text or caption of a message, with the chat and reply it came with. */
type Readable = Pick<Message, 'chat' | 'reply_to_message'>;

/**
 * The text the bot should read from a message (its text or a media caption), or null when the
 * message is not for it. In private chats every message is; in groups only commands (not those
 * addressed to another bot), messages that mention the bot (the mention is removed) and replies to
 * the bot's own messages.
 */
export function addressedText(message: Readable & { readonly text: string }, me: { readonly id: number; readonly username: string }): string | null {
  const text = message.text;
  const command = COMMAND.exec(text);
  if (command) {
    const target = command[1];
    return target === undefined || target.toLowerCase() === me.username.toLowerCase() ? text : null;
  }
  if (message.chat.type === 'private') return text;
  // Usernames are [A-Za-z0-9_], so the lookahead stops "@vankien_bot" matching "@vankien_bot2".
  const mention = new RegExp(`@${me.username}(?![A-Za-z0-9_])`, 'gi');
  if (mention.test(text)) return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
  if (message.reply_to_message?.from?.id === me.id) return text;
  return null;
}

export function createTelegramBot(deps: TelegramBotDeps): Bot {
  const logger = deps.logger ?? silentLogger;
  const state = deps.state ?? memoryStore();
  const admins = new Set(deps.adminChatIds ?? []);
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot.replace(/\/+$/, '') } });
  // 429s and 500s by auto-retry, network failures by retryNetworkErrors (installed first, so it is
  // the inner one): both bounded, so a Telegram outage cannot pile up hanging handlers.
  bot.api.config.use(retryNetworkErrors(3, 250));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5, rethrowHttpErrors: true }));
  const replies = replyStore(state, deps.replyCacheSize ?? 2000);
  const joiner = splitJoiner(deps.joinWindowMs ?? 1500);
  const answered = new WeakSet<object>();
  /** Each chat's line of updates: replies go out in the order the updates came. */
  const order = inChatOrder<Context>((ctx) => (ctx.chatId === undefined ? null : String(ctx.chatId)));

  /** ctx.reply, once every earlier update of the chat has sent its replies. */
  const say = async (ctx: Context, text: string, other?: Parameters<Context['reply']>[1]): Promise<Message.TextMessage> => {
    await order.turnOf(ctx)?.ready;
    return ctx.reply(text, other);
  };

  /** Every callback query gets exactly one answer, whatever happens after. */
  const answerOnce = async (ctx: Context, text?: string): Promise<void> => {
    if (!ctx.callbackQuery || answered.has(ctx.update)) return;
    answered.add(ctx.update);
    await ctx.answerCallbackQuery(text === undefined ? undefined : { text });
  };

  const withTyping = async <T>(ctx: Context, work: () => Promise<T>): Promise<T> => {
    const typing = (): Promise<void> =>
      ctx.replyWithChatAction('typing').then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, 'telegram: typing indicator failed'),
      );
    await typing();
    const timer = setInterval(() => void typing(), TYPING_REFRESH_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };

  /** Sends a reply as HTML messages (buttons under the last one); the ids of the messages sent. */
  const sendReply = async (ctx: Context, reply: Reply, options: { boldFirstLine: boolean; replyTo?: number }): Promise<number[]> => {
    const keyboard = keyboardFor(replies, reply, `telegram:${ctx.chatId}`);
    const ids: number[] = [];
    for (const part of replyMessages(reply, keyboard, options)) ids.push((await say(ctx, part.html, part.other)).message_id);
    return ids;
  };

  /** An edited question: the bot's earlier messages are edited to the new reply (more sent, extra deleted). */
  const editReply = async (ctx: Context, chatId: number, previous: readonly number[], reply: Reply): Promise<number[]> => {
    const parts = replyMessages(reply, keyboardFor(replies, reply, `telegram:${chatId}`), { boldFirstLine: true });
    const ids: number[] = [];
    await order.turnOf(ctx)?.ready;
    for (const [i, part] of parts.entries()) {
      const id = previous[i];
      if (id === undefined) {
        ids.push((await ctx.api.sendMessage(chatId, part.html, part.other)).message_id);
        continue;
      }
      try {
        await ctx.api.editMessageText(chatId, id, part.html, part.other);
      } catch (error) {
        // The same text as before is "message is not modified": nothing to change.
        if (!String(error).includes('message is not modified')) throw error;
      }
      ids.push(id);
    }
    for (const id of previous.slice(parts.length)) await ctx.api.deleteMessage(chatId, id).catch(() => undefined);
    return ids;
  };

  const onError = async (error: BotError<Context>): Promise<void> => {
    const ctx = error.ctx;
    logger.error({ err: error.error, updateId: ctx.update.update_id, chatId: ctx.chatId }, 'telegram: handler failed');
    try {
      await answerOnce(ctx);
      if (ctx.chatId !== undefined) await say(ctx, ERROR_TEXT);
    } catch (apology: unknown) {
      logger.error({ err: apology, updateId: ctx.update.update_id }, 'telegram: could not send the apology');
    }
  };

  // One gate for messages, buttons and inline queries: a button press counts against the same
  // rate. A button press always gets its answer (Telegram shows a spinner until then); a message
  // is refused once.
  const gate = accessGate<Context>({
    allowedChatIds: deps.allowedChatIds,
    rateLimit: deps.rateLimit,
    chatOf: (ctx) => String(ctx.chatId ?? ctx.from?.id),
    userOf: (ctx) => String(ctx.from?.id ?? ctx.chatId),
    onRefused: async (ctx, first) => {
      logger.info({ chatId: ctx.chatId }, 'telegram: chat not allowed');
      if (ctx.callbackQuery) await answerOnce(ctx, REFUSAL_TEXT);
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 60, is_personal: true });
      else if (first) await say(ctx, REFUSAL_TEXT);
    },
    onLimited: async (ctx, first) => {
      if (ctx.callbackQuery) await answerOnce(ctx, RATE_LIMITED_TEXT);
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
      else if (first) await say(ctx, RATE_LIMITED_TEXT);
    },
    store: { state, name: 'telegram' },
  });

  /** The question of a message addressed to the bot (see addressedText); other messages stop here. */
  const questions = new WeakMap<Context, string>();
  const addressed: Middleware<Context> = async (ctx, next) => {
    const message = ctx.message ?? ctx.editedMessage;
    const raw = message?.text ?? message?.caption;
    const text = message === undefined || raw === undefined ? null : addressedText({ ...message, text: raw }, ctx.me);
    if (text === null) return;
    questions.set(ctx, text);
    await next();
  };

  /** A paste split by the client arrives as several messages: answered once, as one question. */
  const joined: Middleware<Context> = async (ctx, next) => {
    const message = ctx.message;
    const text = questions.get(ctx);
    if (message === undefined || text === undefined) return next();
    const whole = await joiner.take(`${message.chat.id}:${message.from?.id ?? ''}`, message.message_id, text);
    if (whole === null) return;
    questions.set(ctx, whole);
    await next();
  };

  const answerMessage = async (ctx: Context & { chat: NonNullable<Context['chat']> }, message: Message): Promise<void> => {
    const intent = parseIntent(questions.get(ctx) ?? '');
    const started = performance.now();
    const reply = await withTyping(ctx, () => deps.conversation.reply(intent, `telegram:${ctx.chat.id}`));
    const seconds = (performance.now() - started) / 1000;
    if (reply.answered) deps.metrics?.observeAnswer('telegram', reply.answered.found, seconds);
    const inGroup = ctx.chat.type !== 'private';
    const sent = await sendReply(ctx, reply, { boldFirstLine: true, ...(inGroup ? { replyTo: message.message_id } : {}) });
    replies.remember(ctx.chat.id, message.message_id, sent);
    logger.info({ chatId: ctx.chat.id, intent: intent.kind, ms: Math.round(seconds * 1000) }, 'telegram: replied');
  };

  const chat = new Composer<Context>();

  // Documents before captions: an admin's document is a library addition, whatever its caption.
  chat.on('message:document', gate, async (ctx, next) => {
    const isAdmin = admins.has(String(ctx.chat.id)) && deps.library !== undefined;
    if (!isAdmin) {
      if (ctx.message.caption === undefined) {
        if (ctx.chat.type === 'private') await say(ctx, DOCUMENT_REFUSAL_TEXT);
        return;
      }
      return next();
    }
    const library = deps.library;
    if (library === undefined) return;
    logger.info({ chatId: ctx.chat.id, file: ctx.message.document.file_name }, 'telegram: document from an admin, adding it to the library');
    const report = await withTyping(ctx, () => addDocument(ctx, { apiRoot: deps.apiRoot, token: deps.token, library }));
    await say(ctx, report);
  });

  chat.on(['message:text', 'message:caption'], addressed, joined, gate, (ctx) => answerMessage(ctx, ctx.message));

  chat.on('edited_message:text', addressed, gate, async (ctx) => {
    const message = ctx.editedMessage;
    const previous = replies.sent(ctx.chat.id, message.message_id);
    const intent = parseIntent(questions.get(ctx) ?? '');
    const reply = await withTyping(ctx, () => deps.conversation.reply(intent, `telegram:${ctx.chat.id}`));
    // An edit of a message the bot never answered (or has forgotten) is answered as new.
    const sent = previous ? await editReply(ctx, ctx.chat.id, previous, reply) : await sendReply(ctx, reply, { boldFirstLine: true });
    replies.remember(ctx.chat.id, message.message_id, sent);
    logger.info({ chatId: ctx.chat.id, intent: intent.kind, edited: previous !== undefined }, 'telegram: answered an edited question');
  });

  chat.on(['message:voice', 'message:audio', 'message:video_note'], gate, async (ctx) => {
    if (ctx.chat.type === 'private' || ctx.message.reply_to_message?.from?.id === ctx.me.id) await say(ctx, VOICE_HINT);
  });
  chat.on(['message:photo', 'message:sticker', 'message:video', 'message:animation'], gate, async (ctx) => {
    if (ctx.chat.type === 'private') await say(ctx, NON_TEXT_HINT);
  });

  chat.on('inline_query', gate, async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const cards = query === '' || deps.lookup === undefined ? [] : deps.lookup(query.slice(0, 200));
    await ctx.answerInlineQuery(inlineResults(cards), { cache_time: 60, is_personal: false });
  });

  chat.callbackQuery(/^(src|more|up|dn):([A-Za-z0-9_-]+)$/, gate, async (ctx) => {
    const action = ctx.match[1];
    const saved = replies.get(ctx.match[2] ?? '');
    const more = saved?.more;
    if (!saved || (action === 'more' && !more) || ((action === 'up' || action === 'dn') && !saved.answered)) return answerOnce(ctx, EXPIRED_TEXT);
    if ((action === 'up' || action === 'dn') && saved.answered) {
      const rating = action === 'up' ? 'up' : 'down';
      state.feedback.add({
        at: Date.now(),
        surface: 'telegram',
        chatKey: saved.chatKey,
        rating,
        question: saved.answered.question,
        answer: saved.answered.answer,
        found: saved.answered.found,
        type: saved.answered.type,
        citations: saved.sources.map((c) => ({ docId: c.docId, start: c.start, end: c.end, quote: c.quote })),
      });
      deps.metrics?.observeFeedback('telegram', rating);
      return answerOnce(ctx, THANKS_TEXT);
    }
    await answerOnce(ctx);
    if (more && action === 'more') {
      const reply = await withTyping(ctx, () => deps.conversation.more(more.query, more.offset));
      await sendReply(ctx, reply, { boldFirstLine: true });
    } else {
      const sources: Reply = { text: Conversation.sourcesText(saved.sources), sources: [], more: null };
      await sendReply(ctx, sources, { boldFirstLine: false });
    }
  });

  // Any other button press (old bot versions, forged data) still gets its answer.
  chat.on('callback_query', (ctx) => answerOnce(ctx, EXPIRED_TEXT));

  // Before anything else, in arrival order: drop redeliveries (also after a restart), take the
  // chat's place in line.
  bot.use(
    dropRedelivered<Context>({
      keyOf: (ctx) => String(ctx.update.update_id),
      capacity: SEEN_UPDATES,
      seen: storedKeys(state, 'telegram:updates', SEEN_UPDATES),
      onRepeat: (ctx) => logger.info({ updateId: ctx.update.update_id }, 'telegram: repeated delivery ignored'),
    }),
  );
  bot.use(order.middleware);
  bot.errorBoundary(onError).use(chat);
  // Last resort for polling; the boundary above normally catches everything first.
  bot.catch((error) => logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'telegram: unhandled error'));
  return bot;
}

export type TelegramMode =
  | { readonly kind: 'polling' }
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string };

/**
 * Connects a bot created by createTelegramBot: getMe (a wrong token fails here), the command menu,
 * then either the webhook (mount telegramWebhookPlugin on the server first) or long polling.
 * Polling hands each update to the bot without waiting for the previous one's reply (grammY's
 * loop would wait), so a slow answer holds up no other chat and a split paste can be joined; the
 * chat line still sends each chat's replies in order. `stop` ends polling and waits for replies.
 */
export async function startTelegram(bot: Bot, mode: TelegramMode, logger: BotLogger = silentLogger): Promise<{ stop(): Promise<void> }> {
  await bot.init();
  // The menu is a convenience: failing to set it must not keep the bot from answering.
  await bot.api.setMyCommands([...TELEGRAM_COMMANDS]).catch((error: unknown) => logger.warn({ err: error }, 'telegram: setMyCommands failed'));
  if (mode.kind === 'webhook') {
    await bot.api.setWebhook(mode.url, { secret_token: mode.secret, allowed_updates: [...ALLOWED_UPDATES] });
    return { stop: async () => undefined };
  }
  await bot.api.deleteWebhook();
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    let offset = 0;
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const updates = await bot.api.getUpdates({ offset, timeout: 30, allowed_updates: [...ALLOWED_UPDATES] }, controller.signal as Parameters<typeof bot.api.getUpdates>[1]);
        failures = 0;
        for (const update of updates) {
          offset = update.update_id + 1;
          const handled = bot.handleUpdate(update).catch((error: unknown) => logger.error({ err: error }, 'telegram: update failed'));
          inFlight.add(handled);
          void handled.finally(() => inFlight.delete(handled));
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        failures++;
        logger.error({ err: error }, 'telegram: getUpdates failed');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))));
      }
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
      await Promise.all([...inFlight]);
    },
  };
}
