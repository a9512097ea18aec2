/**
 * Every hostile question (inputs.ts) sent to the real Telegram and Zalo bots through their
 * webhooks, with the Bot API stand-ins on loopback: each gets a polite reply, nothing throws (no
 * apology, nothing logged at error level), Telegram's HTML stays valid, and no reply carries text
 * the real APIs would refuse (lone surrogates, control characters). Then malformed update bodies.
 */
import type { FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../bot/conversation.ts';
import { buildServer } from '../../bot/http/server.ts';
import { createTelegramBot, ERROR_TEXT } from '../../bot/telegram/bot.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../../bot/telegram/format.ts';
import { telegramWebhookPlugin } from '../../bot/telegram/webhook.ts';
import { APOLOGY_TEXT, createZaloBot, ZALO_MESSAGE_LIMIT, type ZaloBot } from '../../bot/zalo/bot.ts';
import { zaloWebhookPlugin } from '../../bot/zalo/webhook.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { startTelegramStandin, type TelegramStandin, textUpdate } from '../../testkit/telegram-standin.ts';
import { startZaloStandin, type ZaloStandin } from '../../testkit/zalo-standin.ts';
import { BAD_INPUTS } from './inputs.ts';

const TELEGRAM_SECRET = 'bad-input-telegram-secret';
const ZALO_TOKEN = '4242:zalo-bad-input-token';
const ZALO_SECRET = 'bad-input-zalo-secret';
const QUESTION = 'Kết luận 21 có mấy nhóm nhiệm vụ?';

/** A logger that remembers what was logged at warn and error level. */
function recordingLogger() {
  const errors: string[] = [];
  const warnings: string[] = [];
  const record = (into: string[]) => (obj: object, msg?: string) => void into.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return { errors, warnings, logger: { debug() {}, info() {}, warn: record(warnings), error: record(errors) } };
}

/** What the real APIs refuse or render wrongly: lone surrogates, C0 controls other than \n and \t. */
function textProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.trim().length === 0) problems.push('empty message');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) problems.push('lone surrogate');
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) problems.push('control character');
  return problems;
}

/**
 * What Telegram's HTML parse mode accepts, for what the bot sends: tags from its list, balanced and
 * properly nested; every "&" an entity; no stray "<" or ">".
 */
function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z-]+)(?:\s[^<>]*)?>/gi)) {
    const [, closing, name = ''] = match;
    if (!['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'blockquote', 'tg-spoiler'].includes(name)) {
      problems.push(`tag <${name}>`);
    } else if (closing) {
      if (open.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else {
      open.push(name);
    }
  }
  if (open.length > 0) problems.push(`unclosed <${open.join('>, <')}>`);
  const text = html.replace(/<\/?[a-z-]+(?:\s[^<>]*)?>/gi, '');
  if (/[<>]/.test(text)) problems.push('stray < or >');
  if (/&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)/i.test(text)) problems.push('bare &');
  return problems;
}

let engine: AnswerEngine;
let conversation: Conversation;

beforeAll(async () => {
  engine = new AnswerEngine((await buildCorpusIndex()).index, null);
  conversation = new Conversation(engine);
});

/** The product's server with one webhook mounted, as bot/main.ts wires it. */
const serverWith = (plugin: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> =>
  buildServer({
    engine,
    config: { API_KEY: '', RATE_LIMIT_MAX: 1000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' },
    logger: false,
    plugins: [plugin],
  });

describe('Telegram bot', () => {
  let standin: TelegramStandin;
  let app: FastifyInstance;
  let bot: Bot;
  const log = recordingLogger();

  beforeAll(async () => {
    standin = await startTelegramStandin();
    bot = createTelegramBot({
      conversation,
      token: standin.token,
      apiRoot: standin.apiRoot,
      allowedChatIds: [],
      rateLimit: { max: 1000, windowMs: 60_000 },
      logger: log.logger,
    });
    await bot.init();
    app = await serverWith(telegramWebhookPlugin(bot, TELEGRAM_SECRET));
  });

  afterAll(async () => {
    await app?.close();
    await standin?.close();
  });

  const deliver = async (body: unknown): Promise<number> =>
    (
      await app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET, 'content-type': 'application/json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      })
    ).statusCode;

  const sentTo = (chatId: number) =>
    standin.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && c.payload['chat_id'] === chatId);

  it('answers every hostile question politely in valid HTML', async () => {
    const failures: string[] = [];
    for (const [i, input] of BAD_INPUTS.entries()) {
      const chatId = 60_000 + i;
      // Telegram never delivers an empty text message: the bot may stay silent on one.
      const mayBeSilent = input.text === '';
      const status = await deliver(textUpdate(chatId, input.text));
      if (status !== 200) failures.push(`${input.name}: webhook answered ${status}`);
      const messages = sentTo(chatId);
      if (messages.length === 0 && !mayBeSilent) failures.push(`${input.name}: no reply`);
      for (const message of messages) {
        const html = String(message.payload['text']);
        if (message.payload['parse_mode'] !== 'HTML') failures.push(`${input.name}: not HTML`);
        if (html.length > TELEGRAM_MESSAGE_LIMIT) failures.push(`${input.name}: ${html.length} characters`);
        if (html === ERROR_TEXT) failures.push(`${input.name}: the apology (a handler threw)`);
        for (const problem of [...telegramHtmlProblems(html), ...textProblems(html)]) failures.push(`${input.name}: ${problem}`);
      }
    }
    failures.push(...log.errors.map((e) => `logged an error: ${e}`));
    console.info(`bad-input: ${BAD_INPUTS.length} inputs, ${failures.length} failures (Telegram)`);
    expect(failures).toEqual([]);
  });

  it('survives malformed update bodies and still answers afterwards', async () => {
    const bodies: Array<[string, unknown]> = [
      ['an empty object', {}],
      ['a string update id', { update_id: 'x' }],
      ['a message without a chat', { update_id: 900_001, message: { message_id: 1, date: 1, text: 'Kết luận 21' } }],
      ['a numeric text', { update_id: 900_002, message: { message_id: 1, date: 1, chat: { id: 70_001, type: 'private' }, from: { id: 70_001, is_bot: false, first_name: 'x' }, text: 42 } }],
      ['an unknown update kind', { update_id: 900_003, something_new: { x: 1 } }],
      ['a callback with forged data', { update_id: 900_004, callback_query: { id: 'cb', from: { id: 70_002, is_bot: false, first_name: 'x' }, chat_instance: 'c', data: 'more:' + 'A'.repeat(5000) } }],
      ['an edited message', { update_id: 900_005, edited_message: { message_id: 1, date: 1, chat: { id: 70_003, type: 'private' }, text: 'x' } }],
      ['a list', [{ update_id: 900_006 }]],
      ['null', null],
      ['a number', 1],
      ['not JSON', '{"update_id": 1, "message": {'],
    ];
    for (const [name, body] of bodies) expect(await deliver(body), name).toBeLessThan(500);
    const chatId = 70_100;
    expect(await deliver(textUpdate(chatId, QUESTION))).toBe(200);
    expect(String(sentTo(chatId)[0]?.payload['text'])).toContain('05 nhóm nhiệm vụ');
  });
});

describe('Zalo bot', () => {
  let standin: ZaloStandin;
  let app: FastifyInstance;
  let bot: ZaloBot;
  const log = recordingLogger();
  let nextMessageId = 1;

  beforeAll(async () => {
    standin = await startZaloStandin(ZALO_TOKEN);
    bot = createZaloBot({
      conversation,
      token: ZALO_TOKEN,
      apiRoot: standin.apiRoot,
      allowedChatIds: [],
      rateLimit: { max: 1000, windowMs: 60_000 },
      logger: log.logger,
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    });
    app = await serverWith(zaloWebhookPlugin(bot, ZALO_SECRET));
  });

  afterAll(async () => {
    await bot?.stop();
    await app?.close();
    await standin?.close();
  });

  const deliver = async (body: unknown): Promise<number> =>
    (
      await app.inject({
        method: 'POST',
        url: '/zalo/webhook',
        headers: { 'x-bot-api-secret-token': ZALO_SECRET, 'content-type': 'application/json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      })
    ).statusCode;

  const zaloUpdate = (chatId: string, text: string) => ({
    event_name: 'message.text.received',
    message: {
      message_id: `m-${nextMessageId++}`,
      text,
      chat: { id: chatId, chat_type: 'PRIVATE' },
      from: { id: chatId, display_name: 'Lan', is_bot: false },
      date: Date.now(),
    },
  });

  it('answers every hostile question politely in texts Zalo accepts', async () => {
    const failures: string[] = [];
    for (const [i, input] of BAD_INPUTS.entries()) {
      const status = await deliver(zaloUpdate(`zalo-${i}`, input.text));
      if (status !== 200) failures.push(`${input.name}: webhook answered ${status}`);
    }
    // stop() waits for every reply under way.
    await bot.stop();
    for (const [i, input] of BAD_INPUTS.entries()) {
      const texts = standin.sentTexts(`zalo-${i}`);
      if (texts.length === 0) failures.push(`${input.name}: no reply`);
      for (const text of texts) {
        if (text.length > ZALO_MESSAGE_LIMIT) failures.push(`${input.name}: ${text.length} characters`);
        if (text === APOLOGY_TEXT) failures.push(`${input.name}: the apology (a reply failed)`);
        for (const problem of textProblems(text)) failures.push(`${input.name}: ${problem}`);
      }
    }
    failures.push(...log.errors.map((e) => `logged an error: ${e}`));
    console.info(`bad-input: ${BAD_INPUTS.length} inputs, ${failures.length} failures (Zalo)`);
    expect(failures).toEqual([]);
  });

  it('survives malformed update bodies and still answers afterwards', async () => {
    const bodies: unknown[] = [
      {},
      { event_name: 42 },
      { event_name: 'message.text.received' },
      { event_name: 'message.text.received', message: { message_id: 'x', chat: {} } },
      { event_name: 'message.text.received', message: { message_id: 'y', chat: { id: 'zalo-bad' }, text: { nested: true } } },
      { event_name: 'message.image.received', message: { message_id: 'z', chat: { id: 'zalo-image' } } },
      { ok: true, result: [{}, null, 'x', 1] },
      [null, [], {}],
      'null',
      '{"event_name": "message.text.received", "message": {',
    ];
    for (const body of bodies) expect(await deliver(body), JSON.stringify(body)).toBeLessThan(500);
    await deliver(zaloUpdate('zalo-after', QUESTION));
    await bot.stop();
    expect(standin.sentTexts('zalo-after').join('\n')).toContain('05 nhóm nhiệm vụ');
  });
});
