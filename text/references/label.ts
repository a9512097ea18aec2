/**
 * Canonical keys and display labels of references.
 *
 * A reference's identity keeps its type, number, and what the designation says of its issuer:
 *
 *   "Kết luận 21", "KL 21"                          ket-luan:21            (the designation only)
 *   "Kết luận số 21-KL/TW", "… 21 của Bộ Chính trị"  ket-luan:21:tw
 *   "Chỉ thị 05 của Ban Thường vụ Tỉnh ủy"          chi-thi:5:tu           (another document than chi-thi:5:tw)
 *   "Nghị định số 30/2020/NĐ-CP"                    nghi-dinh:30:2020-cp
 *   "Luật số 58/2010/QH12"                          luat:58:2010-qh12
 *   "Luật Viên chức"                                luat:vien-chuc
 *
 * A key without a qualifier names every document of that type and number; `keysCompatible` says
 * whether a written designation can be a given document.
 */
import { foldWithOrigin } from '../fold.ts';
import type { ParsedReference } from './reference.ts';
import { ISSUER_CODES, type ReferenceType } from './vocabulary.ts';

/** ASCII slug: "Kết luận" → "ket-luan", "TW4-XII" → "tw4-xii". */
function slug(s: string): string {
  return foldWithOrigin(s).text.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The designation's key: type and number (or name, for a named law): `ket-luan:21`, `quy-dinh:50`,
 * `ke-hoach:3`, `nghi-quyet:tw4-xii`, `luat:vien-chuc`; `hien-phap` for the Constitution.
 */
export function referenceKey(type: ReferenceType, number: string): string {
  const id = slug(number.trim().replace(/^0+(?=\d)/, ''));
  return id === '' ? slug(type) : `${slug(type)}:${id}`;
}

type Identity = Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'issuer' | 'year' | 'name'>;

/**
 * What a designation says of its issuer and year, as a key part: the issuing level of a Party
 * symbol ("KL/TW" → `tw`, "QĐ/TU" → `tu`, "HD/BTCTW" → `btctw`), the issuer of a state symbol
 * with its year ("2020/NĐ-CP" → `2020-cp`, "2010/QH12" → `2010-qh12`, "NQ-HĐND" → `hdnd`), else the
 * level of a named issuer ("của Bộ Chính trị" → `tw`); null when the designation says nothing.
 */
export function referenceQualifier(ref: Identity): string | null {
  if (/^(?:TW\d|ĐH-)/u.test(ref.number) || ref.number === '') return null;
  const code = symbolCode(ref.symbol) ?? issuerCode(ref.issuer);
  if (ref.year !== null) return code === null ? ref.year : `${ref.year}-${code}`;
  return code;
}

function symbolCode(symbol: string | null): string | null {
  if (symbol === null) return null;
  const folded = slug(symbol);
  if (symbol.includes('/')) return slug(symbol.slice(symbol.lastIndexOf('/') + 1)) || null; // Party: KL/TW
  const parts = folded.split('-');
  if (parts.length === 1) return folded || null; // a law's QH12
  return parts.slice(1).join('-') || null; // state: NĐ-CP → cp, TTLT-BTC-BNV → btc-bnv
}

/** The level of an issuer named in words, e.g. "Ban Thường vụ Tỉnh ủy" → `tu`. */
export function issuerCode(issuer: string | null): string | null {
  if (issuer === null) return null;
  const folded = foldWithOrigin(issuer).text;
  for (const [phrase, code] of ISSUER_CODES) if (folded.includes(phrase)) return code;
  return null;
}

/** The identity key: `referenceKey` plus the qualifier; a named law by its name. */
export function identityKey(ref: Identity): string {
  if (ref.name !== null) return referenceKey(ref.type, ref.name);
  const base = referenceKey(ref.type, ref.number);
  const qualifier = referenceQualifier(ref);
  return qualifier === null ? base : `${base}:${qualifier}`;
}

/** Other keys the same document answers to: a named law's number key ("Luật Viên chức số 58/2010/QH12"). */
export function aliasKeys(ref: Identity): string[] {
  if (ref.name === null || ref.number === '') return [];
  return [identityKey({ ...ref, name: null })];
}

/** The designation part of a key (`chi-thi:5` of `chi-thi:5:tu`). */
export function baseOfKey(key: string): string {
  const parts = key.split(':');
  return parts.length <= 2 ? key : `${parts[0]}:${parts[1]}`;
}

function qualifierOfKey(key: string): string | null {
  const parts = key.split(':');
  return parts.length <= 2 ? null : parts.slice(2).join(':');
}

/**
 * Whether a written designation (`written`, a key) can name the document keyed `known`: the same
 * designation, and qualifiers that agree where both are given (`qh` agrees with `2010-qh12`,
 * `2020` with `2020-cp`).
 */
export function keysCompatible(written: string, known: string): boolean {
  if (written === known) return true;
  if (baseOfKey(written) !== baseOfKey(known)) return false;
  const a = qualifierOfKey(written);
  const b = qualifierOfKey(known);
  if (a === null || b === null) return true;
  const [ay, ac] = splitQualifier(a);
  const [by, bc] = splitQualifier(b);
  if (ay !== null && by !== null && ay !== by) return false;
  if (ac !== null && bc !== null && ac !== bc && !termOf(ac, bc) && !termOf(bc, ac)) return false;
  return true;
}

function splitQualifier(q: string): [string | null, string | null] {
  const m = /^((?:19|20)\d\d)(?:-(.+))?$/.exec(q);
  return m ? [m[1]!, m[2] ?? null] : [null, q];
}

/** "qh12" is a term of "qh". */
function termOf(longer: string, shorter: string): boolean {
  return longer.startsWith(shorter) && /^\d+$/.test(longer.slice(shorter.length));
}

/**
 * "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị"; "Nghị quyết Trung ương 4 khóa XII";
 * "Nghị định số 30/2020/NĐ-CP"; "Luật Viên chức số 58/2010/QH12"; "Hiến pháp năm 2013".
 */
export function formatReferenceLabel(
  ref: Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'date' | 'issuer'> & Partial<Pick<ParsedReference, 'year' | 'name'>>,
): string {
  const date = ref.date === null ? '' : ` ngày ${ref.date.split('-').reverse().join('/')}`;
  const plenum = /^TW(\d+)(?:-([IVXLC]+))?$/.exec(ref.number);
  if (plenum !== null) return `Nghị quyết Trung ương ${plenum[1]}${plenum[2] ? ` khóa ${plenum[2]}` : ''}${date}`;
  const congress = /^ĐH-([IVXLC]+)$/.exec(ref.number);
  if (congress !== null) return `Nghị quyết Đại hội ${congress[1]}${date}`;
  const year = ref.year ?? null;
  const name = ref.name ?? null;
  if (ref.number === '') {
    if (name !== null) return `${ref.type} ${name}`;
    return year === null ? ref.type : `${ref.type} năm ${year}`;
  }
  let designation: string;
  if (year !== null) designation = `${ref.number.padStart(2, '0')}/${year}${ref.symbol === null ? '' : `/${ref.symbol}`}`;
  else {
    // Official numbers carry two digits ("03-KH/TW"); state symbols are written "16/NQ-HĐND".
    const symbol = ref.symbol === null ? '' : `${ref.symbol.includes('-') ? '/' : '-'}${ref.symbol}`;
    const number = ref.symbol !== null && /^\d$/.test(ref.number) ? `0${ref.number}` : ref.number;
    designation = `${number}${symbol}`;
  }
  const named = name === null ? ref.type : `${ref.type} ${name}`;
  return `${named} số ${designation}${date}${ref.issuer === null || name !== null ? '' : ` của ${ref.issuer}`}`;
}
