/**
 * Reads the typed phrase a one-sentence document gives for a question, as answer.ts does for
 * each candidate sentence (the question's focus as understandQuery gives it).
 */
import type { Document } from '../../../index/records.ts';
import { typedCue } from '../../../retrieval/answer/cue.ts';
import { extractPhrase } from '../../../retrieval/answer/phrases.ts';
import { understandQuery } from '../../../retrieval/query/understand.ts';
import { focusTerms, termStatistics } from '../../../retrieval/answer/terms.ts';

/** Background sentences, so idf is not flat. */
const BACKGROUND =
  'Công tác xây dựng Đảng đạt kết quả. Công tác cán bộ được quan tâm. Hội nghị đã thống nhất cao. ' +
  'Các cấp ủy triển khai thực hiện nghiêm túc. Tình hình kinh tế tiếp tục phục hồi.';

export function phraseOf(question: string, sentence: string): string | null {
  const doc: Document = { id: 'd', relPath: 'd.txt', format: 'txt', text: sentence, hash: '', title: 'Tin', date: null, kind: 'news', issuer: null, source: null };
  const background: Document = { ...doc, id: 'b', text: BACKGROUND };
  const query = understandQuery(question, new Set());
  const focus = focusTerms(query.focus, termStatistics(new Map([[doc.id, doc], [background.id, background]])), query.withoutDiacritics);
  const phrase = extractPhrase(typedCue(query, focus), sentence, { start: 0, end: sentence.length });
  return phrase === null ? null : sentence.slice(phrase.start, phrase.end);
}
