/**
 * Logs never carry a secret. Two locks: pino redacts the headers that hold one (whatever a
 * serializer includes), and every line is scrubbed of the configured secret values themselves
 * before it is written (a token inside an error message or a URL is not at any fixed path).
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../../config.ts';

/** Headers that carry secrets, wherever a request or its headers end up in a log object. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-bot-api-secret-token"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-telegram-bot-api-secret-token"]',
  'headers["x-bot-api-secret-token"]',
];

const CENSOR = '[redacted]';

/** The configuration values that are secrets. */
export type SecretConfig = Partial<
  Pick<Config, 'API_KEY' | 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_SECRET' | 'ZALO_BOT_TOKEN' | 'ZALO_WEBHOOK_SECRET'>
>;

export function secretValues(config: SecretConfig): string[] {
  const values = [config.API_KEY, config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.ZALO_BOT_TOKEN, config.ZALO_WEBHOOK_SECRET];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * A function replacing every secret in a written log line by "[redacted]". A line is JSON, so a
 * secret with quotes or backslashes appears escaped: both spellings are replaced. A secret's
 * bot-id prefix alone ("123456:" of a Telegram token) is not a secret and is left alone.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const spellings = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))]
    // Longest first, so a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (spellings.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const secret of spellings) if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    return out;
  };
}

/** pino options with both locks; `overrides` (level, …) win except for redaction and scrubbing. */
export function safeLoggerOptions(config: SecretConfig & Pick<Config, 'LOG_LEVEL'>, overrides: LoggerOptions = {}): LoggerOptions {
  const scrub = secretScrubber(secretValues(config));
  return {
    level: config.LOG_LEVEL,
    ...overrides,
    redact: { paths: [...REDACTED_PATHS], censor: CENSOR },
    hooks: { ...overrides.hooks, streamWrite: scrub },
  };
}

/** Readable lines for a person at a terminal; JSON lines for files and log collectors. */
export function wantsPrettyLogs(format: Config['LOG_FORMAT'] | undefined, isTTY: boolean): boolean {
  return format === 'pretty' || ((format ?? 'auto') === 'auto' && isTTY);
}

/**
 * The product's logger: pino at LOG_LEVEL to stdout (or `destination`), with both locks. On a
 * terminal (LOG_FORMAT=auto) the lines go through pino-pretty; scrubbing applies either way.
 * Give it to buildServer (`logger`) and to the bots so that every line of the process is scrubbed.
 */
export function createLogger(
  config: SecretConfig & Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'LOG_FORMAT'>>,
  destination?: DestinationStream,
  isTTY: boolean = process.stdout.isTTY === true,
): Logger {
  const options = safeLoggerOptions(config);
  if (wantsPrettyLogs(config.LOG_FORMAT, destination === undefined && isTTY)) {
    const stream = pretty({ colorize: destination === undefined, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true, ...(destination ? { destination } : {}) });
    return pino(options, stream);
  }
  return destination === undefined ? pino(options) : pino(options, destination);
}
