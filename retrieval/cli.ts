/**
 * `npm run ask -- [--index DIR] [--k N] [--json] "câu hỏi"` prints the reply text (or the answer as JSON).
 * `npm run ask -- [--index DIR] [--k N] --batch FILE` reads JSON lines {"id","question"} and writes
 * one JSON line per question to stdout, loading the index once. Later stages and external checks
 * rely on this exact shape; use `npm run -s ask …` to keep npm's banner off stdout.
 */
import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfigOrReport } from '../config.ts';
import { IndexLoadError } from '../index/store.ts';
import { AnswerEngine, type TimedAnswer } from './engine.ts';
import { formatReply } from './answer/reply.ts';

const USAGE = `Usage: npm run ask -- [--index DIR] [--k N] [--json] "câu hỏi"
       npm run ask -- [--index DIR] [--k N] --batch FILE   (JSON lines {"id","question"} → JSON lines)`;

/** The JSON shape of one answer, shared by --json and --batch. */
function answerRecord(id: string | undefined, answer: TimedAnswer): Record<string, unknown> {
  return {
    ...(id === undefined ? {} : { id }),
    answer: answer.answer,
    found: answer.found,
    type: answer.type,
    ...(answer.items ? { items: answer.items, moreItems: answer.moreItems ?? 0 } : {}),
    citations: answer.citations.map((c) => ({
      docId: c.docId,
      title: c.title,
      section: c.section,
      quote: c.quote,
      start: c.start,
      end: c.end,
    })),
    hits: answer.hits.map((h) => ({ chunkId: h.chunk.id, docId: h.docId, score: h.score, start: h.start, end: h.end })),
    tookMs: Math.round(answer.tookMs * 100) / 100,
  };
}

async function runBatch(engine: AnswerEngine, file: string, k: number): Promise<number> {
  const lines = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let failures = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let id: string | undefined;
    try {
      const parsed = JSON.parse(line) as { id?: unknown; question?: unknown };
      id = parsed.id === undefined ? String(lineNo) : String(parsed.id);
      if (typeof parsed.question !== 'string') throw new Error('"question" must be a string');
      const answer = await engine.ask(parsed.question, { k });
      process.stdout.write(`${JSON.stringify(answerRecord(id, answer))}\n`);
    } catch (error) {
      failures++;
      process.stdout.write(`${JSON.stringify({ id: id ?? String(lineNo), error: (error as Error).message })}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        index: { type: 'string' },
        k: { type: 'string', default: '5' },
        json: { type: 'boolean', default: false },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const k = Number(values.k);
  const question = positionals.join(' ').trim();
  if (!Number.isInteger(k) || k < 1 || k > 50 || (!values.batch && question === '')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfigOrReport();
  if (config === null) return 2;
  let engine: AnswerEngine;
  try {
    engine = await AnswerEngine.open(config, values.index ?? config.INDEX_DIR);
  } catch (error) {
    if (error instanceof IndexLoadError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (engine.denseOffReason) console.error(`Dense search is off: ${engine.denseOffReason}. Lexical-only.`);
  try {
    if (values.batch) return await runBatch(engine, values.batch, k);
    const answer = await engine.ask(question, { k });
    console.log(values.json ? JSON.stringify(answerRecord(undefined, answer), null, 2) : formatReply(answer));
    return 0;
  } finally {
    await engine.dispose();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
