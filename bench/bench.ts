/**
 * `npm run bench [-- --chunks N] [--no-large] [--large-dense]`: how fast, not a test.
 * `npm run bench -- --laws [--docs N]`: a library of long laws (bench/laws.ts);
 * `npm run bench -- --pdf [--docs N]`: PDF readers and OCR (bench/pdf.ts).
 *
 * Prints one table row per setting: index load time, `search` and full-answer latency
 * (p50/p95/p99 over the gold questions, after a warm-up) and peak RSS, for
 *   - the corpus, lexical-only (the configuration of this environment),
 *   - the corpus with the small test ONNX model (the dense path's plumbing cost; not a real model),
 *   - a synthetic corpus of about N chunks (default 100,000): the five documents repeated with
 *     their numbers varied and paragraphs shuffled, built by the real ingest pipeline;
 * and, for the lexical rows, full answers through the real HTTP server (POST /api/ask on loopback).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEmbedder, type Embedder } from '../embed/embedder.ts';
import { loadIndex } from '../index/store.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';
import { loadTokenCounter, type TokenCounter } from '../embed/tokens.ts';
import { buildServer } from '../bot/http/server.ts';
import { loadConfig } from '../config.ts';
import { seededRandom } from '../testkit/random.ts';
import { buildTestModel } from '../testkit/test-model.ts';
import { AnswerEngine } from '../retrieval/engine.ts';
import { runLawsBench } from './laws.ts';
import { runPdfBench } from './pdf.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(REPO, 'corpus');
const GOLD = path.join(REPO, 'eval/gold.jsonl');
const TOKENIZER_ROOT = path.resolve(REPO, '../shared/models');

interface Row {
  readonly setting: string;
  readonly chunks: number;
  readonly ingestS: number;
  readonly loadMs: number;
  readonly search: readonly number[];
  readonly answer: readonly number[];
  readonly rssMb: number;
  /** POST /api/ask over loopback HTTP (p50/p95/p99), when measured. */
  readonly http: readonly number[] | null;
}

/** Full answers through the real Fastify server on loopback, one request at a time. */
async function measureHttp(engine: AnswerEngine, questions: readonly string[], rounds: number): Promise<number[]> {
  const app = await buildServer({
    engine,
    config: { ...loadConfig({}), RATE_LIMIT_MAX: 1_000_000_000 },
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const ask = async (question: string): Promise<void> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${question}`);
    await response.json();
  };
  try {
    for (const question of questions.slice(0, 10)) await ask(question);
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const question of questions) {
        const t = performance.now();
        await ask(question);
        samples.push(performance.now() - t);
      }
    }
    return latencies(samples);
  } finally {
    await app.close();
  }
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

function latencies(samples: number[]): number[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return [percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99)];
}

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function goldQuestions(): Promise<string[]> {
  const text = await fs.readFile(GOLD, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);
}

async function measure(
  setting: string,
  corpusDir: string,
  work: string,
  tokens: TokenCounter,
  embedder: Embedder | null,
  questions: readonly string[],
  rounds: number,
  withHttp = false,
): Promise<Row> {
  const indexDir = path.join(work, 'index');
  const ingestStarted = performance.now();
  await ingestCorpus({
    corpusDir,
    indexDir,
    cacheDir: path.join(work, 'cache'),
    force: true,
    chunkMaxTokens: 320,
    tokens,
    embedder: embedder ? { ok: true, embedder } : { ok: false, reason: 'lexical-only bench' },
  });
  const ingestS = (performance.now() - ingestStarted) / 1000;

  const loadStarted = performance.now();
  const model = embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null;
  const engine = new AnswerEngine(await loadIndex(indexDir, { model }), embedder);
  const loadMs = performance.now() - loadStarted;

  for (const question of questions.slice(0, 10)) await engine.ask(question); // warm-up (JIT, caches)
  const search: number[] = [];
  const answer: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      let t = performance.now();
      await engine.search(question, 5);
      search.push(performance.now() - t);
      t = performance.now();
      await engine.ask(question, { k: 5 });
      answer.push(performance.now() - t);
    }
  }
  const http = withHttp ? await measureHttp(engine, questions, rounds) : null;
  return {
    setting,
    http,
    chunks: engine.index.chunks.length,
    ingestS,
    loadMs,
    search: latencies(search),
    answer: latencies(answer),
    rssMb: peakRssMb(),
  };
}

/** Writes copies of the corpus with varied numbers and shuffled paragraphs until about `targetChunks`. */
async function writeSyntheticCorpus(dir: string, targetChunks: number, chunksPerCopy: number): Promise<number> {
  const random = seededRandom(20221227);
  const sources = await Promise.all(
    (await fs.readdir(CORPUS)).filter((name) => name.endsWith('.txt')).map((name) => fs.readFile(path.join(CORPUS, name), 'utf8')),
  );
  const copies = Math.max(1, Math.ceil(targetChunks / chunksPerCopy));
  await fs.mkdir(dir, { recursive: true });
  for (let copy = 0; copy < copies; copy++) {
    const folder = path.join(dir, `ban-${String(Math.floor(copy / 100)).padStart(3, '0')}`);
    await fs.mkdir(folder, { recursive: true });
    for (const [i, source] of sources.entries()) {
      const paragraphs = source.split(/\n\s*\n/);
      for (let p = paragraphs.length - 1; p > 1; p--) {
        // Keep the first paragraphs (titles, salutations) and shuffle the body.
        const q = 1 + Math.floor(random() * p);
        [paragraphs[p], paragraphs[q]] = [paragraphs[q] ?? '', paragraphs[p] ?? ''];
      }
      const varied = paragraphs.join('\n\n').replace(/\d+/g, (digits) => String(Math.floor(random() * 10 ** digits.length)));
      await fs.writeFile(path.join(folder, `${copy}-${i}.txt`), varied);
    }
  }
  return copies;
}

function formatRow(row: Row): string {
  const ms = (values: readonly number[]): string => values.map((v) => v.toFixed(1)).join(' / ');
  const http = row.http ? ms(row.http) : '–';
  return `| ${row.setting} | ${row.chunks.toLocaleString('en')} | ${row.ingestS.toFixed(1)} | ${row.loadMs.toFixed(0)} | ${ms(row.search)} | ${ms(row.answer)} | ${http} | ${row.rssMb} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chunks: { type: 'string', default: '100000' },
      'no-large': { type: 'boolean', default: false },
      'large-dense': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      // Document libraries (bench/laws.ts) and PDF readers and OCR (bench/pdf.ts) instead of speed.
      laws: { type: 'boolean', default: false },
      pdf: { type: 'boolean', default: false },
      docs: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (values.pdf) return runPdfBench({ docs: Number(values.docs ?? 9) });
  if (values.laws) return runLawsBench({ docs: Number(values.docs ?? 120), ...(values.seed ? { seed: Number(values.seed) } : {}) });
  const targetChunks = Number(values.chunks);
  const rounds = Number(values.rounds);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-bench-'));
  const questions = await goldQuestions();
  const tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: TOKENIZER_ROOT });
  const model = await buildTestModel(path.join(work, 'models'));
  const load = await loadEmbedder({ modelId: model.modelId, modelDir: model.root, allowRemote: false, dtype: 'fp32', batchSize: 32 });
  if (!load.ok) throw new Error(load.reason);
  const testModel = load.embedder;

  console.log(`vankien bench · ${os.cpus().length} cores · Node ${process.version} · ${questions.length} gold questions × ${rounds} rounds`);
  console.log(`tokenizer: ${tokens.exact ? 'exact' : 'estimate'} · latencies in ms (p50 / p95 / p99)\n`);
  console.log('| setting | chunks | ingest s | load ms | search p50/p95/p99 | answer p50/p95/p99 | HTTP /api/ask p50/p95/p99 | peak RSS MB |');
  console.log('|---|---:|---:|---:|---|---|---|---:|');

  const lexical = await measure('corpus, lexical', CORPUS, path.join(work, 'lexical'), tokens, null, questions, rounds, true);
  console.log(formatRow(lexical));
  const dense = await measure('corpus, hybrid (test model)', CORPUS, path.join(work, 'dense'), tokens, testModel, questions, rounds);
  console.log(formatRow(dense));

  if (!values['no-large']) {
    const synthetic = path.join(work, 'synthetic');
    await writeSyntheticCorpus(synthetic, targetChunks, lexical.chunks);
    const large = await measure(`synthetic ~${targetChunks.toLocaleString('en')}, lexical`, synthetic, path.join(work, 'large'), tokens, null, questions, 1, true);
    console.log(formatRow(large));
    if (values['large-dense']) {
      const largeDense = await measure(
        `synthetic ~${targetChunks.toLocaleString('en')}, hybrid (test model)`,
        synthetic,
        path.join(work, 'large-dense'),
        tokens,
        testModel,
        questions,
        1,
      );
      console.log(formatRow(largeDense));
    }
  }
  await testModel.dispose();
  await fs.rm(work, { recursive: true, force: true });
  console.log('\nPeak RSS is the process high-water mark so far (rows accumulate).');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
