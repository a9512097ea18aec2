/**
 * The HTTP server: JSON API under /api (key + per-IP rate limit), /healthz, the OpenAPI document
 * at /docs and the chat page at /, behind the guards of guards.ts (overload shedding, security
 * headers, CORS). `plugins` mounts more routes (the chat-bot webhooks) without this file knowing
 * them. The caller listens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '../../config.ts';
import type { AnswerEngine } from '../../retrieval/engine.ts';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { ApiError, clientErrorHandler, installErrorHandlers } from './errors.ts';
import { DOCS_CONTENT_SECURITY_POLICY, registerGuards, type GuardConfig } from './guards.ts';
import { REDACTED_PATHS, safeLoggerOptions, type SecretConfig } from './logging.ts';
import { apiRoutes, healthRoute } from './routes.ts';
import { webRoutes } from './web.ts';

/** The settings buildServer reads; those in the second part have defaults (see guards.ts). */
export type ServerConfig = Pick<Config, 'API_KEY' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'LOG_LEVEL'> &
  GuardConfig &
  SecretConfig &
  Partial<Pick<Config, 'TRUST_PROXY'>>;

export interface ServerDeps {
  readonly engine: AnswerEngine;
  readonly config: ServerConfig;
  /**
   * Logging: false (none), pino options (written with redaction and secret scrubbing added), or a
   * logger made by createLogger (logging.ts), which already has both. Default: pino at LOG_LEVEL.
   */
  readonly logger?: false | LoggerOptions | (LoggerOptions & { stream: DestinationStream }) | Logger;
  /** Encapsulated plugins registered last (webhook routes); they inherit the error handlers. */
  readonly plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
}

/** Largest body anywhere (webhook updates); /api routes allow far less (API_BODY_LIMIT). */
export const BODY_LIMIT = 256 * 1024;
/** A request (headers and body) must arrive within this: slow senders cannot hold sockets forever. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** A hop count becomes the function Fastify would make of it (its types only take the other forms). */
function trustProxyOption(setting: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as { child?: unknown }).child === 'function';
}

function loggerSettings(deps: ServerDeps): Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> {
  const { logger, config } = deps;
  if (logger === false) return { logger: false };
  // An instance of our own keeps its scrubbing; a child adds the header redaction in any case.
  if (isLogger(logger)) return { loggerInstance: logger.child({}, { redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }) };
  return { logger: safeLoggerOptions(config, logger) as FastifyServerOptions['logger'] };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** `Authorization: Bearer <key>` checker; hashing first gives equal-length buffers for timingSafeEqual. */
function bearerCheck(apiKey: string): (request: FastifyRequest) => Promise<void> {
  const expected = sha256(apiKey);
  return async (request) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
    const given = sha256(match?.[1] ?? '');
    if (match === null || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'unauthorized', 'Missing or wrong API key (Authorization: Bearer <API_KEY>).');
    }
  };
}

type JsonType = 'string' | 'integer' | 'number' | 'boolean';

function hasJsonType(value: unknown, type: JsonType): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === type;
}

/**
 * Fastify's Ajv coerces types (`"k": "5"` → 5, `"question": 123` → "123", `["x"]` → "x"): right for
 * query strings, wrong for JSON bodies, where a wrong type is a client bug. So before validation
 * each body property is checked against the type its route schema declares.
 */
async function rejectWrongBodyTypes(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema?.body as { properties?: Record<string, { type?: unknown }> } | undefined;
  const body = request.body;
  if (schema?.properties === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = (body as Record<string, unknown>)[name];
    const type = property.type as JsonType | undefined;
    if (value !== undefined && type !== undefined && !hasJsonType(value, type)) {
      throw new ApiError(400, 'bad_request', `body/${name} must be ${type}`);
    }
  }
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { engine, config } = deps;
  const app = Fastify({
    ...loggerSettings(deps),
    // Per-IP rate limiting must see the client, not the reverse proxy: see TRUST_PROXY.
    trustProxy: trustProxyOption(config.TRUST_PROXY ?? false),
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Document ids with sub-folders, URL-encoded, are longer than find-my-way's default of 100.
    routerOptions: { maxParamLength: 600 },
    clientErrorHandler,
    // Malformed URLs (`%E0%A4%A`) are answered before any route or error handler runs.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply.code(400).send({ error: 'bad_request', message: error.code === 'FST_ERR_BAD_URL' ? 'Malformed URL.' : 'Bad request.' });
    },
  });
  installErrorHandlers(app);
  await registerGuards(app, config);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'vankien API',
        description: 'Câu trả lời có trích dẫn nguyên văn từ các văn kiện. Grounded answers with verbatim citations.',
        version: '0.1.0',
      },
      components: config.API_KEY ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {},
      ...(config.API_KEY ? { security: [{ bearer: [] }] } : {}),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CONTENT_SECURITY_POLICY });

  await app.register(
    async (api) => {
      // Rate limit first (its hook runs on onRequest), so unauthenticated floods are limited too.
      await api.register(rateLimit, {
        max: config.RATE_LIMIT_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW_MS,
        errorResponseBuilder: (_request, context) =>
          new ApiError(429, 'rate_limited', `Too many requests: at most ${context.max} per ${context.after}. Retry later.`),
      });
      if (config.API_KEY) api.addHook('preParsing', bearerCheck(config.API_KEY));
      // Only JSON bodies: text/plain (parsed by Fastify by default) becomes a 415 like any other type.
      api.removeContentTypeParser('text/plain');
      api.addHook('preValidation', rejectWrongBodyTypes);
      await api.register(apiRoutes(engine));
    },
    { prefix: '/api' },
  );
  await app.register(healthRoute(engine));
  await app.register(webRoutes());
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
