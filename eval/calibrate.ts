/**
 * `npm run calibrate -- [--dry-run]`
 *
 * Fits the answerability decision (retrieval/answer/answerability.ts) and writes its data file,
 * retrieval/answer/answerability.json. Reproducible from a clean clone: the data are XQuAD-vi
 * (../shared/bench/xquad-vi) and negatives generated from it and from the corpus (eval/families.ts)
 * with a fixed seed — the project's gold set is not used, so it stays a regression check.
 *
 * 1. Every family item is asked once with no threshold, recording the proposed answer's features.
 * 2. A logistic model is fitted on the `fit` split: positive = the proposal holds the right answer;
 *    each family weighs the same in total, positives as much as all negatives together.
 * 3. The operating point is the lowest probability at which, on the fit split, each negative
 *    family stays within its BUDGETS share — then the risk–coverage table is printed for the
 *    held-out split.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURES, type AnswerabilityModel } from '../retrieval/answer/answerability.ts';
import { familyEngines, scoreFamilies } from './family-engines.ts';
import { buildFamilies, FOLDS } from './families.ts';
import { fitLogistic, predict, type Row } from './logistic.ts';
import { featureVector, renderRiskTable, riskAt, type Scored } from './risk.ts';
import { loadXquad } from './xquad.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const MODEL_FILE = path.join(REPO, 'retrieval/answer/answerability.json');
/**
 * Shares of the fit split's negatives the shipped operating point may answer. XQuAD's
 * leave-one-paragraph-out near-misses are the hardest family there is for lexical evidence (the
 * article's other paragraphs share every name and most words): held to 5 % they would cost half the
 * answerable questions, so they get the loosest budget; questions with one detail changed and
 * questions of another corpus must almost never be answered.
 */
const BUDGETS: Readonly<Record<string, number>> = { 'near-miss': 0.12, 'party-near-miss': 0.03, swap: 0.05, cross: 0.02 };
const L2 = 1;
/** The sign each feature's weight must have (see FitOptions.signs); 0: either. */
const SIGNS: Readonly<Record<string, number>> = {
  unigramCoverage: 1,
  bigramCoverage: 1,
  windowCoverage: 1,
  absentShare: -1,
  contentMass: 1,
  strength: 1,
  reference: 1,
  keyMissing: -1,
  margin: 1,
};

/** Each family weighs the same; positives as much as all negatives together. */
function rowsOf(scored: readonly Scored[]): Row[] {
  const usable = scored.filter((s): s is Scored & { features: NonNullable<Scored['features']> } => s.features !== null);
  const families = [...new Set(usable.map((s) => s.family))];
  const negativeFamilies = families.filter((f) => usable.some((s) => s.family === f && !s.positive)).length || 1;
  const count = new Map(families.map((f) => [f, usable.filter((s) => s.family === f).length]));
  return usable.map((s) => ({
    x: featureVector(s.features),
    y: s.correct ? 1 : 0,
    weight: (s.positive ? 1 : 1 / negativeFamilies) / (count.get(s.family) ?? 1),
  }));
}

function chooseThreshold(scored: readonly Scored[]): number {
  const negatives = [...new Set(scored.filter((s) => !s.positive).map((s) => s.family))];
  for (let t = 0.05; t < 0.99; t += 0.005) {
    const ok = negatives.every((family) => {
      const rows = scored.filter((s) => s.family === family);
      return riskAt(rows, t).answered <= (BUDGETS[family] ?? 0.01);
    });
    if (ok) return Math.round(t * 1000) / 1000;
  }
  return 0.99;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, dump: { type: 'string' } } });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vankien-calibrate-'));
  try {
    process.stderr.write(`Building the XQuAD-vi indexes (whole and ${FOLDS} folds) and the corpus index in ${workDir}…\n`);
    const engines = await familyEngines(workDir, path.join(REPO, 'corpus'));
    const party = engines.get('party')!;
    const items = buildFamilies(loadXquad(), [...party.documents.values()], party.index.references);
    const scored = await scoreFamilies(engines, items);
    if (values.dump !== undefined) await fs.writeFile(values.dump, scored.map((s) => JSON.stringify(s)).join('\n'), 'utf8');
    const fitRows = scored.filter((s) => s.split === 'fit');
    const fit = fitLogistic(rowsOf(fitRows), { l2: L2, signs: FEATURES.map((f) => SIGNS[f] ?? 0) });
    const rescore = (rows: readonly Scored[]): Scored[] =>
      rows.map((s) => (s.features === null ? s : { ...s, probability: predict(fit, featureVector(s.features)) }));
    const fitted = rescore(fitRows);
    const threshold = chooseThreshold(fitted);
    const heldOut = rescore(scored.filter((s) => s.split === 'held-out'));
    const model: AnswerabilityModel = {
      version: 1,
      fittedAt: new Date().toISOString().slice(0, 10),
      fittedOn:
        `npm run calibrate: ${fitRows.length} questions of the fit split (XQuAD-vi articles not ≡ 3 mod 4; ` +
        'party documents 0–2), families ' + [...new Set(fitRows.map((s) => s.family))].join(', ') + '; not the gold set',
      features: [...FEATURES],
      mean: fit.mean.map(round),
      scale: fit.scale.map(round),
      weights: fit.weights.map(round),
      bias: round(fit.bias),
      threshold,
      operatingPoint: `lowest probability at which, on the fit split, each negative family is answered at most: ${Object.entries(BUDGETS).map(([f, b]) => `${f} ${b * 100}%`).join(', ')}, others 1%`,
    };
    console.log(renderRiskTable(fitted, threshold, 'fit split (what was fitted on)'));
    console.log('');
    console.log(renderRiskTable(heldOut, threshold, 'held-out split'));
    console.log('');
    console.log('weights (per standard deviation):');
    FEATURES.forEach((name, i) => console.log(`  ${name.padEnd(18)} ${model.weights[i]!.toFixed(3).padStart(8)}`));
    console.log(`  ${'bias'.padEnd(18)} ${model.bias.toFixed(3).padStart(8)}   (${fit.iterations} Newton steps)`);
    if (!values['dry-run']) {
      await fs.writeFile(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`, 'utf8');
      console.log(`\nwrote ${path.relative(REPO, MODEL_FILE)} (operating point ${threshold})`);
    }
    for (const engine of engines.values()) await engine.dispose();
    return 0;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

process.exitCode = await main();
