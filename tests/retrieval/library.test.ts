/**
 * A library of generated laws and Party documents, ingested as a user would: document identity
 * from the header, articles of named laws, counts from the structure, the one-reference-one-document
 * rule, every citation a verbatim slice.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../index/records.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import type { Answer } from '../../retrieval/types.ts';
import { generateLaw, generatePartyDocument, type GeneratedDocument } from '../../testkit/legal-documents.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { tempDir } from '../helpers/ingest-run.ts';

const viencChuc = generateLaw({ seed: 1, index: 0, articles: 40 });
const maTuy = generateLaw({ seed: 2, index: 2, articles: 35 });
const cuTru = generateLaw({ seed: 3, index: 3, articles: 57, chapters: 6 });
const ctTW = generatePartyDocument({ seed: 5, number: 5, type: 'Chỉ thị', level: 'TW' });
const ctTU = generatePartyDocument({ seed: 6, number: 5, type: 'Chỉ thị', level: 'TU' });
const kl21 = generatePartyDocument({ seed: 7, number: 21 });
const library: readonly GeneratedDocument[] = [viencChuc, maTuy, cuTru, ctTW, ctTU, kl21];

let engine: AnswerEngine;
let documents: ReadonlyMap<string, Document>;

beforeAll(async () => {
  const corpus = await tempDir('library');
  for (const d of library) await fs.writeFile(path.join(corpus, `${d.slug}.txt`), d.text);
  // A Party document citing the law by name and number, and Kết luận 21 in passing.
  await fs.writeFile(
    path.join(corpus, 'bao-cao.txt'),
    `Báo cáo sơ kết\nCác cơ quan thực hiện nghiêm Luật Viên chức số ${viencChuc.designation} và Kết luận 21 của Bộ Chính trị.\n`,
  );
  await fs.writeFile(
    path.join(corpus, 'hien-phap.txt'),
    [
      'QUỐC HỘI',
      'HIẾN PHÁP',
      'NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Chương I',
      'CHẾ ĐỘ CHÍNH TRỊ',
      'Điều 1. Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập, có chủ quyền, thống nhất và toàn vẹn lãnh thổ.',
      'Điều 2.',
      '1. Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam là nhà nước pháp quyền xã hội chủ nghĩa của Nhân dân, do Nhân dân, vì Nhân dân.',
      '2. Tất cả quyền lực nhà nước thuộc về Nhân dân.',
    ].join('\n'),
  );
  const { index } = await buildCorpusIndex({ corpusDir: corpus });
  engine = new AnswerEngine(index, null);
  documents = engine.documents;
});

function expectVerbatim(answer: Answer): void {
  for (const c of answer.citations) expect(documents.get(c.docId)?.text.slice(c.start, c.end)).toBe(c.quote);
}

describe('document identity', () => {
  it('titles a document with its own heading, not its file name, and reads its kind, issuer and date', () => {
    const law = documents.get(viencChuc.slug)!;
    expect(law).toMatchObject({ title: 'Luật Viên chức', kind: 'luật', issuer: 'Quốc hội', date: viencChuc.date });
    expect(law.identity).toMatchObject({ designation: viencChuc.designation, key: 'luat:vien-chuc', name: 'Viên chức' });
    const kl = documents.get(kl21.slug)!;
    expect(kl.title).toBe(kl21.title.replace('Kết luận', 'Kết luận của Bộ Chính trị'));
    expect(kl).toMatchObject({ kind: 'kết luận', issuer: 'Bộ Chính trị', date: kl21.date });
    expect(kl.identity?.signer?.name).toBe(kl21.signer);
  });

  it('makes a library document the target of the references naming it', () => {
    const [card] = engine.lookupReference(`Luật số ${viencChuc.designation}`);
    expect(card).toMatchObject({ key: 'luat:vien-chuc', document: { docId: viencChuc.slug, title: 'Luật Viên chức' } });
    expect(card!.mentions.some((m) => m.docId === 'bao-cao')).toBe(true);
    const [kl] = engine.lookupReference('KL 21');
    expect(kl).toMatchObject({ key: 'ket-luan:21:tw', date: kl21.date, document: { docId: kl21.slug } });
  });

  it.each([
    ['Kết luận 21 ban hành ngày nào?', () => kl21.date.split('-').map(Number).reverse().join(' tháng ').replace(/ tháng (\d+)$/, ' năm $1')],
    ['kl21 do ai ky', () => kl21.signer],
  ])('answers %j from the document itself', async (question, expected) => {
    const answer = await engine.ask(question);
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain(expected());
    expect(answer.citations[0]?.docId).toBe(kl21.slug);
    expectVerbatim(answer);
  });
});

describe('articles of named documents', () => {
  it('answers "Điều 5 Luật Viên chức" with the khoản of that article, citing its path', async () => {
    const article = viencChuc.articles[4]!;
    const answer = await engine.ask('Điều 5 Luật Viên chức quy định gì?');
    expect(answer.found).toBe(true);
    expect(answer.answer).toBe(article.heading);
    if (article.khoan.length > 0) expect(answer.items).toEqual(article.khoan.map((k) => k.text));
    expect(answer.citations[0]).toMatchObject({ docId: viencChuc.slug, section: `Chương ${article.chapter} › ${article.heading}` });
    expect(answer.hits[0]?.docId).toBe(viencChuc.slug);
    expectVerbatim(answer);
  });

  it('answers a khoản, typed without diacritics, and names the khoản in the citation', async () => {
    const article = maTuy.articles.find((a) => a.khoan.length >= 2)!;
    const answer = await engine.ask(`khoan 2 dieu ${article.number} luat phong chong ma tuy`);
    expect(answer.answer).toBe(article.khoan[1]!.text.split('\n')[0]);
    expect(answer.citations[0]?.section).toBe(`Chương ${article.chapter} › ${article.heading} › khoản 2`);
    expectVerbatim(answer);
  });

  it('goes to the named document, not another one with the same article number', async () => {
    for (const law of [viencChuc, maTuy, cuTru]) {
      const answer = await engine.ask(`Điều 12 ${law.title} quy định gì?`);
      expect(answer.citations[0]?.docId).toBe(law.slug);
      expect(answer.citations[0]?.section).toContain(law.articles[11]!.heading);
    }
  });

  it('answers "Điều 1 Hiến pháp" from the Constitution the library holds, not from a law', async () => {
    const answer = await engine.ask('Điều 1 Hiến pháp quy định gì?');
    expect(answer.found).toBe(true);
    expect(answer.citations[0]).toMatchObject({ docId: 'hien-phap', section: 'Chương I › Điều 1. Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập, có chủ quyền, thống nhất và toàn vẹn lãnh thổ' });
    const second = await engine.ask('Điều 2 Hiến pháp quy định gì?');
    expect(second.items).toEqual([
      '1. Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam là nhà nước pháp quyền xã hội chủ nghĩa của Nhân dân, do Nhân dân, vì Nhân dân.',
      '2. Tất cả quyền lực nhà nước thuộc về Nhân dân.',
    ]);
  });

  it('says a law the library does not hold is not found', async () => {
    const answer = await engine.ask('Điều 3 Luật Đất đai quy định gì?');
    expect(answer.found).toBe(false);
    expect(answer.answer).toContain('Luật Đất đai');
  });

  it('counts articles and chapters from the structure, citing the first and last', async () => {
    const articles = await engine.ask('Luật Cư trú có bao nhiêu điều?');
    expect(articles.answer).toBe(`Luật Cư trú có ${cuTru.articles.length} điều (Điều 1 – Điều ${cuTru.articles.length}).`);
    expect(articles.citations.map((c) => c.quote)).toEqual([cuTru.articles[0]!.heading, cuTru.articles.at(-1)!.heading]);
    const chapters = await engine.ask('luat cu tru co may chuong');
    expect(chapters.answer).toContain(`có ${cuTru.chapters} chương`);
    expectVerbatim(articles);
    expectVerbatim(chapters);
  });
});

describe('one reference, one document', () => {
  it('asks which Chỉ thị 05 is meant when two fit, naming both', async () => {
    const answer = await engine.ask('Chỉ thị 05 ban hành ngày nào?');
    expect(answer.found).toBe(false);
    expect(answer.clarify?.map((c) => c.key).sort()).toEqual(['chi-thi:5:tu', 'chi-thi:5:tw']);
    expect(answer.answer).toMatch(/Bạn hỏi văn bản nào\?$/u);
    expectVerbatim(answer);
  });

  it.each([
    ['Chỉ thị 05 của Ban Thường vụ Tỉnh ủy ban hành ngày nào?', () => ctTU],
    ['Chỉ thị 05-CT/TW ban hành ngày nào?', () => ctTW],
  ])('answers for the one the words single out: %j', async (question, which) => {
    const answer = await engine.ask(question);
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.docId).toBe(which().slug);
  });

  it('lists both cards for /vanban Chỉ thị 05', () => {
    expect(engine.lookupReference('Chỉ thị 05').map((c) => c.key).sort()).toEqual(['chi-thi:5:tu', 'chi-thi:5:tw']);
  });
});
