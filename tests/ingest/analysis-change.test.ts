/**
 * An index knows what analysed it. A copy of the program whose tokenizer table is edited (the word
 * "số" that number bigrams skip) re-ingests the same corpus: it rebuilds and says the tokenizer
 * changed, instead of "up to date"; the original program then refuses to serve that index (its own
 * query analysis no longer matches) and its next ingest rebuilds it back, saying so too.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFingerprint } from '../../index/fingerprint.ts';
import { IndexLoadError, loadIndex } from '../../index/store.ts';
import { CORPUS_DIR, REPO_ROOT, runIngest, tempDir, waitFor } from '../helpers/ingest-run.ts';

// No tokenizer folder for either program: both count tokens the same way (the estimate).
const NO_MODEL = { EMBED_MODEL_DIR: '/nonexistent-model-dir' };
const CODE = ['text', 'ingest', 'index', 'embed', 'config.ts', 'package.json'];

let work: string;
let copy: string;
let corpus: string;
let indexDir: string;

beforeAll(async () => {
  work = await tempDir('analysis');
  copy = path.join(work, 'program');
  for (const entry of CODE) await fs.cp(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const tokenizer = path.join(copy, 'text/tokenize.ts');
  const source = await fs.readFile(tokenizer, 'utf8');
  expect(source).toContain("const NUMBER_WORD = 'số';");
  await fs.writeFile(tokenizer, source.replace("const NUMBER_WORD = 'số';", "const NUMBER_WORD = 'thứ';"));
  corpus = path.join(work, 'corpus');
  await fs.cp(CORPUS_DIR, corpus, { recursive: true });
  indexDir = path.join(work, 'index');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

function runCopy(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(copy, 'ingest/cli.ts'), ...args], {
    cwd: copy,
    env: { ...process.env, CI: 'true', EMBED_ALLOW_REMOTE: 'false', ...NO_MODEL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitFor(child);
}

describe('a change of the analysis', () => {
  it('makes the next ingest rebuild, naming what changed, and a server refuse the stale index', async () => {
    const first = await runIngest(['--corpus', corpus, '--index', indexDir], NO_MODEL);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/built \(full: no usable index\)/);
    const same = await runIngest(['--corpus', corpus, '--index', indexDir], NO_MODEL);
    expect(same.stdout).toMatch(/up to date/);

    const edited = await runCopy(['--corpus', corpus, '--index', indexDir]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/built \(full: the analysis changed \(tokenizer\)\)/);

    const refused = await loadIndex(indexDir, { analysis: analysisFingerprint() }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IndexLoadError);
    expect((refused as IndexLoadError).reason).toMatch(/built by another analysis \(tokenizer changed since\)/);

    const back = await runIngest(['--corpus', corpus, '--index', indexDir], NO_MODEL);
    expect(back.stdout).toMatch(/built \(full: the analysis changed \(tokenizer\)\)/);
    const index = await loadIndex(indexDir, { analysis: analysisFingerprint() });
    expect(index.documents.length).toBeGreaterThan(0);
    index.close();
  }, 120_000);
});
