/**
 * List answers: which enumeration of the retrieved documents (document/lists.ts) answers a question that
 * asks for one ("Nhiệm vụ trọng tâm quý II/2022 là gì?", "… còn hạn chế gì?"). An enumeration is
 * judged by its heading and lead-in first, its items second, by whether a hit falls inside it, and
 * by what contradicts the question (another year, another province, another kind of list).
 */
import type { Document } from '../../index/records.ts';
import { foldForMatch } from '../../text/fold.ts';
import type { Span } from '../../text/sentences.ts';
import { CONTEXT_CREDIT, judgementPenalty, type Evidence } from './evidence.ts';
import type { DocumentList } from '../document/lists.ts';
import { viewOf } from '../document/view.ts';
import { coverage, termSet, type TermSet } from './terms.ts';
import type { Hit, Query } from '../types.ts';

/** Kinds of enumerations a question names ("nhiệm vụ", "hạn chế"), folded. */
const LIST_NOUNS = ['nhiem vu', 'giai phap', 'han che', 'ket qua', 'dinh huong', 'phuong huong', 'ton tai', 'kho khan'];
const LIST_NOUN_PATTERN = LIST_NOUNS.join('|');
/** "(Những) nhiệm vụ … là gì / gồm …", "… còn hạn chế gì", "… những khó khăn nào". */
const LIST_QUESTION = new RegExp(
  `^(?:nhung |cac )?(?:${LIST_NOUN_PATTERN})\\b.*(?:la gi|gom|nhung gi)|(?:${LIST_NOUN_PATTERN}) (?:gi|nao)\\b`,
  'u',
);
/** A hit inside the enumeration is evidence it is the one meant. */
const HIT_OVERLAP_BONUS = 0.15;
/** The question names a kind of list ("hạn chế") its heading and lead-in do not. */
const KIND_MISMATCH = 0.7;

export interface ListChoice {
  readonly doc: Document;
  readonly list: DocumentList;
  /** In [0, 1], comparable with sentence confidences. */
  readonly confidence: number;
  /** Coverage of the focus by the heading, lead-in and items (with the frame at part credit). */
  readonly coverage: number;
  /** The terms of the heading, lead-in and items, and what frames them. */
  readonly terms: TermSet;
  readonly frame: TermSet;
  /** Rank of the highest hit inside the enumeration, or null when none is. */
  readonly rank: number | null;
}

/** "Nhiệm vụ … là gì?", "… còn hạn chế gì?": what is asked is an enumeration, whatever the type says. */
export function asksForList(query: Query): boolean {
  return query.type === 'list' || ((query.type === 'free' || query.type === 'subject') && LIST_QUESTION.test(foldForMatch(query.text)));
}

/** The enumeration of the first `hitCount` hits' documents that matches the question best, or null. */
export function chooseList(e: Evidence, query: Query, hits: readonly Hit[], documents: ReadonlyMap<string, Document>, hitCount: number): ListChoice | null {
  const asked = foldForMatch(query.text);
  const kinds = LIST_NOUNS.filter((noun) => new RegExp(`(?<!\\p{L})${noun}(?!\\p{L})`, 'u').test(asked));
  let best: (ListChoice & { score: number }) | null = null;
  for (const { doc, ranks } of hitsByDocument(hits.slice(0, hitCount), documents)) {
    for (const list of viewOf(doc).lists) {
      const last = list.items[list.items.length - 1];
      if (!last) continue;
      // The lead-in with what precedes it in its paragraph ("Tăng cường tiếp xúc, đối thoại … khơi thông (1) …").
      const leadIn = doc.text.slice(viewOf(doc).paragraphAt(list.leadIn.start).start, list.leadIn.end);
      const itemText = list.items.map((item) => doc.text.slice(item.start, item.end)).join('\n');
      const inner = list.path[list.path.length - 1] ?? '';
      // Like a sentence, a list is framed by its document's title and headings.
      const judgement = e.judge(doc, list.leadIn);
      if (judgement.veto !== null) continue;
      const near = coverage(e.focus, termSet(`${inner}\n${leadIn}`), judgement.context, CONTEXT_CREDIT);
      const terms = termSet(`${list.path.join('\n')}\n${leadIn}\n${itemText}`);
      const all = coverage(e.focus, terms, judgement.context, CONTEXT_CREDIT);
      const overlap = ranks.find((r) => r.span.start < last.end && list.leadIn.start < r.span.end);
      const heading = foldForMatch(`${list.path.join('\n')}\n${leadIn}`);
      const kindOk = kinds.length === 0 || kinds.some((kind) => heading.includes(kind));
      const penalty = judgementPenalty(judgement) * (kindOk ? 1 : KIND_MISMATCH);
      const match = (0.6 * near + 0.4 * all) * penalty;
      const rankShare = overlap ? 1 - overlap.rank / (2 * hitCount) : 0;
      const confidence = 0.85 * match + HIT_OVERLAP_BONUS * rankShare;
      // Ties go to the enumeration a higher hit falls in.
      const score = confidence + (overlap ? 0.05 * (1 - overlap.rank / hitCount) : 0);
      if (!best || score > best.score) {
        best = { doc, list, confidence, score, coverage: all, terms, frame: judgement.context, rank: overlap?.rank ?? null };
      }
    }
  }
  return best;
}

function hitsByDocument(hits: readonly Hit[], documents: ReadonlyMap<string, Document>): { doc: Document; ranks: { rank: number; span: Span }[] }[] {
  const byId = new Map<string, { doc: Document; ranks: { rank: number; span: Span }[] }>();
  hits.forEach((hit, rank) => {
    const doc = documents.get(hit.docId);
    if (!doc) return;
    const entry = byId.get(doc.id) ?? { doc, ranks: [] };
    entry.ranks.push({ rank, span: { start: hit.start, end: hit.end } });
    byId.set(doc.id, entry);
  });
  return [...byId.values()];
}
