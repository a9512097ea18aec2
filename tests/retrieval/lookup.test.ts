import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store.ts';
import { lookupReferences, type ReferenceCard } from '../../retrieval/lookup.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

let index: LoadedIndex;
let texts: Map<string, string>;

beforeAll(async () => {
  ({ index } = await buildCorpusIndex());
  texts = new Map(index.documents.map((d) => [d.id, d.text]));
});

/** Every mention is a verbatim sentence of its document, with the document's title. */
function expectVerbatim(card: ReferenceCard): void {
  for (const m of card.mentions) {
    expect(m.quote).toBe(texts.get(m.docId)?.slice(m.start, m.end));
    expect(m.quote).toBe(m.quote.trim());
    expect(m.title).toBe(index.documents.find((d) => d.id === m.docId)?.title);
  }
}

describe('lookupReferences', () => {
  it.each(['Quy định 50', 'quy dinh 50', 'QĐ 50', '50-QĐ/TW', 'qd50', 'Quy định số 50 là gì?', 'qui định 50'])(
    '%s → the card of Quy định 50-QĐ/TW',
    (query) => {
      const cards = lookupReferences(query, index);
      expect(cards.map((c) => c.key)).toEqual(['quy-dinh:50:tw']);
      const card = cards[0]!;
      expect(card).toMatchObject({ type: 'Quy định', number: '50', symbol: 'QĐ/TW', date: '2021-12-27', issuer: 'Bộ Chính trị' });
      expect(card.label).toBe('Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị');
      expect(card.subject).toContain('công tác quy hoạch cán bộ');
      expect(card.mentions.length).toBeGreaterThanOrEqual(1);
      expect(card.mentions.every((m) => /50/.test(m.quote))).toBe(true);
      expectVerbatim(card);
    },
  );

  it('gives each mention its section path', () => {
    const [card] = lookupReferences('Quy định 50', index);
    const sections = card!.mentions.map((m) => m.section);
    expect(sections.some((s) => s.startsWith('I. Về triển khai'))).toBe(true);
  });

  it('finds Kết luận 21 in at least two documents, each mention once', () => {
    const [card] = lookupReferences('Kết luận 21', index);
    expect(card?.key).toBe('ket-luan:21:tw');
    expect(new Set(card!.mentions.map((m) => m.docId)).size).toBeGreaterThanOrEqual(2);
    const places = card!.mentions.map((m) => `${m.docId}:${m.start}`);
    expect(new Set(places).size).toBe(places.length);
    expectVerbatim(card!);
  });

  it('reads Quy định 1120 of the province', () => {
    const cards = lookupReferences('Quy định 1120', index);
    expect(cards.map((c) => c.key)).toEqual(['quy-dinh:1120:tu']);
    expect(cards[0]).toMatchObject({ date: '2022-06-01', symbol: 'QĐ/TU' });
    expectVerbatim(cards[0]!);
  });

  it('resolves a type slip against the index ("Quyết định 50" is the corpus\'s Quy định 50)', () => {
    expect(lookupReferences('Quyết định 50', index).map((c) => c.key)).toEqual(['quy-dinh:50:tw']);
  });

  it('returns [] for a reference the corpus does not mention', () => {
    expect(lookupReferences('Quy định 999', index)).toEqual([]);
    expect(lookupReferences('Kết luận 99', index)).toEqual([]);
  });

  it('matches a bare number to the reference with that number first', () => {
    const cards = lookupReferences('21', index);
    expect(cards[0]?.key).toBe('ket-luan:21:tw');
    expect(cards.length).toBeLessThanOrEqual(5);
  });

  it.each(['quy hoạch cán bộ', 'quy hoach can bo'])('matches free text "%s" against subjects, best first', (query) => {
    const cards = lookupReferences(query, index);
    expect(cards[0]?.key).toBe('quy-dinh:50:tw');
    expect(cards.map((c) => c.key)).toContain('quy-dinh:977:tu');
    expect(cards.length).toBeLessThanOrEqual(5);
  });

  it('returns [] for text about nothing in the reference table', () => {
    expect(lookupReferences('giá xăng dầu thế giới', index)).toEqual([]);
  });

  it('never throws and only quotes verbatim sentences, whatever the input', () => {
    for (const junk of ['', '   ', '🎉🎉🎉', 'QĐ '.repeat(700), 'a'.repeat(2000), '\u0301\u0300', '50-'.repeat(500)]) {
      const cards = lookupReferences(junk, index);
      expect(cards.length).toBeLessThanOrEqual(5);
      cards.forEach(expectVerbatim);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        lookupReferences(s, index).forEach(expectVerbatim);
      }),
      { numRuns: 60 },
    );
  });
});
