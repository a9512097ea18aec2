/**
 * Question sets for the answerability decision that are not the project's gold set: XQuAD-vi's
 * answerable questions, and negatives the project generates from them and from its own corpus.
 *
 * - `xquad`: every XQuAD question on the whole XQuAD corpus (positive when the answer is right).
 * - `near-miss`: the same question with its paragraph left out of the corpus; the other paragraphs
 *   of its article remain, with the same names and topic (fold f leaves out paragraph f of every
 *   article).
 * - `swap`: a question with one number or proper name replaced by another the paragraph lacks.
 * - `cross`: questions of one corpus asked of the other (XQuAD's of the party corpus, generated
 *   party questions of XQuAD).
 * - `party`: questions generated from the party corpus's own text (eval/generate.ts: counts,
 *   dates, subjects, lists, sentences), positives; `party-near-miss`: the same with one detail
 *   changed (period, action, role, place, or a year no document covers).
 * - `fragment`: one- and two-word fragments of questions and of the corpus.
 * - `smalltalk`: greetings, thanks and chit-chat.
 *
 * Every item has a split: `fit` (what `npm run calibrate` fits on) or `held-out` (what it reports
 * on, by XQuAD article and by party document), so the figures it prints are not the fitted ones.
 */
import type { Document, DocumentReference } from '../index/records.ts';
import { foldDiacritics } from '../text/fold.ts';
import { splitSentences } from '../text/sentences.ts';
import { seededRandom } from '../testkit/random.ts';
import { generateQuestions, nearMiss, questionKey } from './generate.ts';
import type { Xquad } from './xquad.ts';

export type Family = 'xquad' | 'near-miss' | 'swap' | 'cross' | 'party' | 'party-near-miss' | 'fragment' | 'smalltalk';
export type Split = 'fit' | 'held-out';
/** Which index a question is asked of: XQuAD whole, XQuAD without fold f's paragraphs, or the party corpus. */
export type CorpusName = 'xquad' | `xquad-fold-${number}` | 'party';

export interface FamilyItem {
  readonly id: string;
  readonly family: Family;
  readonly split: Split;
  readonly corpus: CorpusName;
  readonly question: string;
  /** The answer that makes a reply right; null: any answer is wrong (a negative). */
  readonly expected: string | null;
}

export const FOLDS = 5;
const PARAGRAPHS_PER_ARTICLE = 5;

/** XQuAD articles 3, 7, 11, … are held out (a quarter, whole articles). */
function xquadSplit(paragraphId: string): Split {
  const article = Math.floor(Number(paragraphId.slice(1)) / PARAGRAPHS_PER_ARTICLE);
  return article % 4 === 3 ? 'held-out' : 'fit';
}

export function foldOf(paragraphId: string): number {
  return Number(paragraphId.slice(1)) % PARAGRAPHS_PER_ARTICLE;
}

/** Capitalized runs of two or more words ("Thành phố Hồ Chí Minh", "Martin Luther"): proper names. */
const NAME = /\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*)+/gu;
const NUMBER = /(?<![\p{L}\p{N}.,])\d{1,4}(?![\p{L}\p{N}])/gu;

/** The question with one number or name replaced by another its paragraph does not contain, or null. */
function swapped(question: string, paragraph: string, names: readonly string[], random: () => number): string | null {
  const numbers = [...question.matchAll(NUMBER)];
  if (numbers.length > 0) {
    const m = numbers[Math.floor(random() * numbers.length)]!;
    const value = Number(m[0]);
    for (const delta of [1, -1, 2, 3, 7, 11]) {
      const other = String(value + delta);
      if (value + delta > 0 && !paragraph.includes(other)) return `${question.slice(0, m.index)}${other}${question.slice(m.index + m[0].length)}`;
    }
  }
  const own = [...question.matchAll(NAME)].filter((m) => m.index > 0); // a name opening the question is often just a capitalized word
  if (own.length > 0) {
    const m = own[Math.floor(random() * own.length)]!;
    for (let tries = 0; tries < 20; tries++) {
      const other = names[Math.floor(random() * names.length)]!;
      if (!paragraph.includes(other) && other !== m[0]) return `${question.slice(0, m.index)}${other}${question.slice(m.index + m[0].length)}`;
    }
  }
  return null;
}

/** Greetings, thanks and chit-chat, as people type them in a chat (with and without marks). */
const SMALL_TALK = [
  'xin chào', 'chào bạn', 'chào em', 'Chào buổi sáng!', 'hello', 'hi bot', 'alo alo', 'cảm ơn', 'cám ơn bạn nhiều nhé',
  'thanks', 'ok', 'oke em', 'vâng ạ', 'dạ', 'tạm biệt', 'bye bye', 'bạn là ai?', 'bạn tên gì', 'bạn có khỏe không',
  'chúc ngủ ngon', 'có ai ở đó không?', 'test', 'hihi', 'haha', 'good morning', 'chao ban', 'cam on nhieu', 'xin chao',
  'ban la ai', 'bạn làm được gì?', 'mình cần giúp', 'giúp tôi với', 'ủa', 'hả?', '👍', '???', 'thank you', 'ok cảm ơn nhé',
];

/**
 * Every family's items. `documents` are the party corpus's; the questions generated from documents
 * 0–2 are fitted on, 3–4 held out.
 */
export function buildFamilies(
  xquad: Xquad,
  documents: readonly Document[],
  references: readonly DocumentReference[],
  seed = 20261204,
): FamilyItem[] {
  const random = seededRandom(seed);
  const items: FamilyItem[] = [];
  const paragraphText = new Map(xquad.paragraphs.map((p) => [p.id, p.text]));
  const names = [...new Set(xquad.paragraphs.flatMap((p) => [...p.text.matchAll(NAME)].map((m) => m[0])))].filter((n) => n.split(' ').length <= 3);
  for (const q of xquad.questions) {
    const split = xquadSplit(q.paragraphId);
    items.push({ id: q.id, family: 'xquad', split, corpus: 'xquad', question: q.question, expected: q.answer });
    items.push({ id: `${q.id}~near`, family: 'near-miss', split, corpus: `xquad-fold-${foldOf(q.paragraphId)}`, question: q.question, expected: null });
    const swap = swapped(q.question, paragraphText.get(q.paragraphId) ?? '', names, random);
    if (swap !== null) items.push({ id: `${q.id}~swap`, family: 'swap', split, corpus: 'xquad', question: swap, expected: null });
    if (random() < 0.25) items.push({ id: `${q.id}~cross`, family: 'cross', split, corpus: 'party', question: q.question, expected: null });
  }
  const sorted = [...documents].sort((a, b) => a.id.localeCompare(b.id));
  const splitOfDoc = new Map(sorted.map((doc, d) => [doc.id, (d >= 3 ? 'held-out' : 'fit') as Split]));
  const seen = new Set<string>();
  generateQuestions(sorted, references).forEach((g, i) => {
    const split = splitOfDoc.get(g.docId) ?? 'fit';
    const typed = random() < 0.3 ? foldDiacritics(g.question) : g.question;
    if (seen.has(questionKey(typed))) return;
    seen.add(questionKey(typed));
    items.push({ id: `party-${i}`, family: 'party', split, corpus: 'party', question: typed, expected: g.answer });
    if (random() < 0.3) items.push({ id: `party-${i}~cross`, family: 'cross', split, corpus: 'xquad', question: typed, expected: null });
    // One detail changed; for a count or a sentence, else a year no document reports on.
    const yearOff = g.kind === 'count' || g.kind === 'free' ? `${g.question.replace(/\?$/u, '')} năm ${2001 + Math.floor(random() * 9)}?` : null;
    const changed = nearMiss(g.question) ?? yearOff;
    if (changed !== null) items.push({ id: `party-${i}~near`, family: 'party-near-miss', split, corpus: 'party', question: changed, expected: null });
  });
  // Fragments: one or two words of a question, or of a corpus sentence.
  const words = (text: string): string[] => text.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 1);
  const sources = [
    ...xquad.questions.map((q) => ({ text: q.question, split: xquadSplit(q.paragraphId), corpus: 'xquad' as const })),
    ...sorted.flatMap((doc, d) =>
      splitSentences(doc.text).map((s) => ({ text: doc.text.slice(s.start, s.end), split: (d >= 3 ? 'held-out' : 'fit') as Split, corpus: 'party' as const })),
    ),
  ];
  for (let i = 0; i < 400; i++) {
    const source = sources[Math.floor(random() * sources.length)]!;
    const w = words(source.text);
    if (w.length === 0) continue;
    const at = Math.floor(random() * w.length);
    const fragment = w.slice(at, at + (random() < 0.5 ? 1 : 2)).join(' ');
    items.push({ id: `fragment-${i}`, family: 'fragment', split: source.split, corpus: source.corpus, question: fragment, expected: null });
  }
  SMALL_TALK.forEach((text, i) => {
    for (const corpus of ['party', 'xquad'] as const) {
      items.push({ id: `smalltalk-${i}-${corpus}`, family: 'smalltalk', split: i % 4 === 3 ? 'held-out' : 'fit', corpus, question: text, expected: null });
    }
  });
  return items;
}
