/**
 * The specifics a question states, compared as values with what the evidence states: a stated
 * specific the evidence contradicts vetoes it, however well the rest matches (answerability.ts).
 *
 * - Periods (text/periods.ts) as intervals: "quý II" is not answered by "quý I", "6 tháng cuối
 *   năm" not by "6 tháng đầu năm", "năm 2023" not by "năm 2022". The evidence's period is the
 *   nearest one stated: the sentence, else its paragraph, else its section heading, else the
 *   document title — a heading or title naming several periods vouches for none of them.
 * - Roles: "Trưởng Ban …" is not "Phó Trưởng Ban …" nor "Phó Bí thư"; a question asking who holds
 *   a role is answered only by a sentence naming that role.
 * - Predicates: what is done to whom — kết nạp (admitting members), kỷ luật, khai trừ, khen thưởng,
 *   bổ nhiệm… — a question about one is not answered by a sentence about another.
 * Numbers and proper names are agreement.ts's.
 */
import { foldForMatch } from '../../text/fold.ts';
import { readDates } from '../../text/dates.ts';
import { periodsOverlap, readPeriods, type Period } from '../../text/periods.ts';

export interface StatedSpecifics {
  readonly periods: readonly Period[];
  readonly roles: readonly Role[];
  readonly predicates: readonly Predicate[];
}

interface Role {
  readonly name: string;
  /** The deputy ("Phó …") of the role. */
  readonly deputy: boolean;
}

interface Predicate {
  readonly name: string;
  /** Folded forms that state it. */
  readonly forms: readonly string[];
}

/** Roles, folded, longest first (so "pho bi thu" is read before "bi thu"). */
const ROLES = [
  'tong bi thu', 'bi thu', 'chu tich nuoc', 'chu tich', 'truong ban', 'giam doc', 'chanh van phong', 'chanh an',
  'vien truong', 'chu nhiem', 'thu tuong', 'bo truong', 'thu truong', 'tong giam doc', 'uy vien thuong vu', 'uy vien',
  'truong phong', 'cuc truong', 'vu truong', 'tong cuc truong', 'hieu truong', 'chi huy truong', 'truong',
];
const ROLE_PATTERN = new RegExp(`(?<![\\p{L}])(pho\\s+)?(${ROLES.join('|')})(?![\\p{L}])`, 'gu');

/** Actions on cadres and members, each with the folded ways the documents state it. */
const PREDICATES: readonly Predicate[] = [
  { name: 'kết nạp', forms: ['ket nap', 'phat trien dang vien', 'dang vien moi'] },
  { name: 'kỷ luật', forms: ['ky luat'] },
  { name: 'khai trừ', forms: ['khai tru', 'duoi khoi dang'] },
  { name: 'khen thưởng', forms: ['khen thuong', 'bang khen', 'giay khen', 'tang thuong', 'khen'] },
  { name: 'cảnh cáo', forms: ['canh cao'] },
  { name: 'khiển trách', forms: ['khien trach'] },
  { name: 'cách chức', forms: ['cach chuc'] },
  { name: 'giáng chức', forms: ['giang chuc'] },
  { name: 'bổ nhiệm', forms: ['bo nhiem'] },
  { name: 'luân chuyển', forms: ['luan chuyen'] },
  { name: 'điều động', forms: ['dieu dong'] },
  { name: 'miễn nhiệm', forms: ['mien nhiem'] },
  { name: 'xóa tên', forms: ['xoa ten'] },
];

const words = (form: string): RegExp => new RegExp(`(?<![\\p{L}])${form.replace(/ /g, '\\s+')}(?![\\p{L}])`, 'u');
const PREDICATE_FORMS = PREDICATES.map((p) => ({ ...p, patterns: p.forms.map(words) }));

function rolesIn(folded: string): Role[] {
  return [...folded.matchAll(ROLE_PATTERN)].map((m) => ({ name: m[2]!, deputy: m[1] !== undefined }));
}

/** What the question states: its periods, roles and predicates. */
export function statedSpecifics(question: string): StatedSpecifics {
  const folded = foldForMatch(question);
  // The question's own wording of a predicate: its first form ("kết nạp"), not the aliases.
  const predicates = PREDICATE_FORMS.filter((p) => p.patterns[0]!.test(folded));
  return { periods: readPeriods(question), roles: rolesIn(folded), predicates };
}

/** What frames the evidence, nearest first: its sentence, paragraph, section headings, document title, date. */
export interface EvidenceLevels {
  readonly sentence: string;
  readonly paragraph: string;
  readonly headings: string;
  readonly title: string;
  /** The document's own date (ISO), or null. */
  readonly date: string | null;
}

/** Why the evidence contradicts a stated specific, or null when it does not. */
export function contradiction(stated: StatedSpecifics, evidence: EvidenceLevels, checkRoles: boolean): string | null {
  for (const asked of stated.periods) {
    if (!periodAgrees(asked, evidence)) return 'period';
  }
  const sentence = foldForMatch(evidence.sentence);
  for (const p of stated.predicates) {
    if (!PREDICATE_FORMS.find((f) => f.name === p.name)!.patterns.some((re) => re.test(sentence))) return 'predicate';
  }
  if (checkRoles) {
    const written = rolesIn(sentence);
    for (const role of stated.roles) {
      if (!written.some((r) => r.name === role.name && r.deputy === role.deputy)) return 'role';
    }
  }
  return null;
}

/**
 * The nearest level that states a period decides: one overlapping the asked one agrees, none
 * contradicts. A heading or title naming more than one period vouches for none: the next level up
 * decides, and with none left the period is not contradicted (it is merely unconfirmed).
 */
function periodAgrees(asked: Period, evidence: EvidenceLevels): boolean {
  // "quí 1" in a report of 2022 is quý I/2022: a period without its year takes the year its
  // headings, title or date give.
  const year = contextYear(evidence);
  const dated = (p: Period): Period => (p.year === null && year !== null ? { ...p, year, toYear: year } : p);
  const levels: Array<[string, boolean]> = [
    [evidence.sentence, false],
    [evidence.paragraph, false],
    [evidence.headings, true],
    [evidence.title, true],
  ];
  for (const [text, framing] of levels) {
    // A full date in the sentence itself ("Kế hoạch số 03-KH/TW ngày 1/12/2021") may confirm the
    // period, never contradict it: it dates a designation, not the period the text speaks of.
    if (text === evidence.sentence && readDates(text).some((d) => periodsOverlap(asked, datePeriod(d.iso)))) return true;
    const stated = periodsOf(text);
    if (stated.length === 0) continue;
    // A title may name the period a document reports on ("tổng kết … năm 2021") rather than when it
    // speaks ("đầu năm 2022"): it contradicts only when the document's date, to the month, does too.
    if (text === evidence.title && evidence.date !== null && evidence.date.length >= 7 && periodsOverlap(asked, datePeriod(evidence.date))) return true;
    if (framing && new Set(stated.map((p) => `${p.year}:${p.fromMonth}-${p.toMonth}`)).size > 1) {
      // Several periods vouch for none of them, but all of one year still say which year it is.
      const years = new Set(stated.map((p) => p.year).filter((y) => y !== null));
      if (asked.year !== null && years.size === 1 && !years.has(asked.year)) return false;
      continue;
    }
    return stated.some((p) => periodsOverlap(asked, dated(p)));
  }
  // Nothing near the evidence names a period: the document's own date does (a report of 2022 is
  // not evidence for 2015), when the question writes a year.
  if (asked.year !== null && evidence.date !== null) return Number(evidence.date.slice(0, 4)) === asked.year;
  return true;
}

/** Titles and headings recur across questions: their periods are read once. */
const periodCache = new Map<string, Period[]>();
const PERIOD_CACHE_LIMIT = 20_000;

function periodsOf(text: string): Period[] {
  let periods = periodCache.get(text);
  if (periods === undefined) {
    periods = readPeriods(text);
    if (periodCache.size >= PERIOD_CACHE_LIMIT) periodCache.clear();
    periodCache.set(text, periods);
  }
  return periods;
}

/** The one year the headings, else the title, else the document's date give; null when none does. */
function contextYear(evidence: EvidenceLevels): number | null {
  for (const text of [evidence.headings, evidence.title]) {
    const years = new Set(periodsOf(text).map((p) => p.year).filter((y): y is number => y !== null));
    if (years.size === 1) return [...years][0]!;
    if (years.size > 1) return null;
  }
  return evidence.date === null ? null : Number(evidence.date.slice(0, 4));
}

/** The period of an ISO date: its month, or its year when it gives no month. */
function datePeriod(iso: string): Period {
  const [year, month] = iso.split('-').map(Number);
  return { start: 0, end: 0, year: year ?? null, toYear: year ?? null, fromMonth: month ?? 1, toMonth: month ?? 12 };
}
