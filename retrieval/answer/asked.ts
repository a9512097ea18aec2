/**
 * What kind of answer a person question wants, beyond its type: a name ("Ai là Bí thư Tỉnh ủy?"),
 * the title of a person it names ("Lê Văn Dũng giữ chức vụ gì?", "Nguyễn Thiện Nhơn là ai?"), or a
 * body that a sentence names without any person ("Cơ quan nào chủ trì …?").
 */
import { foldForMatch } from '../../text/fold.ts';
import { isSurname } from './person.ts';
import type { Query } from '../types.ts';

/** "Ai là …", "… là ai": a role asked, which only a name answers (unlike "cơ quan nào …"). */
const ROLE_QUESTION = /(?:^|\s)(?:ai la|la ai|ai giu|ai dang giu)(?=\s|$|\?)/u;
/** "… giữ chức vụ gì", "chức danh …": the title of a person. */
const TITLE_QUESTION = /(?:^|\s)(?:chuc vu|chuc danh)(?=\s|$|\?)/u;
/** "Cơ quan nào …", "đơn vị nào …": a body is asked. */
const BODY_QUESTION = /(?:^|\s)(?:co quan|don vi|to chuc|ban|cap) nao(?=\s|$|\?)/u;

function folded(query: Query): string {
  return foldForMatch(query.text);
}

/**
 * A person question no name answers may still be answered by a sentence when it asks for a body
 * ("Cơ quan nào chủ trì …?"), or asks "who" without naming a document or a role: "Kết luận 21
 * do ai ký?" and "Ai là Chủ tịch UBND tỉnh?" want a name, and a sentence without one is no answer.
 */
export function asksForBody(query: Query): boolean {
  const text = folded(query);
  return BODY_QUESTION.test(text) || (query.references.length === 0 && !ROLE_QUESTION.test(text));
}

/** "Lê Văn Dũng giữ chức vụ gì?", or "Nguyễn Thiện Nhơn là ai?" (a role question naming a person). */
export function asksForTitle(query: Query): boolean {
  const text = folded(query);
  if (TITLE_QUESTION.test(text)) return true;
  return query.type === 'person' && ROLE_QUESTION.test(text) && personNamed(query.text);
}

/** The question writes a person's name: a family name opening two or more capitalized syllables. */
function personNamed(text: string): boolean {
  return [...text.matchAll(/(\p{Lu}[\p{Ll}\p{M}]*)(?:\s+\p{Lu}[\p{Ll}\p{M}]*)+/gu)].some((m) => isSurname(m[1] ?? ''));
}
