/**
 * Answers from what the library knows of its documents rather than from ranked passages:
 *
 * - an article of a named document ("Điều 32 Luật Phòng, chống ma túy quy định gì?", "khoản 2
 *   Điều 5 Luật Viên chức") is that article, answered with its khoản and điểm, not its title;
 * - "Luật Cư trú có bao nhiêu điều / chương?" is counted from the document's structure;
 * - "Kết luận 21 ban hành ngày nào? / do ai ký? / về việc gì?" is read from the document's own
 *   header and signer block when the library holds it;
 * - a designation that can be several documents ("Chỉ thị 05": of the Bộ Chính trị, of a Tỉnh ủy),
 *   asked about as a document, is asked back: which one? — unless the question's words single one out.
 *
 * Every quote is `document.text.slice(start, end)`; a count is stated beside the headings it counts.
 */
import type { Chunk, Document, DocumentReference } from '../../index/records.ts';
import { foldForMatch } from '../../text/fold.ts';
import { baseOfKey } from '../../text/references/index.ts';
import type { Section } from '../../text/structure.ts';
import { isStopWord } from '../../text/stopwords.ts';
import { lexicalTerms } from '../../text/tokenize.ts';
import { viewOf } from '../document/view.ts';
import type { Answer, Citation, Hit, Query, QueryArticle } from '../types.ts';

/** What the library answers need of the index. */
export interface LibrarySource {
  readonly documents: ReadonlyMap<string, Document>;
  readonly references: readonly DocumentReference[];
  readonly chunks: {
    /** Ordinals of the chunks of `docId` overlapping [start, end), ascending. */
    overlapping(docId: string, start: number, end: number): number[];
    at(ordinal: number): Chunk;
  };
}

const COUNTED_UNITS: ReadonlyArray<readonly [RegExp, Section['kind'], string]> = [
  [/\b(?:bao nhieu|may|so) (?:dieu|dieu luat)\b/u, 'dieu', 'điều'],
  [/\b(?:bao nhieu|may|so) chuong\b/u, 'chuong', 'chương'],
  [/\b(?:bao nhieu|may|so) muc\b/u, 'muc', 'mục'],
  [/\b(?:bao nhieu|may|so) phan\b/u, 'phan', 'phần'],
  [/\b(?:bao nhieu|may|so) khoan\b/u, 'khoan', 'khoản'],
];
/** "… ban hành ngày nào", "ký ngày nào", "thông qua ngày nào": the date of issue, not a date inside. */
const ISSUE_DATE = /\b(?:ban hanh|ky|thong qua|ngay thang nam)\b/u;
const SIGNER = /\b(?:ai ky|nguoi ky|ky boi|do ai|ky ten)\b/u;
const ISSUER = /\b(?:co quan nao|ai ban hanh|don vi nao ban hanh|cua co quan nao|cap nao ban hanh)\b/u;
const ABOUT = /\b(?:ve viec gi|ve gi|ve van de gi|ve noi dung gi|noi dung gi|noi ve gi|trich yeu)\b/u;

export class LibraryAnswers {
  private readonly byKey = new Map<string, DocumentReference>();
  /**
   * The documents the current question may be answered from (a filter). Set at the start of
   * `answer`, which runs to its end without awaiting, so two questions never see each other's.
   */
  private keep: (docId: string) => boolean = () => true;

  constructor(private readonly source: LibrarySource) {
    for (const ref of source.references) for (const k of [ref.key, ...(ref.aliases ?? [])]) this.byKey.set(k, ref);
  }

  /**
   * An answer from the library's structure and identities; or the query narrowed to the one
   * document its words single out; or null when the question is for retrieval as it is.
   */
  answer(query: Query, keep: (docId: string) => boolean = () => true): { readonly answer: Answer } | { readonly query: Query } | null {
    this.keep = keep;
    const folded = foldForMatch(query.text);
    const resolved = this.clarification(query, folded);
    if (resolved !== null && 'answer' in resolved) return resolved;
    const q = resolved?.query ?? query;
    const article = q.articles[0];
    if (article !== undefined) {
      const answered = this.article(q, article);
      if (answered !== null) return { answer: answered };
    }
    const documents = this.namedDocuments(q);
    if (documents.length === 1) {
      const doc = documents[0]!;
      const answered = this.count(q, folded, doc) ?? this.identity(q, folded, doc);
      if (answered !== null) return { answer: answered };
    }
    return resolved;
  }

  // ------------------------------------------------------------ which document

  /** The library's documents the question names (by their references' targets). */
  private namedDocuments(query: Query): Document[] {
    const ids = new Set<string>();
    for (const ref of query.references) {
      if (!ref.known || ref.candidates.length !== 1) continue;
      const id = this.byKey.get(ref.candidates[0]!)?.documentId;
      if (id != null) ids.add(id);
    }
    return [...ids].filter((id) => this.keep(id)).flatMap((id) => this.source.documents.get(id) ?? []);
  }

  /**
   * "Chỉ thị 05 ban hành ngày nào?" when the library knows two Chỉ thị 05: the question is about the
   * document itself, so the answer names both and asks which; the question's words (a date, the
   * issuer, words of the subject) may single one out, and then that one is answered.
   */
  private clarification(query: Query, folded: string): { answer: Answer } | { query: Query } | null {
    const aboutDocument = query.type === 'date' || query.type === 'subject' || SIGNER.test(folded) || ISSUER.test(folded);
    if (!aboutDocument) return null;
    let narrowed: Query | null = null;
    for (const ref of query.references) {
      const qualified = ref.candidates.filter((k) => k !== baseOfKey(k));
      if (qualified.length < 2) continue;
      const records = qualified.flatMap((k) => this.byKey.get(k) ?? []);
      const chosen = singledOut(folded, records);
      if (chosen !== null) {
        // The rest of the pipeline reads the question with that one document alone.
        const current: Query = narrowed ?? query;
        narrowed = {
          ...current,
          references: current.references.map((r) => (r === ref ? { ...r, key: chosen.key, candidates: [chosen.key] } : r)),
        };
        continue;
      }
      const citations = records.flatMap((r) => this.mentionCitation(r));
      const names = records.map((r) => r.label).join('; ');
      return {
        answer: {
          question: query.raw,
          type: query.type,
          kind: 'clarify',
          found: false,
          answer: `Có ${records.length} văn bản cùng số hiệu "${ref.text}": ${names}. Bạn hỏi văn bản nào?`,
          citations,
          hits: [],
          confidence: 0,
          clarify: records.map((r) => ({ key: r.key, label: r.label })),
        },
      };
    }
    return narrowed === null ? null : { query: narrowed };
  }

  private mentionCitation(ref: DocumentReference): Citation[] {
    const m = ref.mentions[0];
    const doc = m === undefined ? undefined : this.source.documents.get(m.docId);
    return m === undefined || doc === undefined ? [] : [viewOf(doc).citeSentence(m.start, m.end)];
  }

  // ------------------------------------------------------------ articles

  private article(query: Query, asked: QueryArticle): Answer | null {
    // A document the library does not hold: answering says so from the reference (answer.ts).
    const docs = this.articleDocuments(query, asked);
    if (docs === null) return null;
    for (const doc of docs) {
      const view = viewOf(doc);
      const article = view.sections.find((s) => s.kind === 'dieu' && s.number === asked.article);
      if (article === undefined) continue;
      let target: Section = article;
      if (asked.clause !== null) {
        const clause = view.sections.find(
          (s) => s.kind === 'khoan' && s.number === asked.clause && s.start >= article.start && s.end <= article.end,
        );
        if (clause === undefined) continue;
        target = clause;
        if (asked.point !== null) {
          const point = view.sections.find(
            (s) => s.kind === 'diem' && s.number === asked.point && s.start >= clause.start && s.end <= clause.end,
          );
          if (point === undefined) continue;
          target = point;
        }
      }
      return this.unitAnswer(query, doc, target);
    }
    return null;
  }

  /**
   * The documents an article question is about: the one it names, else every legal document with
   * that article (the question's words choose among them); null when it names one the library lacks.
   */
  private articleDocuments(query: Query, asked: QueryArticle): Document[] | null {
    if (asked.documentKeys.length > 0) {
      const ids = new Set(asked.documentKeys.flatMap((k) => this.byKey.get(k)?.documentId ?? []));
      const docs = [...ids].filter((id) => this.keep(id)).flatMap((id) => this.source.documents.get(id) ?? []);
      return docs.length > 0 ? docs : null;
    }
    if (asked.named) return null;
    const all = [...this.source.documents.values()].filter(
      (d) => this.keep(d.id) && viewOf(d).sections.some((s) => s.kind === 'dieu' && s.number === asked.article),
    );
    const folded = foldForMatch(query.text);
    return all
      .map((d) => ({ d, score: overlap(folded, `${d.title} ${d.identity?.name ?? ''}`) }))
      .sort((a, b) => b.score - a.score)
      .map((x) => x.d);
  }

  /** A Điều, khoản or điểm as the answer: its body's khoản (or điểm) as items, the heading as the lead. */
  private unitAnswer(query: Query, doc: Document, unit: Section): Answer {
    const view = viewOf(doc);
    const childKind = unit.kind === 'dieu' ? 'khoan' : unit.kind === 'khoan' ? 'diem' : null;
    const children = childKind === null ? [] : view.sections.filter((s) => s.kind === childKind && s.start >= unit.start && s.end <= unit.end);
    const text = doc.text;
    const span = trimmed(text, unit.start, unit.end);
    const citation = view.citation(span.start, span.end);
    const hits = this.hitsIn(doc, span.start, span.end);
    const base = { question: query.raw, type: query.type, kind: 'answer', found: true, citations: [citation], hits, confidence: 1 } as const;
    if (children.length === 0) {
      // No khoản: the provision itself (after the heading of a Điều), verbatim.
      const body = unit.kind === 'dieu' ? trimmed(text, unit.headingEnd, unit.end) : span;
      const answer = body.end > body.start ? text.slice(body.start, body.end) : text.slice(span.start, span.end);
      return { ...base, answer };
    }
    const lead = unit.kind === 'dieu' ? trimmed(text, unit.headingStart, unit.headingEnd) : firstLine(text, span);
    return {
      ...base,
      type: 'list',
      answer: text.slice(lead.start, lead.end),
      items: children.map((c) => {
        const s = trimmed(text, c.start, c.end);
        return text.slice(s.start, s.end);
      }),
      moreItems: 0,
    };
  }

  /** The index's chunks of `doc` overlapping [start, end), as hits in text order. */
  private hitsIn(doc: Document, start: number, end: number): Hit[] {
    const ordinals = this.source.chunks.overlapping(doc.id, start, end);
    return ordinals.map((ordinal, i) => {
      const chunk = this.source.chunks.at(ordinal);
      return {
        ordinal,
        chunk,
        docId: doc.id,
        title: doc.title,
        date: doc.date,
        section: chunk.sectionPath.join(' › '),
        start: chunk.start,
        end: chunk.end,
        score: 1 - i / (ordinals.length + 1),
      };
    });
  }

  // ------------------------------------------------------------ counts from structure

  private count(query: Query, folded: string, doc: Document): Answer | null {
    if (query.type !== 'count') return null;
    const unit = COUNTED_UNITS.find(([re]) => re.test(folded));
    if (unit === undefined) return null;
    const [, kind, word] = unit;
    const view = viewOf(doc);
    const within = query.articles[0];
    const scope =
      within === undefined ? null : view.sections.find((s) => s.kind === 'dieu' && s.number === within.article) ?? null;
    const units = view.sections.filter(
      (s) => s.kind === kind && (scope === null || (s.start >= scope.start && s.end <= scope.end)),
    );
    if (units.length === 0) return null;
    const first = units[0]!;
    const last = units[units.length - 1]!;
    const cite = (s: Section): Citation => {
      const h = trimmed(doc.text, s.headingStart, s.headingEnd);
      return view.citation(h.start, h.end);
    };
    const range = units.length > 1 ? ` (${first.marker.replace(/[.:]$/u, '')} – ${last.marker.replace(/[.:]$/u, '')})` : '';
    return {
      question: query.raw,
      type: 'count',
      kind: 'answer',
      found: true,
      answer: `${scope === null ? doc.title : `${scope.path.at(-1) ?? ''}`} có ${units.length} ${word}${range}.`,
      citations: units.length > 1 ? [cite(first), cite(last)] : [cite(first)],
      hits: this.hitsIn(doc, first.start, first.end),
      confidence: 1,
    };
  }

  // ------------------------------------------------------------ identity

  private identity(query: Query, folded: string, doc: Document): Answer | null {
    const identity = doc.identity;
    if (identity == null) return null;
    let span: { start: number; end: number } | null = null;
    let answerSpan: { start: number; end: number } | null = null;
    if (query.type === 'date' && ISSUE_DATE.test(folded)) {
      span = identity.spans.dateline;
      if (span !== null) answerSpan = datePart(doc.text, span);
    } else if (SIGNER.test(folded)) {
      span = identity.spans.signer;
      answerSpan = identity.spans.signerName;
    } else if (ISSUER.test(folded)) {
      span = identity.spans.issuer;
    } else if (query.type === 'subject' && ABOUT.test(folded)) {
      span = identity.spans.heading;
      answerSpan = identity.spans.subject;
    }
    if (span === null) return null;
    const quote = answerSpan ?? span;
    return {
      question: query.raw,
      type: query.type,
      kind: 'answer',
      found: true,
      answer: doc.text.slice(quote.start, quote.end).replace(/\s*\n\s*/gu, ' '),
      citations: [viewOf(doc).citation(span.start, span.end)],
      hits: this.hitsIn(doc, span.start, span.end),
      confidence: 1,
    };
  }
}

/** The record the question's words single out among several (a date, issuer or subject words), or null. */
function singledOut(folded: string, records: readonly DocumentReference[]): DocumentReference | null {
  const scores = records.map((r) => {
    let score = 0;
    if (r.date !== null) {
      const [y, m, d] = r.date.split('-');
      if (folded.includes(`${Number(d)}/${Number(m)}/${y}`) || folded.includes(`${d}/${m}/${y}`)) score += 3;
    }
    if (r.symbol !== null && folded.includes(foldForMatch(r.symbol))) score += 3;
    score += overlap(folded, `${r.issuer ?? ''} ${r.subject ?? ''}`);
    return score;
  });
  const best = Math.max(...scores);
  if (best <= 0 || scores.filter((s) => s === best).length > 1) return null;
  return records[scores.indexOf(best)] ?? null;
}

/** Content syllables of `text` that the folded question contains. */
function overlap(foldedQuestion: string, text: string): number {
  const words = new Set(lexicalTerms(text).folded.filter((t) => !t.includes('_') && !isStopWord(t)));
  const asked = new Set(lexicalTerms(foldedQuestion).folded);
  let n = 0;
  for (const w of words) if (asked.has(w)) n++;
  return n;
}

function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(text[s]!)) s++;
  while (e > s && /\s/u.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

function firstLine(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const nl = text.indexOf('\n', span.start);
  return { start: span.start, end: nl < 0 || nl > span.end ? span.end : nl };
}

/** "ngày 25 tháng 10 năm 2021" inside "Hà Nội, ngày 25 tháng 10 năm 2021". */
function datePart(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const at = text.slice(span.start, span.end).search(/ngày\s/u);
  return at < 0 ? span : { start: span.start + at, end: span.end };
}
