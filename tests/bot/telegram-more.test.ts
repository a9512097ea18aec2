/**
 * Telegram beyond plain text, end to end against the Bot API stand-in: captions are questions,
 * voice gets a hint, an admin's document is downloaded (getFile), added to the library (a real
 * ingest into a copy of the corpus) and answered from at once, others are refused politely; an
 * edited question edits the reply; a paste the client split in two is answered once; inline mode
 * gives reference cards; 👍/👎 are kept with the answer; "Nguồn" writes dates as the reply does.
 */
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../bot/conversation.ts';
import { createLibrary } from '../../bot/library.ts';
import { memoryStore } from '../../bot/state/store.ts';
import { ALLOWED_UPDATES, createTelegramBot, DOCUMENT_REFUSAL_TEXT, THANKS_TEXT, VOICE_HINT, startTelegram, type TelegramBotDeps } from '../../bot/telegram/bot.ts';
import { telegramWebhookPlugin } from '../../bot/telegram/webhook.ts';
import { loadTokenCounter } from '../../embed/tokens.ts';
import { loadIndex } from '../../index/store.ts';
import { ingestCorpus } from '../../ingest/pipeline.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { startTelegramStandin, type RecordedCall, type TelegramStandin } from '../../testkit/telegram-standin.ts';
import { copyCorpus, REPO_ROOT, tempDir } from '../helpers/ingest-run.ts';

const SECRET = 'test-webhook-secret_0123456789';
const ADMIN = 9001;
const QUESTION = 'Kết luận 21 có mấy nhóm nhiệm vụ?';

let standin: TelegramStandin;
let corpusDir: string;
let app: FastifyInstance;
let bot: Bot;
const state = memoryStore();
let nextId = 1;

async function ingestInto(corpus: string, indexDir: string): Promise<{ skipped: Array<{ file: string; reason: string }> }> {
  const tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: path.resolve(REPO_ROOT, '../shared/models') });
  const report = await ingestCorpus({
    corpusDir: corpus,
    indexDir,
    cacheDir: path.join(indexDir, '..', 'cache'),
    force: false,
    chunkMaxTokens: 320,
    tokens,
    embedder: { ok: false, reason: 'no model in tests' },
  });
  return { skipped: [...report.skipped] };
}

function message(chatId: number, fields: Record<string, unknown>, type: 'private' | 'supergroup' = 'private'): Update {
  const id = nextId++;
  return {
    update_id: 50_000 + id,
    message: {
      message_id: id,
      date: 1_700_000_000,
      chat: type === 'private' ? { id: chatId, type, first_name: 'Lan' } : { id: chatId, type, title: 'Chi bộ' },
      from: { id: Math.abs(chatId), is_bot: false, first_name: 'Lan' },
      ...fields,
    },
  } as unknown as Update;
}

async function deliver(update: Update): Promise<RecordedCall[]> {
  const before = standin.calls.length;
  const response = await app.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': SECRET }, payload: update });
  expect(response.statusCode).toBe(200);
  return standin.calls.slice(before);
}

const sentTexts = (calls: readonly RecordedCall[]): string[] => calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload['text']));
const buttonsOf = (call: RecordedCall | undefined): InlineKeyboardButton.CallbackButton[] =>
  ((call?.payload['reply_markup'] as { inline_keyboard?: InlineKeyboardButton.CallbackButton[][] } | undefined)?.inline_keyboard ?? []).flat();

beforeAll(async () => {
  standin = await startTelegramStandin();
  const work = await tempDir('telegram-library');
  corpusDir = await copyCorpus(path.join(work, 'corpus'));
  const indexDir = path.join(work, 'index');
  await ingestInto(corpusDir, indexDir);
  const engine = new AnswerEngine(await loadIndex(indexDir, { model: null }), null);
  const library = createLibrary({
    corpusDir,
    rebuild: () => ingestInto(corpusDir, indexDir),
    reload: async () => {
      await engine.reload(indexDir);
      return engine;
    },
  });
  const deps: TelegramBotDeps = {
    conversation: new Conversation(engine),
    token: standin.token,
    apiRoot: standin.apiRoot,
    allowedChatIds: [],
    rateLimit: { max: 1000, windowMs: 60_000 },
    state,
    adminChatIds: [String(ADMIN)],
    library,
    lookup: (text) => engine.lookupReference(text),
    joinWindowMs: 300,
  };
  bot = createTelegramBot(deps);
  await bot.init();
  app = Fastify();
  await app.register(telegramWebhookPlugin(bot, SECRET, { answerWithinMs: 60_000 }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await standin?.close();
});

describe('Telegram: media and documents', () => {
  it('answers the caption of a photo as a question', async () => {
    const texts = sentTexts(await deliver(message(1101, { photo: [{ file_id: 'p1', file_unique_id: 'p1', width: 10, height: 10 }], caption: QUESTION })));
    expect(texts.join('\n')).toContain('05 nhóm nhiệm vụ');
  });

  it('answers a voice message with one line of hint', async () => {
    const texts = sentTexts(await deliver(message(1102, { voice: { file_id: 'v1', file_unique_id: 'v1', duration: 3 } })));
    expect(texts).toEqual([VOICE_HINT]);
    expect(VOICE_HINT).not.toContain('\n');
  });

  it('refuses a document from a chat that is not an admin, politely', async () => {
    const fileId = standin.addFile(Buffer.from('Nội dung', 'utf8'), 'x.txt');
    const calls = await deliver(message(1103, { document: { file_id: fileId, file_unique_id: fileId, file_name: 'x.txt' } }));
    expect(sentTexts(calls)).toEqual([DOCUMENT_REFUSAL_TEXT]);
    expect(calls.map((c) => c.method)).not.toContain('getFile');
  });

  it('adds an admin\'s document to the library, reports what it found, and answers from it right away', async () => {
    const text = [
      'QUY ĐỊNH SỐ 99-QĐ/TW NGÀY 05/03/2024 CỦA BAN CHẤP HÀNH ĐẢNG BỘ THỬ NGHIỆM',
      'về công tác lưu trữ hồ sơ thử nghiệm',
      '',
      'Điều 1. Phạm vi',
      'Quy định này áp dụng cho 17 chi bộ thử nghiệm trực thuộc Đảng bộ thử nghiệm.',
      '',
      'Điều 2. Trách nhiệm',
      'Các chi bộ lưu trữ hồ sơ đầy đủ trong thời hạn 12 tháng kể từ ngày ban hành.',
    ].join('\n');
    const fileId = standin.addFile(Buffer.from(text, 'utf8'), 'Quy định 99 (thử).txt');
    const calls = await deliver(message(ADMIN, { document: { file_id: fileId, file_unique_id: fileId, file_name: 'Quy định 99 (thử).txt', file_size: text.length } }));
    expect(calls.map((c) => c.method)).toEqual(expect.arrayContaining(['getFile', 'file', 'sendMessage']));
    const report = sentTexts(calls).join('\n');
    expect(report).toContain('Đã thêm vào thư viện');
    expect(report).toMatch(/Số hiệu: .*99-QĐ\/TW/);
    expect(report).toMatch(/Số đoạn trích dẫn được: [1-9]/);
    const answer = sentTexts(await deliver(message(1104, { text: 'Quy định 99 áp dụng cho bao nhiêu chi bộ?' }))).join('\n');
    expect(answer).toContain('17 chi bộ');
  });
});

describe('Telegram: edits, long pastes, inline mode, feedback', () => {
  it('answers an edited question again by editing its reply', async () => {
    const original = message(1201, { text: 'Quy định 50 ban hành ngày nào?' });
    const first = await deliver(original);
    const sent = first.filter((c) => c.method === 'sendMessage');
    expect(sent).toHaveLength(1);
    const edited = {
      update_id: 60_000 + nextId++,
      edited_message: { ...original.message, text: QUESTION, edit_date: 1_700_000_100 },
    } as unknown as Update;
    const calls = await deliver(edited);
    const edits = calls.filter((c) => c.method === 'editMessageText');
    expect(edits).toHaveLength(1);
    expect(String(edits[0]?.payload['text'])).toContain('05 nhóm nhiệm vụ');
    expect(edits[0]?.payload['chat_id']).toBe(1201);
    expect(calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('joins a paste the client split at 4096 characters and answers it once', async () => {
    const long = `${'Xin hỏi về công tác cán bộ và quy hoạch. '.repeat(130)}`.slice(0, 5000);
    const [head, tail] = [long.slice(0, 4096), long.slice(4096)];
    const first = message(1301, { text: head });
    const second = message(1301, { text: tail });
    const before = standin.calls.length;
    await Promise.all([deliver(first), new Promise((resolve) => setTimeout(resolve, 20)).then(() => deliver(second))]);
    const texts = sentTexts(standin.calls.slice(before).filter((c) => c.payload['chat_id'] === 1301));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('5000 ký tự');
  });

  it('answers an inline query with reference cards', async () => {
    const calls = await deliver({
      update_id: 70_000 + nextId++,
      inline_query: { id: 'iq-1', from: { id: 1401, is_bot: false, first_name: 'Lan' }, query: 'Quy định 50', offset: '' },
    } as unknown as Update);
    const answer = calls.find((c) => c.method === 'answerInlineQuery');
    const results = answer?.payload['results'] as Array<{ type: string; title: string; input_message_content: { message_text: string } }>;
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]?.type).toBe('article');
    expect(results[0]?.title).toMatch(/Quy định.*50/);
    expect(results[0]?.input_message_content.message_text).toContain('Được nhắc tới');
  });

  it('keeps a 👍 with the question, answer and citations; "Nguồn" writes 01/2022, not 2022-01', async () => {
    const calls = await deliver(message(1501, { text: 'Hội nghị chuyên đề về công tác xây dựng Đảng của Tỉnh ủy Hậu Giang diễn ra khi nào?' }));
    const buttons = buttonsOf(calls.find((c) => c.method === 'sendMessage' && c.payload['reply_markup']));
    const up = buttons.find((b) => b.text === '👍');
    expect(up).toBeDefined();
    const press = (data: string) =>
      deliver({
        update_id: 80_000 + nextId++,
        callback_query: { id: `cb-${nextId}`, from: { id: 1501, is_bot: false, first_name: 'Lan' }, chat_instance: 'c', data, message: { message_id: 5, date: 1, chat: { id: 1501, type: 'private', first_name: 'Lan' }, text: '…' } },
      } as unknown as Update);
    const rated = await press(up?.callback_data ?? '');
    expect(rated.find((c) => c.method === 'answerCallbackQuery')?.payload['text']).toBe(THANKS_TEXT);
    const record = state.feedback.list().at(-1);
    expect(record).toMatchObject({ surface: 'telegram', chatKey: 'telegram:1501', rating: 'up' });
    expect(record?.citations.length).toBeGreaterThan(0);
    const sources = sentTexts(await press(buttons.find((b) => b.text === 'Nguồn')?.callback_data ?? '')).join('\n');
    expect(sources).not.toMatch(/\(\d{4}-\d{2}(-\d{2})?\)/);
    if (sources.includes('2022')) expect(sources).toMatch(/\((\d{2}\/)?(\d{2}\/)?20\d\d\)/);
  });

  it('asks Telegram for edits and inline queries too, in polling as in webhook mode', async () => {
    expect(ALLOWED_UPDATES).toEqual(expect.arrayContaining(['message', 'edited_message', 'callback_query', 'inline_query']));
    const polling = createTelegramBot({ conversation: new Conversation(new AnswerEngine(await loadIndex(path.join(corpusDir, '..', 'index'), { model: null }), null)), token: standin.token, apiRoot: standin.apiRoot, allowedChatIds: [], rateLimit: { max: 10, windowMs: 1000 } });
    const running = await startTelegram(polling, { kind: 'polling' });
    const poll = await standin.waitForCall((c) => c.method === 'getUpdates' && Array.isArray(c.payload['allowed_updates']));
    await running.stop();
    expect(poll.payload['allowed_updates']).toEqual([...ALLOWED_UPDATES]);
  });
});
