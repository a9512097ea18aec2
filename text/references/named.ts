/**
 * Documents cited by name rather than number: "Luật Viên chức", "Bộ luật Dân sự", "Luật Phòng,
 * chống ma túy", "Pháp lệnh Dân số", "Hiến pháp năm 2013".
 *
 * In documents a name starts with a capital ("Luật Cán bộ, công chức và Luật Viên chức") and runs
 * over the words of the name until a function word ("…Viên chức quy định", "…Viên chức năm 2010",
 * "Luật này"); a comma or "và" continues it when a lowercase word follows ("Phòng, chống",
 * "Phòng cháy và chữa cháy"). Questions typed in lowercase or without diacritics are matched
 * against the names a library holds instead (`findKnownNames`).
 */
import { foldWithOrigin } from '../fold.ts';
import type { ParsedReference } from './reference.ts';
import type { ReferenceType } from './vocabulary.ts';

const NAMED_START = /(?<![\p{L}\p{N}])(Bộ luật|Luật|Pháp lệnh|Hiến pháp)(?![\p{L}\p{N}])/gu;
const TYPE_OF: Readonly<Record<string, ReferenceType>> = {
  'Bộ luật': 'Bộ luật',
  Luật: 'Luật',
  'Pháp lệnh': 'Pháp lệnh',
  'Hiến pháp': 'Hiến pháp',
};
/** Words that end a name: what follows a law's name in a sentence. */
const STOP = new Set(
  (
    'này số năm ngày của quy được đã có là về tại theo cho trong với khi thì mà hoặc hiện sửa bổ thi để do từ ' +
    'các những đến đối nêu ghi trên sẽ cần phải không đang đều vẫn nhằm bằng qua như gồm và ban hiệu đó kể'
  ).split(' '),
);
const WORD = /[\p{L}\p{M}]+/uy;
/** A part of a document named after it ("Luật Quản lý thuế Điều 40") is not part of the name. */
const UNIT_WORDS = new Set(['Điều', 'Khoản', 'Điểm', 'Chương', 'Mục', 'Phần']);
const MAX_NAME_WORDS = 10;

/** Named references in `text`, in order. */
export function parseNamedReferences(text: string): ParsedReference[] {
  const out: ParsedReference[] = [];
  NAMED_START.lastIndex = 0;
  for (let m = NAMED_START.exec(text); m !== null; m = NAMED_START.exec(text)) {
    const type = TYPE_OF[m[1] ?? ''];
    if (type === undefined) continue;
    // "pháp Luật", "kỷ Luật": a word before a capital is a heading in capitals, not a name.
    if (/(?:kỷ|pháp|điều)\s+$/iu.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    const typeEnd = m.index + m[0].length;
    if (type === 'Hiến pháp') {
      const year = /^\s+năm\s+((?:19|20)\d\d)(?![\p{N}])/u.exec(text.slice(typeEnd, typeEnd + 12));
      const end = year ? typeEnd + year[0].length : typeEnd;
      out.push(reference(type, '', text, m.index, end, year?.[1] ?? null));
      continue;
    }
    const nameEnd = readName(text, typeEnd);
    if (nameEnd === null) continue;
    const name = text.slice(typeEnd, nameEnd).trim();
    out.push({ ...reference(type, name, text, m.index, nameEnd, null) });
    NAMED_START.lastIndex = nameEnd;
  }
  return out;
}

function reference(type: ReferenceType, name: string, text: string, start: number, end: number, year: string | null): ParsedReference {
  return {
    type,
    number: '',
    year,
    name: name === '' ? null : name,
    symbol: null,
    issuer: null,
    date: null,
    subject: null,
    start,
    end,
    text: text.slice(start, end),
  };
}

/** End of the name starting after `from` (one space, then a capitalized word), or null. */
function readName(text: string, from: number): number | null {
  let p = from;
  let end: number | null = null;
  let words = 0;
  for (;;) {
    const gap = /^(\s*,\s*|\s+và\s+|[^\S\r\n]+)/u.exec(text.slice(p, p + 8));
    if (gap === null) break;
    const joiner = gap[1]!.trim();
    WORD.lastIndex = p + gap[0].length;
    const word = WORD.exec(text);
    if (word === null) break;
    const w = word[0];
    const capital = /^\p{Lu}/u.test(w);
    if (words === 0 && (!capital || joiner !== '')) return null;
    if (words > 0 && !capital && STOP.has(w)) break;
    // A comma or "và" continues the name only into a lowercase word ("Phòng, chống"; not ", Luật …").
    if (joiner !== '' && (capital || STOP.has(w))) break;
    if (words > 0 && capital && /^\p{Lu}{2,}$/u.test(w)) break; // "Luật Viên chức QUỐC HỘI"
    if (words > 0 && UNIT_WORDS.has(w)) break; // "Luật Quản lý thuế Điều 40"
    p = word.index + w.length;
    end = p;
    if (++words >= MAX_NAME_WORDS) break;
  }
  return end;
}

/**
 * Names of the library found in a question as typed (any case, with or without diacritics):
 * `names` maps a folded "luat vien chuc" to the reference key. Longest match first, whole words.
 */
export function findKnownNames(
  text: string,
  names: ReadonlyMap<string, string>,
): Array<{ key: string; start: number; end: number }> {
  if (names.size === 0) return [];
  const f = foldWithOrigin(text);
  // Commas and runs of spaces as one space, mapped back through a second origin table.
  const map: number[] = [];
  let squeezed = '';
  for (let i = 0; i < f.text.length; i++) {
    const c = f.text[i] === ',' ? ' ' : f.text[i]!;
    if (c === ' ' && squeezed.endsWith(' ')) continue;
    map.push(i);
    squeezed += c;
  }
  map.push(f.text.length);
  const found: Array<{ key: string; start: number; end: number }> = [];
  const sorted = longestFirst(names);
  const taken: Array<[number, number]> = [];
  for (const [name, key] of sorted) {
    for (let at = squeezed.indexOf(name); at >= 0; at = squeezed.indexOf(name, at + 1)) {
      const end = at + name.length;
      if (/[\p{L}\p{N}]/u.test(squeezed[at - 1] ?? ' ') || /[\p{L}\p{N}]/u.test(squeezed[end] ?? ' ')) continue;
      if (taken.some(([s, e]) => at < e && s < end)) continue;
      taken.push([at, end]);
      found.push({ key, start: f.origin[map[at]!]!, end: f.origin[map[end]!]! });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const sortedCache = new WeakMap<ReadonlyMap<string, string>, Array<[string, string]>>();

/** The names longest first (a longer name wins over one it contains), sorted once per map. */
function longestFirst(names: ReadonlyMap<string, string>): Array<[string, string]> {
  let sorted = sortedCache.get(names);
  if (sorted === undefined) {
    sorted = [...names.entries()].sort((a, b) => b[0].length - a[0].length);
    sortedCache.set(names, sorted);
  }
  return sorted;
}

/** The folded form a name is looked up by: "Luật Phòng, chống ma túy" → "luat phong chong ma tuy". */
export function nameLookupForm(designation: string): string {
  return foldWithOrigin(designation).text.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
}
