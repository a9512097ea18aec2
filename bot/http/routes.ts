/**
 * The /api routes: thin adapters from HTTP to the conversation core and the AnswerEngine. Every
 * response goes through its schema in schemas.ts; every document id is looked up in the loaded
 * index only. Dates go out twice: ISO (`date`) and as Vietnamese write them (`dateDisplay`).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Conversation } from '../conversation.ts';
import type { Metrics } from '../metrics.ts';
import type { FeedbackRecord, StateStore } from '../state/store.ts';
import type { AnswerEngine } from '../../retrieval/engine.ts';
import { facetsOf, listParameter, matchesFilter, type DocumentFilter, type Facets } from '../../retrieval/filters.ts';
import { pagesOf } from '../../retrieval/document/view.ts';
import type { Citation } from '../../retrieval/types.ts';
import { displayDate } from '../../text/dates.ts';
import { ApiError } from './errors.ts';
import { libraryExamples } from './examples.ts';
import {
  DEFAULT_K,
  askSchema,
  checkSchema,
  documentPathSchema,
  documentSchema,
  documentsSchema,
  examplesSchema,
  feedbackSchema,
  healthSchema,
  referencesSchema,
  searchSchema,
  statusSchema,
} from './schemas.ts';

/** Body limit of /api requests: a 1000-character question is under 4 KiB even as \u escapes. */
export const API_BODY_LIMIT = 16 * 1024;
/** Answers that can still be rated (POST /api/feedback). */
const RATEABLE_ANSWERS = 5000;

export interface ApiDeps {
  readonly engine: AnswerEngine;
  readonly conversation: Pick<Conversation, 'answer'>;
  readonly state: StateStore;
  readonly metrics?: Metrics;
  /** True when API_KEY is set: the OpenAPI document lists 401 for every route. */
  readonly auth: boolean;
}

/** What a rating needs later: the answer as it was given. */
interface RateableAnswer {
  readonly question: string;
  readonly answer: string;
  readonly found: boolean;
  readonly type: string;
  readonly chatKey: string | null;
  readonly citations: FeedbackRecord['citations'];
}

const dateFields = (date: string | null) => ({ date, dateDisplay: date === null ? null : displayDate(date) });

/** The engine's record with only the fields of the contract (and in its order); pages and OCR when known. */
export function citationOut(c: Citation) {
  return {
    docId: c.docId,
    title: c.title,
    ...dateFields(c.date),
    section: c.section,
    quote: c.quote,
    start: c.start,
    end: c.end,
    ...(c.pages === undefined ? {} : { pages: c.pages }),
    ...(c.ocr === undefined ? {} : { ocr: c.ocr }),
  };
}

interface FilterQuery {
  type?: string;
  issuer?: string;
  from?: string;
  to?: string;
}

/** `?type=luật,kết luận&issuer=…&from=2021&to=2022` as a DocumentFilter. */
function filterOf(query: FilterQuery): DocumentFilter {
  const types = listParameter(query.type);
  const issuers = listParameter(query.issuer);
  return {
    ...(types ? { types } : {}),
    ...(issuers ? { issuers } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

const facetsOfIndex = new WeakMap<object, Facets>();
/** Kinds, issuers and years of the engine's current index, counted once per index. */
function libraryFacets(engine: AnswerEngine): Facets {
  let facets = facetsOfIndex.get(engine.index);
  if (facets === undefined) {
    facets = facetsOf(engine.index.documents);
    facetsOfIndex.set(engine.index, facets);
  }
  return facets;
}

const chunkCountsOf = new WeakMap<object, Map<string, number>>();
/** Chunks per document of the engine's current index (a new build may be swapped in), counted once per index. */
function chunkCounts(engine: AnswerEngine): Map<string, number> {
  const { chunks } = engine.index;
  let counts = chunkCountsOf.get(chunks);
  if (counts === undefined) chunkCountsOf.set(chunks, (counts = chunks.countsByDocument()));
  return counts;
}

/** The pages (and OCR mark) of a passage of a loaded document. */
function pagesOfHit(engine: AnswerEngine, docId: string, start: number, end: number): Pick<Citation, 'pages' | 'ocr'> {
  const doc = engine.documents.get(docId);
  return doc === undefined ? {} : pagesOf(doc, start, end);
}

/** Registers /api/*; mount with prefix '/api'. */
export function apiRoutes(deps: ApiDeps) {
  const { engine, conversation, state, auth } = deps;
  const answers = state.namespace<RateableAnswer>('api:answers', RATEABLE_ANSWERS);

  function documentById(docId: string) {
    // A Map lookup only: the id never reaches the filesystem, so "../../etc/passwd" is just unknown.
    const doc = engine.documents.get(docId);
    if (doc === undefined) throw new ApiError(404, 'not_found', `Không có văn bản "${docId.slice(0, 100)}".`);
    return { docId: doc.id, title: doc.title, ...dateFields(doc.date), kind: doc.kind, issuer: doc.issuer, source: doc.source, text: doc.text };
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { question: string; k?: number; session?: string; filters?: DocumentFilter } }>(
      '/ask',
      { schema: askSchema(auth), bodyLimit: API_BODY_LIMIT },
      async (request) => {
        const { question, k, session, filters } = request.body;
        const chatKey = session === undefined ? undefined : `web:${session}`;
        const answer = await conversation.answer(question, {
          k: k ?? DEFAULT_K,
          ...(chatKey ? { chatKey } : {}),
          ...(filters ? { filter: filters } : {}),
        });
        deps.metrics?.observeAnswer(chatKey ? 'web' : 'api', answer.found, answer.tookMs / 1000);
        const answerId = randomBytes(6).toString('base64url');
        answers.set(answerId, {
          question,
          answer: [answer.answer, ...(answer.items ?? [])].join('\n'),
          found: answer.found,
          type: answer.type,
          chatKey: chatKey ?? null,
          citations: answer.citations.map((c) => ({ docId: c.docId, start: c.start, end: c.end, quote: c.quote })),
        });
        return {
          answer: answer.answer,
          found: answer.found,
          kind: answer.kind,
          type: answer.type,
          ...(answer.asked !== question.trim() ? { asked: answer.asked } : {}),
          ...(answer.items !== undefined ? { items: answer.items } : {}),
          ...(answer.moreItems !== undefined ? { moreItems: answer.moreItems } : {}),
          citations: answer.citations.map((c, i) => ({ n: i + 1, ...citationOut(c) })),
          ...(answer.clarify !== undefined ? { clarify: answer.clarify } : {}),
          answerId,
          tookMs: Math.round(answer.tookMs * 10) / 10,
        };
      },
    );

    app.post<{ Body: { answerId: string; rating: 'up' | 'down' } }>(
      '/feedback',
      { schema: feedbackSchema(auth), bodyLimit: API_BODY_LIMIT },
      async (request) => {
        const given = answers.get(request.body.answerId);
        if (given === undefined) throw new ApiError(404, 'not_found', 'Không còn câu trả lời này để đánh giá; vui lòng hỏi lại.');
        const surface = given.chatKey === null ? 'api' : 'web';
        const id = state.feedback.add({ at: Date.now(), surface, rating: request.body.rating, ...given });
        deps.metrics?.observeFeedback(surface, request.body.rating);
        return { ok: true, id };
      },
    );

    app.get<{ Querystring: { q: string; k?: number; offset?: number } & FilterQuery }>('/search', { schema: searchSchema(auth) }, async (request) => {
      const k = request.query.k ?? DEFAULT_K;
      const offset = request.query.offset ?? 0;
      // One more than the page: whether there is a next one.
      const hits = await engine.search(request.query.q, offset + k + 1, false, filterOf(request.query));
      const page = hits.slice(offset, offset + k);
      return {
        hits: page.map((hit, i) => ({
          rank: offset + i + 1,
          chunkId: hit.chunk.id,
          score: hit.score,
          ...citationOut({
            docId: hit.docId,
            title: hit.title,
            date: hit.date,
            section: hit.section,
            quote: engine.documents.get(hit.docId)?.text.slice(hit.start, hit.end) ?? hit.chunk.text,
            start: hit.start,
            end: hit.end,
            ...pagesOfHit(engine, hit.docId, hit.start, hit.end),
          }),
        })),
        offset,
        k,
        nextOffset: hits.length > offset + k ? offset + k : null,
      };
    });

    app.get<{ Querystring: FilterQuery }>('/documents', { schema: documentsSchema(auth) }, async (request) => {
      const counts = chunkCounts(engine);
      const filter = filterOf(request.query);
      return {
        documents: engine.index.documents
          .filter((doc) => matchesFilter(doc, filter))
          .map((doc) => ({
            docId: doc.id,
            title: doc.title,
            ...dateFields(doc.date),
            kind: doc.kind,
            issuer: doc.issuer,
            designation: doc.identity?.designation ?? null,
            ...(doc.pages === undefined ? {} : { pages: doc.pages.length }),
            chunks: counts.get(doc.id) ?? 0,
          })),
        counts: { documents: engine.index.documents.length, chunks: engine.index.chunks.length },
        facets: libraryFacets(engine),
      };
    });

    // `a%2Fb` arrives decoded as one parameter; `a/b` unencoded falls through to the wildcard.
    app.get<{ Params: { docId: string } }>('/documents/:docId', { schema: documentSchema(auth) }, async (request) =>
      documentById(request.params.docId),
    );
    app.get<{ Params: { '*': string } }>('/documents/*', { schema: documentPathSchema(auth) }, async (request) =>
      documentById(request.params['*']),
    );

    app.get<{ Querystring: { q: string } }>('/references', { schema: referencesSchema(auth) }, async (request) => ({
      matches: engine.lookupReference(request.query.q).map((card) => ({
        key: card.key,
        label: card.label,
        type: card.type,
        number: card.number,
        symbol: card.symbol,
        issuer: card.issuer,
        ...dateFields(card.date),
        subject: card.subject,
        document: card.document,
        mentions: card.mentions.map(citationOut),
      })),
    }));

    app.post<{ Body: { claim: string } }>('/check', { schema: checkSchema(auth), bodyLimit: API_BODY_LIMIT }, async (request) => {
      const check = await engine.checkClaim(request.body.claim);
      return { verdict: check.verdict, evidence: check.evidence.map(citationOut), note: check.note };
    });

    app.get('/examples', { schema: examplesSchema(auth) }, async () => ({ examples: await libraryExamples(engine) }));

    app.get('/status', { schema: statusSchema(auth) }, async () => {
      const { manifest, documents, chunks } = engine.index;
      const dense = engine.dense;
      return {
        ok: true,
        documents: documents.length,
        chunks: chunks.length,
        dense,
        model: manifest.dense.model || 'none',
        ...(dense ? {} : { denseReason: engine.denseOffReason ?? manifest.dense.reason ?? 'dense search is off' }),
        indexBuiltAt: manifest.builtAt,
        state: state.location === 'memory' ? 'memory' : 'sqlite',
      };
    });
  };
}

/**
 * GET /healthz: open (no key, no rate limit) for load balancers and uptime checks. Counts only:
 * no path, no model name, no reason text (those are at /api/status, behind the API key).
 */
export function healthRoute(engine: AnswerEngine) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/healthz', { schema: healthSchema }, async () => ({
      ok: true,
      documents: engine.index.documents.length,
      chunks: engine.index.chunks.length,
      dense: engine.dense,
    }));
  };
}
