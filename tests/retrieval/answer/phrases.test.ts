/**
 * Date phrases: full dates and years alone, each date of a clause read with the words around it,
 * and a year the question itself writes never taken for its answer.
 */
import { describe, expect, it } from 'vitest';
import { phraseOf } from './phrase-helper.ts';

const ACCESSIONS = 'Kể từ đó, nhiều nước đã gia nhập: Anh, Ireland và Đan Mạch vào năm 1973, Hy Lạp năm 1981, Tây Ban Nha và Bồ Đào Nha vào năm 1986.';

describe('date phrases', () => {
  it('takes the date written with the words the question asks about', () => {
    expect(phraseOf('Tây Ban Nha và Bồ Đào Nha gia nhập vào năm nào?', ACCESSIONS)).toBe('năm 1986');
    expect(phraseOf('Hy Lạp gia nhập năm nào?', ACCESSIONS)).toBe('năm 1981');
  });

  it('reads years alone, with what goes with them', () => {
    expect(phraseOf('Dewar tạo ra oxi lỏng năm nào?', 'Năm 1891 nhà hóa học James Dewar đã tạo ra đủ oxi lỏng để nghiên cứu.')).toBe('Năm 1891');
    expect(phraseOf('Luther mở rộng công kích khi nào?', 'Vào mùa hè năm 1521, Luther mở rộng công kích đến các giáo lý cốt lõi.')).toBe(
      'mùa hè năm 1521',
    );
  });

  it('never answers with the year the question writes', () => {
    expect(phraseOf('Năm 2015 đội thắng sau thất bại năm nào?', 'Năm 2015 đội thắng sau thất bại năm 2010.')).toBe('năm 2010');
  });

  it('prefers a full date when the day is asked', () => {
    expect(phraseOf('Hội nghị khai mạc ngày nào?', 'Hội nghị khai mạc năm 2022, cụ thể vào ngày 05/01/2022 tại tỉnh.')).toBe('05/01/2022');
  });
});
