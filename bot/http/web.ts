/**
 * The chat page: three fixed files of bot/web read once at start and served from memory under
 * fixed routes. No request path ever reaches the filesystem, so there is nothing to traverse.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export const WEB_DIR = path.resolve(import.meta.dirname, '../web');

const FILES = [
  { route: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { route: '/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { route: '/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
] as const;

/** Only this origin's script and style; the page inserts data as text, this is the second lock. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function webRoutes(webDir: string = WEB_DIR) {
  return async function register(app: FastifyInstance): Promise<void> {
    const pages = await Promise.all(
      FILES.map(async (f) => ({ ...f, body: await readFile(path.join(webDir, f.file)) })),
    );
    for (const page of pages) {
      app.get(page.route, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type(page.type)
          .header('cache-control', 'no-cache')
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('content-security-policy', CONTENT_SECURITY_POLICY)
          .send(page.body),
      );
    }
  };
}
