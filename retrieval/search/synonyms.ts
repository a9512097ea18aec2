/**
 * Everyday wordings of Party and state vocabulary, so that lexical search meets documents written
 * in the official register: a cadre asks "thu nhận bao nhiêu người vào Đảng", the bulletin says
 * "kết nạp … đảng viên mới"; "ba tháng đầu năm" is "quý I"; "bị đuổi khỏi Đảng" is "khai trừ".
 *
 * Each row says how a question may put something (`asked`) and how the documents write it
 * (`written`). When a question contains an `asked` phrase, the `written` phrases are searched too,
 * at `synonymWeight` (search/retriever.ts, where the measurements are): expansion only ADDS terms, and the
 * question's own words keep their weight, so a document that uses the question's wording still
 * counts it. Rows are general equivalences of the register (what any Party document could say),
 * not tied to one question; keep them that way.
 *
 * Matching (see `expandSynonyms`): whole words, in order, never across sentence punctuation; a
 * question word written with diacritics must match exactly ("đọc" is not "dọc"; tone placement is
 * canonical, "hoá" = "hóa"), one typed without any matches every word that folds to it ("doc" may
 * be đọc, "qui" is quý).
 */
import { foldDiacritics } from '../../text/fold.ts';
import { foldTerm, tokenizeSyllables } from '../../text/tokenize.ts';

export interface Synonym {
  /** Ways a question may say it: any of these phrases, as whole words. */
  readonly asked: readonly string[];
  /** How the documents say it: searched too when a question says one of `asked`. */
  readonly written: readonly string[];
  readonly note?: string;
}

export const SYNONYMS: readonly Synonym[] = [
  // Party membership and discipline.
  {
    asked: ['thu nhận', 'nhận vào đảng', 'vào đảng', 'gia nhập đảng', 'kết nạp'],
    written: ['kết nạp đảng viên', 'phát triển đảng viên'],
  },
  { asked: ['người trong đảng', 'người của đảng', 'thành viên của đảng', 'thành viên đảng'], written: ['đảng viên'] },
  {
    asked: ['xử lý vi phạm', 'bị xử lý', 'bị phạt', 'xử phạt', 'bị kỷ luật', 'kỷ luật'],
    written: ['thi hành kỷ luật', 'kỷ luật đảng viên'],
  },
  {
    asked: ['đuổi khỏi đảng', 'đuổi ra khỏi đảng', 'loại khỏi đảng', 'khai trừ'],
    written: ['khai trừ khỏi đảng', 'khai trừ'],
  },
  { asked: ['mất chức', 'bị mất chức'], written: ['cách chức'] },
  // Quarters, written in Roman numerals or in figures ("quý I", "quí 1"). Periods said in other
  // words ("ba tháng đầu năm", "nửa đầu năm") are read by periods.ts in query understanding.
  { asked: ['quý 1'], written: ['quý I'] },
  { asked: ['quý I'], written: ['quý 1'] },
  { asked: ['quý hai', 'quý 2'], written: ['quý II'] },
  { asked: ['quý II'], written: ['quý 2'] },
  { asked: ['quý ba', 'quý 3'], written: ['quý III'] },
  { asked: ['quý III'], written: ['quý 3'] },
  { asked: ['quý bốn', 'quý 4', 'quý cuối năm'], written: ['quý IV'] },
  { asked: ['quý IV'], written: ['quý 4'] },
  { asked: ['sắp tới', 'tới đây', 'sắp đến'], written: ['thời gian tới'] },
  // Reviews and meetings.
  { asked: ['đánh giá nửa năm', 'đánh giá giữa năm', 'báo cáo nửa năm', 'giữa nhiệm kỳ'], written: ['sơ kết'] },
  { asked: ['đánh giá cả năm', 'báo cáo cả năm', 'báo cáo năm'], written: ['tổng kết'] },
  { asked: ['đọc báo cáo', 'đọc'], written: ['trình bày'] },
  { asked: ['họp', 'cuộc họp', 'phiên họp'], written: ['hội nghị'] },
  { asked: ['học tập nghị quyết', 'học nghị quyết', 'phổ biến nghị quyết'], written: ['quán triệt'] },
  { asked: ['ký ban hành', 'công bố', 'phát hành'], written: ['ban hành'] },
  // Results, shortcomings, completion.
  { asked: ['làm xong', 'hoàn tất', 'xong'], written: ['hoàn thành'] },
  {
    asked: ['điểm yếu', 'yếu kém', 'thiếu sót', 'nhược điểm', 'khuyết điểm', 'tồn tại'],
    written: ['hạn chế'],
  },
  { asked: ['thành tích', 'thành tựu', 'làm được'], written: ['kết quả đạt được'] },
  { asked: ['cách làm', 'biện pháp'], written: ['giải pháp'] },
  // Economy and budget.
  { asked: ['lớn lên', 'tăng lên', 'tăng thêm'], written: ['tăng trưởng'] },
  { asked: ['ngân khố', 'tiền thu', 'thu ngân khố', 'thu vào ngân khố', 'nộp ngân sách'], written: ['thu ngân sách'] },
  { asked: ['tổng sản phẩm', 'gdp'], written: ['GRDP'] },
  // Cadres and organization.
  { asked: ['tranh cử', 'ra tranh cử', 'ra ứng cử'], written: ['ứng cử'] },
  { asked: ['điều động'], written: ['luân chuyển'] },
  { asked: ['luân chuyển'], written: ['điều động'] },
  { asked: ['lãnh đạo chủ chốt'], written: ['cán bộ chủ chốt'] },
  { asked: ['cán bộ chủ chốt'], written: ['lãnh đạo chủ chốt'] },
  { asked: ['nghỉ hưu', 'về hưu', 'cán bộ hưu'], written: ['hưu trí'] },
  { asked: ['tập huấn', 'đi học', 'cho đi học'], written: ['đào tạo, bồi dưỡng'] },
  { asked: ['cấp ủy tỉnh'], written: ['tỉnh ủy'] },
  { asked: ['bộ máy nhà nước', 'bộ máy chính quyền'], written: ['bộ máy hành chính'] },
  { asked: ['cách nghĩ', 'suy nghĩ', 'cách tư duy'], written: ['tư duy', 'nhận thức'] },
  { asked: ['chọn'], written: ['lấy'], note: '"lấy … làm trọng tâm" is "chọn … làm trọng tâm"' },
  { asked: ['khám bệnh', 'khám'], written: ['khám sức khỏe'] },
  { asked: ['người dân'], written: ['nhân dân'] },
  { asked: ['sai phạm'], written: ['vi phạm'] },
  { asked: ['khen', 'tuyên dương', 'biểu dương'], written: ['khen thưởng'] },
  { asked: ['bác hồ', 'làm theo bác'], written: ['Hồ Chí Minh'] },
  { asked: ['ứng dụng điện thoại', 'ứng dụng di động', 'điện thoại'], written: ['app', 'ứng dụng'] },
];

interface Word {
  readonly term: string;
  /** `foldTerm(term)`: no diacritics, y/i unified. */
  readonly folded: string;
  /** Typed without any diacritics: matches every word with the same folded form. */
  readonly plain: boolean;
  /** True when sentence punctuation separates this word from the previous one. */
  readonly breakBefore: boolean;
}

const SENTENCE_BREAK = /[.;:!?…\n]/u;

/** Syllables and numbers of a text in order (no joined document numbers, no alternates). */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let previous: { start: number; end: number } | null = null;
  for (const token of tokenizeSyllables(text)) {
    if (token.term.includes('-') || token.term.includes('/')) continue;
    if (previous && previous.start === token.start && previous.end === token.end) continue;
    const breakBefore = previous !== null && SENTENCE_BREAK.test(text.slice(previous.end, token.start));
    const { term } = token;
    words.push({ term, folded: foldTerm(term), plain: foldDiacritics(term) === term, breakBefore });
    previous = token;
  }
  return words;
}

/** A question word matches a phrase word exactly, or by its folded form when typed without marks. */
function sameWord(asked: Word, phrase: Word): boolean {
  return asked.term === phrase.term || (asked.plain && asked.folded === phrase.folded);
}

function containsPhrase(words: readonly Word[], phrase: readonly Word[]): boolean {
  const fits = (word: Word, at: number): boolean => sameWord(word, phrase[at]!) && (at === 0 || !word.breakBefore);
  for (let i = 0; i + phrase.length <= words.length; i++) {
    let j = 0;
    while (j < phrase.length && fits(words[i + j]!, j)) j++;
    if (j === phrase.length) return true;
  }
  return false;
}

const PHRASES = SYNONYMS.map((row) => ({
  asked: row.asked.map(wordsOf),
  written: row.written.map((text) => ({ text, words: wordsOf(text) })),
}));

/**
 * The document wordings to search for a question, in table order, without duplicates; empty when
 * no row applies. A wording the question already contains is not added.
 */
export function expandSynonyms(text: string): string[] {
  const words = wordsOf(text);
  if (words.length === 0) return [];
  // Every phrase word matches through its folded form, so a phrase whose first word's folded
  // form the question lacks cannot match: most rows are skipped on a set lookup.
  const folded = new Set(words.map((word) => word.folded));
  const possible = (phrase: readonly Word[]): boolean => folded.has(phrase[0]?.folded ?? '') && containsPhrase(words, phrase);
  const added = new Set<string>();
  for (const row of PHRASES) {
    if (!row.asked.some(possible)) continue;
    for (const written of row.written) if (!containsPhrase(words, written.words)) added.add(written.text);
  }
  return [...added];
}
