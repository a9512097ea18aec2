/**
 * Opens what the configuration asks for: the tokenizer (for token-exact chunk sizes, ingest only)
 * and the embedding model. A model that cannot be loaded is not an error: the product runs
 * lexical-only and says why.
 */
import type { Config } from '../config.ts';
import { loadEmbedder, type EmbedderLoad } from './embed/embedder.ts';
import type { IngestProgress, IngestReport } from './pipeline.ts';
import type { TokenCounter } from './tokens.ts';

export interface Models {
  readonly tokens: TokenCounter;
  readonly embedder: EmbedderLoad;
}

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

/** Tokenizer and embedding model: what ingesting needs. */
export async function openModels(config: Config): Promise<Models> {
  // Imported here, not at the top: the tokenizer pulls in Transformers.js, which answering skips.
  const { loadTokenCounter } = await import('./tokens.ts');
  const [tokens, embedder] = await Promise.all([
    loadTokenCounter({ modelId: config.EMBED_MODEL, modelDir: config.EMBED_MODEL_DIR }),
    openEmbedder(config),
  ]);
  return { tokens, embedder };
}

export interface ConfiguredIngestOptions {
  readonly corpusDir?: string;
  readonly indexDir?: string;
  readonly force?: boolean;
  readonly onProgress?: (event: IngestProgress) => void;
  /** Called once, before any work, when no embedding model loads. */
  readonly onDenseOff?: (reason: string) => void;
}

/** Ingests with the configured tokenizer and model (the CLI, `npm start` and eval all do this). */
export async function ingestConfigured(config: Config, options: ConfiguredIngestOptions = {}): Promise<IngestReport> {
  const { ingestCorpus } = await import('./pipeline.ts');
  const models = await openModels(config);
  if (!models.embedder.ok) options.onDenseOff?.(models.embedder.reason);
  try {
    return await ingestCorpus({
      corpusDir: options.corpusDir ?? config.CORPUS_DIR,
      indexDir: options.indexDir ?? config.INDEX_DIR,
      cacheDir: config.EMBED_CACHE_DIR,
      force: options.force ?? false,
      chunkMaxTokens: config.CHUNK_MAX_TOKENS,
      tokens: models.tokens,
      embedder: models.embedder,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    if (models.embedder.ok) await models.embedder.embedder.dispose();
  }
}
