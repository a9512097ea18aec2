/**
 * The HTTP server: JSON API under /api (key + per-IP rate limit), /healthz, /metrics, the OpenAPI
 * document at /docs and the chat page at /, behind the guards of guards.ts (overload shedding,
 * security headers, CORS). `plugins` mounts more routes (the chat-bot webhooks) without this file
 * knowing them. The caller listens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '../../config.ts';
import type { AnswerEngine } from '../../retrieval/engine.ts';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { Conversation } from '../conversation.ts';
import type { Metrics } from '../metrics.ts';
import { memoryStore, type StateStore } from '../state/store.ts';
import { ApiError, clientErrorHandler, installErrorHandlers } from './errors.ts';
import { stateRateStore } from './rate-store.ts';
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
  /** The conversation core (default: one over `engine` with an in-process chat memory). */
  readonly conversation?: Pick<Conversation, 'answer'>;
  /** Where answers to rate and feedback are kept (default: in this process). */
  readonly state?: StateStore;
  /** Served at /metrics when given. */
  readonly metrics?: Metrics;
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
      throw new ApiError(401, 'unauthorized', 'Thiếu hoặc sai khóa API (Authorization: Bearer <API_KEY>).');
    }
  };
}

type JsonType = 'string' | 'integer' | 'number' | 'boolean';
const TYPE_NAME: Readonly<Record<JsonType, string>> = { string: 'chuỗi ký tự', integer: 'số nguyên', number: 'số', boolean: 'true hoặc false' };

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
      throw new ApiError(400, 'bad_request', `Trường "${name}" phải là ${TYPE_NAME[type]}.`);
    }
  }
}

/** 60000 → "60 giây", 3600000 → "60 phút". */
function windowText(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000} phút`;
  return `${Math.round(ms / 1000)} giây`;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { engine, config } = deps;
  const state = deps.state ?? memoryStore();
  const app = Fastify({
    ...loggerSettings(deps),
    // Per-IP rate limiting must see the client, not the reverse proxy: see TRUST_PROXY.
    trustProxy: trustProxyOption(config.TRUST_PROXY ?? false),
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Document ids with sub-folders, URL-encoded, are longer than find-my-way's default of 100.
    routerOptions: { maxParamLength: 600 },
    clientErrorHandler,
    // `additionalProperties: false` means what it says: an unknown body field is a 400, not dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Malformed URLs (`%E0%A4%A`) are answered before any route or error handler runs.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply.code(400).send({ error: 'bad_request', message: error.code === 'FST_ERR_BAD_URL' ? 'Đường dẫn không hợp lệ.' : 'Yêu cầu không hợp lệ.' });
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
        // In the state store: a restart does not reset anyone's window.
        store: stateRateStore(state.namespace('api:rate', 20_000)),
        errorResponseBuilder: (_request, context) =>
          new ApiError(
            429,
            'rate_limited',
            `Quá nhiều yêu cầu: tối đa ${context.max} yêu cầu mỗi ${windowText(config.RATE_LIMIT_WINDOW_MS)}. ` +
              `Vui lòng thử lại sau ${Math.max(1, Math.ceil(context.ttl / 1000))} giây.`,
          ),
      });
      if (config.API_KEY) api.addHook('preParsing', bearerCheck(config.API_KEY));
      // Only JSON bodies: text/plain (parsed by Fastify by default) becomes a 415 like any other type.
      api.removeContentTypeParser('text/plain');
      api.addHook('preValidation', rejectWrongBodyTypes);
      await api.register(
        apiRoutes({
          engine,
          conversation: deps.conversation ?? new Conversation(engine),
          state,
          auth: config.API_KEY !== '',
          ...(deps.metrics ? { metrics: deps.metrics } : {}),
        }),
      );
    },
    { prefix: '/api' },
  );
  await app.register(healthRoute(engine));
  const metrics = deps.metrics;
  if (metrics) {
    await app.register(async (scope) => {
      // Counts of questions are no secret, but the process's figures are: behind the key when there is one.
      if (config.API_KEY) scope.addHook('onRequest', bearerCheck(config.API_KEY));
      scope.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
        reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
      );
    });
  }
  await app.register(webRoutes());
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
