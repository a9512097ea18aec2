/**
 * The /api routes: thin adapters from HTTP to the AnswerEngine. Every response goes through its
 * schema in schemas.ts; every document id is looked up in the loaded index only.
 */
import type { FastifyInstance } from 'fastify';
import type { AnswerEngine } from '../../retrieval/engine.ts';
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
  return { docId: c.docId, title: c.title, date: c.date, section: c.section, quote: c.quote, start: c.start, end: c.end };
}

/** Registers /api/*; mount with prefix '/api'. */
export function apiRoutes(engine: AnswerEngine) {
  // Counted once per index (a new build may be swapped in while the server runs).
  const counted = new WeakMap<object, Map<string, number>>();
  const chunkCounts = (): Map<string, number> => {
    const { chunks } = engine.index;
    let counts = counted.get(chunks);
    if (counts === undefined) counted.set(chunks, (counts = chunks.countsByDocument()));
    return counts;
  };

  function documentById(docId: string) {
    // A Map lookup only: the id never reaches the filesystem, so "../../etc/passwd" is just unknown.
    const doc = engine.documents.get(docId);
    if (doc === undefined) throw new ApiError(404, 'not_found', `Không có văn bản "${docId.slice(0, 100)}".`);
    return { docId: doc.id, title: doc.title, date: doc.date, kind: doc.kind, source: doc.source, text: doc.text };
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { question: string; k?: number } }>('/ask', { schema: askSchema, bodyLimit: API_BODY_LIMIT }, async (request) => {
      const answer = await engine.ask(request.body.question, { k: request.body.k ?? DEFAULT_K });
      return {
        answer: answer.answer,
        found: answer.found,
        type: answer.type,
        ...(answer.items !== undefined ? { items: answer.items } : {}),
        ...(answer.moreItems !== undefined ? { moreItems: answer.moreItems } : {}),
        citations: answer.citations.map((c, i) => ({ n: i + 1, ...citationOut(c) })),
        tookMs: Math.round(answer.tookMs * 10) / 10,
      };
    });

    app.get<{ Querystring: { q: string; k?: number } }>('/search', { schema: searchSchema }, async (request) => {
      const hits = await engine.search(request.query.q, request.query.k ?? DEFAULT_K);
      return {
        hits: hits.map((hit) => ({
          chunkId: hit.chunk.id,
          docId: hit.docId,
          title: hit.title,
          section: hit.section,
          text: engine.documents.get(hit.docId)?.text.slice(hit.start, hit.end) ?? hit.chunk.text,
          score: hit.score,
          start: hit.start,
          end: hit.end,
        })),
      };
    });

    app.get('/documents', { schema: documentsSchema }, async () => ({
      documents: engine.index.documents.map((doc) => ({
        docId: doc.id,
        title: doc.title,
        date: doc.date,
        kind: doc.kind,
        chunks: chunkCounts().get(doc.id) ?? 0,
      })),
    }));

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
