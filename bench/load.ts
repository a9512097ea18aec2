/**
 * `npm run load`: the real product (`bot/main.ts`, a child process on loopback) under load, on an
 * index freshly built from the corpus. Four runs, each printed as a table:
 *  1. POST /api/ask with varied gold questions, N connections for D seconds, at a rate limit high
 *     enough to let every request through: throughput, latency, non-2xx, RSS over time.
 *  2. The same at the default rate limit, briefly: what a single client IP meets (429s).
 *  3. A flood far past capacity (400 connections): overload shedding answers 503 at once.
 *  4. The Telegram webhook with C chats sending at once against the Bot API stand-in: every update
 *     must be answered exactly once (sendMessage counted per chat).
 * Flags: --connections 50 --duration 30 --default-limit-duration 5 --flood-connections 400 (0: skip)
 * --flood-duration 10 --chats 20 --messages 10 --skip-telegram. Not part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../config.ts';
import { ingestConfigured } from '../ingest/configured.ts';
import { AnswerEngine } from '../retrieval/engine.ts';
import { startTelegramStandin } from '../testkit/telegram-standin.ts';
import { Conversation, parseIntent } from '../bot/conversation.ts';
import { toTelegramHtml } from '../bot/telegram/format.ts';
import { percentile, rssLine, rssMb, sampledRss, startProduct, stopAll, table } from './load-tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

interface AskRun {
  readonly statuses: Record<string, number>;
  readonly latencies: number[];
  /** Seconds into the run at which the slowest response arrived. */
  readonly slowestAt: number;
  readonly result: autocannon.Result;
}

function askLoad(base: string, questions: readonly string[], connections: number, seconds: number): Promise<AskRun> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  let slowestAt = 0;
  let slowest = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/ask',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: questions[next++ % questions.length] }) }),
          },
        ],
      },
      (error, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve({ statuses, latencies, slowestAt, result }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (responseTime > slowest) {
        slowest = responseTime;
        slowestAt = (performance.now() - started) / 1000;
      }
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

function askRow(run: AskRun): Record<string, string | number> {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const total = run.latencies.length;
  return {
    requests: total,
    'req/s': total / run.result.duration,
    'p50 ms': percentile(sorted, 50),
    'p95 ms': percentile(sorted, 95),
    'p99 ms': percentile(sorted, 99),
    'max ms': sorted.at(-1) ?? Number.NaN,
    'non-2xx': total - Object.entries(run.statuses).reduce((n, [s, c]) => n + (s.startsWith('2') ? c : 0), 0),
    errors: run.result.errors,
    timeouts: run.result.timeouts,
  };
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      'default-limit-duration': { type: 'string', default: '5' },
      'flood-connections': { type: 'string', default: '400' },
      'flood-duration': { type: 'string', default: '10' },
      chats: { type: 'string', default: '20' },
      messages: { type: 'string', default: '10' },
      'skip-telegram': { type: 'boolean', default: false },
    },
  });
  const connections = Number(flags.connections);
  const duration = Number(flags.duration);
  const questions = readFileSync(path.join(ROOT, 'eval/gold.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);

  const work = await mkdtemp(path.join(os.tmpdir(), 'vankien-load-'));
  const indexDir = path.join(work, 'index');
  const config = loadConfig({ ...process.env, INDEX_DIR: indexDir, CORPUS_DIR: path.join(ROOT, 'corpus'), EMBED_CACHE_DIR: path.join(work, 'cache') });
  const report = await ingestConfigured(config, { force: true });
  const common = {
    INDEX_DIR: indexDir,
    CORPUS_DIR: config.CORPUS_DIR,
    EMBED_MODEL: config.EMBED_MODEL,
    EMBED_MODEL_DIR: config.EMBED_MODEL_DIR,
    EMBED_DTYPE: config.EMBED_DTYPE,
    EMBED_ALLOW_REMOTE: 'false',
    // The environment's overload settings reach the product (OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=0 npm run load).
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: String(config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS),
    OVERLOAD_MAX_HEAP_MB: String(config.OVERLOAD_MAX_HEAP_MB),
  };
  console.log(`index: ${report.documents} documents, ${report.chunks} chunks; ${questions.length} gold questions; node ${process.version}, ${os.cpus().length} cores\n`);

  try {
    // 1. Throughput with a rate limit out of the way.
    const product = await startProduct({ ...common, RATE_LIMIT_MAX: '100000000' }, path.join(work, 'ask.log'));
    for (const question of questions) {
      await fetch(`${product.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    }
    const before = rssMb(product.pid);
    const { result: run, samples } = await sampledRss(product.pid, 1000, () => askLoad(product.base, questions, connections, duration));
    const after = rssMb(product.pid);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idle = rssMb(product.pid);
    const errorLines = product.errorLines();
    const exit = await product.stop();
    console.log(`POST /api/ask — ${connections} connections, ${duration} s, RATE_LIMIT_MAX=100000000, LOG_LEVEL=info`);
    console.log(table([askRow(run)]));
    console.log(`status codes: ${JSON.stringify(run.statuses)}; slowest response at +${run.slowestAt.toFixed(1)} s; error log lines: ${errorLines}; exit on SIGTERM: ${exit}`);
    console.log(`${rssLine(before, samples, after, 1000)}, 5 s idle later ${idle.toFixed(1)}\n`);

    // 2. The default limit: every autocannon client shares one IP.
    const limited = await startProduct(common, path.join(work, 'limited.log'));
    const limitedRun = await askLoad(limited.base, questions, connections, Number(flags['default-limit-duration']));
    await limited.stop();
    console.log(`POST /api/ask — default rate limit (RATE_LIMIT_MAX=${loadConfig({}).RATE_LIMIT_MAX} per ${loadConfig({}).RATE_LIMIT_WINDOW_MS / 1000} s per IP), ${connections} connections from one IP, ${flags['default-limit-duration']} s`);
    console.log(table([askRow(limitedRun)]));
    console.log(`status codes: ${JSON.stringify(limitedRun.statuses)}\n`);

    // 3. A flood far past capacity: shed with 503 at once rather than queued.
    const floodConnections = Number(flags['flood-connections']);
    if (floodConnections > 0) {
      const flooded = await startProduct({ ...common, RATE_LIMIT_MAX: '100000000' }, path.join(work, 'flood.log'));
      const floodRun = await askLoad(flooded.base, questions, floodConnections, Number(flags['flood-duration']));
      await flooded.stop();
      console.log(`POST /api/ask — flood: ${floodConnections} connections, ${flags['flood-duration']} s, OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=${config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS}`);
      console.log(table([askRow(floodRun)]));
      const served = floodRun.latencies.length - (floodRun.statuses['503'] ?? 0);
      console.log(`status codes: ${JSON.stringify(floodRun.statuses)}; answered (not shed): ${served}\n`);
    }

    if (!flags['skip-telegram']) await telegramLoad(common, questions, Number(flags.chats), Number(flags.messages), config, path.join(work, 'telegram.log'));
  } finally {
    await stopAll();
    await rm(work, { recursive: true, force: true });
  }
}

/** C chats at once, each sending its messages one after another, as Telegram delivers them. */
async function telegramLoad(
  common: Record<string, string>,
  questions: readonly string[],
  chats: number,
  messages: number,
  config: ReturnType<typeof loadConfig>,
  logFile: string,
): Promise<void> {
  // How many messages each answer takes: the bot splits long answers exactly like this.
  const engine = await AnswerEngine.open(config);
  const conversation = new Conversation(engine);
  const partsOf = new Map<string, number>();
  for (const question of new Set(questions)) partsOf.set(question, toTelegramHtml((await conversation.reply(parseIntent(question))).text).length);
  await engine.dispose();

  const standin = await startTelegramStandin();
  const secret = 'load-run-webhook-secret';
  const product = await startProduct({
    ...common,
    RATE_LIMIT_MAX: '100000000',
    TELEGRAM_BOT_TOKEN: standin.token,
    TELEGRAM_API_ROOT: standin.apiRoot,
    // Only ever sent to the stand-in's setWebhook: nothing leaves the machine.
    TELEGRAM_WEBHOOK_URL: 'https://vankien.invalid/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: secret,
  }, logFile);
  try {
    await standin.waitForCall((c) => c.method === 'setWebhook', 60_000);
    const expected = new Map<number, number>();
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let errors = 0;
    let updateId = 1;
    const before = rssMb(product.pid);
    const started = performance.now();
    const { samples } = await sampledRss(product.pid, 500, () =>
      Promise.all(
        Array.from({ length: chats }, async (_, c) => {
          const chatId = 900_000 + c;
          for (let m = 0; m < messages; m++) {
            const question = questions[(c * messages + m) % questions.length] ?? '';
            expected.set(chatId, (expected.get(chatId) ?? 0) + (partsOf.get(question) ?? 1));
            const id = updateId++;
            const update = { update_id: id, message: { message_id: id, date: 1, chat: { id: chatId, type: 'private', first_name: 'a' }, from: { id: chatId, is_bot: false, first_name: 'a' }, text: question } };
            const t0 = performance.now();
            try {
              const response = await fetch(`${product.base}/telegram/webhook`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
                body: JSON.stringify(update),
              });
              await response.arrayBuffer();
              statuses[response.status] = (statuses[response.status] ?? 0) + 1;
            } catch {
              errors++;
            }
            latencies.push(performance.now() - t0);
          }
        }),
      ),
    );
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    const sentTo = (chatId: number) => standin.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && c.payload['chat_id'] === chatId).length;
    const sentAll = () => [...expected.keys()].reduce((n, chatId) => n + sentTo(chatId), 0);
    for (let waited = 0; sentAll() < total && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - started) / 1000;
    // Late duplicates would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = rssMb(product.pid);
    const wrong = [...expected].filter(([chatId, n]) => sentTo(chatId) !== n).map(([chatId, n]) => `${chatId}: ${sentTo(chatId)}/${n}`);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`Telegram webhook — ${chats} chats × ${messages} messages at once, Bot API stand-in on loopback`);
    console.log(
      table([
        {
          updates: latencies.length,
          'updates/s': latencies.length / seconds,
          'p50 ms': percentile(sorted, 50),
          'p95 ms': percentile(sorted, 95),
          'p99 ms': percentile(sorted, 99),
          'non-2xx': latencies.length - (statuses['200'] ?? 0),
          errors,
          'sendMessage expected': total,
          'sendMessage sent': sentAll(),
          'chats exactly once': `${chats - wrong.length}/${chats}`,
        },
      ]),
    );
    console.log(`status codes: ${JSON.stringify(statuses)}; error log lines: ${product.errorLines()}${wrong.length > 0 ? `; wrong counts: ${wrong.join(', ')}` : ''}`);
    console.log(`${rssLine(before, samples, after, 500)}\n`);
  } finally {
    await product.stop();
    await standin.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
