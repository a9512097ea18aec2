/**
 * `npm run bench -- --laws [--docs N] [--seed S]`: a library of long laws (testkit/legal-documents.ts,
 * N laws of 40–120 articles, default 120; another seed is another library), ingested by the real pipeline (lexical-only, the real e5
 * tokenizer), and measured as a user of such a library would:
 *
 * - structure: the share of chunks inside one article, and of chunks whose section path names one;
 * - lookups: "Điều N <law> quy định gì?" (with and without diacritics) and "khoản K Điều N <law>"
 *   answered from the named article: R@1 of the answer's first citation and of the first hit;
 * - retrieval: questions made from a provision's words, on the whole laws and on the same laws cut
 *   one article per file: R@1, R@5, MRR@10 (a hit is right when it holds the provision, in that law);
 * - ingest speed: documents, chunks and chunks/s for the whole laws.
 *
 * A report, not a test: the numbers go in the closing note and the README.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTokenCounter } from '../embed/tokens.ts';
import { loadIndex } from '../index/store.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';
import { AnswerEngine } from '../retrieval/engine.ts';
import type { Hit } from '../retrieval/types.ts';
import { foldDiacritics } from '../text/fold.ts';
import { detectSections, type Section } from '../text/structure.ts';
import { generateLawLibrary, type GeneratedDocument } from '../testkit/legal-documents.ts';
import { seededRandom } from '../testkit/random.ts';

const TOKENIZER_ROOT = path.resolve(import.meta.dirname, '../../shared/models');
const LOOKUPS = 300;
const CONTENT_QUESTIONS = 300;

async function build(corpus: string, work: string, name: string): Promise<{ engine: AnswerEngine; seconds: number; chunks: number; docs: number }> {
  const tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: TOKENIZER_ROOT });
  const indexDir = path.join(work, `${name}-index`);
  const started = performance.now();
  const report = await ingestCorpus({
    corpusDir: corpus,
    indexDir,
    cacheDir: path.join(work, 'cache'),
    force: true,
    chunkMaxTokens: 320,
    tokens,
    embedder: { ok: false, reason: 'bench: lexical-only' },
    ocr: false,
  });
  const seconds = (performance.now() - started) / 1000;
  const index = await loadIndex(indexDir);
  return { engine: new AnswerEngine(index, null), seconds, chunks: report.chunks, docs: report.documents };
}

function ratio(n: number, d: number): string {
  return d === 0 ? '–' : (n / d).toFixed(3);
}

/** Structure of the chunks of the whole-law index. */
function structureFigures(engine: AnswerEngine): { inside: number; named: number; total: number; crossing: number } {
  const sections = new Map<string, Section[]>();
  let inside = 0;
  let named = 0;
  let crossing = 0;
  for (const chunk of engine.index.chunks) {
    const doc = engine.documents.get(chunk.docId)!;
    let s = sections.get(doc.id);
    if (s === undefined) {
      s = detectSections(doc.id, doc.text).filter((x) => x.kind === 'dieu');
      sections.set(doc.id, s);
    }
    const articles = s.filter((a) => a.start < chunk.end && a.end > chunk.start).length;
    if (articles <= 1) inside++;
    else crossing++;
    if (chunk.sectionPath.some((p) => p.startsWith('Điều '))) named++;
  }
  return { inside, named, total: engine.index.chunks.length, crossing };
}

interface Lookup {
  readonly question: string;
  readonly docId: string;
  readonly article: number;
  /** For a khoản lookup: the khoản asked. */
  readonly clause?: number;
}

function lookups(laws: readonly GeneratedDocument[], rng: () => number): Lookup[] {
  const out: Lookup[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const law = laws[Math.floor(rng() * laws.length)]!;
    const article = law.articles[Math.floor(rng() * law.articles.length)]!;
    const style = i % 3;
    const question =
      style === 0
        ? `Điều ${article.number} ${law.title} quy định gì?`
        : style === 1
          ? foldDiacritics(`dieu ${article.number} ${law.title.toLowerCase()} quy dinh gi`)
          : `${law.title} Điều ${article.number} nói về vấn đề gì?`;
    out.push({ question, docId: law.slug, article: article.number });
  }
  return out;
}

/** "khoản K Điều N <law>": the khoản of an article, a third typed without diacritics. */
function clauseLookups(laws: readonly GeneratedDocument[], rng: () => number): Lookup[] {
  const out: Lookup[] = [];
  while (out.length < LOOKUPS) {
    const law = laws[Math.floor(rng() * laws.length)]!;
    const article = law.articles[Math.floor(rng() * law.articles.length)]!;
    const khoan = article.khoan[Math.floor(rng() * article.khoan.length)];
    if (khoan === undefined) continue;
    const written = `khoản ${khoan.number} Điều ${article.number} ${law.title}`;
    const question = out.length % 3 === 1 ? foldDiacritics(written.toLowerCase()) : `${written} quy định thế nào?`;
    out.push({ question, docId: law.slug, article: article.number, clause: khoan.number });
  }
  return out;
}

async function lookupFigures(engine: AnswerEngine, questions: readonly Lookup[]): Promise<{ cited: number; hit: number }> {
  let cited = 0;
  let hit = 0;
  for (const q of questions) {
    const answer = await engine.ask(q.question);
    const doc = engine.documents.get(q.docId)!;
    const article = detectSections(doc.id, doc.text).find((s) => s.kind === 'dieu' && s.number === String(q.article))!;
    const within = (docId: string, start: number, end = start + 1): boolean => docId === q.docId && start < article.end && end > article.start;
    const c = answer.citations[0];
    const clauseRight = q.clause === undefined || (c?.section.endsWith(`› khoản ${q.clause}`) ?? false);
    if (answer.found && c !== undefined && within(c.docId, c.start) && clauseRight) cited++;
    const h = answer.hits[0];
    if (h !== undefined && within(h.docId, h.start, h.end)) hit++;
  }
  return { cited, hit };
}

interface ContentQuestion {
  readonly question: string;
  readonly law: string;
  /** The provision sentence a right passage holds. */
  readonly evidence: string;
}

/** A question from a provision's words: about two thirds of them, in order, and a question ending. */
function contentQuestions(laws: readonly GeneratedDocument[], rng: () => number): ContentQuestion[] {
  const out: ContentQuestion[] = [];
  while (out.length < CONTENT_QUESTIONS) {
    const law = laws[Math.floor(rng() * laws.length)]!;
    const article = law.articles[Math.floor(rng() * law.articles.length)]!;
    const khoan = article.khoan[Math.floor(rng() * article.khoan.length)];
    if (khoan === undefined) continue;
    const sentence = khoan.text.split('\n')[0]!.replace(/^\d+\.\s*/u, '').split(/(?<=\.)\s/u)[0]!;
    const words = sentence.replace(/[.,;:]/gu, '').split(/\s+/u);
    if (words.length < 8) continue;
    const kept = words.filter(() => rng() < 0.65);
    out.push({ question: `${kept.join(' ')} như thế nào?`, law: law.slug, evidence: sentence });
  }
  return out;
}

function rank(hits: readonly Hit[], q: ContentQuestion): number | null {
  const i = hits.findIndex((h) => (h.docId === q.law || h.docId.startsWith(`${q.law}/`)) && h.chunk.text.includes(q.evidence));
  return i < 0 ? null : i + 1;
}

async function retrievalFigures(engine: AnswerEngine, questions: readonly ContentQuestion[]): Promise<{ r1: number; r5: number; mrr: number }> {
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const q of questions) {
    const r = rank(await engine.search(q.question, 10), q);
    if (r === 1) r1++;
    if (r !== null && r <= 5) r5++;
    if (r !== null) mrr += 1 / r;
  }
  const n = questions.length;
  return { r1: r1 / n, r5: r5 / n, mrr: mrr / n };
}

export async function runLawsBench(options: { docs: number; seed?: number }): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-bench-laws-'));
  const seed = options.seed ?? 2024;
  const laws = generateLawLibrary(options.docs, seed, { min: 40, max: 120 });
  const whole = path.join(work, 'whole');
  const split = path.join(work, 'one-article-per-file');
  await fs.mkdir(whole);
  await fs.mkdir(split);
  for (const law of laws) {
    await fs.writeFile(path.join(whole, `${law.slug}.txt`), law.text);
    await fs.mkdir(path.join(split, law.slug));
    for (const a of law.articles) await fs.writeFile(path.join(split, law.slug, `dieu-${a.number}.txt`), a.text);
  }
  const articles = laws.reduce((sum, l) => sum + l.articles.length, 0);
  console.log(`Library (seed ${seed}): ${laws.length} laws, ${articles} articles (${(articles / laws.length).toFixed(0)} per law)\n`);

  const a = await build(whole, work, 'whole');
  console.log(`ingest, whole laws: ${a.docs} documents, ${a.chunks} chunks in ${a.seconds.toFixed(1)} s · ${(a.chunks / a.seconds).toFixed(0)} chunks/s`);
  const s = structureFigures(a.engine);
  console.log(`structure: chunks inside one article ${ratio(s.inside, s.total)} (${s.crossing} of ${s.total} cross an article); path names an article ${ratio(s.named, s.total)}`);

  const rng = seededRandom(seed + 7);
  const lookupQuestions = lookups(laws, rng);
  const l = await lookupFigures(a.engine, lookupQuestions);
  console.log(`"Điều N <law>" lookups (${lookupQuestions.length}, a third without diacritics): R@1 answer citation ${ratio(l.cited, lookupQuestions.length)}, first hit ${ratio(l.hit, lookupQuestions.length)}`);
  const clauses = clauseLookups(laws, rng);
  const k = await lookupFigures(a.engine, clauses);
  console.log(`"khoản K Điều N <law>" lookups (${clauses.length}): R@1 answer citation at that khoản ${ratio(k.cited, clauses.length)}, first hit in the article ${ratio(k.hit, clauses.length)}`);

  const questions = contentQuestions(laws, rng);
  const wholeR = await retrievalFigures(a.engine, questions);
  const b = await build(split, work, 'split');
  console.log(`ingest, one article per file: ${b.docs} documents, ${b.chunks} chunks in ${b.seconds.toFixed(1)} s · ${(b.chunks / b.seconds).toFixed(0)} chunks/s`);
  const splitR = await retrievalFigures(b.engine, questions);
  console.log(`\nretrieval of ${questions.length} provision questions      R@1    R@5   MRR@10`);
  console.log(`  whole laws (one document per law)     ${wholeR.r1.toFixed(3)}  ${wholeR.r5.toFixed(3)}  ${wholeR.mrr.toFixed(3)}`);
  console.log(`  one article per file                  ${splitR.r1.toFixed(3)}  ${splitR.r5.toFixed(3)}  ${splitR.mrr.toFixed(3)}`);
  await fs.rm(work, { recursive: true, force: true });
}
