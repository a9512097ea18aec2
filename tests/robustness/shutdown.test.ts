/**
 * Graceful shutdown of the real product (`node --import tsx bot/main.ts`) as a child process, on
 * an index built from the corpus, with the Telegram bot long-polling a loopback stand-in. SIGTERM
 * arrives while a request is still being received: that request is answered 200, new connections
 * are refused, polling stops, the logs say "stopped" and the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { REPO_ROOT } from '../helpers/ingest-run.ts';
import { startTelegramStandin, type TelegramStandin } from '../../testkit/telegram-standin.ts';

let standin: TelegramStandin;
let child: ChildProcess | undefined;

beforeAll(async () => {
  standin = await startTelegramStandin();
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await standin?.close();
});

/** A port nobody listens on right now (the child takes it a moment later). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const refusesConnections = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('SIGTERM', () => {
  it('finishes the in-flight request, stops polling, logs "stopped" and exits 0', async () => {
    const { index } = await buildCorpusIndex();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      INDEX_DIR: index.buildDir,
      CORPUS_DIR: path.join(REPO_ROOT, 'corpus'),
      EMBED_ALLOW_REMOTE: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: standin.token,
      TELEGRAM_API_ROOT: standin.apiRoot,
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bot/main.ts')], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (data: Buffer) => (output += data.toString('utf8')));
    proc.stderr?.on('data', (data: Buffer) => (output += data.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const waitForLog = (text: string, timeout = 60_000) =>
      vi.waitFor(() => expect(output).toContain(text), { timeout, interval: 50 });

    await waitForLog('"telegram bot started"');
    // Polling works: a queued message is answered.
    standin.queueUpdate({
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 77, type: 'private', first_name: 'a' }, from: { id: 77, is_bot: false, first_name: 'a' }, text: '/help' },
    });
    await standin.waitForCall((c) => c.method === 'sendMessage' && c.payload['chat_id'] === 77, 30_000);

    // A request whose body is still arriving when the signal comes.
    const body = Buffer.from(JSON.stringify({ question: 'Kết luận 21 có mấy nhóm nhiệm vụ?' }), 'utf8');
    const socket = net.connect({ host: '127.0.0.1', port });
    let response = '';
    socket.on('data', (data: Buffer) => (response += data.toString('utf8')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.subarray(0, 10));
    await waitForLog('"incoming request"');

    proc.kill('SIGTERM');
    await waitForLog('"shutting down"');
    // The server stops listening while the request is still open ...
    await vi.waitFor(async () => expect(await refusesConnections(port)).toBe(true), { timeout: 30_000, interval: 50 });
    expect(output).not.toContain('"stopped"');
    // Bots stop before the server closes, so polling has ended by now, while the process still
    // lives (it waits for the open request): no getUpdates in the next 1.5 s, where a poller that
    // kept going would make about three (the stand-in holds a long poll 500 ms at most).
    const pollsAtStop = standin.calls.filter((c) => c.method === 'getUpdates').length;
    expect(pollsAtStop).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proc.exitCode).toBeNull();
    expect(output).not.toContain('"stopped"');
    expect(standin.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(pollsAtStop);
    // ... and answers it once the rest arrives.
    socket.end(body.subarray(10));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    const answer = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { found: boolean; answer: string };
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain('05 nhóm nhiệm vụ');

    expect(await exited).toBe(0);
    expect(output).toContain('"stopped"');
    expect(output).not.toMatch(/"level":(50|60)/);
  });
});
