/** Tone-mark canonicalization and diacritic folding: tables from the corpus plus invariants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../../text/fold.ts';
import { canonicalTonePlacement, collapseWhitespace, normalizeText } from '../../text/normalize.ts';

describe('normalizeText: canonical tone placement (old style)', () => {
  it.each([
    ['hoá', 'hóa'],
    ['hoà', 'hòa'],
    ['khoẻ', 'khỏe'],
    ['uỷ', 'ủy'],
    ['thuý', 'thúy'],
    ['tuỳ', 'tùy'],
    ['hoạ', 'họa'],
    ['thoả', 'thỏa'],
    ['Thuỵ', 'Thụy'],
    // Already canonical.
    ['hóa', 'hóa'],
    ['ủy', 'ủy'],
    // Final consonant, shaped vowel or triphthong: where every style puts it.
    ['hoàn', 'hoàn'],
    ['hoạch', 'hoạch'],
    ['thuyết', 'thuyết'],
    ['khuyến', 'khuyến'],
    ['nguyễn', 'nguyễn'],
    ['Nguyễn', 'Nguyễn'],
    ['người', 'người'],
    ['quốc', 'quốc'],
    ['giữa', 'giữa'],
    ['hoài', 'hoài'],
    ['khuỷu', 'khuỷu'],
    ['thuở', 'thuở'],
    // qu and gi onsets: the u / i belongs to the onset.
    ['quý', 'quý'],
    ['quỳnh', 'quỳnh'],
    ['quả', 'quả'],
    ['già', 'già'],
    ['gìn', 'gìn'],
    ['giữ', 'giữ'],
    // Misplaced marks are moved too.
    ['qúa', 'quá'],
    ['maị', 'mại'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
    expect(canonicalTonePlacement(input)).toBe(expected);
  });

  it('keeps the case of every letter', () => {
    expect(normalizeText('HOÁ')).toBe('HÓA');
    expect(normalizeText('Uỷ ban')).toBe('Ủy ban');
    expect(normalizeText('UỶ BAN')).toBe('ỦY BAN');
    expect(normalizeText('KHOẺ')).toBe('KHỎE');
    // Case stays with the letter position; only the mark moves.
    expect(normalizeText('HoÀ')).toBe('HòA');
  });

  it('rewrites running text syllable by syllable and leaves other words alone', () => {
    expect(normalizeText('Tỉnh uỷ chỉ đạo văn hoá, sức khoẻ (Covid-19, ĐVHC, José)')).toBe(
      'Tỉnh ủy chỉ đạo văn hóa, sức khỏe (Covid-19, ĐVHC, José)',
    );
  });

  it('composes decomposed input (NFC), the only change of length', () => {
    const decomposed = 'hoá Đảng'.normalize('NFD');
    expect(normalizeText(decomposed)).toBe('hóa Đảng');
    expect(normalizeText(decomposed).length).toBeLessThan(decomposed.length);
  });

  it('collapseWhitespace joins runs of spaces and tabs and trims', () => {
    expect(collapseWhitespace('  Kết \t luận   21 \u00a0 ')).toBe('Kết luận 21');
  });
});

const ONSETS = ['', 'b', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'ng', 'ngh', 'nh', 'qu', 't', 'th', 'tr', 'x'];
const NUCLEI = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'oa', 'oe', 'uy', 'ai', 'ia', 'ươ', 'uô', 'iê', 'uyê', 'oai', 'ươi'];
const CODAS = ['', '', '', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];
const MARKS = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** A Vietnamese-like syllable with its tone mark on any vowel (right or wrong), in any case. */
const syllable = fc
  .record({
    onset: fc.constantFrom(...ONSETS),
    nucleus: fc.constantFrom(...NUCLEI),
    coda: fc.constantFrom(...CODAS),
    mark: fc.option(fc.constantFrom(...MARKS)),
    at: fc.nat(),
    upper: fc.constantFrom('none', 'first', 'all'),
  })
  .map(({ onset, nucleus, coda, mark, at, upper }) => {
    const letters = [...nucleus];
    const i = at % letters.length;
    if (mark !== null) letters[i] = `${letters[i] ?? ''}${mark}`;
    const word = `${onset}${letters.join('')}${coda}`.normalize('NFC');
    if (upper === 'all') return word.toUpperCase();
    if (upper === 'first') return word.charAt(0).toUpperCase() + word.slice(1);
    return word;
  });
const vietnameseText = fc
  .array(fc.tuple(syllable, fc.constantFrom(' ', ', ', '. ', '\n', '-')), { maxLength: 20 })
  .map((parts) => parts.map(([word, sep]) => word + sep).join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('o', 'a', 'u', 'y', '\u0301', '\u0323', 'Ð', 'đ', '\ud800', 'ỷ', 'q', ' ') }),
);

describe('normalizeText: invariants', () => {
  it('never throws and is idempotent on arbitrary Unicode', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent, NFC and length-preserving on Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
        expect(once.normalize('NFC')).toBe(once);
        expect(once.length).toBe(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('only moves marks: the folded text is unchanged', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(foldDiacritics(normalizeText(text))).toBe(foldDiacritics(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Kết luận', 'Ket luan'],
    ['Đảng', 'Dang'],
    ['ĐẢNG ỦY', 'DANG UY'],
    ['Nguyễn Thiện Nhơn', 'Nguyen Thien Nhon'],
    ['quy định số 50-QĐ/TW', 'quy dinh so 50-QD/TW'],
  ])('%s → %s', (input, expected) => {
    expect(foldDiacritics(input)).toBe(expected);
  });

  it('is length-preserving and idempotent on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldDiacritics(text);
        expect(folded.length).toBe(text.length);
        expect(foldDiacritics(folded)).toBe(folded);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no Vietnamese letter with a diacritic in NFC Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(foldDiacritics(text)).toMatch(/^[\x00-\x7f]*$/);
      }),
      { numRuns: 300 },
    );
  });
});
