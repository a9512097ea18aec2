import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexicalIndex, type LexicalIndexData } from '../../index/lexical/index.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus');

/**
 * Paragraphs of the shared corpus, NFC. Most files separate paragraphs by blank lines, one by
 * single line breaks, so every non-empty line is a paragraph.
 */
const paragraphs = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .flatMap((name) => readFileSync(path.join(CORPUS_DIR, name), 'utf8').normalize('NFC').split(/\r?\n/))
  .map((line) => line.trim())
  .filter((line) => line.length > 0);

const FIELDS = { text: { boost: 1 } };
const index = LexicalIndex.build(
  paragraphs.map((text) => ({ fields: { text } })),
  { fields: FIELDS },
);

const topTexts = (query: string, k: number): string[] =>
  index.search(query, { k }).map((hit) => paragraphs[hit.ordinal] ?? '');

describe('LexicalIndex on the corpus paragraphs', () => {
  it('finds the five groups of tasks of Kết luận 21, with or without diacritics', () => {
    const target = '05 nhóm nhiệm vụ, giải pháp trong Kết luận số 21-KL/TW';
    expect(paragraphs.filter((p) => p.includes(target))).toHaveLength(1);
    for (const query of ['Kết luận 21 có mấy nhóm nhiệm vụ', 'ket luan 21 co may nhom nhiem vu']) {
      expect(topTexts(query, 3).some((text) => text.includes(target)), query).toBe(true);
    }
  });

  it('finds Quy định 50 from a query without diacritics', () => {
    const top = topTexts('quy dinh 50 ngay nao', 3);
    expect(top.some((text) => /Quy định số 50 ngày 27\/12\/2021/i.test(text))).toBe(true);
  });

  it('finds the tasks of quý II/2022, written quý and quí', () => {
    const [first] = topTexts('nhiệm vụ trọng tâm quý II/2022', 3);
    expect(first).toMatch(/^Những nhiệm vụ trọng tâm, giải pháp quý II\/2022/);
  });

  it('ranks the mentions of a document number first', () => {
    const mentions = paragraphs.filter((p) => p.includes('21-KL/TW')).length;
    expect(mentions).toBeGreaterThanOrEqual(2);
    const top = topTexts('21-KL/TW', 10);
    expect(top[0]).toContain('21-KL/TW');
    // One mention sits in a 4,300-character paragraph, which BM25 length normalization pushes down.
    expect(top.slice(0, mentions + 1).filter((text) => text.includes('21-KL/TW'))).toHaveLength(mentions);
  });

  it('reports which query terms matched', () => {
    const [hit] = index.search('Kết luận 21 có mấy nhóm nhiệm vụ', { k: 1 });
    expect(hit?.matched).toEqual(expect.arrayContaining(['kết', 'luận', '21', 'kết_luận', 'nhiệm_vụ']));
    expect(hit?.matched).not.toContain('mấy');
  });

  it('returns nothing for nonsense or empty queries', () => {
    expect(index.search('xyzzy qwertyuiop zzz')).toEqual([]);
    expect(index.search('')).toEqual([]);
    expect(index.search('  ,.;!? ')).toEqual([]);
  });

  it('applies the filter and k', () => {
    const query = 'công tác xây dựng Đảng';
    const all = index.search(query, { k: 20 });
    expect(all).toHaveLength(20);
    const scores = all.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const even = index.search(query, { k: 5, filter: (ordinal) => ordinal % 2 === 0 });
    expect(even).toHaveLength(5);
    expect(even.every((hit) => hit.ordinal % 2 === 0)).toBe(true);
    expect(even).toEqual(all.filter((hit) => hit.ordinal % 2 === 0).slice(0, 5));
    expect(index.search(query, { filter: () => false })).toEqual([]);
  });

  it('survives a JSON round trip with identical results', () => {
    const data = JSON.parse(JSON.stringify(index.toJSON())) as LexicalIndexData;
    const restored = LexicalIndex.fromJSON(data);
    for (const query of [
      'Kết luận 21 có mấy nhóm nhiệm vụ',
      'ket luan 21 co may nhom nhiem vu',
      'quy dinh 50 ngay nao',
      '21-KL/TW',
      'quí II/2022',
    ]) {
      expect(restored.search(query, { k: 15 }), query).toEqual(index.search(query, { k: 15 }));
    }
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(data));
  });

  it('rejects serialized data that does not hold together', () => {
    const data = index.toJSON();
    const field = data.fields['text'];
    if (!field) throw new Error('no text field');
    const broken = { ...data, fields: { text: { ...field, terms: field.terms.slice(1) } } };
    expect(() => LexicalIndex.fromJSON(broken)).toThrow(/inconsistent/);
  });
});

describe('LexicalIndex restricted to some documents', () => {
  const queries = ['Kết luận 21 có mấy nhóm nhiệm vụ', 'ket nap dang vien', 'công tác kiểm tra, giám sát'];

  it('scores the documents within exactly as a full search does, with idf from the whole index', () => {
    for (const query of queries) {
      const full = index.search(query, { k: paragraphs.length });
      const within = new Uint8Array(paragraphs.length);
      full.forEach((hit, i) => {
        if (i % 3 === 1) within[hit.ordinal] = 1;
      });
      const restricted = index.search(query, { k: paragraphs.length, within });
      expect(restricted).toEqual(full.filter((hit) => within[hit.ordinal] === 1));
    }
  });

  it('returns nothing when no document is within, and is repeatable', () => {
    expect(index.search(queries[0]!, { within: new Uint8Array(paragraphs.length) })).toEqual([]);
    const within = new Uint8Array(paragraphs.length).fill(1);
    expect(index.search(queries[1]!, { k: 5, within })).toEqual(index.search(queries[1]!, { k: 5 }));
  });
});

describe('LexicalIndex fields', () => {
  const docs = [
    { fields: { text: 'Báo cáo tình hình kinh tế quý I', heading: 'Công tác cán bộ' } },
    { fields: { text: 'Công tác cán bộ và quy hoạch', heading: 'Báo cáo kinh tế' } },
    { fields: { text: 'Tin tức khác', heading: '' } },
  ];
  const fields = LexicalIndex.build(docs, { fields: { text: { boost: 1 }, heading: { boost: 0.35 } } });

  it('weights fields by their boosts, overridable per search', () => {
    expect(fields.search('công tác cán bộ')[0]?.ordinal).toBe(1);
    expect(fields.search('công tác cán bộ', { fieldBoosts: { heading: 5 } })[0]?.ordinal).toBe(0);
    expect(fields.search('công tác cán bộ', { fieldBoosts: { text: 0 } }).map((hit) => hit.ordinal)).toEqual([0]);
  });

  it('matches a spelling variant through the folded field, below an exact match', () => {
    const variants = LexicalIndex.build(
      [{ fields: { text: 'sơ kết quí I' } }, { fields: { text: 'sơ kết quý I' } }],
      { fields: { text: { boost: 1 } } },
    );
    expect(variants.search('quý I').map((hit) => hit.ordinal)).toEqual([1, 0]);
    const [onlyExact, onlyVariant] = variants.search('qui I');
    expect(onlyExact?.score).toBeCloseTo(onlyVariant?.score ?? 0);
  });
});

describe('LexicalIndex BM25F and query expansions', () => {
  const K1 = 0.9;
  const idf = (n: number, df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));

  it('saturates a term once over all fields: repeating it in the heading adds less and less', () => {
    const docs = [
      { fields: { text: 'thi đua thi đua thi đua thi đua', heading: 'thi đua thi đua thi đua' } },
      { fields: { text: 'thi đua', heading: '' } },
      { fields: { text: 'tin khác', heading: '' } },
      { fields: { text: 'tin khác nữa', heading: '' } },
    ];
    const fields = LexicalIndex.build(docs, { fields: { text: { boost: 1 }, heading: { boost: 3 } } });
    const [top] = fields.search('đua', { bigramWeight: 0, foldedBoost: 0 });
    expect(top?.ordinal).toBe(0);
    // One query term scores at most (k1 + 1) × idf, however many fields repeat it.
    expect(top?.score).toBeLessThan((K1 + 1) * idf(4, 2));
  });

  it('counts idf over the fields it is told to, so a repeated heading does not make its words common', () => {
    const docs = [
      { fields: { text: 'giới thiệu ứng cử 403 lượt nhân sự', heading: 'cụm thi đua' } },
      { fields: { text: 'phát biểu chào mừng cụm thi đua', heading: 'cụm thi đua' } },
      { fields: { text: 'kết nạp đảng viên', heading: 'cụm thi đua' } },
      { fields: { text: 'tin khác', heading: '' } },
    ];
    const fields = LexicalIndex.build(docs, { fields: { text: { boost: 1 }, heading: { boost: 1 } } });
    const score = (options: { idfFields?: string[] }): number =>
      fields.search('cụm', { ...options, foldedBoost: 0 }).find((hit) => hit.ordinal === 1)?.score ?? 0;
    expect(score({ idfFields: ['text'] })).toBeGreaterThan(score({}));
    // A term in none of the idf fields falls back to all fields.
    expect(fields.search('cụm thi đua', { idfFields: ['missing'] })).toEqual(fields.search('cụm thi đua'));
  });

  it('searches expansions at their weight, never lowering a query term', () => {
    const docs = [
      { fields: { text: 'đã kết nạp được 6.094 đảng viên mới' } },
      { fields: { text: 'thu nhận ý kiến của nhân dân' } },
      { fields: { text: 'tin khác' } },
    ];
    const plain = LexicalIndex.build(docs, { fields: FIELDS });
    const question = 'thu nhận bao nhiêu người vào Đảng';
    expect(plain.search(question)[0]?.ordinal).toBe(1);
    const expanded = plain.search(question, { expansions: [{ text: 'kết nạp đảng viên', weight: 1 }] });
    expect(expanded[0]?.ordinal).toBe(0);
    // "matched" lists the question's own terms only.
    expect(expanded[0]?.matched).toEqual(['đảng']);
    const weaker = plain.search(question, { expansions: [{ text: 'kết nạp đảng viên', weight: 0.5 }] });
    expect(weaker.find((hit) => hit.ordinal === 0)?.score).toBeLessThan(expanded[0]?.score ?? 0);
    // A query term repeated in an expansion at a lower weight keeps its own weight.
    const same = plain.search('thu nhận', { expansions: [{ text: 'thu nhận', weight: 0.1 }] });
    expect(same).toEqual(plain.search('thu nhận'));
  });
});

describe('LexicalIndex edge cases', () => {
  it('handles no documents, empty fields and missing fields', () => {
    const empty = LexicalIndex.fromJSON(
      JSON.parse(JSON.stringify(LexicalIndex.build([], { fields: FIELDS }).toJSON())) as LexicalIndexData,
    );
    expect(empty.search('Kết luận')).toEqual([]);
    const sparse = LexicalIndex.build([{ fields: { text: '' } }, { fields: {} }, { fields: { text: 'Kết luận' } }], {
      fields: FIELDS,
    });
    expect(sparse.search('ket luan').map((hit) => hit.ordinal)).toEqual([2]);
  });
});
