/**
 * The records that flow one way through the pipeline:
 * SourceFile → Document → Section → Chunk → Index (→ Hit → Answer → Reply in retrieval/bot).
 * Every offset is a UTF-16 index into `Document.text`, the cleaned text citations point into.
 */

export type SourceFormat = 'txt' | 'md' | 'pdf' | 'docx' | 'html';

/** A file found under the corpus folder, before it is read. */
export interface SourceFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** Path under the corpus folder with '/' separators, e.g. `phat-bieu/ket-luan-21.txt`. */
  readonly relPath: string;
  /** `relPath` without its extension: the document id, stable across runs. */
  readonly docId: string;
  readonly format: SourceFormat;
  readonly bytes: number;
}

/** What a loader returns: the raw text of a file plus what its format says about it. */
export interface LoadedText {
  readonly text: string;
  /** Title carried by the format itself (HTML <title>/<h1>, PDF info, DOCX core props). */
  readonly title?: string;
}

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
}

/** A heading and the span of text it governs. */
export interface Section {
  readonly docId: string;
  /** 1 = top level (e.g. `I.`), deeper levels increase. */
  readonly level: number;
  /** The marker as written: `III.`, `2.`, `(3)`, `(1).`, `*`. */
  readonly marker: string;
  /** The heading line as written, trimmed (marker included). */
  readonly heading: string;
  /** Headings from the top level down to this one. */
  readonly path: readonly string[];
  /** Span of the heading line in Document.text. */
  readonly headingStart: number;
  readonly headingEnd: number;
  /** Span of the whole section (heading + body) in Document.text. */
  readonly start: number;
  readonly end: number;
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

export type ReferenceType =
  | 'Kết luận'
  | 'Nghị quyết'
  | 'Quy định'
  | 'Kế hoạch'
  | 'Chỉ thị'
  | 'Thông báo kết luận'
  | 'Hướng dẫn'
  | 'Quyết định'
  | 'Đề án'
  | 'Chương trình';

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
  /** Canonical key, e.g. `quy-dinh:50`; "Kết luận 21" = "KL 21" = "21-KL/TW" → `ket-luan:21`. */
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
}
