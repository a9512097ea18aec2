/**
 * Local sentence embeddings with Transformers.js (onnxruntime-node underneath).
 * multilingual-e5 expects `passage: ` / `query: ` prefixes and mean pooling; vectors come out
 * L2-normalized so cosine similarity is a dot product.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { modelPathFor, resolveModelDir } from './model-dir.ts';

export interface Embedder {
  readonly modelId: string;
  readonly dimension: number;
  /** Documents to index; `passage: ` is added here. */
  embedPassages(texts: readonly string[]): Promise<Float32Array[]>;
  /** A user question; `query: ` is added here. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type EmbedderLoad = { ok: true; embedder: Embedder } | { ok: false; reason: string };

export interface EmbedderOptions {
  readonly modelId: string;
  readonly modelDir: string;
  readonly allowRemote: boolean;
  /** EMBED_DTYPE: picks the weights file (fp32 → onnx/model.onnx, q8 → onnx/model_quantized.onnx, …). */
  readonly dtype: string;
  readonly batchSize: number;
  /** Where hub downloads are kept (only used when allowRemote). */
  readonly cacheDir?: string;
}

/** Weights file suffix per dtype, as Transformers.js names them (DEFAULT_DTYPE_SUFFIX_MAPPING). */
const WEIGHTS_SUFFIX: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

type Dtype = 'fp32' | 'fp16' | 'int8' | 'uint8' | 'q8' | 'q4' | 'q4f16' | 'bnb4';
const isDtype = (value: string): value is Dtype => Object.hasOwn(WEIGHTS_SUFFIX, value);

/** onnxruntime severity 3 = errors only: its graph-optimizer warnings are noise for users. */
const QUIET_SESSION = { logSeverityLevel: 3 } as const;

/** The text given to the embedder for a chunk: heading context first (the caller budgets tokens). */
export function embeddingInput(sectionPath: readonly string[], text: string): string {
  return sectionPath.length > 0 ? `${sectionPath.join(' › ')}\n${text}` : text;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);

/** Why a local folder cannot serve `dtype`, or null when its weights file is there. */
function missingWeights(dir: string, dtype: Dtype): string | null {
  const onnxDir = path.join(dir, 'onnx');
  const wanted = `model${WEIGHTS_SUFFIX[dtype]}.onnx`;
  if (existsSync(path.join(onnxDir, wanted))) return null;
  const present = existsSync(onnxDir) ? readdirSync(onnxDir).filter((f) => f.endsWith('.onnx')) : [];
  if (present.length === 0) return `no ONNX weights in ${onnxDir} (tokenizer only)`;
  return `no ${wanted} for EMBED_DTYPE=${dtype} in ${onnxDir} (found ${present.join(', ')})`;
}

class PipelineEmbedder implements Embedder {
  constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {}

  /** Pooled, normalized vectors of `inputs` (already prefixed), `batchSize` at a time. */
  private async run(inputs: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let from = 0; from < inputs.length; from += this.batchSize) {
      const batch = inputs.slice(from, from + this.batchSize);
      vectors.push(...(await pooled(this.extractor, batch)));
    }
    return vectors;
  }

  embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return this.run(texts.map((t) => `passage: ${t}`));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.run([`query: ${text}`]);
    return vector!;
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/** One forward pass: rows of the [batch, dimension] output, copied out of the tensor's buffer. */
async function pooled(extractor: FeatureExtractionPipeline, batch: readonly string[]): Promise<Float32Array[]> {
  const output = await extractor([...batch], { pooling: 'mean', normalize: true });
  const data = output.data as Float32Array;
  const dimension = data.length / batch.length;
  return batch.map((_, i) => data.slice(i * dimension, (i + 1) * dimension));
}

/**
 * Loads the embedding model from the local folder (see resolveModelDir), or from the hub when
 * allowRemote (downloaded once into cacheDir). Never throws: `{ ok: false, reason }` says why
 * dense search is off, naming the folder that was looked at.
 */
export async function loadEmbedder(opts: EmbedderOptions): Promise<EmbedderLoad> {
  if (!isDtype(opts.dtype)) return { ok: false, reason: `unknown EMBED_DTYPE ${opts.dtype}` };
  const dtype = opts.dtype;
  const location = resolveModelDir(opts.modelId, opts.modelDir);

  let localModelPath: string | null = null;
  let id = opts.modelId;
  if (location !== null) {
    // With the hub allowed, missing weights are fetched; otherwise say what is missing up front
    // (Transformers.js would only report a file-not-found deep in its loader).
    const missing = opts.allowRemote ? null : missingWeights(location.dir, dtype);
    if (missing !== null) return { ok: false, reason: missing };
    ({ localModelPath, id } = modelPathFor(opts.modelId, location));
  } else if (!opts.allowRemote) {
    const looked = opts.modelDir.trim() === '' ? 'models/ and ../shared/models/' : path.resolve(opts.modelDir);
    return { ok: false, reason: `no local folder for ${opts.modelId} (looked in ${looked}; EMBED_ALLOW_REMOTE=false)` };
  }

  // Imported only when there is a model to load: a lexical-only process never pays for it (~50 MB).
  const { env, pipeline } = await import('@huggingface/transformers');
  // env is global to Transformers.js: set it right before the load that reads it.
  env.allowLocalModels = localModelPath !== null;
  if (localModelPath !== null) env.localModelPath = localModelPath + path.sep;
  env.allowRemoteModels = opts.allowRemote;
  if (opts.cacheDir !== undefined) env.cacheDir = opts.cacheDir;

  const where = location?.dir ?? `the hub (${opts.modelId})`;
  let extractor: FeatureExtractionPipeline | undefined;
  try {
    extractor = await pipeline('feature-extraction', id, {
      dtype,
      local_files_only: !opts.allowRemote,
      session_options: QUIET_SESSION,
      ...(opts.cacheDir !== undefined ? { cache_dir: opts.cacheDir } : {}),
    });
    // The dimension is whatever the model outputs; one probe also proves the session runs.
    const [probe] = await pooled(extractor, ['query: probe']);
    if (probe === undefined || probe.length === 0 || !probe.every(Number.isFinite)) {
      throw new Error('the model returned an empty or non-finite vector');
    }
    return { ok: true, embedder: new PipelineEmbedder(opts.modelId, probe.length, extractor, Math.max(1, opts.batchSize)) };
  } catch (error) {
    await extractor?.dispose().catch(() => undefined);
    return { ok: false, reason: `could not load ${opts.modelId} from ${where}: ${errorText(error)}` };
  }
}
