/**
 * Whether a word is one Vietnamese syllable: (onset)(medial)(vowel nucleus)(coda), the codas being
 * c, ch, m, n, ng, nh, p, t (i, y, o, u end a vowel cluster). Written Vietnamese separates syllables
 * by spaces, so a "word" that is not one syllable ("vịtrí") is two run together ("vị trí").
 * Used to restore the word space a PDF lost when a fallback font drew a letter at a word's end.
 */

const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?[aeiouy]{1,3}(?:ch|nh|ng|c|m|n|p|t)?$/u;

/** Tone marks and vowel marks off, đ → d, lowercase. */
function base(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/gu, 'd').toLowerCase();
}

export function isVietnameseSyllable(word: string): boolean {
  return SYLLABLE.test(base(word));
}
