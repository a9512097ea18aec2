/**
 * The Telegram bot end to end: a real grammY bot talks HTTP to a local stand-in of the Bot API;
 * updates come in through the Fastify webhook (or long polling), answers come from the engine on
 * the real corpus.
 */
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, type Reply } from '../../bot/conversation.ts';
import {
  createTelegramBot,
  ERROR_TEXT,
  EXPIRED_TEXT,
  RATE_LIMITED_TEXT,
  REFUSAL_TEXT,
  startTelegram,
  type TelegramBotDeps,
} from '../../bot/telegram/bot.ts';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT, toTelegramHtml } from '../../bot/telegram/format.ts';
import { telegramWebhookPlugin } from '../../bot/telegram/webhook.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import type { Citation } from '../../retrieval/types.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { startTelegramStandin, type RecordedCall, type TelegramStandin } from '../../testkit/telegram-standin.ts';

const SECRET = 'test-webhook-secret_0123456789';
const QUESTION = 'Kết luận 21 có mấy nhóm nhiệm vụ?';
const HOSTILE = '<script>alert(1)</script> & *bold* _x_ [a](b)';

let standin: TelegramStandin;
let conversation: Conversation;
const apps: FastifyInstance[] = [];

type ChatRef = { readonly id: number; readonly type: 'private' | 'supergroup' };
let nextUpdateId = 1;

function chatObject(chat: ChatRef): Record<string, unknown> {
  return chat.type === 'private' ? { id: chat.id, type: 'private', first_name: 'Lan' } : { id: chat.id, type: 'supergroup', title: 'Chi bộ thử' };
}

/** A message update as Telegram sends it, with command and mention entities. */
function textUpdate(chat: ChatRef, text: string, options: { fromId?: number; replyTo?: Record<string, unknown> } = {}): Update {
  const entities: Array<Record<string, unknown>> = [];
  const command = /^\/\S+/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/(?<!\/\S*)@\w+/g)) entities.push({ type: 'mention', offset: mention.index, length: mention[0].length });
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id * 10,
      date: 1_700_000_000,
      chat: chatObject(chat),
      from: { id: options.fromId ?? Math.abs(chat.id), is_bot: false, first_name: 'Lan' },
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    },
  } as unknown as Update;
}

function callbackUpdate(chat: ChatRef, data: string): Update {
  const id = nextUpdateId++;
  return {
    update_id: id,
    callback_query: {
      id: `cb-${id}`,
      from: { id: Math.abs(chat.id), is_bot: false, first_name: 'Lan' },
      chat_instance: 'instance-1',
      data,
      message: { message_id: 5, date: 1_700_000_000, chat: chatObject(chat), from: { ...standin.bot, is_bot: true, first_name: 'Văn kiện' }, text: '…' },
    },
  } as unknown as Update;
}

function makeBot(overrides: Partial<TelegramBotDeps> = {}): Bot {
  return createTelegramBot({
    conversation,
    token: standin.token,
    apiRoot: standin.apiRoot,
    allowedChatIds: [],
    rateLimit: { max: 100, windowMs: 60_000 },
    ...overrides,
  });
}

async function webhookApp(bot: Bot): Promise<FastifyInstance> {
  // getMe now, so each test sees only the calls its updates cause.
  await bot.init();
  const app = Fastify();
  await app.register(telegramWebhookPlugin(bot, SECRET));
  await app.ready();
  apps.push(app);
  return app;
}

/** Posts an update to the webhook; grammY answers after the bot has handled it. */
async function deliver(app: FastifyInstance, update: Update, secret: string | null = SECRET): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/telegram/webhook',
    headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: update,
  });
  return response.statusCode;
}

/** Calls made while `action` ran. */
async function callsDuring(action: () => Promise<unknown>): Promise<RecordedCall[]> {
  const before = standin.calls.length;
  await action();
  return standin.calls.slice(before);
}

const sent = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter((c) => c.method === 'sendMessage' && c.status === 200);
const textOf = (call: RecordedCall | undefined): string => String(call?.payload['text'] ?? '');
function buttonsOf(call: RecordedCall | undefined): InlineKeyboardButton.CallbackButton[] {
  const markup = call?.payload['reply_markup'] as { inline_keyboard?: InlineKeyboardButton.CallbackButton[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

/** Only <b> tags, balanced, and every "&" starts an entity: what Telegram's HTML mode accepts. */
function expectValidTelegramHtml(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html.match(/<b>/g)?.length ?? 0).toBe(html.match(/<\/b>/g)?.length ?? 0);
  const text = html.replace(/<\/?b>/g, '');
  expect(text).not.toMatch(/[<>]/);
  expect(text.replace(/&(?:amp|lt|gt|quot);/g, '')).not.toContain('&');
}

const unescapeHtml = (html: string): string =>
  html.replace(/<\/?b>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

beforeAll(async () => {
  standin = await startTelegramStandin();
  conversation = new Conversation(new AnswerEngine((await buildCorpusIndex()).index, null));
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await standin?.close();
});

describe('toTelegramHtml', () => {
  it('escapes everything, bolds the first line and keeps every part under the limit', () => {
    expect(escapeHtml(`a & b <c> "d"`)).toBe('a &amp; b &lt;c&gt; &quot;d&quot;');
    expect(toTelegramHtml(`Đáp: ${HOSTILE}\nDòng hai & ba`)).toEqual([
      '<b>Đáp: &lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* _x_ [a](b)</b>\nDòng hai &amp; ba',
    ]);
    expect(toTelegramHtml('""', { limit: 13 })).toEqual(['<b>&quot;</b>', '&quot;']);
    expect(() => toTelegramHtml('x', { limit: 12 })).toThrow(RangeError);
    // All ampersands: escaping quintuples the length, so parts must be split again.
    const parts = toTelegramHtml('&'.repeat(10_000));
    expect(parts.length).toBeGreaterThanOrEqual(13);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  });

  it('never exceeds the limit, stays valid HTML and loses no character', () => {
    const char = fc.constantFrom('a', 'ă', ' ', '\n', '.', '&', '<', '>', '"', 'ệ', '\n\n');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 2500 }).map((chars) => chars.join('')), fc.integer({ min: 13, max: 600 }), (text, limit) => {
        const parts = toTelegramHtml(text, { limit });
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expectValidTelegramHtml(part);
        }
        expect(parts.map(unescapeHtml).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 150 },
    );
  });
});

describe('Telegram bot over the Bot API stand-in', () => {
  let bot: Bot;
  let app: FastifyInstance;
  const user: ChatRef = { id: 1001, type: 'private' };

  beforeAll(async () => {
    bot = makeBot();
    app = await webhookApp(bot);
  });

  it('answers a question by webhook in escaped HTML, typing first, with Nguồn / Thêm kết quả buttons', async () => {
    let status = 0;
    const calls = await callsDuring(async () => (status = await deliver(app, textUpdate(user, QUESTION))));
    expect(status).toBe(200);
    const typing = calls.findIndex((c) => c.method === 'sendChatAction' && c.payload['action'] === 'typing');
    const answer = calls.findIndex((c) => c.method === 'sendMessage');
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(answer).toBeGreaterThan(typing);
    const message = sent(calls);
    expect(message).toHaveLength(1);
    expect(message[0]?.payload).toMatchObject({ chat_id: user.id, parse_mode: 'HTML' });
    const html = textOf(message[0]);
    expect(html).toContain('05 nhóm nhiệm vụ');
    expect(html).toMatch(/^<b>[^\n]+<\/b>/);
    expectValidTelegramHtml(html);
    const buttons = buttonsOf(message[0]);
    expect(buttons.map((b) => b.text)).toEqual(['Nguồn', 'Thêm kết quả']);
    for (const button of buttons) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);

    // "Nguồn": the quoted passages with document and section.
    const sourcesData = buttons[0]?.callback_data ?? '';
    const update = callbackUpdate(user, sourcesData);
    const sourceCalls = await callsDuring(() => deliver(app, update));
    expect(sourceCalls.filter((c) => c.method === 'answerCallbackQuery')).toEqual([
      expect.objectContaining({ payload: { callback_query_id: update.callback_query?.id } }),
    ]);
    const sourcesText = sent(sourceCalls).map(textOf).join('\n');
    expect(sourcesText).toMatch(/^\[1\] /);
    expect(sourcesText).toContain('“');
    expect(sourcesText).toContain('Kết luận');
    expectValidTelegramHtml(sourcesText);

    // "Thêm kết quả": the next page of passages.
    const moreCalls = await callsDuring(() => deliver(app, callbackUpdate(user, buttons[1]?.callback_data ?? '')));
    expect(moreCalls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(textOf(sent(moreCalls)[0])).toContain('Các đoạn liên quan (1–3)');
  });

  it('answers expired and unknown buttons with a short notice and nothing else', async () => {
    for (const data of ['src:AAAAAAAA', 'more:zzzzzzzz', 'something-else']) {
      const calls = await callsDuring(() => deliver(app, callbackUpdate(user, data)));
      expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
      expect(calls[0]?.payload['text']).toBe(EXPIRED_TEXT);
    }
  });

  it('refuses webhook posts without the right secret, before any work', async () => {
    const calls = await callsDuring(async () => {
      expect(await deliver(app, textUpdate(user, QUESTION), 'wrong-secret')).toBe(401);
      expect(await deliver(app, textUpdate(user, QUESTION), null)).toBe(401);
      expect(await deliver(app, textUpdate(user, QUESTION), `${SECRET}x`)).toBe(401);
    });
    expect(calls).toEqual([]);
  });

  it('escapes hostile input echoed back', async () => {
    const calls = await callsDuring(() => deliver(app, textUpdate(user, `/vanban ${HOSTILE}`)));
    const html = textOf(sent(calls)[0]);
    expect(html).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* _x_ [a](b)&quot;');
    expectValidTelegramHtml(html);
  });

  it('answers /start, /help, /vanban, /kiemtra and /timkiem', async () => {
    const reply = async (text: string): Promise<string> => textOf(sent(await callsDuring(() => deliver(app, textUpdate(user, text))))[0]);
    expect(await reply('/start')).toContain('Xin chào!');
    expect(await reply('/help')).toContain('/kiemtra');
    expect(await reply('/vanban Quy định 50')).toContain('Quy định');
    expect(await reply('/kiemtra Kết luận 21 có 5 nhóm nhiệm vụ')).toMatch(/Đúng|khác|Không tìm thấy/);
    expect(await reply('/timkiem quy hoạch cán bộ')).toContain('Các đoạn liên quan (1–');
  });

  it('in a group answers commands, mentions and replies to itself only', async () => {
    const group: ChatRef = { id: -100_500, type: 'supergroup' };
    const member = 555;
    const repliesTo = async (update: Update): Promise<RecordedCall[]> => sent(await callsDuring(() => deliver(app, update)));

    expect(await repliesTo(textUpdate(group, QUESTION, { fromId: member }))).toEqual([]);
    expect(await repliesTo(textUpdate(group, '/help@another_bot', { fromId: member }))).toEqual([]);
    const someoneElse = { message_id: 3, date: 1_700_000_000, chat: chatObject(group), from: { id: 999, is_bot: false, first_name: 'An' }, text: 'xin chào' };
    expect(await repliesTo(textUpdate(group, QUESTION, { fromId: member, replyTo: someoneElse }))).toEqual([]);

    const mention = textUpdate(group, `@${standin.bot.username} ${QUESTION}`, { fromId: member });
    const mentioned = await repliesTo(mention);
    expect(textOf(mentioned[0])).toContain('05 nhóm nhiệm vụ');
    expect(mentioned[0]?.payload['reply_parameters']).toMatchObject({ message_id: mention.message?.message_id });

    const ownMessage = { message_id: 4, date: 1_700_000_000, chat: chatObject(group), from: { ...standin.bot, is_bot: true, first_name: 'Văn kiện' }, text: '…' };
    expect(textOf((await repliesTo(textUpdate(group, QUESTION, { fromId: member, replyTo: ownMessage })))[0])).toContain('05 nhóm nhiệm vụ');
    expect(textOf((await repliesTo(textUpdate(group, '/help', { fromId: member })))[0])).toContain('Cách dùng');
    expect(textOf((await repliesTo(textUpdate(group, `/help@${standin.bot.username}`, { fromId: member })))[0])).toContain('Cách dùng');
  });

  it('splits a long reply into several messages under 4096 characters, buttons on the last', async () => {
    const sentence = 'Câu trả lời dài về công tác cán bộ & <quy hoạch> "nguồn". ';
    const citation: Citation = { docId: 'd', title: 'Tài liệu', date: null, section: 'I', quote: 'trích', start: 0, end: 5 };
    const long: Reply = { text: `Dòng đầu\n${sentence.repeat(300)}`, sources: [citation], more: null };
    const longBot = makeBot({ conversation: { reply: async () => long, more: async () => long } });
    const longApp = await webhookApp(longBot);
    const messages = sent(await callsDuring(() => deliver(longApp, textUpdate({ id: 1002, type: 'private' }, 'dài'))));
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const message of messages) {
      expect(textOf(message).length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expectValidTelegramHtml(textOf(message));
    }
    expect(textOf(messages[0])).toMatch(/^<b>Dòng đầu<\/b>\n/);
    expect(messages.map((m) => buttonsOf(m).map((b) => b.text))).toEqual([...messages.slice(1).map(() => []), ['Nguồn']]);
  });

  it('retries a 429 and a 500 from the Bot API and still delivers', async () => {
    const chat: ChatRef = { id: 1003, type: 'private' };
    standin.failNext(1, { code: 429, retryAfter: 1 }, 'sendMessage');
    const rateLimited = await callsDuring(() => deliver(app, textUpdate(chat, '/help')));
    expect(rateLimited.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([429, 200]);
    standin.failNext(1, { code: 500 }, 'sendMessage');
    const failed = await callsDuring(() => deliver(app, textUpdate(chat, '/help')));
    expect(failed.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([500, 200]);
  });
});

describe('Telegram bot access, limits and failures', () => {
  it('gives a chat outside ALLOWED_CHAT_IDS only the refusal, once', async () => {
    const app = await webhookApp(makeBot({ allowedChatIds: ['2001'] }));
    const outsider = await callsDuring(() => deliver(app, textUpdate({ id: 2002, type: 'private' }, QUESTION)));
    expect(outsider.map((c) => [c.method, c.payload['text']])).toEqual([['sendMessage', REFUSAL_TEXT]]);
    const button = await callsDuring(() => deliver(app, callbackUpdate({ id: 2002, type: 'private' }, 'src:AAAAAAAA')));
    expect(button.map((c) => [c.method, c.payload['text']])).toEqual([['answerCallbackQuery', REFUSAL_TEXT]]);
    // Told once: a stranger who keeps writing gets silence, not a refusal per message.
    const again = await callsDuring(() => deliver(app, textUpdate({ id: 2002, type: 'private' }, QUESTION)));
    expect(again.filter((c) => c.method === 'sendMessage')).toEqual([]);
    const member = await callsDuring(() => deliver(app, textUpdate({ id: 2001, type: 'private' }, QUESTION)));
    expect(textOf(sent(member)[0])).toContain('05 nhóm nhiệm vụ');
  });

  it('tells a user who asks too fast to wait', async () => {
    const app = await webhookApp(makeBot({ rateLimit: { max: 2, windowMs: 60_000 } }));
    const chat: ChatRef = { id: 3001, type: 'private' };
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push(textOf(sent(await callsDuring(() => deliver(app, textUpdate(chat, '/help'))))[0]));
    expect(texts[0]).toContain('Cách dùng');
    expect(texts[1]).toContain('Cách dùng');
    expect(texts[2]).toBe(RATE_LIMITED_TEXT);
  });

  it('logs a failing handler and apologises instead of crashing', async () => {
    const errors: object[] = [];
    const logger = { info() {}, warn() {}, error: (obj: object) => void errors.push(obj) };
    const failing = {
      reply: async (): Promise<Reply> => {
        throw new Error('engine exploded');
      },
      more: async (): Promise<Reply> => {
        throw new Error('engine exploded');
      },
    };
    const app = await webhookApp(makeBot({ conversation: failing, logger }));
    const chat: ChatRef = { id: 4001, type: 'private' };
    let status = 0;
    const calls = await callsDuring(async () => (status = await deliver(app, textUpdate(chat, QUESTION))));
    expect(status).toBe(200);
    expect(sent(calls).map(textOf)).toEqual([ERROR_TEXT]);
    expect(errors).toHaveLength(1);
  });

  it('long-polls the stand-in: picks up a queued update and answers it', async () => {
    const bot = makeBot();
    const chat: ChatRef = { id: 5001, type: 'private' };
    const running = await startTelegram(bot, { kind: 'polling' });
    try {
      standin.queueUpdate(textUpdate(chat, '/vanban Quy định 50'));
      const answer = await standin.waitForCall((c) => c.method === 'sendMessage' && c.payload['chat_id'] === chat.id);
      expect(textOf(answer)).toContain('Quy định');
    } finally {
      await running.stop();
    }
    const methods = new Set(standin.calls.map((c) => c.method));
    for (const method of ['setMyCommands', 'deleteWebhook', 'getUpdates']) expect(methods).toContain(method);
  });
});
