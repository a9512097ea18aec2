/**
 * The /api routes: thin adapters from HTTP to the AnswerEngine. Every response goes through its
 * schema in schemas.ts; every document id is looked up in the loaded index only.
 */
import type { FastifyInstance } from 'fastify';
import type { AnswerEngine } from '../../retrieval/engine.ts';
import { facetsOf, listParameter, matchesFilter, type DocumentFilter } from '../../retrieval/filters.ts';
import { pagesOf } from '../../retrieval/document/view.ts';
import type { Citation } from '../../retrieval/types.ts';
import { ApiError } from './errors.ts';
import {
  DEFAULT_K,
  askSchema,
  checkSchema,
  documentPathSchema,
  documentSchema,
  documentsSchema,
  healthSchema,
  referencesSchema,
  searchSchema,
} from './schemas.ts';

/** Body limit of /api requests: a 1000-character question is under 4 KiB even as \u escapes. */
export const API_BODY_LIMIT = 16 * 1024;

/** The same record the engine returns, with only the fields of the contract (and in its order). */
function citationOut(c: Citation) {
  return {
    docId: c.docId,
    title: c.title,
    date: c.date,
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

/** Registers /api/*; mount with prefix '/api'. */
export function apiRoutes(engine: AnswerEngine) {
  // Counted once: the index does not change while the server runs.
  const chunkCounts = new Map<string, number>();
  for (const chunk of engine.index.chunks) chunkCounts.set(chunk.docId, (chunkCounts.get(chunk.docId) ?? 0) + 1);

  function documentById(docId: string) {
    // A Map lookup only: the id never reaches the filesystem, so "../../etc/passwd" is just unknown.
    const doc = engine.documents.get(docId);
    if (doc === undefined) throw new ApiError(404, 'not_found', `Không có văn bản "${docId.slice(0, 100)}".`);
    return { docId: doc.id, title: doc.title, date: doc.date, kind: doc.kind, source: doc.source, text: doc.text };
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { question: string; k?: number; filters?: DocumentFilter } }>('/ask', { schema: askSchema, bodyLimit: API_BODY_LIMIT }, async (request) => {
      const { question, k, filters } = request.body;
      const answer = await engine.ask(question, { k: k ?? DEFAULT_K, ...(filters ? { filter: filters } : {}) });
      return {
        answer: answer.answer,
        found: answer.found,
        type: answer.type,
        ...(answer.items !== undefined ? { items: answer.items } : {}),
        ...(answer.moreItems !== undefined ? { moreItems: answer.moreItems } : {}),
        citations: answer.citations.map((c, i) => ({ n: i + 1, ...citationOut(c) })),
        ...(answer.clarify !== undefined ? { clarify: answer.clarify } : {}),
        tookMs: Math.round(answer.tookMs * 10) / 10,
      };
    });

    app.get<{ Querystring: { q: string; k?: number } & FilterQuery }>('/search', { schema: searchSchema }, async (request) => {
      const hits = await engine.search(request.query.q, request.query.k ?? DEFAULT_K, false, filterOf(request.query));
      return {
        hits: hits.map((hit) => {
          const doc = engine.documents.get(hit.docId);
          return {
            chunkId: hit.chunk.id,
            docId: hit.docId,
            title: hit.title,
            section: hit.section,
            text: doc?.text.slice(hit.start, hit.end) ?? hit.chunk.text,
            score: hit.score,
            start: hit.start,
            end: hit.end,
            ...(doc === undefined ? {} : pagesOf(doc, hit.start, hit.end)),
          };
        }),
      };
    });

    // The library's facets are counted once: the index does not change while the server runs.
    const facets = facetsOf(engine.index.documents);
    app.get<{ Querystring: FilterQuery }>('/documents', { schema: documentsSchema }, async (request) => {
      const filter = filterOf(request.query);
      return {
        documents: engine.index.documents
          .filter((doc) => matchesFilter(doc, filter))
          .map((doc) => ({
            docId: doc.id,
            title: doc.title,
            date: doc.date,
            kind: doc.kind,
            issuer: doc.issuer,
            designation: doc.identity?.designation ?? null,
            ...(doc.pages === undefined ? {} : { pages: doc.pages.length }),
            chunks: chunkCounts.get(doc.id) ?? 0,
          })),
        facets,
      };
    });

    // `a%2Fb` arrives decoded as one parameter; `a/b` unencoded falls through to the wildcard.
    app.get<{ Params: { docId: string } }>('/documents/:docId', { schema: documentSchema }, async (request) =>
      documentById(request.params.docId),
    );
    app.get<{ Params: { '*': string } }>('/documents/*', { schema: documentPathSchema }, async (request) =>
      documentById(request.params['*']),
    );

    app.get<{ Querystring: { q: string } }>('/references', { schema: referencesSchema }, async (request) => ({
      matches: engine.lookupReference(request.query.q).map((card) => ({
        key: card.key,
        label: card.label,
        type: card.type,
        number: card.number,
        symbol: card.symbol,
        issuer: card.issuer,
        date: card.date,
        subject: card.subject,
        document: card.document,
        mentions: card.mentions.map(citationOut),
      })),
    }));

    app.post<{ Body: { claim: string } }>('/check', { schema: checkSchema, bodyLimit: API_BODY_LIMIT }, async (request) => {
      const check = await engine.checkClaim(request.body.claim);
      return { verdict: check.verdict, evidence: check.evidence.map(citationOut), note: check.note };
    });
  };
}

/** GET /healthz: open (no key, no rate limit) for load balancers and uptime checks. */
export function healthRoute(engine: AnswerEngine) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/healthz', { schema: healthSchema }, async () => {
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
      };
    });
  };
}
