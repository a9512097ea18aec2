/** Phần, Chương, Mục, Điều, khoản and điểm on laws the tests generate, and their chunks. */
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk.ts';
import { closingStart } from '../../text/closing.ts';
import { readLegalHeading } from '../../text/legal.ts';
import { detectSections, enclosingUnit, sectionPathAt } from '../../text/structure.ts';
import { generateLaw, generatePartyDocument } from '../../testkit/legal-documents.ts';

const countChars = (t: string): number => Math.ceil(t.length / 3.2);

describe('readLegalHeading', () => {
  it.each([
    ['Điều 5. Quyền của viên chức', 'dieu', '5', 'Điều 5', 8],
    ['ĐIỀU 12: Hiệu lực thi hành', 'dieu', '12', 'Điều 12', 9],
    ['Điều 10a. Trách nhiệm bổ sung', 'dieu', '10a', 'Điều 10a', 10],
    ['Chương II', 'chuong', '2', 'Chương II', null],
    ['CHƯƠNG IV. ĐIỀU KHOẢN THI HÀNH', 'chuong', '4', 'Chương IV', 11],
    ['Chương 3 QUẢN LÝ NHÀ NƯỚC', 'chuong', '3', 'Chương 3', 9],
    ['Mục 1. QUY ĐỊNH CHUNG', 'muc', '1', 'Mục 1', 7],
    ['Tiểu mục 2', 'tieu-muc', '2', 'Tiểu mục 2', null],
    ['PHẦN THỨ HAI', 'phan', '2', 'Phần thứ hai', null],
    ['Phần I. TỔNG QUAN', 'phan', '1', 'Phần I', 8],
  ])('%s', (line, unit, number, label, titleStart) => {
    expect(readLegalHeading(line)).toEqual({ unit, written: expect.any(String), number, label, titleStart });
  });

  it.each([
    'Điều 5 của Luật này quy định về quyền của viên chức.',
    'Điều 5',
    'Chương trình hành động của Tỉnh ủy',
    'Mục tiêu tổng quát',
    'Mục 2 của Nghị quyết nêu rõ',
    'điều 5. viết thường',
    'Phần lớn các chi bộ',
  ])('not a heading: %s', (line) => {
    expect(readLegalHeading(line)).toBeNull();
  });
});

describe('detectSections on a generated law', () => {
  const law = generateLaw({ seed: 11, index: 0, articles: 24, chapters: 4 });
  const sections = detectSections('luat', law.text);

  it('finds every Điều with its Chương, in order', () => {
    const articles = sections.filter((s) => s.kind === 'dieu');
    expect(articles.map((s) => s.number)).toEqual(law.articles.map((a) => String(a.number)));
    for (const a of law.articles) {
      const s = articles.find((x) => x.number === String(a.number))!;
      expect(s.path).toEqual([`Chương ${a.chapter}`, a.heading]);
      expect(law.text.slice(s.start, s.end).trimEnd()).toBe(a.text);
    }
    expect(sections.filter((s) => s.kind === 'chuong')).toHaveLength(law.chapters);
  });

  it('reads paths like a citation: Chương › Điều › khoản › điểm', () => {
    const a = law.articles.find((x) => x.khoan.some((k) => k.text.includes('\na) ')))!;
    const k = a.khoan.find((x) => x.text.includes('\na) '))!;
    const at = law.text.indexOf(k.text);
    expect(sectionPathAt(sections, at)).toEqual([`Chương ${a.chapter}`, a.heading, `khoản ${k.number}`]);
    const point = at + k.text.indexOf('\na) ') + 1;
    expect(sectionPathAt(sections, point)).toEqual([`Chương ${a.chapter}`, a.heading, `khoản ${k.number}`, 'điểm a']);
  });

  it('takes the capitals after "Chương II" as its title, and keeps the signer out of the last Điều', () => {
    const chapter = sections.find((s) => s.kind === 'chuong' && s.number === '1')!;
    expect(chapter.heading).toBe('Chương I\nNHỮNG QUY ĐỊNH CHUNG');
    const last = sections.filter((s) => s.kind === 'dieu').at(-1)!;
    expect(law.text.slice(last.start, last.end)).not.toContain('CHỦ TỊCH QUỐC HỘI');
    expect(law.text.slice(closingStart(law.text))).toMatch(/^Luật này đã được Quốc hội/u);
  });

  it('nests the Party markers of a Quy định written in Điều under each Điều', () => {
    const rule = generatePartyDocument({ seed: 3, type: 'Quy định' });
    const s = detectSections('qd', rule.text);
    expect(s.filter((x) => x.kind === 'dieu')).toHaveLength(rule.articles.length);
    expect(rule.text.slice(closingStart(rule.text))).toMatch(/^T\/M BỘ CHÍNH TRỊ/u);
  });
});

describe('chunks of legal texts', () => {
  const laws = [3, 5, 8].map((seed, index) => generateLaw({ seed, index, articles: 40 }));

  it.each([120, 320])('never cross an Điều and never end on a heading (maxTokens %i)', (maxTokens) => {
    for (const law of laws) {
      const sections = detectSections('l', law.text);
      const chunks = chunkDocument({ id: 'l', text: law.text }, sections, { maxTokens, countTokens: countChars });
      for (const c of chunks) {
        expect(c.text).toBe(law.text.slice(c.start, c.end));
        const articles = sections.filter((s) => s.kind === 'dieu' && s.start < c.end && s.end > c.start);
        expect(articles.length, c.text.slice(0, 80)).toBeLessThanOrEqual(1);
        const lastLine = c.text.split('\n').at(-1)!;
        expect(readLegalHeading(lastLine), lastLine).toBeNull();
        // The chunk's path names its Điều.
        const article = enclosingUnit(sections, c.end - 1, 'dieu');
        if (article) expect(c.sectionPath.slice(0, 2)).toEqual(article.path);
      }
    }
  });

  it('keeps a short Điều in one chunk, with its Chương heading when it opens the Chương', () => {
    const law = laws[0]!;
    const sections = detectSections('l', law.text);
    const chunks = chunkDocument({ id: 'l', text: law.text }, sections, { maxTokens: 320, countTokens: countChars });
    const first = chunks.find((c) => c.text.includes('Điều 1. Phạm vi điều chỉnh'))!;
    expect(first.text).toMatch(/^Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1\. Phạm vi điều chỉnh\n/u);
    expect(first.sectionPath).toEqual(['Chương I', 'Điều 1. Phạm vi điều chỉnh']);
    for (const a of law.articles) {
      if (countChars(a.text) > 250) continue;
      const holding = chunks.filter((c) => c.start < law.text.indexOf(a.text) + a.text.length && c.end > law.text.indexOf(a.text));
      expect(holding, a.heading).toHaveLength(1);
    }
  });

  it('splits a long Điều between khoản, each later chunk carrying the Điều in its path', () => {
    const law = laws[1]!;
    const sections = detectSections('l', law.text);
    const chunks = chunkDocument({ id: 'l', text: law.text }, sections, { maxTokens: 120, countTokens: countChars });
    const khoanStarts = new Set(sections.filter((s) => s.kind === 'khoan').map((s) => s.start));
    let split = 0;
    for (const s of sections.filter((x) => x.kind === 'dieu')) {
      const inside = chunks.filter((c) => c.start >= s.start && c.end <= s.end);
      if (inside.length < 2) continue;
      split++;
      for (const c of inside.slice(1)) {
        expect(c.sectionPath[1]).toBe(s.path[1]);
        // Later chunks start at a khoản, unless the khoản is longer than a chunk (or than what
        // the Điều heading leaves of the first chunk).
        const khoan = sections.find((k) => k.kind === 'khoan' && k.start <= c.start && c.start < k.end);
        const room = (khoan?.number === '1' ? 120 - countChars(s.heading) : 120) - 12; // the estimate counts a join per line
        if (khoan && countChars(law.text.slice(khoan.start, khoan.end)) <= room) expect(khoanStarts.has(c.start)).toBe(true);
      }
    }
    expect(split).toBeGreaterThan(5);
  });
});
