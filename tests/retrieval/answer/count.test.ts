/**
 * Count phrases: the number and what it counts, the rise or fall when one is asked, a breakdown in
 * parentheses labelled by what it breaks down, numbers written as words.
 */
import { describe, expect, it } from 'vitest';
import { phraseOf } from './phrase-helper.ts';

const DISCIPLINE = 'Trong quý I, ủy ban kiểm tra các cấp thi hành kỷ luật 25 đảng viên (giảm 2 đảng viên so với cùng kỳ).';
const VISITS =
  'Khám, điều trị ngoại trú cán bộ diện Tỉnh ủy quản lý 1.038 lượt (đương chức 150 lượt, hưu trí 863 lượt, Mẹ Việt Nam Anh hùng 25 lượt).';

describe('count phrases', () => {
  it('gives the total, or the fall when "giảm bao nhiêu" asks for it', () => {
    expect(phraseOf('Bao nhiêu đảng viên bị thi hành kỷ luật?', DISCIPLINE)).toBe('25 đảng viên');
    expect(phraseOf('Số đảng viên bị kỷ luật giảm bao nhiêu so với cùng kỳ?', DISCIPLINE)).toBe('giảm 2 đảng viên');
  });

  it('reads a breakdown by its own label and by what it breaks down', () => {
    expect(phraseOf('Khám, điều trị ngoại trú cán bộ diện Tỉnh ủy quản lý bao nhiêu lượt?', VISITS)).toBe('1.038 lượt');
    expect(phraseOf('Cán bộ hưu trí được khám, điều trị bao nhiêu lượt?', VISITS)).toBe('863 lượt');
  });

  it('labels a number opening a parenthesis by what comes before it', () => {
    const growth = 'Kinh tế quí 1 tăng trưởng 5,09%, cao hơn mức tăng của cả nước (5,03%), trong đó khu vực 2 tăng tới 10%.';
    expect(phraseOf('Mức tăng của cả nước là bao nhiêu phần trăm?', growth)).toBe('5,03%');
  });

  it('counts with number words only when the counted noun follows', () => {
    expect(phraseOf('Lady Gaga đã giành được bao nhiêu giải Grammy?', 'Lady Gaga đã giành được sáu giải Grammy trong sự nghiệp.')).toBe(
      'sáu giải Grammy',
    );
    expect(phraseOf('Tỉnh có bao nhiêu giải thưởng?', 'Trong năm 2022 tỉnh có 3 giải thưởng về báo chí.')).toBe('3 giải thưởng');
  });

  it('tells a negated count from its converse', () => {
    const branches = 'Có 1.899 chi bộ xây dựng kế hoạch (1.462 chi bộ có chi ủy, 437 chi bộ không có chi ủy).';
    expect(phraseOf('Bao nhiêu chi bộ có chi ủy?', branches)).toBe('1.462 chi bộ');
    expect(phraseOf('Số chi bộ không có chi ủy là bao nhiêu?', branches)).toBe('437 chi bộ');
  });
});
