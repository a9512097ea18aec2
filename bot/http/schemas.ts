/**
 * JSON schemas of the HTTP API: they validate requests, serialize responses (fast-json-stringify
 * drops anything not listed, so no internal field leaks) and make the OpenAPI document at /docs.
 */
import { MAX_QUESTION_LENGTH } from '../conversation.ts';

/** Most passages a client may ask for. */
export const MAX_K = 20;
export const DEFAULT_K = 5;

const nullableString = { type: ['string', 'null'] } as const;

/** Text a person typed: at least one non-space character, at most MAX_QUESTION_LENGTH. */
const userText = (description: string) =>
  ({ type: 'string', minLength: 1, maxLength: MAX_QUESTION_LENGTH, pattern: '\\S', description }) as const;

const k = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_K,
  default: DEFAULT_K,
  description: `Number of passages to retrieve (1..${MAX_K}).`,
} as const;

export const errorSchema = {
  type: 'object',
  description: 'Error: a stable code and a human-readable message.',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      description:
        'bad_request, unauthorized, not_found, payload_too_large, unsupported_media_type, rate_limited, ' +
        'request_timeout, headers_too_large, overloaded (503, with Retry-After), internal_error',
    },
    message: { type: 'string' },
  },
} as const;

/** Every error an /api route can answer on purpose, so they appear in the OpenAPI document. */
const apiErrors = {
  400: errorSchema,
  401: errorSchema,
  404: errorSchema,
  413: errorSchema,
  415: errorSchema,
  429: errorSchema,
  503: errorSchema,
} as const;

const citation = {
  type: 'object',
  description: 'A verbatim quote: quote === document.text.slice(start, end).',
  required: ['docId', 'title', 'date', 'section', 'quote', 'start', 'end'],
  properties: {
    docId: { type: 'string' },
    title: { type: 'string' },
    date: nullableString,
    section: { type: 'string', description: 'Section path joined with " › " ("" before any heading).' },
    quote: { type: 'string' },
    start: { type: 'integer', description: 'UTF-16 offset into the document text.' },
    end: { type: 'integer' },
    pages: { type: 'array', items: { type: 'integer' }, description: 'Printed pages of the quote (PDF, paged DOCX).' },
    ocr: {
      type: 'object',
      required: ['confidence'],
      properties: { confidence: { type: 'number', description: 'Tesseract mean word confidence, 0–100.' } },
      description: 'Present when the quote was read by OCR from a scanned page.',
    },
  },
} as const;

/** Narrowing of questions and searches to some documents (every field optional, all must hold). */
const filters = {
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
const filterQuery = {
  type: { type: 'string', maxLength: 600, description: 'Comma-separated document kinds.' },
  issuer: { type: 'string', maxLength: 1200, description: 'Comma-separated issuers.' },
  from: filters.properties.from,
  to: filters.properties.to,
} as const;

const numberedCitation = {
  ...citation,
  required: ['n', ...citation.required],
  properties: { n: { type: 'integer', minimum: 1, description: '1-based citation number.' }, ...citation.properties },
} as const;

export const askSchema = {
  summary: 'Answer a question from the documents, with verbatim citations',
  tags: ['api'],
  body: {
    type: 'object',
    required: ['question'],
    additionalProperties: false,
    properties: { question: userText('The question, in Vietnamese (with or without diacritics).'), k, filters },
  },
  response: {
    200: {
      type: 'object',
      required: ['answer', 'found', 'type', 'citations', 'tookMs'],
      properties: {
        answer: { type: 'string', description: 'The answer; when found is false, a sentence saying the documents do not say.' },
        found: { type: 'boolean' },
        type: { type: 'string', enum: ['count', 'date', 'person', 'subject', 'list', 'free'] },
        items: { type: 'array', items: { type: 'string' }, description: 'List answers: the items, verbatim.' },
        moreItems: { type: 'integer', description: 'List answers: how many more items the section has.' },
        citations: { type: 'array', items: numberedCitation },
        clarify: {
          type: 'array',
          description: 'When a designation fits several documents ("Chỉ thị 05"): the ones it can be; the answer asks which.',
          items: { type: 'object', required: ['key', 'label'], properties: { key: { type: 'string' }, label: { type: 'string' } } },
        },
        tookMs: { type: 'number' },
      },
    },
    ...apiErrors,
  },
} as const;

export const searchSchema = {
  summary: 'Passages that best match a query',
  tags: ['api'],
  querystring: {
    type: 'object',
    required: ['q'],
    properties: { q: userText('The query.'), k, ...filterQuery },
  },
  response: {
    200: {
      type: 'object',
      required: ['hits'],
      properties: {
        hits: {
          type: 'array',
          items: {
            type: 'object',
            required: ['chunkId', 'docId', 'title', 'section', 'text', 'score', 'start', 'end'],
            properties: {
              chunkId: { type: 'string' },
              docId: { type: 'string' },
              title: { type: 'string' },
              section: { type: 'string' },
              text: { type: 'string', description: 'document.text.slice(start, end)' },
              score: { type: 'number' },
              start: { type: 'integer' },
              end: { type: 'integer' },
              pages: citation.properties.pages,
              ocr: citation.properties.ocr,
            },
          },
        },
      },
    },
    ...apiErrors,
  },
} as const;

const facet = {
  type: 'array',
  items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count: { type: 'integer' } } },
} as const;

export const documentsSchema = {
  summary: 'The documents of the loaded index (narrowed by kind, issuer and date), with the values to narrow by',
  tags: ['api'],
  querystring: { type: 'object', properties: filterQuery },
  response: {
    200: {
      type: 'object',
      required: ['documents', 'facets'],
      properties: {
        documents: {
          type: 'array',
          items: {
            type: 'object',
            required: ['docId', 'title', 'date', 'kind', 'chunks'],
            properties: {
              docId: { type: 'string' },
              title: { type: 'string' },
              date: nullableString,
              kind: { type: 'string' },
              issuer: nullableString,
              designation: nullableString,
              pages: { type: 'integer', description: 'Pages of a paged source.' },
              chunks: { type: 'integer' },
            },
          },
        },
        facets: {
          type: 'object',
          required: ['types', 'issuers', 'years'],
          description: 'Kinds, issuers and years of the whole library, with how many documents each.',
          properties: { types: facet, issuers: facet, years: facet },
        },
      },
    },
    ...apiErrors,
  },
} as const;

const documentResponse = {
  200: {
    type: 'object',
    required: ['docId', 'title', 'date', 'kind', 'source', 'text'],
    properties: {
      docId: { type: 'string' },
      title: { type: 'string' },
      date: nullableString,
      kind: { type: 'string' },
      source: nullableString,
      text: { type: 'string', description: 'The cleaned text that citation offsets index into.' },
    },
  },
  ...apiErrors,
} as const;

const docIdParam = { type: 'string', minLength: 1, maxLength: 500 } as const;

export const documentSchema = {
  summary: 'One document with its full text',
  description: 'An id with "/" (document in a sub-folder) is sent URL-encoded (encodeURIComponent) or as a plain path.',
  tags: ['api'],
  params: { type: 'object', required: ['docId'], properties: { docId: docIdParam } },
  response: documentResponse,
} as const;

/** The same lookup for ids with '/' sent unencoded (`/api/documents/folder/name`); described with the one above. */
export const documentPathSchema = {
  hide: true,
  params: { type: 'object', required: ['*'], properties: { '*': docIdParam } },
  response: documentResponse,
} as const;

export const referencesSchema = {
  summary: 'Reference cards: "Quy định 50", "KL 21", "50-QĐ/TW" → the document and every mention',
  tags: ['api'],
  querystring: { type: 'object', required: ['q'], properties: { q: userText('A designation or description.') } },
  response: {
    200: {
      type: 'object',
      required: ['matches'],
      properties: {
        matches: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'label', 'type', 'number', 'symbol', 'issuer', 'date', 'subject', 'document', 'mentions'],
            properties: {
              key: { type: 'string' },
              document: {
                type: ['object', 'null'],
                description: 'The library document this reference is, when the library holds it.',
                properties: { docId: { type: 'string' }, title: { type: 'string' } },
              },
              label: { type: 'string' },
              type: { type: 'string' },
              number: { type: 'string' },
              symbol: nullableString,
              issuer: nullableString,
              date: nullableString,
              subject: nullableString,
              mentions: { type: 'array', items: citation },
            },
          },
        },
      },
    },
    ...apiErrors,
  },
} as const;

export const checkSchema = {
  summary: 'Check a claim against the documents',
  tags: ['api'],
  body: {
    type: 'object',
    required: ['claim'],
    additionalProperties: false,
    properties: { claim: userText('A statement to check.') },
  },
  response: {
    200: {
      type: 'object',
      required: ['verdict', 'evidence', 'note'],
      properties: {
        verdict: { type: 'string', enum: ['supported', 'contradicted', 'not_found'] },
        evidence: { type: 'array', items: citation },
        note: { type: 'string' },
      },
    },
    ...apiErrors,
  },
} as const;

export const healthSchema = {
  summary: 'Liveness and what is loaded',
  tags: ['health'],
  response: {
    200: {
      type: 'object',
      required: ['ok', 'documents', 'chunks', 'dense', 'model', 'indexBuiltAt'],
      properties: {
        ok: { type: 'boolean' },
        documents: { type: 'integer' },
        chunks: { type: 'integer' },
        dense: { type: 'boolean' },
        model: { type: 'string', description: 'Dense model of the index, or "none".' },
        denseReason: { type: 'string', description: 'Why dense search is off (only when it is).' },
        indexBuiltAt: { type: 'string' },
      },
    },
  },
} as const;
