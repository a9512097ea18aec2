/** Runs the real ingest CLI in a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'corpus');
const CLI = path.join(REPO_ROOT, 'ingest/cli.ts');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function startIngest(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: 'true', EMBED_ALLOW_REMOTE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function waitFor(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runIngest(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return waitFor(startIngest(args, env));
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `vankien-${prefix}-`));
}

/** A private copy of the project's corpus, so a test may change it. */
export async function copyCorpus(target: string): Promise<string> {
  await fs.cp(CORPUS_DIR, target, { recursive: true });
  return target;
}
