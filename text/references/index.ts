/**
 * Document designations in text and queries: "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính
 * trị về …", "Kết luận 21", "kl21", "21-KL/TW" → type, number, symbol, issuer, date, subject, and
 * the canonical key that makes them one reference.
 */
export { formatReferenceLabel, referenceKey } from './label.ts';
export { parseReferences, type ParsedReference } from './parse.ts';
export type { ReferenceType } from './vocabulary.ts';
