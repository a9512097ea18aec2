/**
 * Document designations in text and queries: "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính
 * trị về …", "Kết luận 21", "kl21", "21-KL/TW", "Nghị định 30/2020/NĐ-CP", "Luật Viên chức" → type,
 * number, symbol, issuer, date, subject, and the keys that make them one reference.
 */
export {
  aliasKeys,
  baseOfKey,
  formatReferenceLabel,
  identityKey,
  issuerCode,
  keysCompatible,
  referenceKey,
  referenceQualifier,
} from './label.ts';
export { findKnownNames, nameLookupForm } from './named.ts';
export { parseReferences, type ParsedReference } from './parse.ts';
export { NAMED_TYPES, type ReferenceType } from './vocabulary.ts';
export { parseArticleReferences, type ArticleReference } from './articles.ts';
