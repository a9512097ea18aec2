/**
 * `npm start`: the product's main job. Loads the index (building it from CORPUS_DIR first when
 * there is none, or when the one there cannot be loaded), serves the HTTP API and the web page, and
 * runs the chat bots whose tokens are configured. SIGTERM/SIGINT stop it gracefully.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfigOrReport, type Config } from '../config.ts';
import { IndexLoadError } from '../index/store.ts';
import { AnswerEngine } from '../retrieval/engine.ts';
import { watchIndex } from '../retrieval/live.ts';
import { Conversation } from './conversation.ts';
import { createLogger } from './http/logging.ts';
import { buildServer } from './http/server.ts';
import { createTelegramBot, startTelegram } from './telegram/bot.ts';
import { telegramWebhookPlugin } from './telegram/webhook.ts';
import { createZaloBot } from './zalo/bot.ts';
import { zaloWebhookPlugin } from './zalo/webhook.ts';

/** Builds the index when missing or unloadable, then opens the engine on it. */
async function openEngine(config: Config, log: Logger): Promise<AnswerEngine> {
  try {
    return await AnswerEngine.open(config);
  } catch (error) {
    if (!(error instanceof IndexLoadError)) throw error;
    log.warn({ reason: error.reason }, 'no usable index; building it from the corpus');
  }
  // Imported only here: the ingest pipeline (loaders, PDF/DOCX parsers, the tokenizer and
  // Transformers.js) is hundreds of MB a server with an index never needs.
  const { ingestConfigured } = await import('../ingest/configured.ts');
  const report = await ingestConfigured(config, { force: true });
  for (const skip of report.skipped) log.warn({ file: skip.file, reason: skip.reason }, 'skipped a corpus file');
  log.info({ documents: report.documents, chunks: report.chunks, ms: Math.round(report.tookMs) }, 'index built');
  return AnswerEngine.open(config);
}

async function main(): Promise<void> {
  const config = loadConfigOrReport();
  if (config === null) {
    process.exitCode = 2;
    return;
  }
  // Scrubs tokens, keys and webhook secrets from every line (grammY errors carry the token in URLs).
  const log = createLogger(config);
  const engine = await openEngine(config, log);
  const { counts, dense, builtAt } = engine.index.manifest;
  log.info({ documents: counts.documents, chunks: counts.chunks, builtAt }, 'index loaded');
  if (!engine.dense) log.warn({ reason: engine.denseOffReason ?? dense.reason }, 'dense search is off; answering lexical-only');

  // A build made live by `npm run ingest` is swapped in without a restart (requests in flight finish on the old one).
  const watch =
    config.INDEX_WATCH_MS > 0
      ? watchIndex(engine, config.INDEX_DIR, {
          intervalMs: config.INDEX_WATCH_MS,
          onSwap: (index) => log.info({ chunks: index.manifest.counts.chunks, builtAt: index.manifest.builtAt }, 'new index swapped in'),
          onError: (error) => log.warn({ err: error }, 'a new index could not be loaded; serving the current one'),
        })
      : null;
  const conversation = new Conversation(engine);
  const rateLimit = { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS };
  const plugins: Array<(app: FastifyInstance) => Promise<void>> = [];
  const stops: Array<() => Promise<void>> = [];

  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramBot({
        conversation,
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        allowedChatIds: config.ALLOWED_CHAT_IDS,
        rateLimit,
        logger: log.child({ surface: 'telegram' }),
      })
    : null;
  if (telegram && config.TELEGRAM_WEBHOOK_URL) plugins.push(telegramWebhookPlugin(telegram, config.TELEGRAM_WEBHOOK_SECRET));

  const zalo = config.ZALO_BOT_TOKEN
    ? createZaloBot({
        conversation,
        token: config.ZALO_BOT_TOKEN,
        apiRoot: config.ZALO_API_ROOT,
        allowedChatIds: config.ALLOWED_CHAT_IDS,
        rateLimit,
        logger: log.child({ surface: 'zalo' }),
      })
    : null;
  if (zalo && config.ZALO_WEBHOOK_URL) plugins.push(zaloWebhookPlugin(zalo, config.ZALO_WEBHOOK_SECRET));

  const app = await buildServer({ engine, config, plugins });
  await app.listen({ host: config.HOST, port: config.PORT });

  if (telegram) {
    const mode = config.TELEGRAM_WEBHOOK_URL
      ? ({ kind: 'webhook', url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } as const)
      : ({ kind: 'polling' } as const);
    const running = await startTelegram(telegram, mode, log.child({ surface: 'telegram' }));
    stops.push(() => running.stop());
    log.info({ username: telegram.botInfo.username, mode: mode.kind }, 'telegram bot started');
  }
  if (zalo) {
    if (config.ZALO_WEBHOOK_URL) {
      await zalo.setWebhook(config.ZALO_WEBHOOK_URL, config.ZALO_WEBHOOK_SECRET);
      log.info('zalo bot: webhook mode');
    } else {
      await zalo.deleteWebhook().catch((error: unknown) => log.warn({ err: error }, 'zalo deleteWebhook failed'));
      zalo.startPolling();
      log.info('zalo bot: long polling');
    }
    stops.push(() => zalo.stop());
  }

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    watch?.stop();
    // Bots stop taking updates first; the server then finishes in-flight requests before closing.
    await Promise.allSettled(stops.map((stop) => stop()));
    await app.close();
    await engine.dispose();
    log.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
