/**
 * Every failure leaves the server as `{"error": code, "message": text}` with a 4xx status, a 503
 * when overloaded, or a generic 500 whose details go to the log only. Never a stack trace, never
 * Fastify's own shapes.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'request_timeout'
  | 'headers_too_large'
  | 'overloaded'
  | 'internal_error';

const CODE_OF_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** An error a route or hook throws on purpose: its status, code and message reach the client. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by the overload guard (under-pressure builds one with `new`): 503 with Retry-After. */
export class OverloadedError extends ApiError {
  constructor() {
    super(503, 'overloaded', 'Máy chủ đang quá tải, vui lòng thử lại sau ít giây.');
  }
}

/** Fastify's messages for its own client errors are safe to show; these read better. */
const MESSAGE_OF_FASTIFY_CODE: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Content-Type must be application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body is empty but Content-Type is application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Body is not valid JSON.',
};

function statusOf(error: FastifyError): number {
  if (error instanceof OverloadedError) return 503;
  if (error.validation) return 400;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = statusOf(error);
  if (error instanceof OverloadedError) {
    request.log.warn({ url: request.url.split('?')[0] }, 'overloaded: request shed');
    return reply.code(503).send({ error: error.code, message: error.message });
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'Lỗi máy chủ, vui lòng thử lại sau.' });
  }
  const code = error instanceof ApiError ? error.code : (CODE_OF_STATUS[status] ?? 'bad_request');
  // JSON.parse's own wording ("Unexpected token … in JSON at position 3") is replaced too.
  const message = MESSAGE_OF_FASTIFY_CODE[error.code] ?? error.message;
  return reply.code(status).send({ error: code, message });
}

/** Installs the error and not-found handlers on the root instance (plugins inherit them). */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''}` }),
  );
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers over 16 KiB, a request
 * that does not arrive within the request timeout, bytes that are not HTTP): the same JSON shape,
 * then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', { error: 'request_timeout', message: 'The request did not arrive in time.' }]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', { error: 'headers_too_large', message: 'Request headers (or URL) are too large.' }]
        : [400, 'Bad Request', { error: 'bad_request', message: 'Malformed HTTP request.' }];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}
