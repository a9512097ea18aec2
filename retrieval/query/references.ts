/**
 * The documents and articles a question names, resolved against the library: "kl21" → the
 * `ket-luan:21:tw` the corpus knows; "Chỉ thị 05" → both `chi-thi:5:tu` and `chi-thi:5:tw` (the
 * answer asks which, or takes the one the question's words single out); "luat vien chuc" → the
 * library's Luật Viên chức, by its name even typed without capitals or marks; "khoản 2 Điều 5 Luật
 * Viên chức" → that article of that law.
 */
import {
  baseOfKey,
  findKnownNames,
  identityKey,
  keysCompatible,
  parseArticleReferences,
  parseReferences,
  type ParsedReference,
} from '../../text/references/index.ts';
import type { QueryArticle, QueryReference } from '../types.ts';

/** A name the library knows, for finding it in questions however typed. */
export interface KnownName {
  readonly key: string;
  /** The reference's label, read back into a ParsedReference for the query. */
  readonly label: string;
}

const keyByNameCache = new WeakMap<ReadonlyMap<string, KnownName>, Map<string, string>>();

/** The library's keys by their designation (`chi-thi:5` → its `chi-thi:5:tu`, `chi-thi:5:tw`), made once per key set. */
const byBaseCache = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

function keysByBase(knownKeys: ReadonlySet<string>): Map<string, string[]> {
  let map = byBaseCache.get(knownKeys);
  if (map === undefined) {
    map = new Map();
    for (const key of knownKeys) {
      const base = baseOfKey(key);
      const list = map.get(base);
      if (list) list.push(key);
      else map.set(base, [key]);
    }
    byBaseCache.set(knownKeys, map);
  }
  return map;
}

/** The references the question names, one per key, each with the library's keys it can be. */
export function resolveReferences(
  text: string,
  knownKeys: ReadonlySet<string>,
  names: ReadonlyMap<string, KnownName> = new Map(),
): QueryReference[] {
  const byKey = new Map<string, QueryReference>();
  const parsedAll = parseReferences(text);
  for (const parsed of parsedAll) {
    const written = identityKey(parsed);
    const candidates = knownKeys.has(written)
      ? [written]
      : (keysByBase(knownKeys).get(baseOfKey(written)) ?? []).filter((k) => keysCompatible(written, k));
    const key = candidates.length === 1 ? candidates[0]! : written;
    if (!byKey.has(key)) byKey.set(key, { key, text: parsed.text, known: candidates.length > 0, parsed, candidates });
  }
  // Names of the library typed any way ("luat vien chuc", "Bộ luật dân sự").
  let byName = keyByNameCache.get(names);
  if (byName === undefined) {
    byName = new Map([...names.entries()].map(([name, known]) => [name, known.key]));
    keyByNameCache.set(names, byName);
  }
  for (const found of findKnownNames(text, byName)) {
    if (byKey.has(found.key) || parsedAll.some((p) => p.start < found.end && found.start < p.end && identityKey(p) === found.key)) {
      continue;
    }
    const label = [...names.values()].find((n) => n.key === found.key)?.label ?? '';
    const parsed = parseReferences(label)[0];
    if (parsed === undefined) continue;
    const at: ParsedReference = { ...parsed, start: found.start, end: found.end, text: text.slice(found.start, found.end) };
    byKey.set(found.key, { key: found.key, text: at.text, known: true, parsed: at, candidates: [found.key] });
  }
  // A name the library knows wins over a shorter reading inside it ("Luật Quản lý" of "Luật Quản
  // lý các tổ chức tín dụng", where "các" ended the name read from capitals).
  const all = [...byKey.values()];
  return all.filter(
    (r) =>
      !all.some(
        (o) =>
          o !== r &&
          o.known &&
          o.parsed.start <= r.parsed.start &&
          r.parsed.end <= o.parsed.end &&
          o.parsed.end - o.parsed.start > r.parsed.end - r.parsed.start,
      ),
  );
}

/** The articles the question names, with the document each belongs to when it names one. */
export function resolveArticles(text: string, references: readonly QueryReference[]): QueryArticle[] {
  const parsed = references.map((r) => r.parsed);
  return parseArticleReferences(text, parsed).map((a) => {
    // The document right after the article (a parsed designation, or a library name found there),
    // else the one right before it ("Luật Quản lý thuế Điều 40", "Luật Viên chức, khoản 2 Điều 5").
    const after =
      a.document ??
      parsed.find((p) => p.start >= a.end && /^\s*,?\s*(?:của\s+|cua\s+)?$/iu.test(text.slice(a.end, p.start))) ??
      parsed.find((p) => p.end <= a.start && /^\s*,?\s*(?:tại\s+|tai\s+)?$/iu.test(text.slice(p.end, a.start))) ??
      null;
    const reference = after === null ? undefined : references.find((r) => r.parsed.start === after.start && r.parsed.end === after.end);
    return {
      article: a.article,
      clause: a.clause,
      point: a.point,
      text: a.text,
      self: a.self,
      documentKeys: reference?.candidates ?? [],
      named: after !== null,
    };
  });
}
