/** The retriever as a LangChain retriever: Documents whose metadata cite the passage exactly. */
import { Document } from '@langchain/core/documents';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store.ts';
import { VankienRetriever } from '../../retrieval/langchain.ts';
import { understandQuery } from '../../retrieval/query/understand.ts';
import { Retriever } from '../../retrieval/search/retriever.ts';
import type { Hit } from '../../retrieval/types.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

let index: LoadedIndex;
let search: (question: string, k: number) => Promise<Hit[]>;

beforeAll(async () => {
  ({ index } = await buildCorpusIndex());
  const keys = new Set(index.references.map((ref) => ref.key));
  const retriever = new Retriever(index, null);
  search = (question, k) => retriever.search(understandQuery(question, keys), k);
});

describe('VankienRetriever', () => {
  it('returns LangChain Documents for "Kết luận 21", with citable metadata', async () => {
    const langchain = new VankienRetriever({ source: search, k: 4 });
    const docs = await langchain.invoke('Kết luận 21');
    const hits = await search('Kết luận 21', 4);
    expect(docs).toHaveLength(4);
    const texts = new Map(index.documents.map((doc) => [doc.id, doc.text]));
    docs.forEach((doc, i) => {
      const hit = hits[i]!;
      expect(doc).toBeInstanceOf(Document);
      expect(doc.pageContent).toBe(hit.chunk.text);
      expect(doc.metadata).toEqual({
        chunkId: hit.chunk.id,
        docId: hit.docId,
        title: hit.title,
        date: hit.date,
        section: hit.section,
        start: hit.start,
        end: hit.end,
        score: hit.score,
      });
      expect(texts.get(doc.metadata.docId)?.slice(doc.metadata.start, doc.metadata.end)).toBe(doc.pageContent);
    });
    expect(docs[0]?.metadata.docId).toBe(hits[0]?.docId);
    expect(docs.some((doc) => doc.pageContent.includes('21-KL/TW'))).toBe(true);
  });

  it('takes an engine-like object with search(question, k), and k defaults to 5', async () => {
    const langchain = new VankienRetriever({ source: { search } });
    expect(await langchain.invoke('công tác cán bộ')).toHaveLength(5);
    expect(langchain.lc_namespace).toEqual(['vankien', 'retrievers']);
    expect(await langchain.invoke('   ')).toEqual([]);
  });
});
