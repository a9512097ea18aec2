/**
 * Which questions ask for an enumeration, whatever their type says.
 */
import { describe, expect, it } from 'vitest';
import { asksForList } from '../../../retrieval/answer/enumeration.ts';
import { understandQuery } from '../../../retrieval/query/understand.ts';

const asks = (q: string): boolean => asksForList(understandQuery(q, new Set()));

describe('asksForList', () => {
  it.each([
    'Nhiệm vụ trọng tâm quý II/2022 là gì?',
    'Công tác chăm sóc sức khoẻ cán bộ còn hạn chế gì?',
    'nhung kho khan nao',
    'Hội nghị chuyên đề đã triển khai những văn bản nào?',
  ])('%j asks for a list', (q) => {
    expect(asks(q)).toBe(true);
  });

  it.each(['Kết luận 21 có mấy nhóm nhiệm vụ?', 'Quy định 50 về việc gì?', 'Ai là Trưởng Ban Tổ chức Tỉnh ủy?', 'Kết quả tổ chức hội nghị ra sao?'])(
    '%j does not',
    (q) => {
      expect(asks(q)).toBe(false);
    },
  );
});
