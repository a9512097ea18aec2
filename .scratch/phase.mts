// time the worker-only phase for 10k
import { prepareInWorkers } from '/work/wt11/ingest/parallel.ts';
import { listCorpus } from '/work/wt11/ingest/corpus.ts';
import { beginBuild } from '/work/wt11/index/store.ts';
const { files } = await listCorpus('/tmp/vk11-syn-10000');
const build = await beginBuild('/tmp/vk11-phase/index');
for (const w of [1, 2]) {
  const t = performance.now();
  let first = 0;
  const r = await prepareInWorkers(files.map((file) => ({ file, sourceHash: 'x' })), build, { workers: w, setup: { tokenizer: { modelId: 'Xenova/multilingual-e5-small', modelDir: '/work/shared/models' }, chunkMaxTokens: 320, manifest: { documents: {} } }, onFile: () => { if (!first) first = performance.now() - t; } });
  console.log(w, 'workers', ((performance.now() - t) / 1000).toFixed(1), 's; first file after', (first / 1000).toFixed(1), 's', r.tokens.length, 'chunks');
}
