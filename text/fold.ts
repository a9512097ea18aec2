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

/** Lowercase and without diacritics: how text typed any way is compared. */
export function foldForMatch(text: string): string {
  return foldDiacritics(text.toLowerCase());
}

/** Text folded for matching (lowercase, no diacritics), with the way back to the original. */
export interface FoldedText {
  readonly text: string;
  /** origin[i] = index in the original of folded unit i; origin[text.length] = original length. */
  readonly origin: readonly number[];
}

/**
 * Lowercase and without diacritics, for grammars that match on folded text and must slice the
 * original (document designations). Unlike `foldDiacritics` the length may change: standalone
 * combining marks (text that is not NFC) are dropped, so `origin` maps each unit back.
 */
export function foldWithOrigin(text: string): FoldedText {
  const units: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) continue;
    const ch = text[i]!;
    if (c < 0x80) units.push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch);
    else if (c >= 0xd800 && c <= 0xdfff) units.push(ch); // surrogates are kept unit by unit
    else {
      const lower = foldDiacritics(ch).toLowerCase();
      units.push(lower.length === 1 ? lower : ch); // "İ" lowercases to two units: kept as is
    }
    origin.push(i);
  }
  origin.push(text.length);
  return { text: units.join(''), origin };
}
