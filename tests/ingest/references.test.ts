import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectReferences, referenceKeysInSpan } from '../../ingest/references.ts';
import type { DocumentReference } from '../../index/records.ts';
import { identityKey, keysCompatible, parseReferences } from '../../text/references/index.ts';

const corpusDir = path.resolve(import.meta.dirname, '../..', '../shared/corpus');
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => ({ id: name.replace(/\.txt$/, ''), text: readFileSync(path.join(corpusDir, name), 'utf8').normalize('NFC') }));
const texts = new Map(corpus.map((d) => [d.id, d.text]));
const refs = collectReferences(corpus);
const byKey = new Map(refs.map((r) => [r.key, r]));
const ref = (key: string): DocumentReference => {
  const r = byKey.get(key);
  expect(r, key).toBeDefined();
  return r!;
};

describe('collectReferences on the corpus', () => {
  it('merges Quy định 50-QĐ/TW', () => {
    const r = ref('quy-dinh:50:tw');
    expect(r).toMatchObject({ type: 'Quy định', number: '50', symbol: 'QĐ/TW', date: '2021-12-27', issuer: 'Bộ Chính trị' });
    expect(r.subject).toContain('công tác quy hoạch cán bộ');
    expect(r.label).toBe('Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị');
    expect(new Set(r.mentions.map((m) => m.docId)).size).toBeGreaterThanOrEqual(2);
  });

  it('gathers every way Kết luận 21 is written under one key', () => {
    const r = ref('ket-luan:21:tw');
    expect(r.symbol).toBe('KL/TW');
    expect(r.issuer).toMatch(/^Ban Chấp hành Trung ương/);
    const written = new Set(r.mentions.map((m) => m.text));
    for (const form of ['Kết luận số 21', 'Kết luận 21', 'kết luận 21', 'Kết luận số 21-KL/TW']) expect(written).toContain(form);
    expect(refs.filter((x) => x.mentions.some((m) => /21-KL|[Kk]ết luận (số )?21/.test(m.text))).map((x) => x.key)).toEqual([
      'ket-luan:21:tw',
    ]);
  });

  it.each<[string, Partial<DocumentReference>]>([
    ['ke-hoach:3:tw', { symbol: 'KH/TW', date: '2021-12-01', issuer: 'Bộ Chính trị' }],
    ['quy-dinh:1120:tu', { symbol: 'QĐ/TU', date: '2022-06-01', issuer: 'Ban Chấp hành Đảng bộ tỉnh' }],
    // "Tỉnh uỷ đã ban hành Kế hoạch số 63-KH/TƯ": the province's plan, one document with "Kế hoạch số 63 của Tỉnh ủy".
    ['ke-hoach:63:tu', { symbol: 'KH/TU', date: '2021-12-31', issuer: 'Tỉnh ủy' }],
    ['ket-luan:14:tw', { date: '2021-09-22', issuer: 'Bộ Chính trị' }],
    ['thong-bao-ket-luan:156:tw', { type: 'Thông báo kết luận', date: '2019-10-01', issuer: 'Bộ Chính trị' }],
    ['huong-dan:7:btctw', { symbol: 'HD/BTCTW', issuer: 'Ban Tổ chức Trung ương' }],
    ['ket-luan:23:tw', { symbol: 'KL/TW', date: '2021-12-10' }],
    ['nghi-quyet:16:hdnd', { symbol: 'NQ-HĐND', date: '2022-07-06', issuer: 'HĐND tỉnh' }],
    ['nghi-quyet:tw4-xii', { type: 'Nghị quyết' }],
    ['nghi-quyet:dh-xiii', { type: 'Nghị quyết' }],
  ])('%s', (key, expected) => {
    expect(ref(key)).toMatchObject(expected);
  });

  it('reads the issuer of Kết luận 23 as Ban Bí thư and the quoted title as its subject', () => {
    const r = ref('ket-luan:23:tw');
    expect(r.issuer).toMatch(/^Ban Bí thư/);
    expect(r.subject).toMatch(/^Tiếp tục đẩy mạnh công tác luân chuyển cán bộ kiểm tra/);
  });

  it('keeps every mention as an exact span of its document, sorted by key', () => {
    expect(refs.map((r) => r.key)).toEqual([...refs.map((r) => r.key)].sort());
    for (const r of refs) {
      expect(r.mentions.length).toBeGreaterThan(0);
      for (const m of r.mentions) {
        expect(m.key).toBe(r.key);
        expect(texts.get(m.docId)?.slice(m.start, m.end)).toBe(m.text);
      }
    }
  });

  it('does not mistake the prose of the corpus for references', () => {
    const written = refs.flatMap((r) => r.mentions.map((m) => m.text.toLowerCase()));
    for (const prose of ['kế hoạch phát triển', 'chương trình công tác', 'kế hoạch luân chuyển', 'nghị quyết đại hội đảng bộ']) {
      expect(written.some((w) => w.startsWith(prose))).toBe(false);
    }
    expect(refs.every((r) => /^[a-z-]+:[a-z0-9-]+(?::[a-z0-9-]+)?$/.test(r.key))).toBe(true);
  });

  it.each(['kl21', 'KL 21', 'ket luan so 21', '21-KL/TW', 'quy dinh 50', 'Quy định số 50 ngày 27/12/2021'])(
    'resolves the query %j to a key of the corpus',
    (query) => {
      const [parsed] = parseReferences(query);
      expect(parsed).toBeDefined();
      const written = identityKey(parsed!);
      expect(refs.filter((r) => keysCompatible(written, r.key)).map((r) => r.key)).toEqual([written.startsWith('ket') ? 'ket-luan:21:tw' : 'quy-dinh:50:tw']);
    },
  );
});

describe('collectReferences merging', () => {
  it('fills the card from all mentions and lets the most complete, most repeated date win', () => {
    const [r] = collectReferences([
      { id: 'a', text: 'Theo Kết luận 21 đã nêu.' },
      { id: 'b', text: 'Kết luận số 21-KL/TW ngày 1/1/2022 của Trung ương về xây dựng Đảng.' },
      { id: 'c', text: 'Kết luận số 21 ngày 2/1/2022.' },
      { id: 'd', text: 'Kết luận số 21 ngày 1/1/2022.' },
    ]);
    expect(r).toMatchObject({ key: 'ket-luan:21:tw', symbol: 'KL/TW', date: '2022-01-01', issuer: 'Trung ương', subject: 'xây dựng Đảng' });
    expect(r!.mentions.map((m) => m.docId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps a local and a central document of one number apart, and joins a bare mention to the one its document names', () => {
    const records = collectReferences([
      { id: 'a', text: 'Chỉ thị số 05 ngày 10/12/2015 của Ban Thường vụ Tỉnh ủy về nâng cao ý thức trách nhiệm. Kết quả thực hiện Chỉ thị 05 tốt.' },
      { id: 'b', text: 'thực hiện Chỉ thị 05.' },
      { id: 'c', text: 'Chỉ thị số 05-CT/TW của Bộ Chính trị “về đẩy mạnh học tập”.' },
    ]);
    expect(records.map((r) => [r.key, r.mentions.map((m) => m.docId)])).toEqual([
      ['chi-thi:5', ['b']],
      ['chi-thi:5:tu', ['a', 'a']],
      ['chi-thi:5:tw', ['c']],
    ]);
    expect(records[1]).toMatchObject({ symbol: null, date: '2015-12-10', issuer: 'Ban Thường vụ Tỉnh ủy' });
    expect(records[2]).toMatchObject({ symbol: 'CT/TW', issuer: 'Bộ Chính trị', subject: 'đẩy mạnh học tập' });
  });

  it('joins a bare mention to the only document of that number', () => {
    const records = collectReferences([
      { id: 'a', text: 'thực hiện Chỉ thị 05.' },
      { id: 'c', text: 'Chỉ thị số 05-CT/TW của Bộ Chính trị.' },
    ]);
    expect(records.map((r) => [r.key, r.mentions.length])).toEqual([['chi-thi:5:tw', 2]]);
  });

  it('reads state documents and named laws, and the number of a named law as the same law', () => {
    const records = collectReferences([
      { id: 'a', text: 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; Luật Viên chức số 58/2010/QH12.' },
      { id: 'b', text: 'theo Nghị định 30/2020/NĐ-CP và Luật Viên chức.' },
    ]);
    expect(records.map((r) => [r.key, r.mentions.length, r.label])).toEqual([
      ['luat:vien-chuc', 2, 'Luật Viên chức số 58/2010/QH12'],
      ['nghi-dinh:30:2020-cp', 2, 'Nghị định số 30/2020/NĐ-CP ngày 05/03/2020 của Chính phủ'],
    ]);
  });

  it('returns nothing for documents without references', () => {
    expect(collectReferences([{ id: 'x', text: 'Chương trình công tác năm 2022.' }])).toEqual([]);
  });
});

describe('referenceKeysInSpan', () => {
  const mentions = collectReferences([
    { id: 'a', text: 'Kết luận số 21 và Quy định số 50. Sau đó Kết luận 21 lần nữa.' },
    { id: 'b', text: 'Kế hoạch số 03-KH/TW.' },
  ]).flatMap((r) => r.mentions);

  it('returns the keys of overlapping mentions of that document, once each, in order of appearance', () => {
    expect(referenceKeysInSpan(mentions, 'a', 0, 1000)).toEqual(['ket-luan:21', 'quy-dinh:50']);
    expect(referenceKeysInSpan(mentions, 'a', 20, 21)).toEqual(['quy-dinh:50']);
    expect(referenceKeysInSpan(mentions, 'a', 0, 0)).toEqual([]);
    expect(referenceKeysInSpan(mentions, 'a', 14, 18)).toEqual([]); // between the two mentions
    expect(referenceKeysInSpan(mentions, 'b', 0, 5)).toEqual(['ke-hoach:3:tw']);
    expect(referenceKeysInSpan(mentions, 'c', 0, 1000)).toEqual([]);
  });
});
