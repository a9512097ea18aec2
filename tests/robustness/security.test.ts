/**
 * Who gets in and what leaks, on real servers over loopback: the API key on every /api route,
 * security headers, CORS (off unless configured), per-IP limits behind a trusted proxy only,
 * overload shedding (503, not an unbounded queue), and no secret in any log line.
 * The chat allow-lists are tested with the bots: tests/bot/telegram.test.ts ("gives a chat outside
 * ALLOWED_CHAT_IDS only the refusal") and tests/bot/zalo.test.ts ("gives a chat outside the
 * allow-list one short refusal and nothing else"); webhook secrets there too ("refuses …").
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conversation } from '../../bot/conversation.ts';
import { OVERLOAD_RETRY_AFTER_S } from '../../bot/http/guards.ts';
import { createLogger } from '../../bot/http/logging.ts';
import { buildServer, type ServerConfig } from '../../bot/http/server.ts';
import { createTelegramBot } from '../../bot/telegram/bot.ts';
import { telegramWebhookPlugin } from '../../bot/telegram/webhook.ts';
import { createZaloBot } from '../../bot/zalo/bot.ts';
import { zaloWebhookPlugin } from '../../bot/zalo/webhook.ts';
import type { LoadedIndex } from '../../index/store.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { startTelegramStandin, type TelegramStandin } from '../../testkit/telegram-standin.ts';
import { startZaloStandin, type ZaloStandin } from '../../testkit/zalo-standin.ts';

const KEY = 'api-key-0123456789-abcdef';
const KL21 = '2022-01-phat-bieu-be-mac-hoi-nghi-chuyen-de-xay-dung-dang';
const BASE_CONFIG: ServerConfig = { API_KEY: '', RATE_LIMIT_MAX: 10_000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' };

let index: LoadedIndex;
const servers: FastifyInstance[] = [];

async function start(config: Partial<ServerConfig> = {}, extra: Partial<Parameters<typeof buildServer>[0]> = {}): Promise<string> {
  const app = await buildServer({ engine: new AnswerEngine(index, null), config: { ...BASE_CONFIG, ...config }, logger: false, ...extra });
  servers.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  index = (await buildCorpusIndex()).index;
});

afterAll(async () => {
  await Promise.all(servers.map((app) => app.close()));
});

/** Every /api route, with a request that succeeds given the key (or 404s, for an unknown id). */
const API_ROUTES: ReadonlyArray<{ method: string; path: string; body?: object; openapi: string; ok: number }> = [
  { method: 'POST', path: '/api/ask', body: { question: 'Kết luận 21 có mấy nhóm nhiệm vụ?' }, openapi: '/api/ask', ok: 200 },
  { method: 'POST', path: '/api/check', body: { claim: 'Quy định 50 ban hành ngày 27/12/2021' }, openapi: '/api/check', ok: 200 },
  { method: 'GET', path: `/api/search?q=${encodeURIComponent('quy hoạch cán bộ')}`, openapi: '/api/search', ok: 200 },
  { method: 'GET', path: '/api/documents', openapi: '/api/documents', ok: 200 },
  { method: 'HEAD', path: '/api/documents', openapi: '/api/documents', ok: 200 },
  { method: 'GET', path: `/api/documents/${KL21}`, openapi: '/api/documents/{docId}', ok: 200 },
  { method: 'GET', path: `/api/documents/thu-muc/${KL21}`, openapi: '/api/documents/{docId}', ok: 404 },
  { method: 'GET', path: `/api/references?q=${encodeURIComponent('Quy định 50')}`, openapi: '/api/references', ok: 200 },
  { method: 'POST', path: '/api/feedback', body: { answerId: 'expired1', rating: 'up' }, openapi: '/api/feedback', ok: 404 },
  { method: 'GET', path: '/api/examples', openapi: '/api/examples', ok: 200 },
  { method: 'GET', path: '/api/status', openapi: '/api/status', ok: 200 },
];

const send = (base: string, route: (typeof API_ROUTES)[number], headers: Record<string, string>) =>
  fetch(`${base}${route.path}`, {
    method: route.method,
    headers: { ...headers, ...(route.body ? { 'content-type': 'application/json' } : {}) },
    ...(route.body ? { body: JSON.stringify(route.body) } : {}),
  });

describe('API key', () => {
  let base: string;
  beforeAll(async () => {
    base = await start({ API_KEY: KEY });
  });

  it('is required on every /api route, and opens each of them', async () => {
    for (const route of API_ROUTES) {
      const name = `${route.method} ${route.path}`;
      const wrong: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${KEY}-x` }, { authorization: KEY }];
      for (const headers of wrong) {
        const refused = await send(base, route, headers);
        expect(refused.status, name).toBe(401);
        if (route.method !== 'HEAD') expect(((await refused.json()) as { error: string }).error, name).toBe('unauthorized');
      }
      expect((await send(base, route, { authorization: `Bearer ${KEY}` })).status, name).toBe(route.ok);
    }
  });

  it('the list above covers every /api route of the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${base}/docs/json`)).json()) as { paths: Record<string, object> };
    const documented = Object.keys(openapi.paths).filter((p) => p.startsWith('/api/'));
    expect(documented.length).toBeGreaterThan(0);
    for (const path of documented) expect(API_ROUTES.map((r) => r.openapi), path).toContain(path);
  });
});

describe('security headers', () => {
  it('are on the API, errors, the page and /docs; each page keeps its own policy', async () => {
    const base = await start({ API_KEY: KEY });
    for (const path of ['/api/documents', '/healthz', '/nope', '/', '/app.js', '/docs/static/index.html']) {
      const response = await fetch(`${base}${path}`);
      const h = response.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      expect(h.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(h.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(h.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(h.get('x-powered-by'), path).toBeNull();
    }
    const csp = async (path: string) => (await fetch(`${base}${path}`)).headers.get('content-security-policy') ?? '';
    expect(await csp('/api/documents')).toMatch(/^default-src 'none'/);
    expect(await csp('/')).toContain("script-src 'self'");
    expect(await csp('/docs/static/index.html')).toContain("script-src 'self'");
    expect(await csp('/docs/static/index.html')).not.toContain('upgrade-insecure-requests');
  });
});

describe('CORS', () => {
  const APP = 'https://app.example.org';
  const EVIL = 'https://evil.example.com';
  const preflight = (base: string, origin: string) =>
    fetch(`${base}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('is off by default: no Access-Control headers for anyone', async () => {
    const base = await start();
    const response = await fetch(`${base}/api/documents`, { headers: { origin: APP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await preflight(base, APP);
    // Without CORS nothing answers OPTIONS: a known path says which methods it takes.
    expect(pre.status).toBe(405);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with CORS_ORIGINS, lets only those origins read, preflight without the key', async () => {
    const base = await start({ API_KEY: KEY, CORS_ORIGINS: [APP] });
    const pre = await preflight(base, APP);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight(base, EVIL)).headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await fetch(`${base}/api/documents`, { headers: { origin: APP, authorization: `Bearer ${KEY}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('vary')).toMatch(/origin/i);
    // An error an allowed page gets is readable by it too.
    const refused = await fetch(`${base}/api/documents`, { headers: { origin: APP } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
    const evil = await fetch(`${base}/api/documents`, { headers: { origin: EVIL, authorization: `Bearer ${KEY}` } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('per-IP rate limit and TRUST_PROXY', () => {
  const get = (base: string, forwardedFor: string) => fetch(`${base}/api/documents`, { headers: { 'x-forwarded-for': forwardedFor } });

  it('by default ignores X-Forwarded-For, so a forged header buys no fresh quota', async () => {
    const base = await start({ RATE_LIMIT_MAX: 2 });
    expect((await get(base, '203.0.113.1')).status).toBe(200);
    expect((await get(base, '203.0.113.2')).status).toBe(200);
    expect((await get(base, '203.0.113.3')).status).toBe(429);
  });

  it.each([
    ['the proxy address', ['127.0.0.1']],
    ['a hop count', 1],
  ] as const)('behind a proxy trusted by %s, limits each client separately', async (_name, trust) => {
    const base = await start({ RATE_LIMIT_MAX: 2, TRUST_PROXY: typeof trust === 'number' ? trust : [...trust] });
    expect((await get(base, '203.0.113.1')).status).toBe(200);
    expect((await get(base, '203.0.113.1')).status).toBe(200);
    expect((await get(base, '203.0.113.1')).status).toBe(429);
    expect((await get(base, '198.51.100.7')).status).toBe(200);
  });
});

describe('overload', () => {
  const expectShed = async (response: Response): Promise<void> => {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(OVERLOAD_RETRY_AFTER_S));
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
    expect(body.error).toBe('overloaded');
  };

  it('sheds with 503 {error: "overloaded"} past the heap threshold', async () => {
    const base = await start({ OVERLOAD_MAX_HEAP_MB: 1 });
    // The first measurement comes after one sample interval.
    await vi.waitFor(async () => expect((await fetch(`${base}/api/documents`)).status).toBe(503), { timeout: 5000, interval: 100 });
    await expectShed(await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"x"}' }));
  });

  it('sheds while the event loop lags past the threshold, and recovers', async () => {
    const base = await start({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: 5 });
    const block = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Busy: the server shares this event loop, so its timers fire late, as under real overload.
      }
    };
    let shed: Response | undefined;
    for (let attempt = 0; attempt < 10 && shed === undefined; attempt++) {
      block(400);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const response = await fetch(`${base}/api/documents`);
      if (response.status === 503) shed = response;
      else await response.arrayBuffer();
    }
    if (shed === undefined) throw new Error('never shed');
    await expectShed(shed);
    await vi.waitFor(async () => expect((await fetch(`${base}/api/documents`)).status).toBe(200), { timeout: 20_000, interval: 200 });
  });
});

describe('secrets never reach a log line', () => {
  const SECRETS = {
    API_KEY: 'api-key-SECRET-0001',
    TELEGRAM_WEBHOOK_SECRET: 'tg-hook-SECRET-0002',
    ZALO_BOT_TOKEN: '5555:zalo-token-SECRET-0003',
    ZALO_WEBHOOK_SECRET: 'zalo-hook-SECRET-0004',
  };
  let telegram: TelegramStandin;
  let zalo: ZaloStandin;

  beforeAll(async () => {
    telegram = await startTelegramStandin({ token: '424242:tg-token-SECRET-0005' });
    zalo = await startZaloStandin(SECRETS.ZALO_BOT_TOKEN);
  });

  afterAll(async () => {
    await telegram?.close();
    await zalo?.close();
  });

  it('with every secret configured and used, at trace level, in the server and the bots', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = { ...BASE_CONFIG, ...SECRETS, TELEGRAM_BOT_TOKEN: telegram.token, LOG_LEVEL: 'trace' as const };
    const botLog = createLogger(config, capture);
    const conversation = new Conversation(new AnswerEngine(index, null));
    const telegramBot = createTelegramBot({
      conversation,
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      allowedChatIds: [],
      rateLimit: { max: 100, windowMs: 60_000 },
      logger: botLog.child({ surface: 'telegram' }),
    });
    await telegramBot.init();
    const zaloBot = createZaloBot({
      conversation,
      token: SECRETS.ZALO_BOT_TOKEN,
      apiRoot: zalo.apiRoot,
      allowedChatIds: [],
      rateLimit: { max: 100, windowMs: 60_000 },
      logger: botLog.child({ surface: 'zalo' }),
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const base = await start(config, {
      logger: { stream: capture, level: 'trace' },
      plugins: [telegramWebhookPlugin(telegramBot, SECRETS.TELEGRAM_WEBHOOK_SECRET), zaloWebhookPlugin(zaloBot, SECRETS.ZALO_WEBHOOK_SECRET)],
    });

    const auth = { authorization: `Bearer ${SECRETS.API_KEY}` };
    await fetch(`${base}/api/documents`, { headers: auth });
    await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${SECRETS.API_KEY}-wrong` } });
    await fetch(`${base}/api/ask`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"question":"Kết luận 21"}' });
    // Malformed, with the key: the 400 is logged with its request.
    await fetch(`${base}/api/ask?token=${SECRETS.API_KEY}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{' });
    const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 9, type: 'private' }, from: { id: 9, is_bot: false, first_name: 'a' }, text: '/help' } };
    for (const secret of [SECRETS.TELEGRAM_WEBHOOK_SECRET, `${SECRETS.TELEGRAM_WEBHOOK_SECRET}x`]) {
      await fetch(`${base}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    }
    // The Zalo API drops the connection: retries and a give-up are logged.
    zalo.failNext(2, 'drop', 'sendMessage');
    const zaloUpdate = { event_name: 'message.text.received', message: { message_id: 'm1', text: '/help', chat: { id: 'c1' }, from: { id: 'u1' } } };
    for (const secret of [SECRETS.ZALO_WEBHOOK_SECRET, 'wrong']) {
      await fetch(`${base}/zalo/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret },
        body: JSON.stringify(zaloUpdate),
      });
    }
    await zaloBot.stop();
    // What an HTTP library's error looks like: the token is in the URL it names.
    botLog.error({ err: new Error(`request to ${telegram.apiRoot}/bot${telegram.token}/getMe failed, reason: ECONNREFUSED`) }, 'telegram: failed');

    const log = lines.join('');
    expect(telegram.calls.some((c) => c.method === 'sendMessage')).toBe(true);
    expect(log).toContain('incoming request');
    expect(log).toContain('zalo sendMessage');
    expect(log).toContain('[redacted]');
    for (const secret of [...Object.values(SECRETS), telegram.token]) expect(log).not.toContain(secret);
  });
});
