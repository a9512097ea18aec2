/**
 * Focus terms and coverage: idf over the sentences of all documents, function words weighed low
 * and never the key word, what frames a span counted in part (a time frame fully), union views.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../index/records.ts';
import {
  coverage,
  focusTerms,
  missingKey,
  termSet,
  termStatistics,
  unionTerms,
} from '../../../retrieval/answer/terms.ts';
import { isFunctionWord } from '../../../text/stopwords.ts';

function doc(id: string, text: string): Document {
  return { id, relPath: `${id}.txt`, format: 'txt', text, hash: '', title: id, date: null, kind: 'report', issuer: null, source: null };
}

const documents = new Map(
  [
    doc('a', 'Công tác xây dựng Đảng đạt kết quả. Công tác cán bộ được quan tâm. Công tác kiểm tra được tăng cường.'),
    doc('b', 'Thường xuyên chăm lo kiện toàn tổ chức bộ máy. Công tác dân vận có nhiều đổi mới ở cơ sở.'),
  ].map((d) => [d.id, d]),
);
const stats = termStatistics(documents);

describe('focusTerms', () => {
  it('weighs a word every sentence has below a rare one (idf over the whole index)', () => {
    const focus = focusTerms('công tác kiện toàn', stats, false);
    const weight = (t: string): number => focus.terms.find((x) => x.exact === t)?.weight ?? -1;
    expect(weight('công')).toBeLessThan(weight('kiện'));
    expect(stats.sentences).toBe(5);
  });

  it('keeps function words light and never takes one as the key word', () => {
    const focus = focusTerms('tổ chức bộ máy của mình ở', stats, false);
    const mình = focus.terms.find((t) => t.exact === 'mình');
    const máy = focus.terms.find((t) => t.exact === 'máy');
    expect(mình?.functional).toBe(true);
    expect(mình?.weight ?? 0).toBeLessThan(máy?.weight ?? 0);
    // "mình" and "ở" missing: no key word is missing.
    expect(missingKey(focus, termSet('kiện toàn tổ chức bộ máy'))).toBeLessThan(0.75);
    expect(missingKey(focus, termSet('kiện toàn tổ chức'))).toBe(1);
  });

  it('reads function words typed without marks only when no content word folds to them', () => {
    expect(isFunctionWord('của', false)).toBe(true);
    expect(isFunctionWord('cua', true)).toBe(true);
    // "trong" may be trọng, "de" may be đề: content when typed without marks.
    expect(isFunctionWord('trong', true)).toBe(false);
    expect(isFunctionWord('de', true)).toBe(false);
    expect(isFunctionWord('kiện', false)).toBe(false);
  });
});

describe('coverage', () => {
  const focus = focusTerms('kết quả xây dựng Đảng quý I', stats, false);

  it('is the weighted share found, folded-only matches in part when the question has marks', () => {
    expect(coverage(focus, termSet('kết quả xây dựng Đảng quý I'))).toBeCloseTo(1);
    const marked = focusTerms('kết quả xây dựng', stats, false);
    expect(coverage(marked, termSet('ket qua xay dung'))).toBeCloseTo(0.6);
    expect(coverage(focusTerms('ket qua xay dung', stats, true), termSet('kết quả xây dựng'))).toBeCloseTo(1);
  });

  it('counts what frames the span in part, and a time frame fully', () => {
    const sentence = termSet('kết quả xây dựng');
    const frame = termSet('Đảng quý I');
    const alone = coverage(focus, sentence);
    const framed = coverage(focus, sentence, frame, 0.5);
    expect(framed).toBeGreaterThan(alone);
    expect(framed).toBeLessThan(coverage(focus, unionTerms(sentence, frame)));
    // A period in the frame counts as if the sentence said it; a topic word in part.
    expect(coverage(focusTerms('quý I', stats, false), termSet('kết quả'), termSet('Quý I-2023'), 0.5)).toBeCloseTo(1);
    expect(coverage(focusTerms('xây dựng', stats, false), termSet('kết quả'), termSet('xây dựng'), 0.5)).toBeCloseTo(0.5);
  });

  it('stays in [0, 1] whatever the texts (property)', () => {
    const words = ['công', 'tác', 'kết', 'quả', 'của', 'ở', 'quý', 'I', '2022', 'Đảng', 'cán', 'bộ', 'vàng'];
    const text = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(text, text, text, fc.double({ min: 0, max: 1, noNaN: true }), (q, s, c, credit) => {
        const value = coverage(focusTerms(q, stats, false), termSet(s), termSet(c), credit);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });
});
