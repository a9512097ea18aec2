/**
 * `npm run bench [-- --sizes 10000,100000] [--questions 1000] [--peer-questions 300] [--peers minisearch,fts5] [--keep DIR]`
 * How vankien grows with the library, beside two peers on the same chunks. Not a test.
 * `npm run bench -- --laws [--docs N] [--seed S]`: a library of long laws (bench/laws.ts);
 * `npm run bench -- --pdf [--docs N]`: PDF readers and OCR (bench/pdf.ts).
 *
 * For each size: a synthetic library of about that many chunks (the corpus's documents copied
 * with their numbers varied and paragraphs shuffled, bench/synthetic.ts) is ingested lexical-only
 * by the real pipeline (worker threads, as `npm run ingest` does); then each engine is opened
 * cold in a process of its own, which asks the questions once each (the gold questions, repeated
 * to the count), and reports open time, RSS after open and after the questions, and search (and
 * for vankien full-answer) latency p50/p95 (the peers ask the first --peer-questions of them:
 * MiniSearch takes about half a second a question at 100,000 chunks). The peers index the very chunks of vankien's index:
 * MiniSearch with its defaults and SQLite FTS5 (better-sqlite3). Ratios are vankien ÷ peer.
 *
 * A million chunks: `npm run bench -- --sizes 1000000 --peers fts5` (about an hour on 2 cores;
 * MiniSearch needs about 14 GB there and is left out by default above 300,000 chunks).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { loadTokenCounter } from '../embed/tokens.ts';
import { loadIndex } from '../index/store.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';
import { runLawsBench } from './laws.ts';
import { buildPeer, type Peer } from './peers.ts';
import { runPdfBench } from './pdf.ts';
import { writeSyntheticCorpus } from './synthetic.ts';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(REPO, 'corpus');
const GOLD = path.join(REPO, 'eval/gold.jsonl');
const MODELS = path.resolve(REPO, '../shared/models');
const MODEL_ID = 'Xenova/multilingual-e5-small';
/** Chunks one copy of the corpus makes with its numbers varied (measured: 95 ± 1). */
const CHUNKS_PER_COPY = 95;
const MINISEARCH_MAX_CHUNKS = 300_000;

interface Probe {
  readonly openMs: number;
  readonly rssOpen: number;
  readonly rssAfter: number;
  readonly search: readonly [number, number];
  readonly answer: readonly [number, number] | null;
}

interface Row extends Probe {
  readonly engine: string;
  readonly chunks: number;
  readonly ingestPerS: number;
  readonly diskMb: number;
}

async function diskBytes(target: string): Promise<number> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of await fs.readdir(target)) total += await diskBytes(path.join(target, name));
  return total;
}

async function probe(engine: string, location: string, questionsFile: string): Promise<Probe> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(REPO, 'bench/probe.ts'), engine, location, questionsFile], {
    cwd: REPO,
    maxBuffer: 1 << 20,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=16384' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Probe;
}

async function* chunkTexts(indexDir: string): AsyncGenerator<{ id: number; text: string }> {
  const index = await loadIndex(indexDir);
  try {
    for (let i = 0; i < index.chunks.length; i++) yield { id: i, text: index.chunks.at(i).text };
  } finally {
    index.close();
  }
}

const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function table(rows: readonly Row[]): string {
  const lines = [
    '| chunks | engine | ingest chunks/s | on disk MB | cold open ms | RSS open MB | RSS after Q MB | search p50 / p95 ms | answer p50 / p95 ms |',
    '|---:|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const answer = r.answer ? `${fmt(r.answer[0])} / ${fmt(r.answer[1])}` : '–';
    lines.push(
      `| ${r.chunks.toLocaleString('en')} | ${r.engine} | ${fmt(r.ingestPerS, 0)} | ${fmt(r.diskMb)} | ${fmt(r.openMs, 0)} | ${r.rssOpen} | ${r.rssAfter} | ${fmt(r.search[0])} / ${fmt(r.search[1])} | ${answer} |`,
    );
  }
  return lines.join('\n');
}

function ratios(rows: readonly Row[]): string {
  const lines = ['| chunks | vankien ÷ | ingest/s | disk | open | RSS open | RSS after | search p50 | search p95 |', '|---:|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const ours of rows.filter((r) => r.engine === 'vankien')) {
    for (const peer of rows.filter((r) => r.engine !== 'vankien' && r.chunks === ours.chunks)) {
      const x = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
      lines.push(
        `| ${ours.chunks.toLocaleString('en')} | ${peer.engine} | ${x(ours.ingestPerS, peer.ingestPerS)} | ${x(ours.diskMb, peer.diskMb)} | ${x(ours.openMs, peer.openMs)} | ${x(ours.rssOpen, peer.rssOpen)} | ${x(ours.rssAfter, peer.rssAfter)} | ${x(ours.search[0], peer.search[0])} | ${x(ours.search[1], peer.search[1])} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      questions: { type: 'string', default: '1000' },
      'peer-questions': { type: 'string', default: '300' },
      peers: { type: 'string', default: 'minisearch,fts5' },
      keep: { type: 'string' },
      // Document libraries (bench/laws.ts) and PDF readers and OCR (bench/pdf.ts) instead of growth.
      laws: { type: 'boolean', default: false },
      pdf: { type: 'boolean', default: false },
      docs: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (values.pdf) return runPdfBench({ docs: Number(values.docs ?? 9) });
  if (values.laws) return runLawsBench({ docs: Number(values.docs ?? 120), ...(values.seed ? { seed: Number(values.seed) } : {}) });
  const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0);
  const peers = values.peers.split(',').filter((p): p is Peer => p === 'minisearch' || p === 'fts5');
  const work = values.keep ? path.resolve(values.keep) : await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-bench-'));
  await fs.mkdir(work, { recursive: true });
  const gold = (await fs.readFile(GOLD, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);
  const count = Number(values.questions);
  const questions = Array.from({ length: count }, (_, i) => gold[i % gold.length]!);
  const questionsFile = path.join(work, 'questions.json');
  await fs.writeFile(questionsFile, JSON.stringify(questions));
  const peerQuestionsFile = path.join(work, 'peer-questions.json');
  await fs.writeFile(peerQuestionsFile, JSON.stringify(questions.slice(0, Number(values['peer-questions']))));
  const tokens = await loadTokenCounter({ modelId: MODEL_ID, modelDir: MODELS });
  console.log(
    `vankien bench · ${os.availableParallelism()} cores · Node ${process.version} · ${count} questions (gold, repeated; peers ${values['peer-questions']}) · tokenizer ${tokens.exact ? 'exact' : 'estimate'} · load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );

  const rows: Row[] = [];
  for (const size of sizes) {
    const corpus = path.join(work, `corpus-${size}`);
    if (!(await fs.stat(corpus).catch(() => null))) await writeSyntheticCorpus(CORPUS, corpus, size, CHUNKS_PER_COPY);
    const indexDir = path.join(work, `index-${size}`, 'index');
    const started = performance.now();
    const report = await ingestCorpus({
      corpusDir: corpus,
      indexDir,
      cacheDir: path.join(work, 'cache'),
      force: true,
      chunkMaxTokens: 320,
      tokens,
      tokenizer: { modelId: MODEL_ID, modelDir: MODELS },
      embedder: { ok: false, reason: 'lexical bench' },
    });
    const ingestS = (performance.now() - started) / 1000;
    const diskMb = (await diskBytes(await fs.realpath(indexDir))) / 2 ** 20;
    const ours = await probe('vankien', indexDir, questionsFile);
    rows.push({ engine: 'vankien', chunks: report.chunks, ingestPerS: report.chunks / ingestS, diskMb, ...ours });
    console.log(`${report.chunks} chunks: ingest ${ingestS.toFixed(1)} s (${report.segments.total} segments)`);
    for (const peer of peers) {
      if (peer === 'minisearch' && report.chunks > MINISEARCH_MAX_CHUNKS) continue;
      const file = path.join(work, `${peer}-${size}.${peer === 'fts5' ? 'db' : 'json'}`);
      const t = performance.now();
      const bytes = await buildPeer(peer, chunkTexts(indexDir), file);
      const buildS = (performance.now() - t) / 1000;
      const measured = await probe(peer, file, peerQuestionsFile);
      rows.push({ engine: peer, chunks: report.chunks, ingestPerS: report.chunks / buildS, diskMb: bytes / 2 ** 20, ...measured });
      console.log(`  ${peer}: built in ${buildS.toFixed(1)} s`);
    }
    if (!values.keep) await fs.rm(path.join(work, `index-${size}.builds`), { recursive: true, force: true });
  }
  console.log(`\n${table(rows)}\n\n${ratios(rows)}`);
  console.log(
    '\nvankien ingest includes reading, cleaning, chunking with the e5 tokenizer, references and analysis; a peer\'s is\n' +
      'only indexing the finished chunk texts. RSS is the process\'s resident set (probe.ts), open is cold (new process).',
  );
  if (!values.keep) await fs.rm(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
