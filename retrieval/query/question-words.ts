/**
 * The question words of Vietnamese chat questions, as cues for query/understand.ts: which words make a
 * question a count, a date, a person, a list or a subject question, and which words only frame
 * it (particles, politeness, "giữ chức vụ gì") and so leave its focus.
 */
import type { QuestionType } from '../types.ts';

/**
 * A cue: words separated by spaces. `?word` is a question word (dropped from `focus`; other cue
 * words are content and stay), `a|b` are alternatives, `*` is a gap of 1–8 syllables. A cue never
 * spans sentence punctuation (. ; ? ! …).
 */
export interface Cue {
  /** null: a particle or politeness formula, only dropped from `focus`. */
  readonly type: QuestionType | null;
  readonly cue: string;
  /** The match does not count right after / right before one of these words. */
  readonly notAfter?: readonly string[];
  readonly notBefore?: readonly string[];
  /** When typed without marks, counts only at the start/end of a sentence ("vay" inside is a loan). */
  readonly plainAt?: 'start' | 'end';
}

/** When several types match, the first in this order wins ("có mấy nhóm, gồm những gì" is count). */
export const TYPE_PRIORITY: readonly QuestionType[] = ['count', 'date', 'person', 'list', 'subject'];

const PLURAL = ['những', 'các'];
/** Words that, following "co" typed without marks, make it cơ/cô/cố ("co so" = cơ sở, "co quan" = cơ quan). */
const CO_NOT_CO = ['sở', 'quan', 'chế', 'cấu', 'bản', 'hội', 'gắng', 'phần', 'động', 'giáo', 'khí', 'đơn', 'cực'];

export const QUESTION_CUES: readonly Cue[] = [
  // count — "mấy" next to ngày/tháng/năm/giờ is a date; "bo may", "nha may", "xe may" are máy.
  { type: 'count', cue: '?bao ?nhiêu' },
  { type: 'count', cue: '?mấy', notAfter: ['ngày', 'tháng', 'năm', 'bộ', 'nhà', 'xe', 'cái'], notBefore: ['giờ', 'móc', 'mắn', 'mặc', 'bay'] },
  { type: 'count', cue: 'số lượng' },
  { type: 'count', cue: 'tổng số' },
  { type: 'count', cue: 'tỷ|tỉ lệ' },
  { type: 'count', cue: '?bao ?lâu' },
  // "gấp mấy lần": the answer writes the ratio ("1-1,5 lần"), seldom "gấp".
  { type: 'count', cue: '?gấp ?mấy lần' },
  { type: 'count', cue: '?gấp ?bao ?nhiêu lần' },
  // date
  { type: 'date', cue: 'ngày|tháng|năm|hôm ?nào', notBefore: ['cũng'] },
  { type: 'date', cue: 'ngày|tháng|năm ?mấy' },
  { type: 'date', cue: '?mấy giờ' },
  { type: 'date', cue: '?khi ?nào' },
  { type: 'date', cue: '?lúc ?nào' },
  { type: 'date', cue: '?bao ?giờ' },
  { type: 'date', cue: 'thời gian|điểm ?nào' },
  { type: 'date', cue: 'ban hành ngày' },
  { type: 'date', cue: 'ngày ban hành' },
  { type: 'date', cue: 'ký ngày' },
  { type: 'date', cue: 'ngày ký' },
  // person — also the issuer ("do ai ban hành", "cơ quan nào"); "những đồng chí nào" is a list.
  { type: 'person', cue: '?ai', notAfter: ['không', 'chẳng', 'mọi', 'kỳ', 'cứ', ...PLURAL], notBefore: ['cũng'] },
  { type: 'person', cue: 'đồng chí ?nào', notAfter: PLURAL },
  { type: 'person', cue: 'người|ông|bà ?nào', notAfter: PLURAL },
  { type: 'person', cue: 'vị ?nào', notAfter: [...PLURAL, 'đơn'] },
  { type: 'person', cue: 'cơ quan ?nào', notAfter: PLURAL },
  // list
  { type: 'list', cue: '?những|các * ?nào' },
  { type: 'list', cue: '?những * ?gì' },
  { type: 'list', cue: '?những ?gì|ai' },
  { type: 'list', cue: 'gồm ?những|các' },
  { type: 'list', cue: '?liệt ?kê' },
  { type: 'list', cue: '?kể ?tên' },
  { type: 'list', cue: '?nêu ?những|các', plainAt: 'start' },
  { type: 'list', cue: 'nhiệm vụ trọng tâm' },
  { type: 'list', cue: 'nhiệm vụ chủ yếu' },
  { type: 'list', cue: 'giải pháp trọng tâm' },
  { type: 'list', cue: 'giải pháp chủ yếu' },
  { type: 'list', cue: 'nội dung trọng tâm' },
  { type: 'list', cue: 'nhiệm vụ giải pháp' },
  { type: 'list', cue: 'nhóm nhiệm vụ' },
  { type: 'list', cue: 'nhóm giải pháp' },
  // subject
  { type: 'subject', cue: 'về việc ?gì' },
  { type: 'subject', cue: 'vấn đề ?gì' },
  { type: 'subject', cue: 'về ?gì' },
  { type: 'subject', cue: '?là ?gì' },
  { type: 'subject', cue: 'nội dung ?gì' },
  { type: 'subject', cue: '?nói ?gì' },
  { type: 'subject', cue: 'nội dung chính' },
  { type: 'subject', cue: 'trích yếu' },
  // a title asked ("giữ chức vụ gì"): the answer writes the title, not these words
  { type: null, cue: '?giữ ?chức ?vụ|danh' },
  { type: null, cue: '?chức ?vụ|danh ?gì' },
  // a name asked ("tên đầy đủ của đề án … là gì"): the answer is the name itself
  { type: null, cue: '?tên ?đầy ?đủ' },
  { type: null, cue: '?tên ?gọi' },
  { type: 'subject', cue: '?tên ?là ?gì' },
  // an assessment or a significance asked ("được đánh giá thế nào", "có ý nghĩa gì"): the answer
  // states it ("ngày càng chủ động", "là năm bản lề") without these words
  { type: null, cue: '?đánh ?giá ?thế|ra ?nào|sao' },
  { type: null, cue: '?đánh ?giá ?như ?thế ?nào' },
  { type: null, cue: '?ý ?nghĩa ?thế ?nào' },
  { type: null, cue: '?ý ?nghĩa ?như ?thế ?nào' },
  { type: null, cue: '?ý ?nghĩa ?gì' },
  // particles and politeness
  { type: null, cue: '?có', notBefore: CO_NOT_CO },
  { type: null, cue: '?không' },
  { type: null, cue: '?là' },
  { type: null, cue: '?gì' },
  { type: null, cue: '?nào' },
  { type: null, cue: '?xin' },
  { type: null, cue: '?ơi' },
  { type: null, cue: '?vậy|ạ|nhỉ|nhé|hả|à|đâu', plainAt: 'end' },
  { type: null, cue: '?hãy', plainAt: 'start' },
  { type: null, cue: '?cho ?biết|hỏi' },
  { type: null, cue: '?cho ?tôi|mình|em|anh|chị|con ?hỏi|biết' },
  { type: null, cue: '?tôi|mình|em ?muốn ?hỏi|biết' },
  { type: null, cue: '?vui ?lòng' },
  { type: null, cue: '?làm ?ơn' },
  { type: null, cue: '?giúp ?tôi|mình|em' },
  { type: null, cue: '?như ?thế ?nào' },
  { type: null, cue: '?thế ?nào' },
  { type: null, cue: '?ra|tại|vì ?sao' },
];
