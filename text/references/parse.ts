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
import { DESIGNATION, NUMBER_CONTINUES, QUANTITY_AFTER } from './patterns.ts';
import { readTail } from './tail.ts';
import { ABBREVIATIONS, SUFFIX_ISSUERS, TYPE_WORDS, type ReferenceType } from './vocabulary.ts';

export interface ParsedReference {
  type: ReferenceType;
  /** Without leading zeros ("3" for "03-KH/TW"); "TW4-XII" / "ĐH-XIII" for the plenum/congress resolutions. */
  number: string;
  symbol: string | null;
  issuer: string | null;
  /** ISO `YYYY-MM-DD`. */
  date: string | null;
  subject: string | null;
  /** Span of the designation only; `text === input.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
}

export function parseReferences(text: string): ParsedReference[] {
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
    out.push({
      ...head,
      issuer: tail.issuer ?? head.issuer,
      date: tail.date,
      subject: tail.subject,
      start,
      end,
      text: text.slice(start, end),
    });
  }
  return out;
}

type Head = Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'issuer'>;

function designation(m: RegExpExecArray, f: FoldedText, text: string): Head | null {
  const g = m.groups ?? {};
  const original = (from: number, to: number): string => text.slice(f.origin[from], f.origin[to]);
  const fEnd = m.index + m[0].length;
  if (g.tw !== undefined) {
    const term = romanTerm(g.twk1 ?? g.twk2, m, f, text);
    const issuer = term ? `Ban Chấp hành Trung ương khóa ${term}` : null;
    return { type: 'Nghị quyết', number: `TW${Number(g.tw)}${term ? `-${term}` : ''}`, symbol: null, issuer };
  }
  if (g.dh !== undefined) {
    const term = romanTerm(g.dh, m, f, text);
    return term ? { type: 'Nghị quyết', number: `ĐH-${term}`, symbol: null, issuer: null } : null;
  }
  const after = f.text.slice(fEnd, fEnd + 40);
  const quantity = (n: string): boolean =>
    /^(?:19|20)\d\d$/.test(n) || QUANTITY_AFTER.test(after) || NUMBER_CONTINUES.test(after);
  if (g.tw2 !== undefined && g.num !== undefined) {
    const word = g.tw2.replace(/\s+/g, ' ');
    const hasSo = (g.so ?? '').includes('so');
    if (!hasSo && g.sym === undefined && (word === 'thong bao' || quantity(g.num))) return null;
    const type = TYPE_WORDS.find(([w]) => w === word)?.[1] ?? 'Kết luận';
    const symbol = g.sym === undefined ? null : normalizeSymbol(original(fEnd - g.sym.length + 1, fEnd));
    return { type, number: stripZeros(g.num), symbol, issuer: issuerFromSymbol(symbol) };
  }
  if (g.ab !== undefined && g.anum !== undefined) {
    const written = original(m.index, m.index + g.ab.length);
    // "HĐ" is Hội đồng, not Hướng dẫn; "đã 5" must not become Đề án 5.
    if (g.ab === 'hd' && /đ/i.test(written)) return null;
    if (g.ab === 'da' && written !== 'ĐA' && written !== 'DA') return null;
    if (g.aso === undefined && quantity(g.anum)) return null;
    return { type: ABBREVIATIONS[g.ab] ?? 'Kết luận', number: stripZeros(g.anum), symbol: null, issuer: null };
  }
  if (g.bnum !== undefined && g.bsym !== undefined) {
    const symbol = normalizeSymbol(original(fEnd - g.bsym.length + 1, fEnd));
    const abbr = g.bsym.slice(1).split(/[-/]/)[0] ?? '';
    const stateForm = g.bsym.startsWith('/') && g.bsym.includes('-');
    const type = abbr === 'qd' && stateForm ? 'Quyết định' : (ABBREVIATIONS[abbr] ?? 'Kết luận');
    return { type, number: stripZeros(g.bnum), symbol, issuer: issuerFromSymbol(symbol) };
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
    .map((part) => ({ TƯ: 'TW', QD: 'QĐ', DA: 'ĐA', HDND: 'HĐND', CTR: 'CTr' })[part] ?? part)
    .join('');
}

function issuerFromSymbol(symbol: string | null): string | null {
  if (symbol === null) return null;
  const parts = symbol.split(/[-/]/);
  return parts.length < 2 ? null : (SUFFIX_ISSUERS[parts[parts.length - 1]!.toUpperCase()] ?? null);
}

