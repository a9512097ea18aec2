/**
 * Scans made by the tests: a law printed by LibreOffice, rasterised at 150 dpi and wrapped
 * image-only. Tesseract (vie) reads it back; the pages, their confidence and the OCR mark reach
 * the citations; without Tesseract a scan is skipped with the reason and the install command.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OCR_INSTALL, ocrAvailability } from '../../ingest/load/ocr.ts';
import { loadPdf } from '../../ingest/load/pdf.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { generateLaw } from '../../testkit/legal-documents.ts';
import { convertToPdf, sofficeAvailable, writeOfficeDocx } from '../../testkit/office.ts';
import { writeScan } from '../../testkit/pdf-documents.ts';
import { characterSimilarity } from '../../testkit/similarity.ts';
import { takePageMarks } from '../../text/pages.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { runIngest, tempDir } from '../helpers/ingest-run.ts';
import { needs } from '../helpers/tools.ts';

const law = generateLaw({ seed: 41, index: 1, articles: 7, chapters: 2 });
const available = (await ocrAvailability('vie')).ok && (await sofficeAvailable());
let scan = '';
let corpus = '';

describe.runIf(needs(available, 'Tesseract, pdftoppm and LibreOffice', `${OCR_INSTALL} libreoffice-writer-nogui`))('OCR of a scan', () => {
  beforeAll(async () => {
    const dir = await tempDir('ocr');
    const docx = path.join(dir, `${law.slug}.docx`);
    await writeOfficeDocx(docx, law, { font: 'DejaVu Serif', pageNumbers: true });
    const [pdf] = await convertToPdf([docx], dir);
    corpus = path.join(dir, 'corpus');
    await fs.mkdir(corpus);
    scan = path.join(corpus, `${law.slug}.pdf`);
    await writeScan(pdf!, scan, 150);
  }, 300_000);

  it('Tesseract with Vietnamese and pdftoppm are installed (CI installs them)', async () => {
    expect(await ocrAvailability('vie')).toEqual({ ok: true });
  });

  it('reads the scan back, page by page, with its confidence and progress', async () => {
    const progress: number[] = [];
    const loaded = await loadPdf(new Uint8Array(await fs.readFile(scan)), { ocr: { dpi: 300, onPage: (done) => progress.push(done) } });
    const { text, pageStarts } = takePageMarks(loaded.text);
    expect(characterSimilarity(law.text, text)).toBeGreaterThanOrEqual(0.95);
    const readings = loaded.pageReadings ?? [];
    expect(readings.length).toBeGreaterThanOrEqual(2);
    expect(loaded.pages).toEqual({ total: readings.length, withoutText: 0 });
    expect(pageStarts).toHaveLength(readings.length);
    for (const page of readings) expect(page.ocr?.confidence).toBeGreaterThan(70);
    expect(progress).toEqual(readings.map((_, i) => i + 1));
    // Read as structure: every article heading on its own line, the page numbers gone.
    const lines = text.split('\n');
    for (const a of law.articles) expect(lines).toContain(a.heading);
    expect(lines.filter((l) => /^\d{1,3}$/u.test(l))).toEqual([]);
  }, 300_000);

  it('cites an OCR’d passage as such, with its page and confidence', async () => {
    const { index } = await buildCorpusIndex({ corpusDir: corpus });
    const engine = new AnswerEngine(index, null);
    const doc = engine.documents.get(law.slug)!;
    expect(doc.title).toBe(law.title);
    expect(doc.pages?.every((p) => p.ocr !== undefined)).toBe(true);
    const answer = await engine.ask(`Điều 3 ${law.title} quy định gì?`);
    const c = answer.citations[0]!;
    expect(c.quote).toBe(doc.text.slice(c.start, c.end));
    expect(c.section).toContain('Điều 3.');
    expect(c.pages?.length).toBeGreaterThan(0);
    expect(c.ocr?.confidence).toBeGreaterThan(70);
  }, 300_000);

  it('skips a scan with the reason and the install command when Tesseract is missing, and builds the rest', async () => {
    const dir = await tempDir('ocr-missing');
    const files = path.join(dir, 'corpus');
    await fs.mkdir(files);
    await fs.copyFile(scan, path.join(files, 'scan.pdf'));
    await fs.writeFile(path.join(files, 'ghi-chu.txt'), 'Ghi chú về công tác cán bộ năm 2022.');
    // No tesseract, no pdftoppm on PATH: as on a machine without them.
    const result = await runIngest(['--corpus', files, '--index', path.join(dir, 'index')], { PATH: path.join(dir, 'no-bin') });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/scan\.pdf\s+scanned PDF without a text layer/u);
    expect(result.stdout).toContain('tesseract-ocr tesseract-ocr-vie poppler-utils');
    expect(result.stdout).toMatch(/documents\s+1/u);
  }, 300_000);
});
