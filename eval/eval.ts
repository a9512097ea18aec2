/**
 * `npm run eval -- [--dataset gold|xquad] [--index DIR] [--k N] [--verbose] [--json]`
 *
 * A report, not a test: runs every question of a dataset through the answer engine and prints
 * retrieval and answer quality, overall and per question type (and per tag for gold). Exit code
 * 0 whatever the figures, 2 on a usage or configuration error.
 * - gold (default): eval/gold.jsonl on the corpus index (`--index`, default INDEX_DIR;
 *   built from CORPUS_DIR with the real ingest pipeline when missing).
 * - xquad: XQuAD-vi paragraphs ingested into a temp folder, one document per paragraph.
 * - `--questions FILE`: another question set on the corpus index: gold lines, and the ratings
 *   `npm run feedback -- --export` writes (each asked again: is a 👍 answer still given, has a 👎
 *   one changed?).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfigOrReport, type Config } from '../config.ts';
import { IndexLoadError, readLiveManifest } from '../index/store.ts';
import { ingestConfigured } from '../ingest/configured.ts';
import { AnswerEngine, type TimedAnswer } from '../retrieval/engine.ts';
import {
  containsAnswer,
  dedupeByDoc,
  evidencePlaces,
  firstRelevantRank,
  isNotFoundGold,
  occurrences,
  parseGold,
  spanContains,
  summarize,
  summarizeBy,
  type GoldItem,
  type Outcome,
  type Ratio,
  type Summary,
} from './metrics.ts';
import type { Hit } from '../retrieval/types.ts';
import { familiesRisk, goldRisk, xquadRisk } from './risk-report.ts';
import { buildXquadIndex, loadXquad } from './xquad.ts';
import { isFeedbackLine, judgeFeedback, parseFeedbackItem, summarizeFeedback, type FeedbackItem } from './feedback.ts';

const USAGE = `Usage: npm run eval -- [--dataset gold|xquad|families] [--questions FILE] [--index DIR] [--k N] [--verbose] [--json]
  --dataset   gold (eval/gold.jsonl on the corpus, default), xquad (XQuAD-vi passages), or families (the generated
              answerability families: risk–coverage per family, held-out and fit splits apart)
  --questions gold only: read the questions from FILE instead (gold lines and/or npm run feedback -- --export lines)
  --index DIR gold only: the index to evaluate (default INDEX_DIR; built from CORPUS_DIR when missing)
  --k N       passages the engine retrieves per question (default 5, as the bot)
  --verbose   print every failure
  --json      print the report as JSON`;

const GOLD_FILE = path.resolve(import.meta.dirname, './gold.jsonl');
/** Plain BM25 over syllables on XQuAD-vi, from shared/bench/xquad-vi/SOURCE.md. */
const XQUAD_BM25 = { hitAt1: 0.92, hitAt5: 0.98, mrr10: 0.95 } as const;
/** Rank cutoff of MRR; the answer's hits are topped up by a plain search when k is smaller. */
const MRR_CUTOFF = 10;

interface EvalArgs {
  readonly dataset: 'gold' | 'xquad' | 'families';
  readonly questions: string | undefined;
  readonly index: string | undefined;
  readonly k: number;
  readonly verbose: boolean;
  readonly json: boolean;
}

/** One question the engine got wrong, for --verbose and --json. */
interface Failure {
  readonly id: string;
  readonly question: string;
  readonly problems: readonly string[];
  readonly expected: string;
  readonly got: string;
  readonly topHit: string;
}

interface Report {
  readonly dataset: string;
  readonly k: number;
  readonly overall: Summary;
  readonly groups: ReadonlyArray<{ readonly title: string; readonly rows: ReadonlyMap<string, Summary> }>;
  readonly failures: readonly Failure[];
  readonly note: string;
  /** Further figures of the dataset, one line each. */
  readonly extra: readonly string[];
}

function parseCli(argv: readonly string[]): EvalArgs | { readonly error: string } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        dataset: { type: 'string', default: 'gold' },
        index: { type: 'string' },
        questions: { type: 'string' },
        k: { type: 'string', default: '5' },
        verbose: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return 'help';
  if (values.dataset !== 'gold' && values.dataset !== 'xquad' && values.dataset !== 'families') return { error: `unknown dataset "${values.dataset}"` };
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 100) return { error: `--k must be an integer from 1 to 100, got "${values.k}"` };
  if (values.dataset === 'xquad' && values.index !== undefined) return { error: '--index applies to the gold dataset only' };
  if (values.dataset === 'xquad' && values.questions !== undefined) return { error: '--questions applies to the gold dataset only' };
  return { dataset: values.dataset, questions: values.questions, index: values.index, k, verbose: values.verbose, json: values.json };
}

/** Rank of the first relevant hit among the answer's hits, then (below them) a top-10 search. */
async function rankOf(
  engine: AnswerEngine,
  question: string,
  answer: TimedAnswer,
  isRelevant: (hit: Hit) => boolean,
  byDocument: boolean,
): Promise<number | null> {
  const ranked = (hits: readonly Hit[]): Hit[] => (byDocument ? dedupeByDoc(hits) : [...hits]);
  const own = ranked(answer.hits);
  const rank = firstRelevantRank(own, isRelevant);
  if (rank !== null || own.length >= MRR_CUTOFF) return rank;
  const deeper = firstRelevantRank(ranked(await engine.search(question, MRR_CUTOFF * (byDocument ? 2 : 1))), isRelevant);
  return deeper !== null && deeper > own.length && deeper <= MRR_CUTOFF ? deeper : null;
}

function describeHit(hit: Hit | undefined): string {
  if (!hit) return '(no hit)';
  const text = hit.chunk.text.replace(/\s+/g, ' ');
  return `${hit.docId}${hit.section ? ` › ${hit.section}` : ''}: ${text.slice(0, 140)}${text.length > 140 ? '…' : ''}`;
}

function progressBar(total: number, label: string): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: ` ${label} |{bar}| {value}/{total} questions · {eta_formatted}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** Opens the index at `indexDir`, building it from the corpus first when there is none. */
async function openGoldEngine(config: Config, indexDir: string): Promise<AnswerEngine> {
  if ((await readLiveManifest(indexDir)) === null) {
    process.stderr.write(`No index at ${indexDir}; building it from ${config.CORPUS_DIR}…\n`);
    await ingestConfigured(config, { indexDir });
  }
  return AnswerEngine.open(config, indexDir);
}

async function evaluateGold(engine: AnswerEngine, gold: readonly GoldItem[], k: number): Promise<Report> {
  const outcomes: Outcome[] = [];
  const failures: Failure[] = [];
  const bar = progressBar(gold.length, 'gold ');
  for (const item of gold) {
    const answer = await engine.ask(item.question, { k });
    const said = [answer.answer, ...(answer.items ?? [])];
    const got = `${answer.found ? 'found' : 'not found'} · ${said.join(' | ').slice(0, 200)}`;
    const top = describeHit(answer.hits[0]);
    if (isNotFoundGold(item)) {
      outcomes.push({ ...common(item, answer), notFound: true, rank: null, answerCorrect: null });
      if (answer.found) failures.push({ id: item.id, question: item.question, problems: ['invented an answer'], expected: 'not found', got, topHit: top });
    } else {
      const evidence = evidencePlaces(item).flatMap((place) =>
        occurrences(place.docId, engine.documents.get(place.docId)?.text ?? '', place.evidence),
      );
      const rank = await rankOf(engine, item.question, answer, (hit) => evidence.some((span) => spanContains(hit, span)), false);
      const answerCorrect = answer.found && containsAnswer(item.answer, said);
      outcomes.push({ ...common(item, answer), notFound: false, rank, answerCorrect });
      const problems = [
        ...(evidence.length === 0 ? ['evidence not in this index'] : []),
        ...(rank === 1 ? [] : [rank === null ? 'evidence not retrieved' : `evidence at rank ${rank}`]),
        ...(answer.found ? [] : ['said not found']),
        ...(answer.found && !answerCorrect ? ['answer lacks the expected phrase'] : []),
      ];
      if (problems.length > 0) {
        failures.push({ id: item.id, question: item.question, problems, expected: `"${item.answer}" · ${item.docId}: "${item.evidence}"`, got, topHit: top });
      }
    }
    bar.increment();
  }
  bar.stop();
  return {
    dataset: 'gold',
    k,
    overall: summarize(outcomes),
    groups: [
      { title: 'by question type', rows: summarizeBy(outcomes, (o) => [o.type]) },
      { title: 'by tag', rows: summarizeBy(outcomes, (o) => o.tags) },
    ],
    failures,
    note: engine.dense ? 'dense + lexical' : `lexical-only (${engine.denseOffReason ?? 'no embedder'})`,
    extra: [],
  };
}

function common(item: GoldItem, answer: TimedAnswer): Pick<Outcome, 'id' | 'type' | 'tags' | 'found' | 'latencyMs'> {
  return { id: item.id, type: item.type, tags: item.tags, found: answer.found, latencyMs: answer.tookMs };
}

async function evaluateXquad(k: number): Promise<Report> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-xquad-'));
  try {
    process.stderr.write(`Building the XQuAD-vi index in ${workDir}…\n`);
    const engine = new AnswerEngine(await buildXquadIndex(workDir), null, 'XQuAD is evaluated lexical-only');
    const { questions } = loadXquad();
    const outcomes: Outcome[] = [];
    const failures: Failure[] = [];
    const bar = progressBar(questions.length, 'xquad');
    // Quoted even when the engine declined (its citations are then the closest passages): tells
    // extraction apart from the not-found threshold.
    let quotedAnyway = 0;
    for (const q of questions) {
      const answer = await engine.ask(q.question, { k });
      const rank = await rankOf(engine, q.question, answer, (hit) => hit.docId === q.paragraphId, true);
      // The gold span must be inside what the answer quotes.
      const quoted = containsAnswer(q.answer, answer.citations.map((c) => c.quote));
      if (quoted) quotedAnyway++;
      const answerCorrect = answer.found && quoted;
      outcomes.push({ id: q.id, type: answer.type, tags: [], notFound: false, found: answer.found, rank, answerCorrect, latencyMs: answer.tookMs });
      if (rank !== 1 || !answerCorrect) {
        const problems = [
          ...(rank === 1 ? [] : [rank === null ? 'paragraph not retrieved' : `paragraph at rank ${rank}`]),
          ...(answer.found ? [] : ['said not found']),
          ...(answer.found && !answerCorrect ? ['gold span not quoted'] : []),
        ];
        failures.push({ id: q.id, question: q.question, problems, expected: `"${q.answer}" · ${q.paragraphId}`, got: `${answer.found ? 'found' : 'not found'} · ${answer.answer.slice(0, 200)}`, topHit: describeHit(answer.hits[0]) });
      }
      bar.increment();
    }
    bar.stop();
    return {
      dataset: 'xquad',
      k,
      overall: summarize(outcomes),
      groups: [{ title: 'by detected question type', rows: summarizeBy(outcomes, (o) => [o.type]) }],
      failures,
      note: `lexical-only; plain BM25 reference (SOURCE.md): R@1 ${XQUAD_BM25.hitAt1} · R@5 ${XQUAD_BM25.hitAt5} · MRR@10 ${XQUAD_BM25.mrr10}`,
      extra: [
        `gold span in a citation quote, found or not: ${quotedAnyway}/${questions.length} (${num(quotedAnyway / Math.max(1, questions.length))})`,
        '',
        await xquadRisk(engine, questions, k),
      ],
    };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** Gold lines and rating lines of one question set, each parsed by its own format. */
function splitQuestionSet(text: string): { gold: GoldItem[]; ratings: FeedbackItem[] } {
  const goldLines: string[] = [];
  const ratings: FeedbackItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      goldLines.push(line);
      return;
    }
    if (isFeedbackLine(json)) ratings.push(parseFeedbackItem(json, i + 1));
    else goldLines.push(line);
  });
  return { gold: parseGold(goldLines.join('\n')), ratings };
}

/** Each rated question asked again: the line of figures, and what no longer holds as failures. */
async function addRatings(report: Report, engine: AnswerEngine, ratings: readonly FeedbackItem[], k: number): Promise<Report> {
  const outcomes = [];
  const failures: Failure[] = [];
  for (const item of ratings) {
    const answer = await engine.ask(item.question, { k });
    const outcome = judgeFeedback(item, answer);
    outcomes.push(outcome);
    if (!outcome.ok) {
      failures.push({
        id: item.id,
        question: item.question,
        problems: [item.rating === 'up' ? 'a 👍 answer is no longer given' : 'a 👎 answer is still given'],
        expected: item.rating === 'up' ? item.answer.slice(0, 200) : 'a different answer',
        got: outcome.now,
        topHit: describeHit(answer.hits[0]),
      });
    }
  }
  return { ...report, extra: [...report.extra, summarizeFeedback(outcomes)], failures: [...report.failures, ...failures] };
}

const num = (value: number | null, digits = 3): string => (value === null ? '–' : value.toFixed(digits));
const frac = (r: Ratio): string => num(r.value);

function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function renderReport(report: Report, verbose: boolean): string {
  const gold = report.dataset === 'gold';
  const header = gold
    ? ['', 'Hit@1', 'Hit@5', 'MRR@10', 'AnsAcc', 'NF-P', 'NF-R', 'Invented', 'N']
    : ['', 'R@1', 'R@5', 'MRR@10', 'AnsInQuote', 'Found', 'N'];
  const row = (label: string, s: Summary): string[] =>
    gold
      ? [label, frac(s.hitAt1), frac(s.hitAt5), num(s.mrr10), frac(s.answerAccuracy), frac(s.notFoundPrecision), frac(s.notFoundRecall), String(s.invented), String(s.n)]
      : [label, frac(s.hitAt1), frac(s.hitAt5), num(s.mrr10), frac(s.answerAccuracy), num(s.n === 0 ? null : (s.n - s.notFoundPrecision.of) / s.n), String(s.n)];
  const rows = [row('overall', report.overall)];
  if (!gold) rows.push(['plain BM25 (SOURCE.md)', String(XQUAD_BM25.hitAt1), String(XQUAD_BM25.hitAt5), String(XQUAD_BM25.mrr10), '', '', '']);
  for (const group of report.groups) {
    rows.push([group.title, ...header.slice(1).map(() => '')]);
    for (const [name, summary] of group.rows) rows.push(row(`  ${name}`, summary));
  }
  const o = report.overall;
  const lines = [
    `Evaluation: ${report.dataset} · k=${report.k} · ${report.note}`,
    '',
    renderTable(header, rows),
    '',
    `answerable ${o.answerable} · hit@1 ${o.hitAt1.hits}/${o.hitAt1.of} · hit@5 ${o.hitAt5.hits}/${o.hitAt5.of} · answers ${o.answerAccuracy.hits}/${o.answerAccuracy.of}` +
      (gold ? ` · not-found declined ${o.notFoundRecall.hits}/${o.notFoundRecall.of} · answerable declined ${o.notFoundPrecision.of - o.notFoundPrecision.hits}` : ''),
    `latency per question (ask): mean ${num(o.latency.meanMs, 1)} ms · p95 ${num(o.latency.p95Ms, 1)} ms`,
    ...report.extra,
    `failures: ${report.failures.length}${verbose || report.failures.length === 0 ? '' : ' (--verbose lists them)'}`,
  ];
  if (verbose) {
    for (const f of report.failures) {
      lines.push('', `${f.id} ${f.question}`, `  problem:  ${f.problems.join('; ')}`, `  expected: ${f.expected}`, `  got:      ${f.got}`, `  top hit:  ${f.topHit}`);
    }
  }
  return lines.join('\n');
}

function reportJson(report: Report): string {
  const groups = Object.fromEntries(report.groups.map((g) => [g.title, Object.fromEntries(g.rows)]));
  const reference = report.dataset === 'xquad' ? { bm25Reference: XQUAD_BM25 } : {};
  return JSON.stringify({ dataset: report.dataset, k: report.k, note: report.note, extra: report.extra, overall: report.overall, groups, ...reference, failures: report.failures }, null, 2);
}

async function main(): Promise<number> {
  const args = parseCli(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  if ('error' in args) {
    console.error(`${args.error}\n${USAGE}`);
    return 2;
  }
  if (args.dataset === 'families') {
    console.log(await familiesRisk(path.resolve(import.meta.dirname, '../corpus')));
    return 0;
  }
  let report: Report;
  if (args.dataset === 'xquad') {
    report = await evaluateXquad(args.k);
  } else {
    const config = loadConfigOrReport();
    if (config === null) return 2;
    const { gold, ratings } = splitQuestionSet(await fs.readFile(args.questions ?? GOLD_FILE, 'utf8'));
    let engine: AnswerEngine;
    try {
      engine = await openGoldEngine(config, args.index ?? config.INDEX_DIR);
    } catch (error) {
      if (error instanceof IndexLoadError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
    try {
      report = await evaluateGold(engine, gold, args.k);
      if (args.questions === undefined) report = { ...report, extra: [...report.extra, '', await goldRisk(engine, gold, args.k)] };
      if (ratings.length > 0) report = await addRatings(report, engine, ratings, args.k);
      if (args.questions !== undefined) report = { ...report, dataset: `questions (${path.basename(args.questions)})` };
    } finally {
      await engine.dispose();
    }
  }
  console.log(args.json ? reportJson(report) : renderReport(report, args.verbose));
  return 0;
}

process.exitCode = await main();
