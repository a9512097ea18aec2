/**
 * The title of a named person: the segments after the name, each opened by a title word, up to
 * the first words that are not part of a title; only for a person the question names.
 */
import { describe, expect, it } from 'vitest';
import { extractTitle, isSurname } from '../../../retrieval/answer/person.ts';

function titleOf(sentence: string, question: string): string | null {
  const t = extractTitle(sentence, { start: 0, end: sentence.length }, question);
  return t === null ? null : sentence.slice(t.start, t.end);
}

describe('extractTitle', () => {
  it('reads comma- and dash-separated titles up to the verb', () => {
    expect(
      titleOf('Ông Nguyễn Thiện Nhơn, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy, cho biết kết quả.', 'ong nguyen thien nhon giu chuc vu gi'),
    ).toBe('Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy');
    expect(
      titleOf(
        'Báo cáo do đồng chí Cao Thanh Hải - Tỉnh ủy viên, Phó Trưởng Ban trực Ban Tổ chức Tỉnh ủy Quảng Nam trình bày tại Hội nghị.',
        'cao thanh hai giu chuc vu gi',
      ),
    ).toBe('Tỉnh ủy viên, Phó Trưởng Ban trực Ban Tổ chức Tỉnh ủy Quảng Nam');
    expect(titleOf('Đồng chí Lê Văn Dũng – Phó Bí thư Thường trực Tỉnh ủy Quảng Nam đánh giá cao kết quả.', 'le van dung la ai')).toBe(
      'Phó Bí thư Thường trực Tỉnh ủy Quảng Nam',
    );
  });

  it('gives nothing for a person the question does not name, or a name without a title', () => {
    expect(titleOf('Ông Nguyễn Thiện Nhơn, Trưởng Ban Tổ chức Tỉnh ủy, cho biết.', 'le van dung giu chuc vu gi')).toBeNull();
    expect(titleOf('Ông Nguyễn Thiện Nhơn cho biết kết quả.', 'nguyen thien nhon giu chuc vu gi')).toBeNull();
  });

  it('knows Vietnamese family names', () => {
    expect(isSurname('Nguyễn')).toBe(true);
    expect(isSurname('Ban')).toBe(false);
  });
});
