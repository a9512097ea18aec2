/**
 * The hybrid retriever on the real corpus: questions that name a document find the passages
 * mentioning it, typed with or without diacritics; hits are well-formed, deduplicated, ordered
 * deterministically and explained; a chunk restating its document's title does not outrank the one
 * holding the answer, everyday wordings meet the documents' (synonyms.ts), a named sub-section beats
 * its parent; with the tests' embedding model the dense list is fused in.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../../embed/embedder.ts';
import type { LoadedIndex } from '../../../index/store.ts';
import { understandQuery } from '../../../retrieval/query/understand.ts';
import { Retriever } from '../../../retrieval/search/retriever.ts';
import type { Hit } from '../../../retrieval/types.ts';
import { buildCorpusIndex } from '../../helpers/corpus-index.ts';
import { keysCompatible } from '../../../text/references/index.ts';

const KL21_TASKS = '05 nhóm nhiệm vụ, giải pháp trong Kết luận số 21-KL/TW';
const QUARTER_II_TASKS = '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022';

let index: LoadedIndex;
let retriever: Retriever;
let knownKeys: Set<string>;

const ask = (question: string, k = 5, debug = false): Promise<Hit[]> =>
  retriever.search(understandQuery(question, knownKeys), k, { debug });

beforeAll(async () => {
  ({ index } = await buildCorpusIndex());
  knownKeys = new Set(index.references.map((ref) => ref.key));
  retriever = new Retriever(index, null);
});

/** Every hit is a chunk of the index with its document's metadata; no chunk twice; best first, ties by ordinal. */
function expectWellFormed(hits: readonly Hit[]): void {
  const documents = new Map(index.documents.map((doc) => [doc.id, doc]));
  for (const hit of hits) {
    expect(hit.chunk).toEqual(index.chunks.at(hit.ordinal));
    const doc = documents.get(hit.docId);
    expect(doc?.text.slice(hit.start, hit.end)).toBe(hit.chunk.text);
    expect(hit).toMatchObject({ docId: hit.chunk.docId, title: doc?.title, date: doc?.date, section: hit.chunk.sectionPath.join(' › ') });
  }
  expect(new Set(hits.map((hit) => hit.ordinal)).size).toBe(hits.length);
  hits.slice(1).forEach((hit, i) => {
    const previous = hits[i]!;
    expect(previous.score > hit.score || (previous.score === hit.score && previous.ordinal < hit.ordinal)).toBe(true);
  });
}

describe('Retriever, lexical-only on the corpus', () => {
  it('ranks the five groups of tasks of Kết luận 21 first, with or without diacritics', async () => {
    for (const question of ['Kết luận 21 có mấy nhóm nhiệm vụ', 'ket luan 21 co may nhom nhiem vu', 'KL 21 có mấy nhóm nhiệm vụ?']) {
      const [first] = await ask(question);
      expect(first?.chunk.text, question).toContain(KL21_TASKS);
    }
  });

  it('finds the tasks of quý II/2022 (written "quí" in the text) in the top 3', async () => {
    for (const question of ['nhiệm vụ trọng tâm quý II/2022', 'nhiem vu trong tam quy II/2022']) {
      const top = await ask(question, 3);
      expect(top.some((hit) => hit.chunk.text.includes(QUARTER_II_TASKS)), question).toBe(true);
    }
  });

  it('ranks a passage mentioning Quy định 50 first for its date', async () => {
    const [first] = await ask('Quy định 50 ban hành ngày nào');
    expect(first?.chunk.references.some((key) => keysCompatible(key, 'quy-dinh:50:tw'))).toBe(true);
    expect(first?.chunk.text).toMatch(/50-QĐ\/TW|Quy định số 50/u);
  });

  it('puts every passage mentioning 21-KL/TW ahead of the others', async () => {
    const names = (chunk: { references: readonly string[] }): boolean => chunk.references.some((key) => keysCompatible(key, 'ket-luan:21:tw'));
    const mentioning = [...index.chunks].filter(names);
    expect(mentioning.filter((chunk) => chunk.text.includes('21-KL/TW')).length).toBeGreaterThanOrEqual(2);
    const hits = await ask('21-KL/TW', mentioning.length + 3);
    const head = hits.slice(0, mentioning.length);
    expect(head.every((hit) => names(hit.chunk))).toBe(true);
    expect(hits[0]?.chunk.text).toContain('21-KL/TW');
  });

  it('explains each hit with debug, consistently with its rank and score', async () => {
    const question = 'Kết luận 21 có mấy nhóm nhiệm vụ';
    const hits = await ask(question, 8, true);
    const query = understandQuery(question, knownKeys);
    expect(hits).toHaveLength(8);
    for (const hit of hits) {
      const why = hit.why!;
      expect(why.fused).toBe(hit.score);
      expect(why.dense).toBeNull();
      expect(why.reference > 0).toBe(hit.chunk.references.includes('ket-luan:21:tw'));
      if (why.lexical.rank !== null) {
        expect(why.lexical.score).toBeGreaterThan(0);
        expect(why.lexical.matched.length).toBeGreaterThan(0);
      }
    }
    const top = hits[0]!.why!;
    expect(top.lexical.matched).toEqual(expect.arrayContaining(['kết', 'luận', '21', 'nhiệm_vụ']));
    // Lexical ranks are positions in the BM25 list: distinct, from 1.
    const ranks = hits.map((hit) => hit.why!.lexical.rank).filter((rank): rank is number => rank !== null);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(Math.min(...ranks)).toBe(1);
    expect(query.references.map((ref) => ref.key)).toContain('ket-luan:21:tw');
    expect((await ask(question, 8)).every((hit) => hit.why === undefined)).toBe(true);
  });

  it('is deterministic and respects k', async () => {
    const question = 'công tác xây dựng Đảng năm 2022';
    const all = await ask(question, 10);
    expect(all).toHaveLength(10);
    expect(await ask(question, 10)).toEqual(all);
    expect(await new Retriever(index, null).search(understandQuery(question, knownKeys), 10)).toEqual(all);
    for (const k of [1, 3, 7]) expect(await ask(question, k)).toEqual(all.slice(0, k));
    expect(await ask(question, 0)).toEqual([]);
    expectWellFormed(all);
  });

  it('returns nothing for an empty or blank question, or one that matches no word', async () => {
    for (const question of ['', '   ', '\n\t ', '?!', 'xyzzy qwertyuiop']) expect(await ask(question), JSON.stringify(question)).toEqual([]);
  });

  it('returns well-formed hits for any question made of corpus words', async () => {
    const words = [...new Set([...index.chunks].slice(0, 20).flatMap((chunk) => chunk.text.split(/\s+/u)))].filter((w) => w.length > 0);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 12 }), async (picked, k) => {
        const hits = await ask(picked.join(' '), k, true);
        expect(hits.length).toBeLessThanOrEqual(k);
        expectWellFormed(hits);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Retriever ranking: headings, synonyms, sub-sections', () => {
  const BULLETIN = '2022-ban-tin-so-ket-6-thang-cum-thi-dua-ban-to-chuc-mien-trung-tay-nguyen';
  const openingChunk = (): number =>
    [...index.chunks].findIndex((chunk) => chunk.docId === BULLETIN && chunk.text.startsWith('Quang cảnh tổ chức Hội nghị'));

  it('ranks the passage with the figure above the opening chunk that restates the document title', async () => {
    expect(openingChunk()).toBeGreaterThanOrEqual(0);
    const hits = await ask('Các tỉnh trong cụm thi đua giới thiệu ứng cử bao nhiêu lượt nhân sự trong 6 tháng đầu năm 2022?');
    expect(hits[0]?.chunk.text).toContain('giới thiệu ứng cử 403 lượt nhân sự');
    expect(hits[0]?.ordinal).not.toBe(openingChunk());
  });

  it('meets the documents\' wording through the synonym table, and not without it', async () => {
    const cases: Array<[string, string]> = [
      ['Quý đầu năm 2023 bao nhiêu đảng viên bị đuổi khỏi Đảng?', 'khai trừ 3'],
      ['nửa đầu năm 2022 miền Trung nhận vào đảng bao nhiêu người', 'kết nạp được 6.094 đảng viên mới'],
    ];
    const literal = new Retriever(index, null, { synonymWeight: 0 });
    for (const [question, evidence] of cases) {
      const [first] = await ask(question);
      expect(first?.chunk.text, question).toContain(evidence);
      const [literalFirst] = await literal.search(understandQuery(question, knownKeys), 1);
      expect(literalFirst?.chunk.text, question).not.toContain(evidence);
    }
  });

  it('ranks the sub-section a question names above its parent section', async () => {
    const [first] = await ask('Nhiệm vụ công tác kiểm tra Đảng thời gian tới là gì?');
    expect(first?.chunk.sectionPath).toEqual(['III. Nhiệm vụ trọng tâm thời gian tới', '2. Công tác kiểm tra Đảng']);
  });
});

describe('Retriever with the test embedding model', () => {
  let hybridIndex: LoadedIndex;
  let embedder: Embedder;

  beforeAll(async () => {
    const built = await buildCorpusIndex({ withTestModel: true });
    hybridIndex = built.index;
    embedder = built.embedder!;
    return () => embedder.dispose();
  });

  it('fuses dense ranks into the hits and explains them', async () => {
    const keys = new Set(hybridIndex.references.map((ref) => ref.key));
    const query = understandQuery('Kết luận 21 có mấy nhóm nhiệm vụ', keys);
    const hybrid = new Retriever(hybridIndex, embedder);
    expect(hybrid.dense).toBe(true);
    const hits = await hybrid.search(query, 10, { debug: true });
    expect(hits).toHaveLength(10);
    expect(hits.every((hit) => hit.why?.dense !== null)).toBe(true);
    expect(hits.some((hit) => (hit.why?.dense?.rank ?? null) !== null)).toBe(true);
    // Cosine similarities of unit vectors, ranked best first: a rank is the order of its score.
    const ranked = hits
      .map((hit) => hit.why!.dense!)
      .filter((dense) => dense.rank !== null)
      .sort((a, b) => a.rank! - b.rank!);
    expect(new Set(ranked.map((dense) => dense.rank)).size).toBe(ranked.length);
    ranked.forEach((dense, i) => {
      expect(dense.score).toBeGreaterThanOrEqual(-1);
      expect(dense.score).toBeLessThanOrEqual(1 + 1e-6);
      if (i > 0) expect(dense.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    });
    // The question names Kết luận 21: the passage with its five groups of tasks stays on top.
    expect(hits[0]?.chunk.text).toContain(KL21_TASKS);
    expect(await hybrid.search(query, 10, { debug: true })).toEqual(hits);
  });

  it('runs reciprocal-rank fusion too', async () => {
    const keys = new Set(hybridIndex.references.map((ref) => ref.key));
    const rrf = new Retriever(hybridIndex, embedder, { fusion: 'rrf' });
    const hits = await rrf.search(understandQuery('đảng viên mới kết nạp', keys), 5, { debug: true });
    expect(hits).toHaveLength(5);
    expect(hits.some((hit) => hit.why?.dense?.rank !== null && hit.why?.lexical.rank !== null)).toBe(true);
  });
});
