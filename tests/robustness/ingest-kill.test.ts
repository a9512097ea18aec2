/**
 * Faults around the index: an ingest killed with SIGKILL anywhere in its run leaves the previous
 * or the new index, never a mix or nothing; a damaged index folder is refused at load with a
 * reason (by loadIndex and by the `ask` CLI, without a stack trace) and the next ingest rebuilds it.
 * Everything runs the real CLIs as child processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { watch, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexLoadError, loadIndex } from '../../index/store.ts';
import { VIETNAMESE_SENTENCES } from '../helpers/hostile-files.ts';
import { CORPUS_DIR, REPO_ROOT, runIngest, startIngest, tempDir, waitFor, type CliResult } from '../helpers/ingest-run.ts';
import { seededRandom } from '../../testkit/random.ts';

// No tokenizer and no model: the fastest start-up, and atomicity does not depend on token counts.
const NO_MODEL = { EMBED_MODEL_DIR: '/nonexistent-model-dir' };
const STACK_FRAME = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;
const LANES = 2;
/** Per lane: kills at times spread over the run, and kills aimed at the write-and-swap window. */
const TIMED_KILLS = 8;
const WRITE_KILLS = 2;
/** Aimed kills land this many ms (at most) after the build folder appears. */
const WRITE_WINDOW_MS = 40;

/** What identifies one build of an index. */
interface Snapshot {
  readonly builtAt: string;
  readonly corpusHash: string;
  readonly counts: unknown;
  readonly chunkIds: string;
}

async function snapshot(indexDir: string): Promise<Snapshot> {
  const index = await loadIndex(indexDir);
  return {
    builtAt: index.manifest.builtAt,
    corpusHash: index.manifest.corpusHash,
    counts: index.manifest.counts,
    chunkIds: [...index.chunks].map((chunk) => chunk.id).sort().join('\n'),
  };
}

const sameContent = (a: Snapshot, b: Snapshot): boolean =>
  a.corpusHash === b.corpusHash && JSON.stringify(a.counts) === JSON.stringify(b.counts) && a.chunkIds === b.chunkIds;

/** The five documents copied `copies` times under varied names, so a run lasts long enough to aim at. */
async function bigCorpus(dir: string, copies: number): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const names = (await fs.readdir(CORPUS_DIR)).filter((name) => name.endsWith('.txt'));
  for (let copy = 1; copy <= copies; copy++) {
    for (const name of names) {
      const target = copy % 2 === 0 ? path.join(dir, `dot-${copy}`, name) : path.join(dir, `ban-${copy}-${name}`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(path.join(CORPUS_DIR, name), target);
    }
  }
  return dir;
}

/** Where a killed run stopped, read from what it left in `<index>.builds`. */
async function stageLeft(indexDir: string, liveBuild: string, exited: boolean): Promise<string> {
  if (exited) return 'finished before the kill';
  const builds = await fs.readdir(`${indexDir}.builds`).catch(() => [] as string[]);
  if (builds.some((name) => name.endsWith('.tmp'))) return 'while writing the build';
  if (builds.some((name) => path.join(`${indexDir}.builds`, name) !== liveBuild)) return 'between rename and swap or clean-up';
  return 'before writing (start-up, reading, chunking)';
}

/** Copies an index (its live symlink, relative, and its builds folder) to another folder. */
async function copyIndex(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.cp(`${from}.builds`, `${to}.builds`, { recursive: true });
  await fs.symlink(await fs.readlink(from), to);
}

/** Kills `child` `delay` ms after it creates its build folder (`<id>.tmp`); returns a function that stops watching. */
function killWhenBuildStarts(indexDir: string, child: ChildProcess, delay: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(`${indexDir}.builds`, (_, name) => {
    if (timer !== undefined || !String(name).endsWith('.tmp')) return;
    timer = setTimeout(() => child.kill('SIGKILL'), delay);
  });
  return () => {
    watcher.close();
    clearTimeout(timer);
  };
}

function runAsk(indexDir: string, question: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'retrieval/cli.ts'), '--index', indexDir, question], {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: 'true', EMBED_ALLOW_REMOTE: 'false', ...NO_MODEL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitFor(child);
}

/** Runs `tasks` two at a time (two cores). */
async function inPairs<T>(tasks: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += 2) results.push(...(await Promise.all(tasks.slice(i, i + 2).map((task) => task()))));
  return results;
}

let work: string;

beforeAll(async () => {
  work = await tempDir('kill');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe('an ingest killed with SIGKILL', () => {
  it('leaves the previous or the new index, loadable, at 20 random points of the run', async () => {
    const v1 = await bigCorpus(path.join(work, 'corpus-v1'), 20);
    const v2 = path.join(work, 'corpus-v2');
    await fs.cp(v1, v2, { recursive: true });
    // v2 differs from v1: one document more and one changed, so old and new never look alike.
    await fs.writeFile(path.join(v2, 'bo-sung.txt'), `${VIETNAMESE_SENTENCES.join('\n\n')}\n`);
    await fs.appendFile(path.join(v2, 'dot-2', (await fs.readdir(path.join(v2, 'dot-2')))[0] ?? ''), `\n\n${VIETNAMESE_SENTENCES[2]}\n`);

    // The old index of each lane, and the reference new one; the reference run, made alongside
    // another one as the kills will be, gives the length of a run.
    const lanes = Array.from({ length: LANES }, (_, lane) => path.join(work, `lane-${lane}`, 'index'));
    const reference = path.join(work, 'reference', 'index');
    const started = performance.now();
    let referenceMs = 0;
    const [oldRun, newRun] = await Promise.all([
      runIngest(['--corpus', v1, '--index', lanes[0] ?? ''], NO_MODEL),
      runIngest(['--corpus', v2, '--index', reference], NO_MODEL).then((result) => {
        referenceMs = performance.now() - started;
        return result;
      }),
    ]);
    expect([oldRun.code, newRun.code]).toEqual([0, 0]);
    for (const lane of lanes.slice(1)) await copyIndex(lanes[0] ?? '', lane);
    const old = await snapshot(lanes[0] ?? '');
    const fresh = await snapshot(reference);
    expect(sameContent(old, fresh)).toBe(false);

    // SEED=<n> replays a run: the seed is printed with every failure.
    const seed = process.env.SEED === undefined ? Date.now() % 1_000_000 : Number(process.env.SEED);
    const random = seededRandom(seed);
    const horizon = referenceMs * 0.9;
    const outcomes: string[] = [];
    const failures: string[] = [];
    let deadPid = 0;
    await Promise.all(
      lanes.map(async (index, lane) => {
        for (let i = 0; i < TIMED_KILLS + WRITE_KILLS; i++) {
          const child = startIngest(['--corpus', v2, '--index', index, '--force'], NO_MODEL);
          let label: string;
          let stopAiming = (): void => {};
          if (i < TIMED_KILLS) {
            // Stratified: kill i of a lane lands in the i-th eighth of the run, lanes interleaved.
            const delay = Math.round((horizon * (i + (lane + random()) / LANES)) / TIMED_KILLS);
            const timer = setTimeout(() => child.kill('SIGKILL'), delay);
            stopAiming = () => clearTimeout(timer);
            label = `lane ${lane} kill at ${delay} ms`;
          } else {
            const delay = Math.round(random() * WRITE_WINDOW_MS);
            stopAiming = killWhenBuildStarts(index, child, delay);
            label = `lane ${lane} kill ${delay} ms into writing`;
          }
          const result = await waitFor(child);
          stopAiming();
          deadPid = child.pid ?? deadPid;
          try {
            const now = await snapshot(index);
            const stage = await stageLeft(index, await fs.realpath(index), result.signal === null);
            const isOld = now.builtAt === old.builtAt && sameContent(now, old);
            const isNew = sameContent(now, fresh);
            if (!isOld && !isNew) failures.push(`${label} (seed ${seed}): the index is neither the old nor the new one`);
            outcomes.push(`${isNew ? 'new' : 'old'} · ${stage}`);
          } catch (error) {
            failures.push(`${label} (seed ${seed}): ${error instanceof IndexLoadError ? error.reason : String(error)}`);
          }
        }
      }),
    );
    const tally = new Map<string, number>();
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    console.info(
      `kill points over a ${Math.round(referenceMs)} ms run (seed ${seed}):\n` +
        [...tally].map(([outcome, n]) => `  ${String(n).padStart(2)} × ${outcome}`).join('\n'),
    );
    const tried = LANES * (TIMED_KILLS + WRITE_KILLS);
    console.info(`kills: ${tried} tried, ${tried - failures.length} indexes intact`);
    expect(failures).toEqual([]);
    expect(outcomes).toHaveLength(tried);

    // The next run finishes, and clears what the killed ones left: unfinished builds, and the
    // temporary link a writer killed mid-swap leaves (made here: that window is microseconds).
    await fs.symlink(`${path.basename(lanes[0] ?? '')}.builds/gone`, `${lanes[0]}.${deadPid}.link`);
    const reruns = await Promise.all(lanes.map((index) => runIngest(['--corpus', v2, '--index', index, '--force'], NO_MODEL)));
    expect(reruns.map((rerun) => rerun.code)).toEqual(lanes.map(() => 0));
    for (const index of lanes) {
      expect(sameContent(await snapshot(index), fresh)).toBe(true);
      expect(await fs.readdir(`${index}.builds`)).toEqual([path.basename(await fs.realpath(index))]);
      expect((await fs.readdir(path.dirname(index))).filter((name) => name.endsWith('.link'))).toEqual([]);
    }
  }, 300_000);

  it('leaves the previous or the new index at random points of an incremental update', async () => {
    // v1 → v2: one document added, one changed, one removed; the update rewrites the segment that
    // held the changed and removed ones, writes one for the new ones, and links nothing else.
    const v1 = await bigCorpus(path.join(work, 'inc-v1'), 20);
    const v2 = path.join(work, 'inc-v2');
    await fs.cp(v1, v2, { recursive: true });
    await fs.writeFile(path.join(v2, 'bo-sung.txt'), `${VIETNAMESE_SENTENCES.join('\n\n')}\n`);
    const changedDir = path.join(v2, 'dot-4');
    const [first, second] = (await fs.readdir(changedDir)).sort();
    await fs.appendFile(path.join(changedDir, first ?? ''), `\n\n${VIETNAMESE_SENTENCES[1]}\n`);
    await fs.rm(path.join(changedDir, second ?? ''));

    const pristine = path.join(work, 'inc-pristine', 'index');
    const reference = path.join(work, 'inc-reference', 'index');
    const [built, full] = await Promise.all([
      runIngest(['--corpus', v1, '--index', pristine], NO_MODEL),
      runIngest(['--corpus', v2, '--index', reference], NO_MODEL),
    ]);
    expect([built.code, full.code]).toEqual([0, 0]);
    const old = await snapshot(pristine);
    const fresh = await snapshot(reference);
    expect(sameContent(old, fresh)).toBe(false);
    // How long an update takes, two at a time as the kills will run.
    const timing = [path.join(work, 'inc-time-0', 'index'), path.join(work, 'inc-time-1', 'index')];
    for (const lane of timing) await copyIndex(pristine, lane);
    const started = performance.now();
    const timed = await Promise.all(timing.map((lane) => runIngest(['--corpus', v2, '--index', lane], NO_MODEL)));
    const updateMs = performance.now() - started;
    expect(timed.map((run) => run.stdout.includes('built (incremental'))).toEqual([true, true]);
    for (const lane of timing) expect(sameContent(await snapshot(lane), fresh)).toBe(true);

    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const failures: string[] = [];
    const outcomes: string[] = [];
    const kills = Array.from({ length: LANES * 6 }, (_, k) => k);
    await inPairs(
      kills.map((k) => async () => {
        const lane = path.join(work, `inc-kill-${k}`, 'index');
        await copyIndex(pristine, lane);
        const child = startIngest(['--corpus', v2, '--index', lane], NO_MODEL);
        let stopAiming: () => void;
        let label: string;
        if (k % 4 === 3) {
          const delay = Math.round(random() * WRITE_WINDOW_MS);
          stopAiming = killWhenBuildStarts(lane, child, delay);
          label = `update kill ${delay} ms into writing`;
        } else {
          const delay = Math.round(updateMs * 0.9 * random());
          const timer = setTimeout(() => child.kill('SIGKILL'), delay);
          stopAiming = () => clearTimeout(timer);
          label = `update kill at ${delay} ms`;
        }
        const result = await waitFor(child);
        stopAiming();
        try {
          const now = await snapshot(lane);
          const isOld = now.builtAt === old.builtAt && sameContent(now, old);
          const isNew = sameContent(now, fresh);
          if (!isOld && !isNew) failures.push(`${label} (seed ${seed}): the index is neither the old nor the new one`);
          outcomes.push(`${isNew ? 'new' : 'old'} · ${await stageLeft(lane, await fs.realpath(lane), result.signal === null)}`);
          // The next update finishes from whatever the kill left.
          const rerun = await runIngest(['--corpus', v2, '--index', lane], NO_MODEL);
          if (rerun.code !== 0 || !sameContent(await snapshot(lane), fresh)) failures.push(`${label}: the next update did not finish`);
        } catch (error) {
          failures.push(`${label} (seed ${seed}): ${error instanceof IndexLoadError ? error.reason : String(error)}`);
        }
      }),
    );
    const tally = new Map<string, number>();
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    console.info(
      `incremental kill points over a ${Math.round(updateMs)} ms update (seed ${seed}):\n` +
        [...tally].map(([outcome, n]) => `  ${String(n).padStart(2)} × ${outcome}`).join('\n'),
    );
    expect(failures).toEqual([]);
    expect(outcomes).toHaveLength(kills.length);
  }, 300_000);
});

interface Damage {
  readonly name: string;
  readonly damage: (indexDir: string, buildDir: string) => Promise<void>;
  readonly reason: RegExp;
  /** Ingest arguments that must rebuild it (a damaged index is not "up to date"). */
  readonly rebuild: readonly string[];
}

const DAMAGES: readonly Damage[] = [
  {
    name: 'a segment truncated',
    damage: async (_, build) => {
      const [name] = await fs.readdir(path.join(build, 'segments'));
      const file = path.join(build, 'segments', name ?? '');
      await fs.truncate(file, Math.floor((await fs.stat(file)).size / 2));
    },
    reason: /segments\/[^ ]+\.seg is damaged \(size or checksum differs from the manifest\)/,
    rebuild: [],
  },
  {
    name: 'one byte changed in a segment',
    damage: async (_, build) => {
      const [name] = await fs.readdir(path.join(build, 'segments'));
      const file = path.join(build, 'segments', name ?? '');
      const bytes = await fs.readFile(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      await fs.writeFile(file, bytes);
    },
    reason: /segments\/[^ ]+\.seg is damaged \(size or checksum differs from the manifest\)/,
    rebuild: [],
  },
  {
    name: 'manifest.json deleted',
    damage: (_, build) => fs.rm(path.join(build, 'manifest.json')),
    reason: /manifest\.json is missing/,
    rebuild: ['--force'],
  },
  {
    name: 'garbage in manifest.json',
    damage: (_, build) => fs.writeFile(path.join(build, 'manifest.json'), Buffer.from([0x7b, 0x00, 0xff, 0x22, 0x0a, 0x5d])),
    reason: /manifest\.json is not valid JSON/,
    rebuild: ['--force'],
  },
  {
    name: 'symlink pointing at nothing',
    damage: async (indexDir) => {
      await fs.rm(indexDir);
      await fs.symlink(`${path.basename(indexDir)}.builds/gone`, indexDir);
    },
    reason: /links to index\.builds\/gone, which does not exist/,
    rebuild: ['--force'],
  },
  {
    name: 'an empty folder instead of the index',
    damage: async (indexDir) => {
      await fs.rm(indexDir);
      await fs.mkdir(indexDir);
    },
    reason: /manifest\.json is missing/,
    rebuild: ['--force'],
  },
];

describe('a damaged index folder', () => {
  it('is refused at load and by `ask` with its reason, then rebuilt by the next ingest', async () => {
    const corpus = path.join(work, 'small-corpus');
    await fs.cp(CORPUS_DIR, corpus, { recursive: true });
    const good = path.join(work, 'good', 'index');
    expect((await runIngest(['--corpus', corpus, '--index', good], NO_MODEL)).code).toBe(0);
    const expected = await snapshot(good);

    const cases = await Promise.all(
      DAMAGES.map(async (damage, i) => {
        const indexDir = path.join(work, `damaged-${i}`, 'index');
        await copyIndex(good, indexDir);
        await damage.damage(indexDir, await fs.realpath(indexDir));
        return { ...damage, indexDir };
      }),
    );

    for (const { name, indexDir, reason } of cases) {
      const error = await loadIndex(indexDir).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(IndexLoadError);
      expect((error as IndexLoadError).reason, name).toMatch(reason);
      expect((error as IndexLoadError).reason, name).toMatch(/npm run ingest/);
    }

    const asked = await inPairs(cases.map((c) => async () => ({ ...c, result: await runAsk(c.indexDir, 'Kết luận 21 nói gì?') })));
    for (const { name, reason, result } of asked) {
      expect(result.code, name).not.toBe(0);
      expect(result.code, name).not.toBeNull();
      expect(result.stderr, name).toMatch(reason);
      expect(result.stderr, name).not.toMatch(STACK_FRAME);
      expect(result.stdout, name).toBe('');
    }

    const rebuilt = await inPairs(
      cases.map((c) => async () => ({ ...c, result: await runIngest(['--corpus', corpus, '--index', c.indexDir, ...c.rebuild], NO_MODEL) })),
    );
    for (const { name, indexDir, result } of rebuilt) {
      expect(result.code, name).toBe(0);
      expect(result.stdout, name).toMatch(/index\s+built/);
      expect(sameContent(await snapshot(indexDir), expected), name).toBe(true);
    }
    console.info(`damaged indexes: ${cases.length} refused with a reason, ${cases.length} rebuilt`);
  }, 300_000);
});
