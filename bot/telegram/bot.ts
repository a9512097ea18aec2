/**
 * The Telegram bot (grammY): a message in, the shared conversation core, HTML replies out, with
 * "Nguồn" (sources) and "Thêm kết quả" (more results) buttons. Updates arrive by webhook
 * (webhook.ts) or long polling (`bot.start()`, see startTelegram).
 */
import { randomBytes } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, Composer, HttpError, InlineKeyboard, type BotError, type Context, type Transformer } from 'grammy';
import type { Message } from 'grammy/types';
import { Conversation, parseIntent, type Reply } from '../conversation.ts';
import { accessGate, dropRedelivered, inChatOrder, silentLogger, type BotLogger, type Middleware } from '../gate.ts';
import type { Citation } from '../../retrieval/types.ts';
import { toTelegramHtml } from './format.ts';

export const REFUSAL_TEXT = 'Bot này chỉ phục vụ các nhóm/người dùng được phép.';
export const RATE_LIMITED_TEXT = 'Bạn hỏi nhanh quá, vui lòng thử lại sau ít phút.';
export const EXPIRED_TEXT = 'Kết quả đã hết hạn, vui lòng hỏi lại.';
export const ERROR_TEXT = 'Xin lỗi, đã có lỗi khi xử lý câu hỏi.';

/** The menu Telegram shows for "/"; set by startTelegram. */
export const TELEGRAM_COMMANDS: ReadonlyArray<{ command: string; description: string }> = [
  { command: 'vanban', description: 'Thông tin một văn bản theo số hiệu' },
  { command: 'kiemtra', description: 'Kiểm tra một nhận định' },
  { command: 'timkiem', description: 'Các đoạn liên quan nhất' },
  { command: 'help', description: 'Hướng dẫn sử dụng' },
];

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
}

/** What a reply's buttons need later; callback data only carries its short id. */
interface ReplyState {
  readonly sources: readonly Citation[];
  readonly more: Reply['more'];
}

/** A bounded least-recently-used map from short random ids to reply state. */
class ReplyStates {
  private readonly entries = new Map<string, ReplyState>();
  constructor(private readonly capacity: number) {}

  put(state: ReplyState): string {
    // 6 random bytes → 8 base64url characters: "more:" + id stays far under 64 bytes.
    const id = randomBytes(6).toString('base64url');
    this.entries.set(id, state);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return id;
  }

  get(id: string): ReplyState | undefined {
    const state = this.entries.get(id);
    if (state) {
      this.entries.delete(id);
      this.entries.set(id, state);
    }
    return state;
  }
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

/**
 * The text the bot should read from a message, or null when the message is not for it. In private
 * chats every message is; in groups only commands (not those addressed to another bot), messages
 * that mention the bot (the mention is removed) and replies to the bot's own messages.
 */
export function addressedText(message: Message.TextMessage, me: { readonly id: number; readonly username: string }): string | null {
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
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot.replace(/\/+$/, '') } });
  // 429s and 500s by auto-retry, network failures by retryNetworkErrors (installed first, so it is
  // the inner one): both bounded, so a Telegram outage cannot pile up hanging handlers.
  bot.api.config.use(retryNetworkErrors(3, 250));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5, rethrowHttpErrors: true }));
  const replies = new ReplyStates(deps.replyCacheSize ?? 2000);
  const answered = new WeakSet<object>();
  /** Each chat's line of updates: replies go out in the order the updates came. */
  const order = inChatOrder<Context>((ctx) => (ctx.chatId === undefined ? null : String(ctx.chatId)));

  /** ctx.reply, once every earlier update of the chat has sent its replies. */
  const say = async (ctx: Context, text: string, other?: Parameters<Context['reply']>[1]): Promise<void> => {
    await order.turnOf(ctx)?.ready;
    await ctx.reply(text, other);
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

  const keyboardFor = (reply: Reply): InlineKeyboard | undefined => {
    if (reply.sources.length === 0 && !reply.more) return undefined;
    const id = replies.put({ sources: reply.sources, more: reply.more });
    const keyboard = new InlineKeyboard();
    if (reply.sources.length > 0) keyboard.text('Nguồn', `src:${id}`);
    if (reply.more) keyboard.text('Thêm kết quả', `more:${id}`);
    return keyboard;
  };

  /** Sends a reply as HTML messages; the buttons go under the last one. */
  const sendReply = async (ctx: Context, reply: Reply, options: { boldFirstLine: boolean; replyTo?: number }): Promise<void> => {
    const parts = toTelegramHtml(reply.text, { boldFirstLine: options.boldFirstLine });
    const keyboard = keyboardFor(reply);
    for (const [i, html] of parts.entries()) {
      await say(ctx, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(i === 0 && options.replyTo !== undefined
          ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
      });
    }
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

  // One gate for messages and buttons: a button press counts against the same rate. A button
  // press always gets its answer (Telegram shows a spinner until then); a message is refused once.
  const gate = accessGate<Context>({
    allowedChatIds: deps.allowedChatIds,
    rateLimit: deps.rateLimit,
    chatOf: (ctx) => String(ctx.chatId ?? ctx.from?.id),
    userOf: (ctx) => String(ctx.from?.id ?? ctx.chatId),
    onRefused: async (ctx, first) => {
      logger.info({ chatId: ctx.chatId }, 'telegram: chat not allowed');
      if (ctx.callbackQuery) await answerOnce(ctx, REFUSAL_TEXT);
      else if (first) await say(ctx, REFUSAL_TEXT);
    },
    onLimited: async (ctx, first) => {
      if (ctx.callbackQuery) await answerOnce(ctx, RATE_LIMITED_TEXT);
      else if (first) await say(ctx, RATE_LIMITED_TEXT);
    },
  });

  /** The question of a message addressed to the bot (see addressedText); other messages stop here. */
  const questions = new WeakMap<Context, string>();
  const addressed: Middleware<Context> = async (ctx, next) => {
    const text = ctx.message?.text === undefined ? null : addressedText(ctx.message as Message.TextMessage, ctx.me);
    if (text === null) return;
    questions.set(ctx, text);
    await next();
  };

  const chat = new Composer<Context>();

  chat.on('message:text', addressed, gate, async (ctx) => {
    const intent = parseIntent(questions.get(ctx) ?? ctx.message.text);
    const started = performance.now();
    const reply = await withTyping(ctx, () => deps.conversation.reply(intent, `telegram:${ctx.chat.id}`));
    const inGroup = ctx.chat.type !== 'private';
    await sendReply(ctx, reply, { boldFirstLine: true, ...(inGroup ? { replyTo: ctx.message.message_id } : {}) });
    logger.info({ chatId: ctx.chat.id, intent: intent.kind, ms: Math.round(performance.now() - started) }, 'telegram: replied');
  });

  chat.callbackQuery(/^(src|more):([A-Za-z0-9_-]+)$/, gate, async (ctx) => {
    const state = replies.get(ctx.match[2] ?? '');
    const more = state?.more;
    if (!state || (ctx.match[1] === 'more' && !more)) return answerOnce(ctx, EXPIRED_TEXT);
    await answerOnce(ctx);
    if (more && ctx.match[1] === 'more') {
      const reply = await withTyping(ctx, () => deps.conversation.more(more.query, more.offset));
      await sendReply(ctx, reply, { boldFirstLine: true });
    } else {
      const sources: Reply = { text: Conversation.sourcesText(state.sources), sources: [], more: null };
      await sendReply(ctx, sources, { boldFirstLine: false });
    }
  });

  // Any other button press (old bot versions, forged data) still gets its answer.
  chat.on('callback_query', (ctx) => answerOnce(ctx, EXPIRED_TEXT));

  // Before anything else, in arrival order: drop redeliveries, take the chat's place in line.
  bot.use(
    dropRedelivered<Context>({
      keyOf: (ctx) => String(ctx.update.update_id),
      capacity: SEEN_UPDATES,
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
 * Connects a bot created by createTelegramBot: getMe, the command menu, then either the webhook
 * (mount telegramWebhookPlugin on the server first) or long polling. `stop` ends polling.
 */
export async function startTelegram(bot: Bot, mode: TelegramMode, logger: BotLogger = silentLogger): Promise<{ stop(): Promise<void> }> {
  await bot.init();
  // The menu is a convenience: failing to set it must not keep the bot from answering.
  await bot.api.setMyCommands([...TELEGRAM_COMMANDS]).catch((error: unknown) => logger.warn({ err: error }, 'telegram: setMyCommands failed'));
  if (mode.kind === 'webhook') {
    await bot.api.setWebhook(mode.url, { secret_token: mode.secret, allowed_updates: ['message', 'callback_query'] });
    return { stop: async () => undefined };
  }
  const running = bot.start({ allowed_updates: ['message', 'callback_query'] });
  running.catch((error: unknown) => logger.error({ err: error }, 'telegram: long polling stopped with an error'));
  return {
    stop: async () => {
      await bot.stop();
      await running.catch(() => undefined);
    },
  };
}
