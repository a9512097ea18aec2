/**
 * Each fact of a claim against the evidence: a count with its noun, a date, the issuance date or
 * issuer of a named reference, or (with none of these) the statement restated. A fact is supported
 * only by a sentence holding the claimed value, contradicted only by the same fact with another.
 */
import type { DocumentReference } from '../../index/records.ts';
import { displayDate, readDates, type DateMention } from '../../text/dates.ts';
import { foldDiacritics } from '../../text/fold.ts';
import { formatReferenceLabel, parseReferences } from '../../text/references/index.ts';
import { viewOf } from '../document/view.ts';
import type { Citation } from '../types.ts';
import type { Quantity } from './reading.ts';
import { cite, dedupe, overlap, type ClaimEngine, type Sentence } from './sentences.ts';

/** Share of the claim's content words an evidence sentence must hold to be about the same thing. */
const SAME_TOPIC = 0.5;
/** …and to show, with a different value, that the claim is wrong. */
const SAME_FACT_TOPIC = 0.6;
/** Share of the words before a claimed count that must precede the count in the sentence. */
const SAME_CONTEXT = 0.5;
const SAME_FACT_CONTEXT = 0.75;
/** A claim with no count, date or issuer is supported only by a sentence restating it nearly whole. */
const RESTATED = 0.85;
const ISSUER_INTRO = /^[\s,]*(?:(?:duoc|da)\s+)?(?:do|boi|cua)\s+/iu;

/** What the documents say about one fact of the claim. */
export interface Outcome {
  readonly status: 'supported' | 'contradicted' | 'unknown';
  readonly evidence: Citation[];
  readonly note: string;
}
export const UNKNOWN: Outcome = { status: 'unknown', evidence: [], note: '' };


export interface Claim {
  readonly refs: readonly DocumentReference[];
  readonly keys: ReadonlySet<string>;
  readonly content: ReadonlySet<string>;
  /** Numbers and Roman numerals among the content ("quý I-2023" → i, 2023): the when/which of a fact. */
  readonly anchors: ReadonlySet<string>;
}

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

export function checkQuantity(q: Quantity, claim: Claim, sentences: readonly Sentence[]): Outcome {
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
export function checkIssuanceDate(date: DateMention, ref: DocumentReference, engine: ClaimEngine): Outcome {
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
export function checkDate(date: DateMention, claim: Claim, sentences: readonly Sentence[]): Outcome {
  for (const s of sentences) {
    const related =
      claim.keys.size > 0 ? s.refs.some((r) => claim.keys.has(r.key)) : overlap(claim.content, s.terms) >= SAME_FACT_TOPIC;
    if (related && s.dates.some((d) => d.iso === date.iso)) {
      return { status: 'supported', evidence: [cite(s)], note: `Văn bản ghi ngày ${displayDate(date.iso)}.` };
    }
  }
  return UNKNOWN;
}

export function checkIssuer(issuer: string, ref: DocumentReference, engine: ClaimEngine): Outcome {
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
export function checkStatement(claim: Claim, sentences: readonly Sentence[]): Outcome {
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
    const sentence = viewOf(doc).citeSentence(m.start, m.end);
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
export function claimedIssuer(text: string, folded: string, head: { end: number; issuer: string | null }): string | null {
  if (head.issuer !== null) return head.issuer;
  const intro = ISSUER_INTRO.exec(folded.slice(head.end));
  if (intro === null) return null;
  const rest = text.slice(head.end + intro[0].length);
  return parseReferences(`Kết luận số 1 của ${rest}`)[0]?.issuer ?? null;
}


/** "Ban Chấp hành Trung ương khóa XIII" is "Ban Chấp hành Trung ương" is "Trung ương"; not "Bộ Chính trị". */
function sameIssuer(a: string, b: string): boolean {
  const f = (s: string): string => foldDiacritics(s).toLowerCase().replace(/\s+khoa\s+\S+$/u, '').trim();
  const [x, y] = [f(a), f(b)];
  return x !== '' && y !== '' && (x.includes(y) || y.includes(x));
}
