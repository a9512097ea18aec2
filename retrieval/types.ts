/**
 * Records of the retrieval stage: Query → Hit → Answer (→ Reply text in reply.ts).
 * Offsets are UTF-16 indexes into `Document.text` of the loaded index, like every offset in ingest.
 */
import type { ParsedReference } from '../text/references/index.ts';
import type { Chunk } from '../index/records.ts';

/** What a question asks for; decides how the answer is cut from the evidence. */
export type QuestionType = 'count' | 'date' | 'person' | 'subject' | 'list' | 'free';

/** A document reference written in a question, resolved against the index's reference table. */
export interface QueryReference {
  /** Canonical key (`ket-luan:21`). */
  readonly key: string;
  /** As written in the question ("kl21", "Quy dinh 50"). */
  readonly text: string;
  /** True when the index knows this key (some document mentions it). */
  readonly known: boolean;
  readonly parsed: ParsedReference;
  /**
   * The index's keys the designation can be: one when it says enough ("Chỉ thị 05-CT/TW"), several
   * when it does not ("Chỉ thị 05" of the Bộ Chính trị and of a Tỉnh ủy), none when unknown.
   */
  readonly candidates: readonly string[];
}

/** An article a question names: "khoản 2 Điều 5 Luật Viên chức", "Điều 32". */
export interface QueryArticle {
  readonly article: string;
  readonly clause: string | null;
  readonly point: string | null;
  readonly text: string;
  /** "Điều 5 của Luật này". */
  readonly self: boolean;
  /** Keys of the document named with it (the index's candidates); [] when none is named or known. */
  readonly documentKeys: readonly string[];
  /** A document is named right after the article (known or not). */
  readonly named: boolean;
}

export interface Query {
  /** The question as typed. */
  readonly raw: string;
  /** NFC, canonical tone placement, whitespace collapsed. */
  readonly text: string;
  /** Typed without any Vietnamese diacritics ("ket luan 21 co may nhom"). */
  readonly withoutDiacritics: boolean;
  readonly type: QuestionType;
  readonly references: readonly QueryReference[];
  /** Articles the question names ("Điều 32 Luật Phòng, chống ma túy"). */
  readonly articles: readonly QueryArticle[];
  /** Text given to lexical and dense search: `text` plus expansions of abbreviations ("BCT" → "Bộ Chính trị"). */
  readonly searchText: string;
  /**
   * The content of the question without question words ("mấy", "bao nhiêu", "ngày nào", "là gì"…)
   * and politeness; what an answering sentence should contain. Normalized like `text`.
   */
  readonly focus: string;
}

/** Why a hit ranked where it did (returned with `debug`). */
export interface HitExplanation {
  readonly lexical: { readonly rank: number | null; readonly score: number; readonly matched: readonly string[] };
  readonly dense: { readonly rank: number | null; readonly score: number } | null;
  /** Boost for mentioning a document referenced in the question (0 when none). */
  readonly reference: number;
  readonly fused: number;
}

export interface Hit {
  /** Position of the chunk in the index's global chunk array. */
  readonly ordinal: number;
  readonly chunk: Chunk;
  readonly docId: string;
  readonly title: string;
  readonly date: string | null;
  /** Section path joined with " › " ("" before any heading). */
  readonly section: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly why?: HitExplanation;
}

/** A verbatim quote: `quote === document.text.slice(start, end)`. */
export interface Citation {
  readonly docId: string;
  readonly title: string;
  readonly date: string | null;
  readonly section: string;
  readonly quote: string;
  readonly start: number;
  readonly end: number;
  /** The printed pages the quote is on, for a PDF or a paged DOCX. */
  readonly pages?: readonly number[];
  /** The quote was read by OCR from a scan: Tesseract's confidence of its page(s), 0–100 (the lowest). */
  readonly ocr?: { readonly confidence: number };
}

/**
 * What kind of reply an answer is: an answer from the documents, a "not found", a help reply to
 * small talk, an overview of where the documents speak of a bare keyword, a reference card for a
 * bare document number, or a question back when the words fit several documents.
 */
export type AnswerKind = 'answer' | 'not-found' | 'help' | 'overview' | 'reference' | 'clarify';

export interface Answer {
  readonly question: string;
  readonly type: QuestionType;
  readonly kind: AnswerKind;
  /** False when the documents do not support an answer; `answer` then says so in Vietnamese. */
  readonly found: boolean;
  /**
   * The lead of the reply: for count/date/person/subject the short phrase taken verbatim from the
   * evidence ("05 nhóm nhiệm vụ, giải pháp"), for list the lead-in, for free questions the best
   * sentence; for not-found a Vietnamese sentence saying the documents do not contain it.
   */
  readonly answer: string;
  /** For list questions: the enumerated items, verbatim (up to the limit). */
  readonly items?: readonly string[];
  /** For list questions: how many more items the section has beyond `items`. */
  readonly moreItems?: number;
  /** Evidence; for not-found the closest passages. Never empty when any hit exists. */
  readonly citations: readonly Citation[];
  readonly hits: readonly Hit[];
  /** Probability that the answer is right (answer/answerability.ts), compared with the operating point. */
  readonly confidence: number;
  /**
   * The documents a designation can be, when the question does not say which ("Chỉ thị 05" of the
   * Bộ Chính trị or of a Tỉnh ủy): the answer asks back, `found` is false.
   */
  readonly clarify?: ReadonlyArray<{ readonly key: string; readonly label: string }>;
  /** With `explain`: the features of the decision and its probability. */
  readonly decision?: { readonly probability: number; readonly features: Readonly<Record<string, number>> };
}
