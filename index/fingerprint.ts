/**
 * What analysed an index: a hash of the code and tables of each step that decides what the index
 * holds (normalizer, tokenizer, sentence splitter, structure rules, chunker, reference parser,
 * document identity, the loaders (PDF layout, OCR), the on-disk schema). Ingest records it in the manifest with the chunking settings and the
 * model; a change to any of them makes the next ingest rebuild, and says which changed, and a
 * server refuses an index its own query analysis no longer matches.
 *
 * The sources are hashed rather than version numbers kept by hand: a table edited without a
 * version bump (a stop word, a tone-mark rule) still changes what the index must hold.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Component → source files (a folder stands for its .ts files). */
const COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  normalizer: ['text/normalize.ts', 'text/fold.ts', 'ingest/clean.ts'],
  tokenizer: ['text/tokenize.ts'],
  sentences: ['text/sentences.ts'],
  structure: ['text/structure.ts', 'text/markers.ts', 'text/legal.ts', 'text/closing.ts', 'text/numerals.ts'],
  chunker: ['ingest/chunk.ts'],
  references: ['text/references', 'text/dates.ts', 'ingest/references.ts'],
  identity: ['text/identity.ts', 'text/names.ts', 'ingest/identity.ts'],
  loaders: ['ingest/load', 'text/syllables.ts', 'text/pages.ts', 'ingest/pages.ts'],
  schema: ['index/records.ts', 'index/segment', 'ingest/analyse.ts'],
};

export interface AnalysisFingerprint {
  /** One hash over every component. */
  readonly fingerprint: string;
  /** Component → hash of its sources and settings. */
  readonly components: Readonly<Record<string, string>>;
}

function filesOf(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (entry.endsWith('.ts')) return [full];
  try {
    return readdirSync(full)
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => path.join(full, name));
  } catch {
    return [full];
  }
}

function hashFiles(entries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of entries.flatMap(filesOf)) {
    hash.update(`${path.relative(ROOT, file)}\0`);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('missing');
    }
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The fingerprint of the analysis in this checkout. `settings` adds what is not code, each as a
 * component of its own: e.g. `{ chunking: 'max 320 · tokenizer …', model: 'Xenova/…' }`.
 */
export function analysisFingerprint(settings: Readonly<Record<string, string>> = {}): AnalysisFingerprint {
  const components: Record<string, string> = {};
  for (const [name, entries] of Object.entries(COMPONENTS)) components[name] = hashFiles(entries);
  for (const [name, value] of Object.entries(settings)) {
    if (!(name in COMPONENTS)) components[name] = createHash('sha256').update(value).digest('hex').slice(0, 16);
  }
  const all = createHash('sha256');
  for (const name of Object.keys(components).sort()) all.update(`${name}=${components[name]}\n`);
  return { fingerprint: all.digest('hex').slice(0, 16), components };
}

/** Components whose hashes differ (or that only one side has), sorted; [] when the code ones agree. */
export function changedComponents(
  built: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
  only: readonly string[] = [...new Set([...Object.keys(built), ...Object.keys(now)])],
): string[] {
  return only.filter((name) => built[name] !== now[name]).sort();
}

/** The components that are code (not settings): what a server's own query analysis can check. */
export const CODE_COMPONENTS: readonly string[] = Object.keys(COMPONENTS);
