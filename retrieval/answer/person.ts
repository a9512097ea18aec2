/**
 * Person answers: the name a sentence gives for "ai / đồng chí nào …", found after an honorific
 * ("đồng chí", "ông", "bà"), as a run of capitalized syllables starting with a family name, or as
 * a byline ("Bài, ảnh: TRƯỜNG SƠN"); the name whose own words (titles, verbs) match the question
 * best, read from its head ("Bí thư" does not answer "Tổng Bí thư"), and not a deputy unless asked.
 */
import { foldForMatch } from '../../text/fold.ts';
import type { Span } from '../../text/sentences.ts';
import { foldTerm, tokenizeSyllables } from '../../text/tokenize.ts';
import type { Extracted, TypedCue } from './cue.ts';
import { coverage, termSet, unionTerms, type TermSet } from './terms.ts';

const HONORIFIC = /(?<![\p{L}])(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+/gu;
const SYLLABLE = /\p{Lu}[\p{Ll}\p{M}]*/uy;
/** Vietnamese family names: a capitalized run without an honorific is a name only after one. */
const SURNAMES = new Set(
  ('Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Cao Nghiêm Trương Đinh Lâm Mai Tô ' +
    'Trịnh Đoàn Lương Tạ Châu Thái Kiều Quách Triệu Lưu Đào Hứa Tăng Mạc Thân Khúc Lại Vương Tôn Hầu Doãn Lục Âu Diệp Tiêu Trình Nông Bế Đàm Thiều Khổng')
    .split(' '),
);
export function isSurname(word: string): boolean {
  return SURNAMES.has(word);
}

/** Capitalized words that open titles and bodies, never a name ("đồng chí Tổng Bí thư"). */
const TITLE_WORDS = new Set(
  'Tổng Bí Phó Trưởng Chủ Giám Vụ Ban Tỉnh Thành Huyện Bộ Thường Đại Hội Ủy Chánh Thứ Sở Cục Viện Đảng Trung Bác'.split(' '),
);
/** Title words that end a name running into a title ("… Đức Ủy viên"); "Thành" may be a given name. */
const NAME_BREAK = new Set('Tổng Bí Phó Trưởng Chủ Giám Vụ Ban Tỉnh Bộ Thường Ủy Chánh Thứ Sở Cục Đảng Trung'.split(' '));
const NAME_MIN = 2;
const NAME_MAX = 4;

interface Name extends Span {
  /** Where the honorific (or the name itself) starts. */
  readonly from: number;
  /** A byline ("Bài, ảnh: TRƯỜNG SƠN"): the author of the text. */
  readonly byline?: boolean;
}

const BYLINE = /(?:^|\n)(?:Bài|Tin|Ảnh|Bài, ảnh|Bài và ảnh|Tin, ảnh)\s*:\s*(\p{Lu}{2,}(?:\s\p{Lu}{2,}){1,3})(?![\p{L}])/gu;
const AUTHOR_QUESTION = /(?:^|\s)(?:viết|viet|tác giả|tac gia)(?=\s|$)/u;

function namesIn(text: string, sentence: Span): Name[] {
  const names: Name[] = [];
  const readName = (at: number): Span | null => {
    let p = at;
    let count = 0;
    let end = at;
    for (;;) {
      SYLLABLE.lastIndex = p;
      const m = SYLLABLE.exec(text);
      if (!m || p >= sentence.end) break;
      if (count === 0 && TITLE_WORDS.has(m[0])) return null;
      if (NAME_BREAK.has(m[0])) break;
      count++;
      end = p + m[0].length;
      if (count === NAME_MAX || text[end] !== ' ') break;
      p = end + 1;
    }
    if (count < NAME_MIN || end > sentence.end) return null;
    return { start: at, end };
  };
  const body = text.slice(sentence.start, sentence.end);
  for (const m of body.matchAll(new RegExp(HONORIFIC.source, 'gu'))) {
    const from = sentence.start + m.index;
    const span = readName(from + m[0].length);
    if (span) names.push({ ...span, from });
  }
  for (const m of body.matchAll(/\p{Lu}[\p{Ll}\p{M}]*/gu)) {
    const at = sentence.start + m.index;
    if (!SURNAMES.has(m[0]) || names.some((n) => at >= n.start && at < n.end)) continue;
    if (/\p{L}$/u.test(text.slice(at - 1, at))) continue;
    const span = readName(at);
    if (span) names.push({ ...span, from: at });
  }
  for (const m of text.slice(Math.max(0, sentence.start - 1), sentence.end).matchAll(BYLINE)) {
    const name = m[1] ?? '';
    const start = Math.max(0, sentence.start - 1) + m.index + m[0].length - name.length;
    names.push({ start, end: start + name.length, from: start, byline: true });
  }
  return names.sort((a, b) => a.start - b.start);
}

/** Folded words a focus may start with before the title asked ("là", "đồng chí", "người"). */
const FILLERS = new Set('la cua cho hien nay nguoi dong chi ong ba ai'.split(' '));

/**
 * Longest run of the focus's syllables, in order from its first word past fillers, among the
 * region's syllables: [index in region, length]. A title asked must be matched from its head:
 * "Bí thư" does not answer "Tổng Bí thư".
 */
function headRun(focus: readonly string[], region: readonly string[]): [number, number] {
  let head = 0;
  while (head < focus.length - 1 && FILLERS.has(focus[head] ?? '')) head++;
  let best: [number, number] = [-1, 0];
  for (let i = 0; i < region.length; i++) {
    let n = 0;
    while (i + n < region.length && head + n < focus.length && region[i + n] === focus[head + n]) n++;
    if (n > best[1]) best = [i, n];
  }
  return best;
}

const PERSON_REACH = 160;

export function extractPerson(cue: TypedCue, text: string, sentence: Span, context: TermSet): Extracted | null {
  const names = namesIn(text, sentence);
  let best: Extracted | null = null;
  for (const [i, name] of names.entries()) {
    // Each name owns the text from the previous name to the next one: its titles and its verbs.
    const from = Math.max(i > 0 ? (names[i - 1]?.end ?? sentence.start) : sentence.start, name.from - PERSON_REACH);
    const to = Math.min(names[i + 1]?.from ?? sentence.end, name.end + PERSON_REACH);
    const region = text.slice(from, name.from) + ' ' + text.slice(name.end, to);
    const cov = coverage(cue.focus, unionTerms(termSet(region), context));
    const syllables = tokenizeSyllables(region).map((t) => foldTerm(t.term));
    const [at, length] = headRun(cue.focus.syllables, syllables);
    const asked = name.byline
      ? AUTHOR_QUESTION.test(cue.focus.syllables.join(' ')) ? 1 : 0
      : cue.focus.syllables.length > 0 ? length / cue.focus.syllables.length : 0;
    let strength = 0.5 * cov + 0.5 * asked;
    if (!cue.wantsDeputy && at > 0 && syllables[at - 1] === 'pho') strength *= 0.3;
    if (strength >= 0.4 && (!best || strength > best.strength)) best = { start: name.start, end: name.end, strength };
  }
  return best;
}

// -------------------------------------------- the title of a named person

/** Second syllables that continue a capitalized title word ("Bí thư", "Ủy viên", "Tỉnh ủy", "Thường trực"). */
const TITLE_TAILS = new Set('thư viên vụ ủy trực chức tịch đốc giáo tra dân chính ương vận trưởng nhiệm vấn'.split(' '));
/** Capitalized words a title segment opens with ("Phó Bí thư …", "Ủy viên …", "Trưởng Ban …"). */
const TITLE_HEADS = new Set('Tổng Bí Phó Trưởng Chủ Giám Ủy Chánh Thứ Bộ Tỉnh Thành Huyện Đại Cục Vụ Thường'.split(' '));
const TITLE_WORD = /[\p{L}\p{M}]+/uy;
const TITLE_SEPARATOR = /^\s*(?:,|–|-|—)\s*/u;

/**
 * "Ông Nguyễn Thiện Nhơn, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy, cho biết …" → the
 * title written right after a name the question mentions (`question` folded, lowercase): segments
 * each opened by a title word, of capitalized words and the syllables that complete them.
 */
export function extractTitle(text: string, sentence: Span, question: string): Extracted | null {
  for (const name of namesIn(text, sentence)) {
    if (name.byline || !question.includes(foldForMatch(text.slice(name.start, name.end)))) continue;
    let p = name.end;
    let start = -1;
    let end = -1;
    for (;;) {
      const separator = TITLE_SEPARATOR.exec(text.slice(p, Math.min(sentence.end, p + 4)));
      if (!separator) break;
      const segmentStart = p + separator[0].length;
      const segmentEnd = titleSegment(text, segmentStart, sentence.end);
      if (segmentEnd === null) break;
      if (start < 0) start = segmentStart;
      end = segmentEnd;
      p = segmentEnd;
    }
    if (start >= 0) return { start, end, strength: 1 };
  }
  return null;
}

/** End of a title segment starting at `from`, or null when no title word opens it. */
function titleSegment(text: string, from: number, limit: number): number | null {
  let p = from;
  let end: number | null = null;
  let previousCapital = false;
  let previous = '';
  for (let words = 0; p < limit; words++) {
    TITLE_WORD.lastIndex = p;
    const m = TITLE_WORD.exec(text);
    if (!m || m.index !== p) break;
    const word = m[0];
    const capital = /^\p{Lu}/u.test(word);
    if (words === 0 && !TITLE_HEADS.has(word)) return null;
    // "Tỉnh ủy viên": a member of the body just named.
    const member = word === 'viên' && previous === 'ủy';
    if (!capital && !member && !(previousCapital && TITLE_TAILS.has(word))) break;
    previousCapital = capital;
    previous = word;
    end = p + word.length;
    if (text[end] !== ' ') break;
    p = end + 1;
  }
  return end;
}
