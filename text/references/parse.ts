/**
 * Finds designations of documents ("Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị về …",
 * "Kết luận 21", "kl21", "21-KL/TW") in document text and in user queries.
 *
 * Matching runs on a folded copy of the text (lowercase, no diacritics, đ→d) so that queries typed
 * without diacritics hit the same rules; every folded index maps back to the original, so spans
 * always slice the input. All regexes are free of nested quantifiers and the clause after a
 * designation is read inside a bounded window, so the work stays linear in the input length.
 */
import { foldWithOrigin, type FoldedText } from '../fold.ts';
import { toRoman } from '../numerals.ts';
import { parseNamedReferences } from './named.ts';
import type { ParsedReference } from './reference.ts';
import { DESIGNATION, NUMBER_CONTINUES, QUANTITY_AFTER } from './patterns.ts';
import { issuerCode } from './label.ts';
import { readIssuerBefore, readTail } from './tail.ts';
import { ABBREVIATIONS, NAMED_TYPES, SUFFIX_ISSUERS, TYPE_WORDS } from './vocabulary.ts';

export type { ParsedReference } from './reference.ts';


/** Every designation in `text`, numbered ("Nghị định số 30/2020/NĐ-CP") or named ("Luật Viên chức"), in text order. */
export function parseReferences(text: string): ParsedReference[] {
  let numbered = parseNumberedReferences(text);
  const named = parseNamedReferences(text).filter((n) => !numbered.some((r) => r.start < n.end && n.start < r.end));
  if (named.length === 0) return numbered;
  // "Luật Viên chức số 58/2010/QH12": the name and the number of one law.
  const merged = named.map((n) => {
    const next = numbered.find((r) => r.start >= n.end && r.start - n.end <= 8);
    if (next === undefined || next.type !== n.type || !/^\s+(?:số\s*:?\s*)?$/u.test(text.slice(n.end, next.start))) return n;
    numbered = numbered.filter((r) => r !== next);
    return { ...next, name: n.name, start: n.start, text: text.slice(n.start, next.end) };
  });
  return [...numbered, ...merged].sort((a, b) => a.start - b.start);
}

function parseNumberedReferences(text: string): ParsedReference[] {
  const f = foldWithOrigin(text);
  const out: ParsedReference[] = [];
  const re = new RegExp(DESIGNATION.source, DESIGNATION.flags);
  for (let m = re.exec(f.text); m !== null; m = re.exec(f.text)) {
    const head = designation(m, f, text);
    if (head === null) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const fEnd = m.index + m[0].length;
    const tail = readTail(f, text, fEnd);
    const start = f.origin[m.index]!;
    const end = f.origin[fEnd]!;
    const issuer = tail.issuer ?? readIssuerBefore(f, m.index) ?? head.issuer;
    // "Tỉnh uỷ đã ban hành Kế hoạch số 63-KH/TƯ": a provincial body's "TƯ" is its mistyped "TU".
    const symbol =
      head.symbol !== null && /TƯ$/u.test(text.slice(start, end)) && ['tu', 'hu'].includes(issuerCode(issuer) ?? '')
        ? head.symbol.replace(/TW$/u, 'TU')
        : head.symbol;
    out.push({
      ...head,
      symbol,
      issuer,
      date: tail.date,
      subject: tail.subject,
      start,
      end,
      text: text.slice(start, end),
    });
  }
  return out;
}

type Head = Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'issuer' | 'year' | 'name'>;

function designation(m: RegExpExecArray, f: FoldedText, text: string): Head | null {
  const g = m.groups ?? {};
  const original = (from: number, to: number): string => text.slice(f.origin[from], f.origin[to]);
  const fEnd = m.index + m[0].length;
  if (g.tw !== undefined) {
    const term = romanTerm(g.twk1 ?? g.twk2, m, f, text);
    const issuer = term ? `Ban Chấp hành Trung ương khóa ${term}` : null;
    return { type: 'Nghị quyết', number: `TW${Number(g.tw)}${term ? `-${term}` : ''}`, symbol: null, issuer, year: null, name: null };
  }
  if (g.dh !== undefined) {
    const term = romanTerm(g.dh, m, f, text);
    return term ? { type: 'Nghị quyết', number: `ĐH-${term}`, symbol: null, issuer: null, year: null, name: null } : null;
  }
  const after = f.text.slice(fEnd, fEnd + 40);
  const quantity = (n: string): boolean =>
    /^(?:19|20)\d\d$/.test(n) || QUANTITY_AFTER.test(after) || NUMBER_CONTINUES.test(after);
  if (g.tw2 !== undefined && g.num !== undefined) {
    const word = g.tw2.replace(/\s+/g, ' ');
    const hasSo = (g.so ?? '').includes('so');
    const type = TYPE_WORDS.find(([w]) => w === word)?.[1] ?? 'Kết luận';
    // "Thông báo 5 điểm", "Luật 2 năm": a laws' number comes with "số", its year or its symbol.
    const plain = !hasSo && g.sym === undefined && g.year === undefined;
    if (plain && (word === 'thong bao' || NAMED_TYPES.has(type) || quantity(g.num))) return null;
    const symbol = g.sym === undefined ? null : normalizeSymbol(original(fEnd - g.sym.length + 1, fEnd));
    return { type, number: stripZeros(g.num), symbol, issuer: issuerFromSymbol(symbol), year: g.year ?? null, name: null };
  }
  if (g.ab !== undefined && g.anum !== undefined) {
    const written = original(m.index, m.index + g.ab.length);
    // "HĐ" is Hội đồng, not Hướng dẫn; "đã 5" must not become Đề án 5.
    if (g.ab === 'hd' && /đ/i.test(written)) return null;
    if (g.ab === 'da' && written !== 'ĐA' && written !== 'DA') return null;
    if (g.aso === undefined && quantity(g.anum)) return null;
    return { type: ABBREVIATIONS[g.ab] ?? 'Kết luận', number: stripZeros(g.anum), symbol: null, issuer: null, year: null, name: null };
  }
  if (g.bnum !== undefined && g.bsym !== undefined) {
    const symbol = normalizeSymbol(original(fEnd - g.bsym.length + 1, fEnd));
    const abbr = g.bsym.slice(1).split(/[-/]/)[0] ?? '';
    const stateForm = g.bsym.startsWith('/') && g.bsym.includes('-');
    // "58/2010/QH12" alone is a law (a resolution of the Quốc hội says "Nghị quyết số …").
    const type = /^qh\d*$/.test(abbr)
      ? 'Luật'
      : abbr === 'qd' && stateForm
        ? 'Quyết định'
        : (ABBREVIATIONS[abbr] ?? 'Kết luận');
    return { type, number: stripZeros(g.bnum), symbol, issuer: issuerFromSymbol(symbol), year: g.byear ?? null, name: null };
  }
  return null;
}

/** Roman term of office from "XIII" or "13"; lowercase Vietnamese words like "vì" are not numerals. */
function romanTerm(raw: string | undefined, m: RegExpExecArray, f: FoldedText, text: string): string | null {
  if (raw === undefined) return null;
  if (/^\d+$/.test(raw)) return toRoman(Number(raw));
  const at = m.index + m[0].lastIndexOf(raw);
  const written = text.slice(f.origin[at], f.origin[at + raw.length]);
  const upper = raw.toUpperCase();
  if (!/^(?:X{0,3})(?:IX|IV|V?I{0,3})$/.test(upper) || upper === '') return null;
  if (written !== upper && (raw.length < 2 || ['vi', 'xi', 'li', 'ci'].includes(raw))) return null;
  return upper;
}

function stripZeros(n: string): string {
  return n.replace(/^0+(?=\d)/, '');
}

/** "KH/TƯ" → "KH/TW"; query forms get their Đ back ("qd/tw" → "QĐ/TW"). */
function normalizeSymbol(written: string): string {
  return written
    .toUpperCase()
    .split(/([-/])/)
    .map((part) => ({ TƯ: 'TW', QD: 'QĐ', DA: 'ĐA', HDND: 'HĐND', CTR: 'CTr', ND: 'NĐ', TTG: 'TTg' })[part] ?? part)
    .join('');
}

function issuerFromSymbol(symbol: string | null): string | null {
  if (symbol === null) return null;
  if (/^QH\d*$/.test(symbol)) return 'Quốc hội';
  const parts = symbol.split(/[-/]/);
  return parts.length < 2 ? null : (SUFFIX_ISSUERS[parts[parts.length - 1]!.toUpperCase()] ?? null);
}

