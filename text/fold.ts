/**
 * Diacritic folding for matching text typed without accents ("ket luan" ↔ "Kết luận").
 *
 * Length-preserving on any input: each precomposed Latin letter becomes its one base letter and
 * every other code point (standalone combining marks included) is kept as is, so an offset in the
 * folded text is the same offset in the original. Callers pass NFC text (`normalizeText` output),
 * where every Vietnamese letter is precomposed.
 */

const FOLDED = new Map<string, string>([
  ['đ', 'd'],
  ['Đ', 'D'],
  // Eth, which old Vietnamese fonts and converters use for Đ.
  ['\u00d0', 'D'],
]);
const BASE_WITH_MARKS = /^([A-Za-z])\p{M}+$/u;

function foldChar(ch: string): string {
  const cached = FOLDED.get(ch);
  if (cached !== undefined) return cached;
  const match = BASE_WITH_MARKS.exec(ch.normalize('NFD'));
  const folded = match?.[1] ?? ch;
  FOLDED.set(ch, folded);
  return folded;
}

/** Removes Vietnamese (and other Latin) diacritics, đ → d; keeps case and length. Idempotent. */
export function foldDiacritics(text: string): string {
  // Precomposed Latin letters live in these blocks; everything else passes through untouched.
  return text.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, foldChar);
}
