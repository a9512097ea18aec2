import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../text/normalize.ts';
import { foldTerm, isWithoutDiacritics, lexicalTerms, tokenizeSyllables } from '../../text/tokenize.ts';

const terms = (text: string): string[] => tokenizeSyllables(text).map((t) => t.term);

/** Arbitrary text leaning on Vietnamese letters, digits and the punctuation the tokenizer cares about. */
const vietnameseish = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'aăâeêioôơuưyđĐAĂÂEÊOÔƠUƯYKLTWQ0123456789'),
    fc.constantFrom('\u0300', '\u0301', '\u0303', '\u0309', '\u0323', 'ế', 'ợ', 'ỷ', 'ỹ', 'í'),
    fc.constantFrom(' ', '-', '/', '.', ',', ';', ':', '!', '?', '\n', '%', '(', ')', '“', '–', '\u2010'),
  ),
  maxLength: 80,
});

describe('tokenizeSyllables', () => {
  it('gives lowercase normalized syllables whose spans slice back to them', () => {
    const text = 'Hôm nay, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị chuyên đề: triển khai “tự chuyển hoá”.';
    const tokens = tokenizeSyllables(text);
    expect(tokens.map((t) => t.term)).toEqual([
      'hôm', 'nay', 'ban', 'chấp', 'hành', 'đảng', 'bộ', 'tỉnh', 'tổ', 'chức', 'hội', 'nghị', 'chuyên', 'đề',
      'triển', 'khai', 'tự', 'chuyển', 'hóa',
    ]);
    for (const token of tokens) {
      expect(normalizeText(text.slice(token.start, token.end)).toLowerCase()).toBe(token.term);
    }
  });

  it('keeps a document number whole and in pieces', () => {
    const tokens = tokenizeSyllables('Kết luận số 21-KL/TW');
    expect(tokens.map((t) => t.term)).toEqual(['kết', 'luận', 'số', '21-kl/tw', '21', 'kl', 'tw']);
    const joined = tokens.find((t) => t.term === '21-kl/tw');
    expect(joined && 'Kết luận số 21-KL/TW'.slice(joined.start, joined.end)).toBe('21-KL/TW');
  });

  it('keeps numbers, dates and periods as terms', () => {
    expect(terms('tăng trưởng 5,09%')).toEqual(['tăng', 'trưởng', '5,09']);
    expect(terms('trên 1.500 tỷ đồng')).toEqual(['trên', '1.500', '1500', 'tỷ', 'đồng']);
    expect(terms('quí II/2022')).toEqual(['quí', 'ii/2022', 'ii', '2022']);
    expect(terms('ngày 27/12/2021.')).toEqual(['ngày', '27/12/2021', '27', '12', '2021']);
    // Leading zeros go: "03-KH/TW" and "KH 3", "01/12/2021" and "1/12/2021" meet.
    expect(terms('Kế hoạch số 03-KH/TW ngày 01/12/2021')).toEqual([
      'kế', 'hoạch', 'số', '3-kh/tw', '3', 'kh', 'tw', 'ngày', '1/12/2021', '1', '12', '2021',
    ]);
  });

  it('gives the same terms for old and new tone placement and for decomposed input', () => {
    expect(terms('hoá Thuỷ khoẻ uỷ ban')).toEqual(terms('hóa Thủy khỏe ủy ban'));
    expect(terms('Kê\u0301t luâ\u0323n')).toEqual(['kết', 'luận']);
  });

  it('never throws; spans are in bounds, non-empty and ordered (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), vietnameseish), (text) => {
        const tokens = tokenizeSyllables(text);
        let previousStart = 0;
        for (const { term, start, end } of tokens) {
          expect(term.length).toBeGreaterThan(0);
          expect(start).toBeGreaterThanOrEqual(previousStart);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(text.length);
          previousStart = start;
        }
        const { exact, folded } = lexicalTerms(text);
        expect(folded).toEqual(exact.map(foldTerm));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same terms to any tone placement of the same text (property)', () => {
    fc.assert(
      fc.property(vietnameseish, (text) => {
        expect(terms(normalizeText(text))).toEqual(terms(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('lexicalTerms', () => {
  it('adds adjacent-syllable bigrams and bridges "số" before a number', () => {
    const { exact } = lexicalTerms('Kết luận số 21-KL/TW');
    expect(exact).toEqual(
      expect.arrayContaining(['kết_luận', 'luận_số', 'số_21', 'luận_21', '21_kl', 'kl_tw', 'kl_21', '21-kl/tw']),
    );
  });

  it('lets "KL 21", "Kết luận 21" and "21-KL/TW" share terms with "Kết luận số 21-KL/TW"', () => {
    const mention = new Set(lexicalTerms('Kết luận số 21-KL/TW').exact);
    for (const query of ['KL 21', 'Kết luận 21', '21-KL/TW']) {
      expect(lexicalTerms(query).exact.every((term) => mention.has(term)), query).toBe(true);
    }
  });

  it('does not make bigrams across sentence punctuation', () => {
    for (const separator of ['. ', '; ', ': ', '! ', '? ', '\n', '… ']) {
      const { exact } = lexicalTerms(`chính trị${separator}Đảng viên`);
      expect(exact, separator).toEqual(['chính', 'trị', 'đảng', 'viên', 'chính_trị', 'đảng_viên']);
    }
    expect(lexicalTerms('nhiệm vụ, giải pháp').exact).toContain('vụ_giải');
    expect(lexicalTerms('đạt 1.500 tỷ').exact).toContain('đạt_1.500');
  });

  it('folds diacritics so a query typed without marks meets the text', () => {
    expect(lexicalTerms('Kết luận').folded).toEqual(lexicalTerms('ket luan').folded);
    expect(lexicalTerms('Kết luận').folded).toEqual(['ket', 'luan', 'ket_luan']);
    expect(lexicalTerms('Quy định Đảng').folded).toEqual(lexicalTerms('quy dinh dang').folded);
  });

  it('folds the i/y spelling variants in the folded field only', () => {
    expect(lexicalTerms('quí II').folded).toEqual(lexicalTerms('quý II').folded);
    expect(lexicalTerms('kỹ thuật').folded).toEqual(lexicalTerms('kĩ thuật').folded);
    expect(lexicalTerms('quy định').folded).toEqual(lexicalTerms('qui định').folded);
    expect(lexicalTerms('quí').exact).not.toEqual(lexicalTerms('quý').exact);
    // A final y that is not the whole vowel is not a variant of i.
    expect(foldTerm('hay')).toBe('hay');
    expect(foldTerm('thủy')).toBe('thuy');
    expect(foldTerm('tỷ_đồng')).toBe('ti_dong');
  });
});

describe('isWithoutDiacritics', () => {
  it('is true for Latin text typed without Vietnamese marks', () => {
    expect(isWithoutDiacritics('ket luan 21 co may nhom nhiem vu')).toBe(true);
    expect(isWithoutDiacritics('KL 21')).toBe(true);
  });

  it('is false with any mark or đ, or without letters', () => {
    expect(isWithoutDiacritics('Kết luận 21')).toBe(false);
    expect(isWithoutDiacritics('ket luan dảng')).toBe(false);
    expect(isWithoutDiacritics('dang uy đang')).toBe(false);
    expect(isWithoutDiacritics('21/2022')).toBe(false);
    expect(isWithoutDiacritics('')).toBe(false);
  });
});
