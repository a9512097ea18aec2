/**
 * The dense index of a build: every chunk embedded as `passage: <title › section> <text>` (from
 * the embedding cache when the same input was embedded before), in index order.
 */
import { EmbeddingCache, embedWithCache } from '../embed/cache.ts';
import { embeddingInput } from '../embed/embedder.ts';
import type { TokenCounter } from '../embed/tokens.ts';
import type { Segment } from '../index/segment/segment.ts';
import type { IndexManifest } from '../index/store.ts';
import { buildVectorIndex, type VectorIndex } from '../index/vector.ts';
import type { EmbedderLoad } from '../embed/embedder.ts';

/** What embedding a build needs from the ingest options. */
export interface DenseOptions {
  readonly embedder: EmbedderLoad;
  readonly tokens: TokenCounter;
  readonly cacheDir: string;
  readonly onProgress?: (event: { readonly stage: 'embed'; readonly done: number; readonly total: number }) => void;
}

/** e5 reads at most 512 tokens; the chunk text is budgeted by CHUNK_MAX_TOKENS, the heading here. */
const EMBED_MAX_TOKENS = 510;
const PASSAGE_PREFIX_TOKENS = 4;

export interface DenseResult {
  readonly vectors: VectorIndex | null;
  readonly dense: IndexManifest['dense'];
  readonly embedded: number;
  readonly cached: number;
}

export function denseOff(reason: string): DenseResult {
  return { vectors: null, dense: { enabled: false, model: 'none', dimension: null, reason }, embedded: 0, cached: 0 };
}

/** The text a chunk is embedded as: title and section path for context, trimmed to the model's window. */
function passageInput(title: string, sectionPath: readonly string[], text: string, chunkTokens: number, tokens: TokenCounter): string {
  let context = [title, ...sectionPath].filter((part) => part.length > 0);
  const budget = EMBED_MAX_TOKENS - PASSAGE_PREFIX_TOKENS - chunkTokens;
  while (context.length > 0 && tokens.count(context.join(' › ')) > budget) context = context.slice(1);
  return embeddingInput(context, text);
}

export async function embedIndex(segments: readonly Segment[], options: DenseOptions): Promise<DenseResult> {
  if (!options.embedder.ok) return denseOff(options.embedder.reason);
  const { embedder } = options.embedder;
  const inputs: string[] = [];
  for (const segment of segments) {
    segment.documents.forEach((stored, local) => {
      const text = segment.text(local);
      for (let c = stored.chunkStart; c < stored.chunkEnd; c++) {
        const record = segment.record(c);
        inputs.push(passageInput(stored.title, record.sectionPath, text.slice(record.start, record.end), record.tokens, options.tokens));
      }
    });
  }
  const cache = await EmbeddingCache.open(options.cacheDir, embedder.modelId);
  const result = await embedWithCache(embedder, cache, inputs, (done) =>
    options.onProgress?.({ stage: 'embed', done, total: inputs.length }),
  );
  await cache.save();
  return {
    vectors: buildVectorIndex(result.vectors, embedder.dimension),
    dense: { enabled: true, model: embedder.modelId, dimension: embedder.dimension, reason: null },
    embedded: result.embedded,
    cached: result.cached,
  };
}
