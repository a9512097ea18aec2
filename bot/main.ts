/**
 * `npm start`: the product's main job. Reads `.env`, loads the index (building it from CORPUS_DIR
 * first when there is none, or when the one there cannot be loaded), checks every configured bot
 * (getMe: a wrong token stops here, before anything listens), serves the HTTP API and the web page,
 * and runs the bots. State that must survive a restart lives in STATE_DB. SIGTERM/SIGINT stop it
 * gracefully; a failure to start closes what was opened and exits 1 with the reason.
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
import { startupLines } from './main-lines.ts';
import { createLibrary } from './library.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openSqliteStore } from './state/sqlite.ts';
import { storedChatMemory } from './state/store.ts';
import { createTelegramBot, startTelegram } from './telegram/bot.ts';
import { telegramWebhookPlugin } from './telegram/webhook.ts';
import { createZaloBot } from './zalo/bot.ts';
import { zaloWebhookPlugin } from './zalo/webhook.ts';

/** The configured ingest, counted in /metrics; skipped files are logged. */
async function buildIndex(config: Config, log: Logger, metrics: Metrics): Promise<{ skipped: ReadonlyArray<{ file: string; reason: string }> }> {
  // Imported only here: the ingest pipeline (loaders, PDF/DOCX parsers, the tokenizer and
  // Transformers.js) is hundreds of MB a server with an index never needs.
  const { ingestConfigured } = await import('../ingest/configured.ts');
  const started = performance.now();
  try {
    const report = await ingestConfigured(config);
    const seconds = (performance.now() - started) / 1000;
    metrics.observeIngest(report.built ? 'built' : 'unchanged', seconds);
    for (const skip of report.skipped) log.warn({ file: skip.file, reason: skip.reason }, 'skipped a corpus file');
    log.info({ documents: report.documents, chunks: report.chunks, ms: Math.round(seconds * 1000), built: report.built }, 'index built');
    return report;
  } catch (error) {
    metrics.observeIngest('failed', (performance.now() - started) / 1000);
    throw error;
  }
}

/** Builds the index when missing or unloadable, then opens the engine on it. */
async function openEngine(config: Config, log: Logger, metrics: Metrics): Promise<AnswerEngine> {
  try {
    return await AnswerEngine.open(config);
  } catch (error) {
    if (!(error instanceof IndexLoadError)) throw error;
    log.info({ corpus: config.CORPUS_DIR }, 'no usable index yet: building it from the corpus now (first run; this takes a moment)');
    log.debug({ reason: error.reason }, 'why the index could not be loaded');
  }
  const { ingestConfigured } = await import('../ingest/configured.ts');
  const started = performance.now();
  const report = await ingestConfigured(config, { force: true });
  metrics.observeIngest('built', (performance.now() - started) / 1000);
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
  const metrics = createMetrics();
  const closers: Array<() => Promise<void> | void> = [];
  const stops: Array<() => Promise<void>> = [];
  let app: FastifyInstance | null = null;
  const closeAll = async (): Promise<void> => {
    // Bots stop taking updates first; the server then finishes in-flight requests before closing.
    await Promise.allSettled(stops.map((stop) => stop()));
    if (app) await app.close();
    for (const close of closers.reverse()) await close();
  };

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await closeAll();
    log.info('stopped');
  };
  // From the start: a signal during the first index build still stops the process cleanly.
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

  try {
    const state = openSqliteStore(config.STATE_DB);
    closers.push(() => state.close());
    const engine = await openEngine(config, log, metrics);
    closers.push(() => engine.dispose());
    const { counts, dense, builtAt } = engine.index.manifest;
    log.info({ documents: counts.documents, chunks: counts.chunks, builtAt, state: config.STATE_DB }, 'index loaded');
    if (!engine.dense) log.warn({ reason: engine.denseOffReason ?? dense.reason }, 'dense search is off; answering lexical-only');

    // A build made live by `npm run ingest` is swapped in without a restart.
    if (config.INDEX_WATCH_MS > 0) {
      const watch = watchIndex(engine, config.INDEX_DIR, {
        intervalMs: config.INDEX_WATCH_MS,
        onSwap: (index) => log.info({ chunks: index.manifest.counts.chunks, builtAt: index.manifest.builtAt }, 'new index swapped in'),
        onError: (error) => log.warn({ err: error }, 'a new index could not be loaded; serving the current one'),
      });
      closers.push(() => watch.stop());
    }

    const conversation = new Conversation(engine, { memory: storedChatMemory(state) });
    const rateLimit = { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS };
    const plugins: Array<(app: FastifyInstance) => Promise<void>> = [];
    const library = createLibrary({
      corpusDir: config.CORPUS_DIR,
      rebuild: () => buildIndex(config, log, metrics),
      reload: async () => {
        // Questions still running finish on the index they started with (AnswerEngine.replaceIndex).
        const index = await engine.reload(config.INDEX_DIR);
        log.info({ documents: index.documents.length, chunks: index.chunks.length }, 'index reloaded');
        return engine;
      },
      pagesOf: async (file) => {
        const { pagesOf } = await import('./library-pages.ts');
        return pagesOf(file);
      },
    });

    const telegram = config.TELEGRAM_BOT_TOKEN
      ? createTelegramBot({
          conversation,
          token: config.TELEGRAM_BOT_TOKEN,
          apiRoot: config.TELEGRAM_API_ROOT,
          allowedChatIds: config.ALLOWED_CHAT_IDS,
          adminChatIds: config.TELEGRAM_ADMIN_CHAT_IDS,
          library,
          lookup: (text) => engine.lookupReference(text),
          rateLimit,
          state,
          metrics,
          logger: log.child({ surface: 'telegram' }),
        })
      : null;
    if (telegram) {
      // getMe before anything listens: a wrong token is a clear error now, not a silent bot later.
      await telegram.init().catch((error: unknown) => {
        throw new Error(`TELEGRAM_BOT_TOKEN was refused by the Bot API (getMe: ${error instanceof Error ? error.message : String(error)})`);
      });
      if (config.TELEGRAM_WEBHOOK_URL) plugins.push(telegramWebhookPlugin(telegram, config.TELEGRAM_WEBHOOK_SECRET));
    }

    const zalo = config.ZALO_BOT_TOKEN
      ? createZaloBot({
          conversation,
          token: config.ZALO_BOT_TOKEN,
          apiRoot: config.ZALO_API_ROOT,
          allowedChatIds: config.ALLOWED_CHAT_IDS,
          rateLimit,
          state,
          metrics,
          ...(config.ZALO_BOT_NAME ? { botName: config.ZALO_BOT_NAME } : {}),
          logger: log.child({ surface: 'zalo' }),
        })
      : null;
    if (zalo) {
      const me = await zalo.start();
      log.info({ id: me.id, account: me.accountName, name: config.ZALO_BOT_NAME || me.displayName }, 'zalo bot checked (getMe)');
      if (config.ZALO_WEBHOOK_URL) plugins.push(zaloWebhookPlugin(zalo, config.ZALO_WEBHOOK_SECRET));
    }

    app = await buildServer({ engine, config, conversation, state, metrics, logger: log, plugins });
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    const port = Number(new URL(address).port) || config.PORT;
    for (const line of startupLines(config, port)) process.stderr.write(`${line}\n`);
    log.info({ address, host: config.HOST, port }, 'listening');

    if (telegram) {
      const mode = config.TELEGRAM_WEBHOOK_URL
        ? ({ kind: 'webhook', url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } as const)
        : ({ kind: 'polling' } as const);
      const running = await startTelegram(telegram, mode, log.child({ surface: 'telegram' }));
      stops.push(() => running.stop());
      log.info({ username: telegram.botInfo.username, mode: mode.kind }, 'telegram bot started');
    }
    if (zalo) {
      stops.push(() => zalo.stop());
      if (config.ZALO_WEBHOOK_URL) {
        // After listening: the platform checks the URL when the webhook is set.
        await zalo.setWebhook(config.ZALO_WEBHOOK_URL, config.ZALO_WEBHOOK_SECRET);
        log.info('zalo bot: webhook mode');
      } else {
        await zalo.deleteWebhook().catch((error: unknown) => log.warn({ err: error }, 'zalo deleteWebhook failed'));
        zalo.startPolling();
        log.info('zalo bot: long polling');
      }
    }
  } catch (error) {
    log.fatal({ err: error }, 'could not start');
    process.stderr.write(`Không khởi động được: ${error instanceof Error ? error.message : String(error)}\n`);
    stopping = true;
    await closeAll().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
