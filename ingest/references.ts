/**
 * Merges the document references written across the corpus into one record per referenced
 * document: "Kết luận số 21", "kết luận 21" and "Kết luận số 21-KL/TW" become `ket-luan:21`.
 */
import { formatReferenceLabel, parseReferences, referenceKey, type ParsedReference } from '../text/references/index.ts';
import type { DocumentReference, ReferenceMention } from '../index/records.ts';

interface Found {
  readonly docId: string;
  readonly parsed: ParsedReference;
}

/**
 * Parses every document (texts must already be NFC) and merges mentions by key, sorted by key.
 * Each field is voted on by the mentions that give it, a mention weighing as much as the number
 * of fields it gives: the fully written designation ("Quy định 1120-QĐ/TU ngày … của Ban Chấp
 * hành Đảng bộ tỉnh về …") outweighs a passing "Quy định số 1120 của Tỉnh ủy", and repeated
 * values outweigh a single typo. Ties go to the first mention in document order.
 *
 * A key names type + number only, so a provincial "Chỉ thị số 05 … của Ban Thường vụ Tỉnh ủy"
 * and the Party's "Chỉ thị số 05-CT/TW của Bộ Chính trị" share `chi-thi:5`. All mentions stay
 * on the record, but the card is filled only from mentions whose issuer is of the winning scope
 * (central or local), so it never mixes the symbol of one with the date of the other.
 */
export function collectReferences(docs: ReadonlyArray<{ id: string; text: string }>): DocumentReference[] {
  return mergeReferences(docs.map((doc) => ({ docId: doc.id, parsed: parseReferences(doc.text) })));
}

/** The designations parsed in one document (what a segment stores per document). */
export interface DocumentMentions {
  readonly docId: string;
  readonly parsed: readonly ParsedReference[];
}

/** Merges parsed mentions, documents in index order, into one record per key (see collectReferences). */
export function mergeReferences(documents: Iterable<DocumentMentions>): DocumentReference[] {
  const groups = new Map<string, Found[]>();
  for (const doc of documents) {
    for (const parsed of doc.parsed) {
      const key = referenceKey(parsed.type, parsed.number);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [{ docId: doc.docId, parsed }]);
      else group.push({ docId: doc.docId, parsed });
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, found]) => merge(key, found));
}

function merge(key: string, found: readonly Found[]): DocumentReference {
  const first = found[0]!.parsed;
  const scope = vote(found, (p) => issuerScope(p.issuer));
  const card = found.filter(({ parsed }) => [null, scope].includes(issuerScope(parsed.issuer)));
  const fields = {
    type: first.type,
    number: first.number,
    symbol: vote(card, (p) => p.symbol),
    date: vote(card, (p) => p.date),
    issuer: vote(card, (p) => p.issuer),
    subject: vote(card, (p) => p.subject),
  };
  const mentions: ReferenceMention[] = found.map(({ docId, parsed }) => ({
    key,
    docId,
    start: parsed.start,
    end: parsed.end,
    text: parsed.text,
  }));
  return { key, ...fields, label: formatReferenceLabel(fields), mentions };
}

/** Whether an issuer is a provincial/local body or a central one; null when the name does not say. */
function issuerScope(issuer: string | null): 'local' | 'central' | null {
  if (issuer === null) return null;
  if (/tỉnh|Tỉnh|Thành ủy|Huyện ủy|HĐND|UBND/u.test(issuer)) return 'local';
  if (/Trung ương|Bộ Chính trị|Ban Bí thư|Chính phủ|Quốc hội/u.test(issuer)) return 'central';
  return null;
}

function completeness(p: ParsedReference): number {
  return [p.symbol, p.date, p.issuer, p.subject].filter((v) => v !== null).length;
}

function vote(found: readonly Found[], field: (p: ParsedReference) => string | null): string | null {
  const scores = new Map<string, number>(); // insertion order = first mention order, for ties
  for (const { parsed } of found) {
    const value = field(parsed);
    if (value !== null) scores.set(value, (scores.get(value) ?? 0) + completeness(parsed));
  }
  let best: string | null = null;
  let bestScore = 0;
  for (const [value, score] of scores) {
    if (score > bestScore) [best, bestScore] = [value, score];
  }
  return best;
}

/** Keys of the mentions in `docId` overlapping [start, end), in order of first appearance. */
export function referenceKeysInSpan(
  mentions: readonly ReferenceMention[],
  docId: string,
  start: number,
  end: number,
): string[] {
  const hits = mentions
    .filter((m) => m.docId === docId && m.start < end && m.end > start)
    .sort((a, b) => a.start - b.start);
  return [...new Set(hits.map((m) => m.key))];
}

/**
 * `referenceKeysInSpan` for every span of one document at once: the document's mentions sorted
 * once, each span found by binary search, so a document costs O((mentions + spans) log mentions)
 * instead of scanning every mention of the corpus for every chunk.
 */
export function referenceKeysBySpan(
  mentions: ReadonlyArray<{ readonly key: string; readonly start: number; readonly end: number }>,
  spans: ReadonlyArray<{ readonly start: number; readonly end: number }>,
): string[][] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const longest = sorted.reduce((n, m) => Math.max(n, m.end - m.start), 0);
  return spans.map(({ start, end }) => {
    // First mention starting at or after `end`; overlapping ones start in [start − longest, end).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]!.start < end) low = middle + 1;
      else high = middle;
    }
    let first = low;
    while (first > 0 && sorted[first - 1]!.start >= start - longest) first--;
    const keys = new Set<string>();
    for (let i = first; i < low; i++) {
      const m = sorted[i]!;
      if (m.start < end && m.end > start) keys.add(m.key);
    }
    return [...keys];
  });
}
