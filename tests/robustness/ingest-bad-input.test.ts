/**
 * The ingest CLI (a real child process) over a corpus of the five real documents plus every kind
 * of hostile file people drop into a folder. Whatever cannot be read is skipped with a reason in
 * the closing table, everything readable is indexed with exact offsets and bounded chunks, size
 * limits hold memory within a 512 MB heap, and nothing ends in a stack trace.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, type LoadedIndex } from '../../index/store.ts';
import { DEFAULT_LOAD_LIMITS } from '../../ingest/load/index.ts';
import { vietnameseText, writeHostileFiles, writeVietnameseFile, type HostileFile } from '../helpers/hostile-files.ts';
import { copyCorpus, runIngest, tempDir, type CliResult } from '../helpers/ingest-run.ts';

const CORPUS_DOCUMENTS = 5;
const CHUNK_MAX_TOKENS = 320;
const STACK_FRAME = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;
const MIB = 1024 * 1024;

interface MatrixRow {
  readonly input: string;
  readonly what: string;
  readonly expected: string;
  readonly observed: string;
  readonly ok: boolean;
}

const matrix: MatrixRow[] = [];

/** `file → reason` rows of the closing table's "skipped files" section. */
function skippedRows(stdout: string, names: readonly string[]): { rows: Map<string, string>; unknown: string[] } {
  const lines = stdout.split('\n');
  const from = lines.findIndex((line) => /^\s+skipped files\s/.test(line));
  const to = lines.findIndex((line, i) => i > from && /^\s+time\s/.test(line));
  const rows = new Map<string, string>();
  const unknown: string[] = [];
  const byLength = [...names].sort((a, b) => b.length - a.length);
  for (const line of lines.slice(from + 1, to)) {
    const row = line.trim();
    const name = byLength.find((n) => row.startsWith(`${n} `));
    if (name === undefined) unknown.push(row);
    else rows.set(name, row.slice(name.length).trim());
  }
  return { rows, unknown };
}

/** Compares what ingest did with each file to what it should have done, one matrix row each. */
function judge(files: readonly HostileFile[], result: CliResult, index: LoadedIndex): MatrixRow[] {
  const { rows, unknown } = skippedRows(result.stdout, files.map((f) => f.name));
  const documents = new Map(index.documents.map((doc) => [doc.id, doc]));
  const out: MatrixRow[] = files.map((file) => {
    const reason = rows.get(file.name);
    const { outcome } = file;
    const observed = reason !== undefined ? `skipped: ${reason}` : 'not in the table';
    switch (outcome.kind) {
      case 'skipped':
        return {
          input: file.name,
          what: file.what,
          expected: `skipped: ${outcome.reason.source}`,
          observed,
          ok: reason !== undefined && outcome.reason.test(reason) && !documents.has(file.name.replace(/\.\w+$/, '')),
        };
      case 'ignored':
        return {
          input: file.name,
          what: file.what,
          expected: 'ignored',
          observed: reason === undefined && !documents.has(file.name.replace(/\.\w+$/, '')) ? 'ignored' : observed,
          ok: reason === undefined && !documents.has(file.name.replace(/\.\w+$/, '')),
        };
      case 'indexed': {
        const doc = documents.get(outcome.docId);
        const chunks = [...index.chunks].filter((chunk) => chunk.docId === outcome.docId);
        const missing = (outcome.contains ?? []).filter((part) => doc?.text.includes(part) !== true);
        const stray = doc !== undefined && outcome.absent !== undefined && outcome.absent.test(doc.text);
        return {
          input: file.name,
          what: file.what,
          expected: 'indexed',
          observed:
            doc === undefined
              ? observed
              : `indexed: ${doc.text.length} chars, ${chunks.length} chunks` +
                (missing.length > 0 ? `; missing ${JSON.stringify(missing)}` : '') +
                (stray ? `; still has ${outcome.absent?.source}` : ''),
          ok: doc !== undefined && reason === undefined && chunks.length > 0 && missing.length === 0 && !stray,
        };
      }
    }
  });
  for (const row of unknown) out.push({ input: row, what: 'unexpected row', expected: '-', observed: row, ok: false });
  return out;
}

function expectExactBoundedChunks(index: LoadedIndex): void {
  const documents = new Map(index.documents.map((doc) => [doc.id, doc]));
  const bad = [...index.chunks].filter((chunk) => {
    const doc = documents.get(chunk.docId);
    return (
      doc === undefined ||
      doc.text.slice(chunk.start, chunk.end) !== chunk.text ||
      chunk.id !== `${chunk.docId}#${chunk.start}` ||
      chunk.tokens > CHUNK_MAX_TOKENS
    );
  });
  expect(index.manifest.chunking.maxTokens).toBe(CHUNK_MAX_TOKENS);
  expect(bad.map((chunk) => `${chunk.id} (${chunk.tokens} tokens)`)).toEqual([]);
}

function expectNoStackTrace(result: CliResult): void {
  expect(result.stdout).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toMatch(STACK_FRAME);
}

describe('ingest over hostile documents', () => {
  let work: string;
  let hostileCorpus: string;
  let hostileIndex: string;
  let hostile: HostileFile[];
  let hostileRun: CliResult;

  let bigCorpus: string;
  let bigIndex: string;
  let big: HostileFile[];
  let bigRun: CliResult;

  beforeAll(async () => {
    work = await tempDir('bad-input');
    hostileCorpus = await copyCorpus(path.join(work, 'hostile-corpus'));
    hostileIndex = path.join(work, 'hostile-index');
    hostile = await writeHostileFiles(hostileCorpus);

    // Size limits, in their own corpus under a 512 MB heap: a 50 MB text, a text just over and one
    // exactly at the character limit, files over the byte limits (sparse: refused before reading).
    bigCorpus = await copyCorpus(path.join(work, 'big-corpus'));
    bigIndex = path.join(work, 'big-index');
    const limit = DEFAULT_LOAD_LIMITS.maxTextChars;
    await writeVietnameseFile(path.join(bigCorpus, 'rat-lon-50mb.txt'), 50_000_000);
    await fs.writeFile(path.join(bigCorpus, 'vuot-gioi-han.txt'), vietnameseText(limit + 1));
    await fs.writeFile(path.join(bigCorpus, 'sat-gioi-han.txt'), vietnameseText(limit));
    await fs.writeFile(path.join(bigCorpus, 'qua-50mib.pdf'), '');
    await fs.truncate(path.join(bigCorpus, 'qua-50mib.pdf'), DEFAULT_LOAD_LIMITS.maxBytes + 1);
    await fs.writeFile(path.join(bigCorpus, 'trang-qua-lon.html'), '');
    await fs.truncate(path.join(bigCorpus, 'trang-qua-lon.html'), DEFAULT_LOAD_LIMITS.maxHtmlBytes + 1);
    const tooLong = new RegExp(`^document too long \\([\\d,]+ characters > ${limit.toLocaleString('en-US')} limit; split it into smaller files\\)$`);
    big = [
      { name: 'rat-lon-50mb.txt', what: '50 MB of Vietnamese text', outcome: { kind: 'skipped', reason: tooLong } },
      { name: 'vuot-gioi-han.txt', what: `text of ${limit + 1} characters`, outcome: { kind: 'skipped', reason: tooLong } },
      { name: 'sat-gioi-han.txt', what: `text of ${limit} characters`, outcome: { kind: 'indexed', docId: 'sat-gioi-han' } },
      { name: 'qua-50mib.pdf', what: '50 MiB + 1 byte PDF', outcome: { kind: 'skipped', reason: /^file too large \(52,428,801 bytes > 52,428,800 bytes limit\)$/ } },
      { name: 'trang-qua-lon.html', what: '10 MiB + 1 byte web page', outcome: { kind: 'skipped', reason: /^file too large \(10,485,761 bytes > 10,485,760 bytes limit\)$/ } },
    ];

    // Two cores: both runs at once.
    [hostileRun, bigRun] = await Promise.all([
      runIngest(['--corpus', hostileCorpus, '--index', hostileIndex]),
      runIngest(['--corpus', bigCorpus, '--index', bigIndex], { NODE_OPTIONS: '--max-old-space-size=512' }),
    ]);
  }, 300_000);

  afterAll(async () => {
    const failures = matrix.filter((row) => !row.ok).length;
    const width = Math.max(...matrix.map((row) => row.input.length));
    console.info(
      [
        'input → outcome',
        ...matrix.map((row) => `${row.ok ? 'ok  ' : 'FAIL'} ${row.input.padEnd(width)}  ${row.what} → ${row.observed}`),
      ].join('\n'),
    );
    console.info(`bad-input: ${matrix.length} inputs, ${matrix.length - failures} handled, ${failures} failures`);
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('skips every unreadable file with its reason in the closing table, indexes the rest, exits 1', async () => {
    expectNoStackTrace(hostileRun);
    expect(hostileRun.signal).toBeNull();
    expect(hostileRun.code).toBe(1);
    const index = await loadIndex(hostileIndex);
    const rows = judge(hostile, hostileRun, index);
    matrix.push(...rows);
    expect(rows.filter((row) => !row.ok)).toEqual([]);

    const skipped = hostile.filter((file) => file.outcome.kind === 'skipped').length;
    const indexed = hostile.filter((file) => file.outcome.kind === 'indexed').length;
    expect(hostileRun.stdout).toMatch(new RegExp(`skipped files\\s+${skipped}\\n`));
    expect(hostileRun.stderr).toContain(`${skipped} file(s) could not be read and were skipped`);
    expect(index.documents).toHaveLength(CORPUS_DOCUMENTS + indexed);
    expect(index.manifest.skipped).toHaveLength(skipped);
  });

  it('keeps every chunk an exact slice of its document and within the token budget', async () => {
    const index = await loadIndex(hostileIndex);
    expectExactBoundedChunks(index);
    // The 2 MB line is cut into many bounded chunks, not one giant one.
    expect([...index.chunks].filter((chunk) => chunk.docId === 'mot-dong-2mb').length).toBeGreaterThan(2_000_000 / 2_000);
  });

  it('refuses files over the size limits cleanly and indexes a text at the limit within a 512 MB heap', async () => {
    expectNoStackTrace(bigRun);
    expect(bigRun.signal).toBeNull();
    expect(bigRun.stderr).not.toMatch(/heap out of memory/i);
    expect(bigRun.code).toBe(1);
    const index = await loadIndex(bigIndex);
    const rows = judge(big, bigRun, index);
    matrix.push(...rows);
    expect(rows.filter((row) => !row.ok)).toEqual([]);
    expect(index.documents).toHaveLength(CORPUS_DOCUMENTS + 1);
    expectExactBoundedChunks(index);
  });

  it('stops on an invalid manifest.json with a message naming it, and leaves the index as it was', async () => {
    const before = await loadIndex(hostileIndex);
    const manifestFile = path.join(hostileCorpus, 'manifest.json');
    await fs.writeFile(manifestFile, '{ "documents": { "rong-txt": { "title": "Trống", } ');
    const result = await runIngest(['--corpus', hostileCorpus, '--index', hostileIndex, '--force']);
    const ok =
      result.code === 2 &&
      result.stderr.includes(`${manifestFile}: not valid JSON`) &&
      !STACK_FRAME.test(result.stderr) &&
      !STACK_FRAME.test(result.stdout);
    matrix.push({
      input: 'manifest.json',
      what: 'invalid JSON',
      expected: 'exit 2 naming the file',
      observed: `exit ${result.code}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`,
      ok,
    });
    expectNoStackTrace(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${manifestFile}: not valid JSON`);
    const after = await loadIndex(hostileIndex);
    expect(after.manifest.builtAt).toBe(before.manifest.builtAt);
    expect(after.buildDir).toBe(before.buildDir);
  }, 120_000);
});

// Keeps the byte limits honest if someone changes them: the tests above assume these values.
describe('documented load limits', () => {
  it('are 50 MiB per file, 10 MiB per web page and 3,000,000 characters per document', () => {
    expect(DEFAULT_LOAD_LIMITS).toEqual({ maxBytes: 50 * MIB, maxHtmlBytes: 10 * MIB, maxTextChars: 3_000_000 });
  });
});
