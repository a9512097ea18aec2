/**
 * Every hostile question (inputs.ts) at every HTTP entrance that takes text — /api/ask,
 * /api/check, /api/search, /api/references, /api/documents/:docId — over a real socket on the
 * real corpus: a 4xx `{error, message}` or a proper 200 (verbatim citations; "not found" for junk),
 * never a 500, never a stack trace. Then malformed requests below the JSON level.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import type { LoadedIndex } from '../../index/store.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { BAD_INPUTS, encodeLoose, type BadInput } from './inputs.ts';

type Json = Record<string, unknown>;
interface Outcome {
  readonly status: number;
  readonly contentType: string;
  readonly raw: string;
}

const STACK = /\bat \S+ \(|node_modules|\.ts:\d|\.js:\d|stack|Error:/;

let app: FastifyInstance;
let base: string;
let index: LoadedIndex;

beforeAll(async () => {
  index = (await buildCorpusIndex()).index;
  app = await buildServer({
    engine: new AnswerEngine(index, null),
    config: { API_KEY: '', RATE_LIMIT_MAX: 100_000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' },
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
});

async function request(path: string, init: RequestInit = {}): Promise<Outcome> {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', raw: await response.text() };
}

const post = (path: string, body: unknown): Promise<Outcome> =>
  request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Each citation is a verbatim slice of its document in the loaded index. */
function citationProblems(citations: unknown): string[] {
  if (!Array.isArray(citations)) return ['citations is not an array'];
  const problems: string[] = [];
  for (const c of citations as Array<{ docId: string; quote: string; start: number; end: number }>) {
    const doc = index.documents.find((d) => d.id === c.docId);
    if (doc === undefined) problems.push(`unknown docId ${c.docId}`);
    else if (doc.text.slice(c.start, c.end) !== c.quote) problems.push(`citation ${c.docId}@${c.start} is not verbatim`);
  }
  return problems;
}

/** What is wrong with an answer to `input` at `route` (empty when it is acceptable). */
function judge(route: string, input: BadInput, outcome: Outcome): string[] {
  const problems: string[] = [];
  if (outcome.status >= 500) problems.push(`status ${outcome.status}`);
  if (!outcome.contentType.startsWith('application/json')) problems.push(`content-type ${outcome.contentType}`);
  let body: Json;
  try {
    body = JSON.parse(outcome.raw) as Json;
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (outcome.status >= 400) {
    if (Object.keys(body).sort().join() !== 'error,message') problems.push(`error body keys ${Object.keys(body).join()}`);
    if (typeof body.error !== 'string' || typeof body.message !== 'string') problems.push('error/message not strings');
    if (STACK.test(outcome.raw)) problems.push('stack trace in the body');
    return problems;
  }
  if (outcome.status !== 200) return [...problems, `status ${outcome.status}`];
  if (route === 'ask') {
    if (typeof body.answer !== 'string' || typeof body.found !== 'boolean') problems.push('ask: bad shape');
    if (input.junk && body.found !== false) problems.push('ask: junk was "found"');
    problems.push(...citationProblems(body.citations));
  } else if (route === 'check') {
    if (!['supported', 'contradicted', 'not_found'].includes(String(body.verdict))) problems.push('check: bad verdict');
    if (input.junk && body.verdict !== 'not_found') problems.push(`check: junk was ${String(body.verdict)}`);
    problems.push(...citationProblems(body.evidence));
  } else if (route === 'search') {
    const hits = body.hits as Array<{ docId: string; text: string; start: number; end: number }> | undefined;
    if (!Array.isArray(hits)) problems.push('search: no hits array');
    else problems.push(...citationProblems(hits.map((h) => ({ ...h, quote: h.text }))));
  } else if (route === 'references') {
    const matches = body.matches as Array<{ mentions: unknown }> | undefined;
    if (!Array.isArray(matches)) problems.push('references: no matches array');
    else for (const m of matches) problems.push(...citationProblems(m.mentions));
    if (input.junk && matches !== undefined && matches.length > 0) problems.push('references: junk matched');
  } else if (route === 'document') {
    problems.push('document: a junk id was found');
  }
  if (STACK.test(outcome.raw) && route !== 'search' && route !== 'references') problems.push('stack-like text in a 200');
  return problems;
}

const ROUTES: ReadonlyArray<{ name: string; send: (text: string) => Promise<Outcome> }> = [
  { name: 'ask', send: (text) => post('/api/ask', { question: text }) },
  { name: 'check', send: (text) => post('/api/check', { claim: text }) },
  { name: 'search', send: (text) => request(`/api/search?q=${encodeLoose(text)}`) },
  { name: 'references', send: (text) => request(`/api/references?q=${encodeLoose(text)}`) },
  { name: 'document', send: (text) => request(`/api/documents/${encodeLoose(text)}`) },
];

describe('hostile questions at every HTTP entrance', () => {
  it('get a 4xx {error, message} or a proper 200, never a 500', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const input of BAD_INPUTS) {
      for (const route of ROUTES) {
        count++;
        const outcome = await route.send(input.text);
        for (const problem of judge(route.name, input, outcome)) failures.push(`${route.name} / ${input.name}: ${problem}`);
      }
    }
    console.info(`bad-input: ${count} inputs, ${failures.length} failures (HTTP API)`);
    expect(failures).toEqual([]);
  });

  it('answers the meaningful ones: a document number, and a question with noise around it', async () => {
    const byNumber = JSON.parse((await request(`/api/references?q=${encodeURIComponent('21-KL/TW')}`)).raw) as Json;
    expect((byNumber.matches as unknown[]).length).toBeGreaterThan(0);
    for (const name of ['control characters in a question', 'NUL inside', 'decomposed Vietnamese (NFD)']) {
      const input = BAD_INPUTS.find((i) => i.name === name);
      const outcome = await post('/api/ask', { question: input?.text });
      expect(outcome.status, name).toBe(200);
      expect((JSON.parse(outcome.raw) as Json).found, name).toBe(true);
    }
  });
});

/** Sends raw bytes and reads the raw answer (status line, headers, body) until the server closes. */
function rawExchange(bytes: Buffer | string): Promise<{ status: number; head: string; body: string }> {
  const port = (app.server.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.write(bytes);
    socket.end();
  });
}

function httpRequest(body: Buffer | string, headers: Record<string, string> = {}): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [
    'POST /api/ask HTTP/1.1',
    'Host: 127.0.0.1',
    'Connection: close',
    `Content-Length: ${payload.length}`,
    ...Object.entries({ 'Content-Type': 'application/json', ...headers }).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

describe('malformed requests below the JSON level', () => {
  const expectJsonError = (result: { status: number; body: string }, status: number): void => {
    expect(result.status).toBe(status);
    const body = JSON.parse(result.body) as Json;
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
    expect(result.body).not.toMatch(STACK);
  };

  it('invalid UTF-8 bytes inside a JSON string are read as U+FFFD, not a crash', async () => {
    const invalid = Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]);
    const around = (middle: Buffer): Buffer =>
      Buffer.concat([Buffer.from('{"question":"Kết luận 21 '), middle, Buffer.from(' có mấy nhóm nhiệm vụ?"}')]);
    const broken = await rawExchange(httpRequest(around(invalid)));
    expect(broken.status).toBe(200);
    // The same question with U+FFFD written as valid UTF-8 where the bytes were: the same answer,
    // so the text around the bytes arrived intact and the bytes became replacement characters.
    const replaced = await rawExchange(httpRequest(around(Buffer.from('\uFFFD'.repeat(5), 'utf8'))));
    const answerOf = (body: string): Json => {
      const { tookMs: _, ...rest } = JSON.parse(body) as Json;
      return rest;
    };
    expect(answerOf(broken.body)).toEqual(answerOf(replaced.body));
    expect(answerOf(broken.body).answer).toContain('05 nhóm nhiệm vụ');
  });

  it('prototype poisoning, deep nesting, huge numbers and duplicate keys → 400 or a proper answer', async () => {
    const cases: Array<[string, number]> = [
      ['{"question":"Kết luận 21","__proto__":{"polluted":true}}', 400],
      ['{"question":"Kết luận 21","constructor":{"prototype":{"polluted":true}}}', 400],
      [`{"question":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400],
      ['{"question":"Kết luận 21","k":1e309}', 400],
      ['{"question":"x","question":"Kết luận 21 có mấy nhóm nhiệm vụ?"}', 200],
      // A byte-order mark is skipped, as JSON parsers commonly do.
      ['\uFEFF{"question":"Kết luận 21"}', 200],
    ];
    for (const [body, status] of cases) {
      const result = await rawExchange(httpRequest(body));
      expect(result.status, body.slice(0, 60)).toBe(status);
      if (status === 400) expectJsonError(result, 400);
    }
    expect(({} as Json).polluted).toBeUndefined();
  });

  it('a lying Content-Length, headers over 16 KiB and non-HTTP bytes get a JSON error and a closed socket', async () => {
    const short = httpRequest('{"question":"Kết luận 21"}').toString('latin1').replace(/Content-Length: \d+/, 'Content-Length: abc');
    expectJsonError(await rawExchange(short), 400);
    const huge = httpRequest('{"question":"Kết luận 21"}', { 'X-Filler': 'a'.repeat(20_000) });
    expectJsonError(await rawExchange(huge), 431);
    expectJsonError(await rawExchange('\u0016\u0003\u0001 not http at all\r\n\r\n'), 400);
  });

  it('an unsupported charset and a chunked body over the limit are refused', async () => {
    const latin = await rawExchange(httpRequest('{"question":"Ket luan 21"}', { 'Content-Type': 'application/json; charset=latin1' }));
    expect(latin.status).toBeLessThan(500);
    const chunk = `{"question":"${'a'.repeat(40_000)}"}`;
    const chunked = Buffer.from(
      [
        'POST /api/ask HTTP/1.1',
        'Host: 127.0.0.1',
        'Connection: close',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        '',
        `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
      ].join('\r\n'),
    );
    expectJsonError(await rawExchange(chunked), 413);
  });
});
