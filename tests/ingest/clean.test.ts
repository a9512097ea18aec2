/** Cleaning the five real documents: web leftovers gone, every body paragraph kept, in order. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocumentText } from '../../ingest/clean.ts';
import { normalizeText } from '../../text/normalize.ts';

const SHARED_CORPUS = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

interface Case {
  readonly file: string;
  /** First line of the web page's trailer; the body is everything before it. */
  readonly bodyEndsBefore: string | null;
  /** The body's first paragraph after the header token, when the file starts with one. */
  readonly firstParagraph?: string;
  readonly date?: string;
}

const CASES: readonly Case[] = [
  { file: '000_a930efd9a05762a5.txt', bodyEndsBefore: null },
  { file: '001_252ef32ffc55c670.txt', bodyEndsBefore: null },
  {
    file: '002_9fdafcf93230ce3d.txt',
    bodyEndsBefore: null,
    firstParagraph: 'Kính thưa: - Các đồng chí các ban xây dựng Đảng Trung ương phụ trách địa bàn,',
    date: '2022-04',
  },
  { file: '003_916ea2c06a7dbd02.txt', bodyEndsBefore: 'Viết bình luận mới', date: '2023-01-05' },
  { file: '004_3110e7a1b690f619.txt', bodyEndsBefore: 'Phản hồi' },
];

const LEFTOVERS = [
  'Xem thêm',
  'Viết bình luận mới',
  'THÔNG TIN CẦN BIẾT',
  'Bộ Nội vụ đề xuất bỏ ngạch công chức',
  'Các tin khác',
  'Mới nhất',
  'Xem nhiều nhất',
  'Phản hồi',
  'date 2022-04',
  'Gió tây nam cấp 3',
  '(HGO)',
];

function read(file: string): string {
  return readFileSync(path.join(SHARED_CORPUS, file), 'utf8');
}

/** A paragraph as the cleaner writes it: normalized, spaces collapsed, trimmed. */
function normalizeParagraph(line: string): string {
  return normalizeText(line).replace(/\s+/g, ' ').trim();
}

function paragraphs(text: string): string[] {
  return text
    .split('\n')
    .map(normalizeParagraph)
    .filter((line) => line.length > 0);
}

const sameUpToDashes = (a: string, b: string): boolean => a.replace(/[–—]/g, '-') === b.replace(/[–—]/g, '-');

/**
 * Every paragraph of the original body, in order, is a paragraph of the cleaned text. A paragraph
 * repeating the one before (a photo caption printed twice, maybe with another dash) may be dropped.
 */
function expectBodyKept(raw: string, cleaned: string, testCase: Case): void {
  let body = paragraphs(raw);
  const end = testCase.bodyEndsBefore === null ? -1 : body.indexOf(testCase.bodyEndsBefore);
  if (testCase.bodyEndsBefore !== null) expect(end).toBeGreaterThan(0);
  if (end >= 0) body = body.slice(0, end);
  if (testCase.firstParagraph !== undefined) body[0] = testCase.firstParagraph;

  const kept = paragraphs(cleaned);
  let from = 0;
  body.forEach((paragraph, i) => {
    const found = kept.indexOf(paragraph, from);
    if (found < 0) {
      const previous = body[i - 1];
      expect(previous !== undefined && sameUpToDashes(previous, paragraph), `lost: ${paragraph}`).toBe(true);
      return;
    }
    from = found + 1;
  });
}

describe('cleanDocumentText on the real corpus', () => {
  it.each(CASES)('$file: leftovers gone, body kept, idempotent', (testCase) => {
    const raw = read(testCase.file);
    const { text, hints } = cleanDocumentText(raw);

    for (const leftover of LEFTOVERS) expect(text).not.toContain(leftover);
    expect(text).not.toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    expectBodyKept(raw, text, testCase);
    expect(hints.date).toBe(testCase.date);

    expect(cleanDocumentText(text).text).toBe(text);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).not.toMatch(/\n\n\n| \n|\n |  |^\s|\s$/);
  });

  it('keeps the dateline of 003 and its last body lines up to the byline', () => {
    const { text } = cleanDocumentText(read('003_916ea2c06a7dbd02.txt'));
    expect(text.split('\n')[2]).toBe('Thứ Năm, ngày 05/01/2023 | 07:31');
    expect(text.endsWith('Bài, ảnh: TRƯỜNG SƠN')).toBe(true);
  });

  it('keeps one copy of each repeated photo caption in 004', () => {
    const { text } = cleanDocumentText(read('004_3110e7a1b690f619.txt'));
    const count = (s: string): number => text.split(s).length - 1;
    expect(count('tại buổi tiếp xúc, đối thoại với nhân dân TP. Vị Thanh.')).toBe(1);
    expect(count('dự Hội nghị công tác an ninh')).toBe(1);
    expect(text.split('\n')[0]).toBe('Hậu Giang: Quý I-2023, công tác xây dựng Đảng đạt kết quả toàn diện');
  });

  it('normalizes tone placement in the document text', () => {
    const { text } = cleanDocumentText(read('000_a930efd9a05762a5.txt'));
    expect(text).not.toMatch(/(?<!\p{L})(?:uỷ|hoá|khoẻ)(?!\p{L})/iu);
    expect(text).toContain('tự chuyển hóa');
  });
});

describe('cleanDocumentText on synthetic input', () => {
  it('normalizes characters, spaces and blank lines', () => {
    const raw = '\uFEFFTiêu\u200B đề\r\n\r\n\r\n\r\nĐoạn\u00a0 một\t có   khoảng trắng.  \r\nDòng\u0007 hai\n\n\n';
    expect(cleanDocumentText(raw).text).toBe('Tiêu đề\n\nĐoạn một có khoảng trắng.\nDòng hai');
  });

  it('reads a header date token and keeps the text after it', () => {
    const { text, hints } = cleanDocumentText(' date 2021-12-03 Kính thưa các đồng chí!\n\nNội dung.');
    expect(hints.date).toBe('2021-12-03');
    expect(text).toBe('Kính thưa các đồng chí!\n\nNội dung.');
  });

  it('keeps a trailer heading that is followed by real text', () => {
    const raw = 'Bài viết.\n\nXem thêm\n\nNghị quyết số 18 và các văn bản hướng dẫn thi hành.';
    expect(cleanDocumentText(raw).text).toBe(raw);
  });

  it('never throws and is idempotent on arbitrary strings', () => {
    const pieces = fc.constantFrom(
      'Xem thêm', 'Phản hồi', '06:17 17/04/2025', 'THÔNG TIN CẦN BIẾT', 'Trời nắng, gió nhẹ.', 'date 2022-04',
      'Ảnh minh họa ở đây', 'Văn bản.', '\n', '\n\n', ' ', '\u00a0', '\r', '\u200b', 'hoá', 'a\u0301',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const once = cleanDocumentText(raw).text;
        expect(cleanDocumentText(once).text).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
