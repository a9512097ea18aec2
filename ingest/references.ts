/**
 * Merges the document references written across the corpus into one record per referenced
 * document: "Kết luận số 21", "kết luận 21" and "Kết luận số 21-KL/TW" become `ket-luan:21:tw`.
 *
 * One reference, one document: a key keeps what the designation says of its issuing level
 * (text/references/label.ts), so a provincial "Chỉ thị số 05 … của Ban Thường vụ Tỉnh ủy"
 * (`chi-thi:5:tu`) and the Party's "Chỉ thị số 05-CT/TW của Bộ Chính trị" (`chi-thi:5:tw`) are two
 * records. A mention that says less ("Chỉ thị 05") joins the one document it can be: the one its
 * own document names, else the only one in the corpus; when several fit it stays a record of its
 * own (`chi-thi:5`), and a question about it is asked back which one is meant.
 *
 * A document of the library whose header names it (ingest/identity.ts) is the target of its
 * references: its record says which document it is, and takes its date, issuer and subject from
 * the document itself.
 */
import {
  aliasKeys,
  baseOfKey,
  formatReferenceLabel,
  identityKey,
  keysCompatible,
  parseReferences,
  type ParsedReference,
} from '../text/references/index.ts';
import type { Document, DocumentReference, ReferenceMention } from '../index/records.ts';
import { foldForMatch } from '../text/fold.ts';
import { identityReference } from './identity.ts';

interface Found {
  readonly docId: string;
  readonly parsed: ParsedReference;
  key: string;
}

type Source = Pick<Document, 'id' | 'text'> & { readonly identity?: Document['identity'] };

/** The designations parsed in one document (what a segment stores per document), its identity and text. */
export interface DocumentMentions {
  readonly docId: string;
  readonly parsed: readonly ParsedReference[];
  /** What the document's header says it is (a library document is the target of its references). */
  readonly identity?: Document['identity'];
  /** The document's text, read only for a named reference that may run on (a law's whole name). */
  readonly text?: () => string;
}

/**
 * Parses every document (texts must already be NFC) and merges mentions by key, sorted by key.
 * Each field is voted on by the mentions that give it, a mention weighing as much as the number
 * of fields it gives: the fully written designation ("Quy định 1120-QĐ/TU ngày … của Ban Chấp
 * hành Đảng bộ tỉnh về …") outweighs a passing "Quy định số 1120 của Tỉnh ủy", and repeated
 * values outweigh a single typo. Ties go to the first mention in document order.
 */
export function collectReferences(docs: ReadonlyArray<Source>): DocumentReference[] {
  return mergeReferences(
    docs.map((doc) => ({ docId: doc.id, parsed: parseReferences(doc.text), identity: doc.identity ?? null, text: () => doc.text })),
  );
}

/** Merges parsed mentions, documents in index order, into one record per document referenced (see collectReferences). */
export function mergeReferences(input: Iterable<DocumentMentions>): DocumentReference[] {
  const documents = [...input];
  const names = libraryNames(documents);
  const found: Found[] = [];
  for (const doc of documents) {
    let text: string | null = null;
    for (const parsed of doc.parsed) {
      let whole = parsed;
      if (parsed.name !== null && names.length > 0 && doc.text !== undefined) whole = wholeName((text ??= doc.text()), parsed, names);
      found.push({ docId: doc.docId, parsed: whole, key: identityKey(whole) });
    }
  }
  // The library's own documents, by every key they answer to.
  const targets = new Map<string, { doc: DocumentMentions; primary: string }>();
  for (const doc of documents) {
    const key = doc.identity?.key ?? null;
    if (key === null) continue;
    for (const k of [key, ...(doc.identity?.aliases ?? [])]) if (!targets.has(k)) targets.set(k, { doc, primary: key });
  }
  resolveKeys(found, targets);

  const groups = new Map<string, Found[]>();
  for (const f of found) {
    const group = groups.get(f.key);
    if (group === undefined) groups.set(f.key, [f]);
    else group.push(f);
  }
  const records: DocumentReference[] = [];
  const keys = new Set([...groups.keys(), ...[...targets.values()].map((t) => t.primary)]);
  for (const key of keys) {
    const target = targets.get(key);
    const record = merge(key, groups.get(key) ?? [], target?.primary === key ? target.doc : undefined);
    if (record !== null) records.push(record);
  }
  return records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The library's law names ("Luật Quản lý các tổ chức tín dụng"), folded, longest first, with the name. */
function libraryNames(docs: ReadonlyArray<DocumentMentions>): Array<{ folded: string; type: string; name: string }> {
  const out: Array<{ folded: string; type: string; name: string }> = [];
  for (const doc of docs) {
    const identity = doc.identity;
    if (identity?.name == null || identity.type === null) continue;
    out.push({ folded: foldForMatch(`${identity.type} ${identity.name}`), type: identity.type, name: identity.name });
  }
  return out.sort((a, b) => b.folded.length - a.folded.length);
}

/**
 * A named reference cut short by a word that ends names in prose ("Luật Quản lý" + "các tổ chức
 * tín dụng") is the library's law when the text goes on with that law's whole name.
 */
function wholeName(text: string, parsed: ParsedReference, names: ReadonlyArray<{ folded: string; type: string; name: string }>): ParsedReference {
  if (parsed.name === null || names.length === 0) return parsed;
  const ahead = foldForMatch(text.slice(parsed.start, parsed.start + 160));
  for (const n of names) {
    if (n.type !== parsed.type || !ahead.startsWith(n.folded) || /[\p{L}\p{N}]/u.test(ahead[n.folded.length] ?? ' ')) continue;
    if (n.folded.length <= parsed.end - parsed.start) return parsed;
    const end = parsed.start + n.folded.length;
    return { ...parsed, name: n.name, end, text: text.slice(parsed.start, end) };
  }
  return parsed;
}

/**
 * Rewrites each mention's key to the document it names: an alias to its document's key, and a key
 * that says less than a known one ("Chỉ thị 05" beside "Chỉ thị 05-CT/TW") to the only known key
 * it agrees with, looked for first among its own document's mentions, then in the whole corpus.
 */
function resolveKeys(found: Found[], targets: ReadonlyMap<string, { primary: string }>): void {
  for (const f of found) f.key = targets.get(f.key)?.primary ?? f.key;
  const byBase = new Map<string, Set<string>>();
  const add = (key: string): void => {
    const base = baseOfKey(key);
    if (base === key) return;
    const set = byBase.get(base) ?? new Set<string>();
    set.add(key);
    byBase.set(base, set);
  };
  for (const f of found) add(f.key);
  for (const t of targets.values()) add(t.primary);
  const inDoc = new Map<string, Set<string>>();
  for (const f of found) {
    const set = inDoc.get(f.docId) ?? new Set<string>();
    set.add(f.key);
    inDoc.set(f.docId, set);
  }
  for (const f of found) {
    const known = [...(byBase.get(baseOfKey(f.key)) ?? [])].filter((k) => k !== f.key && keysCompatible(f.key, k));
    if (known.length === 0 || (f.key !== baseOfKey(f.key) && known.length > 1)) continue;
    const own = known.filter((k) => inDoc.get(f.docId)?.has(k));
    const choice = own.length === 1 ? own[0] : known.length === 1 ? known[0] : undefined;
    if (choice !== undefined && choice.length > f.key.length) f.key = choice;
  }
}

function merge(key: string, found: readonly Found[], target: DocumentMentions | undefined): DocumentReference | null {
  const identity = target?.identity ?? null;
  const fromIdentity = identity === null || identity === undefined ? null : identityReference(identity);
  const first = found[0]?.parsed ?? fromIdentity;
  if (first === null || first === undefined) return null;
  const fields = {
    type: fromIdentity?.type ?? first.type,
    number: fromIdentity?.number ?? first.number,
    year: fromIdentity?.year ?? vote(found, (p) => p.year),
    name: identity?.name ?? vote(found, (p) => p.name),
    symbol: fromIdentity?.symbol ?? vote(found, (p) => p.symbol),
    date: identity?.date ?? vote(found, (p) => p.date),
    issuer: identity?.issuer ?? vote(found, (p) => p.issuer),
    subject: identity?.subject ?? vote(found, (p) => p.subject),
  };
  const mentions: ReferenceMention[] = found.map(({ docId, parsed }) => ({
    key,
    docId,
    start: parsed.start,
    end: parsed.end,
    text: parsed.text,
  }));
  const aliases = fromIdentity === null ? [] : aliasKeys(fromIdentity);
  return {
    key,
    ...fields,
    label: formatReferenceLabel(fields),
    mentions,
    ...(target === undefined ? {} : { documentId: target.docId }),
    ...(aliases.length === 0 ? {} : { aliases }),
  };
}

function completeness(p: ParsedReference): number {
  return [p.symbol, p.date, p.issuer, p.subject].filter((v) => v !== null).length;
}

function vote(found: readonly Found[], field: (p: ParsedReference) => string | null): string | null {
  const scores = new Map<string, number>(); // insertion order = first mention order, for ties
  for (const { parsed } of found) {
    const value = field(parsed);
    if (value !== null) scores.set(value, (scores.get(value) ?? 0) + Math.max(1, completeness(parsed)));
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
