/**
 * LangChain interop: the local embedder as a LangChain `Embeddings`, so LangChain vector stores
 * and retrievers can use the same vectors as our own index.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Embedder } from './embedder.ts';

export class VankienEmbeddings extends Embeddings {
  constructor(
    private readonly embedder: Embedder,
    params: EmbeddingsParams = {},
  ) {
    // A local model that failed once fails again: no retries with backoff.
    super({ maxRetries: 0, ...params });
  }

  /** Passages (`passage: ` prefix added by the embedder). */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors = await this.caller.call(() => this.embedder.embedPassages(texts));
    return vectors.map((v) => Array.from(v));
  }

  /** A question (`query: ` prefix added by the embedder). */
  async embedQuery(text: string): Promise<number[]> {
    return Array.from(await this.caller.call(() => this.embedder.embedQuery(text)));
  }
}
