/** Section detection on the real corpus and on small synthetic documents. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSections, isBulletLine, isHeadingLine, sectionPathAt, type Section } from '../../text/structure.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

/** Stand-in for the cleaning step: NFC and \n line ends only. */
function corpusText(prefix: string): string {
  const file = readdirSync(CORPUS_DIR).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`no corpus file ${prefix}*`);
  return readFileSync(path.join(CORPUS_DIR, file), 'utf8').normalize('NFC').replace(/\r\n?/g, '\n');
}

const DOC_IDS = ['000', '001', '002', '003', '004'];

function pathOf(text: string, sections: readonly Section[], needle: string): string[] {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  return sectionPathAt(sections, at);
}

const byHeading = (sections: readonly Section[], prefix: string): Section => {
  const found = sections.find((s) => s.heading.startsWith(prefix));
  if (!found) throw new Error(`no section ${prefix}`);
  return found;
};

describe('detectSections on the corpus', () => {
  it('doc 000: top level I., II., III. nesting * › (1). and 1. › (1)', () => {
    const text = corpusText('000');
    const sections = detectSections('000', text);
    const top = sections.filter((s) => s.level === 1);
    expect(top.map((s) => s.marker)).toEqual(['I.', 'II.', 'III.']);
    expect(top.map((s) => s.path[0])).toEqual([
      'I. Về triển khai, quán triệt các văn bản quan trọng của Trung ương, của Tỉnh ủy',
      'II. Đối với tổng kết ngành tổ chức, kiểm tra và công tác chăm sóc sức khoẻ cán bộ',
      'III. Nhiệm vụ trọng tâm thời gian tới',
    ]);
    expect(pathOf(text, sections, 'Tập trung thực hiện có hiệu quả Chương trình kiểm tra, giám sát năm 2021')).toEqual([
      'III. Nhiệm vụ trọng tâm thời gian tới',
      '2. Công tác kiểm tra Đảng',
      '(3)',
    ]);
    expect(pathOf(text, sections, 'Có nhiều đổi mới trong chương trình, kế hoạch')).toEqual([
      'II. Đối với tổng kết ngành tổ chức, kiểm tra và công tác chăm sóc sức khoẻ cán bộ',
      '* Một số kết quả cụ thể đó là',
      '(2). Ngành Kiểm tra đã',
    ]);
    expect(pathOf(text, sections, 'Một số văn bản tham mưu tiến độ còn chậm')).toEqual([
      'II. Đối với tổng kết ngành tổ chức, kiểm tra và công tác chăm sóc sức khoẻ cán bộ',
      '* Hạn chế',
    ]);
    expect(byHeading(sections, '1. Công tác tổ chức xây dựng Đảng').path.at(-1)).toBe('1. Công tác tổ chức xây dựng Đảng');
    // Text before the first heading (the salutation, bullets) belongs to no section.
    expect(pathOf(text, sections, 'Các đồng chí dự Hội nghị')).toEqual([]);
    // Inline enumerations inside a paragraph are not sections.
    expect(pathOf(text, sections, '(2) Kế hoạch số 63 của Tỉnh ủy')).toEqual([top[0]?.path[0]]);
  });

  it('doc 002: "3. Định hướng…" under I. with its (1)…(8) items; II/ III/ IV/ are top level', () => {
    const text = corpusText('002');
    const sections = detectSections('002', text);
    expect(sections.filter((s) => s.level === 1).map((s) => s.marker)).toEqual(['I.', 'II/', 'III/', 'IV/']);
    const first = 'I. Đánh giá kết quả công tác quý I và nhiệm vụ trọng tâm công tác quý II năm 2022';
    const orientation = byHeading(sections, '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022');
    expect(orientation.path).toEqual([first, '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022']);
    const items = sections.filter((s) => s.start >= orientation.start && s.end <= orientation.end && s.level === 3);
    expect(items.map((s) => s.path)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [first, '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022', `(${n})`]),
    );
    expect(pathOf(text, sections, 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2022')).toEqual([
      first,
      '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022',
      '(4)',
    ]);
    expect(pathOf(text, sections, 'Tỷ lệ tập hợp cựu quân nhân')).toEqual([
      byHeading(sections, 'II/').path[0],
      '* Về hạn chế',
      '(3)',
    ]);
    expect(byHeading(sections, 'II/').path[0]).toMatch(/^II\/ Tổng kết 20 năm .*giai đoạn cách mạng mới”$/u);
    // After II/ the arabic level is closed: IV/'s "1." nests again at level 2.
    expect(pathOf(text, sections, 'Lề lối làm việc của cán bộ')).toEqual([
      byHeading(sections, 'IV/').path[0],
      '1. Kết quả đạt được',
      '(3)',
    ]);
    // "(1) (tiếp xúc, …" inside a paragraph is an inline enumeration, not a heading.
    expect(pathOf(text, sections, 'hội nghị đối thoại với trưởng, phó phòng cấp tỉnh')).toEqual([
      first,
      '1. Về những kết quả đạt được',
      '(1)',
    ]);
  });

  it("doc 001: the 1.–6. items are its sections, marked by their numbers", () => {
    const text = corpusText('001');
    const sections = detectSections('001', text);
    expect(sections.map((s) => s.marker)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
    expect(sections.map((s) => s.path)).toEqual([['1.'], ['2.'], ['3.'], ['4.'], ['5.'], ['6.']]);
    expect(sections.every((s) => s.level === 1 && !isHeadingLine(s))).toBe(true);
    expect(pathOf(text, sections, 'Tham mưu chỉ đạo, giải quyết tốt những vấn đề về lịch sử chính trị')).toEqual(['4.']);
  });

  it('docs 003 and 004 (news articles) have no headings, despite times, dates and "1.899/1.899"', () => {
    expect(detectSections('003', corpusText('003'))).toEqual([]);
    expect(detectSections('004', corpusText('004'))).toEqual([]);
  });

  it.each(DOC_IDS)('doc %s: spans nest, headings are slices, top level tiles to the end', (id) => {
    const text = corpusText(id);
    const sections = detectSections(id, text);
    const top = sections.filter((s) => s.level === 1);
    top.forEach((s, i) => expect(s.end).toBe(top[i + 1]?.start ?? text.length));
    const open: Section[] = [];
    for (const s of sections) {
      expect(s.docId).toBe(id);
      expect(s.heading).toBe(text.slice(s.headingStart, s.headingEnd));
      expect(s.heading).toBe(s.heading.trim());
      expect(s.heading.startsWith(s.marker)).toBe(true);
      expect(s.start).toBe(s.headingStart);
      expect(s.end).toBeGreaterThanOrEqual(s.headingEnd);
      expect(s.path).toHaveLength(s.level);
      while (open.length > 0 && (open.at(-1)?.level ?? 0) >= s.level) open.pop();
      const parent = open.at(-1);
      if (parent) {
        expect(s.level).toBe(parent.level + 1);
        expect(s.path.slice(0, -1)).toEqual(parent.path);
        expect(s.end).toBeLessThanOrEqual(parent.end);
      } else {
        expect(s.level).toBe(1);
      }
      open.push(s);
    }
  });
});

describe('detectSections on synthetic text', () => {
  const doc = [
    'Lời mở đầu.',
    'I. Phần một',
    'a) Mục nhỏ có tiêu đề',
    'Nội dung mục nhỏ.',
    '- Gạch đầu dòng không phải mục',
    '• Cũng không',
    '+ Cũng không',
    '⁃ Cũng không',
    'b) Mục nhỏ thứ hai, là một đoạn liệt kê dài hơn một trăm hai mươi ký tự để không được coi là tiêu đề của một mục nào cả, dù nó chỉ có một câu và có nội dung đi theo sau nó.',
    '5 năm qua, tỉnh đã làm được nhiều việc.',
    '1.899 chi bộ đã xây dựng kế hoạch.',
    '30/4 và 1/5 là ngày lễ.',
    'II/ Phần hai:',
    '1/ Mục một',
    'Nội dung. Gồm: (1) việc một; (2) việc hai.',
    '* Hạn chế',
    'Còn chậm.',
  ].join('\n\n');
  const sections = detectSections('x', doc);

  it('finds markers at line starts only, not bullets, inline enumerations or leading numbers', () => {
    expect(sections.map((s) => [s.marker, s.level])).toEqual([
      ['I.', 1],
      ['a)', 2],
      ['b)', 2],
      ['II/', 1],
      ['1/', 2],
      ['*', 3],
    ]);
    expect(sections.map((s) => s.path.at(-1))).toEqual([
      'I. Phần một',
      'a) Mục nhỏ có tiêu đề',
      'b)',
      'II/ Phần hai',
      '1/ Mục một',
      '* Hạn chế',
    ]);
  });

  it('sectionPathAt gives the innermost path, [] outside, and a fresh array', () => {
    expect(sectionPathAt(sections, 0)).toEqual([]);
    expect(sectionPathAt(sections, doc.indexOf('1.899 chi bộ'))).toEqual(['I. Phần một', 'b)']);
    expect(sectionPathAt(sections, doc.indexOf('Còn chậm'))).toEqual(['II/ Phần hai', '1/ Mục một', '* Hạn chế']);
    expect(sectionPathAt(sections, doc.length)).toEqual([]);
    const p = sectionPathAt(sections, doc.indexOf('Còn chậm'));
    p.push('mutated');
    expect(sections.at(-1)?.path).toEqual(['II/ Phần hai', '1/ Mục một', '* Hạn chế']);
  });

  it('a short enumerated line with no body of its own is an item, not a title', () => {
    const text = '1. Nhiệm vụ\n\n(1) Làm việc một.\n\n(2) Làm việc hai.\n\n2. Giải pháp\n\nNội dung.';
    const s = detectSections('y', text);
    expect(s.map((x) => x.path.at(-1))).toEqual(['1. Nhiệm vụ', '(1)', '(2)', '2. Giải pháp']);
    expect(s.map((x) => isHeadingLine(x))).toEqual([true, false, false, true]);
  });

  it('isBulletLine', () => {
    expect(['- a', '⁃ a', '• a', '+ a', '– a'].every(isBulletLine)).toBe(true);
    expect(['-5%', '+5', 'a - b', '* a'].some(isBulletLine)).toBe(false);
  });

  it('never throws on odd input', () => {
    expect(detectSections('z', '')).toEqual([]);
    expect(detectSections('z', '\n\n  \n')).toEqual([]);
    expect(detectSections('z', 'I.')).toHaveLength(1);
    // A "*" alone on a line is a header ornament (under an issuer), not a heading.
    expect(detectSections('z', '\ud800(1)\n(1)\n*').map((s) => s.marker)).toEqual(['(1)']);
  });
});
