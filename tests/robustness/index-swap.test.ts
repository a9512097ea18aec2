/**
 * A running server takes a new build without a restart: the real HTTP server answers questions
 * from several clients at once while ingest adds a document and makes a new build live; the
 * server's watcher swaps it in. No request fails, the new document is then found, and the old
 * index's files are closed only once the calls that started on it have finished.
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../bot/http/server.ts';
import { loadTokenCounter, type TokenCounter } from '../../embed/tokens.ts';
import { loadIndex } from '../../index/store.ts';
import { ingestCorpus, type IngestOptions } from '../../ingest/pipeline.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { watchIndex } from '../../retrieval/live.ts';
import { VIETNAMESE_SENTENCES } from '../helpers/hostile-files.ts';
import { copyCorpus, REPO_ROOT, tempDir } from '../helpers/ingest-run.ts';

const CONFIG = { API_KEY: '', RATE_LIMIT_MAX: 1_000_000, RATE_LIMIT_WINDOW_MS: 60_000, LOG_LEVEL: 'silent' } as const;
const QUESTIONS = ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'Quy định 50 về việc gì?', 'Hội nghị sơ kết diễn ra ở đâu?'];
const NEW_DOCUMENT = 'chuyen-doi-so';
const NEW_FACT = 'Trong quý III, tỉnh đã đưa vào sử dụng 47 trạm sạc xe điện tại các khu dân cư.';
const NEW_QUESTION = 'Tỉnh đã đưa vào sử dụng bao nhiêu trạm sạc xe điện?';

let work: string;
let tokens: TokenCounter;

beforeAll(async () => {
  work = await tempDir('swap');
  tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: path.resolve(REPO_ROOT, '../shared/models') });
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

function options(corpusDir: string, indexDir: string): IngestOptions {
  return {
    corpusDir,
    indexDir,
    cacheDir: path.join(work, 'cache'),
    force: false,
    chunkMaxTokens: 320,
    tokens,
    embedder: { ok: false, reason: 'lexical-only test' },
  };
}

describe('a server given a new build', () => {
  it('swaps it in under load with no failed request', async () => {
    const corpus = await copyCorpus(path.join(work, 'corpus'));
    const indexDir = path.join(work, 'index');
    await ingestCorpus(options(corpus, indexDir));
    const engine = new AnswerEngine(await loadIndex(indexDir), null);
    const firstBuild = engine.index.buildDir;
    const app = await buildServer({ engine, config: CONFIG, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const watch = watchIndex(engine, indexDir, { intervalMs: 20 });
    const failures: string[] = [];
    let answered = 0;
    let stop = false;
    const client = async (c: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const question = QUESTIONS[(c + i) % QUESTIONS.length]!;
        const response = await fetch(`${base}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        }).catch((error: unknown) => error as Error);
        if (response instanceof Error) failures.push(response.message);
        else if (response.status !== 200) failures.push(`${response.status} ${await response.text()}`);
        else {
          const body = (await response.json()) as { found: boolean; citations: unknown[] };
          if (!body.found || body.citations.length === 0) failures.push(`no answer to ${question}`);
          answered++;
        }
      }
    };
    try {
      const clients = Array.from({ length: 6 }, (_, c) => client(c));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fs.writeFile(path.join(corpus, `${NEW_DOCUMENT}.txt`), `Báo cáo chuyển đổi số\n\n${NEW_FACT}\n\n${VIETNAMESE_SENTENCES.join('\n\n')}\n`);
      const report = await ingestCorpus(options(corpus, indexDir));
      expect(report.mode).toBe('incremental');
      for (let waited = 0; engine.index.buildDir === firstBuild && waited < 5_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(engine.index.buildDir).toBe(await fs.realpath(indexDir));
      const answeredAtSwap = answered;
      await new Promise((resolve) => setTimeout(resolve, 300));
      stop = true;
      await Promise.all(clients);
      expect(failures).toEqual([]);
      expect(answeredAtSwap).toBeGreaterThan(0);
      expect(answered).toBeGreaterThan(answeredAtSwap);

      const health = (await (await fetch(`${base}/healthz`)).json()) as { documents: number };
      expect(health.documents).toBe(report.documents);
      const reply = (await (await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: NEW_QUESTION }),
      })).json()) as { answer: string; citations: Array<{ docId: string }> };
      expect(reply.citations.map((c) => c.docId)).toContain(NEW_DOCUMENT);
      expect(reply.answer).toContain('47');
    } finally {
      stop = true;
      watch.stop();
      await app.close();
      await engine.dispose();
    }
  }, 60_000);

  it('lets a call that started on the old index finish on it', async () => {
    const corpus = await copyCorpus(path.join(work, 'corpus-2'));
    const indexDir = path.join(work, 'index-2');
    await ingestCorpus(options(corpus, indexDir));
    const engine = new AnswerEngine(await loadIndex(indexDir), null);
    const old = engine.index;
    await fs.writeFile(path.join(corpus, `${NEW_DOCUMENT}.txt`), `${VIETNAMESE_SENTENCES.join('\n\n')}\n`);
    await ingestCorpus(options(corpus, indexDir));
    const next = await loadIndex(indexDir);
    // The call starts on the old index; the swap happens before it has read its documents.
    const pending = engine.ask(QUESTIONS[0]!);
    engine.replaceIndex(next);
    const answer = await pending;
    expect(answer.found).toBe(true);
    const quote = answer.citations[0]!;
    expect(old.documents.find((doc) => doc.id === quote.docId)?.text.slice(quote.start, quote.end)).toBe(quote.quote);
    // Now nothing runs on the old index: it is closed.
    expect(() => old.chunks.at(0)).toThrow(/closed/);
    expect(engine.index).toBe(next);
    await engine.dispose();
  });
});
