/**
 * Replies to what is not a question (query/utterance.ts): never a "found" answer.
 * - small talk → what the assistant holds (how many documents, which kinds, the date range) and
 *   two example questions drawn from the library;
 * - a bare document number → its reference card, quoting where the documents mention it;
 * - a bare keyword → where the documents speak of it (one quoted sentence per document) and how to
 *   ask about it.
 */
import type { Document, DocumentReference } from '../../index/records.ts';
import { displayDate } from '../../text/dates.ts';
import { foldForMatch } from '../../text/fold.ts';
import { formatReferenceLabel } from '../../text/references/index.ts';
import { viewOf } from '../document/view.ts';
import type { ReferenceCard } from '../lookup.ts';
import type { Utterance } from '../query/utterance.ts';
import type { Answer, AnswerKind, Citation, Hit, Query } from '../types.ts';

const OVERVIEW_DOCUMENTS = 3;

/** "5 văn bản (phát biểu, bản tin), từ 01/2022 đến 01/2023". */
export function librarySummary(documents: readonly Document[]): string {
  const kinds = [...new Set(documents.map((d) => d.kind).filter((k) => k !== ''))];
  const dates = documents.map((d) => d.date).filter((d): d is string => d !== null).sort();
  const range = dates.length === 0 ? '' : dates[0] === dates.at(-1) ? `, ${displayDate(dates[0]!)}` : `, từ ${displayDate(dates[0]!)} đến ${displayDate(dates.at(-1)!)}`;
  return `${documents.length} văn bản${kinds.length > 0 ? ` (${kinds.slice(0, 4).join(', ')})` : ''}${range}`;
}

/** Two questions the library can answer, from its most mentioned references. */
export function exampleQuestions(references: readonly DocumentReference[]): string[] {
  const ranked = [...references].sort((a, b) => b.mentions.length - a.mentions.length);
  const out: string[] = [];
  for (const ref of ranked) {
    const name = formatReferenceLabel({ ...ref, date: null, issuer: null });
    if (ref.date !== null) out.push(`${name} ban hành ngày nào?`);
    else if (ref.subject !== null) out.push(`${name} về việc gì?`);
    if (out.length === 2) break;
  }
  return out.length > 0 ? out : ['Các nhiệm vụ trọng tâm năm nay là gì?'];
}

function base(query: Query, kind: AnswerKind, answer: string, citations: readonly Citation[], hits: readonly Hit[]): Answer {
  return { question: query.raw, type: query.type, kind, found: false, answer, citations, hits, confidence: 0 };
}

export function helpAnswer(query: Query, utterance: Utterance, documents: readonly Document[], references: readonly DocumentReference[]): Answer {
  const opening = utterance === 'thanks' ? 'Rất vui được giúp bạn.' : utterance === 'greeting' ? 'Xin chào!' : 'Tôi là trợ lý tra cứu văn kiện.';
  const examples = exampleQuestions(references).map((q) => `“${q}”`).join(', ');
  const text =
    `${opening} Tôi trả lời câu hỏi về ${librarySummary(documents)}, luôn kèm trích dẫn nguyên văn và nguồn. ` +
    `Bạn có thể hỏi, ví dụ: ${examples}`;
  return base(query, 'help', text, [], []);
}

export function referenceAnswer(query: Query, cards: readonly ReferenceCard[]): Answer {
  if (cards.length === 0) {
    const labels = query.references.map((r) => formatReferenceLabel({ ...r.parsed, date: null, issuer: null })).join(', ');
    return base(query, 'not-found', `Không tìm thấy ${labels} trong các tài liệu hiện có.`, [], []);
  }
  const lines = cards.slice(0, 3).map((card) => {
    const about = card.subject ? ` về ${card.subject}` : '';
    return `${card.label}${about} — được nhắc tới ${card.mentions.length} lần trong các tài liệu.`;
  });
  const more = cards.length > 1 ? ' Bạn hỏi về văn bản nào?' : ' Bạn muốn hỏi gì về văn bản này (ngày ban hành, nội dung, nhiệm vụ…)?';
  return base(query, 'reference', `${lines.join('\n')}\n${more.trim()}`, cards.flatMap((c) => c.mentions).slice(0, 3), []);
}

/** Where the documents speak of a keyword: the best sentence of the top hits, one per document. */
export function overviewAnswer(query: Query, hits: readonly Hit[], documents: ReadonlyMap<string, Document>): Answer {
  const topic = query.focus.trim() === '' ? query.text : query.focus;
  const citations: Citation[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const doc = documents.get(hit.docId);
    if (doc === undefined || seen.has(doc.id)) continue;
    seen.add(doc.id);
    const sentence = viewOf(doc).sentencesOverlapping(hit.start, hit.end).find((s) => containsWord(doc.text.slice(s.start, s.end), topic));
    if (sentence !== undefined) citations.push(viewOf(doc).citation(sentence.start, sentence.end));
    if (citations.length === OVERVIEW_DOCUMENTS) break;
  }
  if (citations.length === 0) return base(query, 'not-found', `Các tài liệu hiện có không nhắc tới “${topic}”.`, [], hits);
  const text =
    `Các tài liệu có nhắc tới “${topic}” (${citations.length === 1 ? 'một văn bản' : `${citations.length} văn bản`}, trích dưới đây). ` +
    `Hãy hỏi cụ thể hơn, ví dụ: “${topic} có những nhiệm vụ gì?” hoặc “${topic} đạt kết quả gì?”`;
  return base(query, 'overview', text, citations, hits);
}

function containsWord(text: string, topic: string): boolean {
  return foldForMatch(text).includes(foldForMatch(topic));
}
