/** Vietnamese sentence spans: a table of the cases these documents contain, plus invariants. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineSpans, splitSentences, trimSpan, type Span } from '../../text/sentences.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

const sentencesOf = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

/** Spans are ordered, disjoint, trimmed, inside [from, to) and cover each non-space char once. */
function expectValidSpans(text: string, from: number, to: number, spans: readonly Span[]): void {
  const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
  let cursor = from;
  for (const s of spans) {
    expect(s.start).toBeGreaterThanOrEqual(cursor);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(to);
    expect(isSpace(text[s.start])).toBe(false);
    expect(isSpace(text[s.end - 1])).toBe(false);
    // Everything skipped between spans is whitespace: no character is dropped.
    expect(text.slice(cursor, s.start).trim()).toBe('');
    cursor = s.end;
  }
  expect(text.slice(cursor, to).trim()).toBe('');
}

describe('splitSentences: cases from the corpus', () => {
  it.each<[string, string, string[]]>([
    [
      'numbers',
      'Thu ngân sách đạt trên 1.500 tỷ đồng. Tăng trưởng 5,09%, cao hơn cả nước. Có 1.899/1.899 chi bộ đạt 100%.',
      ['Thu ngân sách đạt trên 1.500 tỷ đồng.', 'Tăng trưởng 5,09%, cao hơn cả nước.', 'Có 1.899/1.899 chi bộ đạt 100%.'],
    ],
    [
      'dates',
      'Quy định 1120-QĐ/TU ngày 1-6-2022 được ban hành. Ngày 05/01/2023 tổng kết.',
      ['Quy định 1120-QĐ/TU ngày 1-6-2022 được ban hành.', 'Ngày 05/01/2023 tổng kết.'],
    ],
    [
      'document numbers',
      'Thực hiện Quy định số 50-QĐ/TW. Kế hoạch số 03-KH/TW ngày 01/12/2021 của Bộ Chính trị.',
      ['Thực hiện Quy định số 50-QĐ/TW.', 'Kế hoạch số 03-KH/TW ngày 01/12/2021 của Bộ Chính trị.'],
    ],
    ['TP.', 'Đối thoại với nhân dân TP. Vị Thanh. Hết.', ['Đối thoại với nhân dân TP. Vị Thanh.', 'Hết.']],
    ['Tp.', 'Về Tp. Cần Thơ họp. Hết.', ['Về Tp. Cần Thơ họp.', 'Hết.']],
    ['TS.', 'Ông TS. Nguyễn Văn An phát biểu. Hết.', ['Ông TS. Nguyễn Văn An phát biểu.', 'Hết.']],
    ['ThS.', 'Bà ThS. Lê Mai trình bày. Hết.', ['Bà ThS. Lê Mai trình bày.', 'Hết.']],
    ['PGS.TS', 'Có PGS.TS Trần Quang Diệu dự. Hết.', ['Có PGS.TS Trần Quang Diệu dự.', 'Hết.']],
    ['PGS.TS.', 'Có PGS.TS. Trần Quang Diệu dự. Hết.', ['Có PGS.TS. Trần Quang Diệu dự.', 'Hết.']],
    ['GS.', 'Theo GS. Lê Văn Bình thì đúng. Hết.', ['Theo GS. Lê Văn Bình thì đúng.', 'Hết.']],
    ['Th.S', 'Đồng chí Th.S Hoa báo cáo. Hết.', ['Đồng chí Th.S Hoa báo cáo.', 'Hết.']],
    ['v.v.', 'Tặng quà, nhà tình thương v.v. Nhiều hoạt động khác. Hết.', ['Tặng quà, nhà tình thương v.v. Nhiều hoạt động khác.', 'Hết.']],
    ['St.', 'Thành phố St. Petersburg. Hết.', ['Thành phố St. Petersburg.', 'Hết.']],
    ['initial', 'Học tập V. I. Lênin. Hết.', ['Học tập V. I. Lênin.', 'Hết.']],
    ['Roman heading', 'III. Nhiệm vụ trọng tâm thời gian tới', ['III. Nhiệm vụ trọng tâm thời gian tới']],
    ['Roman heading then text', 'I. Về triển khai\nThưa các đồng chí!', ['I. Về triển khai', 'Thưa các đồng chí!']],
    ['numbered heading', '1. Công tác tổ chức xây dựng Đảng. Tiếp tục.', ['1. Công tác tổ chức xây dựng Đảng.', 'Tiếp tục.']],
    ['(1). marker', '(1). Ngành tổ chức đã: tham mưu. Ban hành.', ['(1). Ngành tổ chức đã: tham mưu.', 'Ban hành.']],
    ['(1) marker', '(1) Tập trung xây dựng đội ngũ. Bảo đảm nguyên tắc.', ['(1) Tập trung xây dựng đội ngũ.', 'Bảo đảm nguyên tắc.']],
    ['marker mid-paragraph', 'Đạt 100%. 2. Tiếp tục thực hiện. Xong.', ['Đạt 100%.', '2. Tiếp tục thực hiện.', 'Xong.']],
    [
      'curly quotes',
      'Phương châm “kiểm tra phải sâu. Giám sát phải rộng.” Coi trọng giám sát.',
      ['Phương châm “kiểm tra phải sâu. Giám sát phải rộng.”', 'Coi trọng giám sát.'],
    ],
    ['straight quotes', 'Anh nói "Xin chào. Tạm biệt." Rồi đi.', ['Anh nói "Xin chào. Tạm biệt."', 'Rồi đi.']],
    ['quote then period', 'Là “then chốt của then chốt”. Có ý nghĩa.', ['Là “then chốt của then chốt”.', 'Có ý nghĩa.']],
    ['unclosed quote does not swallow', '“Chưa đóng. Câu sau.', ['“Chưa đóng.', 'Câu sau.']],
    ['semicolon is not a break', 'Triển khai nghiêm túc; Có sự phân công rõ ràng.', ['Triển khai nghiêm túc; Có sự phân công rõ ràng.']],
    ['! ? …', 'Thưa các đồng chí! Tại Hội nghị này? Vâng… Hết.', ['Thưa các đồng chí!', 'Tại Hội nghị này?', 'Vâng…', 'Hết.']],
    ['ellipsis of dots', 'Xử lý nghiêm tiêu cực... Trên cơ sở đó.', ['Xử lý nghiêm tiêu cực...', 'Trên cơ sở đó.']],
    ['lowercase continues', 'Bộ tiêu chí… và nhiều văn bản. khác nữa.', ['Bộ tiêu chí… và nhiều văn bản. khác nữa.']],
    ['detached period', 'Không có ngoại lệ . Coi trọng.', ['Không có ngoại lệ .', 'Coi trọng.']],
    ['digit starts a sentence', 'Năm 2021 khó khăn. 2022 là năm bản lề.', ['Năm 2021 khó khăn.', '2022 là năm bản lề.']],
    ['bracket starts a sentence', 'Về công tác cán bộ. (4) Kết luận số 14.', ['Về công tác cán bộ.', '(4) Kết luận số 14.']],
    ['closing bracket after period', '(Đã ban hành.) Tiếp theo.', ['(Đã ban hành.)', 'Tiếp theo.']],
    [
      'inline enumeration',
      'Gồm: (1) Kết luận số 21 về xây dựng Đảng; (2) Kế hoạch số 63 của Tỉnh ủy.',
      ['Gồm: (1) Kết luận số 21 về xây dựng Đảng; (2) Kế hoạch số 63 của Tỉnh ủy.'],
    ],
    ['paragraph breaks', 'Dòng một không chấm\nDòng hai\n\n  Dòng ba.  ', ['Dòng một không chấm', 'Dòng hai', 'Dòng ba.']],
    ['no space after period', 'Để triển khai thực hiện.Thực hiện tốt.', ['Để triển khai thực hiện.Thực hiện tốt.']],
    ['empty', '', []],
    ['whitespace only', ' \n\t\u00a0 \n', []],
  ])('%s', (_name, text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
    expectValidSpans(text, 0, text.length, splitSentences(text));
  });

  it('splits only within [from, to)', () => {
    const text = 'Câu một. Câu hai. Câu ba.';
    const from = text.indexOf('Câu hai');
    const spans = splitSentences(text, from - 1, text.length - 2);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Câu hai.', 'Câu b']);
    expect(splitSentences(text, 20, 10)).toEqual([]);
    expect(splitSentences(text, -5, 1e9).length).toBe(3);
    expect(splitSentences(text, Number.NaN, Number.NaN)).toEqual([]);
  });

  it('holds its invariants on the real corpus', () => {
    for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8').normalize('NFC').replace(/\r\n?/g, '\n');
      const spans = splitSentences(text);
      expectValidSpans(text, 0, text.length, spans);
      expect(spans.length).toBeGreaterThan(10);
    }
  });

  it('handles a long run without quadratic blow-up or stack growth', () => {
    const text = 'Câu a. '.repeat(40_000) + 'X'.repeat(100_000);
    expect(splitSentences(text).length).toBe(40_001);
  });
});

describe('lineSpans and trimSpan', () => {
  it('gives trimmed non-empty lines', () => {
    const text = '  một \n\n hai\r\nba  ';
    expect(lineSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['một', 'hai', 'ba']);
    expect(trimSpan(text, 0, 2)).toBeNull();
    expect(trimSpan(text, 0, 6)).toEqual({ start: 2, end: 5 });
  });
});

const VIETNAMESE_UNITS = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳ',
  ...'AĂÂĐÊÔƠƯTPSHVIXCÁÀẾỨ',
  ...'0123456789',
  ...'.,;:!?()"“”-/…',
  ' ', ' ', ' ', '\n', '\n\n', '\t', '\u00a0',
  'TP.', 'v.v.', 'PGS.TS', 'Th.S', 'III.', '1.', '(1).', '1.500', '05/01/2023', '50-QĐ/TW', '...',
];

describe('splitSentences: properties', () => {
  const range = (text: string) =>
    fc.tuple(fc.integer({ min: -3, max: text.length + 3 }), fc.integer({ min: -3, max: text.length + 3 }));

  it('valid spans on arbitrary unicode (lone surrogates included)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }).chain((t) => fc.tuple(fc.constant(t), range(t))),
        ([text, [a, b]]) => {
          const from = Math.max(0, a);
          const to = Math.min(text.length, b);
          const spans = splitSentences(text, a, b);
          if (from >= to) expect(spans).toEqual([]);
          else expectValidSpans(text, from, to, spans);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('valid spans on Vietnamese-ish text with punctuation, numbers and newlines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VIETNAMESE_UNITS), { maxLength: 150 }), (units) => {
        const text = units.join('');
        expectValidSpans(text, 0, text.length, splitSentences(text));
      }),
      { numRuns: 600 },
    );
  });

  it('every sentence break is a line break or follows a sentence-ending mark', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VIETNAMESE_UNITS), { maxLength: 150 }), (units) => {
        const text = units.join('');
        const spans = splitSentences(text);
        for (let i = 1; i < spans.length; i++) {
          const gap = text.slice(spans[i - 1]?.end, spans[i]?.start);
          const before = text.slice(0, spans[i - 1]?.end).replace(/[)\]}”"’'»]+$/u, '');
          expect(/[\n\r]/.test(gap) || /[.!?…]$/.test(before)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
