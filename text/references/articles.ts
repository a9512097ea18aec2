/**
 * Article references: "Điều 32", "khoản 2 Điều 5 Luật Viên chức", "điểm a khoản 1 Điều 3 Nghị định
 * 30/2020/NĐ-CP", "Điều 5 của Luật này". The article, its khoản and điểm, and the document named
 * right after it (a reference parseReferences reads), on folded text so questions typed without
 * diacritics are read the same way.
 */
import { foldWithOrigin } from '../fold.ts';
import { parseReferences } from './parse.ts';
import type { ParsedReference } from './reference.ts';

export interface ArticleReference {
  /** The Điều number: "5", "10a". */
  readonly article: string;
  /** The khoản number, when given. */
  readonly clause: string | null;
  /** The điểm letter, when given ("a", "đ"). */
  readonly point: string | null;
  /** The document named right after the article ("… Luật Viên chức", "… của Nghị định 30/2020/NĐ-CP"). */
  readonly document: ParsedReference | null;
  /** "Điều 5 của Luật này", "khoản 2 Điều này": the text's own document. */
  readonly self: boolean;
  /** Span of the article designation (document included); `text === input.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const ARTICLE =
  /(?<![\p{L}\p{N}])(?:diem\s+(?<point>[a-z])\)?\s*,?\s+)?(?:khoan\s+(?<clause>\d{1,3})\s*,?\s+)?dieu\s+(?<article>\d{1,3}[a-z]?)(?![\p{L}\p{N}])/gu;
const THIS = /^\s*,?\s*(?:cua\s+)?(?:(?:bo\s+luat|luat|phap\s+lenh|nghi\s+dinh|thong\s+tu|nghi\s+quyet|quyet\s+dinh|quy\s+dinh|hien\s+phap)\s+)?nay(?![\p{L}\p{N}])/u;
const BRIDGE = /^\s*,?\s*(?:cua\s+|tai\s+|theo\s+)?$/u;

export function parseArticleReferences(text: string, references: readonly ParsedReference[] = parseReferences(text)): ArticleReference[] {
  const f = foldWithOrigin(text);
  const out: ArticleReference[] = [];
  ARTICLE.lastIndex = 0;
  for (let m = ARTICLE.exec(f.text); m !== null; m = ARTICLE.exec(f.text)) {
    const g = m.groups ?? {};
    const fEnd = m.index + m[0].length;
    const start = f.origin[m.index]!;
    let end = f.origin[fEnd]!;
    let document: ParsedReference | null = null;
    let self = false;
    const after = f.text.slice(fEnd, fEnd + 40);
    const own = THIS.exec(after);
    if (own !== null) {
      self = true;
      end = f.origin[fEnd + own[0].length]!;
    } else {
      document = references.find((r) => r.start >= end && BRIDGE.test(foldWithOrigin(text.slice(end, r.start)).text)) ?? null;
      if (document !== null) end = document.end;
    }
    const pointAt = g.point === undefined ? -1 : m.index + m[0].indexOf(g.point, 4);
    out.push({
      article: (g.article ?? '').replace(/^0+(?=\d)/u, ''),
      clause: g.clause === undefined ? null : g.clause.replace(/^0+(?=\d)/u, ''),
      point: pointAt < 0 ? null : text.slice(f.origin[pointAt], f.origin[pointAt + 1]).toLowerCase(),
      document,
      self,
      start,
      end,
      text: text.slice(start, end),
    });
  }
  return out;
}
