/**
 * Telegram under faults: concurrent webhook deliveries of one chat while the Bot API answers 429,
 * 500 or drops the connection; a slow answer past the webhook timeout; a redelivered update. The
 * replies must arrive complete, once each, in the order the messages came.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intent, Reply } from '../../bot/conversation.ts';
import { createTelegramBot } from '../../bot/telegram/bot.ts';
import { telegramWebhookPlugin } from '../../bot/telegram/webhook.ts';
import { startTelegramStandin, textUpdate, type TelegramStandin } from '../../testkit/telegram-standin.ts';

const SECRET = 'faults-webhook-secret_0123456789';
let standin: TelegramStandin;
const apps: FastifyInstance[] = [];
const questionOf = (intent: Intent): string => ('text' in intent ? intent.text : intent.kind);
const plain = (text: string): Reply => ({ text, sources: [], more: null });

async function webhookApp(reply: (intent: Intent) => Promise<Reply>, answerWithinMs?: number): Promise<FastifyInstance> {
  const bot: Bot = createTelegramBot({
    conversation: { reply, more: async () => plain('thêm') },
    token: standin.token,
    apiRoot: standin.apiRoot,
    allowedChatIds: [],
    rateLimit: { max: 100, windowMs: 60_000 },
  });
  await bot.init();
  const app = Fastify();
  await app.register(telegramWebhookPlugin(bot, SECRET, answerWithinMs === undefined ? {} : { answerWithinMs }));
  await app.ready();
  apps.push(app);
  return app;
}

async function deliver(app: FastifyInstance, update: Update): Promise<number> {
  const response = await app.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': SECRET }, payload: update });
  return response.statusCode;
}

/** The texts delivered (status 200) to `chatId`, in the order the stand-in received them. */
const deliveredTo = (chatId: number): string[] =>
  standin.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && c.payload['chat_id'] === chatId).map((c) => String(c.payload['text']));

const unbold = (html: string): string => html.replace(/<\/?b>/g, '');

beforeAll(async () => {
  standin = await startTelegramStandin();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await standin?.close();
});

describe('Telegram replies under Bot API faults', () => {
  it('delivers every reply of one chat once, in arrival order, through 429, 500 and a dropped connection', async () => {
    const chatId = 8101;
    // The first question is the slowest to answer: sending as soon as computed would reverse them.
    const delays: Record<string, number> = { 'câu một': 300, 'câu hai': 150, 'câu ba': 0 };
    // "câu hai" is long: two messages, which must stay together.
    const long = `Trả lời câu hai\n${'Đoạn văn dài về công tác cán bộ. '.repeat(150)}`;
    const app = await webhookApp(async (intent) => {
      const question = questionOf(intent);
      await new Promise((resolve) => setTimeout(resolve, delays[question] ?? 0));
      return plain(question === 'câu hai' ? long : `Trả lời ${question}`);
    });
    standin.failNext(1, { code: 429, retryAfter: 1 }, 'sendMessage');
    standin.failNext(1, { code: 500 }, 'sendMessage');
    standin.failNext(1, { code: 'drop' }, 'sendMessage');

    const statuses = await Promise.all(['câu một', 'câu hai', 'câu ba'].map((text) => deliver(app, textUpdate(chatId, text))));

    expect(statuses).toEqual([200, 200, 200]);
    const texts = deliveredTo(chatId).map(unbold);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toBe('Trả lời câu một');
    expect(texts[1]).toMatch(/^Trả lời câu hai\n/);
    expect(texts[2]).toMatch(/^Đoạn văn dài/);
    expect(texts[3]).toBe('Trả lời câu ba');
    // Every fault was met (and retried past), none left for later tests.
    const statusesSeen = standin.calls.filter((c) => c.method === 'sendMessage' && c.payload['chat_id'] === chatId).map((c) => c.status);
    expect(statusesSeen.filter((s) => s !== 200).sort()).toEqual([0, 429, 500]);
  }, 20_000);
});

describe('Telegram webhook timeout and redelivery', () => {
  it('answers the webhook before a slow reply, sends that reply once and ignores the redelivered update', async () => {
    const chatId = 8201;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const asked: string[] = [];
    const app = await webhookApp(async (intent) => {
      const question = questionOf(intent);
      asked.push(question);
      if (question === 'chậm') await gate;
      return plain(`Trả lời ${question}`);
    }, 100);

    const slow = textUpdate(chatId, 'chậm');
    // The reply is still held back: the 200 comes from the timeout, before any answer.
    expect(await deliver(app, slow)).toBe(200);
    expect(deliveredTo(chatId)).toEqual([]);
    // Telegram, having waited too long, delivers the same update again (while it is still being answered).
    expect(await deliver(app, slow)).toBe(200);

    release();
    await standin.waitForCall((c) => c.method === 'sendMessage' && c.status === 200 && c.payload['chat_id'] === chatId);
    // And once more after the answer went out.
    expect(await deliver(app, slow)).toBe(200);
    // A new message of the chat is answered after everything before it: a barrier for late duplicates.
    expect(await deliver(app, textUpdate(chatId, 'nhanh'))).toBe(200);

    expect(asked).toEqual(['chậm', 'nhanh']);
    expect(deliveredTo(chatId).map(unbold)).toEqual(['Trả lời chậm', 'Trả lời nhanh']);
  });
});
