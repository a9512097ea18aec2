/**
 * JSON schemas of the HTTP API: they validate requests, serialize responses (fast-json-stringify
 * drops anything not listed, so no internal field leaks) and make the OpenAPI document at /docs,
 * each route with the errors it can answer and an example of every answer.
 */
import {
  CITATION_EXAMPLE,
  MAX_OFFSET,
  citation,
  displayDate,
  errorResponses,
  facets,
  filterQuery,
  filters,
  isoDate,
  kParam,
  nullableString,
  numberedCitation,
  userText,
} from './schema-parts.ts';

export { DEFAULT_K, MAX_K, MAX_OFFSET } from './schema-parts.ts';

/** A chat session the page keeps (sessionStorage), so follow-ups read against its last question. */
const sessionParam = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]{8,64}$',
  description: 'Optional conversation id kept by the client (8–64 of A-Z a-z 0-9 _ -): follow-ups are read against its last question.',
} as const;

const ASK_EXAMPLE = {
  answer: '05 nhóm nhiệm vụ, giải pháp',
  found: true,
  type: 'count',
  citations: [{ n: 1, ...CITATION_EXAMPLE }],
  answerId: 'x7Kp2mQa',
  tookMs: 4.2,
} as const;

export function askSchema(auth: boolean) {
  return {
    summary: 'Answer a question from the documents, with verbatim citations',
    tags: ['api'],
    body: {
      type: 'object',
      required: ['question'],
      additionalProperties: false,
      properties: {
        question: userText('The question, in Vietnamese (with or without diacritics).', 'Kết luận 21 có mấy nhóm nhiệm vụ?'),
        k: kParam,
        session: sessionParam,
        filters,
      },
      examples: [{ question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', k: 5 }, { question: 'Điều 5 Luật Viên chức quy định gì?', filters: { types: ['luật'] } }],
    },
    response: {
      200: {
        type: 'object',
        description: 'The answer, then its citations; when found is false, a sentence saying the documents do not say.',
        required: ['answer', 'found', 'kind', 'type', 'citations', 'answerId', 'tookMs'],
        properties: {
          answer: { type: 'string' },
          found: { type: 'boolean' },
          asked: { type: 'string', description: 'When the question was a follow-up ("còn quý II?"): the question it was read as, against the session\'s last one.' },
          kind: {
            type: 'string',
            enum: ['answer', 'not-found', 'help', 'overview', 'reference', 'clarify'],
            description:
              'answer: from the documents; not-found: they do not say (citations, when any, are what they do say of the subject); ' +
              'help: a greeting or chit-chat answered with what the assistant holds; overview: a bare keyword, with where the documents speak of it; ' +
              'reference: a bare document number, with its card; clarify: the words fit several documents.',
          },
          type: { type: 'string', enum: ['count', 'date', 'person', 'subject', 'list', 'free'] },
          items: { type: 'array', items: { type: 'string' }, description: 'List answers: the items, verbatim.' },
          moreItems: { type: 'integer', description: 'List answers: how many more items the section has.' },
          citations: { type: 'array', items: numberedCitation },
          clarify: {
            type: 'array',
            description: 'With kind clarify, when a designation fits several documents ("Chỉ thị 05"): the ones it can be.',
            items: { type: 'object', required: ['key', 'label'], properties: { key: { type: 'string' }, label: { type: 'string' } } },
          },
          answerId: { type: 'string', description: 'Give it to POST /api/feedback to rate this answer.' },
          tookMs: { type: 'number' },
        },
        examples: [ASK_EXAMPLE],
      },
      ...errorResponses([400, 413, 415], auth),
    },
  } as const;
}

export function searchSchema(auth: boolean) {
  return {
    summary: 'Passages that best match a query, a page at a time',
    description: 'Pages: offset=0, then nextOffset until it is null.',
    tags: ['api'],
    querystring: {
      type: 'object',
      required: ['q'],
      properties: {
        q: userText('The query.', 'quy hoạch cán bộ'),
        k: kParam,
        offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0, description: `First passage of the page (0..${MAX_OFFSET}).` },
        ...filterQuery,
      },
    },
    response: {
      200: {
        type: 'object',
        required: ['hits', 'offset', 'k', 'nextOffset'],
        properties: {
          hits: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rank', 'chunkId', 'score', ...citation.required],
              properties: {
                rank: { type: 'integer', minimum: 1, description: 'Position over all pages, from 1.' },
                chunkId: { type: 'string' },
                score: { type: 'number' },
                ...citation.properties,
              },
            },
          },
          offset: { type: 'integer' },
          k: { type: 'integer' },
          nextOffset: { type: ['integer', 'null'], description: 'offset of the next page; null on the last one.' },
        },
        examples: [{ hits: [{ rank: 1, chunkId: `${CITATION_EXAMPLE.docId}#1400`, score: 12.3, ...CITATION_EXAMPLE }], offset: 0, k: 1, nextOffset: 1 }],
      },
      ...errorResponses([400], auth),
    },
  } as const;
}

const documentSummary = {
  docId: { type: 'string' },
  title: { type: 'string' },
  date: isoDate,
  dateDisplay: displayDate,
  kind: { type: 'string', description: 'phát biểu, bản tin, kết luận, …' },
  issuer: { ...nullableString, description: 'Place or issuer, when known.' },
} as const;

const DOCUMENT_EXAMPLE = {
  docId: '2022-01-phat-bieu-be-mac-hoi-nghi-chuyen-de-xay-dung-dang',
  title: 'Phát biểu bế mạc hội nghị chuyên đề về công tác xây dựng Đảng',
  date: '2022-01',
  dateDisplay: '01/2022',
  kind: 'phát biểu',
  issuer: 'Tỉnh ủy Hậu Giang',
} as const;

export function documentsSchema(auth: boolean) {
  return {
    summary: 'The library: every document of the loaded index (narrowed by kind, issuer and date), with counts and facets',
    tags: ['api'],
    querystring: { type: 'object', properties: filterQuery },
    response: {
      200: {
        type: 'object',
        required: ['documents', 'counts', 'facets'],
        properties: {
          documents: {
            type: 'array',
            items: {
              type: 'object',
              required: ['docId', 'title', 'date', 'dateDisplay', 'kind', 'issuer', 'designation', 'chunks'],
              properties: {
                ...documentSummary,
                designation: { ...nullableString, description: 'As written after "Số:" in its header ("21-KL/TW").' },
                pages: { type: 'integer', description: 'Pages of a paged source.' },
                chunks: { type: 'integer' },
              },
            },
          },
          counts: {
            type: 'object',
            required: ['documents', 'chunks'],
            properties: { documents: { type: 'integer' }, chunks: { type: 'integer' } },
          },
          facets,
        },
        examples: [
          {
            documents: [{ ...DOCUMENT_EXAMPLE, designation: null, chunks: 14 }],
            counts: { documents: 1, chunks: 14 },
            facets: { types: [{ value: 'phát biểu', count: 1 }], issuers: [{ value: 'Tỉnh ủy Hậu Giang', count: 1 }], years: [{ value: '2022', count: 1 }] },
          },
        ],
      },
      ...errorResponses([], auth),
    },
  } as const;
}

function documentResponse(auth: boolean) {
  return {
    200: {
      type: 'object',
      required: ['docId', 'title', 'date', 'dateDisplay', 'kind', 'issuer', 'source', 'text'],
      properties: {
        ...documentSummary,
        source: nullableString,
        text: { type: 'string', description: 'The cleaned text that citation offsets index into.' },
      },
      examples: [{ ...DOCUMENT_EXAMPLE, source: null, text: '…' }],
    },
    ...errorResponses([400, 404], auth),
  } as const;
}

const docIdParam = { type: 'string', minLength: 1, maxLength: 500 } as const;

export function documentSchema(auth: boolean) {
  return {
    summary: 'One document with its full text',
    description: 'An id with "/" (document in a sub-folder) is sent URL-encoded (encodeURIComponent) or as a plain path.',
    tags: ['api'],
    params: { type: 'object', required: ['docId'], properties: { docId: docIdParam } },
    response: documentResponse(auth),
  } as const;
}

/** The same lookup for ids with '/' sent unencoded (`/api/documents/folder/name`); described with the one above. */
export function documentPathSchema(auth: boolean) {
  return {
    hide: true,
    params: { type: 'object', required: ['*'], properties: { '*': docIdParam } },
    response: documentResponse(auth),
  } as const;
}

export function referencesSchema(auth: boolean) {
  return {
    summary: 'Reference cards: "Quy định 50", "KL 21", "50-QĐ/TW" → the document and every mention',
    tags: ['api'],
    querystring: { type: 'object', required: ['q'], properties: { q: userText('A designation or description.', 'Quy định 50') } },
    response: {
      200: {
        type: 'object',
        required: ['matches'],
        properties: {
          matches: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'label', 'type', 'number', 'symbol', 'issuer', 'date', 'dateDisplay', 'subject', 'document', 'mentions'],
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
                date: isoDate,
                dateDisplay: displayDate,
                subject: nullableString,
                mentions: { type: 'array', items: citation },
              },
            },
          },
        },
        examples: [
          {
            matches: [
              {
                key: 'quy-dinh:50:tw',
                label: 'Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị',
                type: 'quy định',
                number: '50',
                symbol: 'QĐ/TW',
                issuer: 'Bộ Chính trị',
                date: '2021-12-27',
                dateDisplay: '27/12/2021',
                subject: 'công tác quy hoạch cán bộ',
                document: null,
                mentions: [CITATION_EXAMPLE],
              },
            ],
          },
        ],
      },
      ...errorResponses([400], auth),
    },
  } as const;
}

export function checkSchema(auth: boolean) {
  return {
    summary: 'Check a claim against the documents',
    tags: ['api'],
    body: {
      type: 'object',
      required: ['claim'],
      additionalProperties: false,
      properties: { claim: userText('A statement to check.', 'Kết luận 21 có 7 nhóm nhiệm vụ') },
      examples: [{ claim: 'Kết luận 21 có 7 nhóm nhiệm vụ' }],
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
        examples: [{ verdict: 'contradicted', evidence: [CITATION_EXAMPLE], note: 'Tài liệu ghi 05 nhóm nhiệm vụ, không phải 7.' }],
      },
      ...errorResponses([400, 413, 415], auth),
    },
  } as const;
}

export function feedbackSchema(auth: boolean) {
  return {
    summary: 'Rate an answer (👍 up / 👎 down); kept with its question, answer and citations',
    tags: ['api'],
    body: {
      type: 'object',
      required: ['answerId', 'rating'],
      additionalProperties: false,
      properties: {
        answerId: { type: 'string', pattern: '^[A-Za-z0-9_-]{4,32}$', description: 'answerId of a POST /api/ask answer.' },
        rating: { type: 'string', enum: ['up', 'down'] },
      },
      examples: [{ answerId: 'x7Kp2mQa', rating: 'up' }],
    },
    response: {
      200: {
        type: 'object',
        required: ['ok', 'id'],
        properties: { ok: { type: 'boolean' }, id: { type: 'integer' } },
        examples: [{ ok: true, id: 12 }],
      },
      ...errorResponses([400, 404, 413, 415], auth),
    },
  } as const;
}

export function examplesSchema(auth: boolean) {
  return {
    summary: 'Questions the library can answer (checked against it), for "what can I ask"',
    tags: ['api'],
    response: {
      200: {
        type: 'object',
        required: ['examples'],
        properties: {
          examples: {
            type: 'array',
            items: { type: 'object', required: ['question', 'docId'], properties: { question: { type: 'string' }, docId: { type: 'string' } } },
          },
        },
        examples: [{ examples: [{ question: 'Quy định 50 ban hành ngày nào?', docId: CITATION_EXAMPLE.docId }] }],
      },
      ...errorResponses([], auth),
    },
  } as const;
}

export function statusSchema(auth: boolean) {
  return {
    summary: 'Details of what is loaded (model, why dense search is off, index build time, state store)',
    tags: ['health'],
    response: {
      200: {
        type: 'object',
        required: ['ok', 'documents', 'chunks', 'dense', 'model', 'indexBuiltAt', 'state'],
        properties: {
          ok: { type: 'boolean' },
          documents: { type: 'integer' },
          chunks: { type: 'integer' },
          dense: { type: 'boolean' },
          model: { type: 'string', description: 'Dense model of the index, or "none".' },
          denseReason: { type: 'string', description: 'Why dense search is off (only when it is).' },
          indexBuiltAt: { type: 'string' },
          state: { type: 'string', enum: ['sqlite', 'memory'] },
        },
        examples: [{ ok: true, documents: 5, chunks: 120, dense: false, model: 'none', denseReason: 'no model files', indexBuiltAt: '2025-01-05T08:00:00.000Z', state: 'sqlite' }],
      },
      ...errorResponses([], auth),
    },
  } as const;
}

export const healthSchema = {
  summary: 'Liveness and what is loaded, open to load balancers (details: GET /api/status)',
  tags: ['health'],
  response: {
    200: {
      type: 'object',
      required: ['ok', 'documents', 'chunks', 'dense'],
      properties: { ok: { type: 'boolean' }, documents: { type: 'integer' }, chunks: { type: 'integer' }, dense: { type: 'boolean' } },
      examples: [{ ok: true, documents: 5, chunks: 120, dense: false }],
    },
    ...errorResponses([], false, false),
  },
} as const;
