/**
 * `POST /zalo/webhook`: Zalo's deliveries, authenticated by the secret given to setWebhook
 * (header `X-Bot-Api-Secret-Token`). The answer goes back at once; the reply is sent afterwards
 * through the API, so a slow answer never makes Zalo redeliver.
 */
import type { FastifyInstance } from 'fastify';
import { secretMatches } from '../access.ts';
import { parseUpdates, type ZaloUpdateHandler } from './client.ts';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
const SECRET_HEADER = 'x-bot-api-secret-token';

export function zaloWebhookPlugin(bot: ZaloUpdateHandler, secret: string): (app: FastifyInstance) => Promise<void> {
  // Without a secret anyone could make the bot talk: refuse to mount rather than run open.
  if (secret === '') throw new Error('The Zalo webhook needs a secret (ZALO_WEBHOOK_SECRET).');
  return async (app) => {
    app.post(ZALO_WEBHOOK_PATH, async (request, reply) => {
      const header = request.headers[SECRET_HEADER];
      if (typeof header !== 'string' || !secretMatches(header, secret)) {
        return reply.code(401).send({ error: 'unauthorized', message: 'Thiếu hoặc sai mã bí mật của webhook.' });
      }
      const updates = parseUpdates(request.body, (why) => request.log.warn({ why }, 'zalo webhook: update dropped'));
      if (updates.length === 0) request.log.warn('zalo webhook: no update in the body');
      // handleUpdate never rejects; the catch is a second guard so nothing escapes as unhandled.
      for (const update of updates) void bot.handleUpdate(update).catch(() => undefined);
      return reply.code(200).send({ ok: true });
    });
  };
}
