/**
 * The Zalo bot as the platform documents it, against the stand-in: groups answered only when the
 * bot is addressed by its full display name or replied to; getMe at start, a refused token a clear
 * error; getUpdates' timeout sent as a String; updates without event_name read, malformed ones
 * logged; captions answered, voice hinted; 👍 kept with the chat's last answer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conversation } from '../../bot/conversation.ts';
import { memoryStore } from '../../bot/state/store.ts';
import { addressedZaloText, createZaloBot, ratingOf, THANKS_TEXT, VOICE_HINT, ZaloStartError, type ZaloBot, type ZaloBotDeps } from '../../bot/zalo/bot.ts';
import { parseUpdates } from '../../bot/zalo/client.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { startZaloStandin, type ZaloStandin } from '../../testkit/zalo-standin.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

const TOKEN = '987654321:standin-token';
const NAME = 'Bot Văn Kiện';
const Q50 = 'Quy định 50 ban hành ngày nào?';

let standin: ZaloStandin;
let conversation: Conversation;
const bots: ZaloBot[] = [];
let nextId = 1;

function makeBot(overrides: Partial<ZaloBotDeps> = {}): ZaloBot {
  const bot = createZaloBot({
    conversation,
    token: TOKEN,
    apiRoot: standin.apiRoot,
    allowedChatIds: [],
    rateLimit: { max: 1000, windowMs: 60_000 },
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    pollTimeoutSec: 1,
    ...overrides,
  });
  bots.push(bot);
  return bot;
}

function groupMessage(chatId: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    event_name: 'message.text.received',
    message: {
      message_id: `g-${nextId++}`,
      text,
      chat: { id: chatId, chat_type: 'GROUP' },
      from: { id: 'member-1', display_name: 'Lan', is_bot: false },
      date: Date.now(),
      ...extra,
    },
  };
}

beforeAll(async () => {
  conversation = new Conversation(new AnswerEngine((await buildCorpusIndex()).index, null));
  standin = await startZaloStandin(TOKEN, { displayName: NAME });
});

afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await standin?.close();
});

describe('Zalo groups', () => {
  it('answers only when addressed by the full display name or replied to', async () => {
    const bot = makeBot();
    await bot.start();
    await bot.handleUpdate(groupMessage('group-1', 'Mọi người ơi chiều nay họp lúc mấy giờ?'));
    await bot.handleUpdate(groupMessage('group-1', '@Bot Quy định 50 ban hành ngày nào?'));
    expect(standin.sentTexts('group-1')).toEqual([]);
    await bot.handleUpdate(groupMessage('group-1', `@${NAME} ${Q50}`));
    const answered = standin.sentTexts('group-1').join('\n');
    expect(answered).toContain('27/12/2021');
    await bot.handleUpdate(groupMessage('group-1', 'Còn Kết luận 21 có mấy nhóm nhiệm vụ?', { reply_to_message: { message_id: 'x', from: { id: 'standin-bot', is_bot: true } } }));
    expect(standin.sentTexts('group-1').join('\n')).toContain('05 nhóm nhiệm vụ');
  });

  it('strips the whole mention, whatever its case, wherever it stands', () => {
    const message = groupMessage('g', '').message;
    const me = { id: 'bot', name: NAME };
    expect(addressedZaloText(message, `@${NAME} ${Q50}`, me)).toBe(Q50);
    expect(addressedZaloText(message, `${Q50} @bot văn kiện`, me)).toBe(Q50);
    expect(addressedZaloText(message, '@Bot Văn Kiện2 hỏi', me)).toBeNull();
    expect(addressedZaloText({ ...message, chat: { id: 'p', chat_type: 'PRIVATE' } }, Q50, me)).toBe(Q50);
  });
});

describe('Zalo start and request shapes', () => {
  it('calls getMe at start and names the token when it is refused', async () => {
    const wrong = makeBot({ token: 'wrong:token' });
    await expect(wrong.start()).rejects.toBeInstanceOf(ZaloStartError);
    await expect(wrong.start()).rejects.toThrow(/ZALO_BOT_TOKEN was refused .*401/);
    const info = await makeBot().start();
    expect(info).toMatchObject({ id: 'standin-bot', displayName: NAME });
  });

  it('long-polls with timeout as a String, reads updates without event_name, logs dropped ones', async () => {
    const warnings: object[] = [];
    const bot = makeBot({ logger: { info() {}, error() {}, warn: (obj: object) => void warnings.push(obj) } });
    bot.startPolling();
    // getUpdates' documented sample: {message: {...}} without event_name.
    standin.queueUpdate({ message: { message_id: 'np-1', text: '/help', chat: { id: 'chat-np', chat_type: 'PRIVATE' }, from: { id: 'u', display_name: 'A' }, date: 1 } });
    await vi.waitFor(() => expect(standin.sentTexts('chat-np').length).toBe(1), { timeout: 10_000 });
    standin.queueUpdate({ event_name: 'message.text.received', message: { text: 'no ids' } });
    await vi.waitFor(() => expect(warnings.length).toBeGreaterThan(0), { timeout: 10_000 });
    await bot.stop();
    const polls = standin.calls.filter((c) => c.method === 'getUpdates');
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.body.timeout).toBe('1');
    expect(polls.every((p) => p.outcome === 'ok')).toBe(true);
    expect(parseUpdates({ message: { message_id: 'x', photo: 'https://p', caption: 'c', chat: { id: 'c' } } })[0]?.event_name).toBe('message.image.received');
  });
});

describe('Zalo media and ratings', () => {
  it('answers an image caption, hints on voice, keeps a 👍 with the last answer', async () => {
    const state = memoryStore();
    const bot = makeBot({ state });
    const chat = { id: 'chat-media-2', chat_type: 'PRIVATE' };
    const from = { id: 'u-2', display_name: 'Lan', is_bot: false };
    await bot.handleUpdate({ event_name: 'message.image.received', message: { message_id: 'm1', photo: 'https://img', caption: 'Kết luận 21 có mấy nhóm nhiệm vụ?', chat, from } });
    await bot.handleUpdate({ event_name: 'message.voice.received', message: { message_id: 'm2', voice_url: 'https://v.aac', chat, from } });
    await bot.handleUpdate({ event_name: 'message.text.received', message: { message_id: 'm3', text: '👍🏻', chat, from } });
    const sent = standin.sentTexts('chat-media-2');
    expect(sent[0]).toContain('05 nhóm nhiệm vụ');
    expect(sent.slice(-2)).toEqual([VOICE_HINT, THANKS_TEXT]);
    expect(state.feedback.list()).toEqual([expect.objectContaining({ surface: 'zalo', chatKey: 'zalo:chat-media-2', rating: 'up', question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', found: true })]);
    expect([ratingOf('👎'), ratingOf(' 👍️ '), ratingOf('👍 tốt')]).toEqual(['down', 'up', null]);
  });
});
