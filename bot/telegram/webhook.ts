/**
 * `POST /telegram/webhook`: Telegram's deliveries through grammY's Fastify adapter, authenticated
 * by the secret given to setWebhook (header `X-Telegram-Bot-Api-Secret-Token`).
 */
import type { FastifyInstance } from 'fastify';
import { secretMatches } from '../access.ts';
import { webhookCallback, type Bot } from 'grammy';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/**
 * Past this, grammY answers 200 and lets the reply finish in the background, so Telegram does not
 * redeliver a slow question (the bot also ignores an update_id it has already seen).
 */
const ANSWER_WITHIN_MS = 10_000;

export interface TelegramWebhookOptions {
  /** How long a delivery may wait for the bot before the 200 (default 10 s; tests shorten it). */
  readonly answerWithinMs?: number;
}

export function telegramWebhookPlugin(bot: Bot, secret: string, options: TelegramWebhookOptions = {}): (app: FastifyInstance) => Promise<void> {
  // Without a secret anyone could post forged updates and make the bot talk: refuse to run open.
  if (secret === '') throw new Error('The Telegram webhook needs a secret (TELEGRAM_WEBHOOK_SECRET).');
  const handle = webhookCallback(bot, 'fastify', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: options.answerWithinMs ?? ANSWER_WITHIN_MS });
  return async (app) => {
    app.post(TELEGRAM_WEBHOOK_PATH, {
      // grammY checks the secret too, but only after its first getMe: refuse before any work.
      preHandler: async (request, reply) => {
        const header = request.headers[SECRET_HEADER];
        if (typeof header !== 'string' || !secretMatches(header, secret)) {
          return reply.code(401).send({ error: 'unauthorized', message: 'Thiếu hoặc sai mã bí mật của webhook.' });
        }
        // grammY reads `update_id` of whatever came: a `null` body would throw (a 500, redelivered).
        const body: unknown = request.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return reply.code(400).send({ error: 'bad_request', message: 'Một cập nhật phải là đối tượng JSON.' });
        }
        return undefined;
      },
      handler: handle,
    });
  };
}
