/**
 * The building blocks of the API's JSON schemas (schemas.ts): the one error shape and which
 * errors each route can answer, quoted passages, dates (ISO plus the display form), examples.
 */
import { MAX_QUESTION_LENGTH } from '../conversation.ts';

/** Most passages a client may ask for per page. */
export const MAX_K = 20;
export const DEFAULT_K = 5;
/** Deepest page start of /api/search. */
export const MAX_OFFSET = 200;

export const nullableString = { type: ['string', 'null'] } as const;

/** Text a person typed: at least one non-space character, at most MAX_QUESTION_LENGTH. */
export const userText = (description: string, example: string) =>
  ({ type: 'string', minLength: 1, maxLength: MAX_QUESTION_LENGTH, pattern: '\\S', description, examples: [example] }) as const;

export const kParam = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_K,
  default: DEFAULT_K,
  description: `Number of passages per page (1..${MAX_K}).`,
} as const;

export const isoDate = {
  type: ['string', 'null'],
  pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  description: 'ISO 8601 date, as precise as the document says: YYYY-MM-DD, YYYY-MM or YYYY; null when unknown.',
} as const;

export const displayDate = {
  type: ['string', 'null'],
  description: 'The same date as Vietnamese write it: 27/12/2021, 01/2022, 2022; null when unknown.',
} as const;

/** Stable codes; `message` is Vietnamese, for people. */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'request_timeout',
  'headers_too_large',
  'overloaded',
  'internal_error',
] as const;

const ERROR_EXAMPLES: Readonly<Record<number, { error: string; message: string; description: string }>> = {
  400: { error: 'bad_request', message: 'Trường "question" không được để trống.', description: 'The request is invalid (message says which field and why).' },
  401: { error: 'unauthorized', message: 'Thiếu hoặc sai khóa API (Authorization: Bearer <API_KEY>).', description: 'API_KEY is set and the request lacks it.' },
  404: { error: 'not_found', message: 'Không có văn bản "khong-co".', description: 'Nothing with that id.' },
  405: { error: 'method_not_allowed', message: 'Đường dẫn /api/ask chỉ nhận POST.', description: 'Known path, wrong method (see the Allow header).' },
  413: { error: 'payload_too_large', message: 'Nội dung gửi lên quá lớn.', description: 'Body over the limit (16 KiB on /api).' },
  415: { error: 'unsupported_media_type', message: 'Content-Type phải là application/json.', description: 'Only JSON bodies.' },
  429: {
    error: 'rate_limited',
    message: 'Quá nhiều yêu cầu: tối đa 30 yêu cầu mỗi 60 giây. Vui lòng thử lại sau 12 giây.',
    description: 'Over RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS for this client (Retry-After says when to retry).',
  },
  503: { error: 'overloaded', message: 'Máy chủ đang quá tải, vui lòng thử lại sau ít giây.', description: 'Shedding load (Retry-After).' },
};

export function errorSchema(status: number) {
  const example = ERROR_EXAMPLES[status];
  return {
    type: 'object',
    description: example?.description ?? 'Error',
    required: ['error', 'message'],
    additionalProperties: false,
    properties: {
      error: { type: 'string', enum: [...ERROR_CODES], description: 'Stable English code, for programs.' },
      message: { type: 'string', description: 'What went wrong, in Vietnamese, for people.' },
    },
    ...(example ? { examples: [{ error: example.error, message: example.message }] } : {}),
  } as const;
}

/** The errors a route can answer: its own, plus 401 with an API key, 429 (rate limit) and 503 (overload). */
export function errorResponses(own: readonly number[], auth: boolean, limited = true): Record<number, ReturnType<typeof errorSchema>> {
  const statuses = [...own, ...(auth ? [401] : []), ...(limited ? [429] : []), 503];
  return Object.fromEntries([...new Set(statuses)].sort().map((status) => [status, errorSchema(status)]));
}

export const CITATION_EXAMPLE = {
  docId: '2022-ban-tin-so-ket-6-thang-cum-thi-dua-ban-to-chuc-mien-trung-tay-nguyen',
  title: 'Hội nghị sơ kết công tác 6 tháng đầu năm 2022 Cụm thi đua các Ban Tổ chức Tỉnh ủy miền Trung - Tây Nguyên',
  date: '2022',
  dateDisplay: '2022',
  section: '',
  quote: '05 nhóm nhiệm vụ, giải pháp trong Kết luận số 21-KL/TW',
  start: 1520,
  end: 1574,
} as const;

export const citationProperties = {
  docId: { type: 'string' },
  title: { type: 'string' },
  date: isoDate,
  dateDisplay: displayDate,
  section: { type: 'string', description: 'Section path joined with " › " ("" before any heading).' },
  quote: { type: 'string', description: 'The quoted text, verbatim: document.text.slice(start, end).' },
  start: { type: 'integer', description: 'UTF-16 offset into the document text.' },
  end: { type: 'integer' },
  pages: { type: 'array', items: { type: 'integer' }, description: 'Printed pages of the quote (PDF, paged DOCX).' },
  ocr: {
    type: 'object',
    required: ['confidence'],
    properties: { confidence: { type: 'number', description: 'Tesseract mean word confidence, 0–100.' } },
    description: 'Present when the quote was read by OCR from a scanned page.',
  },
} as const;

/** Narrowing of questions and searches to some documents (every field optional, all must hold). */
export const filters = {
  type: 'object',
  additionalProperties: false,
  properties: {
    types: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 60 }, description: 'Document kinds: "luật", "kết luận", …' },
    issuers: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 120 }, description: 'Issuers, e.g. "Bộ Chính trị".' },
    from: { type: 'string', pattern: '^\\d{4}(?:-\\d{2}(?:-\\d{2})?)?$', description: 'Earliest date, YYYY[-MM[-DD]].' },
    to: { type: 'string', pattern: '^\\d{4}(?:-\\d{2}(?:-\\d{2})?)?$', description: 'Latest date, YYYY[-MM[-DD]].' },
  },
} as const;

/** The same filters in a query string: comma-separated lists. */
export const filterQuery = {
  type: { type: 'string', maxLength: 600, description: 'Comma-separated document kinds.' },
  issuer: { type: 'string', maxLength: 1200, description: 'Comma-separated issuers.' },
  from: filters.properties.from,
  to: filters.properties.to,
} as const;

const facet = {
  type: 'array',
  items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count: { type: 'integer' } } },
} as const;

/** Kinds, issuers and years of the library, with how many documents each (the page's chips). */
export const facets = {
  type: 'object',
  required: ['types', 'issuers', 'years'],
  description: 'Kinds, issuers and years of the whole library, with how many documents each.',
  properties: { types: facet, issuers: facet, years: facet },
} as const;

export const citation = {
  type: 'object',
  description: 'A verbatim quote: quote === document.text.slice(start, end).',
  required: ['docId', 'title', 'date', 'dateDisplay', 'section', 'quote', 'start', 'end'],
  properties: citationProperties,
} as const;

export const numberedCitation = {
  type: 'object',
  description: citation.description,
  required: ['n', ...citation.required],
  properties: { n: { type: 'integer', minimum: 1, description: '1-based citation number.' }, ...citationProperties },
} as const;
