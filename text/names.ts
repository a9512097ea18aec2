/**
 * Lines written in capitals (the headings and issuers of the header block) in the case a title
 * or a citation writes them: "VIÊN CHỨC" → "Viên chức", "BAN CHẤP HÀNH TRUNG ƯƠNG" → "Ban Chấp
 * hành Trung ương", "TỈNH ỦY HẬU GIANG" → "Tỉnh ủy Hậu Giang". Vietnamese capitalizes the first
 * word of a name and the proper names inside it; the proper names are a list (bodies of the Party
 * and the state, Việt Nam, Hồ Chí Minh) and place names after the words that introduce them.
 * Lines not in capitals are kept as written.
 */
import { foldWithOrigin } from './fold.ts';

/** Proper names inside titles, folded → as written. Longest first where one contains another. */
const PROPER: ReadonlyArray<readonly [string, string]> = [
  ['cong hoa xa hoi chu nghia viet nam', 'Cộng hòa xã hội chủ nghĩa Việt Nam'],
  ['dang cong san viet nam', 'Đảng Cộng sản Việt Nam'],
  ['ban chap hanh trung uong dang', 'Ban Chấp hành Trung ương Đảng'],
  ['ban chap hanh trung uong', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh dang bo', 'Ban Chấp hành Đảng bộ'],
  ['ban thuong vu', 'Ban Thường vụ'],
  ['bo chinh tri', 'Bộ Chính trị'],
  ['ban bi thu', 'Ban Bí thư'],
  ['uy ban kiem tra', 'Ủy ban Kiểm tra'],
  ['ban to chuc', 'Ban Tổ chức'],
  ['ban tuyen giao', 'Ban Tuyên giáo'],
  ['van phong', 'Văn phòng'],
  ['mat tran to quoc', 'Mặt trận Tổ quốc'],
  ['uy ban thuong vu quoc hoi', 'Ủy ban Thường vụ Quốc hội'],
  ['uy ban nhan dan', 'Ủy ban nhân dân'],
  ['hoi dong nhan dan', 'Hội đồng nhân dân'],
  ['thu tuong chinh phu', 'Thủ tướng Chính phủ'],
  ['chinh phu', 'Chính phủ'],
  ['quoc hoi', 'Quốc hội'],
  ['nha nuoc', 'Nhà nước'],
  ['trung uong', 'Trung ương'],
  ['ho chi minh', 'Hồ Chí Minh'],
  ['viet nam', 'Việt Nam'],
  ['tinh uy', 'Tỉnh ủy'],
  ['thanh uy', 'Thành ủy'],
  ['huyen uy', 'Huyện ủy'],
  ['dang uy', 'Đảng ủy'],
  ['dang bo', 'Đảng bộ'],
  ['hoi nghi', 'Hội nghị'],
  ['dang', 'Đảng'],
];
/** Words after which the next words are a place name: "tỉnh Hậu Giang", "Tỉnh ủy Hậu Giang". */
const PLACE_AFTER = /(?:^|\s)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|Tỉnh ủy|Thành ủy|Huyện ủy)((?:\s+\p{L}+){1,3})$/u;
/** Ministries: "Bộ Nội vụ", "Bộ Tài chính" — the word after "Bộ" is capitalized. */
const MINISTRY = /^bộ\s+(\p{L})/u;
const ROMAN = /(?<=\s(?:khóa|lần thứ|kỳ họp thứ)\s)([ivxlc]+)(?![\p{L}])/gu;

function isCaps(s: string): boolean {
  return /\p{Lu}/u.test(s) && s === s.toUpperCase();
}

function capitalizeWords(s: string): string {
  return s.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

/**
 * A line in capitals as a title writes it: the first letter (when `capitalizeFirst`), the proper
 * names and Roman numerals capitalized, the rest lowercase. Mixed-case text is returned as is.
 */
export function sentenceCase(line: string, capitalizeFirst = true): string {
  const trimmed = line.trim().replace(/\s+/gu, ' ');
  if (!isCaps(trimmed)) return trimmed;
  let out = trimmed.toLowerCase();
  const folded = foldWithOrigin(out).text;
  // Proper names, longest first; folded and lowercase text have the same length for NFC input.
  if (folded.length === out.length) {
    const taken = new Array<boolean>(out.length).fill(false);
    for (const [phrase, written] of PROPER) {
      for (let at = folded.indexOf(phrase); at >= 0; at = folded.indexOf(phrase, at + 1)) {
        const end = at + phrase.length;
        if (/[a-z0-9]/.test(folded[at - 1] ?? ' ') || /[a-z0-9]/.test(folded[end] ?? ' ')) continue;
        if (taken.slice(at, end).some(Boolean)) continue;
        // The written form only when it spells the same letters (tone marks may be placed the same).
        if (written.toLowerCase() !== out.slice(at, end)) continue;
        out = out.slice(0, at) + written + out.slice(end);
        taken.fill(true, at, end);
      }
    }
  }
  out = out.replace(ROMAN, (r: string) => r.toUpperCase());
  const place = PLACE_AFTER.exec(out);
  if (place !== null) out = out.slice(0, out.length - place[2]!.length) + capitalizeWords(place[2]!);
  out = out.replace(MINISTRY, (m: string, letter: string) => m.slice(0, -1) + letter.toUpperCase());
  return capitalizeFirst ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** An issuer written in capitals, for display: "TỈNH ỦY HẬU GIANG" → "Tỉnh ủy Hậu Giang". */
export function displayName(caps: string): string {
  return sentenceCase(caps, true);
}
