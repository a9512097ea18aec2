/**
 * Claim check: is "Quy định 50 được ban hành ngày 28/12/2021" or "Kết luận 21 có 7 nhóm nhiệm vụ"
 * what the documents say? The claim is cut into checkable facts — counts with their noun
 * ("7 nhóm nhiệm vụ", "5,09%"), dates, the issuer of a named reference — and each fact is looked
 * up in evidence sentences (the top search hits plus every sentence that mentions a named
 * reference). A fact is supported only by a sentence that itself contains the claimed value, and
 * contradicted only by the same fact with another value: a count attached to the same reference,
 * or one with the same noun after the same words; the date or issuer written with the reference.
 */
import type { LoadedIndex } from '../index/store.ts';
import type { Document, DocumentReference } from '../index/records.ts';
import { foldDiacritics } from '../text/fold.ts';
import { collapseWhitespace, normalizeText } from '../text/normalize.ts';
import { formatReferenceLabel, parseReferences } from '../text/references.ts';
import type { Span } from '../text/sentences.ts';
import { foldTerm, tokenizeSyllables, type Token } from '../text/tokenize.ts';
import { citation, citeSentence, resolveReference, sentencesOverlapping } from './lookup.ts';
import type { Citation, Hit, Query } from './types.ts';

export type Verdict = 'supported' | 'contradicted' | 'not_found';

export interface ClaimCheck {
  verdict: Verdict;
  /** Verbatim sentences the verdict rests on; for not_found, whatever part was confirmed (often none). */
  evidence: Citation[];
  /** One short Vietnamese sentence saying why. */
  note: string;
}

/** What a claim check needs from the answer engine (`AnswerEngine` satisfies it). */
export interface ClaimEngine {
  readonly index: LoadedIndex;
  understand(question: string): Query;
  search(question: string, k?: number): Promise<Hit[]>;
  readonly documents: ReadonlyMap<string, Document>;
}

const EVIDENCE_HITS = 8;
const MAX_EVIDENCE = 3;
/** Share of the claim's content words an evidence sentence must hold to be about the same thing. */
const SAME_TOPIC = 0.5;
/** …and to show, with a different value, that the claim is wrong. */
const SAME_FACT_TOPIC = 0.6;
/** Share of the words before a claimed count that must precede the count in the sentence. */
const SAME_CONTEXT = 0.5;
const SAME_FACT_CONTEXT = 0.75;
/** A claim with no count, date or issuer is supported only by a sentence restating it nearly whole. */
const RESTATED = 0.85;
const NEGATION = /(?<![\p{L}\p{N}])(?:khong|chua|chang)(?![\p{L}\p{N}])/iu;
/** Words between a reference and a date that make the date the reference's own ("ban hành ngày"). */
const ISSUED = /^[\s,]*(?:(?:duoc|da)\s+)?(?:(?:ban\s+hanh|ky)\s+)?(?:vao\s+)?(?:ngay\s*)?$/iu;
const ISSUER_INTRO = /^[\s,]*(?:(?:duoc|da)\s+)?(?:do|boi|cua)\s+/iu;

/** What the documents say about one fact of the claim. */
interface Outcome {
  readonly status: 'supported' | 'contradicted' | 'unknown';
  readonly evidence: Citation[];
  readonly note: string;
}
const UNKNOWN: Outcome = { status: 'unknown', evidence: [], note: '' };

interface Sentence {
  readonly doc: Document;
  readonly span: Span;
  readonly terms: ReadonlySet<string>;
  readonly quantities: readonly Quantity[];
  readonly dates: readonly DateMention[];
  /** Reference mentions inside the sentence, in document offsets. */
  readonly refs: ReadonlyArray<{ key: string; start: number; end: number }>;
}

interface Claim {
  readonly refs: readonly DocumentReference[];
  readonly keys: ReadonlySet<string>;
  readonly content: ReadonlySet<string>;
  /** Numbers and Roman numerals among the content ("quý I-2023" → i, 2023): the when/which of a fact. */
  readonly anchors: ReadonlySet<string>;
}

export async function checkClaim(claim: string, engine: ClaimEngine): Promise<ClaimCheck> {
  // A lone surrogate is not text (a broken paste): drop it so "Kết luận \uD800 21" reads as "Kết luận 21".
  const text = collapseWhitespace(normalizeText(claim.replace(/[\uD800-\uDFFF]/gu, ' ')));
  const folded = foldDiacritics(text);
  if (!/[\p{L}\p{N}]/u.test(text)) return notFound('Nhận định không có nội dung để kiểm tra.');

  const parsed = parseReferences(text);
  const resolved = parsed.map((p) => resolveReference(p, engine.index));
  const unknown = parsed.find((_, i) => resolved[i] === null);
  if (unknown !== undefined) {
    return notFound(`Các văn bản không nhắc đến ${formatReferenceLabel({ ...unknown, date: null, issuer: null })}.`);
  }
  const refs = [...new Map(resolved.flatMap((r) => (r === null ? [] : [[r.key, r] as const]))).values()];

  const dates = readDates(text);
  const skip: Span[] = [...parsed, ...dates];
  const quantities = readQuantities(text, skip);
  const facts = [...skip, ...quantities.map((q) => ({ start: q.start, end: q.numberEnd }))];
  const content = contentTerms(text, facts);
  const claimInfo: Claim = {
    refs,
    keys: new Set(refs.map((r) => r.key)),
    content,
    anchors: anchorTerms(text, facts),
  };
  const sentences = await evidenceSentences(text, refs, engine);

  const outcomes: Outcome[] = quantities.map((q) => checkQuantity(q, claimInfo, sentences));
  // Issuance date and issuer are read for the first reference only: "Kế hoạch 63 của Tỉnh ủy thực
  // hiện Kết luận 21 của Trung ương" gives each its own issuer.
  const head = parsed[0];
  const headRef = resolved[0] ?? null;
  for (const date of dates) {
    const issuance =
      head !== undefined && headRef !== null && date.start >= head.end && ISSUED.test(folded.slice(head.end, date.start));
    outcomes.push(issuance && headRef !== null ? checkIssuanceDate(date, headRef, engine) : checkDate(date, claimInfo, sentences));
  }
  const issuer = head === undefined ? null : claimedIssuer(text, folded, head);
  if (issuer !== null && headRef !== null) outcomes.push(checkIssuer(issuer, headRef, engine));
  if (outcomes.length === 0) outcomes.push(checkStatement(claimInfo, sentences));

  return decide(outcomes, NEGATION.test(folded));
}

/** Any contradicted fact makes the claim wrong; it is supported only when every fact is. */
function decide(outcomes: readonly Outcome[], negated: boolean): ClaimCheck {
  const contradicted = outcomes.find((o) => o.status === 'contradicted');
  const supported = outcomes.filter((o) => o.status === 'supported');
  const evidence = dedupe(supported.flatMap((o) => o.evidence));
  let check: ClaimCheck;
  if (contradicted !== undefined) {
    check = { verdict: 'contradicted', evidence: contradicted.evidence, note: contradicted.note };
  } else if (supported.length > 0 && supported.length === outcomes.length) {
    check = { verdict: 'supported', evidence, note: supported.map((o) => o.note).join(' ') };
  } else if (supported.length > 0) {
    const confirmed = supported.map((o) => o.note).join(' ');
    return { verdict: 'not_found', evidence, note: `Các văn bản chỉ xác nhận được một phần của nhận định. ${confirmed}` };
  } else {
    return notFound('Không tìm thấy câu nào trong các văn bản xác nhận hay bác bỏ nhận định này.');
  }
  // A negated claim ("không có 5 nhóm") turns the evidence around; say what the text says instead of guessing.
  return negated ? { ...check, verdict: 'not_found', note: `Nhận định có phủ định. ${check.note}` } : check;
}

function notFound(note: string): ClaimCheck {
  return { verdict: 'not_found', evidence: [], note };
}

// ---------------------------------------------------------------- evidence

async function evidenceSentences(text: string, refs: readonly DocumentReference[], engine: ClaimEngine): Promise<Sentence[]> {
  const spans: Array<{ doc: Document; span: Span }> = [];
  for (const hit of await engine.search(text, EVIDENCE_HITS)) {
    const doc = engine.documents.get(hit.docId);
    if (doc !== undefined) for (const span of sentencesOverlapping(doc, hit.start, hit.end)) spans.push({ doc, span });
  }
  for (const ref of refs) {
    for (const m of ref.mentions) {
      const doc = engine.documents.get(m.docId);
      if (doc !== undefined) for (const span of sentencesOverlapping(doc, m.start, m.end)) spans.push({ doc, span });
    }
  }
  const mentions = mentionsByDoc(engine.index);
  const seen = new Set<string>();
  const out: Sentence[] = [];
  for (const { doc, span } of spans) {
    const id = `${doc.id}:${span.start}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const sentence = doc.text.slice(span.start, span.end);
    const refsIn = (mentions.get(doc.id) ?? []).filter((m) => m.start < span.end && m.end > span.start);
    const dates = readDates(sentence);
    const skip = [...dates, ...refsIn.map((m) => ({ start: m.start - span.start, end: m.end - span.start }))];
    const quantities = readQuantities(sentence, skip).map((q) => ({
      ...q,
      start: q.start + span.start,
      end: q.end + span.start,
      numberEnd: q.numberEnd + span.start,
    }));
    out.push({ doc, span, terms: contentTerms(sentence, [], false), quantities, dates, refs: refsIn });
  }
  return out;
}

const mentionCache = new WeakMap<LoadedIndex, Map<string, Array<{ key: string; start: number; end: number }>>>();

function mentionsByDoc(index: LoadedIndex): Map<string, Array<{ key: string; start: number; end: number }>> {
  let byDoc = mentionCache.get(index);
  if (byDoc === undefined) {
    byDoc = new Map();
    for (const ref of index.references) {
      for (const m of ref.mentions) {
        const list = byDoc.get(m.docId) ?? [];
        list.push({ key: ref.key, start: m.start, end: m.end });
        byDoc.set(m.docId, list);
      }
    }
    mentionCache.set(index, byDoc);
  }
  return byDoc;
}

function overlap(wanted: ReadonlySet<string> | readonly string[], have: ReadonlySet<string> | readonly string[]): number {
  const want = [...new Set(wanted)];
  if (want.length === 0) return 0;
  const pool = have instanceof Set ? have : new Set(have);
  return want.filter((w) => pool.has(w)).length / want.length;
}

function cite(s: Sentence): Citation {
  return citation(s.doc, s.span.start, s.span.end);
}

function dedupe(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(`${c.docId}:${c.start}`) && seen.add(`${c.docId}:${c.start}`)).slice(0, MAX_EVIDENCE);
}

// ---------------------------------------------------------------- facts

/** The reference mentioned nearest to a span of the sentence (the one a count belongs to). */
function nearestRef(s: Sentence, start: number, end: number): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const r of s.refs) {
    const distance = r.start >= end ? r.start - end : Math.max(0, start - r.end);
    if (distance < bestDistance) [best, bestDistance] = [r.key, distance];
  }
  return best;
}

function nounMatches(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && a.slice(0, n).every((w, i) => w === b[i]);
}

function checkQuantity(q: Quantity, claim: Claim, sentences: readonly Sentence[]): Outcome {
  let support: { s: Sentence; m: Quantity; strength: number } | null = null;
  let contra: { s: Sentence; m: Quantity; strength: number } | null = null;
  for (const s of sentences) {
    const topic = overlap(claim.content, s.terms);
    for (const m of s.quantities) {
      if (!nounMatches(q.noun, m.noun)) continue;
      const context = overlap(q.left, m.left);
      let same: boolean;
      let sameFact: boolean;
      if (claim.keys.size > 0) {
        same = sameFact = claim.keys.has(nearestRef(s, m.start, m.end) ?? '');
      } else if (overlap(claim.anchors, s.terms) < 1) {
        continue; // "năm 2022", "quý I" must be in the sentence itself, or it may be another period's count
      } else {
        same = topic >= SAME_TOPIC && (q.left.length > 0 ? context >= SAME_CONTEXT : topic >= SAME_FACT_CONTEXT);
        sameFact = topic >= SAME_FACT_TOPIC && (q.left.length > 0 ? context >= SAME_FACT_CONTEXT : topic >= RESTATED);
      }
      const strength = context + topic;
      if (Math.abs(m.value - q.value) < 1e-9) {
        if (same && (support === null || strength > support.strength)) support = { s, m, strength };
      } else if (sameFact && (contra === null || strength > contra.strength)) contra = { s, m, strength };
    }
  }
  if (support !== null) {
    return { status: 'supported', evidence: [cite(support.s)], note: `Văn bản ghi ${written(support.s, support.m)}.` };
  }
  if (contra !== null) {
    // The claim's number with the document's spelling of the noun, for claims typed without marks.
    const claimed = `${q.written.slice(0, q.numberEnd - q.start)}${contra.s.doc.text.slice(contra.m.numberEnd, contra.m.end)}`;
    const note = `Văn bản ghi ${written(contra.s, contra.m)}, không phải ${claimed}.`;
    return { status: 'contradicted', evidence: [cite(contra.s)], note };
  }
  return UNKNOWN;
}

function written(s: Sentence, m: Quantity): string {
  return s.doc.text.slice(m.start, m.end);
}

/** Dates written right after a reference's mentions ("Quy định số 50-QĐ/TW, ngày 27/12/2021"). */
function checkIssuanceDate(date: DateMention, ref: DocumentReference, engine: ClaimEngine): Outcome {
  const given = mentionFacts(ref, engine).filter((f) => f.date !== null);
  const same = given.filter((f) => f.date === date.iso && f.citation.quote.includes(f.dateText ?? '\u0000'));
  if (same.length > 0) {
    const note = `Văn bản ghi ngày ${displayDate(date.iso)}.`;
    return { status: 'supported', evidence: dedupe(same.map((f) => f.citation)), note };
  }
  const other = given[0];
  if (other === undefined || other.date === null) return UNKNOWN;
  const note = `Văn bản ghi ngày ${displayDate(other.date)}, không phải ${displayDate(date.iso)}.`;
  return { status: 'contradicted', evidence: dedupe(given.map((f) => f.citation)), note };
}

/** Any other date: supported by a sentence on the same topic (or reference) holding the same date. */
function checkDate(date: DateMention, claim: Claim, sentences: readonly Sentence[]): Outcome {
  for (const s of sentences) {
    const related =
      claim.keys.size > 0 ? s.refs.some((r) => claim.keys.has(r.key)) : overlap(claim.content, s.terms) >= SAME_FACT_TOPIC;
    if (related && s.dates.some((d) => d.iso === date.iso)) {
      return { status: 'supported', evidence: [cite(s)], note: `Văn bản ghi ngày ${displayDate(date.iso)}.` };
    }
  }
  return UNKNOWN;
}

function checkIssuer(issuer: string, ref: DocumentReference, engine: ClaimEngine): Outcome {
  const given = mentionFacts(ref, engine).filter((f) => f.issuer !== null);
  const same = given.filter((f) => sameIssuer(f.issuer ?? '', issuer));
  if (same.length > 0) {
    const note = `Văn bản ghi do ${same[0]!.issuer} ban hành.`;
    return { status: 'supported', evidence: dedupe(same.map((f) => f.citation)), note };
  }
  const other = given[0];
  if (other === undefined) return UNKNOWN;
  const designation = formatReferenceLabel({ ...other.ref, date: null, issuer: null });
  const note = `Văn bản ghi ${designation} của ${other.issuer}, không phải ${issuer}.`;
  return { status: 'contradicted', evidence: dedupe(given.map((f) => f.citation)), note };
}

/** No count, date or issuer: a sentence (about the named reference, if any) that restates the claim. */
function checkStatement(claim: Claim, sentences: readonly Sentence[]): Outcome {
  if (claim.content.size < 3) return UNKNOWN;
  for (const s of sentences) {
    if (claim.keys.size > 0 && !s.refs.some((r) => claim.keys.has(r.key))) continue;
    if (overlap(claim.content, s.terms) >= RESTATED) {
      return { status: 'supported', evidence: [cite(s)], note: 'Văn bản có câu nêu đúng nội dung này.' };
    }
  }
  return UNKNOWN;
}

interface MentionFact {
  readonly ref: DocumentReference;
  readonly date: string | null;
  readonly dateText: string | null;
  readonly issuer: string | null;
  readonly citation: Citation;
}

/** Date and issuer as the parser reads them after each mention, within the mention's sentence. */
function mentionFacts(ref: DocumentReference, engine: ClaimEngine): MentionFact[] {
  const out: MentionFact[] = [];
  for (const m of ref.mentions) {
    const doc = engine.documents.get(m.docId);
    if (doc === undefined) continue;
    const sentence = citeSentence(doc, m.start, m.end);
    const tail = doc.text.slice(m.start, sentence.end);
    const p = parseReferences(tail)[0];
    if (p === undefined || p.start !== 0) continue;
    const dateText = p.date === null ? null : (readDates(tail).find((d) => d.iso === p.date)?.written ?? null);
    out.push({ ref, date: p.date, dateText, issuer: p.issuer, citation: sentence });
  }
  return out;
}

/**
 * The issuer a claim gives its first reference: "của Ban Bí thư" as the parser reads it, or
 * "do / được / bởi Ban Bí thư". The latter is read by handing "của …" to the same parser, so the
 * issuer vocabulary lives in one place.
 */
function claimedIssuer(text: string, folded: string, head: { end: number; issuer: string | null }): string | null {
  if (head.issuer !== null) return head.issuer;
  const intro = ISSUER_INTRO.exec(folded.slice(head.end));
  if (intro === null) return null;
  const rest = text.slice(head.end + intro[0].length);
  return parseReferences(`Kết luận số 1 của ${rest}`)[0]?.issuer ?? null;
}

function displayDate(iso: string): string {
  return iso.split('-').reverse().join('/');
}

// ---------------------------------------------------------------- reading counts, dates and words

interface Quantity {
  readonly value: number;
  /** Folded syllables of the counted noun ("nhom", "nhiem", "vu") or ["%"]. */
  readonly noun: readonly string[];
  /** Folded content syllables right before the number in its clause, nearest first. */
  readonly left: readonly string[];
  /** Span of number + noun; `numberEnd` ends the number. */
  readonly start: number;
  readonly end: number;
  readonly numberEnd: number;
  /** As written ("05 nhóm nhiệm vụ"). */
  readonly written: string;
}

interface DateMention extends Span {
  readonly iso: string;
  readonly written: string;
}

/** Exact lowercase words that carry no content; also matched folded in text typed without marks. */
const STOPWORDS = new Set([
  'là', 'có', 'của', 'và', 'các', 'những', 'một', 'được', 'đã', 'đang', 'sẽ', 'do', 'bởi', 'trong', 'theo',
  'với', 'cho', 'tại', 'về', 'này', 'đó', 'thì', 'mà', 'nào', 'gì', 'số', 'ngày', 'tháng', 'năm', 'khi', 'từ',
  'đến', 'hơn', 'so', 'như', 'rằng', 'ra', 'vào', 'bị', 'nhằm', 'để', 'cũng', 'vẫn', 'trên', 'ở', 'gồm', 'tới',
]);
/** Folded forms, without those that fold onto content words (đang → dang = đảng). */
const FOLDED_STOPWORDS = new Set([...STOPWORDS].map(foldTerm).filter((w) => w !== 'dang'));
/** Roman numerals I…XXXIX, written in capitals ("vi" is also "vì"). */
const ROMAN = /^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$/;
const NUMBER = /^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
const JOINERS = new Set(['-', '/', '\u2010', '\u2011', '\u2013']);
/** Words after which a number is a label, not a count: "quý 1", "khóa XIII", "lần thứ 8", "khu vực 2". */
const LABEL_BEFORE = new Set(
  ['quý', 'quí', 'tháng', 'năm', 'ngày', 'tuần', 'khóa', 'thứ', 'kỳ', 'kì', 'đợt', 'vực', 'điều', 'khoản', 'mục', 'số',
    'phần', 'chương', 'cụm', 'giai'].map(foldTerm),
);
const MAX_NOUN = 3;
const MAX_LEFT = 4;
const DATE_NUMERIC = /(?<![\p{N}/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\p{N})/gu;
const DATE_WORDS = /ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})(?!\p{N})/giu;

function isStop(term: string): boolean {
  return STOPWORDS.has(term) || FOLDED_STOPWORDS.has(term);
}

/** Syllables and numbers of `text`: the tokenizer's pieces, without joined terms and alternates. */
function pieces(text: string): Token[] {
  const tokens = tokenizeSyllables(text);
  return tokens.filter((t, i) => {
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    const joined = next !== undefined && next.start === t.start && next.end < t.end;
    const alternate = previous !== undefined && previous.start === t.start && previous.end === t.end;
    return !joined && !alternate;
  });
}

function inside(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start < end && start < s.end);
}

/** Folded syllables of `text` outside `skip`, without stopwords unless `dropStop` is false. */
function contentTerms(text: string, skip: readonly Span[], dropStop = true): Set<string> {
  const out = new Set<string>();
  for (const p of pieces(text)) {
    if (!inside(skip, p.start, p.end) && !(dropStop && isStop(p.term))) out.add(foldTerm(p.term));
  }
  return out;
}

/** Numbers and capital Roman numerals outside `skip`, folded like content terms. */
function anchorTerms(text: string, skip: readonly Span[]): Set<string> {
  const out = new Set<string>();
  for (const p of pieces(text)) {
    const anchor = /^\d/.test(p.term) || ROMAN.test(text.slice(p.start, p.end));
    if (anchor && !inside(skip, p.start, p.end)) out.add(foldTerm(p.term));
  }
  return out;
}

/** "27/12/2021", "1-6-2022", "ngày 27 tháng 12 năm 2021" (marks or not) as ISO dates. */
function readDates(text: string): DateMention[] {
  const folded = foldDiacritics(text); // same length, so offsets carry over
  const out: DateMention[] = [];
  for (const re of [DATE_NUMERIC, DATE_WORDS]) {
    for (const m of folded.matchAll(re)) {
      const [d, mo, y] = re === DATE_NUMERIC ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
      const iso = isoDate(Number(d), Number(mo), Number(y));
      const end = m.index + m[0].length;
      if (iso !== null) out.push({ iso, start: m.index, end, written: text.slice(m.index, end) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function isoDate(d: number, mo: number, y: number): string | null {
  if (!(d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && y >= 1930 && y <= 2100)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Counts with what they count: "05 nhóm nhiệm vụ" (5), "1.320 đảng viên" (1320), "5,09%" (5.09).
 * Numbers inside `skip` (dates, designations), joined to other pieces ("I-2023", "1.899/1.899")
 * or followed by no noun are not counts.
 */
function readQuantities(text: string, skip: readonly Span[]): Quantity[] {
  const ps = pieces(text);
  const gapIsSpace = (from: number, to: number): boolean => /^[^\S\r\n]+$/u.test(text.slice(from, to));
  const out: Quantity[] = [];
  ps.forEach((p, i) => {
    if (!NUMBER.test(p.term) || inside(skip, p.start, p.end)) return;
    if (JOINERS.has(text[p.start - 1] ?? '') || JOINERS.has(text[p.end] ?? '')) return;
    const before = ps[i - 1];
    if (before !== undefined && LABEL_BEFORE.has(foldTerm(before.term)) && gapIsSpace(before.end, p.start)) return;
    const value = Number(p.term.replace(/\.(?=\d{3})/g, '').replace(',', '.'));
    const percent = /^[^\S\r\n]?%/u.exec(text.slice(p.end, p.end + 2));
    const noun: string[] = [];
    let end = p.end;
    if (percent !== null) {
      noun.push('%');
      end += percent[0].length;
    } else {
      for (let j = i + 1; j < ps.length && noun.length < MAX_NOUN; j++) {
        const w = ps[j]!;
        if (!gapIsSpace(end, w.start) || /^\d/.test(w.term) || isStop(w.term) || inside(skip, w.start, w.end)) break;
        noun.push(foldTerm(w.term));
        end = w.end;
      }
    }
    if (noun.length === 0) return;
    const left: string[] = [];
    for (let j = i - 1, from = p.start; j >= 0 && left.length < MAX_LEFT; j--) {
      const w = ps[j]!;
      if (!gapIsSpace(w.end, from) || /^\d/.test(w.term) || inside(skip, w.start, w.end)) break;
      if (!isStop(w.term)) left.push(foldTerm(w.term));
      from = w.start;
    }
    out.push({ value, noun, left, start: p.start, end, numberEnd: p.end, written: text.slice(p.start, end) });
  });
  return out;
}

/** "Ban Chấp hành Trung ương khóa XIII" is "Ban Chấp hành Trung ương" is "Trung ương"; not "Bộ Chính trị". */
function sameIssuer(a: string, b: string): boolean {
  const f = (s: string): string => foldDiacritics(s).toLowerCase().replace(/\s+khoa\s+\S+$/u, '').trim();
  const [x, y] = [f(a), f(b)];
  return x !== '' && y !== '' && (x.includes(y) || y.includes(x));
}
