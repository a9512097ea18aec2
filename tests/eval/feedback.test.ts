/**
 * Feedback from real use as an evaluation set: ratings kept in the state file are exported by
 * `npm run feedback -- --export` as JSON lines, and `npm run eval -- --questions FILE` reads them,
 * asks each question again and reports whether a 👍 answer is still given and a 👎 one changed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../bot/state/sqlite.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { REPO_ROOT, tempDir } from '../helpers/ingest-run.ts';

const run = promisify(execFile);
const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });

describe('npm run feedback -- --export → npm run eval -- --questions', () => {
  it('exports ratings as JSON lines that eval reads as a question set', async () => {
    const { index } = await buildCorpusIndex();
    const engine = new AnswerEngine(index, null);
    const dir = await tempDir('feedback-export');
    const stateFile = path.join(dir, 'state.sqlite');
    const store = openSqliteStore(stateFile);
    for (const [question, rating] of [
      ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'up'],
      ['Quy định 50 ban hành ngày nào?', 'down'],
    ] as const) {
      const answer = await engine.ask(question);
      store.feedback.add({
        at: Date.UTC(2025, 0, 5),
        surface: 'telegram',
        chatKey: 'telegram:1',
        rating,
        question,
        answer: answer.answer,
        found: answer.found,
        type: answer.type,
        citations: answer.citations.map((c) => ({ docId: c.docId, start: c.start, end: c.end, quote: c.quote })),
      });
    }
    store.close();

    const out = path.join(dir, 'feedback.jsonl');
    await tsx('bot/feedback-cli.ts', ['--export', '--out', out, '--state', stateFile], {});
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: 'fb-1', question: 'Kết luận 21 có mấy nhóm nhiệm vụ?', type: 'count', rating: 'up', surface: 'telegram', at: '2025-01-05T00:00:00.000Z', found: true });
    expect((lines[0]?.citations as unknown[]).length).toBeGreaterThan(0);

    const { stdout } = await tsx('eval/eval.ts', ['--questions', out, '--index', index.buildDir, '--json'], { EMBED_ALLOW_REMOTE: 'false' });
    const report = JSON.parse(stdout) as { dataset: string; extra: string[]; failures: Array<{ id: string }> };
    expect(report.dataset).toBe('questions (feedback.jsonl)');
    // The same engine answers the same: the 👍 answer is still given, the 👎 one has not changed.
    expect(report.extra).toContain('ratings: 👍 still given 1/1 · 👎 changed 0/1');
    expect(report.failures.map((f) => f.id)).toEqual(['fb-2']);
  });
});
