/**
 * The synonym table: which questions it expands, how words match (whole words, diacritics,
 * sentence punctuation), and that it only ever adds wordings of the table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSynonyms, SYNONYMS } from '../../../retrieval/search/synonyms.ts';

const WRITTEN = new Set(SYNONYMS.flatMap((row) => row.written));

describe('expandSynonyms', () => {
  it('adds the documents\' wording for everyday Party and state vocabulary', () => {
    expect(expandSynonyms('Nửa đầu năm 2022 thu nhận thêm bao nhiêu người vào Đảng?')).toEqual([
      'kết nạp đảng viên',
      'phát triển đảng viên',
    ]);
    expect(expandSynonyms('Mấy người bị đuổi khỏi Đảng?')).toEqual(['khai trừ khỏi đảng', 'khai trừ']);
    expect(expandSynonyms('Năm 2022 thu vào ngân khố bao nhiêu?')).toEqual(['thu ngân sách']);
    expect(expandSynonyms('GRDP quý 1/2022 tăng bao nhiêu?')).toEqual(['quý I']);
    expect(expandSynonyms('Nhiệm vụ quý hai là gì?')).toEqual(['quý II']);
    expect(expandSynonyms('Thi hành kỷ luật quý I-2023')).toEqual(['kỷ luật đảng viên', 'quý 1']);
  });

  it('matches a question typed without diacritics, but a marked word only exactly', () => {
    expect(expandSynonyms('quy 1 nam 2023 bao nhieu nguoi bi duoi khoi dang')).toEqual([
      'khai trừ khỏi đảng',
      'khai trừ',
      'quý I',
    ]);
    // "dọc" (along) is not "đọc" (read).
    expect(expandSynonyms('Ai đọc báo cáo?')).toEqual(['trình bày']);
    expect(expandSynonyms('Đi dọc bờ sông')).toEqual([]);
  });

  it('matches whole words in order, never across sentence punctuation', () => {
    expect(expandSynonyms('Đuổi khỏi. Đảng')).toEqual([]);
    expect(expandSynonyms('khỏi đảng đuổi')).toEqual([]);
    expect(expandSynonyms('quý 12')).toEqual([]);
  });

  it('adds nothing the question already says, nor for an ordinary question', () => {
    expect(expandSynonyms('Kết nạp đảng viên và phát triển đảng viên')).toEqual([]);
    expect(expandSynonyms('Kết luận 21 có mấy nhóm nhiệm vụ?')).toEqual([]);
    expect(expandSynonyms('')).toEqual([]);
  });

  it('only ever returns distinct wordings of the table, for any text', () => {
    const words = [...new Set(SYNONYMS.flatMap((row) => [...row.asked, ...row.written]).flatMap((p) => p.split(' ')))];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...words, '.', '?', 'năm', '2022'), fc.string()), { maxLength: 12 }),
        (parts) => {
          const added = expandSynonyms(parts.join(' '));
          expect(new Set(added).size).toBe(added.length);
          for (const wording of added) expect(WRITTEN.has(wording)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every row well-formed: NFC, trimmed, something to add', () => {
    for (const row of SYNONYMS) {
      expect(row.asked.length).toBeGreaterThan(0);
      expect(row.written.length).toBeGreaterThan(0);
      for (const phrase of [...row.asked, ...row.written]) {
        expect(phrase).toBe(phrase.normalize('NFC').trim());
        expect(phrase.length).toBeGreaterThan(0);
      }
    }
  });
});
