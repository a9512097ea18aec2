import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsAnswer,
  dedupeByDoc,
  firstRelevantRank,
  hitAt,
  normalizeForMatch,
  occurrences,
  percentile,
  reciprocalRank,
  spanContains,
  summarize,
  summarizeBy,
  type Outcome,
} from '../../eval/metrics.ts';

function outcome(partial: Partial<Outcome> & Pick<Outcome, 'id'>): Outcome {
  return { type: 'count', tags: [], notFound: false, rank: null, found: true, answerCorrect: null, latencyMs: 10, ...partial };
}

describe('spans and ranks', () => {
  it('finds every occurrence of the evidence, overlapping ones too', () => {
    expect(occurrences('d', 'aba aba', 'aba')).toEqual([
      { docId: 'd', start: 0, end: 3 },
      { docId: 'd', start: 4, end: 7 },
    ]);
    expect(occurrences('d', 'aaa', 'aa').map((s) => s.start)).toEqual([0, 1]);
    expect(occurrences('d', 'abc', '')).toEqual([]);
  });

  it('a chunk contains evidence only in the same document and wholly', () => {
    const chunk = { docId: 'a', start: 10, end: 20 };
    expect(spanContains(chunk, { docId: 'a', start: 10, end: 20 })).toBe(true);
    expect(spanContains(chunk, { docId: 'a', start: 12, end: 15 })).toBe(true);
    expect(spanContains(chunk, { docId: 'a', start: 15, end: 21 })).toBe(false);
    expect(spanContains(chunk, { docId: 'a', start: 9, end: 12 })).toBe(false);
    expect(spanContains(chunk, { docId: 'b', start: 12, end: 15 })).toBe(false);
  });

  it('ranks are 1-based and null when nothing is relevant', () => {
    expect(firstRelevantRank(['x', 'y', 'z'], (h) => h === 'y')).toBe(2);
    expect(firstRelevantRank(['x'], () => false)).toBeNull();
    expect(hitAt(1, 1)).toBe(true);
    expect(hitAt(2, 1)).toBe(false);
    expect(hitAt(5, 5)).toBe(true);
    expect(hitAt(null, 5)).toBe(false);
    expect(reciprocalRank(1)).toBe(1);
    expect(reciprocalRank(4)).toBe(0.25);
    expect(reciprocalRank(11, 10)).toBe(0);
    expect(reciprocalRank(null)).toBe(0);
  });

  it('dedupes hits by document keeping the best-ranked one', () => {
    const hits = [
      { docId: 'a', n: 1 },
      { docId: 'b', n: 2 },
      { docId: 'a', n: 3 },
      { docId: 'c', n: 4 },
    ];
    expect(dedupeByDoc(hits).map((h) => h.n)).toEqual([1, 2, 4]);
  });

  it('dedupe keeps order and yields each document once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 20 }), (ids) => {
        const out = dedupeByDoc(ids.map((docId) => ({ docId })));
        expect(out.map((h) => h.docId)).toEqual([...new Set(ids)]);
      }),
    );
  });
});

describe('answer containment', () => {
  it('ignores case, tone placement, composition and whitespace', () => {
    expect(containsAnswer('05 nhóm nhiệm vụ', ['Có 05 NHÓM  nhiệm\nvụ, giải pháp'])).toBe(true);
    expect(containsAnswer('Tỉnh ủy', ['Ban Tổ chức Tỉnh uỷ'])).toBe(true);
    expect(containsAnswer('hóa', ['cụ thể hoá'.normalize('NFD')])).toBe(true);
    expect(containsAnswer('Nguyễn Thiện Nhơn', ['Ông NGUYỄN THIỆN NHƠN cho biết'])).toBe(true);
  });

  it('looks in every given text (answer and list items)', () => {
    expect(containsAnswer('Khánh Hòa', ['02 đơn vị', 'Quảng Nam', 'Khánh Hòa'])).toBe(true);
    expect(containsAnswer('Khánh Hòa', ['02 đơn vị'])).toBe(false);
    expect(containsAnswer('', ['anything'])).toBe(false);
    expect(containsAnswer('x', [])).toBe(false);
  });

  it('a text always contains itself after normalization (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), (s) => {
        expect(containsAnswer(s, [`trước ${s} sau`])).toBe(true);
        expect(normalizeForMatch(normalizeForMatch(s))).toBe(normalizeForMatch(s));
      }),
    );
  });
});

describe('summaries', () => {
  const outcomes: Outcome[] = [
    outcome({ id: 'g1', rank: 1, answerCorrect: true, latencyMs: 10 }),
    outcome({ id: 'g2', rank: 3, answerCorrect: false, latencyMs: 20, type: 'date', tags: ['no-diacritics'] }),
    outcome({ id: 'g3', rank: null, found: false, answerCorrect: false, latencyMs: 30, tags: ['no-diacritics'] }),
    outcome({ id: 'g4', rank: 7, answerCorrect: true, latencyMs: 40, type: 'date' }),
    outcome({ id: 'n1', notFound: true, found: false, latencyMs: 50, type: 'person' }),
    outcome({ id: 'n2', notFound: true, found: true, latencyMs: 60, type: 'person' }),
  ];

  it('computes hit@k, MRR@10 and answer accuracy over answerable questions only', () => {
    const s = summarize(outcomes);
    expect(s.n).toBe(6);
    expect(s.answerable).toBe(4);
    expect(s.notFound).toBe(2);
    expect(s.hitAt1).toEqual({ hits: 1, of: 4, value: 0.25 });
    expect(s.hitAt5.hits).toBe(2);
    expect(s.mrr10).toBeCloseTo((1 + 1 / 3 + 0 + 1 / 7) / 4, 10);
    expect(s.answerAccuracy).toEqual({ hits: 2, of: 4, value: 0.5 });
  });

  it('treats "said not found" as the positive class and counts invented answers', () => {
    const s = summarize(outcomes);
    // Declined: g3 (answerable) and n1 (truly not found).
    expect(s.notFoundPrecision).toEqual({ hits: 1, of: 2, value: 0.5 });
    expect(s.notFoundRecall).toEqual({ hits: 1, of: 2, value: 0.5 });
    expect(s.invented).toBe(1);
  });

  it('reports latency mean and p95, and null ratios for empty groups', () => {
    const s = summarize(outcomes);
    expect(s.latency.meanMs).toBe(35);
    expect(s.latency.p95Ms).toBe(60);
    const empty = summarize([]);
    expect(empty.hitAt1.value).toBeNull();
    expect(empty.mrr10).toBeNull();
    expect(empty.latency.meanMs).toBeNull();
    const onlyNotFound = summarize(outcomes.filter((o) => o.notFound));
    expect(onlyNotFound.hitAt1.value).toBeNull();
    expect(onlyNotFound.notFoundRecall.value).toBe(0.5);
  });

  it('groups by type and by tag, an outcome counting in each of its groups', () => {
    const byType = summarizeBy(outcomes, (o) => [o.type]);
    expect([...byType.keys()]).toEqual(['count', 'date', 'person']);
    expect(byType.get('date')?.n).toBe(2);
    const byTag = summarizeBy(outcomes, (o) => o.tags);
    expect([...byTag.keys()]).toEqual(['no-diacritics']);
    expect(byTag.get('no-diacritics')?.hitAt5.hits).toBe(1);
  });

  it('nearest-rank percentile', () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([5], 0.95)).toBe(5);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
  });
});
