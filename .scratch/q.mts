import { promises as fs } from 'node:fs';
import { loadIndex } from '/work/wt11/index/store.ts';
import { AnswerEngine } from '/work/wt11/retrieval/engine.ts';
const dir = process.argv[2]!;
const questions = JSON.parse(await fs.readFile('/tmp/vk11-bench/questions.json', 'utf8')) as string[];
let t = performance.now();
const engine = new AnswerEngine(await loadIndex(dir), null);
console.log('open', (performance.now() - t).toFixed(0), 'ms rss', Math.round(process.memoryUsage().rss / 2 ** 20));
const s: number[] = [], a: number[] = [];
for (const q of questions.slice(0, Number(process.argv[3] ?? 300))) {
  t = performance.now(); await engine.search(q, 5); s.push(performance.now() - t);
  t = performance.now(); await engine.ask(q, { k: 5 }); a.push(performance.now() - t);
}
const p = (x: number[], q: number) => [...x].sort((m, n) => m - n)[Math.floor(q * (x.length - 1))]!.toFixed(1);
console.log('search', p(s, 0.5), p(s, 0.95), 'answer', p(a, 0.5), p(a, 0.95), 'rss', Math.round(process.memoryUsage().rss / 2 ** 20), 'heap', Math.round(process.memoryUsage().heapUsed / 2 ** 20));
(globalThis as { gc?: () => void }).gc?.();
console.log('after gc rss', Math.round(process.memoryUsage().rss / 2 ** 20), 'heap', Math.round(process.memoryUsage().heapUsed / 2 ** 20), 'external', Math.round(process.memoryUsage().external / 2 ** 20), 'ab', Math.round(process.memoryUsage().arrayBuffers / 2 ** 20));
