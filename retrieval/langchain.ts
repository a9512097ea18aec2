/**
 * LangChain interop: our retrieval as a LangChain retriever, so chains and agents built with
 * LangChain get the same cited passages (with their offsets) as the bot.
 */
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Hit } from './types.ts';

/** What a passage carries besides its text: enough to cite it (`document.text.slice(start, end)`). */
export interface VankienDocumentMetadata extends Record<string, unknown> {
  readonly chunkId: string;
  readonly docId: string;
  readonly title: string;
  readonly date: string | null;
  readonly section: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** A question → hits function, or anything with `search(question, k)` (the AnswerEngine). */
export type HitSource =
  | ((question: string, k: number) => Promise<readonly Hit[]>)
  | { search(question: string, k: number): Promise<readonly Hit[]> };

export interface VankienRetrieverInput extends BaseRetrieverInput {
  readonly source: HitSource;
  /** Passages per question (5 by default). */
  readonly k?: number;
}

export class VankienRetriever extends BaseRetriever<VankienDocumentMetadata> {
  lc_namespace = ['vankien', 'retrievers'];
  private readonly source: HitSource;
  readonly k: number;

  static override lc_name(): string {
    return 'VankienRetriever';
  }

  constructor({ source, k = 5, ...fields }: VankienRetrieverInput) {
    super(fields);
    this.source = source;
    this.k = k;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<VankienDocumentMetadata>[]> {
    const hits = typeof this.source === 'function' ? await this.source(query, this.k) : await this.source.search(query, this.k);
    return hits.map(toDocument);
  }
}

export function toDocument(hit: Hit): Document<VankienDocumentMetadata> {
  return new Document<VankienDocumentMetadata>({
    pageContent: hit.chunk.text,
    metadata: {
      chunkId: hit.chunk.id,
      docId: hit.docId,
      title: hit.title,
      date: hit.date,
      section: hit.section,
      start: hit.start,
      end: hit.end,
      score: hit.score,
    },
    id: hit.chunk.id,
  });
}
