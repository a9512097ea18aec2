import { promises as fs } from 'node:fs';
import { loadIndex } from '/work/wt11/index/store.ts';
import { PostingCursor } from '/work/wt11/index/segment/segment.ts';
import { AnswerEngine } from '/work/wt11/retrieval/engine.ts';
const dir = process.argv[2]!;
const questions = JSON.parse(await fs.readFile('/tmp/vk11-bench/questions.json', 'utf8')) as string[];
let nexts = 0, loads = 0, advances = 0;
const P = PostingCursor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const [name, inc] of [['next', () => nexts++], ['load', () => loads++], ['advance', () => advances++]] as const) {
  const orig = P[name]!;
  P[name] = function (this: unknown, ...args: unknown[]) { inc(); return orig.apply(this, args); };
}
const engine = new AnswerEngine(await loadIndex(dir), null);
const n = Number(process.argv[3] ?? 100);
let t = performance.now();
for (const q of questions.slice(0, n)) await engine.search(q, 5);
console.log('per query: next', Math.round(nexts / n), 'block loads', Math.round(loads / n), 'advance', Math.round(advances / n), 'ms', ((performance.now() - t) / n).toFixed(1), 'chunks', engine.index.chunks.length);
