/**
 * Ingest as the configuration asks: the tokenizer (token-exact chunk sizes) and the embedding
 * model, then the pipeline. The CLI, `npm start` and eval all build an index this way.
 */
import type { Config } from '../config.ts';
import { openEmbedder } from '../embed/open.ts';
import { loadTokenCounter } from '../embed/tokens.ts';
import { ingestCorpus, type IngestProgress, type IngestReport } from './pipeline.ts';

export interface ConfiguredIngestOptions {
  readonly corpusDir?: string;
  readonly indexDir?: string;
  readonly force?: boolean;
  readonly onProgress?: (event: IngestProgress) => void;
  /** Called once, before any work, when no embedding model loads. */
  readonly onDenseOff?: (reason: string) => void;
}

/** Ingests with the configured tokenizer and model. */
export async function ingestConfigured(config: Config, options: ConfiguredIngestOptions = {}): Promise<IngestReport> {
  const [tokens, embedder] = await Promise.all([
    loadTokenCounter({ modelId: config.EMBED_MODEL, modelDir: config.EMBED_MODEL_DIR }),
    openEmbedder(config),
  ]);
  if (!embedder.ok) options.onDenseOff?.(embedder.reason);
  try {
    return await ingestCorpus({
      corpusDir: options.corpusDir ?? config.CORPUS_DIR,
      indexDir: options.indexDir ?? config.INDEX_DIR,
      cacheDir: config.EMBED_CACHE_DIR,
      force: options.force ?? false,
      chunkMaxTokens: config.CHUNK_MAX_TOKENS,
      tokens,
      tokenizer: { modelId: config.EMBED_MODEL, modelDir: config.EMBED_MODEL_DIR },
      workers: config.INGEST_WORKERS,
      embedder,
      ocr: config.OCR_ENABLED ? { dpi: config.OCR_DPI, lang: config.OCR_LANG } : false,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    if (embedder.ok) await embedder.embedder.dispose();
  }
}
