/**
 * The segment reader against the in-memory index that scores every posting (LexicalIndex, the
 * reference): the same paragraphs of the shared corpus, written as one segment and as three, give
 * the same hits with bit-identical scores, ties and matched terms, for hundreds of queries cut from
 * the text (with and without diacritics, with expansions, field boosts, filters and k); sentence
 * scoring inside candidates equals BM25 over every sentence restricted to them; the stored
 * document-sentence statistics equal those computed from the texts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LexicalIndex, type LexicalSearchOptions } from '../../index/lexical/index.ts';
import { LexicalReader } from '../../index/lexical/reader.ts';
import { SENTENCE_K1 } from '../../index/lexical/sentences.ts';
import { SegmentBuilder } from '../../index/segment/build.ts';
import { Segment } from '../../index/segment/segment.ts';
import type { Document } from '../../index/records.ts';
import { termStatistics } from '../../retrieval/answer/terms.ts';
import { splitSentences } from '../../text/sentences.ts';
import { exactTerms, foldTerm } from '../../text/tokenize.ts';
import { seededRandom } from '../../testkit/random.ts';
import { tempDir } from '../helpers/ingest-run.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');
const TITLES = ['Kết luận số 21-KL/TW về xây dựng Đảng', 'Báo cáo sơ kết công tác kiểm tra 6 tháng đầu năm', 'Hội nghị chuyên đề'];

/** Paragraphs of the shared corpus as documents of one chunk each, titled in turn. */
const paragraphs = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .flatMap((name) => readFileSync(path.join(CORPUS_DIR, name), 'utf8').normalize('NFC').split(/\r?\n/))
  .map((line) => line.trim())
  .filter((line) => line.length > 0);
const titleOf = (i: number): string => TITLES[i % TITLES.length]!;

function document(i: number): Document {
  return {
    id: `p${i}`,
    relPath: `p${i}.txt`,
    format: 'txt',
    text: paragraphs[i]!,
    hash: String(i),
    title: titleOf(i),
    date: null,
    kind: 'đoạn',
    issuer: null,
    source: null,
  };
}

async function writeSegments(dir: string, cuts: readonly number[]): Promise<Segment[]> {
  const bounds = [0, ...cuts, paragraphs.length];
  const segments: Segment[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const builder = new SegmentBuilder();
    for (let i = bounds[s]!; i < bounds[s + 1]!; i++) {
      const text = paragraphs[i]!;
      const sentences = splitSentences(text).map((span) => exactTerms(text.slice(span.start, span.end)));
      builder.addDocument({
        document: document(i),
        sourceHash: '',
        mentions: [],
        documentSentences: sentences,
        chunks: [
          {
            record: { id: `p${i}#0`, docId: `p${i}`, ordinal: 0, sectionPath: [], start: 0, end: text.length, tokens: 1, references: [] },
            sentences,
            heading: exactTerms(titleOf(i)),
          },
        ],
      });
    }
    const file = path.join(dir, `${s}.seg`);
    builder.write(file);
    segments.push(new Segment(file));
  }
  return segments;
}

const oracle = LexicalIndex.build(
  paragraphs.map((text, i) => ({ fields: { text, heading: titleOf(i) } })),
  { fields: { text: { boost: 1 }, heading: { boost: 1 } } },
);

/** Queries cut from the paragraphs: 2–9 consecutive words, some folded, some with a document number. */
function queries(count: number): string[] {
  const random = seededRandom(11);
  const out = ['Kết luận 21 có mấy nhóm nhiệm vụ', 'ket luan 21 co may nhom nhiem vu', '21-KL/TW', 'quý II/2022', 'của và các', 'xyzzy'];
  while (out.length < count) {
    const words = paragraphs[Math.floor(random() * paragraphs.length)]!.split(/\s+/);
    const from = Math.floor(random() * words.length);
    const text = words.slice(from, from + 2 + Math.floor(random() * 8)).join(' ');
    out.push(random() < 0.25 ? text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D') : text);
  }
  return out;
}

let readers: Array<{ name: string; reader: LexicalReader; segments: Segment[] }>;

beforeAll(async () => {
  const dir = await tempDir('segments');
  const one = await writeSegments(path.join(dir), []);
  const third = Math.floor(paragraphs.length / 3);
  const three = await writeSegments(await tempDir('segments-3'), [third, 2 * third]);
  readers = [
    { name: 'one segment', reader: new LexicalReader(one), segments: one },
    { name: 'three segments', reader: new LexicalReader(three), segments: three },
  ];
});

afterAll(() => {
  for (const { segments } of readers ?? []) for (const segment of segments) segment.close();
});

const SETTINGS: ReadonlyArray<LexicalSearchOptions> = [
  { k: 10 },
  { k: 50, bigramWeight: 0.5, idfFields: ['text'], fieldBoosts: { heading: 1 } },
  { k: 5, bigramWeight: 0.5, idfFields: ['text'], expansions: [{ text: 'kết nạp đảng viên', weight: 1 }] },
  { k: 20, fieldBoosts: { heading: 0.4 }, filter: (ordinal) => ordinal % 3 !== 0 },
  { k: 3, withoutDiacritics: true },
];

describe('the segment reader', () => {
  it('finds exactly what scoring every posting finds, in one segment or three', () => {
    const all = queries(300);
    for (const { name, reader } of readers) {
      for (const [s, settings] of SETTINGS.entries()) {
        for (const query of all) {
          expect(reader.search(query, settings), `${name} · settings ${s} · ${query}`).toEqual(oracle.search(query, settings));
        }
      }
    }
  });

  it('scores only the listed chunks when asked to', () => {
    const listed = [5, 17, 40, 41, 200, paragraphs.length - 1];
    for (const { reader } of readers) {
      for (const query of queries(60)) {
        const expected = oracle.search(query, { k: 4, filter: (o) => listed.includes(o) });
        expect(reader.search(query, { k: 4, only: listed })).toEqual(expected);
      }
    }
  });

  it('scores sentences inside candidates as BM25 over every sentence restricted to them', () => {
    const texts: string[] = [];
    const owners: number[] = [];
    paragraphs.forEach((text, ordinal) => {
      for (const span of splitSentences(text)) {
        texts.push(text.slice(span.start, span.end));
        owners.push(ordinal);
      }
    });
    const sentences = LexicalIndex.build(texts.map((text) => ({ fields: { text } })), { fields: { text: { boost: 1 } }, k1: SENTENCE_K1 });
    const random = seededRandom(5);
    for (const query of queries(120)) {
      const candidates = Array.from({ length: 30 }, () => Math.floor(random() * paragraphs.length));
      const within = new Uint8Array(texts.length);
      owners.forEach((owner, i) => (within[i] = candidates.includes(owner) ? 1 : 0));
      const expected = sentences
        .search(query, { k: 40, within, bigramWeight: 0.5, idfFields: ['text'] })
        .map((hit) => [owners[hit.ordinal], hit.score]);
      for (const { reader } of readers) {
        const got = reader.bestSentences(query, { bigramWeight: 0.5, idfFields: ['text'] }, candidates, 40);
        expect(got.map((hit) => [hit.ordinal, hit.score]), query).toEqual(expected);
      }
    }
  });

  it('stores the sentence statistics answers weigh words by', () => {
    const documents = new Map(paragraphs.map((_, i) => [`p${i}`, document(i)]));
    const computed = termStatistics(documents);
    const words = [...new Set(paragraphs.slice(0, 200).flatMap((p) => exactTerms(p).map(foldTerm)))];
    for (const { reader } of readers) {
      const stored = reader.documentSentenceStatistics();
      expect(stored.sentences).toBe(computed.sentences);
      for (const word of [...words, 'xyzzy']) expect(stored.df.get(word), word).toBe(computed.df.get(word));
      const exact = [...new Set(paragraphs.slice(0, 200).flatMap((p) => exactTerms(p)))];
      for (const word of [...exact, 'xyzzy']) expect(stored.exactDf.get(word), word).toBe(computed.exactDf.get(word));
    }
  });
});
