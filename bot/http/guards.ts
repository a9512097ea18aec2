/**
 * The server's outer guards, registered before any route: overload shedding (503 instead of an
 * unbounded queue), security headers, and CORS (off unless origins are configured).
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { OverloadedError } from './errors.ts';

export type GuardConfig = Partial<Pick<Config, 'CORS_ORIGINS' | 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS' | 'OVERLOAD_MAX_HEAP_MB'>>;

/** Default when the caller's config does not say (tests that predate the setting); as in config.ts. */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 2000;
/** Seconds a shed client is told to wait (Retry-After). */
export const OVERLOAD_RETRY_AFTER_S = 5;

/**
 * JSON needs no content at all: nothing may load, frame or be framed. The web page and /docs set
 * their own policies on their routes (a route's header wins over this default).
 */
const API_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
};

/**
 * Swagger UI at /docs: its own scripts and styles (it sets style attributes, hence 'unsafe-inline'
 * for styles only). Helmet's stock policy would add upgrade-insecure-requests, which breaks the
 * page when the server is reached over plain HTTP on a LAN.
 */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; " +
  "script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";

/**
 * How often the event loop delay (the mean over the interval) and the heap are measured. Under
 * load the delay is one loop turn: every ready request handled once. A turn longer than the
 * interval leaves it without a measurement, which under-pressure counts as infinite delay; so the
 * interval is at least the threshold, and a lag just over a short interval is not taken for one
 * over the threshold. At least 0.5 s, so an idle loop always has measurements.
 */
export function overloadSampleMs(maxEventLoopDelayMs: number): number {
  return Math.min(5000, Math.max(500, maxEventLoopDelayMs));
}

export async function registerGuards(app: FastifyInstance, config: GuardConfig): Promise<void> {
  const origins = config.CORS_ORIGINS ?? [];
  if (origins.length > 0) {
    // First, so that every answer an allowed page can get (401, 429, 503 too) is readable by it.
    await app.register(cors, {
      origin: [...origins],
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: ['content-type', 'authorization'],
      credentials: false,
      maxAge: 600,
    });
  }
  await app.register(helmet, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // The API is read by other origins only through CORS, which this header does not affect.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  const maxDelay = config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
  const maxHeapMb = config.OVERLOAD_MAX_HEAP_MB ?? 0;
  await app.register(underPressure, {
    maxEventLoopDelay: maxDelay,
    maxHeapUsedBytes: maxHeapMb * 1024 * 1024,
    sampleInterval: overloadSampleMs(maxDelay),
    retryAfter: OVERLOAD_RETRY_AFTER_S,
    // Thrown in the onRequest hook: a shed request costs no parsing and no engine work.
    customError: OverloadedError,
  });
}
