import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store.ts';
import { checkClaim, type ClaimCheck, type ClaimEngine, type Verdict } from '../../retrieval/claims/check.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import type { Hit, Query } from '../../retrieval/types.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

/**
 * The claim check needs only search hits; this engine serves plain BM25 hits from the index so
 * the verdicts here test the claim check alone (AnswerEngine satisfies the same interface).
 */
function lexicalEngine(index: LoadedIndex): ClaimEngine {
  const documents = new Map(index.documents.map((d) => [d.id, d]));
  return {
    index,
    documents,
    understand: (q: string): Query => ({
      raw: q, text: q, withoutDiacritics: false, type: 'free', references: [], articles: [], searchText: q, focus: q,
    }),
    search: async (q: string, k = 5): Promise<Hit[]> =>
      index.lexical.search(q, { k }).map(({ ordinal, score }) => {
        const chunk = index.chunks.at(ordinal);
        const doc = documents.get(chunk.docId)!;
        return {
          ordinal, chunk, docId: chunk.docId, title: doc.title, date: doc.date,
          section: chunk.sectionPath.join(' › '), start: chunk.start, end: chunk.end, score,
        };
      }),
  };
}


let index: LoadedIndex;
let engine: ClaimEngine;
let texts: Map<string, string>;

beforeAll(async () => {
  ({ index } = await buildCorpusIndex());
  engine = lexicalEngine(index);
  texts = new Map(index.documents.map((d) => [d.id, d.text]));
});

function expectVerbatim(check: ClaimCheck): void {
  for (const c of check.evidence) expect(c.quote).toBe(texts.get(c.docId)?.slice(c.start, c.end));
}

/** [claim, verdict, a value the supporting/contradicting quote must contain, words the note must contain] */
const CASES: ReadonlyArray<readonly [string, Verdict, string | null, string | null]> = [
  ['Kết luận 21 có 7 nhóm nhiệm vụ', 'contradicted', '05 nhóm nhiệm vụ', 'không phải 7 nhóm nhiệm vụ'],
  ['Kết luận 21 có 5 nhóm nhiệm vụ', 'supported', '05 nhóm nhiệm vụ', '05 nhóm nhiệm vụ'],
  ['ket luan 21 co 7 nhom nhiem vu', 'contradicted', '05 nhóm nhiệm vụ', 'không phải 7 nhóm nhiệm vụ'],
  // The 11 groups of the same sentence belong to Kế hoạch 03, not to Kết luận 21.
  ['Kết luận 21 có 11 nhóm nhiệm vụ', 'contradicted', '05 nhóm nhiệm vụ', null],
  ['Kế hoạch 03 có 11 nhóm nhiệm vụ trọng tâm', 'supported', '11 nhóm nhiệm vụ', null],
  ['Quy định 50 được ban hành ngày 27/12/2021', 'supported', '27/12/2021', null],
  ['Quy định 50 ngày 27 tháng 12 năm 2021', 'supported', '27/12/2021', null],
  ['quy dinh 50 duoc ban hanh ngay 27/12/2021', 'supported', '27/12/2021', null],
  ['Quy định 50 được ban hành ngày 28/12/2021', 'contradicted', '27/12/2021', 'Văn bản ghi ngày 27/12/2021, không phải 28/12/2021.'],
  ['QĐ 50 ban hành ngày 28-12-2021', 'contradicted', '27/12/2021', 'không phải 28/12/2021'],
  ['Quy định 1120 ban hành ngày 1/6/2022', 'supported', '1-6-2022', null],
  ['Quy định 50 do Ban Bí thư ban hành', 'contradicted', 'Bộ Chính trị', 'không phải Ban Bí thư'],
  ['Quy định 50 do Bộ Chính trị ban hành', 'supported', 'Bộ Chính trị', null],
  ['Kết luận 21 do Bộ Chính trị ban hành', 'contradicted', 'Ban Chấp hành Trung ương', null],
  ['Kết luận 99 có 5 nhóm nhiệm vụ', 'not_found', null, 'Kết luận số 99'],
  ['Giá xăng tăng 10%', 'not_found', null, null],
  ['Trong quý I-2023 thi hành kỷ luật 25 đảng viên', 'supported', '25 đảng viên', null],
  ['Trong quý I-2023 thi hành kỷ luật 30 đảng viên', 'contradicted', '25 đảng viên', 'không phải 30 đảng viên'],
  // The count is of another period: nothing said about quý I-2022.
  ['Trong quý I-2022 thi hành kỷ luật 30 đảng viên', 'not_found', null, null],
  ['GRDP quý 1 tăng trưởng 5,09%', 'supported', '5,09%', null],
  ['GRDP quý 1 tăng trưởng 6%', 'contradicted', '5,09%', 'không phải 6%'],
  ['Kết luận 21 không có 5 nhóm nhiệm vụ', 'not_found', null, 'phủ định'],
];

describe('checkClaim on the corpus', () => {
  it.each(CASES)('%s → %s', async (claim, verdict, value, note) => {
    const check = await checkClaim(claim, engine);
    expect(check.verdict).toBe(verdict);
    expectVerbatim(check);
    expect(check.note.length).toBeGreaterThan(0);
    if (note !== null) expect(check.note).toContain(note);
    if (verdict !== 'not_found') {
      expect(check.evidence.length).toBeGreaterThan(0);
      expect(check.evidence.length).toBeLessThanOrEqual(3);
    }
    // Never support (or refute) without a quote that holds the value the documents give.
    if (value !== null) expect(check.evidence.some((c) => c.quote.includes(value))).toBe(true);
  });

  it('supports a claim only with a quote containing the claimed value', async () => {
    // Change the claimed value of every supported claim (its last number, + 1): the quote that
    // supported it no longer holds that value, so nothing may support it any more.
    const supported = CASES.filter(([claim, v]) => v === 'supported' && /\d/.test(claim));
    expect(supported.length).toBeGreaterThan(5);
    for (const [claim] of supported) {
      const changed = claim.replace(/(\d+)(?!.*\d)/u, (n) => String(Number(n) + 1));
      const check = await checkClaim(changed, engine);
      expect(check.verdict, changed).not.toBe('supported');
      expectVerbatim(check);
    }
  });

  it('never throws on junk', async () => {
    for (const junk of ['', '   ', '🎉🎉', '?!', 'abc '.repeat(500), 'Kết luận 21 có '.repeat(140), '5'.repeat(2000)]) {
      const check = await checkClaim(junk, engine);
      expect(['supported', 'contradicted', 'not_found']).toContain(check.verdict);
      expectVerbatim(check);
    }
    expect((await checkClaim('', engine)).verdict).toBe('not_found');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (s) => {
        expectVerbatim(await checkClaim(s, engine));
      }),
      { numRuns: 40 },
    );
  });
});

describe('checkClaim with the AnswerEngine', () => {
  it.each(CASES)('%s → %s', async (claim, verdict) => {
    const check = await checkClaim(claim, new AnswerEngine(index, null));
    expect(check.verdict).toBe(verdict);
    expectVerbatim(check);
  });
});
