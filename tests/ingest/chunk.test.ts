/** Structure-aware chunking: invariants on random documents, behaviour on examples and the corpus. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument, type ChunkOptions } from '../../ingest/chunk.ts';
import { detectSections, isHeadingLine, sectionPathAt, type Section } from '../../text/structure.ts';
import type { Chunk } from '../../index/records.ts';
import { lineSpans, splitSentences } from '../../text/sentences.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

const countWords = (t: string): number => t.split(/\s+/u).filter(Boolean).length;
const countQuarterChars = (t: string): number => Math.ceil(t.length / 4);
/** Like a tokenizer that adds [CLS] and [SEP] to every call. */
const countWordsWithSpecials = (t: string): number => countWords(t) + 2;
/** Whitespace counts too, so joins cost more than the chunker's allowance: exercises the re-check. */
const countChars = (t: string): number => t.length;

/** Every invariant a chunk list must satisfy, whatever the document. */
function expectValidChunks(
  doc: { id: string; text: string },
  sections: readonly Section[],
  chunks: readonly Chunk[],
  options: ChunkOptions,
  { allowOversizedRuns = false } = {},
): void {
  const { text } = doc;
  const topStarts = sections.filter((s) => s.level === 1).map((s) => s.start);
  let cursor = 0;
  chunks.forEach((c, i) => {
    expect(c.ordinal).toBe(i);
    expect(c.id).toBe(`${doc.id}#${c.start}`);
    expect(c.docId).toBe(doc.id);
    expect(c.text).toBe(text.slice(c.start, c.end));
    expect(c.text.length).toBeGreaterThan(0);
    expect(c.text).toBe(c.text.trim());
    expect(c.tokens).toBe(options.countTokens(c.text));
    if (!allowOversizedRuns || /\s/u.test(c.text)) expect(c.tokens).toBeLessThanOrEqual(options.maxTokens);
    expect(c.start).toBeGreaterThanOrEqual(cursor);
    expect(text.slice(cursor, c.start).trim()).toBe(''); // nothing but whitespace between chunks
    expect(c.sectionPath).toEqual(sectionPathAt(sections, c.start));
    expect(c.references).toEqual([]);
    for (const t of topStarts) expect(t <= c.start || t >= c.end, `chunk ${i} crosses ${t}`).toBe(true);
    cursor = c.end;
  });
  expect(text.slice(cursor).trim()).toBe('');
}

// ---------- random documents ----------

const WORDS = [
  'công', 'tác', 'Đảng', 'tổ', 'chức', 'cán', 'bộ', 'kiểm', 'tra', 'giám', 'sát', 'năm', '2022',
  '1.500', '5,09%', '50-QĐ/TW', '05/01/2023', 'TP.', 'v.v.', 'nhiệm', 'vụ', 'trọng', 'tâm', '“then',
  'chốt”', '(tiếp', 'xúc)', 'Tỉnh', 'ủy', 'Hậu', 'Giang', 'đồng', 'chí',
];
const SPACE = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\u00a0');
const LINE_BREAK = fc.constantFrom('\n', '\n\n', '\n\n', '\n\n\n', ' \n \n', '\t\n', '\n\u00a0\n');

const words = (min: number, max: number) =>
  fc.array(fc.tuple(fc.constantFrom(...WORDS), SPACE), { minLength: min, maxLength: max }).map((ws) =>
    ws.map(([w, s], i) => (i === ws.length - 1 ? w : w + s)).join(''),
  );
const sentence = fc.tuple(words(1, 14), fc.constantFrom('.', '!', '?', '…')).map(([w, end]) => `Câu ${w}${end}`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(' '));
/** One sentence with clause commas and no period inside: forces clause or space splits. */
const longSentence = fc
  .array(fc.tuple(words(2, 9), fc.constantFrom(', ', '; ', ' ')), { minLength: 3, maxLength: 14 })
  .map((parts) => `Dài ${parts.map(([w, sep]) => w + sep).join('')}kết thúc.`);
const heading = fc
  .tuple(fc.constantFrom('I.', 'II.', 'III/', 'IV.', '1.', '2/', '(1)', '(2).', 'a)', 'b)', '*'), words(1, 6))
  .map(([m, w]) => `${m} ${w}`);
const leadIn = words(2, 10).map((w) => `Gồm các nhiệm vụ ${w} sau:`);
const bullet = fc.tuple(fc.constantFrom('-', '⁃', '+', '•'), paragraph).map(([b, p]) => `${b} ${p}`);
const block = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 2, arbitrary: heading },
  { weight: 1, arbitrary: longSentence },
  { weight: 1, arbitrary: fc.tuple(leadIn, fc.array(bullet, { minLength: 1, maxLength: 4 })).map(([l, b]) => [l, ...b]) },
  { weight: 1, arbitrary: fc.tuple(heading, paragraph).map(([h, p]) => `${h}\n${p}`) },
);
const documentText = fc
  .tuple(fc.constantFrom('', ' ', '\n\n', '\t \n'), fc.array(fc.tuple(block, LINE_BREAK), { maxLength: 18 }), fc.constantFrom('', '\n', '  '))
  .map(([lead, blocks, trail]) => lead + blocks.map(([b, br]) => [b].flat().join(br) + br).join('') + trail);

describe('chunkDocument: properties on random documents', () => {
  it.each<[string, (t: string) => number, number]>([
    ['word count', countWords, 6],
    ['ceil(chars / 4)', countQuarterChars, 6],
    ['word count + special tokens', countWordsWithSpecials, 8],
    ['chars (joins cost more than estimated)', countChars, 40],
  ])('%s: slices, bounded, disjoint, covering, within top-level sections', (_name, countTokens, minMax) => {
    fc.assert(
      fc.property(documentText, fc.integer({ min: minMax, max: minMax * 8 }), (text, maxTokens) => {
        const doc = { id: 'd', text };
        const sections = detectSections(doc.id, text);
        const options = { maxTokens, countTokens };
        expectValidChunks(doc, sections, chunkDocument(doc, sections, options), options);
      }),
      { numRuns: 150 },
    );
  });

  it('is pure: the same input gives the same chunks', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const sections = detectSections('d', text);
        const options = { maxTokens: 30, countTokens: countWords };
        expect(chunkDocument({ id: 'd', text }, sections, options)).toEqual(
          chunkDocument({ id: 'd', text }, sections, options),
        );
      }),
      { numRuns: 30 },
    );
  });
});

// ---------- behaviour on small examples ----------

const paragraphOf = (n: number, word = 'việc'): string => `Làm ${Array.from({ length: n - 2 }, () => word).join(' ')} xong.`;

function chunkTexts(text: string, maxTokens: number, countTokens = countWords): string[] {
  const sections = detectSections('e', text);
  const options = { maxTokens, countTokens };
  const chunks = chunkDocument({ id: 'e', text }, sections, options);
  expectValidChunks({ id: 'e', text }, sections, chunks, options, { allowOversizedRuns: true });
  return chunks.map((c) => c.text);
}

describe('chunkDocument: structure', () => {
  it('packs paragraphs greedily and never crosses a top-level heading', () => {
    const text = ['I. Một', paragraphOf(5), paragraphOf(5), 'II. Hai', paragraphOf(5)].join('\n\n');
    expect(chunkTexts(text, 40)).toEqual([
      ['I. Một', paragraphOf(5), paragraphOf(5)].join('\n\n'),
      ['II. Hai', paragraphOf(5)].join('\n\n'),
    ]);
  });

  it('keeps a list with its lead-in when the whole fits', () => {
    const text = [paragraphOf(12), 'Tôi nhấn mạnh các nhiệm vụ sau:', '- ' + paragraphOf(5), '- ' + paragraphOf(5), '- ' + paragraphOf(5), paragraphOf(6)].join('\n\n');
    const texts = chunkTexts(text, 30);
    expect(texts[0]).toBe(paragraphOf(12));
    expect(texts[1]).toMatch(/^Tôi nhấn mạnh các nhiệm vụ sau:\n\n- .*\n\n- .*\n\n- Làm việc việc việc xong\.$/u);
  });

  it('keeps a lead-in with the first item when the whole list does not fit', () => {
    const items = [1, 2, 3, 4].map((n) => `(${n}) ${paragraphOf(9)}`);
    const text = ['1. Nhiệm vụ', paragraphOf(14), 'Gồm các việc sau:', ...items].join('\n\n');
    const texts = chunkTexts(text, 30);
    expect(texts.some((t) => t.startsWith('Gồm các việc sau:\n\n(1) '))).toBe(true);
    expect(texts.every((t) => !t.endsWith('sau:'))).toBe(true);
  });

  it('never ends a chunk with a heading: it moves to what follows', () => {
    const text = ['I. Một', paragraphOf(20), '1. Tiêu đề mục', paragraphOf(6), '2. Mục khác', paragraphOf(4)].join('\n\n');
    const texts = chunkTexts(text, 26);
    expect(texts).toEqual([
      ['I. Một', paragraphOf(20)].join('\n\n'),
      ['1. Tiêu đề mục', paragraphOf(6)].join('\n\n'),
      ['2. Mục khác', paragraphOf(4)].join('\n\n'),
    ]);
  });

  it('splits a long paragraph at sentence ends', () => {
    const sentences = Array.from({ length: 6 }, (_, i) => `Câu số ${i} có tám chữ ở đây.`);
    const texts = chunkTexts(sentences.join(' '), 20);
    expect(texts).toEqual([sentences.slice(0, 2).join(' '), sentences.slice(2, 4).join(' '), sentences.slice(4).join(' ')]);
  });

  it('splits a long sentence at clause boundaries, then at spaces', () => {
    const clauses = Array.from({ length: 8 }, (_, i) => `vế thứ ${i} gồm sáu chữ`);
    const texts = chunkTexts(`${clauses.join(', ')}.`, 14);
    expect(texts.slice(0, -1).every((t) => t.endsWith(','))).toBe(true);
    expect(texts.join(' ')).toBe(`${clauses.join(', ')}.`);

    const run = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(chunkTexts(run, 7).every((t) => countWords(t) <= 7)).toBe(true);
  });

  it('lets only a single unbreakable run exceed maxTokens', () => {
    const long = 'x'.repeat(120);
    const texts = chunkTexts(`Đầu câu ngắn.\n\n${long}\n\nCuối câu.`, 8, countQuarterChars);
    expect(texts).toContain(long);
    expect(texts.filter((t) => countQuarterChars(t) > 8)).toEqual([long]);
  });

  it('handles empty and whitespace-only documents', () => {
    expect(chunkTexts('', 10)).toEqual([]);
    expect(chunkTexts(' \n\n\t ', 10)).toEqual([]);
  });
});

// ---------- the real corpus ----------

function loadCorpus(): { id: string; text: string }[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({
      id: f.slice(0, 3),
      text: readFileSync(path.join(CORPUS_DIR, f), 'utf8').normalize('NFC').replace(/\r\n?/g, '\n'),
    }));
}

describe('chunkDocument on the corpus (maxTokens 320, ceil(chars / 3.2))', () => {
  const estimate = (t: string): number => Math.ceil(t.length / 3.2);
  const corpus = loadCorpus().map((doc) => {
    let calls = 0;
    const options = { maxTokens: 320, countTokens: (t: string) => (calls++, estimate(t)) };
    const sections = detectSections(doc.id, doc.text);
    const chunks = chunkDocument(doc, sections, options);
    return { doc, sections, chunks, calls, options };
  });

  it('holds the invariants', () => {
    expect(corpus).toHaveLength(5);
    for (const { doc, sections, chunks, options } of corpus) expectValidChunks(doc, sections, chunks, options);
  });

  it('counts tokens a linear number of times', () => {
    for (const { doc, chunks, calls } of corpus) {
      const paragraphs = lineSpans(doc.text).length;
      const sentences = splitSentences(doc.text).length;
      expect(calls).toBeLessThanOrEqual(1 + paragraphs + sentences + chunks.length);
    }
  });

  it('starts the list of "3. Định hướng…" in the chunk with its lead-in', () => {
    const entry = corpus.find((c) => c.doc.id === '002');
    if (!entry) throw new Error('doc 002 missing');
    const firstItem = entry.doc.text.indexOf('(1) Cấp uỷ, chính quyền, các cơ quan, đơn vị bám sát');
    const chunk = entry.chunks.find((c) => c.start <= firstItem && firstItem < c.end);
    expect(chunk?.text).toContain('tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:');
    expect(chunk?.text.startsWith('3. Định hướng nhiệm vụ trọng tâm trong quí II/2022')).toBe(true);
    expect(chunk?.sectionPath).toEqual([
      'I. Đánh giá kết quả công tác quý I và nhiệm vụ trọng tâm công tác quý II năm 2022',
      '3. Định hướng nhiệm vụ trọng tâm trong quí II/2022',
    ]);
  });

  it('never ends a chunk with a heading line', () => {
    for (const { sections, chunks } of corpus) {
      const headingEnds = new Set(sections.filter(isHeadingLine).map((s) => s.headingEnd));
      for (const c of chunks) expect(headingEnds.has(c.end), c.text.slice(-80)).toBe(false);
    }
  });

  it('reports the size distribution', () => {
    const sizes = corpus.flatMap((c) => c.chunks.map((ch) => ch.tokens)).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)];
    console.info(
      `corpus: ${sizes.length} chunks (${corpus.map((c) => `${c.doc.id}: ${c.chunks.length}`).join(', ')}); ` +
        `tokens min ${sizes[0]} / median ${median} / max ${sizes.at(-1)}`,
    );
    expect(sizes.at(-1)).toBeLessThanOrEqual(320);
  });
});
