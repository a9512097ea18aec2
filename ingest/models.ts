/**
 * Opens what the configuration asks for: the tokenizer (for token-exact chunk sizes) and the
 * embedding model. A model that cannot be loaded is not an error: the product runs lexical-only
 * and says why.
 */
import type { Config } from '../config.ts';
import { loadEmbedder, type EmbedderLoad } from './embed/embedder.ts';
import { loadTokenCounter, type TokenCounter } from './tokens.ts';

export interface Models {
  readonly tokens: TokenCounter;
  readonly embedder: EmbedderLoad;
}

export async function openModels(config: Config): Promise<Models> {
  const [tokens, embedder] = await Promise.all([
    loadTokenCounter({ modelId: config.EMBED_MODEL, modelDir: config.EMBED_MODEL_DIR }),
    loadEmbedder({
      modelId: config.EMBED_MODEL,
      modelDir: config.EMBED_MODEL_DIR,
      allowRemote: config.EMBED_ALLOW_REMOTE,
      dtype: config.EMBED_DTYPE,
      batchSize: config.EMBED_BATCH_SIZE,
      cacheDir: config.EMBED_CACHE_DIR,
    }),
  ]);
  return { tokens, embedder };
}
