/**
 * PDFs as a library gets them, made by the tests: a law printed by LibreOffice from a DOCX in a
 * font with every Vietnamese letter and in one without (a fallback font draws them), and by
 * pdfkit; each with a running header and page numbers. The text must come back word for word
 * (word F1 ≥ 0.98), in paragraphs, without the page furniture, with its pages marked.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPdf, readPdfPages } from '../../ingest/load/pdf.ts';
import { generateLaw, generatePartyDocument, type GeneratedDocument } from '../../testkit/legal-documents.ts';
import { convertToPdf, sofficeAvailable, writeOfficeDocx } from '../../testkit/office.ts';
import { writePdfkitPdf } from '../../testkit/pdf-documents.ts';
import { wordF1 } from '../../testkit/similarity.ts';
import { parseIdentity } from '../../text/identity.ts';
import { takePageMarks } from '../../text/pages.ts';
import { needs } from '../helpers/tools.ts';
import { tempDir } from '../helpers/ingest-run.ts';

const law = generateLaw({ seed: 31, index: 4, articles: 30 });
const party = generatePartyDocument({ seed: 32, type: 'Kết luận', number: 21 });
const soffice = await sofficeAvailable();

interface Made {
  readonly name: string;
  readonly doc: GeneratedDocument;
  readonly file: string;
}
let made: Made[] = [];

async function textOf(file: string): Promise<{ text: string; pageStarts: readonly number[]; pages: number }> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const loaded = await loadPdf(bytes, { ocr: false });
  const { text, pageStarts } = takePageMarks(loaded.text);
  return { text, pageStarts, pages: (await readPdfPages(bytes)).pages.length };
}

function expectFaithful(doc: GeneratedDocument, text: string): void {
  expect(wordF1(doc.text, text).f1).toBeGreaterThanOrEqual(0.98);
  const lines = text.split('\n');
  // No page numbers, no running header.
  expect(lines.filter((l) => /^\s*\d{1,3}\s*$/u.test(l))).toEqual([]);
  expect(lines.filter((l) => l === doc.title)).toEqual([]);
  // Paragraphs re-joined: every article heading and every khoản's first line is one line of the text.
  for (const a of doc.articles) {
    expect(lines, a.heading).toContain(a.heading);
    for (const k of a.khoan) expect(lines, k.text).toContain(k.text.split('\n')[0]);
  }
}

describe.runIf(needs(soffice, 'LibreOffice', 'apt-get install libreoffice-writer-nogui fonts-dejavu-core fonts-liberation'))(
  'PDFs printed by LibreOffice',
  () => {
    beforeAll(async () => {
      const dir = await tempDir('pdf-lo');
      const docx: Array<{ name: string; doc: GeneratedDocument; file: string }> = [];
      for (const [font, name] of [
        ['DejaVu Serif', 'dejavu'],
        ['Liberation Serif', 'fallback'],
      ] as const) {
        for (const doc of [law, party]) {
          const file = path.join(dir, `${doc.slug}-${name}.docx`);
          await writeOfficeDocx(file, doc, { font, runningHeader: doc.title, pageNumbers: true });
          docx.push({ name: `${doc.slug} in ${font}`, doc, file });
        }
      }
      const pdfs = await convertToPdf(docx.map((d) => d.file), dir);
      made = docx.map((d, i) => ({ ...d, file: pdfs[i]! }));
    }, 300_000);

    it('LibreOffice is installed (CI installs it)', () => {
      expect(soffice).toBe(true);
    });

    it('reads each text back word for word, in paragraphs, without page furniture', async () => {
      for (const m of made) {
        const { text } = await textOf(m.file);
        expectFaithful(m.doc, text);
      }
    });

    it('puts the letters a fallback font drew back in their words', async () => {
      const fallback = made.find((m) => m.doc === law && m.name.includes('Liberation'))!;
      const { text } = await textOf(fallback.file);
      for (const word of ['Luật', 'chức', 'nghĩa vụ', 'được', 'Điều', 'quyền']) expect(text).toContain(word);
      expect(text).not.toMatch(/(?<!\p{L})(?:Lu t|ch c|nhi m|đư c|vi c)(?!\p{L})/u);
    });

    it('marks where every page starts, and reads the header block of the Party document', async () => {
      const m = made.find((x) => x.doc === law && x.name.includes('DejaVu'))!;
      const { pageStarts, pages } = await textOf(m.file);
      expect(pages).toBeGreaterThan(1);
      expect(pageStarts).toHaveLength(pages);
      const p = made.find((x) => x.doc === party && x.name.includes('Liberation'))!;
      const identity = parseIdentity((await textOf(p.file)).text);
      expect(identity).toMatchObject({ number: { text: party.designation }, date: party.date, place: party.place, type: 'Kết luận' });
      expect(identity?.signer?.name.text).toBe(party.signer);
    });
  },
);

describe('PDFs written by pdfkit', () => {
  it('reads the text back word for word, without its running header and page numbers', async () => {
    const dir = await tempDir('pdf-kit');
    const file = path.join(dir, `${law.slug}.pdf`);
    await writePdfkitPdf(file, law, { runningHeader: law.title, pageNumbers: true });
    const { text, pageStarts, pages } = await textOf(file);
    expectFaithful(law, text);
    expect(pageStarts).toHaveLength(pages);
  });
});
