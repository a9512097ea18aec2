/**
 * Opens the configured embedding model. A model that cannot be loaded is not an error: the product
 * runs lexical-only and says why.
 */
import type { Config } from '../config.ts';
import { loadEmbedder, type EmbedderLoad } from './embedder.ts';

/** The embedding model alone: what answering needs (the tokenizer costs hundreds of MB of memory). */
export function openEmbedder(config: Config): Promise<EmbedderLoad> {
  return loadEmbedder({
    modelId: config.EMBED_MODEL,
    modelDir: config.EMBED_MODEL_DIR,
    allowRemote: config.EMBED_ALLOW_REMOTE,
    dtype: config.EMBED_DTYPE,
    batchSize: config.EMBED_BATCH_SIZE,
    cacheDir: config.EMBED_CACHE_DIR,
  });
}
