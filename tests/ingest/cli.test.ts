/**
 * The ingest CLI as a user runs it: a real child process over a real corpus folder. Kills in the
 * middle of a build are in tests/robustness/ingest-kill.test.ts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../../index/store.ts';
import { copyCorpus, runIngest, tempDir } from '../helpers/ingest-run.ts';

// No model weights exist here: the CLI must build a lexical-only index and say why, once.
const NO_MODEL = { EMBED_MODEL_DIR: '/nonexistent-model-dir' };

describe('npm run ingest', () => {
  let work: string;
  let corpus: string;

  beforeAll(async () => {
    work = await tempDir('cli');
    corpus = await copyCorpus(path.join(work, 'corpus'));
  });

  it('builds the five documents lexical-only, with a closing table, then finds nothing to do', async () => {
    const index = path.join(work, 'index');
    const first = await runIngest(['--corpus', corpus, '--index', index], NO_MODEL);
    expect(first.stderr).toContain('Dense search is off');
    expect(first.stderr.match(/Dense search is off/g)).toHaveLength(1);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/documents\s+5/);
    expect(first.stdout).toMatch(/chunks\s+\d+/);
    expect(first.stdout).toMatch(/references\s+\d+ \(\d+ mentions\)/);
    expect(first.stdout).toMatch(/dense search\s+off/);
    expect(first.stdout).toMatch(/skipped files\s+none/);
    expect(first.stdout).toMatch(/chunks\/s/);

    const loaded = await loadIndex(index);
    expect(loaded.documents).toHaveLength(5);
    expect(loaded.manifest.dense).toMatchObject({ enabled: false, model: 'none', dimension: null });
    expect(loaded.manifest.dense.reason).toBeTruthy();

    const second = await runIngest(['--corpus', corpus, '--index', index], NO_MODEL);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
    expect((await loadIndex(index)).manifest.builtAt).toBe(loaded.manifest.builtAt);
  });

  it('skips an unreadable file with its reason, indexes the rest, and exits non-zero', async () => {
    const broken = await copyCorpus(path.join(work, 'broken-corpus'));
    await fs.writeFile(path.join(broken, 'hong.pdf'), 'this is not a PDF at all');
    await fs.writeFile(path.join(broken, 'latin1.txt'), Buffer.from([0x48, 0xe0, 0x20, 0x4e, 0xf4, 0x69, 0x0a]));
    const index = path.join(work, 'broken-index');
    const result = await runIngest(['--corpus', broken, '--index', index], NO_MODEL);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/skipped files\s+2/);
    expect(result.stdout).toContain('hong.pdf');
    expect(result.stdout).toContain('latin1.txt');
    expect(result.stderr).toContain('2 file(s) could not be read');
    expect((await loadIndex(index)).documents).toHaveLength(5);
  });

  it('rejects unknown options with usage and exit code 2', async () => {
    const result = await runIngest(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run ingest');
  });
});
