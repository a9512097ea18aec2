import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conversation, HELP_TEXT, START_TEXT, type Reply } from '../../bot/conversation.ts';
import { splitMessage } from '../../bot/split.ts';
import {
  APOLOGY_TEXT,
  createZaloBot,
  MORE_HINT,
  NON_TEXT_HINT,
  NOT_ALLOWED_TEXT,
  RATE_HINT,
  RATE_LIMITED_TEXT,
  type ZaloBot,
  type ZaloBotDeps,
} from '../../bot/zalo/bot.ts';
import { createZaloClient, parseUpdates, ZaloApiError } from '../../bot/zalo/client.ts';
import { zaloWebhookPlugin } from '../../bot/zalo/webhook.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { startZaloStandin, type ZaloStandin } from '../../testkit/zalo-standin.ts';

const TOKEN = '1234567890:standin-token';
const SECRET = 'webhook-secret-for-tests';
const KL21 = 'Kết luận 21 có mấy nhóm nhiệm vụ?';

let standin: ZaloStandin;
let conversation: Conversation;
let bot: ZaloBot;
let app: FastifyInstance;
let webhookUrl: string;
const extraBots: ZaloBot[] = [];

function makeBot(overrides: Partial<ZaloBotDeps> = {}): ZaloBot {
  const made = createZaloBot({
    conversation,
    token: TOKEN,
    apiRoot: standin.apiRoot,
    allowedChatIds: [],
    rateLimit: { max: 100, windowMs: 60_000 },
    logger: pino({ level: 'silent' }),
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
    pollTimeoutSec: 1,
    ...overrides,
  });
  extraBots.push(made);
  return made;
}

let nextMessageId = 1;
function update(chatId: string, text: string | undefined, options: { event?: string; messageId?: string; fromId?: string } = {}) {
  return {
    event_name: options.event ?? 'message.text.received',
    message: {
      message_id: options.messageId ?? `mid-${nextMessageId++}`,
      ...(text === undefined ? {} : { text }),
      chat: { id: chatId, chat_type: 'PRIVATE' },
      from: { id: options.fromId ?? `user-${chatId}`, display_name: 'Người dùng', is_bot: false },
      date: Date.now(),
    },
  };
}

function deliver(body: unknown, secret: string | null = SECRET): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-bot-api-secret-token'] = secret;
  return fetch(webhookUrl, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 20_000, interval: 20 });
}

beforeAll(async () => {
  const { index } = await buildCorpusIndex();
  conversation = new Conversation(new AnswerEngine(index, null));
  standin = await startZaloStandin(TOKEN);
  bot = makeBot();
  app = Fastify({ logger: false });
  await app.register(zaloWebhookPlugin(bot, SECRET));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  webhookUrl = `${address}/zalo/webhook`;
});

afterAll(async () => {
  await Promise.all(extraBots.map((b) => b.stop()));
  await app?.close();
  await standin?.close();
});

describe('Zalo webhook', () => {
  it('answers a question with the cited passage, showing "typing" first', async () => {
    const response = await deliver(update('chat-kl21', KL21));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    await until(() => standin.sentTexts('chat-kl21').length > 0);
    const text = standin.sentTexts('chat-kl21').join('\n');
    expect(text).toContain('05 nhóm nhiệm vụ');
    expect(text).toContain('Nguồn');
    expect(text.endsWith(`${MORE_HINT}\n${RATE_HINT}`)).toBe(true);
    const forChat = standin.calls.filter((c) => c.body.chat_id === 'chat-kl21');
    expect(forChat[0]).toMatchObject({ method: 'sendChatAction', body: { action: 'typing' } });
  });

  it('answers a message delivered twice only once', async () => {
    const repeated = update('chat-twice', KL21, { messageId: 'same-id' });
    expect((await deliver(repeated)).status).toBe(200);
    expect((await deliver(repeated)).status).toBe(200);
    // Replies of one chat leave in order: once /help is answered, everything before it was too.
    await deliver(update('chat-twice', '/help'));
    await until(() => standin.sentTexts('chat-twice').includes(HELP_TEXT));
    const sent = standin.sentTexts('chat-twice');
    expect(sent.filter((t) => t.includes('05 nhóm nhiệm vụ'))).toHaveLength(1);
    expect(sent.at(-1)).toBe(HELP_TEXT);
  });

  it('refuses a wrong or missing secret without processing the update', async () => {
    for (const secret of ['wrong-secret', '', null]) {
      const response = await deliver(update('chat-secret', '/start'), secret);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
    await deliver(update('chat-secret', '/help'));
    await until(() => standin.sentTexts('chat-secret').length > 0);
    expect(standin.sentTexts('chat-secret')).toEqual([HELP_TEXT]);
    expect(standin.calls.filter((c) => c.body.chat_id === 'chat-secret' && c.method === 'sendMessage')).toHaveLength(1);
  });

  it('answers images, stickers and other non-text messages with a hint', async () => {
    for (const event of ['message.image.received', 'message.sticker.received', 'message.unsupported.received']) {
      await deliver(update('chat-media', undefined, { event }));
    }
    await until(() => standin.sentTexts('chat-media').length === 3);
    expect(standin.sentTexts('chat-media')).toEqual([NON_TEXT_HINT, NON_TEXT_HINT, NON_TEXT_HINT]);
  });
});

describe('Zalo replies', () => {
  it('splits a long reply into parts of at most 2000 characters, in order', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Đoạn ${i + 1}: ${'công tác xây dựng Đảng '.repeat(8).trim()}.`);
    const long: Reply = { text: paragraphs.join('\n\n'), sources: [], more: { query: 'x', offset: 0 } };
    const stubBot = makeBot({ conversation: { reply: async () => long } });
    await stubBot.handleUpdate(update('chat-long', 'câu hỏi dài'));
    const sent = standin.sentTexts('chat-long');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent).toEqual(splitMessage(`${long.text}\n\n${MORE_HINT}`, 2000));
    for (const part of sent) expect(part.length).toBeLessThanOrEqual(2000);
    const numbers = [...sent.join('\n').matchAll(/Đoạn (\d+):/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(paragraphs.map((_, i) => i + 1));
    expect(sent.at(-1)?.endsWith(MORE_HINT)).toBe(true);
  });

  it('sends /timkiem passages within the limit', async () => {
    await bot.handleUpdate(update('chat-search', '/timkiem quy hoạch cán bộ'));
    const sent = standin.sentTexts('chat-search');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]).toMatch(/^Các đoạn liên quan \(1–3\)/);
    for (const part of sent) expect(part.length).toBeLessThanOrEqual(2000);
  });

  it('gives a chat outside the allow-list one short refusal and nothing else', async () => {
    const guarded = makeBot({ allowedChatIds: ['chat-allowed'] });
    await guarded.handleUpdate(update('chat-stranger', KL21));
    await guarded.handleUpdate(update('chat-stranger', '/help'));
    expect(standin.sentTexts('chat-stranger')).toEqual([NOT_ALLOWED_TEXT]);
    expect(standin.calls.filter((c) => c.body.chat_id === 'chat-stranger')).toHaveLength(1);
    await guarded.handleUpdate(update('chat-allowed', '/help'));
    expect(standin.sentTexts('chat-allowed')).toEqual([HELP_TEXT]);
  });

  it('rate-limits a user, telling them once', async () => {
    const limited = makeBot({ rateLimit: { max: 2, windowMs: 60_000 } });
    for (let i = 0; i < 4; i++) await limited.handleUpdate(update('chat-busy', '/help', { fromId: 'busy-user' }));
    expect(standin.sentTexts('chat-busy')).toEqual([HELP_TEXT, HELP_TEXT, RATE_LIMITED_TEXT]);
  });

  it('apologises when the conversation fails', async () => {
    const broken = makeBot({
      conversation: {
        reply: async () => {
          throw new Error('index gone');
        },
      },
    });
    await broken.handleUpdate(update('chat-broken', KL21));
    expect(standin.sentTexts('chat-broken')).toEqual([APOLOGY_TEXT]);
  });
});

describe('Zalo polling', () => {
  it('picks up queued updates (one or several per poll) and stops cleanly', async () => {
    const poller = makeBot();
    poller.startPolling();
    standin.queueUpdate(update('chat-poll', '/start'));
    await until(() => standin.sentTexts('chat-poll').length === 1);
    standin.queueUpdate(update('chat-poll-2', KL21));
    standin.queueUpdate(update('chat-poll-3', '/help'));
    await until(() => standin.sentTexts('chat-poll-2').length > 0 && standin.sentTexts('chat-poll-3').length > 0);
    expect(standin.sentTexts('chat-poll')).toEqual([START_TEXT]);
    expect(standin.sentTexts('chat-poll-2').join('\n')).toContain('05 nhóm nhiệm vụ');
    expect(standin.sentTexts('chat-poll-3')).toEqual([HELP_TEXT]);
    await poller.stop();
    // After stop() nothing polls any more (the in-flight poll was aborted): a queued update stays queued.
    await until(() => standin.openPolls() === 0);
    standin.queueUpdate(update('chat-poll-after', '/help'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(standin.pendingUpdates()).toBe(1);
    expect(standin.sentTexts('chat-poll-after')).toEqual([]);
  });
});

describe('Zalo API failures', () => {
  const cases: { name: string; failures: [number, 429 | 500 | 'drop'] }[] = [
    { name: 'two server errors', failures: [2, 500] },
    { name: 'a 429 with retry-after', failures: [1, 429] },
    { name: 'a dropped connection', failures: [1, 'drop'] },
  ];
  for (const { name, failures } of cases) {
    it(`still delivers both replies of a chat, in order, after ${name}`, async () => {
      const chatId = `chat-fail-${String(failures[1])}`;
      standin.failNext(failures[0], failures[1], 'sendMessage');
      // The slower question first: its reply must still come before the fast /help reply.
      await Promise.all([bot.handleUpdate(update(chatId, KL21)), bot.handleUpdate(update(chatId, '/help'))]);
      const sent = standin.sentTexts(chatId);
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(sent[0]).toContain('05 nhóm nhiệm vụ');
      expect(sent.at(-1)).toBe(HELP_TEXT);
      const failed = standin.calls.filter((c) => c.body.chat_id === chatId && c.method === 'sendMessage' && c.outcome !== 'ok');
      expect(failed.map((c) => c.outcome)).toEqual(Array(failures[0]).fill(failures[1]));
    });
  }

  it('answers even when the typing indicator fails', async () => {
    standin.failNext(1, 500, 'sendChatAction');
    await bot.handleUpdate(update('chat-typing', '/help'));
    expect(standin.sentTexts('chat-typing')).toEqual([HELP_TEXT]);
  });

  it('reports an unknown token as an API error', async () => {
    const client = createZaloClient({ token: 'bad-token', apiRoot: standin.apiRoot });
    await expect(client.getMe()).rejects.toMatchObject({ errorCode: 401, description: 'Unauthorized' });
    await expect(client.getMe()).rejects.toBeInstanceOf(ZaloApiError);
  });
});

describe('parseUpdates', () => {
  it('accepts one update, a list, nothing, and the {ok, result} wrapper; drops malformed ones', () => {
    const one = update('c', 'hi');
    expect(parseUpdates(one)).toHaveLength(1);
    expect(parseUpdates([one, one])).toHaveLength(2);
    expect(parseUpdates({ ok: true, result: one })).toHaveLength(1);
    expect(parseUpdates(null)).toEqual([]);
    expect(parseUpdates([])).toEqual([]);
    expect(parseUpdates([{ event_name: 'message.text.received', message: { text: 'no ids' } }, one])).toHaveLength(1);
    expect(parseUpdates({ event_name: 'x', message: { message_id: 7, chat: { id: 8 } } })[0]?.message?.chat.id).toBe('8');
  });
});
