/**
 * One measured process of the bench: opens an index cold (vankien, or a peer's), then asks the
 * questions once each, and prints JSON: open time, RSS after open and after the questions, and
 * search (and, for vankien, full answer) latencies. Run as a child so each RSS is its own.
 *
 *   tsx bench/probe.ts vankien|minisearch|fts5 <index> <questions.json>
 */
import { promises as fs } from 'node:fs';
import { loadIndex } from '../index/store.ts';
import { AnswerEngine } from '../retrieval/engine.ts';
import { openPeer, type Peer } from './peers.ts';

const [engineName, location, questionsFile] = process.argv.slice(2);
const questions = JSON.parse(await fs.readFile(questionsFile ?? '', 'utf8')) as string[];
const rssMb = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);
const percentiles = (samples: number[]): [number, number] => {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return [at(0.5), at(0.95)];
};

const started = performance.now();
const search: number[] = [];
const answer: number[] = [];
let openMs: number;
let rssOpen: number;
if (engineName === 'vankien') {
  const engine = new AnswerEngine(await loadIndex(location ?? ''), null);
  openMs = performance.now() - started;
  rssOpen = rssMb();
  for (const question of questions) {
    let t = performance.now();
    await engine.search(question, 5);
    search.push(performance.now() - t);
    t = performance.now();
    await engine.ask(question, { k: 5 });
    answer.push(performance.now() - t);
  }
} else {
  const peer = await openPeer(engineName as Peer, location ?? '');
  openMs = performance.now() - started;
  rssOpen = rssMb();
  for (const question of questions) {
    const t = performance.now();
    peer.search(question, 10);
    search.push(performance.now() - t);
  }
  peer.close();
}
const rssAfter = rssMb();
console.log(
  JSON.stringify({
    openMs,
    rssOpen,
    rssAfter,
    search: percentiles(search),
    answer: answer.length > 0 ? percentiles(answer) : null,
  }),
);
