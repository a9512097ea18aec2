/**
 * `npm run feedback -- --export [--out FILE] [--state FILE]`: the 👍/👎 people gave, from
 * STATE_DB, as JSON lines that `npm run eval -- --questions FILE` reads as a question set:
 *
 *   {"id":"fb-12","question":"…","type":"count","rating":"up","surface":"telegram","at":"2025-…",
 *    "answer":"05 nhóm nhiệm vụ, giải pháp","found":true,"citations":[{"docId","start","end","quote"}]}
 *
 * Without --export it prints a count per surface and rating. Exit 2 on a usage error.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrReport } from '../config.ts';
import { openSqliteStore } from './state/sqlite.ts';
import type { FeedbackRecord } from './state/store.ts';

const USAGE = 'Usage: npm run -s feedback -- [--export] [--out FILE] [--state FILE]';

/** One record as a question-set line. */
export function feedbackLine(record: FeedbackRecord & { readonly id: number }): string {
  return JSON.stringify({
    id: `fb-${record.id}`,
    question: record.question,
    type: record.type ?? 'free',
    rating: record.rating,
    surface: record.surface,
    at: new Date(record.at).toISOString(),
    answer: record.answer,
    found: record.found,
    citations: record.citations,
  });
}

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({ options: { export: { type: 'boolean', default: false }, out: { type: 'string' }, state: { type: 'string' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfigOrReport();
  if (config === null) return 2;
  const file = values.state ?? config.STATE_DB;
  if (!existsSync(file)) {
    console.error(`No state file at ${file} yet: nobody has rated an answer.`);
    return values.export ? 0 : 0;
  }
  const store = openSqliteStore(file);
  try {
    const records = store.feedback.list();
    if (values.export) {
      const text = records.map(feedbackLine).join('\n') + (records.length > 0 ? '\n' : '');
      if (values.out) {
        writeFileSync(values.out, text);
        console.error(`${records.length} ratings written to ${values.out}`);
      } else process.stdout.write(text);
      return 0;
    }
    const counts = new Map<string, number>();
    for (const r of records) counts.set(`${r.surface} ${r.rating === 'up' ? '👍' : '👎'}`, (counts.get(`${r.surface} ${r.rating === 'up' ? '👍' : '👎'}`) ?? 0) + 1);
    console.log(`${records.length} ratings in ${file}`);
    for (const [key, n] of [...counts].sort()) console.log(`  ${key}: ${n}`);
    return 0;
  } finally {
    store.close();
  }
}

process.exitCode = main();
