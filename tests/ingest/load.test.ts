import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { detectFormat, LoadError, loadSourceFile } from '../../ingest/load/index.ts';
import { decodeText, firstInvalidUtf8Offset } from '../../ingest/load/text.ts';
import type { LoadedText, SourceFile } from '../../ingest/types.ts';
import { makeDocx, makeEncryptedPdf, makePdf } from '../../testkit/make-documents.ts';
import { takePageMarks } from '../../text/pages.ts';

const QUY_DINH_50 = 'Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ.';
const KET_LUAN_21 =
  'Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng.';
const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vankien-load-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function sourceFile(filePath: string): SourceFile {
  const relPath = path.basename(filePath);
  const format = detectFormat(relPath);
  if (format === null) throw new Error(`test file with unknown format: ${relPath}`);
  return { path: filePath, relPath, docId: relPath.replace(/\.[^.]+$/, ''), format, bytes: fs.statSync(filePath).size };
}

function writeFile(name: string, content: string | Uint8Array): SourceFile {
  const filePath = path.join(dir, name);
  fs.writeFileSync(filePath, content);
  return sourceFile(filePath);
}

/** PDF text extraction splits lines where the page wraps them: compare whitespace-insensitively. */
const flat = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();

async function loadError(file: SourceFile, options?: { maxBytes?: number }): Promise<LoadError> {
  const error: unknown = await loadSourceFile(file, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}

/** Everything pdf.js or mammoth would print while loading. */
async function loadSilently(file: SourceFile): Promise<{ loaded: LoadedText | LoadError; printed: unknown[] }> {
  const printed: unknown[] = [];
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(chunk), true)),
    vi.spyOn(console, 'log').mockImplementation((...args) => void printed.push(args)),
    vi.spyOn(console, 'warn').mockImplementation((...args) => void printed.push(args)),
  ];
  try {
    const loaded = await loadSourceFile(file).catch((e: unknown) => {
      if (e instanceof LoadError) return e;
      throw e;
    });
    return { loaded, printed };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('detectFormat', () => {
  it('maps extensions in any case and refuses others', () => {
    expect(detectFormat('a/b/Van-Ban.TXT')).toBe('txt');
    expect(detectFormat('notes.md')).toBe('md');
    expect(detectFormat('x.Pdf')).toBe('pdf');
    expect(detectFormat('x.DOCX')).toBe('docx');
    expect(detectFormat('page.htm')).toBe('html');
    expect(detectFormat('page.html')).toBe('html');
    expect(detectFormat('legacy.doc')).toBeNull();
    expect(detectFormat('README')).toBeNull();
    expect(detectFormat('archive.txt.gz')).toBeNull();
  });
});

describe('text files', () => {
  it('loads the real corpus byte for byte', async () => {
    const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.txt'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const loaded = await loadSourceFile(sourceFile(path.join(CORPUS_DIR, name)));
      expect(loaded.text).toBe(fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8'));
      expect(loaded.title).toBeUndefined();
    }
  });

  it('strips a UTF-8 BOM and unifies line ends', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const file = writeFile('bom.txt', Buffer.concat([bom, Buffer.from(`${QUY_DINH_50}\r\n\r\nDòng hai\rDòng ba`)]));
    expect((await loadSourceFile(file)).text).toBe(`${QUY_DINH_50}\n\nDòng hai\nDòng ba`);
  });

  it('decodes UTF-16 LE and BE with a BOM, and BOM-less UTF-16LE', async () => {
    const text = `${QUY_DINH_50}\n\n${KET_LUAN_21}`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: Array<[string, Buffer]> = [
      ['le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be-bom.md', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['le-nobom.txt', le],
    ];
    for (const [name, bytes] of cases) {
      expect((await loadSourceFile(writeFile(name, bytes))).text, name).toBe(text);
    }
  });

  it('refuses legacy 8-bit text (Windows-1258) and names the file', async () => {
    // "Quy định" in Windows-1258: đ = 0xF0, ị = i + combining dot below (0xF2).
    const bytes = Buffer.from([0x51, 0x75, 0x79, 0x20, 0xf0, 0x69, 0xf2, 0x6e, 0x68, 0x20, 0xd0, 0xe3, 0xf5, 0x6e, 0x67]);
    const error = await loadError(writeFile('cp1258.txt', bytes));
    expect(error.file).toBe('cp1258.txt');
    expect(error.message).toContain('cp1258.txt');
    expect(error.reason).toMatch(/not UTF-8 or UTF-16 text \(looks like a legacy 8-bit encoding/);
    expect(error.reason).toContain('offset 4');
  });

  it('refuses binary content renamed .txt', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      Buffer.alloc(64, 7),
    ]);
    expect((await loadError(writeFile('image.txt', png))).reason).toMatch(/^binary content/);
    const nul = Buffer.from('văn bản\u0000\u0000\u0001 có byte NUL ở giữa', 'utf8');
    expect((await loadError(writeFile('nul.txt', nul))).reason).toBe('binary content (NUL bytes)');
  });

  it('decodes any valid UTF-8 unchanged and agrees with the validator', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const clean = text.replace(/\u0000/g, '');
        const bytes = Buffer.from(clean, 'utf8');
        expect(firstInvalidUtf8Offset(bytes)).toBe(-1);
        expect(decodeText(bytes)).toBe(clean.startsWith('\ufeff') ? clean.slice(1) : clean);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const valid = (() => {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            return true;
          } catch {
            return false;
          }
        })();
        expect(firstInvalidUtf8Offset(bytes) === -1).toBe(valid);
      }),
    );
  });
});

describe('PDF files', () => {
  it('round-trips Vietnamese text, marks where the second page starts and reads the title', async () => {
    const filePath = path.join(dir, 'quy-dinh.pdf');
    await makePdf(filePath, ['QUY ĐỊNH VỀ CÔNG TÁC CÁN BỘ', QUY_DINH_50, KET_LUAN_21], {
      title: 'Quy định 50-QĐ/TW',
      pageBreaksBefore: [2],
    });
    const { loaded, printed } = await loadSilently(sourceFile(filePath));
    expect(printed).toEqual([]);
    expect(loaded).not.toBeInstanceOf(LoadError);
    const { text, title } = loaded as LoadedText;
    expect(title).toBe('Quy định 50-QĐ/TW');
    const { text: plain, pageStarts } = takePageMarks(text);
    expect(flat(plain)).toBe(flat(['QUY ĐỊNH VỀ CÔNG TÁC CÁN BỘ', QUY_DINH_50, KET_LUAN_21].join(' ')));
    expect(pageStarts).toHaveLength(2);
    expect(flat(plain.slice(pageStarts[1]))).toBe(KET_LUAN_21);
    expect(loaded).toMatchObject({ pages: { total: 2, withoutText: 0 }, pageReadings: [{ ocr: null }, { ocr: null }] });
    expect(text).not.toMatch(/-- \d+ of \d+ --/);
  });

  it('refuses an encrypted PDF', async () => {
    const filePath = path.join(dir, 'encrypted.pdf');
    await makeEncryptedPdf(filePath, [QUY_DINH_50]);
    const { loaded, printed } = await loadSilently(sourceFile(filePath));
    expect(printed).toEqual([]);
    expect(loaded).toBeInstanceOf(LoadError);
    expect((loaded as LoadError).reason).toMatch(/^encrypted PDF/);
  });

  it('refuses a truncated or damaged PDF', async () => {
    const whole = path.join(dir, 'whole.pdf');
    await makePdf(whole, [QUY_DINH_50, KET_LUAN_21]);
    const bytes = fs.readFileSync(whole);
    const truncated = writeFile('truncated.pdf', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await loadError(truncated)).reason).toMatch(/^damaged or truncated PDF/);
    // Header and end marker intact, body garbled: pdf.js itself fails.
    const garbled = Buffer.from(bytes);
    garbled.fill(0x3f, 16, garbled.length - 16);
    const { loaded, printed } = await loadSilently(writeFile('garbled.pdf', garbled));
    expect(printed).toEqual([]);
    expect(loaded).toBeInstanceOf(LoadError);
    expect((loaded as LoadError).reason).toMatch(/^damaged or truncated PDF/);
    expect((await loadError(writeFile('not-pdf.pdf', QUY_DINH_50))).reason).toMatch(/^not a PDF file/);
  });
});

describe('DOCX files', () => {
  it('keeps Vietnamese text, headings and Word list numbers', async () => {
    const filePath = path.join(dir, 'ket-luan.docx');
    await makeDocx(filePath, [
      { kind: 'heading', text: 'Kết luận của Hội nghị' },
      { kind: 'heading', level: 2, text: 'I. Về công tác quy hoạch cán bộ' },
      { kind: 'paragraph', text: QUY_DINH_50 },
      { kind: 'numbered', items: ['Rà soát quy hoạch.', 'Đánh giá cán bộ.', 'Báo cáo kết quả.'] },
      { kind: 'bullets', items: ['Ban Tổ chức Tỉnh ủy', 'Ủy ban Kiểm tra Tỉnh ủy'] },
      { kind: 'paragraph', text: KET_LUAN_21 },
    ]);
    const { text, title } = await loadSourceFile(sourceFile(filePath));
    expect(title).toBe('Kết luận của Hội nghị');
    expect(text.normalize('NFC').split('\n\n')).toEqual([
      'Kết luận của Hội nghị',
      'I. Về công tác quy hoạch cán bộ',
      QUY_DINH_50,
      '1. Rà soát quy hoạch.',
      '2. Đánh giá cán bộ.',
      '3. Báo cáo kết quả.',
      '- Ban Tổ chức Tỉnh ủy',
      '- Ủy ban Kiểm tra Tỉnh ủy',
      KET_LUAN_21,
    ]);
  });

  it('refuses a file that is not a zip', async () => {
    const error = await loadError(writeFile('not-zip.docx', `${QUY_DINH_50}\n`));
    expect(error.reason).toBe('not a DOCX (zip) file');
    expect(error.message).toContain('not-zip.docx');
  });

  it('refuses a zip that is not a Word document', async () => {
    // A DOCX without its word/document.xml part: rebuild the zip from a real one would need
    // a zip writer, so use the smallest valid zip: an empty archive.
    const emptyZip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
    expect((await loadError(writeFile('empty.docx', emptyZip))).reason).toMatch(/^damaged DOCX file/);
  });
});

describe('HTML files', () => {
  const page = (body: string, title = 'Tiêu đề trang | Cổng thông tin'): string =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<script>var menu = "Trang chủ";</script><style>p { color: red }</style></head><body>${body}</body></html>`;

  const NEWS_BODY =
    '<header class="site-header"><h1 class="logo">Cổng thông tin điện tử</h1></header>' +
    '<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></nav>' +
    '<div class="breadcrumb">Trang chủ › Tin tức</div>' +
    '<div id="main-menu"><a>Giới thiệu</a> <a>Liên hệ</a></div>' +
    '<div class="content">' +
    '<h1>Hội nghị  triển khai\n Quy định 50</h1>' +
    `<p>${QUY_DINH_50}</p>` +
    `<p>Đồng chí Bí thư&nbsp;nhấn mạnh:<br>Thứ nhất, &quot;quy hoạch&quot; phải &amp; đúng.</p>` +
    '<div class="social-share">Chia sẻ Facebook Zalo</div>' +
    '<div class="tin-lien-quan"><p>Tin liên quan: một bài khác rất dài về chủ đề khác.</p></div>' +
    '</div>' +
    '<aside><p>Quảng cáo bên phải</p></aside>' +
    '<div class="comments"><p>Bình luận của bạn đọc</p></div>' +
    '<footer><p>Bản quyền thuộc về Tỉnh ủy</p></footer>';

  it('keeps the article paragraphs and drops menus, footers and scripts', async () => {
    const { text, title } = await loadSourceFile(writeFile('tin.html', page(NEWS_BODY)));
    expect(title).toBe('Hội nghị triển khai Quy định 50');
    expect(text.split('\n\n')).toEqual([
      'Hội nghị triển khai Quy định 50',
      QUY_DINH_50,
      'Đồng chí Bí thư\u00a0nhấn mạnh:\nThứ nhất, "quy hoạch" phải & đúng.',
    ]);
    for (const junk of ['Trang chủ', 'Giới thiệu', 'Chia sẻ', 'Tin liên quan', 'Quảng cáo', 'Bình luận', 'Bản quyền', 'color']) {
      expect(text).not.toContain(junk);
    }
  });

  it('prefers <article>, keeps its own header, and takes the <title> when it has no <h1>', async () => {
    const body =
      '<div class="sidebar"><p>Bài viết nổi bật khác</p></div>' +
      `<article><header><h2>Ngày 05/01/2023</h2></header><p>${QUY_DINH_50}</p>` +
      `<ol><li>Điểm thứ nhất</li><li>Điểm thứ hai</li></ol><ul><li>Ý phụ</li></ul><p>${KET_LUAN_21}</p></article>`;
    const { text, title } = await loadSourceFile(writeFile('article.htm', page(body, 'Thông báo kết luận')));
    expect(title).toBe('Thông báo kết luận');
    expect(text.split('\n\n')).toEqual([
      'Ngày 05/01/2023',
      QUY_DINH_50,
      '1. Điểm thứ nhất',
      '2. Điểm thứ hai',
      '- Ý phụ',
      KET_LUAN_21,
    ]);
  });

  it('keeps the headline above the paragraph block, and words split by inline markup', async () => {
    const links = Array.from({ length: 12 }, (_, i) => `<li><a href="/tin/${i}">Tin khác số ${i} trong ngày</a></li>`).join('');
    const body =
      '<div class="detail"><h1>Thông <b>báo</b> kết luận</h1><span class="date">05/01/2023</span>' +
      `<div class="detail-body"><p>${QUY_DINH_50}</p><p>${KET_LUAN_21}</p></div></div>` +
      `<div class="box-tin"><ul>${links}</ul></div>`;
    const { text, title } = await loadSourceFile(writeFile('headline.html', page(body)));
    expect(title).toBe('Thông báo kết luận');
    expect(text.split('\n\n')).toEqual(['Thông báo kết luận', '05/01/2023', QUY_DINH_50, KET_LUAN_21]);
  });

  it('keeps a page-wide ASP.NET <form> that wraps the article', async () => {
    const body = `<form id="form1"><div class="menu-top">Trang chủ</div><div id="noidung"><p>${QUY_DINH_50}</p><p>${KET_LUAN_21}</p></div></form>`;
    const { text } = await loadSourceFile(writeFile('aspnet.html', page(body)));
    expect(text).toBe(`${QUY_DINH_50}\n\n${KET_LUAN_21}`);
  });

  it('decodes a page that declares a legacy charset', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><body><p>';
    const bytes = Buffer.concat([Buffer.from(html, 'latin1'), Buffer.from([0x51, 0x75, 0x79, 0x20, 0xf0, 0x69, 0xf2, 0x6e, 0x68]), Buffer.from('</p></body></html>')]);
    const { text } = await loadSourceFile(writeFile('legacy.html', bytes));
    expect(text.normalize('NFC')).toBe('Quy định');
  });

  it('loads 10,000 nested divs without overflowing the stack, with bounded output', async () => {
    const depth = 10_000;
    const html = page(`${'<div>'.repeat(depth)}<p>${QUY_DINH_50}</p>${'</div>'.repeat(depth)}<div>Cuối trang</div>`);
    const { text } = await loadSourceFile(writeFile('deep.html', html));
    expect(text).toContain(QUY_DINH_50);
    expect(text.length).toBeLessThan(html.length);
  });
});

describe('size limit and missing files', () => {
  it('refuses files over maxBytes before reading them', async () => {
    const file = writeFile('big.txt', 'a'.repeat(4096));
    const error = await loadError(file, { maxBytes: 1024 });
    expect(error.reason).toBe('file too large (4.0 KB > 1.0 KB limit)');
    expect((await loadSourceFile(file, { maxBytes: 4096 })).text).toHaveLength(4096);
  });

  it('reports a missing file as a LoadError', async () => {
    const missing: SourceFile = { path: path.join(dir, 'nope.txt'), relPath: 'nope.txt', docId: 'nope', format: 'txt', bytes: 0 };
    expect((await loadError(missing)).reason).toBe('file not found');
  });
});
