/**
 * The HTTP API over real sockets on the real corpus: the exact response shapes, citations that are
 * verbatim slices of the served document text, and the bad-input matrix (always 4xx JSON
 * `{error, message}`, never a 500 or a stack), rate limit and API key.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import type { Config } from '../../config.ts';
import type { LoadedIndex } from '../../index/store.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

type ServerConfig = Pick<Config, 'API_KEY' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'LOG_LEVEL'>;
const CONFIG: ServerConfig = { API_KEY: '', RATE_LIMIT_MAX: 10_000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' };
const KL21 = '2022-01-phat-bieu-be-mac-hoi-nghi-chuyen-de-xay-dung-dang';

type Json = Record<string, unknown>;
interface CitationJson {
  n?: number;
  docId: string;
  title: string;
  date: string | null;
  dateDisplay?: string | null;
  section: string;
  quote: string;
  start: number;
  end: number;
}

let index: LoadedIndex;
const servers: FastifyInstance[] = [];

async function start(engine: AnswerEngine, config: Partial<ServerConfig> = {}, logger: object | false = false): Promise<string> {
  const app = await buildServer({ engine, config: { ...CONFIG, ...config }, logger });
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

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(url, init);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

const postJson = (url: string, body: unknown) =>
  getJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Letters only Vietnamese has (with its tone marks): a message written for people here. */
const VIETNAMESE = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

/**
 * A 4xx in the contract's shape: only `error` (a stable English code) and `message` (Vietnamese,
 * never the validator's English), no trace of the server's insides.
 */
function expectClientError(result: { status: number; body: Json }, status: number, error: string): void {
  expect(result.status).toBe(status);
  expect(Object.keys(result.body).sort()).toEqual(['error', 'message']);
  expect(result.body.error).toBe(error);
  expect(typeof result.body.message).toBe('string');
  expect(result.body.message).toMatch(VIETNAMESE);
  expect(result.body.message).not.toMatch(/\bmust\b|should|required property|Bad Request/);
  expect(JSON.stringify(result.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d|stack/);
}

/** ISO date (as precise as known) and its display form, consistent with each other. */
function expectDates(record: { date: string | null; dateDisplay?: string | null }): void {
  if (record.date === null) return expect(record.dateDisplay).toBeNull();
  expect(record.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
  expect(record.dateDisplay).toBe(record.date.split('-').reverse().join('/'));
}

describe('API on the real corpus', () => {
  let base: string;
  const docText = new Map<string, string>();

  beforeAll(async () => {
    base = await start(new AnswerEngine(index, null, 'no model in tests'));
  });

  /** Checks each citation against the text the API itself serves for its document. */
  async function expectVerbatim(citations: readonly CitationJson[]): Promise<void> {
    for (const c of citations) {
      if (!docText.has(c.docId)) {
        const { status, body } = await getJson(`${base}/api/documents/${encodeURIComponent(c.docId)}`);
        expect(status).toBe(200);
        docText.set(c.docId, body.text as string);
      }
      expect(c.quote.length).toBeGreaterThan(0);
      expect(c.quote).toBe(docText.get(c.docId)?.slice(c.start, c.end));
    }
  }

  it('GET /healthz says what is loaded, counts only; the details are at /api/status', async () => {
    const { status, body } = await getJson(`${base}/healthz`);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, documents: 5, chunks: index.chunks.length, dense: false });
    const details = await getJson(`${base}/api/status`);
    expect(details.body).toEqual({
      ok: true,
      documents: 5,
      chunks: index.chunks.length,
      dense: false,
      model: 'none',
      denseReason: 'no model in tests',
      indexBuiltAt: index.manifest.builtAt,
      state: 'memory',
    });
  });

  it('GET /healthz shows no filesystem path even when the reason for lexical-only has one', async () => {
    const withPath = await start(new AnswerEngine(index, null, 'no model files at /home/user/vankien/models/Xenova'));
    const { body } = await getJson(`${withPath}/healthz`);
    expect(JSON.stringify(body)).not.toMatch(/\/home|models|Xenova/);
  });

  it('POST /api/ask answers with numbered verbatim citations', async () => {
    const { status, body } = await postJson(`${base}/api/ask`, { question: 'Kết luận 21 có mấy nhóm nhiệm vụ?' });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['answer', 'answerId', 'citations', 'found', 'kind', 'tookMs', 'type']);
    expect(body.kind).toBe('answer');
    expect(body.found).toBe(true);
    expect(body.type).toBe('count');
    expect(body.answer).toContain('05 nhóm nhiệm vụ');
    expect(typeof body.tookMs).toBe('number');
    const citations = body.citations as CitationJson[];
    expect(citations.length).toBeGreaterThan(0);
    citations.forEach((c, i) => {
      expect(Object.keys(c).sort()).toEqual(['date', 'dateDisplay', 'docId', 'end', 'n', 'quote', 'section', 'start', 'title']);
      expect(c.n).toBe(i + 1);
      expectDates(c);
    });
    expect(citations[0]?.quote).toContain('05 nhóm nhiệm vụ');
    await expectVerbatim(citations);
  });

  it('narrows /api/ask, /api/search and /api/documents by kind, issuer and date', async () => {
    const dateOf = (docId: string): string => index.documents.find((d) => d.id === docId)?.date ?? '';
    const asked = await postJson(`${base}/api/ask`, { question: 'Bí thư Tỉnh ủy Hậu Giang là ai?', filters: { from: '2023', to: '2023' } });
    expect(asked.status).toBe(200);
    const citations = asked.body.citations as CitationJson[];
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) expect(dateOf(c.docId)).toMatch(/^2023/u);
    // Answered from the 2022 bulletin without a filter, not found among the documents of 2023.
    const narrowed = await postJson(`${base}/api/ask`, { question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', filters: { from: '2023' } });
    expect(narrowed.body.found).toBe(false);
    const searched = await getJson(`${base}/api/search?q=${encodeURIComponent('kết nạp đảng viên')}&from=2023&to=2023`);
    const hits = searched.body.hits as Array<{ docId: string }>;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(dateOf(h.docId)).toMatch(/^2023/u);
    const listed = await getJson(`${base}/api/documents?from=2022&to=2022&type=${encodeURIComponent('Bản tin,phát biểu')}`);
    const docs = listed.body.documents as Array<{ date: string; kind: string }>;
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(d.date).toMatch(/^2022/u);
      expect(['bản tin', 'phát biểu']).toContain(d.kind);
    }
    const facets = listed.body.facets as { years: Array<{ value: string; count: number }> };
    expect(facets.years.map((y) => y.value)).toEqual(['2023', '2022']);
    const none = await getJson(`${base}/api/documents?issuer=${encodeURIComponent('Quốc hội')}`);
    expect(none.body.documents).toEqual([]);
    expectClientError(await getJson(`${base}/api/documents?from=hôm-qua`), 400, 'bad_request');
  });

  it('POST /api/ask honours k and list answers carry items', async () => {
    // A list answer that cites one source per passage retrieved: k sets how many.
    const provinces = 'Những tỉnh nào đã hoàn thành quy hoạch cán bộ?';
    for (const k of [1, 3]) {
      const { status, body } = await postJson(`${base}/api/ask`, { question: provinces, k });
      expect(status).toBe(200);
      expect((body.citations as CitationJson[]).length, `k=${k}`).toBe(k);
    }
    const { status, body } = await postJson(`${base}/api/ask`, {
      question: 'Nhiệm vụ trọng tâm 6 tháng cuối năm 2022 của cụm thi đua gồm những gì?',
      k: 3,
    });
    expect(status).toBe(200);
    expect(body.type).toBe('list');
    const citations = body.citations as CitationJson[];
    expect(citations.length).toBeLessThanOrEqual(3);
    await expectVerbatim(citations);
    const items = body.items as string[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    // Every item is verbatim text of the cited passage's document.
    const doc = (await getJson(`${base}/api/documents/${encodeURIComponent(citations[0]!.docId)}`)).body as { text: string };
    for (const item of items) expect(doc.text).toContain(item);
  });

  it('GET /api/search returns passages that are slices of their document, quoted as "quote" like citations', async () => {
    const { status, body } = await getJson(`${base}/api/search?q=${encodeURIComponent('nhóm nhiệm vụ, giải pháp')}&k=4`);
    expect(status).toBe(200);
    const hits = body.hits as Array<CitationJson & { chunkId: string; rank: number }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(4);
    for (const [i, hit] of hits.entries()) {
      expect(Object.keys(hit).sort()).toEqual(['chunkId', 'date', 'dateDisplay', 'docId', 'end', 'quote', 'rank', 'score', 'section', 'start', 'title']);
      expect(hit.chunkId).toBe(`${hit.docId}#${hit.start}`);
      expect(hit.rank).toBe(i + 1);
      expectDates(hit);
    }
    await expectVerbatim(hits);
  });

  it('GET /api/search pages with offset and nextOffset, without gaps or repeats', async () => {
    const q = encodeURIComponent('công tác cán bộ');
    const all = (await getJson(`${base}/api/search?q=${q}&k=12`)).body.hits as Array<{ chunkId: string }>;
    expect(all.length).toBe(12);
    const seen: string[] = [];
    let offset: number | null = 0;
    for (let pages = 0; offset !== null && pages < 10; pages++) {
      const { status, body } = await getJson(`${base}/api/search?q=${q}&k=5&offset=${offset}`);
      expect(status).toBe(200);
      expect(body.offset).toBe(offset);
      expect(body.k).toBe(5);
      seen.push(...(body.hits as Array<{ chunkId: string }>).map((h) => h.chunkId));
      offset = body.nextOffset as number | null;
      if (seen.length >= 12) break;
    }
    expect(seen.slice(0, 12)).toEqual(all.map((h) => h.chunkId));
    expect(new Set(seen).size).toBe(seen.length);
    expectClientError(await getJson(`${base}/api/search?q=${q}&offset=-1`), 400, 'bad_request');
    expectClientError(await getJson(`${base}/api/search?q=${q}&offset=100000`), 400, 'bad_request');
  });

  it('GET /api/documents lists every document with its chunk count', async () => {
    const { status, body } = await getJson(`${base}/api/documents`);
    expect(status).toBe(200);
    const documents = body.documents as Array<Json & { chunks: number; date: string | null; dateDisplay: string | null }>;
    expect(documents.map((d) => d.docId).sort()).toEqual(index.documents.map((d) => d.id).sort());
    for (const d of documents) {
      expect(Object.keys(d).sort()).toEqual(['chunks', 'date', 'dateDisplay', 'designation', 'docId', 'issuer', 'kind', 'title']);
      expectDates(d);
    }
    expect(Object.keys(body.facets as Json).sort()).toEqual(['issuers', 'types', 'years']);
    expect(documents.reduce((sum, d) => sum + d.chunks, 0)).toBe(index.chunks.length);
    expect(body.counts).toEqual({ documents: 5, chunks: index.chunks.length });
    // The display form as the replies write it: "2022-01" → "01/2022".
    expect(documents.find((d) => d.docId === KL21)).toMatchObject({ date: '2022-01', dateDisplay: '01/2022' });
  });

  it('GET /api/documents/:docId returns the text citations index into', async () => {
    const { status, body } = await getJson(`${base}/api/documents/${KL21}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['date', 'dateDisplay', 'docId', 'issuer', 'kind', 'source', 'text', 'title']);
    expect(body.text).toBe(index.documents.find((d) => d.id === KL21)?.text);
  });

  it('GET /api/references finds Quy định 50 with verbatim mentions', async () => {
    const { status, body } = await getJson(`${base}/api/references?q=${encodeURIComponent('Quy định 50')}`);
    expect(status).toBe(200);
    const matches = body.matches as Array<Json & { mentions: CitationJson[] }>;
    const card = matches.find((m) => m.key === 'quy-dinh:50:tw');
    expect(card).toBeDefined();
    expect(Object.keys(card ?? {}).sort()).toEqual(
      ['date', 'dateDisplay', 'document', 'issuer', 'key', 'label', 'mentions', 'number', 'subject', 'symbol', 'type'].sort(),
    );
    expect(card).toMatchObject({ date: '2021-12-27', dateDisplay: '27/12/2021' });
    expect(card?.number).toBe('50');
    expect(card?.mentions.length).toBeGreaterThan(0);
    await expectVerbatim(card?.mentions ?? []);
    expect((await getJson(`${base}/api/references?q=${encodeURIComponent('Nghị quyết 9999')}`)).body).toEqual({ matches: [] });
  });

  it('POST /api/check gives a verdict with verbatim evidence', async () => {
    const { status, body } = await postJson(`${base}/api/check`, { claim: 'Kết luận 21 có 7 nhóm nhiệm vụ, giải pháp' });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['evidence', 'note', 'verdict']);
    // The documents say 05 groups: the claim of 7 is contradicted, with the sentence that says so.
    expect(body.verdict).toBe('contradicted');
    expect(body.note).toContain('không phải 7');
    expect((body.evidence as CitationJson[]).some((c) => c.quote.includes('05 nhóm nhiệm vụ'))).toBe(true);
    await expectVerbatim(body.evidence as CitationJson[]);
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const { status, body } = await getJson(`${base}/docs/json`);
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    const paths = Object.keys(body.paths as Json);
    for (const route of ['/api/ask', '/api/search', '/api/documents', '/api/documents/{docId}', '/api/references', '/api/check', '/healthz']) {
      expect(paths).toContain(route);
    }
    expect(paths).not.toContain('/');
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('serves the web page and its two assets with their content types', async () => {
    for (const [route, type] of [['/', 'text/html'], ['/app.js', 'text/javascript'], ['/style.css', 'text/css']] as const) {
      const response = await fetch(`${base}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await response.text()).length).toBeGreaterThan(100);
    }
    expect((await fetch(`${base}/index.html/../../package.json`)).status).toBe(404);
  });

  describe('bad input gets a 4xx {error, message}', () => {
    const ask = (body: unknown) => postJson(`${base}/api/ask`, body);
    const raw = (path: string, init: RequestInit) => getJson(`${base}${path}`, init);

    it.each([
      ['no body fields', {}],
      ['empty question', { question: '' }],
      ['blank question', { question: '   \n ' }],
      ['1001 characters', { question: 'a'.repeat(1001) }],
      ['number question', { question: 123 }],
      ['array question', { question: ['Kết luận 21'] }],
      ['object question', { question: { text: 'x' } }],
      ['null question', { question: null }],
      ['string k', { question: 'Kết luận 21', k: '5' }],
      ['k zero', { question: 'Kết luận 21', k: 0 }],
      ['k too big', { question: 'Kết luận 21', k: 21 }],
      ['fractional k', { question: 'Kết luận 21', k: 1.5 }],
      ['array body', [{ question: 'Kết luận 21' }]],
      ['string body', 'Kết luận 21'],
    ])('POST /api/ask with %s → 400', async (_name, body) => {
      expectClientError(await ask(body), 400, 'bad_request');
    });

    it('accepts exactly 1000 characters', async () => {
      expect((await ask({ question: 'ă'.repeat(1000) })).status).toBe(200);
    });

    it('malformed and empty JSON → 400', async () => {
      const json = { 'content-type': 'application/json' };
      expectClientError(await raw('/api/ask', { method: 'POST', headers: json, body: '{"question": "Kết' }), 400, 'bad_request');
      expectClientError(await raw('/api/ask', { method: 'POST', headers: json, body: '' }), 400, 'bad_request');
      expectClientError(await raw('/api/ask', { method: 'POST', headers: json, body: 'null' }), 400, 'bad_request');
    });

    it('non-JSON content types → 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const body = type === 'text/plain' ? 'Kết luận 21 có mấy nhóm nhiệm vụ?' : 'question=x';
        expectClientError(await raw('/api/ask', { method: 'POST', headers: { 'content-type': type }, body }), 415, 'unsupported_media_type');
      }
    });

    it('a body over the limit → 413', async () => {
      const huge = JSON.stringify({ question: 'x'.repeat(64 * 1024) });
      expectClientError(await raw('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge }), 413, 'payload_too_large');
    });

    it.each([
      ['search without q', '/api/search'],
      ['search with an empty q', '/api/search?q='],
      ['search with 1001 characters', `/api/search?q=${'a'.repeat(1001)}`],
      ['search with k=abc', '/api/search?q=x&k=abc'],
      ['search with k=0', '/api/search?q=x&k=0'],
      ['search with k=99', '/api/search?q=x&k=99'],
      ['references without q', '/api/references'],
      ['references with a blank q', '/api/references?q=%20'],
    ])('GET %s → 400', async (_name, path) => {
      expectClientError(await raw(path, {}), 400, 'bad_request');
    });

    it('POST /api/check with a missing, empty or non-string claim → 400', async () => {
      for (const body of [{}, { claim: '' }, { claim: 42 }, { claim: 'x'.repeat(1001) }]) {
        expectClientError(await postJson(`${base}/api/check`, body), 400, 'bad_request');
      }
    });

    it('unknown document ids and path tricks → 404, never the filesystem', async () => {
      for (const path of [
        '/api/documents/khong-co',
        '/api/documents/..%2F..%2Fetc%2Fpasswd',
        '/api/documents/..%2F..%2Fpackage.json',
        '/api/documents/%2Fetc%2Fpasswd',
        `/api/documents/${KL21}%00`,
        '/api/documents/a/b/c',
        '/api/nope',
        '/nope',
      ]) {
        expectClientError(await raw(path, {}), 404, 'not_found');
      }
    });

    it('a raw, unnormalized traversal path → 404', async () => {
      const port = new URL(base).port;
      const result = await new Promise<{ status: number; body: Json }>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/api/documents/../../etc/passwd' }, (response) => {
          let data = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (data += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(data) as Json }));
        });
        request.on('error', reject);
      });
      expectClientError(result, 404, 'not_found');
    });

    it('a malformed percent-encoding → 400', async () => {
      const result = await raw('/api/documents/%E0%A4%A', {});
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('bad_request');
    });
  });
});

describe('document ids with sub-folders', () => {
  it('are found URL-encoded and as a path, and nothing else is', async () => {
    const original = index.documents.find((d) => d.id === KL21);
    if (original === undefined) throw new Error('corpus document missing');
    const nested = { ...original, id: `phat-bieu/2022/${KL21}`, relPath: `phat-bieu/2022/${KL21}.txt` };
    const base = await start(new AnswerEngine({ ...index, documents: [...index.documents, nested] }, null));
    for (const path of [`/api/documents/${encodeURIComponent(nested.id)}`, `/api/documents/${nested.id}`]) {
      const { status, body } = await getJson(`${base}${path}`);
      expect(status).toBe(200);
      expect(body.docId).toBe(nested.id);
      expect(body.text).toBe(original.text);
    }
    expect((await getJson(`${base}/api/documents/phat-bieu/2022`)).status).toBe(404);
    expect((await getJson(`${base}/api/documents/phat-bieu%2F..%2F..%2F${KL21}`)).status).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_MAX per window; /healthz stays open', async () => {
    const base = await start(new AnswerEngine(index, null), { RATE_LIMIT_MAX: 3, RATE_LIMIT_WINDOW_MS: 60_000 });
    for (let i = 0; i < 3; i++) expect((await getJson(`${base}/api/documents`)).status).toBe(200);
    const limited = await getJson(`${base}/api/documents`);
    expectClientError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expectClientError(await postJson(`${base}/api/ask`, { question: 'Kết luận 21' }), 429, 'rate_limited');
    for (let i = 0; i < 5; i++) expect((await getJson(`${base}/healthz`)).status).toBe(200);
  });
});

describe('API key', () => {
  const KEY = 'khoa-bi-mat-0123456789';
  let base: string;

  beforeAll(async () => {
    base = await start(new AnswerEngine(index, null), { API_KEY: KEY });
  });

  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer sai-khoa' }],
    ['a longer wrong key', { authorization: `Bearer ${KEY}x` }],
    ['another scheme', { authorization: `Basic ${KEY}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('/api/* with %s → 401', async (_name, headers: Record<string, string>) => {
    expectClientError(await getJson(`${base}/api/documents`, { headers }), 401, 'unauthorized');
    expectClientError(
      await getJson(`${base}/api/ask`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Kết luận 21' }),
      }),
      401,
      'unauthorized',
    );
  });

  it('never writes the key to the log', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const logged = await start(new AnswerEngine(index, null), { API_KEY: KEY, LOG_LEVEL: 'trace' }, { stream });
    await fetch(`${logged}/api/documents`, { headers: { authorization: `Bearer ${KEY}` } });
    await fetch(`${logged}/api/documents`, { headers: { authorization: `Bearer ${KEY}-sai` } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('the right key opens /api/*; /healthz, / and /docs need none', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    expect((await getJson(`${base}/api/documents`, { headers: auth })).status).toBe(200);
    const asked = await getJson(`${base}/api/ask`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Kết luận 21 có mấy nhóm nhiệm vụ?' }),
    });
    expect(asked.status).toBe(200);
    expect(asked.body.found).toBe(true);
    expect((await getJson(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/`)).status).toBe(200);
    const openapi = await getJson(`${base}/docs/json`);
    expect(openapi.status).toBe(200);
    expect(JSON.stringify(openapi.body.components)).toContain('bearer');
  });
});
