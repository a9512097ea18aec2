/**
 * One library in the formats it comes in: a law as DOCX with page breaks, the same law's PDF
 * beside it (two files, one name), a Party document as a LibreOffice PDF. Ingested as a user
 * would: one document per name, titles from the documents' own headings, pages in citations.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../../index/store.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { generateLaw, generatePartyDocument } from '../../testkit/legal-documents.ts';
import { convertToPdf, sofficeAvailable, writeOfficeDocx } from '../../testkit/office.ts';
import { needs } from '../helpers/tools.ts';
import { runIngest, tempDir } from '../helpers/ingest-run.ts';

const law = generateLaw({ seed: 51, index: 0, articles: 24 });
const party = generatePartyDocument({ seed: 52, number: 21 });
const soffice = await sofficeAvailable();

let engine: AnswerEngine;
let output = '';
let code: number | null = null;

describe.runIf(needs(soffice, 'LibreOffice', 'apt-get install libreoffice-writer-nogui fonts-dejavu-core'))('a library of DOCX and PDF files', () => {
  beforeAll(async () => {
    const dir = await tempDir('formats');
    const corpus = path.join(dir, 'corpus');
    await fs.mkdir(corpus);
    const work = path.join(dir, 'work');
    await fs.mkdir(work);
    // The law's DOCX breaks a page before Chương II and Chương III.
    const chapters = law.paragraphs.flatMap((p, i) => (/^Chương I{2,3}$/u.test(p) ? [i - law.paragraphs.indexOf('LUẬT')] : []));
    await writeOfficeDocx(path.join(corpus, `${law.slug}.docx`), law, { font: 'DejaVu Serif', pageBreaksBefore: chapters });
    await writeOfficeDocx(path.join(work, `${law.slug}.docx`), law, { font: 'DejaVu Serif', pageNumbers: true });
    await writeOfficeDocx(path.join(work, `${party.slug}.docx`), party, { font: 'Liberation Serif', pageNumbers: true });
    const pdfs = await convertToPdf([path.join(work, `${law.slug}.docx`), path.join(work, `${party.slug}.docx`)], work);
    for (const pdf of pdfs) await fs.copyFile(pdf, path.join(corpus, path.basename(pdf)));
    const indexDir = path.join(dir, 'index');
    const result = await runIngest(['--corpus', corpus, '--index', indexDir]);
    output = result.stdout + result.stderr;
    code = result.code;
    engine = new AnswerEngine(await loadIndex(indexDir), null);
  }, 300_000);

  it('builds the library although x.docx sits beside x.pdf, skipping the PDF with the reason', () => {
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`${law.slug}\\.pdf\\s+same document id "${law.slug}" as ${law.slug}\\.docx`, 'u'));
    expect([...engine.documents.keys()].sort()).toEqual([law.slug, party.slug].sort());
  });

  it('titles each document with its own heading and reads its identity', () => {
    expect(engine.documents.get(law.slug)).toMatchObject({ title: law.title, kind: 'luật', date: law.date, format: 'docx' });
    expect(engine.documents.get(party.slug)).toMatchObject({ kind: 'kết luận', issuer: 'Bộ Chính trị', date: party.date, format: 'pdf' });
  });

  it('cites the DOCX page (from its page breaks) and the PDF page of a passage', async () => {
    const lastChapter = law.articles.at(-1)!;
    const answer = await engine.ask(`Điều ${lastChapter.number} ${law.title} quy định gì?`);
    expect(answer.citations[0]?.pages).toEqual([3]);
    const pdfDoc = engine.documents.get(party.slug)!;
    expect(pdfDoc.pages?.length).toBeGreaterThanOrEqual(1);
    const kl = await engine.ask('Kết luận 21 do ai ký?');
    expect(kl.answer).toBe(party.signer);
    expect(kl.citations[0]?.pages?.length).toBeGreaterThan(0);
  });
});
