/**
 * The one validated place for configuration. Every variable is listed in `.env.example`
 * with its default; a bad value stops the program with a message naming the variable.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  CORPUS_DIR: z.string().min(1).default('corpus'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  /** Model id, used for the hub and as the sub-folder name under EMBED_MODEL_DIR. */
  EMBED_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  /**
   * A folder holding the model: either the model files themselves (config.json, tokenizer.json,
   * onnx/model.onnx) or a root with `<EMBED_MODEL>/` inside. Empty: look in `models/` and in the
   * workspace's `../shared/models/` (tokenizer only there).
   */
  EMBED_MODEL_DIR: z.string().default(''),
  EMBED_ALLOW_REMOTE: bool.default(false),
  /** ONNX weights variant: fp32 → onnx/model.onnx, q8 → onnx/model_quantized.onnx. */
  EMBED_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']).default('fp32'),
  EMBED_BATCH_SIZE: positiveInt.default(16),
  /** Embedding cache (by chunk content hash) so re-ingesting embeds only what changed. */
  EMBED_CACHE_DIR: z.string().min(1).default('data/cache'),
  /** Upper bound of a chunk's text in tokens of the embedding tokenizer. */
  CHUNK_MAX_TOKENS: positiveInt.default(320),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value.trim();
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
