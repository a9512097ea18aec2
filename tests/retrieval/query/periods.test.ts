/**
 * Reporting periods in other words: "ba tháng đầu năm" is "quý I", "nửa đầu năm" is "6 tháng đầu
 * năm", with or without marks; spans slice the question, and other text is left alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodMentions, withCanonicalPeriods } from '../../../retrieval/query/periods.ts';

describe('withCanonicalPeriods', () => {
  it.each([
    ['Kinh tế tỉnh ba tháng đầu năm 2022 lớn lên bao nhiêu?', 'Kinh tế tỉnh quý I năm 2022 lớn lên bao nhiêu?'],
    ['Mấy người bị kỷ luật trong quý đầu năm 2023?', 'Mấy người bị kỷ luật trong quý I năm 2023?'],
    ['ba thang dau nam 2023 ky luat bao nhieu', 'quý I nam 2023 ky luat bao nhieu'],
    ['Nửa đầu năm 2022 kết nạp bao nhiêu đảng viên?', '6 tháng đầu năm 2022 kết nạp bao nhiêu đảng viên?'],
    ['Báo cáo đánh giá nửa năm của cụm thi đua', 'Báo cáo đánh giá 6 tháng của cụm thi đua'],
    ['Nhiệm vụ sáu tháng cuối năm là gì?', 'Nhiệm vụ 6 tháng cuối năm là gì?'],
  ])('%j → %j', (question, canonical) => {
    expect(withCanonicalPeriods(question)).toBe(canonical);
  });

  it('leaves questions that already write the period as the reports do, or none', () => {
    for (const q of ['Thu ngân sách quý 1 năm 2022 đạt bao nhiêu?', 'Năm 2022 là năm gì?', 'Ba đồng chí được luân chuyển', 'tháng đầu tiên']) {
      expect(withCanonicalPeriods(q)).toBe(q);
    }
  });

  it('offers the other spelling of a quarter for search', () => {
    expect(periodMentions('ba tháng đầu năm 2022').map((p) => [p.canonical, p.variants])).toEqual([['quý I', ['quý 1']]]);
  });

  it('reports spans inside the text, in order and disjoint (property)', () => {
    const pieces = ['ba tháng đầu', 'nửa năm', 'quý đầu', 'Sáu Tháng Đầu Năm', 'kết quả', 'İ', '🙂', ' ', 'năm 2022', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const text = parts.join(' ');
        let last = 0;
        for (const p of periodMentions(text)) {
          expect(p.start).toBeGreaterThanOrEqual(last);
          expect(p.end).toBeGreaterThan(p.start);
          expect(p.end).toBeLessThanOrEqual(text.length);
          last = p.end;
        }
      }),
    );
  });
});
