/**
 * The layer rule, read from every import of every source file (static, type-only, re-exports and
 * dynamic `import()`):
 *
 *   layer 0  text/                      pure Vietnamese text
 *   layer 1  index/, embed/             the on-disk format; the local model
 *   layer 2  ingest/, retrieval/        files → index (writer); question → answer (reader)
 *   layer 3  bot/                       surfaces
 *   layer 4  eval/, bench/              tooling, imported by nothing in the product
 *   top      tests/
 *
 * A file imports only from its own folder's layer or below, and never from a sibling of the same
 * layer (the writer and the readers share only index/). config.ts is a leaf that layers 1–4 may
 * read. testkit/ (stand-ins, generators) is for tests/ and the tooling (eval/, bench/) only. No
 * import cycle.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/ingest-run.ts';

const LAYERS: Readonly<Record<string, number>> = {
  text: 0,
  index: 1,
  embed: 1,
  ingest: 2,
  retrieval: 2,
  bot: 3,
  eval: 4,
  bench: 4,
};
const SOURCE_DIRS = [...Object.keys(LAYERS), 'testkit', 'tests'];
/** Today's exceptions to the rule, as "from -> to"; the goal is none. */
const ALLOWED: ReadonlySet<string> = new Set<string>([]);

interface Edge {
  readonly from: string;
  readonly to: string;
  /** `import type` / `export type`: erased at run time. */
  readonly typeOnly: boolean;
  /** `import()`: loaded only when that code runs. */
  readonly dynamic: boolean;
}

function sourceFiles(): string[] {
  const out: string[] = ['config.ts'];
  const walk = (dir: string): void => {
    for (const name of readdirSync(path.join(REPO_ROOT, dir))) {
      const rel = `${dir}/${name}`;
      if (statSync(path.join(REPO_ROOT, rel)).isDirectory()) walk(rel);
      else if (/\.(ts|js|json)$/.test(name)) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return out;
}

/** Every relative import of `file` (repo-relative paths) and every package it imports. */
function importsOf(file: string): { local: Edge[]; packages: Edge[] } {
  // A data file (the fitted answerability model) imports nothing.
  if (file.endsWith('.json')) return { local: [], packages: [] };
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const local: Edge[] = [];
  const packages: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean): void => {
    if (specifier.startsWith('.')) {
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      local.push({ from: file, to, typeOnly, dynamic });
    } else packages.push({ from: file, to: specifier, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { local, packages };
}

function topFolder(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
}

/** Why the edge breaks the rule, or null when it keeps it. */
function violation(edge: Edge): string | null {
  const from = topFolder(edge.from);
  const to = topFolder(edge.to);
  if (from === 'tests') return null;
  if (to === 'tests') return 'product code imports test code';
  if (to === 'testkit') return ['bench', 'eval', 'testkit'].includes(from) ? null : 'only tests/, eval/ and bench/ may import testkit/';
  if (from === 'testkit') return null;
  if (from === 'config.ts') return 'config.ts is a leaf';
  if (to === 'config.ts') return from === 'text' ? 'text/ is pure and reads no configuration' : null;
  const fromLayer = LAYERS[from];
  const toLayer = LAYERS[to];
  if (fromLayer === undefined || toLayer === undefined) return `unknown folder (${from} → ${to})`;
  if (toLayer > fromLayer) return `layer ${fromLayer} (${from}/) imports layer ${toLayer} (${to}/)`;
  if (toLayer === fromLayer && from !== to) return `${from}/ and ${to}/ are siblings of layer ${fromLayer}`;
  return null;
}

/** Strongly connected components of more than one file (Tarjan), i.e. the import cycles. */
function cycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) graph.set(from, [...(graph.get(from) ?? []), to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return found;
}

/** Files reachable from `entry` through imports that load at start-up (not type-only, not dynamic). */
function loadedAtStart(entry: string, byFile: ReadonlyMap<string, ReturnType<typeof importsOf>>): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const imports = byFile.get(file);
    if (imports === undefined) continue;
    for (const edge of [...imports.local, ...imports.packages]) {
      if (edge.typeOnly || edge.dynamic || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}

const files = sourceFiles();
const byFile = new Map(files.map((file) => [file, importsOf(file)] as const));
const localEdges = [...byFile.values()].flatMap((imports) => imports.local);

describe('architecture', () => {
  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(localEdges.length).toBeGreaterThan(300);
    // Every relative import names a file that exists: a typo here would hide an edge.
    // A JSON data file (imported with `with { type: 'json' }`) is not a source file but must exist.
    const exists = (to: string): boolean => files.includes(to) || (to.endsWith('.json') && existsSync(path.join(REPO_ROOT, to)));
    const missing = localEdges.filter((edge) => !exists(edge.to)).map((e) => `${e.from} -> ${e.to}`);
    expect(missing).toEqual([]);
  });

  it('no import runs up a layer, across sibling layers, or into test code', () => {
    const broken = localEdges
      .map((edge) => ({ edge: `${edge.from} -> ${edge.to}`, why: violation(edge) }))
      .filter((v) => v.why !== null && !ALLOWED.has(v.edge))
      .map((v) => `${v.edge}: ${v.why}`);
    expect(broken).toEqual([]);
  });

  it('the allow-list holds only violations that still exist', () => {
    const edges = new Set(localEdges.map((edge) => `${edge.from} -> ${edge.to}`));
    expect([...ALLOWED].filter((edge) => !edges.has(edge))).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(localEdges)).toEqual([]);
  });

  it('text/ imports no package: pure functions of strings', () => {
    const textPackages = [...byFile.entries()]
      .filter(([file]) => file.startsWith('text/'))
      .flatMap(([, imports]) => imports.packages.map((edge) => `${edge.from} -> ${edge.to}`));
    expect(textPackages).toEqual([]);
  });

  it('a server with an index loads neither the ingest pipeline nor Transformers.js at start-up', () => {
    // The model and the ingest path load on demand (embed/embedder.ts, bot/main.ts): a lexical-only
    // server stays small. A static import of either from the answering side would undo that.
    for (const entry of ['bot/main.ts', 'retrieval/engine.ts', 'retrieval/cli.ts']) {
      const loaded = [...loadedAtStart(entry, byFile)];
      expect(loaded.filter((file) => file.startsWith('ingest/')), entry).toEqual([]);
      expect(loaded.filter((file) => ['@huggingface/transformers', 'pdf-parse', 'pdfjs-dist'].some((p) => file.startsWith(p))), entry).toEqual([]);
    }
  });

  it('the checks fail on the violations they are for', () => {
    expect(violation({ from: 'text/fold.ts', to: 'index/records.ts', typeOnly: true, dynamic: false })).toMatch(/layer 0/);
    expect(violation({ from: 'retrieval/engine.ts', to: 'ingest/pipeline.ts', typeOnly: false, dynamic: true })).toMatch(/siblings/);
    expect(violation({ from: 'bot/main.ts', to: 'tests/helpers/corpus-index.ts', typeOnly: false, dynamic: false })).toMatch(/test code/);
    expect(violation({ from: 'retrieval/cli.ts', to: 'testkit/random.ts', typeOnly: false, dynamic: false })).toMatch(/testkit/);
    expect(violation({ from: 'bot/main.ts', to: 'ingest/configured.ts', typeOnly: false, dynamic: true })).toBeNull();
    const edge = (from: string, to: string): Edge => ({ from, to, typeOnly: false, dynamic: false });
    expect(cycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')])).toEqual([['a', 'b', 'c']]);
  });
});
