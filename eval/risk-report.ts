/**
 * The risk–coverage tables `npm run eval` prints: for the gold set, for XQuAD, and (with
 * `--dataset families`) for every family of generated questions, the share answered and the share
 * answered wrongly at several operating points, the shipped one marked.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODEL } from '../retrieval/answer/answerability.ts';
import type { AnswerEngine } from '../retrieval/engine.ts';
import { familyEngines, scoreFamilies } from './family-engines.ts';
import { buildFamilies } from './families.ts';
import { isNotFoundGold, type GoldItem } from './metrics.ts';
import { renderRiskTable, score, type Scored } from './risk.ts';
import { loadXquad, type XquadQuestion } from './xquad.ts';

/** Gold questions scored once with no threshold: answerable ones right when the answer or an item holds the gold phrase. */
export async function goldRisk(engine: AnswerEngine, gold: readonly GoldItem[], k: number): Promise<string> {
  const rows: Scored[] = [];
  for (const item of gold) {
    const family = isNotFoundGold(item) ? 'gold not-found' : 'gold answerable';
    rows.push(await score(engine, { family, split: 'gold', question: item.question, expected: isNotFoundGold(item) ? null : item.answer }, k, false));
  }
  return renderRiskTable(rows, MODEL.threshold, 'gold set (a regression check; not fitted on)');
}

/** XQuAD questions scored once: right when the gold span is in the answer or a quote. */
export async function xquadRisk(engine: AnswerEngine, questions: readonly XquadQuestion[], k: number): Promise<string> {
  const rows: Scored[] = [];
  for (const q of questions) rows.push(await score(engine, { family: 'xquad', split: 'all', question: q.question, expected: q.answer }, k));
  return renderRiskTable(rows, MODEL.threshold, 'XQuAD-vi, all 1,190 questions (fit and held-out articles together)');
}

/** Every generated family (eval/families.ts), its fit and held-out splits apart. */
export async function familiesRisk(corpusDir: string): Promise<string> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-families-'));
  try {
    process.stderr.write(`Building the XQuAD-vi indexes and the corpus index in ${workDir}…\n`);
    const engines = await familyEngines(workDir, corpusDir);
    const party = engines.get('party')!;
    const scored = await scoreFamilies(engines, buildFamilies(loadXquad(), [...party.documents.values()], party.index.references));
    for (const engine of engines.values()) await engine.dispose();
    return [
      renderRiskTable(scored.filter((s) => s.split === 'held-out'), MODEL.threshold, 'generated families, held-out split (not looked at while fitting)'),
      '',
      renderRiskTable(scored.filter((s) => s.split === 'fit'), MODEL.threshold, 'generated families, fit split (what npm run calibrate fitted on)'),
    ].join('\n');
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
