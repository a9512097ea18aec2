/**
 * Finds designations of documents ("Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị về …",
 * "Kết luận 21", "kl21", "21-KL/TW") in document text and in user queries.
 *
 * Matching runs on a folded copy of the text (lowercase, no diacritics, đ→d) so that queries typed
 * without diacritics hit the same rules; every folded index maps back to the original, so spans
 * always slice the input. All regexes are free of nested quantifiers and the clause after a
 * designation is read inside a bounded window, so the work stays linear in the input length.
 */
export type ReferenceType =
  | 'Kết luận'
  | 'Nghị quyết'
  | 'Quy định'
  | 'Kế hoạch'
  | 'Chỉ thị'
  | 'Thông báo kết luận'
  | 'Hướng dẫn'
  | 'Quyết định'
  | 'Đề án'
  | 'Chương trình';


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

// ---------------------------------------------------------------- folding with an offset map

interface Folded {
  readonly text: string;
  /** origin[i] = index in the original of folded unit i; origin[text.length] = original length. */
  readonly origin: readonly number[];
}

const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
  let out = foldCache.get(ch);
  if (out === undefined) {
    const base = (ch.normalize('NFD')[0] ?? ch).toLowerCase();
    out = base === 'đ' ? 'd' : base.length === 1 ? base : ch;
    if (foldCache.size > 10_000) foldCache.clear(); // arbitrary input must not grow it without bound
    foldCache.set(ch, out);
  }
  return out;
}

function fold(text: string): Folded {
  const units: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) continue; // combining marks (non-NFC input) vanish
    if (c < 0x80) units.push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i]!);
    else if (c >= 0xd800 && c <= 0xdfff) units.push(text[i]!); // surrogates are kept unit by unit
    else units.push(foldChar(text[i]!));
    origin.push(i);
  }
  origin.push(text.length);
  return { text: units.join(''), origin };
}

/** ASCII slug: "Kết luận" → "ket-luan", "TW4-XII" → "tw4-xii". */
function slug(s: string): string {
  return fold(s).text.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

// ---------------------------------------------------------------- vocabulary

/** Folded type words, longest first where one is a prefix of another. */
const TYPE_WORDS: ReadonlyArray<readonly [string, ReferenceType]> = [
  ['thong bao ket luan', 'Thông báo kết luận'],
  ['thong bao', 'Thông báo kết luận'], // "Thông báo số 156-TB/TW": only with "số" or a symbol
  ['ket luan', 'Kết luận'],
  ['nghi quyet', 'Nghị quyết'],
  ['quy dinh', 'Quy định'],
  ['qui dinh', 'Quy định'],
  ['ke hoach hanh dong', 'Kế hoạch'],
  ['ke hoach', 'Kế hoạch'],
  ['chi thi', 'Chỉ thị'],
  ['huong dan', 'Hướng dẫn'],
  ['quyet dinh', 'Quyết định'],
  ['de an', 'Đề án'],
  ['chuong trinh hanh dong', 'Chương trình'],
  ['chuong trinh', 'Chương trình'],
];

/**
 * Abbreviations in symbols and queries. QĐ is both Quy định and Quyết định: without a type word
 * we pick Quy định for the Party form (50-QĐ/TW) and Quyết định for the state form (123/QĐ-UBND);
 * retrieval resolves the rest against the corpus.
 */
const ABBREVIATIONS: Readonly<Record<string, ReferenceType>> = {
  kl: 'Kết luận', nq: 'Nghị quyết', qd: 'Quy định', kh: 'Kế hoạch', ct: 'Chỉ thị',
  ctr: 'Chương trình', tb: 'Thông báo kết luận', tbkl: 'Thông báo kết luận', hd: 'Hướng dẫn', da: 'Đề án',
};

/** Symbol suffixes that name one issuer; /TW alone could be BCT, BBT or BCH, so it names none. */
const SUFFIX_ISSUERS: Readonly<Record<string, string>> = {
  BTCTW: 'Ban Tổ chức Trung ương', UBKTTW: 'Ủy ban Kiểm tra Trung ương',
  BTGTW: 'Ban Tuyên giáo Trung ương', TU: 'Tỉnh ủy', HĐND: 'HĐND tỉnh',
  TTG: 'Thủ tướng Chính phủ', CP: 'Chính phủ',
};

/** Folded issuer phrases after "của", most specific first, with their display form. */
const ISSUERS: ReadonlyArray<readonly [string, string]> = [
  ['hoi nghi lan thu * ban chap hanh trung uong dang', 'Ban Chấp hành Trung ương'],
  ['hoi nghi lan thu * ban chap hanh trung uong', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh trung uong dang', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh trung uong', 'Ban Chấp hành Trung ương'],
  ['ban chap hanh dang bo tinh', 'Ban Chấp hành Đảng bộ tỉnh'],
  ['bo chinh tri', 'Bộ Chính trị'],
  ['ban bi thu', 'Ban Bí thư'],
  ['ban thuong vu tinh uy', 'Ban Thường vụ Tỉnh ủy'],
  ['thuong truc tinh uy', 'Thường trực Tỉnh ủy'],
  ['ban to chuc trung uong', 'Ban Tổ chức Trung ương'],
  ['ban to chuc tinh uy', 'Ban Tổ chức Tỉnh ủy'],
  ['ban tuyen giao trung uong', 'Ban Tuyên giáo Trung ương'],
  ['uy ban kiem tra trung uong', 'Ủy ban Kiểm tra Trung ương'],
  ['uy ban kiem tra tinh uy', 'Ủy ban Kiểm tra Tỉnh ủy'],
  ['uy ban thuong vu quoc hoi', 'Ủy ban Thường vụ Quốc hội'],
  ['hoi dong nhan dan tinh', 'HĐND tỉnh'],
  ['hdnd tinh', 'HĐND tỉnh'],
  ['uy ban nhan dan tinh', 'UBND tỉnh'],
  ['ubnd tinh', 'UBND tỉnh'],
  ['thu tuong chinh phu', 'Thủ tướng Chính phủ'],
  ['chinh phu', 'Chính phủ'],
  ['quoc hoi', 'Quốc hội'],
  ['tinh uy', 'Tỉnh ủy'],
  ['thanh uy', 'Thành ủy'],
  ['huyen uy', 'Huyện ủy'],
  ['trung uong dang', 'Trung ương'],
  ['trung uong', 'Trung ương'],
];

// ---------------------------------------------------------------- regexes (on folded text)

const H = '[^\\S\\r\\n]'; // horizontal space: a designation never spans lines
const NB = '(?<![\\p{L}\\p{N}])';
const NA = '(?![\\p{L}\\p{N}])';
const words = (w: string): string => w.split(' ').map((x) => (x === '*' ? '[\\p{L}\\p{N}]+,?' : x)).join(`${H}+`);
// "tbkl" before "tb": alternatives are tried in order.
const ABBR = 'tbkl|ctr|kl|nq|qd|kh|ct|tb|hd|da';
const ROMAN = '[ivxlc]{1,6}|\\d{1,2}';
const NQ = `(?:nghi${H}+quyet|nq)`;

const DESIGNATION = new RegExp(
  [
    // Nghị quyết Trung ương 4 khóa XII, "Nghị quyết Trung ương 8 (khóa XI)", "nq tw4"
    `${NB}${NQ}${H}*(?:hoi${H}+nghi${H}+)?(?:trung${H}+uong|tw)${H}*(?<tw>\\d{1,2})` +
      `(?:${H}*\\(${H}*khoa${H}+(?<twk1>${ROMAN})${H}*\\)|${H}*,?${H}*khoa${H}+(?<twk2>${ROMAN})${NA})?${NA}`,
    // Nghị quyết Đại hội XIII (of the Party; "Đại hội Đảng bộ tỉnh …" is left out)
    `${NB}${NQ}${H}+dai${H}+hoi${H}+(?:dang${H}+)?(?:(?:dai${H}+bieu${H}+)?toan${H}+quoc${H}+)?` +
      `(?:lan${H}+thu${H}+)?(?<dh>${ROMAN})${NA}`,
    // Type word + ("số")? + number + symbol?
    `${NB}(?<tw2>${TYPE_WORDS.map(([w]) => words(w)).join('|')})(?<so>${H}+so${H}*:?${H}*|${H}+)(?<num>\\d{1,5})` +
      `(?<sym>[-/](?:${ABBR})(?:[-/][a-z]{1,10})?|[-/][a-z]{1,6}[-/][a-z]{1,10})?${NA}`,
    // Abbreviation + number: "kl21", "KL 21", "QĐ số 50"
    `${NB}(?<ab>${ABBR})${H}?(?<aso>so${H}?)?(?<anum>\\d{1,5})${NA}`,
    // Bare symbol: "21-KL/TW", "16/NQ-HĐND"
    `(?<![\\p{L}\\p{N}/.-])(?<bnum>\\d{1,5})(?<bsym>[-/](?:${ABBR})[-/][a-z]{1,10})${NA}`,
  ].join('|'),
  'gu',
);

/**
 * Words that make "Kế hoạch 5 năm", "quy định 3 nhóm" quantities rather than designations. A unit
 * asked about within a few words ("ngày nào", "tháng mấy", "người nào", "nhiệm vụ trọng tâm là
 * gì") is a question about the document, not a quantity: "Nghị quyết 19 năm nào" names it.
 */
const QUANTITY_AFTER = new RegExp(
  `^${H}*(?:%|(?:nam|thang|tuan|gio|phut|lan|luot|nguoi|cuoc|nhom|buoc|diem|muc|dieu|khoan|cap|loai|trieu|ty|nghin|ngan` +
    `|van${H}+de|noi${H}+dung|nhiem${H}+vu|giai${H}+phap|dong${H}+chi|dang${H}+vien|chi${H}+bo|don${H}+vi` +
    `|can${H}+bo|van${H}+ban|truong${H}+hop|tieu${H}+chi|chi${H}+tieu|linh${H}+vuc|ngay(?!${H}*\\d))${NA}` +
    `(?!(?:${H}+[\\p{L}\\p{N}]+){0,3}${H}+(?:nao|may|gi)${NA}))`,
  'u',
);
/** A number continuing into a range, decimal or date ("2021 - 2025", "2.396", "30/4") is not a designation number. */
const NUMBER_CONTINUES = new RegExp(`^${H}*[-–/.,]${H}*\\d`, 'u');

const DATE = new RegExp(
  `${H}*,?${H}*(?:ban${H}+hanh${H}+)?(?:vao${H}+)?ngay${H}*:?${H}*(?:(?<d1>\\d{1,2})${H}*(?<sep>[/.-])${H}*(?<m1>\\d{1,2})` +
    `${H}*\\k<sep>${H}*(?<y1>\\d{4})|(?<d2>\\d{1,2})${H}+thang${H}+(?<m2>\\d{1,2})${H}+nam${H}+(?<y2>\\d{4}))${NA}`,
  'uy',
);
const OF = new RegExp(`${H}*,?${H}*cua${H}+`, 'uy');
const ISSUER_RES = ISSUERS.map(([w, display]) => [new RegExp(`${words(w)}${NA}`, 'uy'), display] as const);
const TERM = new RegExp(
  `${H}*\\(${H}*khoa${H}+(?<k1>${ROMAN})${H}*\\)|${H}*,?${H}*khoa${H}+(?<k2>${ROMAN})${NA}`,
  'uy',
);
const WORD = new RegExp(`${H}*([\\p{L}\\p{N}]+)`, 'uy');
/** Folded function words that end an issuer name not in the list ("… về", "… ngày", "… thực hiện"). */
const ISSUER_STOP = new Set(
  ['ve', 'ngay', 'tai', 'va', 'thuc', 'nham', 'khoa', 'da', 'duoc', 'trong', 'de', 'cho', 'theo', 'voi', 'la', 'quy', 'so'],
);
const ABOUT = new RegExp(`${H}*,?${H}*(?<ve>ve(?:${H}+viec)?(?:${H}+|(?=[“"«])))?`, 'uy');
const QUOTE_OPEN = /[“"«]/u;
const TAIL_WINDOW = 600;
const SUBJECT_MAX = 300;

// ---------------------------------------------------------------- parsing

export function parseReferences(text: string): ParsedReference[] {
  const f = fold(text);
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

function designation(m: RegExpExecArray, f: Folded, text: string): Head | null {
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
function romanTerm(raw: string | undefined, m: RegExpExecArray, f: Folded, text: string): string | null {
  if (raw === undefined) return null;
  if (/^\d+$/.test(raw)) return toRoman(Number(raw));
  const at = m.index + m[0].lastIndexOf(raw);
  const written = text.slice(f.origin[at], f.origin[at + raw.length]);
  const upper = raw.toUpperCase();
  if (!/^(?:X{0,3})(?:IX|IV|V?I{0,3})$/.test(upper) || upper === '') return null;
  if (written !== upper && (raw.length < 2 || ['vi', 'xi', 'li', 'ci'].includes(raw))) return null;
  return upper;
}

function toRoman(n: number): string | null {
  if (n < 1 || n > 39) return null;
  const ones = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
  return 'X'.repeat(Math.floor(n / 10)) + ones[n % 10];
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

// ---------------------------------------------------------------- the clause after a designation

interface Tail {
  date: string | null;
  issuer: string | null;
  subject: string | null;
}

/** The folded text right after a designation, bounded so each mention costs O(TAIL_WINDOW). */
interface Window {
  readonly s: string;
  /** Original index of window index i. */
  readonly at: (i: number) => number;
  readonly text: string;
}

/** Reads, in this order: "ngày <date>", "của <issuer>[, khóa XIII]", "ngày <date>", "về …" or “title”. */
function readTail(f: Folded, text: string, from: number): Tail {
  const w: Window = { s: f.text.slice(from, from + TAIL_WINDOW), at: (i) => f.origin[from + i]!, text };
  let p = 0;
  const sticky = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = p;
    const m = re.exec(w.s);
    if (m !== null) p = re.lastIndex;
    return m;
  };
  let date = isoDate(sticky(DATE));
  let issuer: string | null = null;
  const beforeOf = p;
  if (sticky(OF) !== null) {
    issuer = knownIssuer(sticky) ?? genericIssuer(w, p, (to) => (p = to));
    if (issuer === null) p = beforeOf;
    else {
      const term = sticky(TERM);
      const roman = term === null ? null : romanNumeral(term.groups?.k1 ?? term.groups?.k2 ?? '');
      if (roman !== null) issuer += ` khóa ${roman}`;
    }
  }
  date ??= isoDate(sticky(DATE));
  const about = sticky(ABOUT);
  const quoted = QUOTE_OPEN.test(w.s[p] ?? '');
  const subject = about?.groups?.ve !== undefined || quoted ? readSubject(w, p) : null;
  return { date, issuer, subject };
}

function knownIssuer(sticky: (re: RegExp) => RegExpExecArray | null): string | null {
  for (const [re, display] of ISSUER_RES) if (sticky(re) !== null) return display;
  return null;
}

/** An issuer not in the list: a capitalized run of at most 8 words, up to a function word or punctuation. */
function genericIssuer(w: Window, from: number, advance: (to: number) => void): string | null {
  const first = w.text[w.at(from)] ?? '';
  if (first === first.toLowerCase()) return null;
  let p = from;
  let count = 0;
  for (;;) {
    WORD.lastIndex = p;
    const m = WORD.exec(w.s);
    if (m === null || ISSUER_STOP.has(m[1]!)) break;
    if (++count > 8) return null;
    p = WORD.lastIndex;
  }
  if (count === 0) return null;
  advance(p);
  return w.text.slice(w.at(from), w.at(p));
}

function romanNumeral(raw: string): string | null {
  return /^\d+$/.test(raw) ? toRoman(Number(raw)) : /^[ivxlc]+$/.test(raw) ? raw.toUpperCase() : null;
}

function isoDate(m: RegExpExecArray | null): string | null {
  const g = m?.groups;
  if (g === undefined) return null;
  const [d, mo, y] = [Number(g.d1 ?? g.d2), Number(g.m1 ?? g.m2), Number(g.y1 ?? g.y2)];
  if (!(d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && y >= 1930 && y <= 2100)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A quoted title without its quotes, or the "về …" clause up to the clause end: ; . ! ? a line
 * break or an enumeration marker "(2)", outside quotes, within SUBJECT_MAX characters.
 */
function readSubject(w: Window, from: number): string | null {
  const s = w.s;
  let p = from;
  let end = -1;
  if (QUOTE_OPEN.test(s[p] ?? '')) {
    p += 1;
    const close = s.slice(p, p + SUBJECT_MAX).search(/[”"»\r\n]/u);
    if (close >= 0 && s[p + close] !== '\n' && s[p + close] !== '\r') end = p + close;
  }
  if (end < 0) {
    end = Math.min(s.length, p + SUBJECT_MAX);
    let depth = 0;
    for (let i = p; i < end; i++) {
      const c = s[i]!;
      if (c === '“') depth++;
      else if (c === '”') depth = Math.max(0, depth - 1);
      else if (c === '\n' || c === '\r' || (depth === 0 && isClauseEnd(s, i))) {
        end = i;
        break;
      }
    }
  }
  const subject = w.text
    .slice(w.at(p), w.at(end))
    .replace(/^\s*[Vv]ề(?:\s+việc)?\s+/u, '')
    .replace(/[\s,:…“”"]+$/u, '')
    .trim();
  return subject === '' ? null : subject;
}

function isClauseEnd(s: string, i: number): boolean {
  const c = s[i];
  if (c === ';' || c === '!' || c === '?') return true;
  if (c === '.') return !/\d/.test(s[i + 1] ?? '');
  return c === '(' && /^\(\d{1,2}\)/.test(s.slice(i, i + 4));
}

// ---------------------------------------------------------------- keys and labels

/** `ket-luan:21`, `quy-dinh:50`, `ke-hoach:3`, `nghi-quyet:tw4-xii`. */
export function referenceKey(type: ReferenceType, number: string): string {
  return `${slug(type)}:${slug(stripZeros(number.trim()))}`;
}

/** "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị"; "Nghị quyết Trung ương 4 khóa XII". */
export function formatReferenceLabel(ref: Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'date' | 'issuer'>): string {
  const date = ref.date === null ? '' : ` ngày ${ref.date.split('-').reverse().join('/')}`;
  const plenum = /^TW(\d+)(?:-([IVXLC]+))?$/.exec(ref.number);
  if (plenum !== null) return `Nghị quyết Trung ương ${plenum[1]}${plenum[2] ? ` khóa ${plenum[2]}` : ''}${date}`;
  const congress = /^ĐH-([IVXLC]+)$/.exec(ref.number);
  if (congress !== null) return `Nghị quyết Đại hội ${congress[1]}${date}`;
  // Official numbers carry two digits ("03-KH/TW"); state symbols are written "16/NQ-HĐND".
  const symbol = ref.symbol === null ? '' : `${ref.symbol.includes('-') ? '/' : '-'}${ref.symbol}`;
  const number = ref.symbol !== null && /^\d$/.test(ref.number) ? `0${ref.number}` : ref.number;
  return `${ref.type} số ${number}${symbol}${date}${ref.issuer === null ? '' : ` của ${ref.issuer}`}`;
}
