/**
 * The one validated place for configuration. Every variable is listed in `.env.example`
 * with its default; a bad value stops the program with a message naming the variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

const positiveInt = z.coerce.number().int().positive();

/** Comma-separated chat ids (Telegram numbers, Zalo strings). */
const chatIds = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((id) => id.trim()).filter((id) => id.length > 0))
  .refine((ids) => ids.every((id) => /^-?[\w.:-]{1,64}$/.test(id)), 'comma-separated chat ids');

const fields = z.object({
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
  /** OCR of scanned PDF pages with Tesseract (when installed); false skips scans with the reason. */
  OCR_ENABLED: bool.default(true),
  /** Resolution pages are rasterised at for OCR. */
  OCR_DPI: z.coerce.number().int().min(72).max(600).default(300),
  /** Tesseract languages ("vie", "vie+eng"). */
  OCR_LANG: z.string().regex(/^[a-z_]+(?:\+[a-z_]+)*$/, 'Tesseract language codes joined by +').default('vie'),
  /** Worker threads that read and analyse files at ingest (0: one per core, at most 4). */
  INGEST_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** How often a running server checks INDEX_DIR for a new build to swap in, in ms (0: never). */
  INDEX_WATCH_MS: z.coerce.number().int().min(0).default(2000),
  /** HTTP server (API, web page, Telegram webhook). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** This machine only by default; 0.0.0.0 opens it to the network (set API_KEY, or use a reverse proxy). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** What the bots and the API remember across restarts (SQLite): redelivery, buttons, chat context, rate windows, feedback. */
  STATE_DB: z.string().min(1).default('data/state.sqlite'),
  /** When set, `/api/*` requires `Authorization: Bearer <API_KEY>`. */
  API_KEY: z.string().default(''),
  TELEGRAM_BOT_TOKEN: z.string().default(''),
  /** Public HTTPS URL of `/telegram/webhook`; webhook mode when set, long polling otherwise. */
  TELEGRAM_WEBHOOK_URL: z.union([z.literal(''), z.url()]).default(''),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{0,256}$/, 'only A-Z a-z 0-9 _ - (up to 256)').default(''),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  ZALO_BOT_TOKEN: z.string().default(''),
  /** Public HTTPS URL of `/zalo/webhook`; webhook mode when set, long polling otherwise. */
  ZALO_WEBHOOK_URL: z.union([z.literal(''), z.url()]).default(''),
  /** Zalo's documented range for secret_token: 8 to 256 characters (printable ASCII, no spaces). */
  ZALO_WEBHOOK_SECRET: z
    .string()
    .regex(/^([\x21-\x7E]{8,256})?$/, '8 to 256 printable ASCII characters without spaces (Zalo setWebhook secret_token)')
    .default(''),
  /** The bot's display name as group members see it ("Bot Văn Kiện"): in groups it answers "@<name> …" and replies to itself. Empty: the name getMe reports. */
  ZALO_BOT_NAME: z.string().max(100).default(''),
  ZALO_API_ROOT: z.url().default('https://bot-api.zaloplatforms.com'),
  /** Comma-separated chat ids allowed to use the bots; empty = everyone. */
  ALLOWED_CHAT_IDS: chatIds,
  /** Telegram chats whose documents are added to the library (comma-separated ids); empty = nobody. */
  TELEGRAM_ADMIN_CHAT_IDS: chatIds,
  /** Per-IP (HTTP) and per-user (bots) rate limit: at most RATE_LIMIT_MAX requests per window. */
  RATE_LIMIT_MAX: positiveInt.default(30),
  RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines in a terminal (pino-pretty), JSON lines otherwise; or force json / pretty. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /**
   * Which X-Forwarded-For hops to believe (per-IP rate limit behind a reverse proxy): false, true
   * (any: only if nothing but the proxy can reach the port), a hop count, or proxy IPs/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => /^(true|false|\d{1,2}|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/.test(v), 'true, false, a hop count or comma-separated proxy IPs/CIDRs')
    .transform((v): boolean | number | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      if (/^\d+$/.test(v)) return Number(v);
      return v.split(',').map((ip) => ip.trim());
    }),
  /** Comma-separated origins (https://app.example.org) whose pages may call /api; empty = CORS off. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0))
    .refine((origins) => origins.every((o) => /^https?:\/\/[^/\s?#]+$/.test(o)), 'comma-separated origins like https://app.example.org'),
  /**
   * Shed load with 503 when the event loop lags more than this (mean over a sample as long as the
   * threshold, 0.5–5 s): under load that is about how long a request waits before it is read; 0 = off.
   */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(2000),
  /** Shed load with 503 when the V8 heap in use exceeds this many MiB; 0 = off. */
  OVERLOAD_MAX_HEAP_MB: z.coerce.number().int().min(0).default(0),
});

/** A webhook without a secret would let anyone post fake updates: require one. */
const schema = fields
  .refine((c) => !c.TELEGRAM_WEBHOOK_URL || c.TELEGRAM_WEBHOOK_SECRET, {
    path: ['TELEGRAM_WEBHOOK_SECRET'],
    message: 'required when TELEGRAM_WEBHOOK_URL is set',
  })
  .refine((c) => !c.ZALO_WEBHOOK_URL || c.ZALO_WEBHOOK_SECRET, {
    path: ['ZALO_WEBHOOK_SECRET'],
    message: 'required when ZALO_WEBHOOK_URL is set',
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(fields.shape)) {
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

/**
 * Fills `env` with the variables of a `.env` file (KEY=value lines, as .env.example) that it does
 * not set already: the shell wins over the file. Returns the names it set; no file, nothing set.
 */
export function readDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const set: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) {
      env[key] = value;
      set.push(key);
    }
  }
  return set;
}

/**
 * For command-line entry points: `.env` (in the working folder) is read first when `env` is the
 * process's, then the configuration, or null after printing why it is invalid.
 */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    if (env === process.env) readDotEnv('.env', env);
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}
