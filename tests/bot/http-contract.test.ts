/**
 * The HTTP API's contract beyond the answers: one error shape (English code, Vietnamese message)
 * for validation, wrong methods and rate limits; unknown body fields refused; feedback on an
 * answer; "what can I ask" examples from the library; /metrics; and an OpenAPI document that lists,
 * per route, the errors it can answer, each with an example.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { openSqliteStore } from '../../bot/state/sqlite.ts';
import { memoryStore } from '../../bot/state/store.ts';
import { tempDir } from '../helpers/ingest-run.ts';
import type { LoadedIndex } from '../../index/store.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

type Json = Record<string, unknown>;
const CONFIG = { API_KEY: '', RATE_LIMIT_MAX: 10_000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' as const };
const servers: FastifyInstance[] = [];
let index: LoadedIndex;

async function start(overrides: Partial<typeof CONFIG> = {}, extra: Partial<Parameters<typeof buildServer>[0]> = {}): Promise<string> {
  const app = await buildServer({ engine: new AnswerEngine(index, null), config: { ...CONFIG, ...overrides }, logger: false, ...extra });
  servers.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : { text }, headers: response.headers };
}
const post = (url: string, body: unknown) => call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  index = (await buildCorpusIndex()).index;
});

afterAll(async () => {
  await Promise.all(servers.map((app) => app.close()));
});

describe('errors', () => {
  let base: string;
  beforeAll(async () => {
    base = await start();
  });

  it('says what is wrong with a field in Vietnamese, under a stable code', async () => {
    const cases: Array<[unknown, string]> = [
      [{ question: '   ' }, 'Trường "question" không được để trống.'],
      [{}, 'Thiếu trường "question".'],
      [{ question: 'a'.repeat(1001) }, 'Trường "question" dài quá: tối đa 1000 ký tự.'],
      [{ question: 'x', k: 0 }, 'Trường "k" phải từ 1 trở lên.'],
      [{ question: 42 }, 'Trường "question" phải là chuỗi ký tự.'],
    ];
    for (const [body, message] of cases) expect((await post(`${base}/api/ask`, body)).body).toEqual({ error: 'bad_request', message });
  });

  it('refuses unknown body fields instead of dropping them (additionalProperties: false)', async () => {
    const result = await post(`${base}/api/ask`, { question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', questoin: 'typo' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'bad_request', message: 'Trường "questoin" không được hỗ trợ.' });
    expect((await post(`${base}/api/check`, { claim: 'x', extra: true })).status).toBe(400);
  });

  it('answers a known path with the wrong method 405 with Allow, an unknown path 404', async () => {
    const wrong = await call(`${base}/api/ask`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body).toEqual({ error: 'method_not_allowed', message: 'Đường dẫn /api/ask chỉ nhận POST.' });
    expect((await call(`${base}/api/documents/some-id`, { method: 'DELETE' })).status).toBe(405);
    expect((await post(`${base}/api/search`, { q: 'x' })).status).toBe(405);
    const unknown = await call(`${base}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  it('a 429 states the window and the time left, not one as the other', async () => {
    const limited = await start({ RATE_LIMIT_MAX: 1, RATE_LIMIT_WINDOW_MS: 60_000 });
    await call(`${limited}/api/documents`);
    const result = await call(`${limited}/api/documents`);
    expect(result.status).toBe(429);
    expect(result.body.error).toBe('rate_limited');
    expect(result.body.message).toMatch(/^Quá nhiều yêu cầu: tối đa 1 yêu cầu mỗi 60 giây\. Vui lòng thử lại sau (\d+) giây\.$/);
  });
});

describe('rate windows across a restart', () => {
  it('a client over its quota stays over it when the server restarts on the same state file', async () => {
    const file = `${await tempDir('api-rate')}/state.sqlite`;
    const first = openSqliteStore(file);
    const base = await start({ RATE_LIMIT_MAX: 2, RATE_LIMIT_WINDOW_MS: 60_000 }, { state: first });
    expect([(await call(`${base}/api/documents`)).status, (await call(`${base}/api/documents`)).status]).toEqual([200, 200]);
    await servers.pop()?.close();
    first.close();
    const second = openSqliteStore(file);
    const restarted = await start({ RATE_LIMIT_MAX: 2, RATE_LIMIT_WINDOW_MS: 60_000 }, { state: second });
    const result = await call(`${restarted}/api/documents`);
    expect(result.status).toBe(429);
    expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    await servers.pop()?.close();
    second.close();
  });
});

describe('feedback, examples, metrics', () => {
  it('rates an answer with its question, answer and citations, and counts it', async () => {
    const state = memoryStore();
    const metrics = createMetrics({ defaults: false });
    const base = await start({}, { state, metrics });
    const asked = await post(`${base}/api/ask`, { question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', session: 'session-abc-123' });
    expect(asked.status).toBe(200);
    const rated = await post(`${base}/api/feedback`, { answerId: asked.body.answerId, rating: 'up' });
    expect(rated.body).toEqual({ ok: true, id: 1 });
    const [record] = state.feedback.list();
    expect(record).toMatchObject({ surface: 'web', chatKey: 'web:session-abc-123', rating: 'up', question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', found: true, type: 'count' });
    expect(record?.answer).toContain('05 nhóm nhiệm vụ');
    const cited = asked.body.citations as Array<{ docId: string; start: number; end: number }>;
    expect(record?.citations.map((c) => [c.docId, c.start, c.end])).toEqual(cited.map((c) => [c.docId, c.start, c.end]));
    expect((await post(`${base}/api/feedback`, { answerId: 'unknown1', rating: 'up' })).status).toBe(404);
    expect((await post(`${base}/api/feedback`, { answerId: asked.body.answerId, rating: 'meh' })).status).toBe(400);

    const text = (await call(`${base}/metrics`)).body.text as string;
    expect(text).toContain('vankien_questions_total{surface="web",found="true"} 1');
    expect(text).toContain('vankien_feedback_total{surface="web",rating="up"} 1');
    expect(text).toMatch(/vankien_answer_duration_seconds_bucket\{le="[\d.]+",surface="web"\} 1/);
  });

  it('/metrics needs the API key when there is one', async () => {
    const base = await start({ API_KEY: 'khoa-metrics-0123' }, { metrics: createMetrics({ defaults: false }) });
    expect((await call(`${base}/metrics`)).status).toBe(401);
    expect((await call(`${base}/metrics`, { headers: { authorization: 'Bearer khoa-metrics-0123' } })).status).toBe(200);
  });

  it('offers example questions drawn from the library, each one it answers', async () => {
    const base = await start();
    const { body } = await call(`${base}/api/examples`);
    const examples = body.examples as Array<{ question: string; docId: string }>;
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const engine = new AnswerEngine(index, null);
    for (const example of examples) {
      expect(index.documents.map((d) => d.id)).toContain(example.docId);
      expect((await engine.ask(example.question)).found, example.question).toBe(true);
    }
  });
});

describe('OpenAPI', () => {
  it('lists per route the errors it can answer, each with an example, and examples of answers', async () => {
    const base = await start({ API_KEY: 'khoa-openapi-0123' });
    const doc = (await call(`${base}/docs/json`)).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>> };
    const codes = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {}).sort();
    expect(codes('/api/ask', 'post')).toEqual(['200', '400', '401', '413', '415', '429', '503']);
    expect(codes('/api/search', 'get')).toEqual(['200', '400', '401', '429', '503']);
    expect(codes('/api/documents', 'get')).toEqual(['200', '401', '429', '503']);
    expect(codes('/api/documents/{docId}', 'get')).toEqual(['200', '400', '401', '404', '429', '503']);
    expect(codes('/api/feedback', 'post')).toEqual(['200', '400', '401', '404', '413', '415', '429', '503']);
    expect(codes('/healthz', 'get')).toEqual(['200', '503']);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.content?.['application/json']?.example, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
    const open = await start();
    const openDoc = (await call(`${open}/docs/json`)).body as typeof doc;
    expect(Object.keys(openDoc.paths['/api/ask']?.post?.responses ?? {})).not.toContain('401');
  });
});
