/**
 * The headings of legal and administrative texts (Luật, Nghị định, Thông tư, and Party Quy định
 * and Điều lệ written the same way): "Phần thứ nhất", "Chương II", "Mục 1", "Tiểu mục 2",
 * "Điều 5. Quyền của viên chức". These rank above any enumeration marker, in this order; inside
 * an Điều, "1." is a khoản and "a)" a điểm (text/structure.ts nests them).
 *
 * Written forms seen in laws and decrees (Nghị định 30/2020/NĐ-CP, Phụ lục I): the unit word in
 * title case or capitals, the number Roman or Arabic (Điều numbers may carry a letter, "Điều 10a"),
 * the title after ". " on the same line (Điều) or on the next line in capitals (Phần, Chương, Mục).
 * "Điều 5 của Luật này…" at the start of a line is a sentence, not a heading: an Điều heading
 * needs its "." or ":" after the number; a Chương/Mục heading needs the end of the line, a
 * separator, or a capital after the number.
 */
import { romanValue } from './numerals.ts';

export type LegalUnit = 'phan' | 'chuong' | 'muc' | 'tieu-muc' | 'dieu';

/** Rank of each unit, outermost first. */
export const LEGAL_RANK: Readonly<Record<LegalUnit, number>> = { phan: 1, chuong: 2, muc: 3, 'tieu-muc': 4, dieu: 5 };

/** The unit word as a citation writes it. */
export const UNIT_WORD: Readonly<Record<LegalUnit, string>> = {
  phan: 'Phần',
  chuong: 'Chương',
  muc: 'Mục',
  'tieu-muc': 'Tiểu mục',
  dieu: 'Điều',
};

export interface LegalHeading {
  readonly unit: LegalUnit;
  /** The number as written: "II", "5", "10a", "thứ nhất". */
  readonly written: string;
  /** The number as a value, for lookups ("II" → "2", "thứ nhất" → "1", "10a" → "10a"); null when unreadable. */
  readonly number: string | null;
  /** "Chương II", "Điều 5": how a citation names the unit. */
  readonly label: string;
  /** Offset (in the line) where the title on the same line starts; null when the line is the bare unit. */
  readonly titleStart: number | null;
}

const ORDINALS: Readonly<Record<string, number>> = {
  nhất: 1, hai: 2, ba: 3, tư: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9, mười: 10,
};

const NUMBER = String.raw`(?:[IVXLC]{1,7}|\d{1,3})`;
const SEPARATOR = String.raw`\s*[.:\-–—]\s*`;
/** Unit word + number + (end | separator + title | space + capitalized title). */
const CONTAINER = new RegExp(
  String.raw`^(?<word>PHẦN|Phần|CHƯƠNG|Chương|TIỂU MỤC|Tiểu mục|MỤC|Mục)\s+(?<num>${NUMBER}|(?:THỨ|thứ)\s+\p{L}+)` +
    String.raw`(?<rest>$|${SEPARATOR}|\s+(?=\p{Lu}))`,
  'u',
);
/** "Điều 5.", "Điều 10a.", "ĐIỀU 5:", "Điều 5 ." — the dot or colon is required. */
const ARTICLE = /^(?<word>Điều|ĐIỀU)\s+(?<num>\d{1,3}[a-zđ]?)\s*(?<rest>[.:](?:\s+|$)|$)/u;

const UNIT_OF_WORD: Readonly<Record<string, LegalUnit>> = {
  phần: 'phan',
  chương: 'chuong',
  mục: 'muc',
  'tiểu mục': 'tieu-muc',
  điều: 'dieu',
};

/** The legal heading opening `line` (a trimmed line of text), or null. */
export function readLegalHeading(line: string): LegalHeading | null {
  if (line.length === 0 || !/^[PCMTĐ]/u.test(line)) return null;
  const match = ARTICLE.exec(line) ?? CONTAINER.exec(line);
  const groups = match?.groups;
  if (!match || !groups) return null;
  const unit = UNIT_OF_WORD[(groups.word ?? '').toLowerCase()];
  if (unit === undefined) return null;
  // "Điều 5" alone on a line is a heading only when written with its dot ("Điều 5." or "Điều 5:").
  if (unit === 'dieu' && groups.rest === '') return null;
  const written = (groups.num ?? '').replace(/\s+/gu, ' ');
  const titleStart = match[0].length < line.length ? match[0].length : null;
  return {
    unit,
    written,
    number: unitNumber(written),
    label: `${UNIT_WORD[unit]} ${unit === 'phan' && /^thứ/iu.test(written) ? written.toLowerCase() : written}`,
    titleStart,
  };
}

/** "II" → "2", "thứ nhất" → "1", "10a" → "10a", "5" → "5". */
export function unitNumber(written: string): string | null {
  const ordinal = /^thứ\s+(\p{L}+)$/iu.exec(written);
  if (ordinal) {
    const value = ORDINALS[(ordinal[1] ?? '').toLowerCase()];
    return value === undefined ? null : String(value);
  }
  if (/^\d/u.test(written)) return written.replace(/^0+(?=\d)/u, '').toLowerCase();
  const roman = romanValue(written);
  return roman === null ? null : String(roman);
}
