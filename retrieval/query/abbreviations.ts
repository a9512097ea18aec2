/**
 * Abbreviations cadres type in questions ("BCT", "ubkt", "HDND", "KT-XH") and their long forms,
 * so that lexical search meets documents that spell the words out. Expansion only ADDS the long
 * form: documents use some abbreviations themselves (UBKT, MTTQ, HĐND, ĐVHC, BCH), so the short
 * form must stay searchable.
 *
 * Matching (see `expandAbbreviations`):
 * - whole words only, case-insensitive, with or without diacritics ("hdnd", "HĐND", "Hđnd");
 * - a word written WITH diacritics must spell the abbreviation exactly ("HĐ" is Hội đồng, so it is
 *   not HD = Hướng dẫn; "TƯ" is not "TU");
 * - `caseSensitive` entries match only when written in capitals, because their lowercase form is
 *   an ordinary Vietnamese word typed without marks ("tu" = từ/tư, "da" = đã, "du" = dù);
 * - when one written form fits several entries, those it spells exactly win ("TU" is Tỉnh ủy, not
 *   TƯ = Trung ương); entries sharing one abbreviation all apply (QĐ → Quy định and Quyết định);
 * - parts of a document number are left to the reference parser: pieces of "21-KL/TW",
 *   "16/NQ-HĐND", and a document-type abbreviation followed by a number ("KL 21", "QĐ số 50").
 *
 * To add an abbreviation, add a row; multi-part forms are written with "-" and also match written
 * with spaces around the dash ("KT - XH") or run together ("KTXH").
 */
import { foldDiacritics } from '../../text/fold.ts';

export interface Abbreviation {
  /** Canonical written form, e.g. "HĐND", "KT-XH". */
  readonly abbr: string;
  readonly expansion: string;
  readonly note?: string;
  /** Match only when written in capitals (the lowercase form is a common word). */
  readonly caseSensitive?: boolean;
}

export const ABBREVIATIONS: readonly Abbreviation[] = [
  // Document types. When followed by a number they are a designation and left to parseReferences.
  { abbr: 'KL', expansion: 'Kết luận' },
  { abbr: 'NQ', expansion: 'Nghị quyết' },
  { abbr: 'QĐ', expansion: 'Quy định', note: 'Party form (50-QĐ/TW); also Quyết định: both are added' },
  { abbr: 'QĐ', expansion: 'Quyết định', note: 'state form (123/QĐ-UBND)' },
  { abbr: 'KH', expansion: 'Kế hoạch' },
  { abbr: 'CT', expansion: 'Chỉ thị', note: 'also Chủ tịch ("CT UBND tỉnh"): both are added' },
  { abbr: 'CT', expansion: 'Chủ tịch' },
  { abbr: 'TB', expansion: 'Thông báo', note: 'chat also uses tb for "trung bình"' },
  { abbr: 'HD', expansion: 'Hướng dẫn', note: 'not HĐ (Hội đồng)' },
  { abbr: 'ĐA', expansion: 'Đề án', caseSensitive: true, note: '"da" is đã' },
  { abbr: 'CTr', expansion: 'Chương trình' },
  // Bodies of the Party.
  { abbr: 'BCT', expansion: 'Bộ Chính trị' },
  { abbr: 'BBT', expansion: 'Ban Bí thư' },
  { abbr: 'BCH', expansion: 'Ban Chấp hành' },
  { abbr: 'BCHTW', expansion: 'Ban Chấp hành Trung ương' },
  { abbr: 'TW', expansion: 'Trung ương' },
  { abbr: 'TƯ', expansion: 'Trung ương', caseSensitive: true, note: '"Tư" is an ordinary word (thứ tư)' },
  { abbr: 'TU', expansion: 'Tỉnh ủy', caseSensitive: true, note: '"tu" is từ/tư typed without marks' },
  { abbr: 'ĐU', expansion: 'Đảng ủy', caseSensitive: true, note: '"du" is dù' },
  { abbr: 'BTV', expansion: 'Ban Thường vụ' },
  { abbr: 'BTVTU', expansion: 'Ban Thường vụ Tỉnh ủy' },
  { abbr: 'BTC', expansion: 'Ban Tổ chức', note: 'not Bộ Tài chính in this corpus' },
  { abbr: 'BTCTW', expansion: 'Ban Tổ chức Trung ương' },
  { abbr: 'BTCTU', expansion: 'Ban Tổ chức Tỉnh ủy' },
  { abbr: 'BTG', expansion: 'Ban Tuyên giáo' },
  { abbr: 'BDV', expansion: 'Ban Dân vận' },
  { abbr: 'UBKT', expansion: 'Ủy ban Kiểm tra' },
  { abbr: 'UBKTTW', expansion: 'Ủy ban Kiểm tra Trung ương' },
  { abbr: 'BCĐ', expansion: 'Ban Chỉ đạo' },
  { abbr: 'ĐH', expansion: 'Đại hội', caseSensitive: true, note: 'chat also uses đh for "đại học"' },
  { abbr: 'TCCSĐ', expansion: 'tổ chức cơ sở đảng' },
  { abbr: 'XDĐ', expansion: 'xây dựng Đảng' },
  { abbr: 'HTCT', expansion: 'hệ thống chính trị' },
  { abbr: 'ĐV', expansion: 'đảng viên', caseSensitive: true, note: 'chat also uses dv for "dịch vụ"' },
  // State and front.
  { abbr: 'MTTQ', expansion: 'Mặt trận Tổ quốc' },
  { abbr: 'HĐND', expansion: 'Hội đồng nhân dân' },
  { abbr: 'UBND', expansion: 'Ủy ban nhân dân' },
  { abbr: 'QH', expansion: 'Quốc hội' },
  { abbr: 'CP', expansion: 'Chính phủ', caseSensitive: true, note: 'chat also uses cp for "cổ phần"' },
  { abbr: 'TP', expansion: 'thành phố' },
  { abbr: 'ĐVHC', expansion: 'đơn vị hành chính' },
  // Cadres.
  { abbr: 'CB', expansion: 'cán bộ', caseSensitive: true, note: 'chat uses cb for "chuẩn bị": capitals only' },
  { abbr: 'CBCC', expansion: 'cán bộ, công chức' },
  { abbr: 'CCVC', expansion: 'công chức, viên chức' },
  { abbr: 'CBCCVC', expansion: 'cán bộ, công chức, viên chức' },
  { abbr: 'BVCSSKCB', expansion: 'Bảo vệ, chăm sóc sức khỏe cán bộ' },
  // Policy areas.
  { abbr: 'KT-XH', expansion: 'kinh tế - xã hội' },
  { abbr: 'QP-AN', expansion: 'quốc phòng - an ninh' },
  { abbr: 'CNH-HĐH', expansion: 'công nghiệp hóa, hiện đại hóa' },
  { abbr: 'PCTN', expansion: 'phòng, chống tham nhũng' },
  { abbr: 'PCTNTC', expansion: 'phòng, chống tham nhũng, tiêu cực' },
  { abbr: 'DTTS', expansion: 'dân tộc thiểu số' },
  { abbr: 'NTM', expansion: 'nông thôn mới' },
  { abbr: 'CĐS', expansion: 'chuyển đổi số' },
];

/** Abbreviations that name a document type: followed by a number they are a designation ("KL 21"). */
const DOCUMENT_TYPES = new Set(['kl', 'nq', 'qd', 'kh', 'ct', 'tb', 'hd', 'da', 'ctr']);

export interface Expansion {
  /** As written in the text ("ubkt"). */
  readonly abbr: string;
  readonly expansion: string;
}

interface Word {
  readonly written: string;
  /** Lowercase, no diacritics. */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Connector from the previous word: "tight" (- or / without spaces), "dash" (spaced dash), "space". */
  readonly joinedBy: 'tight' | 'dash' | 'space';
}

/** Matching key: lowercase, no diacritics, no dashes or spaces. */
const keyOf = (s: string): string => foldDiacritics(s.normalize('NFC')).toLowerCase().replace(/[\s\-–]+/g, '');
/** Exact spelling up to case: uppercase with dashes and spaces removed. */
const spellingOf = (s: string): string => s.normalize('NFC').toUpperCase().replace(/[\s\-–]+/g, '');
const hasDiacritics = (s: string): boolean => foldDiacritics(s.normalize('NFC')) !== s.normalize('NFC');
const isCapitals = (s: string): boolean => s === s.toUpperCase() && /\p{Lu}/u.test(s);

/** Entries by key of their full form ("ktxh") and, for multi-part ones, by key of their pieces. */
const BY_KEY = new Map<string, Abbreviation[]>();
let MAX_PIECES = 1;
for (const entry of ABBREVIATIONS) {
  const key = keyOf(entry.abbr);
  BY_KEY.set(key, [...(BY_KEY.get(key) ?? []), entry]);
  MAX_PIECES = Math.max(MAX_PIECES, entry.abbr.split('-').length);
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function scanWords(text: string): Word[] {
  const words: Word[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(WORD)) {
    const between = previousEnd < 0 ? ' ' : text.slice(previousEnd, m.index);
    const joinedBy = /^[-–/]$/.test(between) ? 'tight' : /^\s*[-–]\s*$/.test(between) ? 'dash' : 'space';
    words.push({ written: m[0], key: keyOf(m[0]), start: m.index, end: m.index + m[0].length, joinedBy });
    previousEnd = m.index + m[0].length;
  }
  return words;
}

/** Words belonging to a document number: a tight run (joined by - or /) that holds a digit. */
function documentNumberWords(words: readonly Word[]): Set<number> {
  const inNumber = new Set<number>();
  let runStart = 0;
  for (let i = 1; i <= words.length; i++) {
    if (i < words.length && words[i]!.joinedBy === 'tight') continue;
    const run = words.slice(runStart, i);
    if (run.length > 1 && run.some((w) => /\p{N}/u.test(w.written))) for (let j = runStart; j < i; j++) inNumber.add(j);
    runStart = i;
  }
  return inNumber;
}

/** Entries the written form stands for, after the diacritics/capitals rules. */
function entriesFor(written: string): Abbreviation[] {
  const candidates = (BY_KEY.get(keyOf(written)) ?? []).filter(
    (e) =>
      (!e.caseSensitive || isCapitals(written)) && (!hasDiacritics(written) || spellingOf(written) === spellingOf(e.abbr)),
  );
  const exact = candidates.filter((e) => spellingOf(written) === spellingOf(e.abbr));
  return exact.length > 0 ? exact : candidates;
}

/** True when the folded text holds `phrase` as whole words (so an expansion already written is not added again). */
function containsPhrase(foldedText: string, phrase: string): boolean {
  const folded = foldDiacritics(phrase).toLowerCase();
  let at = foldedText.indexOf(folded);
  while (at >= 0) {
    const before = foldedText[at - 1] ?? ' ';
    const after = foldedText[at + folded.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    at = foldedText.indexOf(folded, at + 1);
  }
  return false;
}

/**
 * Finds abbreviations in `text` (expected normalized, see normalizeText) and returns the text with
 * their long forms appended in parentheses — "UBKT thi hành kỷ luật (Ủy ban Kiểm tra)" — plus the
 * list of what was added. The original text is kept verbatim as a prefix, so its own word pairs
 * still match. A long form already present in the text is not added again, which also makes the
 * function idempotent.
 */
export function expandAbbreviations(text: string): { text: string; expanded: Expansion[] } {
  const words = scanWords(text);
  const inNumber = documentNumberWords(words);
  const foldedText = foldDiacritics(text.normalize('NFC')).toLowerCase();
  const expanded: Expansion[] = [];
  /** Expansions settled: added, or already written in the text. */
  const settled = new Set<string>();
  const add = (written: string, entries: readonly Abbreviation[]): void => {
    for (const { expansion } of entries) {
      if (settled.has(expansion)) continue;
      settled.add(expansion);
      if (!containsPhrase(foldedText, expansion)) expanded.push({ abbr: written, expansion });
    }
  };

  for (let i = 0; i < words.length; i++) {
    if (inNumber.has(i)) continue;
    // Longest multi-part form first ("KT-XH", "KT - XH"), then the single word.
    let matchedPieces = 0;
    for (let n = Math.min(MAX_PIECES, words.length - i); n >= 2 && matchedPieces === 0; n--) {
      const piece = words.slice(i, i + n);
      if (piece.slice(1).some((w) => w.joinedBy === 'space')) continue;
      const written = text.slice(piece[0]!.start, piece[n - 1]!.end);
      const entries = entriesFor(written).filter((e) => e.abbr.includes('-'));
      if (entries.length > 0 && piece.every((_, j) => !inNumber.has(i + j))) {
        add(written, entries);
        matchedPieces = n;
      }
    }
    if (matchedPieces > 0) {
      i += matchedPieces - 1;
      continue;
    }
    const word = words[i]!;
    const next = words[i + 1];
    const nextNext = words[i + 2];
    const designation =
      DOCUMENT_TYPES.has(word.key) &&
      (/^\p{N}/u.test(next?.written ?? '') || (next?.key === 'so' && /^\p{N}/u.test(nextNext?.written ?? '')));
    if (!designation) add(word.written, entriesFor(word.written));
  }
  if (expanded.length === 0) return { text, expanded };
  return { text: `${text} (${expanded.map((e) => e.expansion).join('; ')})`, expanded };
}
