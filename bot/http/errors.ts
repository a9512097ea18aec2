/**
 * Every failure leaves the server in one shape, `{"error": code, "message": text}`: a stable
 * English code for programs, a Vietnamese message for people, with a 4xx status, a 503 when
 * overloaded, or a generic 500 whose details go to the log only. Never a stack trace, never
 * Fastify's or the validator's own wording. A known path asked with the wrong method is a 405
 * with `Allow`, not a 404.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ERROR_CODES } from './schema-parts.ts';

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_OF_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
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

/** Fastify's own client errors, said in Vietnamese. */
const MESSAGE_OF_FASTIFY_CODE: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Nội dung gửi lên quá lớn.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Content-Type phải là application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Nội dung rỗng nhưng Content-Type là application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Nội dung gửi lên không phải JSON hợp lệ.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length không khớp với nội dung.',
};

const GENERIC_MESSAGE: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ.',
  401: 'Thiếu hoặc sai khóa API (Authorization: Bearer <API_KEY>).',
  404: 'Không tìm thấy.',
  413: 'Nội dung gửi lên quá lớn.',
  415: 'Content-Type phải là application/json.',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau.',
};

const TYPE_NAME: Readonly<Record<string, string>> = {
  string: 'chuỗi ký tự',
  integer: 'số nguyên',
  number: 'số',
  boolean: 'true hoặc false',
  object: 'đối tượng JSON',
  array: 'mảng',
};

interface ValidationIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
}

const PLACE: Readonly<Record<string, string>> = { body: 'nội dung', querystring: 'tham số', params: 'đường dẫn', headers: 'tiêu đề' };

/** One validator issue ("body/question must match pattern \\S") as a Vietnamese sentence. */
export function validationMessage(issue: ValidationIssue, context: string | undefined): string {
  const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const named = field === '' ? (PLACE[context ?? ''] ?? 'yêu cầu') : `Trường "${field}"`;
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `Thiếu trường "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return `Trường "${String(p.additionalProperty)}" không được hỗ trợ.`;
    case 'type':
      return `${named} phải là ${String(p.type).split(',').map((t) => TYPE_NAME[t] ?? t).join(' hoặc ')}.`;
    case 'minLength':
    case 'pattern':
      return field === 'session' || field === 'answerId' ? `${named} không đúng định dạng.` : `${named} không được để trống.`;
    case 'maxLength':
      return `${named} dài quá: tối đa ${String(p.limit)} ký tự.`;
    case 'minimum':
      return `${named} phải từ ${String(p.limit)} trở lên.`;
    case 'maximum':
      return `${named} phải không quá ${String(p.limit)}.`;
    case 'enum':
      return `${named} phải là một trong: ${(p.allowedValues as unknown[] | undefined)?.join(', ') ?? ''}.`;
    default:
      return `${named} không hợp lệ.`;
  }
}

function statusOf(error: FastifyError): number {
  if (error instanceof OverloadedError) return 503;
  if (error.validation) return 400;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function messageOf(error: FastifyError, status: number): string {
  if (error instanceof ApiError) return error.message;
  const first = error.validation?.[0];
  if (first) return validationMessage(first as ValidationIssue, error.validationContext);
  return MESSAGE_OF_FASTIFY_CODE[error.code] ?? GENERIC_MESSAGE[status] ?? GENERIC_MESSAGE[400]!;
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
  return reply.code(status).send({ error: code, message: messageOf(error, status) });
}

/** Route paths as patterns (`/api/documents/:docId` → one segment), with their methods. */
function routePatterns(app: FastifyInstance): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const source = route.url
      .split('/')
      .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods });
  });
  return (path) => [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
}

/** Installs the error and not-found handlers on the root instance (plugins inherit them). */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  const methodsOf = routePatterns(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = methodsOf(path).filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({ error: 'method_not_allowed', message: `Đường dẫn ${path.slice(0, 200)} chỉ nhận ${allowed.join(', ')}.` });
    }
    return reply.code(404).send({ error: 'not_found', message: `Không có đường dẫn ${request.method} ${path.slice(0, 200)}.` });
  });
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
      ? [408, 'Request Timeout', { error: 'request_timeout', message: 'Yêu cầu không đến kịp thời hạn.' }]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', { error: 'headers_too_large', message: 'Tiêu đề (hoặc URL) của yêu cầu quá lớn.' }]
        : [400, 'Bad Request', { error: 'bad_request', message: 'Yêu cầu HTTP không hợp lệ.' }];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}
