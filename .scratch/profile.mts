// Profile of open and of queries at 100k: phases timed by hand, then a CPU profile summary.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { analysisFingerprint } from '/work/wt11/index/fingerprint.ts';
import { sha256File } from '/work/wt11/index/store.ts';
import { Segment } from '/work/wt11/index/segment/segment.ts';
import { openDocuments, ChunkTable } from '/work/wt11/index/tables.ts';
import { LexicalReader } from '/work/wt11/index/lexical/reader.ts';
import { loadIndex } from '/work/wt11/index/store.ts';
import { AnswerEngine } from '/work/wt11/retrieval/engine.ts';
const dir = process.argv[2]!;
const build = await fs.realpath(dir);
const manifest = JSON.parse(await fs.readFile(path.join(build, 'manifest.json'), 'utf8'));
const t: Record<string, number> = {};
let s = performance.now();
analysisFingerprint(); t.fingerprint = performance.now() - s;
s = performance.now(); let bytes = 0; for (const name of Object.keys(manifest.files)) bytes += sha256File(path.join(build, name)).bytes; t['sha256 of every file'] = performance.now() - s;
s = performance.now(); const segments = manifest.segments.map((x: { name: string }) => new Segment(path.join(build, 'segments', x.name))); t['segments: eager sections'] = performance.now() - s;
s = performance.now(); const { documents } = openDocuments(segments); new ChunkTable(segments, documents); t['documents + chunk table'] = performance.now() - s;
s = performance.now(); new LexicalReader(segments); t['reader (length norms)'] = performance.now() - s;
console.log('bytes', (bytes / 2 ** 20).toFixed(1), 'MB; eager', (segments.reduce((n: number, x: Segment) => n + x.eagerBytes, 0) / 2 ** 20).toFixed(1), 'MB');
for (const [k, v] of Object.entries(t)) console.log(k.padEnd(28), v.toFixed(0), 'ms');
s = performance.now(); const index = await loadIndex(dir, { analysis: analysisFingerprint() }); const engine = new AnswerEngine(index, null); console.log('loadIndex + engine', (performance.now() - s).toFixed(0), 'ms');
const q = 'Kết luận 21 có mấy nhóm nhiệm vụ?';
for (let i = 0; i < 5; i++) await engine.ask(q);
const phases: Record<string, number> = {};
const N = 20;
for (let i = 0; i < N; i++) {
  let a = performance.now(); const query = engine.understand(q); phases.understand = (phases.understand ?? 0) + performance.now() - a;
  a = performance.now(); const hits = engine.index.lexical.search(query.searchText, { k: 50, bigramWeight: 0.5, fieldBoosts: { heading: 1 }, idfFields: ['text'] }); phases['chunk BM25F top-50'] = (phases['chunk BM25F top-50'] ?? 0) + performance.now() - a;
  a = performance.now(); engine.index.lexical.bestSentences(query.searchText, { bigramWeight: 0.5, idfFields: ['text'] }, hits.map((h) => h.ordinal), 200); phases['sentences in candidates'] = (phases['sentences in candidates'] ?? 0) + performance.now() - a;
  a = performance.now(); await engine.search(q, 5); phases['retriever.search (all)'] = (phases['retriever.search (all)'] ?? 0) + performance.now() - a;
  a = performance.now(); await engine.ask(q); phases['engine.ask (all)'] = (phases['engine.ask (all)'] ?? 0) + performance.now() - a;
}
for (const [k, v] of Object.entries(phases)) console.log(k.padEnd(28), (v / N).toFixed(2), 'ms');
