/**
 * Narrowing questions and searches to part of the library: by document kind ("luật", "kết luận"),
 * issuer and date range, and the values a library offers to narrow by (the chips of the page, the
 * listings of /vanban). A document matches when every given criterion holds; a date range holds for
 * a document dated by month or year when the two periods overlap.
 */
import type { Document } from '../index/records.ts';
import { foldForMatch } from '../text/fold.ts';

export interface DocumentFilter {
  /** Kinds, compared without case or marks ("luat" = "Luật"). */
  readonly types?: readonly string[];
  /** Issuers; a document's issuer matches when it contains one of them ("Tỉnh ủy" matches "Ban Thường vụ Tỉnh ủy"). */
  readonly issuers?: readonly string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive. */
  readonly from?: string;
  readonly to?: string;
}

export interface Facet {
  readonly value: string;
  readonly count: number;
}

export interface Facets {
  readonly types: readonly Facet[];
  readonly issuers: readonly Facet[];
  readonly years: readonly Facet[];
}

/** True when the filter narrows nothing. */
export function isEmptyFilter(filter: DocumentFilter | undefined): boolean {
  return (
    filter === undefined ||
    ((filter.types?.length ?? 0) === 0 && (filter.issuers?.length ?? 0) === 0 && filter.from === undefined && filter.to === undefined)
  );
}

/** The first and last day a partial ISO date stands for: "2022" → 2022-01-01 … 2022-12-31. */
function period(date: string): [string, string] {
  const [y, m, d] = date.split('-');
  if (d !== undefined) return [date, date];
  if (m !== undefined) return [`${y}-${m}-01`, `${y}-${m}-31`];
  return [`${y}-01-01`, `${y}-12-31`];
}

export function matchesFilter(doc: Pick<Document, 'kind' | 'issuer' | 'date'>, filter: DocumentFilter | undefined): boolean {
  if (filter === undefined) return true;
  if ((filter.types?.length ?? 0) > 0) {
    const kind = foldForMatch(doc.kind);
    if (!filter.types!.some((t) => foldForMatch(t.trim()) === kind)) return false;
  }
  if ((filter.issuers?.length ?? 0) > 0) {
    const issuer = doc.issuer === null ? '' : foldForMatch(doc.issuer);
    if (!filter.issuers!.some((i) => issuer !== '' && issuer.includes(foldForMatch(i.trim())))) return false;
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    if (doc.date === null) return false;
    const [first, last] = period(doc.date);
    if (filter.from !== undefined && last < period(filter.from)[0]) return false;
    if (filter.to !== undefined && first > period(filter.to)[1]) return false;
  }
  return true;
}

function counted(values: readonly string[]): Facet[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/** The kinds, issuers and years of the documents, most frequent first (years newest first). */
export function facetsOf(documents: Iterable<Pick<Document, 'kind' | 'issuer' | 'date'>>): Facets {
  const docs = [...documents];
  return {
    types: counted(docs.map((d) => d.kind)),
    issuers: counted(docs.flatMap((d) => (d.issuer === null ? [] : [d.issuer]))),
    years: counted(docs.flatMap((d) => (d.date === null ? [] : [d.date.slice(0, 4)]))).sort((a, b) => (a.value < b.value ? 1 : -1)),
  };
}

/** "luật, kết luận" → ["luật", "kết luận"]: a comma-separated query parameter. */
export function listParameter(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return items.length === 0 ? undefined : items;
}
