import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReferenceLabel, parseReferences, referenceKey, type ParsedReference } from '../../text/references/index.ts';

const keys = (text: string): string[] => parseReferences(text).map((r) => referenceKey(r.type, r.number));
const one = (text: string): ParsedReference => {
  const refs = parseReferences(text);
  expect(refs).toHaveLength(1);
  return refs[0]!;
};

describe('parseReferences: designations in documents', () => {
  it('reads number, symbol, date, issuer and subject of a full designation', () => {
    const text = 'nhất là Quy định số 50-QĐ/TW, ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ; Quy định';
    const r = one(text);
    expect(r).toMatchObject({
      type: 'Quy định',
      number: '50',
      symbol: 'QĐ/TW',
      date: '2021-12-27',
      issuer: 'Bộ Chính trị',
      subject: 'công tác quy hoạch cán bộ',
      text: 'Quy định số 50-QĐ/TW',
    });
    expect(text.slice(r.start, r.end)).toBe(r.text);
  });

  it('takes a quoted title without its quotes and reads day-month-year dates with dashes', () => {
    const r = one(
      'Quy định 1120-QĐ/TU ngày 1-6-2022 của Ban Chấp hành Đảng bộ tỉnh về “Bộ tiêu chí đánh giá, xếp loại chất lượng cán bộ” (2) Tiếp',
    );
    expect(r).toMatchObject({ number: '1120', symbol: 'QĐ/TU', date: '2022-06-01', issuer: 'Ban Chấp hành Đảng bộ tỉnh' });
    expect(r.subject).toBe('Bộ tiêu chí đánh giá, xếp loại chất lượng cán bộ');
  });

  it('ends the subject at the clause end or an enumeration marker', () => {
    const [a, b] = parseReferences(
      'Quy định số 50 ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ. (4) Kết luận số 14 ngày 22/9/2021 của Bộ Chính trị về chủ trương bảo vệ cán bộ (5) Tiếp tục',
    );
    expect(a?.subject).toBe('công tác quy hoạch cán bộ');
    expect(b).toMatchObject({ type: 'Kết luận', number: '14', date: '2021-09-22', subject: 'chủ trương bảo vệ cán bộ' });
  });

  it('accepts the date formats written in the corpus and in full words', () => {
    const date = (s: string): string | null => one(`Kết luận số 1 ngày ${s} của Bộ Chính trị`).date;
    expect(date('27/12/2021')).toBe('2021-12-27');
    expect(date('1/12/2021')).toBe('2021-12-01');
    expect(date('1-6-2022')).toBe('2022-06-01');
    expect(date('01/10/2019')).toBe('2019-10-01');
    expect(date('27 tháng 12 năm 2021')).toBe('2021-12-27');
    expect(date('31/13/2021')).toBeNull();
  });

  it('gives the date and issuer after the second designation of an enumeration to the second only', () => {
    const refs = parseReferences(
      'thực hiện Kết luận số 21 của Trung ương và Kế hoạch số 03-KH/TW ngày 1/12/2021 của Bộ Chính trị; (3)',
    );
    expect(refs.map((r) => [referenceKey(r.type, r.number), r.date, r.issuer])).toEqual([
      ['ket-luan:21', null, 'Trung ương'],
      ['ke-hoach:3', '2021-12-01', 'Bộ Chính trị'],
    ]);
    expect(keys('Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng')).toEqual([
      'nghi-quyet:18',
      'nghi-quyet:19',
    ]);
    const [q6, q1120] = parseReferences('Quy định số 06 thực hiện Quy định số 1120 của Tỉnh ủy quy định bộ tiêu chí');
    expect(q6).toMatchObject({ number: '6', issuer: null });
    expect(q1120).toMatchObject({ number: '1120', issuer: 'Tỉnh ủy' });
  });

  it('names each type, with Thông báo kết luận taking precedence over the Kết luận inside it', () => {
    expect(one('Thông báo Kết luận số 156 ngày 01/10/2019 của Bộ Chính trị').type).toBe('Thông báo kết luận');
    expect(keys('Hướng dẫn 07-HD/BTCTW; Chỉ thị số 05-CT/TW; Đề án số 05; Chương trình số 167; Quyết định số 9')).toEqual([
      'huong-dan:7',
      'chi-thi:5',
      'de-an:5',
      'chuong-trinh:167',
      'quyet-dinh:9',
    ]);
    expect(keys('Chương trình hành động số 15-CTr/TU')).toEqual(['chuong-trinh:15']);
  });

  it('normalizes symbols and derives the issuer from an unambiguous suffix only', () => {
    expect(one('Kế hoạch số 63-KH/TƯ ngày 31/12/2021').symbol).toBe('KH/TW');
    expect(one('Hướng dẫn 07-HD/BTCTW').issuer).toBe('Ban Tổ chức Trung ương');
    expect(one('Quy định 1120-QĐ/TU').issuer).toBe('Tỉnh ủy');
    expect(one('Nghị quyết số 16/NQ-HĐND ngày 6-7-2022').issuer).toBe('HĐND tỉnh');
    expect(one('Kết luận số 21-KL/TW').issuer).toBeNull();
  });

  it('reads a bare symbol, choosing Quy định for the Party form of QĐ and Quyết định for the state form', () => {
    expect(one('theo 50-QĐ/TW').type).toBe('Quy định');
    expect(one('theo 123/QĐ-UBND').type).toBe('Quyết định');
    expect(one('như 21-KL/TW đã nêu')).toMatchObject({ type: 'Kết luận', number: '21', symbol: 'KL/TW', text: '21-KL/TW' });
  });

  it('keys plenum and congress resolutions by plenum and term', () => {
    expect(keys('Nghị quyết Trung ương 4 khóa XII phù hợp')).toEqual(['nghi-quyet:tw4-xii']);
    expect(keys('Nghị quyết Trung ương 8 (khóa XI) về Chiến lược')).toEqual(['nghi-quyet:tw8-xi']);
    expect(keys('nghi quyet trung uong 4 khoa 12')).toEqual(['nghi-quyet:tw4-xii']);
    expect(keys('Nghị quyết Đại hội XIII của Đảng')).toEqual(['nghi-quyet:dh-xiii']);
    expect(keys('Nghị quyết Đại hội Đảng bộ tỉnh lần thứ 14')).toEqual([]);
    expect(keys('Nghị quyết Đại hội vì dân')).toEqual([]);
    expect(formatReferenceLabel(one('Nghị quyết Trung ương 5 khóa XIII về tăng cường'))).toBe('Nghị quyết Trung ương 5 khóa XIII');
  });
});

describe('parseReferences: ordinary prose', () => {
  it.each([
    'kế hoạch phát triển kinh tế - xã hội 5 năm 2021',
    'Kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025',
    'Chương trình công tác năm 2022',
    'Kế hoạch luân chuyển cán bộ nhiệm kỳ 2020 - 2025',
    'chương trình, kế hoạch và nâng cao vai trò',
    'Kế hoạch 5 năm 2021-2025',
    'Kế hoạch 2023 của tỉnh',
    'Ban Bí thư quy định 3 nhóm nhiệm vụ',
    'kết luận 2 vấn đề',
    'hướng dẫn 120 đảng viên',
    'chương trình 30/4 và 1/5',
    'với 198 văn bản, tổ chức 2.396 cuộc',
    'đã 5 lần',
    'HĐ 5',
    'Thông báo 5 điểm',
    'Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)',
    'phòng Covid-19 cho trẻ từ 5 - 11 tuổi',
  ])('finds nothing in %j', (text) => {
    expect(parseReferences(text)).toEqual([]);
  });
});

describe('parseReferences: queries', () => {
  it.each([
    ['kl21', 'ket-luan:21'],
    ['KL 21', 'ket-luan:21'],
    ['ket luan 21', 'ket-luan:21'],
    ['ket luan so 21', 'ket-luan:21'],
    ['Kết luận số 21', 'ket-luan:21'],
    ['21-KL/TW', 'ket-luan:21'],
    ['kết luận 21-kl/tw nói gì', 'ket-luan:21'],
    ['quy dinh 50', 'quy-dinh:50'],
    ['qd 50', 'quy-dinh:50'],
    ['QĐ số 50', 'quy-dinh:50'],
    ['Quy định số 50 ngày 27/12/2021', 'quy-dinh:50'],
    ['ke hoach 03', 'ke-hoach:3'],
    ['Ke\u0302\u0301t lua\u0302\u0323n 21', 'ket-luan:21'], // decomposed (NFD) input
    ['TBKL 156', 'thong-bao-ket-luan:156'],
    ['tbkl156', 'thong-bao-ket-luan:156'],
    ['TB 156', 'thong-bao-ket-luan:156'],
    ['Thông báo kết luận 156', 'thong-bao-ket-luan:156'],
  ])('%j → %s', (query, key) => {
    expect(keys(query)).toEqual([key]);
  });

  it.each([
    ['TBKL 156 ban hanh ngay nao', 'thong-bao-ket-luan:156'],
    ['Thông báo kết luận 156 ngày nào', 'thong-bao-ket-luan:156'],
    ['kl21 ngay nao ban hanh', 'ket-luan:21'],
    ['Nghị quyết 19 năm nào', 'nghi-quyet:19'],
    ['Quy định 50 tháng mấy ban hành', 'quy-dinh:50'],
    ['Kế hoạch 03 người nào ký', 'ke-hoach:3'],
    ['Kết luận 21 nhiệm vụ trọng tâm là gì', 'ket-luan:21'],
    ['Quy định 50 nội dung gì', 'quy-dinh:50'],
  ])('reads a number followed by a question about it as a designation: %j', (query, key) => {
    expect(keys(query)).toEqual([key]);
  });

  it.each(['Kế hoạch 5 năm 2021-2025 gồm gì', 'quy định 3 nhóm đối tượng', 'Thông báo 156 ngày nào'])(
    'still reads a counted unit as a quantity: %j',
    (query) => {
      expect(keys(query)).toEqual([]);
    },
  );
});

describe('referenceKey and formatReferenceLabel', () => {
  it('slugs the type and drops leading zeros', () => {
    expect(referenceKey('Kết luận', '21')).toBe('ket-luan:21');
    expect(referenceKey('Kế hoạch', '03')).toBe('ke-hoach:3');
    expect(referenceKey('Thông báo kết luận', '156')).toBe('thong-bao-ket-luan:156');
    expect(referenceKey('Đề án', '0')).toBe('de-an:0');
  });

  it('writes the full designation', () => {
    const base = { type: 'Quy định', number: '50', symbol: 'QĐ/TW', date: '2021-12-27', issuer: 'Bộ Chính trị' } as const;
    expect(formatReferenceLabel(base)).toBe('Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị');
    expect(formatReferenceLabel({ ...base, type: 'Kế hoạch', number: '3', symbol: 'KH/TW', date: '2021-12-01' })).toBe(
      'Kế hoạch số 03-KH/TW ngày 01/12/2021 của Bộ Chính trị',
    );
    expect(formatReferenceLabel({ ...base, type: 'Nghị quyết', number: '16', symbol: 'NQ-HĐND', issuer: null, date: null })).toBe(
      'Nghị quyết số 16/NQ-HĐND',
    );
  });
});

describe('parseReferences: invariants', () => {
  const fragments = [
    'Kết luận', 'kết luận', 'Thông báo', 'Quy định', 'qui định', 'Nghị quyết', 'Trung ương', 'Đại hội', ' khóa ', 'XIII',
    ' số ', 'số', '21', '03', '2021', '-KL/TW', '/NQ-HĐND', '-KH/TƯ', 'kl', 'QĐ', 'ĐA', ' ngày ', '27/12/2021', '1-6-',
    ' tháng ', ' năm ', ' của ', 'cuả', 'Bộ Chính trị', 'Ban Chấp hành', ', ', ' về ', 'việc ', '“', '”', '"', ';', '.',
    '(2)', '(', ' ', '\n', '\u0301', '\u0323', 'Đ', 'đ', 'ư', '𝒜', '\ud800', 'İ', 'ẞ', 'a', 'Hậu Giang',
  ];
  const vocabularyText = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));
  const anyText = fc.oneof(vocabularyText, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }));

  it('never throws; spans slice back, are ordered and disjoint; keys and dates are well formed', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const refs = parseReferences(text);
        let last = 0;
        for (const r of refs) {
          expect(r.text).toBe(text.slice(r.start, r.end));
          expect(r.start).toBeGreaterThanOrEqual(last);
          expect(r.end).toBeGreaterThan(r.start);
          last = r.end;
          expect(referenceKey(r.type, r.number)).toMatch(/^[a-z]+(?:-[a-z]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$/);
          if (r.date !== null) expect(r.date).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
          expect(formatReferenceLabel(r).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finishes on 100k-character adversarial inputs', () => {
    const inputs = [
      'Kết luận số 21 '.repeat(7000),
      `Kết luận${' '.repeat(100_000)}`,
      `${'Kết luận số 1 ngày 1/1/2021 của '.repeat(3000)}`,
      `Quy định số 5 về “${'a '.repeat(50_000)}`,
      '1-KL/'.repeat(20_000),
      'Nghị quyết Trung ương 4 khóa '.repeat(3500),
      `Kết luận số 9 của ${'Ban '.repeat(25_000)}`,
      '\u0301'.repeat(100_000),
    ];
    for (const text of inputs) {
      const refs = parseReferences(text);
      for (const r of refs.slice(0, 50)) expect(r.text).toBe(text.slice(r.start, r.end));
    }
    expect(parseReferences(inputs[0]!)).toHaveLength(7000);
  });
});
