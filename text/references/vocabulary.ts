/** The words of document designations: types, their abbreviations, issuers (folded forms). */

export type ReferenceType =
  | 'Kết luận'
  | 'Nghị quyết'
  | 'Quy định'
  | 'Kế hoạch'
  | 'Chỉ thị'
  | 'Thông báo kết luận'
  | 'Hướng dẫn'
  | 'Quyết định'
  | 'Đề án'
  | 'Chương trình'
  // State documents (Luật Ban hành văn bản quy phạm pháp luật 2015, Điều 4).
  | 'Hiến pháp'
  | 'Bộ luật'
  | 'Luật'
  | 'Pháp lệnh'
  | 'Nghị định'
  | 'Thông tư'
  | 'Thông tư liên tịch';

/** Types written by name rather than number ("Luật Viên chức", "Bộ luật Dân sự", "Hiến pháp"). */
export const NAMED_TYPES: ReadonlySet<ReferenceType> = new Set(['Hiến pháp', 'Bộ luật', 'Luật', 'Pháp lệnh']);



/** Folded type words, longest first where one is a prefix of another. */
export const TYPE_WORDS: ReadonlyArray<readonly [string, ReferenceType]> = [
  ['thong bao ket luan', 'Thông báo kết luận'],
  ['thong bao', 'Thông báo kết luận'], // "Thông báo số 156-TB/TW": only with "số" or a symbol
  ['ket luan', 'Kết luận'],
  ['nghi quyet', 'Nghị quyết'],
  ['quy dinh', 'Quy định'],
  ['qui dinh', 'Quy định'],
  ['ke hoach hanh dong', 'Kế hoạch'],
  ['ke hoach', 'Kế hoạch'],
  ['chi thi', 'Chỉ thị'],
  ['huong dan', 'Hướng dẫn'],
  ['quyet dinh', 'Quyết định'],
  ['de an', 'Đề án'],
  ['chuong trinh hanh dong', 'Chương trình'],
  ['chuong trinh', 'Chương trình'],
  ['nghi dinh', 'Nghị định'],
  ['thong tu lien tich', 'Thông tư liên tịch'],
  ['thong tu', 'Thông tư'],
  ['phap lenh', 'Pháp lệnh'],
  ['bo luat', 'Bộ luật'],
  ['luat', 'Luật'], // "Luật số 58/2010/QH12": with a number; "Luật Viên chức" is read by name (named.ts)
];

/**
 * Abbreviations in symbols and queries. QĐ is both Quy định and Quyết định: without a type word
 * we pick Quy định for the Party form (50-QĐ/TW) and Quyết định for the state form (123/QĐ-UBND);
 * retrieval resolves the rest against the corpus.
 */
export const ABBREVIATIONS: Readonly<Record<string, ReferenceType>> = {
  kl: 'Kết luận', nq: 'Nghị quyết', qd: 'Quy định', kh: 'Kế hoạch', ct: 'Chỉ thị',
  ctr: 'Chương trình', tb: 'Thông báo kết luận', tbkl: 'Thông báo kết luận', hd: 'Hướng dẫn', da: 'Đề án',
  nd: 'Nghị định', tt: 'Thông tư', ttlt: 'Thông tư liên tịch',
};

/** Symbol suffixes that name one issuer; /TW alone could be BCT, BBT or BCH, so it names none. */
export const SUFFIX_ISSUERS: Readonly<Record<string, string>> = {
  BTCTW: 'Ban Tổ chức Trung ương', UBKTTW: 'Ủy ban Kiểm tra Trung ương',
  BTGTW: 'Ban Tuyên giáo Trung ương', TU: 'Tỉnh ủy', HĐND: 'HĐND tỉnh',
  TTG: 'Thủ tướng Chính phủ', CP: 'Chính phủ', UBTVQH: 'Ủy ban Thường vụ Quốc hội',
};

/**
 * The issuing level a reference's identity keeps (Hướng dẫn 36-HD/VPTW: the suffix after "/" of
 * a Party symbol names the issuing level; Nghị định 30/2020/NĐ-CP: the part after "-" of a state
 * symbol names the issuer): "Chỉ thị 05-CT/TW của Bộ Chính trị" and "Chỉ thị 05 của Ban Thường vụ
 * Tỉnh ủy" are two documents, `tw` and `tu`. Folded issuer phrases, most specific first.
 */
export const ISSUER_CODES: ReadonlyArray<readonly [string, string]> = [
  ['ban to chuc trung uong', 'btctw'],
  ['ban tuyen giao trung uong', 'btgtw'],
  ['uy ban kiem tra trung uong', 'ubkttw'],
  ['uy ban thuong vu quoc hoi', 'ubtvqh'],
  ['ban chap hanh trung uong', 'tw'],
  ['bo chinh tri', 'tw'],
  ['ban bi thu', 'tw'],
  ['trung uong', 'tw'],
  ['ban chap hanh dang bo tinh', 'tu'],
  ['ban thuong vu tinh uy', 'tu'],
  ['thuong truc tinh uy', 'tu'],
  ['tinh uy', 'tu'],
  ['thanh uy', 'tu'],
  ['huyen uy', 'hu'],
  ['thu tuong chinh phu', 'ttg'],
  ['chinh phu', 'cp'],
  ['quoc hoi', 'qh'],
  ['hdnd tinh', 'hdnd'],
  ['ubnd tinh', 'ubnd'],
];

/** Folded issuer phrases after "của", most specific first, with their display form. */
export const ISSUERS: ReadonlyArray<readonly [string, string]> = [
  ['hoi nghi lan thu * ban chap hanh trung uong dang', 'Ban Chấp hành Trung ương'],
  ['hoi nghi lan thu * ban chap hanh trung uong', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh trung uong dang', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh trung uong', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh dang bo tinh', 'Ban Chấp hành Đảng bộ tỉnh'],
  ['bo chinh tri', 'Bộ Chính trị'],
  ['ban bi thu', 'Ban Bí thư'],
  ['ban thuong vu tinh uy', 'Ban Thường vụ Tỉnh ủy'],
  ['thuong truc tinh uy', 'Thường trực Tỉnh ủy'],
  ['ban to chuc trung uong', 'Ban Tổ chức Trung ương'],
  ['ban to chuc tinh uy', 'Ban Tổ chức Tỉnh ủy'],
  ['ban tuyen giao trung uong', 'Ban Tuyên giáo Trung ương'],
  ['uy ban kiem tra trung uong', 'Ủy ban Kiểm tra Trung ương'],
  ['uy ban kiem tra tinh uy', 'Ủy ban Kiểm tra Tỉnh ủy'],
  ['uy ban thuong vu quoc hoi', 'Ủy ban Thường vụ Quốc hội'],
  ['hoi dong nhan dan tinh', 'HĐND tỉnh'],
  ['hdnd tinh', 'HĐND tỉnh'],
  ['uy ban nhan dan tinh', 'UBND tỉnh'],
  ['ubnd tinh', 'UBND tỉnh'],
  ['thu tuong chinh phu', 'Thủ tướng Chính phủ'],
  ['chinh phu', 'Chính phủ'],
  ['quoc hoi', 'Quốc hội'],
  ['tinh uy', 'Tỉnh ủy'],
  ['thanh uy', 'Thành ủy'],
  ['huyen uy', 'Huyện ủy'],
  ['trung uong dang', 'Trung ương'],
  ['trung uong', 'Trung ương'],
];

