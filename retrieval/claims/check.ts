/**
 * Claim check: is "Quy định 50 được ban hành ngày 28/12/2021" or "Kết luận 21 có 7 nhóm nhiệm vụ"
 * what the documents say? The claim is cut into checkable facts — counts with their noun
 * ("7 nhóm nhiệm vụ", "5,09%"), dates, the issuer of a named reference — and each fact is looked
 * up in evidence sentences (the top search hits plus every sentence that mentions a named
 * reference). A fact is supported only by a sentence that itself contains the claimed value, and
 * contradicted only by the same fact with another value: a count attached to the same reference,
 * or one with the same noun after the same words; the date or issuer written with the reference.
 */
import { readDates } from '../../text/dates.ts';
import { foldDiacritics } from '../../text/fold.ts';
import { collapseWhitespace, normalizeText } from '../../text/normalize.ts';
import { formatReferenceLabel, parseReferences } from '../../text/references/index.ts';
import type { Span } from '../../text/sentences.ts';
import { resolveReference } from '../lookup.ts';
import type { Citation } from '../types.ts';
import {
  checkDate,
  checkIssuanceDate,
  checkIssuer,
  checkQuantity,
  checkStatement,
  claimedIssuer,
  type Claim,
  type Outcome,
} from './facts.ts';
import { anchorTerms, contentTerms, readQuantities } from './reading.ts';
import { dedupe, evidenceSentences, type ClaimEngine } from './sentences.ts';

export type { ClaimEngine };

export type Verdict = 'supported' | 'contradicted' | 'not_found';

export interface ClaimCheck {
  verdict: Verdict;
  /** Verbatim sentences the verdict rests on; for not_found, whatever part was confirmed (often none). */
  evidence: Citation[];
  /** One short Vietnamese sentence saying why. */
  note: string;
}

const NEGATION = /(?<![\p{L}\p{N}])(?:khong|chua|chang)(?![\p{L}\p{N}])/iu;
/** Words between a reference and a date that make the date the reference's own ("ban hành ngày"). */
const ISSUED = /^[\s,]*(?:(?:duoc|da)\s+)?(?:(?:ban\s+hanh|ky)\s+)?(?:vao\s+)?(?:ngay\s*)?$/iu;

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
