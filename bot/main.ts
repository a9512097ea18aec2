/**
 * `npm start`: the product's main job. Today it makes sure the index is built from CORPUS_DIR
 * and loads it; the HTTP API, web page and chat bots mount here (issue #4).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { loadIndex } from '../ingest/index/store.ts';
import { openModels } from '../ingest/models.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const models = await openModels(config);
  if (!models.embedder.ok) console.error(`Dense search is off: ${models.embedder.reason}. Running lexical-only.`);
  const report = await ingestCorpus({
    corpusDir: config.CORPUS_DIR,
    indexDir: config.INDEX_DIR,
    cacheDir: config.EMBED_CACHE_DIR,
    force: false,
    chunkMaxTokens: config.CHUNK_MAX_TOKENS,
    tokens: models.tokens,
    embedder: models.embedder,
  });
  for (const skip of report.skipped) console.error(`Skipped ${skip.file}: ${skip.reason}`);
  const model = models.embedder.ok ? { id: models.embedder.embedder.modelId, dimension: models.embedder.embedder.dimension } : null;
  const index = await loadIndex(config.INDEX_DIR, { model });
  const { counts, dense, builtAt } = index.manifest;
  console.log(
    `vankien: index ${report.built ? 'built' : 'loaded'} — ${counts.documents} documents, ${counts.chunks} chunks, ` +
      `${counts.references} references, dense ${dense.enabled ? `on (${dense.model})` : 'off'}, built ${builtAt}.`,
  );
  console.log('The HTTP API, web page and chat bots are not part of this build yet (issue #4).');
  if (models.embedder.ok) await models.embedder.embedder.dispose();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
