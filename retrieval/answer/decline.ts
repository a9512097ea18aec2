/**
 * Saying "not found" well: what the documents do say of the subject, never a guess.
 * - The question names a document the library mentions but the fact asked is not given ("Kết luận
 *   21 ban hành ngày nào?"): say so, and quote where the documents mention it.
 * - A passage speaks of the subject but contradicts a detail of the question (another quarter,
 *   role, action or place): say which kind of detail differs, and quote it as what is known.
 * - Otherwise the closest passages, only those the decision itself finds close: unrelated
 *   sentences that merely share a word are left out.
 */
import { formatReferenceLabel } from '../../text/references/index.ts';
import type { Candidate } from './evidence.ts';
import type { Query, QuestionType } from '../types.ts';

/** What a decline says and quotes. */
export interface Decline {
  readonly message: string;
  readonly quoted: readonly Candidate[];
}

export const NOT_FOUND_ANSWER = 'Các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này.';

/** Coverage a contradicted passage needs to be shown as what is known of the subject. */
const RELATED_COVERAGE = 0.6;
/** Share of the operating point a passage's probability needs to be shown as a close passage. */
const CLOSE_SHARE = 0.75;
const CLOSEST_PASSAGES = 3;

const ASKED: Readonly<Record<QuestionType, string>> = {
  count: 'số liệu được hỏi',
  date: 'thời gian được hỏi',
  person: 'người được hỏi',
  subject: 'nội dung được hỏi',
  list: 'các nội dung được hỏi',
  free: 'thông tin được hỏi',
};

const DETAIL: Readonly<Record<string, string>> = {
  period: 'khác về thời gian (kỳ, quý, năm)',
  role: 'khác về chức danh',
  predicate: 'nói về việc khác với việc được hỏi',
  name: 'không nói tới nơi hoặc người được hỏi',
  number: 'khác về con số được hỏi',
};

export function decline(
  query: Query,
  refKeys: ReadonlySet<string>,
  open: readonly Candidate[],
  vetoed: readonly Candidate[],
  closeness: (c: Candidate) => number,
  threshold: number,
): Decline {
  const naming = [...open, ...vetoed].filter((c) => c.reference === 1);
  if (refKeys.size > 0 && naming.length > 0) {
    const labels = query.references
      .filter((r) => refKeys.has(r.key))
      .map((r) => formatReferenceLabel({ ...r.parsed, date: null, issuer: null }))
      .join(', ');
    const asked = query.type === 'date' && /ban hành|ban hanh|ký|ky/u.test(query.text) ? 'ngày ban hành' : ASKED[query.type];
    return { message: `Các tài liệu có nhắc tới ${labels}, nhưng không nêu ${asked}.`, quoted: distinct(naming).slice(0, 2) };
  }
  const related = vetoed.filter((c) => c.coverage >= RELATED_COVERAGE).sort((a, b) => b.coverage - a.coverage)[0];
  if (related !== undefined && related.veto !== null) {
    const detail = DETAIL[related.veto] ?? 'khác với câu hỏi';
    return {
      message: `Các tài liệu không có ${ASKED[query.type]} đúng như câu hỏi: đoạn gần nhất ${detail}.`,
      quoted: [related],
    };
  }
  const close = distinct(open.filter((c) => closeness(c) >= CLOSE_SHARE * threshold).sort((a, b) => closeness(b) - closeness(a)));
  return { message: NOT_FOUND_ANSWER, quoted: close.slice(0, CLOSEST_PASSAGES) };
}

/** One candidate per sentence, in the order given. */
function distinct(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = `${c.doc.id}:${c.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
