/**
 * The real product (`node --import tsx bot/main.ts`) as a person starts it, restarts it and
 * misconfigures it: the startup line says where to open it; after a restart (same STATE_DB) a
 * redelivered Telegram update is answered once and a button pressed on an old reply still works;
 * a refused Zalo token or a Zalo webhook secret outside 8–256 characters stops it with a clear
 * message before anything listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { InlineKeyboardButton } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTelegramStandin, type TelegramStandin } from '../../testkit/telegram-standin.ts';
import { startZaloStandin, type ZaloStandin } from '../../testkit/zalo-standin.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { REPO_ROOT, tempDir } from '../helpers/ingest-run.ts';

let telegram: TelegramStandin;
let zalo: ZaloStandin;
let indexDir: string;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Running {
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  readonly proc: ChildProcess;
}

function startProduct(env: NodeJS.ProcessEnv): Running {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bot/main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, INDEX_DIR: indexDir, CORPUS_DIR: path.join(REPO_ROOT, 'corpus'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let output = '';
  proc.stdout?.on('data', (data: Buffer) => (output += data.toString('utf8')));
  proc.stderr?.on('data', (data: Buffer) => (output += data.toString('utf8')));
  return { output: () => output, exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))), proc };
}

const waitForOutput = (run: Running, text: string | RegExp) =>
  vi.waitFor(() => expect(run.output()).toMatch(text), { timeout: 60_000, interval: 50 });

beforeAll(async () => {
  telegram = await startTelegramStandin();
  zalo = await startZaloStandin('123:zalo-standin-token');
  indexDir = (await buildCorpusIndex()).index.buildDir;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await telegram?.close();
  await zalo?.close();
});

describe('npm start across a restart', () => {
  it('says where to open it; a redelivered update is answered once and an old button still works', async () => {
    const stateDb = path.join(await tempDir('restart-state'), 'state.sqlite');
    const port = await freePort();
    const env = { PORT: String(port), STATE_DB: stateDb, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot };
    const update = {
      update_id: 424242,
      message: { message_id: 7, date: 1, chat: { id: 4242, type: 'private', first_name: 'Lan' }, from: { id: 4242, is_bot: false, first_name: 'Lan' }, text: 'Kết luận 21 có mấy nhóm nhiệm vụ?' },
    };
    const answersTo4242 = () => telegram.calls.filter((c) => c.method === 'sendMessage' && c.payload['chat_id'] === 4242);

    const first = startProduct(env);
    await waitForOutput(first, '"telegram bot started"');
    expect(first.output()).toContain(`vankien đang chạy: mở http://127.0.0.1:${port}/`);
    expect(first.output()).toContain('Chỉ máy này truy cập được');
    telegram.queueUpdate(update);
    await vi.waitFor(() => expect(answersTo4242()).toHaveLength(1), { timeout: 30_000 });
    const markup = answersTo4242()[0]?.payload['reply_markup'] as { inline_keyboard: InlineKeyboardButton.CallbackButton[][] };
    const sources = markup.inline_keyboard.flat().find((b) => b.text === 'Nguồn');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startProduct(env);
    await waitForOutput(second, '"telegram bot started"');
    // Telegram redelivers an update it believes was lost (the confirming getUpdates never came).
    telegram.queueUpdate(update);
    telegram.queueUpdate({
      update_id: 424243,
      callback_query: { id: 'cb-restart', from: { id: 4242, is_bot: false, first_name: 'Lan' }, chat_instance: 'c', data: sources?.callback_data, message: { message_id: 9, date: 1, chat: { id: 4242, type: 'private', first_name: 'Lan' }, text: '…' } },
    });
    await telegram.waitForCall((c) => c.method === 'answerCallbackQuery' && c.payload['callback_query_id'] === 'cb-restart', 30_000);
    await vi.waitFor(() => expect(answersTo4242()).toHaveLength(2), { timeout: 30_000 });
    const answer = telegram.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload['callback_query_id'] === 'cb-restart');
    expect(answer?.payload['text']).toBeUndefined();
    // The second message to the chat is the sources view, not a second answer to the question.
    expect(String(answersTo4242()[1]?.payload['text'])).toMatch(/^\[1\] /);
    expect(second.output()).toContain('repeated delivery ignored');
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

describe('npm start refuses a bad configuration before listening', () => {
  it('a refused Zalo token: exit 1, the reason, no port taken', async () => {
    const port = await freePort();
    const run = startProduct({ PORT: String(port), STATE_DB: path.join(await tempDir('bad-token'), 's.sqlite'), ZALO_BOT_TOKEN: 'wrong:token', ZALO_API_ROOT: zalo.apiRoot });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/ZALO_BOT_TOKEN was refused by the Zalo Bot API \(getMe: 401/);
    expect(run.output()).not.toContain('"listening"');
  });

  it('a Zalo webhook secret shorter than 8 characters: exit 2, naming the variable', async () => {
    const run = startProduct({ ZALO_BOT_TOKEN: '123:zalo-standin-token', ZALO_API_ROOT: zalo.apiRoot, ZALO_WEBHOOK_URL: 'https://bot.example.org/zalo/webhook', ZALO_WEBHOOK_SECRET: 'short' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/ZALO_WEBHOOK_SECRET: 8 to 256/);
    expect(zalo.calls.filter((c) => c.method === 'setWebhook')).toEqual([]);
  });
});
