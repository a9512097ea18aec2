/**
 * Measuring tools of the load run (bench/load.ts): the product as a child process, its memory, and
 * plain-text tables.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const running = new Set<Product>();

export interface Product {
  readonly base: string;
  readonly pid: number;
  /** Log lines at error level or above so far. */
  errorLines(): number;
  /** The log so far. */
  output(): string;
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts bot/main.ts with `env` on a free loopback port; resolves once /healthz answers. Its log
 * goes to a file, as in production: a pipe this busy process drains late would stall its writes.
 */
export async function startProduct(env: Record<string, string>, logFile: string): Promise<Product> {
  const port = await freePort();
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = (): string => readFileSync(logFile, 'utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const product: Product = {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    errorLines: () => output().match(/"level":(50|60)/g)?.length ?? 0,
    output,
    stop: async () => {
      running.delete(product);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  running.add(product);
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the product exited:\n${output()}`);
    if (waited > 120_000) {
      await product.stop();
      throw new Error(`the product did not start:\n${output()}`);
    }
    const ok = await fetch(`${product.base}/healthz`).then((r) => r.ok, () => false);
    if (ok) return product;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident memory of a process in MiB (Linux /proc; NaN elsewhere). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** RSS sampled every `everyMs` while `work` runs. */
export async function sampledRss<T>(pid: number, everyMs: number, work: () => Promise<T>): Promise<{ result: T; samples: number[] }> {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMb(pid)), everyMs);
  try {
    return { result: await work(), samples };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Least-squares slope of samples taken at equal intervals, in units per minute. */
export function slopePerMinute(samples: readonly number[], everyMs: number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return (num / den) * (60_000 / everyMs);
}

export function table(rows: ReadonlyArray<Record<string, string | number>>): string {
  const keys = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : (v ?? ''));
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => cell(r[k]).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padStart(widths[i] ?? 0)).join(' | ')} |`;
  return [line(keys), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(keys.map((k) => cell(r[k]))))].join('\n');
}

/**
 * RSS over a run. The heap grows and shrinks with garbage collection, so a leak shows as peaks that
 * keep rising: the highest sample of each third of the run is printed next to the overall slope.
 */
export function rssLine(before: number, samples: readonly number[], after: number, everyMs: number): string {
  const third = Math.max(1, Math.ceil(samples.length / 3));
  const peaks = [0, 1, 2].map((i) => Math.max(...samples.slice(i * third, (i + 1) * third))).filter(Number.isFinite);
  const slope = slopePerMinute(samples, everyMs);
  return (
    `RSS MiB: before ${before.toFixed(1)}; during: ${samples.length} samples, peak per third ${peaks.map((p) => p.toFixed(1)).join(' / ')}, ` +
    `slope ${slope >= 0 ? '+' : ''}${slope.toFixed(1)} MiB/min; after ${after.toFixed(1)}`
  );
}

/** Stops every product still running (after a failed run). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((product) => product.stop()));
}
