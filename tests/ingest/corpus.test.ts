/** The corpus folder: discovery, manifest, and metadata derived from the real documents. */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanDocumentText } from '../../ingest/clean.ts';
import { deriveMeta, discoverSourceFiles, listCorpus, ManifestError, readManifest } from '../../ingest/corpus.ts';

const CORPUS = path.resolve(import.meta.dirname, '../..', 'corpus');
const SHARED_CORPUS = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

const SLUGS = [
  '2022-01-phat-bieu-be-mac-hoi-nghi-chuyen-de-xay-dung-dang',
  '2022-04-phat-bieu-be-mac-hoi-nghi-bch-dang-bo-tinh-lan-thu-8',
  '2022-ban-tin-so-ket-6-thang-cum-thi-dua-ban-to-chuc-mien-trung-tay-nguyen',
  '2023-01-05-ban-tin-tong-ket-cong-tac-to-chuc-xay-dung-dang-nam-2022',
  '2023-ban-tin-cong-tac-xay-dung-dang-quy-i-2023',
];

function cleaned(slug: string): ReturnType<typeof cleanDocumentText> {
  return cleanDocumentText(readFileSync(path.join(CORPUS, `${slug}.txt`), 'utf8'));
}

describe('the project corpus folder', () => {
  it('holds the five documents under their slug ids', async () => {
    const files = await discoverSourceFiles(CORPUS);
    expect(files.map((f) => f.docId)).toEqual(SLUGS);
    for (const file of files) {
      expect(file.relPath).toBe(`${file.docId}.txt`);
      expect(file.format).toBe('txt');
      expect(file.bytes).toBeGreaterThan(1000);
      expect(path.isAbsolute(file.path)).toBe(true);
    }
  });

  it('keeps the bytes of the original files', async () => {
    const manifest = await readManifest(CORPUS);
    for (const slug of SLUGS) {
      const source = manifest.documents[slug]?.source ?? '';
      const original = source.replace('user corpus: ', '');
      expect(readFileSync(path.join(CORPUS, `${slug}.txt`))).toEqual(readFileSync(path.join(SHARED_CORPUS, original)));
    }
  });

  it('has a manifest entry with title, date, kind and source for every document', async () => {
    const manifest = await readManifest(CORPUS);
    expect(Object.keys(manifest.documents).sort()).toEqual(SLUGS);
    for (const entry of Object.values(manifest.documents)) {
      expect(entry.title).toBeTruthy();
      expect(entry.date).toMatch(/^\d{4}(-\d{2}){0,2}$/);
      expect(['phát biểu', 'bản tin']).toContain(entry.kind);
      expect(entry.source).toMatch(/^user corpus: 00\d_[0-9a-f]{16}\.txt$/);
    }
  });
});

describe('discoverSourceFiles and readManifest on a scratch folder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-corpus-'));
    await fs.mkdir(path.join(dir, 'phat-bieu', '.drafts'), { recursive: true });
    await fs.mkdir(path.join(dir, '.git'));
    const files = ['b.txt', 'a.PDF', 'phat-bieu/ket-luan.docx', 'phat-bieu/trang.htm', 'phat-bieu/.drafts/x.txt', '.hidden.txt', '.git/c.txt', 'notes.json', 'anh.png'];
    for (const file of files) await fs.writeFile(path.join(dir, file), 'x');
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  it('finds supported files recursively, sorted, skipping hidden ones and the manifest', async () => {
    await fs.writeFile(path.join(dir, 'manifest.json'), '{"documents":{}}');
    const files = await discoverSourceFiles(dir);
    expect(files.map((f) => [f.relPath, f.docId, f.format])).toEqual([
      ['a.PDF', 'a', 'pdf'],
      ['b.txt', 'b', 'txt'],
      ['phat-bieu/ket-luan.docx', 'phat-bieu/ket-luan', 'docx'],
      ['phat-bieu/trang.htm', 'phat-bieu/trang', 'html'],
    ]);
  });

  it('keeps one of two files with the same document id and skips the other with the reason', async () => {
    await fs.writeFile(path.join(dir, 'b.md'), 'x');
    await fs.writeFile(path.join(dir, 'b.pdf'), 'x');
    const { files, refused } = await listCorpus(dir);
    expect(files.filter((f) => f.docId === 'b').map((f) => f.relPath)).toEqual(['b.md']);
    expect(refused).toEqual([
      { file: 'b.pdf', reason: expect.stringMatching(/^same document id "b" as b\.md, which is indexed instead/) },
      { file: 'b.txt', reason: expect.stringMatching(/^same document id "b" as b\.md/) },
    ]);
    await fs.rm(path.join(dir, 'b.md'));
    await fs.rm(path.join(dir, 'b.pdf'));
  });

  it('reads a missing manifest as empty and names the file of a bad one', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-corpus-empty-'));
    await expect(readManifest(empty)).resolves.toEqual({ documents: {} });
    await fs.rm(empty, { recursive: true });

    const file = path.join(dir, 'manifest.json');
    await fs.writeFile(file, '{"documents": {"b": {"date": "05/01/2023"}}}');
    await expect(readManifest(dir)).rejects.toThrow(ManifestError);
    await expect(readManifest(dir)).rejects.toThrow(/manifest\.json: invalid manifest: documents\.b\.date/);
    await fs.writeFile(file, '{"documents": {"b": {"tittle": "x"}}}');
    await expect(readManifest(dir)).rejects.toThrow(/manifest\.json: invalid manifest/);
    await fs.writeFile(file, '{"documents": ');
    await expect(readManifest(dir)).rejects.toThrow(/manifest\.json: not valid JSON/);
  });
});

describe('deriveMeta', () => {
  it('reads the headline and the dateline of the news article 003', () => {
    const docId = SLUGS[3] ?? '';
    const { text, hints } = cleaned(docId);
    expect(deriveMeta({ docId, text, hints })).toEqual({
      title: 'Công tác tổ chức xây dựng Đảng đạt nhiều kết quả quan trọng',
      date: '2023-01-05',
      kind: 'bản tin',
      issuer: null,
      source: null,
    });
    // The dateline alone is enough, without the cleaning hints.
    expect(deriveMeta({ docId, text, hints: {} }).date).toBe('2023-01-05');
  });

  it('takes the date of the speech 002 from its header token and knows a speech', () => {
    const docId = SLUGS[1] ?? '';
    const { text, hints } = cleaned(docId);
    const meta = deriveMeta({ docId, text, hints });
    expect(meta.date).toBe('2022-04');
    expect(meta.kind).toBe('phát biểu');
    expect(meta.title).toBe('2022-04-phat-bieu-be-mac-hoi-nghi-bch-dang-bo-tinh-lan-thu-8');
  });

  it('does not take a photo caption for a title, and invents no issuer', () => {
    const docId = SLUGS[2] ?? '';
    const { text, hints } = cleaned(docId);
    const meta = deriveMeta({ docId, text, hints, loadedTitle: 'Hội nghị Cụm thi đua' });
    expect(meta).toMatchObject({ title: 'Hội nghị Cụm thi đua', date: null, kind: 'bản tin', issuer: null });
  });

  it('lets the manifest override what the text says', async () => {
    const docId = SLUGS[3] ?? '';
    const { text, hints } = cleaned(docId);
    const manifest = (await readManifest(CORPUS)).documents[docId];
    const override = { title: 'Tên khác', date: '2023-01', kind: 'báo cáo', issuer: 'Tỉnh ủy Hậu Giang' };
    expect(deriveMeta({ docId, text, hints, manifest: override })).toEqual({ ...override, source: null });
    expect(deriveMeta({ docId, text, hints, manifest })).toMatchObject({
      issuer: 'Tỉnh ủy Hậu Giang',
      source: 'user corpus: 003_916ea2c06a7dbd02.txt',
    });
  });

  it('recognizes an official document type line and a plain text', () => {
    const official = 'ĐẢNG BỘ TỈNH HẬU GIANG\nSố 12-BC/TU\nBÁO CÁO\nKết quả công tác quý I.';
    expect(deriveMeta({ docId: 'x/bao-cao', text: official, hints: {} })).toMatchObject({
      title: 'bao-cao',
      kind: 'báo cáo',
      date: null,
    });
    expect(deriveMeta({ docId: 'ghi-chu', text: 'Một đoạn văn bản bình thường.', hints: {} }).kind).toBe('văn bản');
  });
});
