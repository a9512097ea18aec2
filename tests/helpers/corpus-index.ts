/**
 * The real corpus, ingested once per test file into a temp folder and loaded, for the retrieval
 * tests. Lexical-only by default (as in this environment); `withTestModel` adds the dense path
 * with the small ONNX model the tests build.
 */
import path from 'node:path';
import { loadEmbedder, type Embedder } from '../../embed/embedder.ts';
import { loadIndex, type LoadedIndex } from '../../index/store.ts';
import { ingestCorpus } from '../../ingest/pipeline.ts';
import { loadTokenCounter } from '../../embed/tokens.ts';
import { CORPUS_DIR, REPO_ROOT, tempDir } from './ingest-run.ts';
import { buildTestModel } from '../../testkit/test-model.ts';

const SHARED_MODELS = path.resolve(REPO_ROOT, '../shared/models');

export interface CorpusIndex {
  readonly index: LoadedIndex;
  readonly embedder: Embedder | null;
}

export async function buildCorpusIndex(options: { withTestModel?: boolean; corpusDir?: string } = {}): Promise<CorpusIndex> {
  const work = await tempDir('corpus-index');
  const tokens = await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: SHARED_MODELS });
  let embedder: Embedder | null = null;
  if (options.withTestModel) {
    const model = await buildTestModel(path.join(work, 'models'));
    const load = await loadEmbedder({ modelId: model.modelId, modelDir: model.root, allowRemote: false, dtype: 'fp32', batchSize: 16 });
    if (!load.ok) throw new Error(load.reason);
    embedder = load.embedder;
  }
  const indexDir = path.join(work, 'index');
  await ingestCorpus({
    corpusDir: options.corpusDir ?? CORPUS_DIR,
    indexDir,
    cacheDir: path.join(work, 'cache'),
    force: true,
    chunkMaxTokens: 320,
    tokens,
    embedder: embedder ? { ok: true, embedder } : { ok: false, reason: 'no model in tests' },
  });
  const index = await loadIndex(indexDir, { model: embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null });
  return { index, embedder };
}
