/**
 * The records of the index: what ingest writes and retrieval and the surfaces read.
 * SourceFile → Document → Section → Chunk → Index (→ Hit → Answer → Reply in retrieval/bot).
 * Every offset is a UTF-16 index into `Document.text`, the cleaned text citations point into.
 */
import type { ReferenceType } from '../text/references/index.ts';
import type { Span } from '../text/sentences.ts';

export type SourceFormat = 'txt' | 'md' | 'pdf' | 'docx' | 'html';

/** Metadata of a document: derived from its text, overridden by the corpus manifest. */
export interface DocumentMeta {
  readonly title: string;
  /** ISO date, `YYYY-MM-DD` or `YYYY-MM` or `YYYY`; null when unknown. */
  readonly date: string | null;
  /** phát biểu, bản tin, báo cáo, kết luận, … */
  readonly kind: string;
  /** Place or issuer, e.g. "Tỉnh ủy Hậu Giang". */
  readonly issuer: string | null;
  /** Where the document came from (URL or description). */
  readonly source: string | null;
}

export interface Document extends DocumentMeta {
  readonly id: string;
  readonly relPath: string;
  readonly format: SourceFormat;
  /** Cleaned, normalized text. Citations are offsets into this string. */
  readonly text: string;
  /** sha256 hex of `text`. */
  readonly hash: string;
  /** What the document's own header and closing say it is; absent for speeches and news. */
  readonly identity?: DocumentIdentity | null;
  /** The pages of a source that has them (PDF; DOCX with page breaks), covering `text` in order. */
  readonly pages?: readonly PageSpan[];
}

/** One page of a paged source, as a span of Document.text. */
export interface PageSpan {
  /** 1-based page number, as printed on paper. */
  readonly number: number;
  readonly start: number;
  readonly end: number;
  /** Read by OCR from an image of the page, with Tesseract's mean word confidence (0–100). */
  readonly ocr?: { readonly confidence: number };
}

/**
 * A document's identity read from its header block and closing block (text/identity.ts): the
 * standard layout of Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW.
 */
export interface DocumentIdentity {
  /** "Luật", "Kết luận", "Nghị định", as a title writes it. */
  readonly type: string | null;
  /** As written after "Số:": "21-KL/TW", "58/2010/QH12". */
  readonly designation: string | null;
  /** The reference key the document answers to (`ket-luan:21:tw`, `luat:vien-chuc`), when it has one. */
  readonly key: string | null;
  /** Other keys it answers to (a named law's number key). */
  readonly aliases: readonly string[];
  /** A law's name: "Viên chức". */
  readonly name: string | null;
  /** The document's own heading as a title: "Luật Viên chức", "Kết luận của Bộ Chính trị về …". */
  readonly title: string | null;
  readonly issuer: string | null;
  readonly place: string | null;
  /** ISO date of issue (or of adoption, for a law). */
  readonly date: string | null;
  readonly subject: string | null;
  readonly signer: { readonly name: string; readonly position: string | null; readonly mandate: string | null } | null;
  /** Spans in Document.text of each part, for citing them. */
  readonly spans: {
    readonly issuer: Span | null;
    readonly number: Span | null;
    readonly dateline: Span | null;
    readonly heading: Span | null;
    /** The "về …" line of the heading, or a law's name. */
    readonly subject: Span | null;
    readonly signer: Span | null;
    readonly signerName: Span | null;
    readonly recipients: Span | null;
  };
}

export interface Chunk {
  /** `${docId}#${start}`: stable while the document does not change before this chunk. */
  readonly id: string;
  readonly docId: string;
  /** Position of the chunk in the document, from 0. */
  readonly ordinal: number;
  /** Section path of the chunk's first character (heading texts, top level first); [] before any heading. */
  readonly sectionPath: readonly string[];
  /** Always `document.text.slice(start, end)`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Token count of `text` by the embedding tokenizer (or the estimate). */
  readonly tokens: number;
  /** Canonical keys of the document references mentioned in the chunk. */
  readonly references: readonly string[];
}

/** One place in one document where a document reference is written. */
export interface ReferenceMention {
  readonly key: string;
  readonly docId: string;
  /** Span of the mention in Document.text; `text === document.text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A referenced document (e.g. Quy định 50-QĐ/TW), merged over all its mentions. */
export interface DocumentReference {
  /**
   * Canonical key (text/references/label.ts): type, number and issuing level, e.g. `quy-dinh:50:tw`;
   * "Kết luận 21" = "KL 21" = "21-KL/TW" → `ket-luan:21:tw` when the corpus knows only that one.
   */
  readonly key: string;
  readonly type: ReferenceType;
  /** Number without leading zeros, e.g. "3" for "03-KH/TW". */
  readonly number: string;
  /** Symbol as issued, e.g. "KL/TW", "QĐ/TW", "HD/BTCTW"; null when never written. */
  readonly symbol: string | null;
  readonly issuer: string | null;
  /** ISO date `YYYY-MM-DD` when the text gives one. */
  readonly date: string | null;
  /** The "về …" clause or quoted title, when the text gives one. */
  readonly subject: string | null;
  /** Full designation for display, e.g. "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị". */
  readonly label: string;
  readonly mentions: readonly ReferenceMention[];
  /** The year of a state symbol ("2020" of 30/2020/NĐ-CP). */
  readonly year?: string | null;
  /** A law's name ("Viên chức"). */
  readonly name?: string | null;
  /** The library's document this reference is, when the library holds it (its identity names it). */
  readonly documentId?: string | null;
  /** Other keys of the same document (a law by number as well as by name). */
  readonly aliases?: readonly string[];
}
