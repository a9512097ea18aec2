/**
 * Whether a passage agrees with the numbers and proper names a question writes: the year of a
 * full date does not count as another period; a bare body word ("Thành ủy") refers back to the
 * last one named.
 */
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../index/records.ts';
import { namesAgree, numbersAgree, specificsOf } from '../../../retrieval/answer/agreement.ts';
import { understandQuery } from '../../../retrieval/query/understand.ts';
import { focusTerms, termSet, termStatistics } from '../../../retrieval/answer/terms.ts';

function doc(text: string, date: string | null = null): Document {
  return { id: 'd', relPath: 'd.txt', format: 'txt', text, hash: '', title: 'Tin tổng hợp', date, kind: 'news', issuer: null, source: null };
}

function specifics(question: string, d: Document): ReturnType<typeof specificsOf> {
  const query = understandQuery(question, new Set());
  return specificsOf(query, focusTerms(query.focus, termStatistics(new Map([[d.id, d]])), query.withoutDiacritics));
}

function spanOf(d: Document, needle: string): { start: number; end: number } {
  const start = d.text.indexOf(needle);
  if (start < 0) throw new Error(needle);
  return { start, end: start + needle.length };
}

describe('numbersAgree', () => {
  const d = doc(
    'Tại Hội nghị, các đồng chí đã triển khai Quy định số 50 ngày 27/12/2021 về công tác quy hoạch.\n\nNăm 2021, toàn tỉnh kết nạp 100 đảng viên.\n\nQuý 2 kết nạp 40 đảng viên.',
    '2022-01',
  );

  it('takes the year of a full date for a document date, not for another period', () => {
    const s = specifics('Đầu năm 2022 hội nghị triển khai mấy quy định?', d);
    expect(numbersAgree(s, d, spanOf(d, 'Tại Hội nghị'), termSet(''))).toBe(true);
    expect(numbersAgree(s, d, spanOf(d, 'Năm 2021'), termSet(''))).toBe(false);
  });

  it('reads quarters either way and wants every other number written around', () => {
    expect(numbersAgree(specifics('Quý II kết nạp bao nhiêu đảng viên?', d), d, spanOf(d, 'Quý 2 kết nạp'), termSet(''))).toBe(true);
    expect(numbersAgree(specifics('Quý 3 kết nạp bao nhiêu đảng viên?', d), d, spanOf(d, 'Quý 2 kết nạp'), termSet(''))).toBe(false);
    expect(numbersAgree(specifics('Quý 3 kết nạp bao nhiêu đảng viên?', d), d, spanOf(d, 'Quý 2 kết nạp'), termSet('Quý 3'))).toBe(true);
  });
});

describe('namesAgree', () => {
  const filler = 'Công tác đào tạo, bồi dưỡng cán bộ được quan tâm thực hiện thường xuyên. '.repeat(5);
  const d = doc(
    `Ông Nguyễn Hữu Tình, Bí thư Thành ủy Vị Thanh, cho biết kết quả quy hoạch.\n\n${filler}\n\nChưa kể, Thành ủy đã luân chuyển 3 đồng chí.\n\nBí thư Thành ủy Ngã Bảy cho biết.\n\n${filler}\n\nThành ủy đã điều động 2 đồng chí.`,
  );

  /** A sentence of the second filler block: far from Vị Thanh, near Ngã Bảy, with no body word. */
  const farSpan = ((): { start: number; end: number } => {
    const start = d.text.indexOf('Công tác đào tạo', d.text.indexOf('Ngã Bảy'));
    return { start, end: d.text.indexOf('.', start) + 1 };
  })();

  it('finds a name written near the sentence or in its frame', () => {
    const s = specifics('Vị Thanh quy hoạch ra sao?', d);
    expect(namesAgree(s, d, spanOf(d, 'Ông Nguyễn Hữu Tình'), '')).toBe(true);
    expect(namesAgree(s, d, farSpan, '')).toBe(false);
    expect(namesAgree(s, d, farSpan, 'Tin Vị Thanh')).toBe(true);
  });

  it('resolves a bare body word to the last one of its kind named before it', () => {
    for (const question of ['Thành ủy Vị Thanh đã luân chuyển bao nhiêu cán bộ?', 'Vị Thanh đã luân chuyển bao nhiêu cán bộ?']) {
      const s = specifics(question, d);
      expect(namesAgree(s, d, spanOf(d, 'Chưa kể, Thành ủy đã luân chuyển 3 đồng chí.'), '')).toBe(true);
      expect(namesAgree(s, d, spanOf(d, 'Thành ủy đã điều động 2 đồng chí.'), '')).toBe(false);
    }
  });

  it('agrees trivially when the question names no one', () => {
    expect(namesAgree(specifics('bao nhiêu đồng chí được luân chuyển', d), d, spanOf(d, 'Chưa kể'), '')).toBe(true);
  });
});
