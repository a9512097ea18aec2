/**
 * One spelling for the same Vietnamese word, so that documents and queries match: Unicode NFC
 * plus one canonical tone-mark placement per syllable. Documents (ingest) and queries (retrieval)
 * both go through `normalizeText`.
 *
 * Canonical placement is the "old style" most used in the corpus and in the press: in open
 * syllables with oa, oe, uy the mark sits on the first vowel (hóa, khỏe, ủy, thúy); elsewhere it
 * sits where every style puts it (hoàn, thuyết, người, quốc, giữa).
 *
 * Length: the only step that changes the UTF-16 length is the NFC composition of decomposed input
 * (e.g. "a\u0301" → "á"). Moving a mark swaps one precomposed BMP letter for another, so on NFC
 * input the output has exactly the input's length and offsets carry over.
 */

/** Combining tone marks, index = tone number (0 = level tone, no mark). */
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;

/** Vowels without tone, shape marks included (ă â ê ô ơ ư carry a shape, not a tone). */
const BASE_VOWELS = 'aăâeêioôơuưy';
const SHAPED_VOWELS = new Set(['ă', 'â', 'ê', 'ô', 'ơ', 'ư']);

interface VowelInfo {
  readonly base: string;
  readonly tone: number;
}

/** Lowercase vowel (any tone) → base and tone; and (base, tone) → lowercase vowel. */
const VOWEL_INFO = new Map<string, VowelInfo>();
const VOWEL_OF = new Map<string, string>();
for (const base of BASE_VOWELS) {
  TONE_MARKS.forEach((mark, tone) => {
    const vowel = (base + mark).normalize('NFC');
    VOWEL_INFO.set(vowel, { base, tone });
    VOWEL_OF.set(`${base}${tone}`, vowel);
  });
}

/** Every letter of the Vietnamese alphabet (both cases) plus the Latin letters of loan words. */
const LOWER_LETTERS = new Set<string>([...'abcdefghijklmnopqrstuvwxyzđ', ...VOWEL_INFO.keys()]);
/** Uppercase letter → lowercase; all these mappings are one BMP code unit to one. */
const LOWER_OF = new Map<string, string>();
for (const lower of LOWER_LETTERS) LOWER_OF.set(lower.toUpperCase(), lower);

const ONSETS = [
  'ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr',
  'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x',
] as const;
const CODAS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
/** Vowel clusters (nuclei with glides) that exist in Vietnamese, without tone. */
const NUCLEI = new Set([
  ...BASE_VOWELS,
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'oo',
  'ôi', 'ơi', 'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ưi', 'ươ', 'ưu', 'yê',
  'iêu', 'oai', 'oay', 'oeo', 'uây', 'uôi', 'uya', 'uyê', 'uyu', 'ươi', 'ươu', 'yêu',
]);

interface Syllable {
  /** Index of the first nucleus letter in the word. */
  readonly nucleusStart: number;
  /** Nucleus letters without tone, e.g. "oa". */
  readonly nucleus: string;
  readonly hasCoda: boolean;
}

/** Splits a lowercase, toneless word into onset + nucleus + coda; null when it is not a syllable. */
function parseSyllable(toneless: string): Syllable | null {
  const onset = ONSETS.find((o) => toneless.startsWith(o)) ?? '';
  // "gi" and "qu" are onsets only when a vowel follows: gì, gìn are g + i.
  let start = onset.length;
  if (onset === 'gi' && !isVowel(toneless[2])) start = 1;
  let end = start;
  while (end < toneless.length && isVowel(toneless[end])) end += 1;
  const nucleus = toneless.slice(start, end);
  const coda = toneless.slice(end);
  if (!NUCLEI.has(nucleus) || !CODAS.has(coda)) return null;
  return { nucleusStart: start, nucleus, hasCoda: coda.length > 0 };
}

function isVowel(letter: string | undefined): boolean {
  return letter !== undefined && BASE_VOWELS.includes(letter);
}

/** Index within the nucleus where the tone mark belongs. */
function toneIndex(nucleus: string, hasCoda: boolean): number {
  const letters = [...nucleus];
  // A shaped vowel carries the mark (ươ → ơ, uyê → ê, ưa → ư).
  for (let i = letters.length - 1; i >= 0; i -= 1) {
    if (SHAPED_VOWELS.has(letters[i] ?? '')) return i;
  }
  if (hasCoda) return letters.length - 1; // hoàn, toán, huỳnh
  if (letters.length === 3) return 1; // hoài, khuya, ngoẻo
  return 0; // old style: hóa, khỏe, thúy, mái, mía
}

/**
 * The word with its tone mark moved to the canonical vowel; unchanged when the word is not a
 * single Vietnamese syllable (loan words, abbreviations, several marks). Case is kept per letter.
 * Expects an NFC run of letters.
 */
export function canonicalTonePlacement(word: string): string {
  const chars = [...word];
  const lower: string[] = [];
  for (const ch of chars) {
    const l = LOWER_LETTERS.has(ch) ? ch : LOWER_OF.get(ch);
    if (l === undefined) return word;
    lower.push(l);
  }
  let tone = 0;
  let tonedAt = -1;
  const toneless = lower.map((ch, i) => {
    const info = VOWEL_INFO.get(ch);
    if (info === undefined || info.tone === 0) return ch;
    if (tonedAt >= 0) tone = -1; // a second mark: not a well-formed syllable
    else {
      tone = info.tone;
      tonedAt = i;
    }
    return info.base;
  });
  if (tone <= 0) return word;
  const syllable = parseSyllable(toneless.join(''));
  if (syllable === null) return word;
  const target = syllable.nucleusStart + toneIndex(syllable.nucleus, syllable.hasCoda);
  if (target === tonedAt) return word;

  const out = [...chars];
  const put = (i: number, lowerVowel: string): void => {
    const original = chars[i] ?? '';
    out[i] = original === lower[i] ? lowerVowel : lowerVowel.toUpperCase();
  };
  put(tonedAt, toneless[tonedAt] ?? '');
  put(target, VOWEL_OF.get(`${toneless[target] ?? ''}${tone}`) ?? '');
  return out.join('');
}

/**
 * Runs of letters and combining marks. A run holding a combining mark (one NFC could not compose)
 * is left alone: moving a mark next to it could make the text composable again and break
 * idempotence.
 */
const LETTER_RUN = /[\p{L}\p{M}]+/gu;
const COMBINING = /\p{M}/u;

/** NFC + canonical tone placement in every Vietnamese syllable. Idempotent; never throws. */
export function normalizeText(text: string): string {
  const nfc = text.normalize('NFC');
  return nfc.replace(LETTER_RUN, (run) => (COMBINING.test(run) ? run : canonicalTonePlacement(run)));
}

/** Runs of spaces and tabs → one space, trimmed at both ends. For queries; newlines are kept. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\u00a0]+/g, ' ').trim();
}
