/** The regexes of document designations, on folded text (lowercase, no diacritics, đ → d). */
import { TYPE_WORDS } from './vocabulary.ts';

export const H = '[^\\S\\r\\n]'; // horizontal space: a designation never spans lines
export const NB = '(?<![\\p{L}\\p{N}])';
export const NA = '(?![\\p{L}\\p{N}])';
export const words = (w: string): string => w.split(' ').map((x) => (x === '*' ? '[\\p{L}\\p{N}]+,?' : x)).join(`${H}+`);
/** A type word as a pattern; "luật" alone is not the one in "kỷ luật", "pháp luật", "điều luật", "bộ luật" (its own word). */
const typeWord = (w: string): string => (w === 'luat' ? `(?<!(?:ky|phap|dieu|bo)${H}+)luat` : words(w));
// "tbkl" before "tb": alternatives are tried in order.
export const ABBR = 'tbkl|ttlt|ctr|kl|nq|qd|kh|ct|tb|hd|da|nd|tt';
/** The year of a state symbol: "30/2020/NĐ-CP", "58/2010/QH12". */
const YEAR = '(?:19|20)\\d\\d';
/**
 * A symbol after the number: Party "-KL/TW", "-CTr/TU"; state "/NQ-HĐND", "/NĐ-CP", "/TTLT-BTC-BNV";
 * a law's "/QH12" (after its year).
 */
const SYMBOL = `[-/](?:${ABBR})(?:[-/][a-z]{1,10}){0,3}|[-/][a-z]{1,6}[-/][a-z]{1,10}(?:-[a-z]{1,10}){0,2}|/[a-z]{1,6}\\d{1,2}`;
export const ROMAN = '[ivxlc]{1,6}|\\d{1,2}';
const NQ = `(?:nghi${H}+quyet|nq)`;

export const DESIGNATION = new RegExp(
  [
    // Nghị quyết Trung ương 4 khóa XII, "Nghị quyết Trung ương 8 (khóa XI)", "nq tw4"
    `${NB}${NQ}${H}*(?:hoi${H}+nghi${H}+)?(?:trung${H}+uong|tw)${H}*(?<tw>\\d{1,2})` +
      `(?:${H}*\\(${H}*khoa${H}+(?<twk1>${ROMAN})${H}*\\)|${H}*,?${H}*khoa${H}+(?<twk2>${ROMAN})${NA})?${NA}`,
    // Nghị quyết Đại hội XIII (of the Party; "Đại hội Đảng bộ tỉnh …" is left out)
    `${NB}${NQ}${H}+dai${H}+hoi${H}+(?:dang${H}+)?(?:(?:dai${H}+bieu${H}+)?toan${H}+quoc${H}+)?` +
      `(?:lan${H}+thu${H}+)?(?<dh>${ROMAN})${NA}`,
    // Type word + ("số")? + number + symbol?
    `${NB}(?<tw2>${TYPE_WORDS.map(([w]) => typeWord(w)).join('|')})(?<so>${H}+so${H}*:?${H}*|${H}+)(?<num>\\d{1,5})` +
      `(?:/(?<year>${YEAR}))?(?<sym>${SYMBOL})?${NA}`,
    // Abbreviation + number: "kl21", "KL 21", "QĐ số 50"
    `${NB}(?<ab>${ABBR})${H}?(?<aso>so${H}?)?(?<anum>\\d{1,5})${NA}`,
    // Bare symbol: "21-KL/TW", "16/NQ-HĐND"
    `(?<![\\p{L}\\p{N}/.-])(?<bnum>\\d{1,5})(?:/(?<byear>${YEAR}))?(?<bsym>[-/](?:${ABBR})(?:[-/][a-z]{1,10}){1,3}|/[a-z]{1,6}\\d{1,2})${NA}`,
  ].join('|'),
  'gu',
);

/**
 * Words that make "Kế hoạch 5 năm", "quy định 3 nhóm" quantities rather than designations. A unit
 * asked about within a few words ("ngày nào", "tháng mấy", "người nào", "nhiệm vụ trọng tâm là
 * gì") is a question about the document, not a quantity: "Nghị quyết 19 năm nào" names it.
 */
export const QUANTITY_AFTER = new RegExp(
  `^${H}*(?:%|(?:nam|thang|tuan|gio|phut|lan|luot|nguoi|cuoc|nhom|buoc|diem|muc|dieu|khoan|cap|loai|trieu|ty|nghin|ngan` +
    `|van${H}+de|noi${H}+dung|nhiem${H}+vu|giai${H}+phap|dong${H}+chi|dang${H}+vien|chi${H}+bo|don${H}+vi` +
    `|can${H}+bo|van${H}+ban|truong${H}+hop|tieu${H}+chi|chi${H}+tieu|linh${H}+vuc|ngay(?!${H}*\\d))${NA}` +
    `(?!(?:${H}+[\\p{L}\\p{N}]+){0,3}${H}+(?:nao|may|gi)${NA}))`,
  'u',
);
/** A number continuing into a range, decimal or date ("2021 - 2025", "2.396", "30/4") is not a designation number. */
export const NUMBER_CONTINUES = new RegExp(`^${H}*[-–/.,]${H}*\\d`, 'u');
