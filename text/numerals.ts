/** Roman numerals as Vietnamese documents use them: khóa XIII, quý IV, Phần II, Chương IX. */

const ONES = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
const TENS = ['', 'X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX'];
const ROMAN = /^(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;

/** 1…89 as a Roman numeral; null outside that range. */
export function toRoman(n: number): string | null {
  if (!Number.isInteger(n) || n < 1 || n > 89) return null;
  return TENS[Math.floor(n / 10)]! + ONES[n % 10]!;
}

/** The value of a Roman numeral I…LXXXIX written in capitals; null for anything else. */
export function romanValue(written: string): number | null {
  if (!ROMAN.test(written)) return null;
  let value = 0;
  for (let i = 0; i < written.length; i++) {
    const v = ({ I: 1, V: 5, X: 10, L: 50 } as const)[written[i] as 'I' | 'V' | 'X' | 'L'];
    const next = ({ I: 1, V: 5, X: 10, L: 50 } as Record<string, number>)[written[i + 1] ?? ''] ?? 0;
    value += v < next ? -v : v;
  }
  return value;
}
