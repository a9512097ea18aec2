/**
 * Questions generated from a corpus's own text, with the answer each must get — data the project
 * makes itself to fit and check the answerability decision on its own kind of documents, apart
 * from the hand-written gold set. Simple templates over what the documents state:
 * - count: "đã kết nạp được 6.094 đảng viên mới" → "đã kết nạp được bao nhiêu đảng viên mới?";
 * - date / subject: a reference written with its date or subject → "Quy định 50 ban hành ngày nào?";
 * - list: an enumeration's lead-in → "… gồm những gì?", answered by its items;
 * - free: the first words of a long sentence → "… như thế nào?", answered by the sentence.
 * And their near-misses: the same question with one detail changed — the period, the action
 * (kết nạp ↔ kỷ luật), the role (Bí thư ↔ Phó Bí thư), the place — which no answer may meet
 * with the original's evidence.
 */
import type { DocumentReference, Document } from '../index/records.ts';
import { readQuantities } from '../retrieval/claims/reading.ts';
import { viewOf } from '../retrieval/document/view.ts';
import { readDates } from '../text/dates.ts';
import { foldForMatch } from '../text/fold.ts';
import { formatReferenceLabel } from '../text/references/index.ts';

export interface GeneratedQuestion {
  readonly kind: 'count' | 'date' | 'subject' | 'list' | 'free';
  readonly docId: string;
  readonly question: string;
  /** Text a right answer contains (in the answer, an item, or a quote). */
  readonly answer: string;
}

const words = (text: string): string[] => text.split(/\s+/u).filter((w) => w !== '');
const clean = (text: string): string => text.replace(/[“”"«»()]/gu, '').replace(/\s+/gu, ' ').trim();

function countQuestions(doc: Document): GeneratedQuestion[] {
  const out: GeneratedQuestion[] = [];
  for (const span of viewOf(doc).sentences) {
    const sentence = doc.text.slice(span.start, span.end);
    for (const q of readQuantities(sentence, [])) {
      const before = sentence.slice(0, q.start).split(/[,;:()]/u).at(-1)?.trim() ?? '';
      const lead = words(before).slice(-6).join(' ');
      const noun = sentence.slice(q.numberEnd, q.end).trim();
      if (words(lead).length < 2 || noun === '' || noun === '%') continue;
      out.push({ kind: 'count', docId: doc.id, question: `${clean(lead)} bao nhiêu ${noun}?`, answer: q.written.slice(0, q.numberEnd - q.start) });
    }
  }
  return out;
}

function referenceQuestions(references: readonly DocumentReference[], documents: readonly Document[]): GeneratedQuestion[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const out: GeneratedQuestion[] = [];
  for (const ref of references) {
    const docId = ref.mentions[0]?.docId ?? '';
    const name = formatReferenceLabel({ ...ref, date: null, issuer: null });
    // The date as the documents write it ("18-5-2021", "01/12/2021"), after one of its mentions.
    const written = ref.mentions
      .map((m) => byId.get(m.docId)?.text.slice(m.end, m.end + 40) ?? '')
      .flatMap((tail) => readDates(tail))
      .find((d) => d.iso === ref.date)?.written;
    if (ref.date !== null && written !== undefined) {
      out.push({ kind: 'date', docId, question: `${name} ban hành ngày nào?`, answer: written });
    }
    if (ref.subject !== null && words(ref.subject).length >= 3) {
      out.push({ kind: 'subject', docId, question: `${name} về việc gì?`, answer: words(ref.subject).slice(0, 4).join(' ') });
    }
  }
  return out;
}

function listQuestions(doc: Document): GeneratedQuestion[] {
  const out: GeneratedQuestion[] = [];
  for (const list of viewOf(doc).lists) {
    if (list.items.length < 3) continue;
    const leadIn = clean(doc.text.slice(list.leadIn.start, list.leadIn.end).replace(/[:：]\s*$/u, ''));
    const lead = words(leadIn.replace(/^(?:[IVX]+|\d+|\(\d+\)|[a-z])[./)]\s*/u, '')).slice(-9).join(' ');
    const second = list.items[1]!;
    if (words(lead).length < 3) continue;
    out.push({ kind: 'list', docId: doc.id, question: `${lead} gồm những gì?`, answer: words(doc.text.slice(second.start, second.end)).slice(0, 5).join(' ') });
  }
  return out;
}

function freeQuestions(doc: Document): GeneratedQuestion[] {
  const out: GeneratedQuestion[] = [];
  viewOf(doc).sentences.forEach((span, i) => {
    const w = words(clean(doc.text.slice(span.start, span.end)));
    // Every third long sentence: free questions would otherwise outnumber every other kind.
    if (i % 3 !== 0 || w.length < 16 || w.length > 60 || /^(?:[IVX]+|\d+)[./]/u.test(w[0] ?? '')) return;
    out.push({ kind: 'free', docId: doc.id, question: `${w.slice(0, 9).join(' ').replace(/[,;:.]$/u, '')} như thế nào?`, answer: w.slice(9, 14).join(' ') });
  });
  return out;
}

/** Every generated question of the corpus. */
export function generateQuestions(documents: readonly Document[], references: readonly DocumentReference[]): GeneratedQuestion[] {
  return [...documents.flatMap((doc) => [...countQuestions(doc), ...listQuestions(doc), ...freeQuestions(doc)]), ...referenceQuestions(references, documents)];
}

/** One detail changed: another period, action, role or place. Null when the question has none of them. */
const SWAPS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/quý (IV|III|II|I)\b/u, (m) => `quý ${({ I: 'II', II: 'III', III: 'IV', IV: 'I' } as Record<string, string>)[m[1]!]}`],
  [/6 tháng (đầu|cuối) năm/u, (m) => `6 tháng ${m[1] === 'đầu' ? 'cuối' : 'đầu'} năm`],
  [/năm (20\d\d)/u, (m) => `năm ${Number(m[1]) - 2}`],
  [/kết nạp/u, () => 'kỷ luật'],
  [/kỷ luật/u, () => 'khen thưởng'],
  [/khen thưởng/u, () => 'kỷ luật'],
  [/Phó Bí thư/u, () => 'Bí thư'],
  [/Bí thư/u, () => 'Phó Bí thư'],
  [/(?:tỉnh|Tỉnh) (Hậu Giang|Quảng Nam|Khánh Hòa|Đà Nẵng|Bình Định|Phú Yên)/u, (m) => `tỉnh ${m[1] === 'Lâm Đồng' ? 'Gia Lai' : 'Lâm Đồng'}`],
];

export function nearMiss(question: string): string | null {
  for (const [pattern, replace] of SWAPS) {
    const m = pattern.exec(question);
    if (m !== null) return `${question.slice(0, m.index)}${replace(m)}${question.slice(m.index + m[0].length)}`;
  }
  return null;
}

/** Folded, for dedupe. */
export function questionKey(question: string): string {
  return foldForMatch(question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
