/**
 * Whether a passage agrees with the specifics of a question: the numbers it writes ("quý 2",
 * "năm 2022") and the proper names it writes ("Quảng Nam", "Vị Thanh"). A sentence that answers
 * a question about another quarter, year or province is not evidence for it, however well the
 * rest of it matches ("Quảng Nam kết nạp bao nhiêu đảng viên" against a regional total).
 */
import type { Document } from '../../index/records.ts';
import { foldDiacritics, foldForMatch } from '../../text/fold.ts';
import type { Span } from '../../text/sentences.ts';
import { viewOf } from '../document/view.ts';
import { termSet, termSetOf, unionTerms, type FocusTerms, type TermSet } from './terms.ts';
import type { Query } from '../types.ts';
import { DOCUMENT_MEMO_LIMIT, DocumentMemo } from '../document/cache.ts';
import { statedSpecifics, type StatedSpecifics } from './specifics.ts';

/** What in a question a passage must not contradict. */
export interface Specifics {
  /** Numbers of the question other than document numbers ("2", "2022"). */
  readonly numbers: readonly string[];
  readonly names: readonly QuestionName[];
  /** Periods, roles and predicates (specifics.ts). */
  readonly stated: StatedSpecifics;
  /** Roles must agree: the question asks who holds one, or a named person's title. */
  readonly checkRoles: boolean;
}

/** A proper name of the question, folded, with the body word written before it ("Thành ủy" Vị Thanh). */
interface QuestionName {
  readonly name: string;
  readonly body: string | null;
}

const YEAR = /^(?:19|20)\d\d$/u;
/** Quarters and terms are written either way: "quý 1" = "quý I". */
const ROMAN: Readonly<Record<number, string>> = { 1: 'i', 2: 'ii', 3: 'iii', 4: 'iv' };
/** How far around a sentence a name of the question may be written. */
const NAME_REACH = 200;
/** Capitalized runs that are titles or bodies ("Ban Tổ chức"), or sentence openers, not names. */
const NOT_NAME_HEADS = new Set(
  'Ban Bộ Tỉnh Thành Huyện Ủy Bí Phó Trưởng Chủ Vụ Sở Hội Đảng Nghị Quyết Kết Chỉ Kế Quy Thông Hướng Đề Chương Ai Có Bao Những Các Năm Quý Ngày'.split(' '),
);
/** Single words written capitalized that are not names: bodies and institutions written alone. */
const COMMON_CAPITALIZED = new Set(
  'Đảng Nhà Nước Chính Quốc Mặt Trận Tổ Công Quân Hội Ủy Đoàn Văn Khóa Khoá Đại Hiến Luật Nghị Thông Quyết Điều Chương Mục Phần Khoản'.split(' '),
);

/** The word at `at` opens the text or a sentence in it. */
function sentenceInitial(text: string, at: number): boolean {
  return /(?:^|[.!?:;…])[\s"“«(\-–—]*$/u.test(text.slice(0, at));
}

/** Body words a name follows in a question ("Thành ủy Vị Thanh"), folded, longest first. */
const BODY_WORDS = ['thanh uy', 'tinh uy', 'huyen uy', 'thi uy', 'thanh pho', 'thi xa', 'tinh', 'huyen', 'xa', 'phuong'];

export function specificsOf(query: Query, focus: FocusTerms, checkRoles = query.type === 'person'): Specifics {
  const refNumbers = new Set(query.references.map((r) => r.parsed.number.toLowerCase()));
  const numbers = [...new Set(focus.terms.map((t) => t.exact))].filter((t) => /^\d+$/u.test(t) && !refNumbers.has(t));
  return { numbers, names: properNames(query.text), stated: statedSpecifics(query.text), checkRoles };
}

// ---------------------------------------------------------------- numbers

/**
 * Every number of the question is in the span's paragraph or its frame (`context`: title,
 * headings); a year not written there is fine when the paragraph names no other period ("quý
 * 1/2022" in a speech of April 2022), not when it does ("quý I-2023" for "năm 2022").
 */
export function numbersAgree(specifics: Specifics, doc: Document, span: Span, context: TermSet): boolean {
  if (specifics.numbers.length === 0) return true;
  const paragraph = viewOf(doc).paragraphAt(span.start);
  const paragraphText = doc.text.slice(paragraph.start, paragraph.end);
  const around = unionTerms(termSet(paragraphText), context);
  const yearOk = (n: string): boolean =>
    !periodYears(paragraphText).some((y) => y !== n) && (documentTerms(doc).exact.has(n) || (doc.date ?? '').startsWith(n));
  return specifics.numbers.every(
    (n) => around.exact.has(n) || around.exact.has(ROMAN[Number(n)] ?? '') || (YEAR.test(n) && yearOk(n)),
  );
}

/**
 * Years written as periods ("năm 2021", "quý I-2023", "2020-2025"), not as the year of a full
 * date: "Quy định số 50 ngày 27/12/2021" dates a document, not the period spoken of.
 */
function periodYears(text: string): string[] {
  return [...text.matchAll(/(?<!\p{N}[/.-]\s?\p{N}{1,2}[/.-]\s?|\p{N})(?:19|20)\d\d(?!\p{N})/gu)].map((m) => m[0]);
}

const documentTermCache = new DocumentMemo<TermSet>(DOCUMENT_MEMO_LIMIT);

function documentTerms(doc: Document): TermSet {
  return documentTermCache.get(doc, (d) => termSetOf(d.text));
}

// ---------------------------------------------------------------- names

/**
 * Proper names of the question: runs of capitalized words ("Quảng Nam", "Lê Văn Dũng", "Pháp",
 * "Tesla"), folded. Titles and bodies ("Ban Tổ chức", "Tỉnh") are not names, nor is the first word
 * of the question, capitalized as every sentence is, nor a word in capitals (an abbreviation).
 */
function properNames(text: string): QuestionName[] {
  const names: QuestionName[] = [];
  for (const m of text.matchAll(/\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)*/gu)) {
    const words = m[0].split(/\s+/u);
    if (NOT_NAME_HEADS.has(words[0] ?? '')) continue;
    if (words.length === 1 && (sentenceInitial(text, m.index) || COMMON_CAPITALIZED.has(words[0]!))) continue;
    const before = fold(text.slice(0, m.index)).trimEnd();
    const body = BODY_WORDS.find((b) => before.endsWith(b) && !/\p{L}/u.test(before[before.length - b.length - 1] ?? ' ')) ?? null;
    names.push({ name: fold(m[0]), body });
  }
  return names;
}

/**
 * Every name of the question is written within a few sentences around the span, or in its frame
 * (title, issuer, headings), or is what a bare body word of the sentence refers to: "Thành ủy …
 * đã luân chuyển 3 đồng chí" speaks of Thành ủy Vị Thanh when the last "Thành ủy <name>" before
 * it names Vị Thanh. The body word is the question's own ("Thành ủy Vị Thanh") when it writes one.
 */
export function namesAgree(specifics: Specifics, doc: Document, span: Span, frame: string): boolean {
  if (specifics.names.length === 0) return true;
  const near = doc.text.slice(Math.max(0, span.start - NAME_REACH), Math.min(doc.text.length, span.end + NAME_REACH));
  const haystack = fold(`${near}\n${frame}`);
  return specifics.names.every(
    ({ name, body }) => haystack.includes(name) || (body === null ? BODY_WORDS : [body]).some((b) => bodyRefersTo(doc, span, b, name)),
  );
}

function bodyRefersTo(doc: Document, span: Span, body: string, name: string): boolean {
  const text = foldedText(doc);
  const caseless = [...body].map((c) => (/[a-z]/u.test(c) ? `[${c}${c.toUpperCase()}]` : '\\s+')).join('');
  if (!new RegExp(`(?<!\\p{L})${caseless}(?!\\p{L})`, 'u').test(text.slice(span.start, span.end))) return false;
  // The last "<body> <Name>" up to the end of the sentence says which one the bare word means.
  const named = new RegExp(`(?<!\\p{L})${caseless}\\s+(\\p{Lu}\\p{Ll}*(?:\\s+\\p{Lu}\\p{Ll}*)*)`, 'gu');
  let last: string | null = null;
  for (const m of text.slice(0, span.end).matchAll(named)) last = m[1] ?? null;
  return last !== null && fold(last).startsWith(name);
}

function fold(text: string): string {
  return foldForMatch(text).replace(/\s+/gu, ' ');
}

const foldedCache = new DocumentMemo<string>(DOCUMENT_MEMO_LIMIT);

/** The document text without diacritics, same length and case (offsets are shared). */
function foldedText(doc: Document): string {
  return foldedCache.get(doc, (d) => foldDiacritics(d.text));
}
