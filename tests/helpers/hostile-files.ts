/**
 * Hostile corpus files for robustness tests: what people really drop into a corpus folder
 * (empty files, renamed images, broken or locked PDFs, legacy encodings, invisible characters,
 * huge lines, pathological HTML, odd names). Each file comes with what ingest must do with it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeEncryptedPdf, makePdf } from '../../testkit/make-documents.ts';

/** Vietnamese sentences with references, numbers and every tone, for generated texts. */
export const VIETNAMESE_SENTENCES = [
  'Ban Thường vụ Tỉnh ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII.',
  'Công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức, tổ chức và cán bộ tiếp tục được quan tâm, đạt nhiều kết quả quan trọng.',
  'Trong 6 tháng đầu năm, toàn Đảng bộ đã kết nạp 1.245 đảng viên mới, đạt 62,3% chỉ tiêu cả năm.',
  'Các cấp ủy cần tiếp tục quán triệt Quy định số 50-QĐ/TW về công tác tổ chức, cán bộ và nâng cao chất lượng sinh hoạt chi bộ.',
  'Hội nghị thống nhất đánh giá: việc thực hiện nhiệm vụ năm 2022 có nhiều chuyển biến tích cực, song vẫn còn hạn chế, khuyết điểm cần khắc phục.',
  'Đồng chí Bí thư Tỉnh ủy nhấn mạnh, mỗi cán bộ, đảng viên phải gương mẫu, giữ gìn phẩm chất, đạo đức, lối sống.',
] as const;

export type Outcome =
  /** Indexed as document `docId`, whose cleaned text contains `contains` and matches none of `absent`. */
  | { readonly kind: 'indexed'; readonly docId: string; readonly contains?: readonly string[]; readonly absent?: RegExp }
  /** Reported in the closing table as skipped, with a reason matching `reason`. */
  | { readonly kind: 'skipped'; readonly reason: RegExp }
  /** Neither indexed nor reported (hidden files). */
  | { readonly kind: 'ignored' };

export interface HostileFile {
  /** File name in the corpus folder, NFC (the one the table and the document id show). */
  readonly name: string;
  /** What the file is, for the matrix in test output. */
  readonly what: string;
  readonly outcome: Outcome;
}

/** `length` characters of Vietnamese prose: sentences separated by `separator`, padded with spaces. */
export function vietnameseText(length: number, separator = '\n\n'): string {
  const block = VIETNAMESE_SENTENCES.join(separator) + separator;
  const text = block.repeat(Math.floor(length / block.length));
  return (text + block.slice(0, length - text.length).replace(/\S+$/u, '')).padEnd(length, ' ');
}

/**
 * Writes `bytes` bytes of UTF-8 Vietnamese prose (one sentence per paragraph) to `file` in
 * 1 MB writes, so a 50 MB file never exists as one string in the test process.
 */
export async function writeVietnameseFile(file: string, bytes: number): Promise<void> {
  const block = Buffer.from(`${VIETNAMESE_SENTENCES.join('\n\n')}\n\n`.repeat(2000));
  const handle = await fs.open(file, 'w');
  try {
    let written = 0;
    while (written + block.length <= bytes) {
      await handle.write(block);
      written += block.length;
    }
    // ASCII padding: exact size, no UTF-8 sequence cut in half.
    await handle.write(Buffer.from(' '.repeat(bytes - written)));
  } finally {
    await handle.close();
  }
}

/** Windows-1258 bytes of Vietnamese text: shaped letters precomposed, tone marks as combining bytes. */
export function encodeWindows1258(text: string): Buffer {
  const letters: Record<string, number> = {
    Â: 0xc2, â: 0xe2, Ă: 0xc3, ă: 0xe3, Ê: 0xca, ê: 0xea, Ô: 0xd4, ô: 0xf4,
    Ơ: 0xd5, ơ: 0xf5, Ư: 0xdd, ư: 0xfd, Đ: 0xd0, đ: 0xf0,
  };
  const tones: Record<string, number> = { '\u0300': 0xcc, '\u0301': 0xec, '\u0303': 0xde, '\u0309': 0xd2, '\u0323': 0xf2 };
  const shapes = /[\u0302\u0306\u031b]/u;
  const out: number[] = [];
  // One letter with its marks at a time: NFD puts the dot below before the circumflex.
  for (const [cluster] of text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)) {
    const marks = [...cluster.slice(1)];
    const letter = (cluster[0] + marks.filter((m) => shapes.test(m)).join('')).normalize('NFC');
    const code = letter.charCodeAt(0) < 0x80 ? letter.charCodeAt(0) : letters[letter];
    if (code === undefined) throw new Error(`no Windows-1258 byte for ${letter}`);
    out.push(code);
    for (const mark of marks.filter((m) => !shapes.test(m))) {
      const tone = tones[mark];
      if (tone === undefined) throw new Error(`no Windows-1258 byte for U+${mark.codePointAt(0)?.toString(16)}`);
      out.push(tone);
    }
  }
  return Buffer.from(out);
}

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf' +
    'c0f01f0005000201a2f5b5e10000000049454e44ae426082',
  'hex',
);

const SENTENCE_A = VIETNAMESE_SENTENCES[0];
const SENTENCE_B = VIETNAMESE_SENTENCES[1];

/** Invisible and control characters a copy-paste from the web or Word leaves in text. */
const INVISIBLE_TEXT =
  'Quy\u200B định số 50\u2060-QĐ/TW về\u00AD công tác tổ chức\u0007, cán\u200D bộ\uFEFF.\n' +
  // A tone mark split from its vowel by a zero-width space: cleaning must let NFC rejoin them.
  'Đảng bộ tỉnh la\u200B\u0300m tốt công tác kiểm tra\u0008, giám sát.\u000C' +
  'Nâng cao\u202E chất lượng\u202C sinh hoạt chi bộ\u001F.\u2028Kết luận số 21-KL/TW.\n';

/**
 * Writes the hostile files into `dir` (which should already hold a readable corpus) and says
 * what ingest must do with each. Big and slow cases (50 MB) are written by the tests themselves.
 */
export async function writeHostileFiles(dir: string): Promise<HostileFile[]> {
  const files: HostileFile[] = [];
  const add = async (name: string, what: string, content: string | Buffer | null, outcome: Outcome): Promise<void> => {
    if (content !== null) await fs.writeFile(path.join(dir, name), content);
    files.push({ name: name.normalize('NFC'), what, outcome });
  };
  const empty: Outcome = { kind: 'skipped', reason: /^empty file \(0 bytes\)$/ };

  await add('rong-txt.txt', 'empty .txt', '', empty);
  await add('rong-pdf.pdf', 'empty .pdf', '', empty);
  await add('rong-docx.docx', 'empty .docx', '', empty);
  await add('rong-html.html', 'empty .html', '', empty);
  await add('chi-khoang-trang.txt', 'only whitespace and line breaks', ' \n\t\r\n\u00A0\u3000\n', {
    kind: 'skipped',
    reason: /^no text/,
  });
  await add('anh-doi-ten.txt', 'PNG image renamed .txt', PNG_BYTES, { kind: 'skipped', reason: /binary content \(looks like a PNG image\)/ });

  const pdfPath = path.join(dir, 'cat-cut.pdf');
  await makePdf(pdfPath, [SENTENCE_A, SENTENCE_B]);
  const pdf = await fs.readFile(pdfPath);
  await add('cat-cut.pdf', 'PDF truncated to 60%', pdf.subarray(0, Math.floor(pdf.length * 0.6)), {
    kind: 'skipped',
    reason: /damaged or truncated PDF/,
  });
  await makeEncryptedPdf(path.join(dir, 'khoa-mat-khau.pdf'), [SENTENCE_A]);
  await add('khoa-mat-khau.pdf', 'encrypted PDF', null, { kind: 'skipped', reason: /encrypted PDF \(password protected\)/ });
  await add('khong-phai-zip.docx', 'DOCX that is plain text', `${SENTENCE_A}\n`, { kind: 'skipped', reason: /not a DOCX \(zip\) file/ });
  await add('zip-hong.docx', 'zip header, then garbage', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]), {
    kind: 'skipped',
    reason: /damaged DOCX file/,
  });

  const utf16Text = `${SENTENCE_A}\r\n\r\n${SENTENCE_B}\r\n`;
  const utf16Outcome = (docId: string): Outcome => ({ kind: 'indexed', docId, contains: [SENTENCE_A, SENTENCE_B], absent: /\uFEFF|\r/u });
  await add('utf16-le.txt', 'UTF-16 LE with BOM, CRLF', utf16(utf16Text, 'le', true), utf16Outcome('utf16-le'));
  await add('utf16-be.txt', 'UTF-16 BE with BOM, CRLF', utf16(utf16Text, 'be', true), utf16Outcome('utf16-be'));
  await add('utf16-le-khong-bom.txt', 'UTF-16 LE without BOM', utf16(utf16Text, 'le', false), utf16Outcome('utf16-le-khong-bom'));
  await add('utf8-bom.txt', 'UTF-8 with BOM', `\uFEFF${SENTENCE_B}\n`, { kind: 'indexed', docId: 'utf8-bom', contains: [SENTENCE_B], absent: /\uFEFF/u });
  await add('windows-1258.txt', 'Windows-1258 bytes', encodeWindows1258(`${SENTENCE_B}\r\n`), {
    kind: 'skipped',
    reason: /not UTF-8 or UTF-16 text \(looks like a legacy 8-bit encoding such as Windows-1258.*save it as UTF-8/,
  });
  await add('co-byte-nul.txt', 'Vietnamese text with NUL bytes', `${SENTENCE_A}\u0000\u0000${SENTENCE_B}\n`, {
    kind: 'skipped',
    reason: /binary content \(NUL bytes\)/,
  });
  await add('ky-tu-an.txt', 'zero-width, bidi and control characters', INVISIBLE_TEXT, {
    kind: 'indexed',
    docId: 'ky-tu-an',
    contains: ['Quy định số 50-QĐ/TW về công tác tổ chức, cán bộ.', 'Đảng bộ tỉnh làm tốt công tác kiểm tra, giám sát.', 'Nâng cao chất lượng sinh hoạt chi bộ.'],
    absent: /[\p{Cf}\u0000-\u0009\u000B-\u001F\u007F\u2028]/u,
  });
  await add('mot-dong-2mb.txt', 'one 2 MB line, no newline', vietnameseText(2_000_000, ' ').trimEnd(), {
    kind: 'indexed',
    docId: 'mot-dong-2mb',
    contains: [SENTENCE_A],
  });

  const depth = 10_000;
  await add(
    'long-10000-tang.html',
    'HTML nested 10,000 levels',
    `<!doctype html><html><head><title>Lồng sâu</title></head><body>${'<div>'.repeat(depth)}<p>${SENTENCE_A}</p>${'</div>'.repeat(depth)}</body></html>`,
    { kind: 'indexed', docId: 'long-10000-tang', contains: [SENTENCE_A] },
  );
  await add(
    'chi-co-script.html',
    'HTML app shell: scripts and menus only',
    '<!doctype html><html><head><title>Cổng thông tin</title><script>window.__STATE__ = {"tin": "Quy định số 50"};</script>' +
      '<style>body { color: red }</style></head><body><header class="site-header"><a href="/">Trang chủ</a></header>' +
      '<nav><ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav>' +
      '<div id="root"></div><noscript>Bạn cần bật JavaScript để xem trang này.</noscript>' +
      '<script src="/app.js"></script><footer>Bản quyền © 2023 Ban Tổ chức Tỉnh ủy</footer></body></html>',
    { kind: 'skipped', reason: /no text in the page/ },
  );

  // 50,000 sibling paragraphs: cheerio's .find() from their parent was quadratic (minutes).
  const rows = Array.from({ length: 50_000 }, (_, i) => `<p>Dòng ${i + 1}.</p>`).join('');
  await add('trang-rat-rong.html', 'HTML with 50,000 sibling paragraphs', `<html><body><div class="noi-dung"><h1>Danh sách</h1>${rows}</div></body></html>`, {
    kind: 'indexed',
    docId: 'trang-rat-rong',
    contains: ['Dòng 1.', 'Dòng 50000.'],
  });

  // Stored decomposed (as macOS writes names); the document id must still be NFC.
  const spacedName = 'Báo cáo tổng kết năm 2022 (bản sao).txt';
  await fs.writeFile(path.join(dir, spacedName.normalize('NFD')), `${SENTENCE_B}\n`);
  await add(spacedName, 'Vietnamese name with spaces, stored NFD', null, {
    kind: 'indexed',
    docId: 'Báo cáo tổng kết năm 2022 (bản sao)',
    contains: [SENTENCE_B],
  });
  // A name in Windows-1258 bytes (zip archives made on Windows): Node only sees it decoded lossily.
  const legacyName = Buffer.concat([Buffer.from('b'), Buffer.from([0xe1]), Buffer.from('o-c'), Buffer.from([0xe1]), Buffer.from('o.txt')]);
  await fs.writeFile(Buffer.concat([Buffer.from(`${dir}/`), legacyName]), `${SENTENCE_B}\n`);
  await add(new TextDecoder().decode(legacyName), 'file name in Windows-1258 bytes', null, {
    kind: 'skipped',
    reason: /^file name is not UTF-8 .*rename the file$/,
  });
  await add('.ban-nhap.txt', 'hidden file', `${SENTENCE_A}\n`, { kind: 'ignored' });
  await fs.mkdir(path.join(dir, '.git'), { recursive: true });
  await fs.writeFile(path.join(dir, '.git', 'HEAD.txt'), 'ref: refs/heads/main\n');
  files.push({ name: '.git/HEAD.txt', what: 'file in a hidden folder', outcome: { kind: 'ignored' } });
  return files;
}
