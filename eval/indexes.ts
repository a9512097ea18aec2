/** Indexes the evaluation builds for itself, with the real ingest pipeline, lexical-only unless a model is given. */
import path from 'node:path';
import type { Embedder } from '../embed/embedder.ts';
import { loadTokenCounter } from '../embed/tokens.ts';
import { loadIndex, type LoadedIndex } from '../index/store.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';

export interface EvalIndexOptions {
  /** Embed the passages with this model (the tests' lookup model); lexical-only when absent. */
  readonly embedder?: Embedder;
  /** Chunk budget, as CHUNK_MAX_TOKENS. */
  readonly chunkMaxTokens?: number;
}

/** Ingests `corpusDir` into `workDir/index` (token counts by the e5 tokenizer when present) and loads it. */
export async function buildCorpusIndex(corpusDir: string, workDir: string, options: EvalIndexOptions = {}): Promise<LoadedIndex> {
  const indexDir = path.join(workDir, 'index');
  const { embedder } = options;
  await ingestCorpus({
    corpusDir,
    indexDir,
    cacheDir: path.join(workDir, 'cache'),
    force: true,
    chunkMaxTokens: options.chunkMaxTokens ?? 320,
    tokens: await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: '' }),
    embedder: embedder ? { ok: true, embedder } : { ok: false, reason: 'evaluation index built without a model' },
  });
  return loadIndex(indexDir, { model: embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null });
}
