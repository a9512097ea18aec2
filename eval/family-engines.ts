/** The indexes the question families are asked of, and the scoring of every family item on its own. */
import path from 'node:path';
import cliProgress from 'cli-progress';
import { AnswerEngine } from '../retrieval/engine.ts';
import { FOLDS, type CorpusName, type FamilyItem } from './families.ts';
import { buildCorpusIndex } from './indexes.ts';
import { score, type Scored } from './risk.ts';
import { buildXquadIndex } from './xquad.ts';

/** The engines every family is asked of: XQuAD whole, XQuAD without each fold, the party corpus. */
export async function familyEngines(workDir: string, corpusDir: string): Promise<Map<CorpusName, AnswerEngine>> {
  const engines = new Map<CorpusName, AnswerEngine>();
  engines.set('xquad', new AnswerEngine(await buildXquadIndex(path.join(workDir, 'xquad')), null));
  for (let f = 0; f < FOLDS; f++) {
    const index = await buildXquadIndex(path.join(workDir, `fold-${f}`), { leaveOut: (id) => Number(id.slice(1)) % FOLDS === f });
    engines.set(`xquad-fold-${f}`, new AnswerEngine(index, null));
  }
  engines.set('party', new AnswerEngine(await buildCorpusIndex(corpusDir, path.join(workDir, 'party')), null));
  return engines;
}

/** Every family item scored on its engine, with a progress bar. */
export async function scoreFamilies(engines: ReadonlyMap<CorpusName, AnswerEngine>, items: readonly FamilyItem[]): Promise<Scored[]> {
  const bar = new cliProgress.SingleBar(
    { format: ' families |{bar}| {value}/{total} questions · {eta_formatted}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(items.length, 0);
  const out: Scored[] = [];
  for (const item of items) {
    const engine = engines.get(item.corpus);
    if (engine === undefined) throw new Error(`no engine for ${item.corpus}`);
    out.push(await score(engine, item));
    bar.increment();
  }
  bar.stop();
  return out;
}
