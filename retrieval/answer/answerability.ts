/**
 * "May we answer from this evidence?" — the one decision behind "grounded or silent", apart from
 * search and from phrase extraction. An extractor proposes an answer and the span it rests on; this
 * module describes the pair with features that mean the same on any corpus, and a logistic model
 * turns them into the probability that the answer is right. The model is fitted by
 * `npm run calibrate` (eval/calibrate.ts) on XQuAD-vi and on negatives the project generates —
 * never on the project's own gold set — and its coefficients, operating point and fitting date are
 * the data file beside this module.
 *
 * Features (all in the model's order, see FEATURES):
 * - coverage of the question's content on its exact written forms (diacritics respected when the
 *   question has them; typed without marks, folded forms count), two-syllable words as units at
 *   their own idf — "thủ đô" absent from the corpus weighs as a word, not as two common syllables;
 * - the share of that content absent from the corpus vocabulary altogether;
 * - the absolute content mass (saturating), so a focus of one word is not evidence however well it
 *   is covered;
 * - the extractor's own evidence: coverage with what frames the span, phrase strength, whether
 *   the span names the question's document, whether the passage lacks the question's key word.
 * Agreement of specifics (periods, numbers, places, roles, predicates; agreement.ts) is not a
 * feature: a stated specific the evidence contradicts vetoes the answer outright.
 */
import fitted from './answerability.json' with { type: 'json' };
import { idfOf, type FocusTerms, type TermSet, type TermStatistics } from './terms.ts';

/** What the extractor proposes the answer from, as the decision sees it. */
export interface Proposal {
  /** The span's own terms (a sentence; a list's heading, lead-in and items). */
  readonly terms: TermSet;
  /** What frames the span: title, issuer, section headings, a list's lead-in. */
  readonly frame: TermSet;
  /** The span with its neighbouring sentences. */
  readonly window: TermSet;
  /** The whole passage (search hit) the span comes from. */
  readonly passage: TermSet;
  /** 1 − second hit's score / first hit's score: how much the best passage stands out. */
  readonly margin: number;
  /** The extractor's coverage of the focus, with the frame at part credit. */
  readonly coverage: number;
  /** Strength of the typed phrase (count, date, person, subject) in [0, 1]; 0 for a sentence or a list. */
  readonly strength: number;
  /** 1: the span names a document the question names; 0.5: its passage does; 0 otherwise or none named. */
  readonly reference: number;
  /** The passage lacks the question's most telling word (1) … has it (0); see `missingKey`. */
  readonly keyMissing: number;
  /** Rank of the hit the span comes from, 0 = top. */
  readonly rank: number;
  /** The extractor's own confidence (the pre-model score), kept as one more piece of evidence. */
  readonly score: number;
  /** `fallback`: a count, date or person question answered with a sentence that gives no phrase of that kind. */
  readonly kind: 'typed' | 'sentence' | 'list' | 'title' | 'fallback';
}

export const FEATURES = [
  'unigramCoverage',
  'bigramCoverage',
  'windowCoverage',
  'absentShare',
  'contentMass',
  'strength',
  'reference',
  'keyMissing',
  'margin',
  'typed',
  'fallback',
  'list',
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type AnswerFeatures = Readonly<Record<FeatureName, number>>;

export interface AnswerabilityModel {
  readonly version: 1;
  /** ISO date of the fit. */
  readonly fittedAt: string;
  /** What it was fitted on, in words. */
  readonly fittedOn: string;
  readonly features: readonly string[];
  /** Standardisation of each feature before the weights apply. */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** The shipped operating point: answer when the probability reaches it. */
  readonly threshold: number;
  /** How the threshold was chosen, in words. */
  readonly operatingPoint: string;
}

export const MODEL: AnswerabilityModel = fitted as AnswerabilityModel;

/** Credit of a content unit found only in what frames the span. */
const FRAME_CREDIT = 0.5;
/**
 * Content mass saturates: one rare word (idf ≈ 5) gives 0.7 of it, two give 0.9. A fragment has
 * little; beyond a few content words, more words are not more evidence.
 */
const MASS_SCALE = 4;

/** A content unit of the question: a syllable or a two-syllable word, as typed. */
interface Unit {
  readonly exact: string;
  readonly folded: string;
  readonly bigram: boolean;
  readonly weight: number;
  readonly absent: boolean;
  readonly aliases: readonly string[];
}

/** The question's content units at their own idf, on exact forms when the question has marks. */
export function contentUnits(focus: FocusTerms, stats: TermStatistics, withoutDiacritics: boolean): Unit[] {
  const units: Unit[] = [];
  for (const t of focus.terms) {
    if (t.functional) continue;
    const bigram = t.folded.includes('_');
    const df = withoutDiacritics ? (stats.df.get(t.folded) ?? 0) : (stats.exactDf.get(t.exact) ?? 0);
    units.push({
      exact: t.exact,
      folded: t.folded,
      bigram,
      weight: idfOf(stats.sentences, df),
      absent: df === 0 && (t.aliases?.every((a) => (stats.df.get(a) ?? 0) === 0) ?? true),
      aliases: t.aliases ?? [],
    });
  }
  return units;
}

/**
 * A question whose content the corpus largely never writes cannot be answered from it: "Ai vô
 * địch World Cup" has three words no sentence has. One absent word among many is a paraphrase or
 * a typo ("tình trạng" for "tình hình") and is left to the decision; a quarter of the content's
 * weight is not.
 */
const UNKNOWN_SHARE = 0.25;

/**
 * The question's content words the corpus never writes (on their marks when the question has
 * them: "giáng" is not "giang"), numbers aside — when they weigh UNKNOWN_SHARE of its content or
 * more; else none.
 */
export function unknownWords(focus: FocusTerms, stats: TermStatistics, withoutDiacritics: boolean): string[] {
  const words = contentUnits(focus, stats, withoutDiacritics).filter((u) => !u.bigram && /^\p{L}+$/u.test(u.exact));
  const absent = words.filter((u) => u.absent);
  return share(words, (u) => (u.absent ? 1 : 0)) >= UNKNOWN_SHARE ? absent.map((u) => u.exact) : [];
}

function has(unit: Unit, set: TermSet, withoutDiacritics: boolean): boolean {
  if (withoutDiacritics ? set.folded.has(unit.folded) : set.exact.has(unit.exact)) return true;
  return unit.aliases.some((a) => set.folded.has(a));
}

function share(units: readonly Unit[], credit: (u: Unit) => number): number {
  let total = 0;
  let got = 0;
  for (const u of units) {
    total += u.weight;
    got += u.weight * credit(u);
  }
  return total > 0 ? got / total : 0;
}

/** The features of a proposal for a question, in the model's terms. */
export function answerFeatures(
  proposal: Proposal,
  focus: FocusTerms,
  stats: TermStatistics,
  withoutDiacritics: boolean,
): AnswerFeatures {
  const units = contentUnits(focus, stats, withoutDiacritics);
  const unigrams = units.filter((u) => !u.bigram);
  const bigrams = units.filter((u) => u.bigram);
  const credit = (u: Unit): number =>
    has(u, proposal.terms, withoutDiacritics) ? 1 : has(u, proposal.frame, withoutDiacritics) ? FRAME_CREDIT : 0;
  const mass = unigrams.reduce((sum, u) => sum + u.weight, 0);
  const framed = (set: TermSet) => (u: Unit): number => (has(u, set, withoutDiacritics) || has(u, proposal.frame, withoutDiacritics) ? 1 : 0);
  return {
    unigramCoverage: share(unigrams, credit),
    bigramCoverage: bigrams.length === 0 ? 1 : share(bigrams, credit),
    windowCoverage: share(unigrams, framed(proposal.window)),
    absentShare: share(unigrams, (u) => (u.absent ? 1 : 0)),
    contentMass: 1 - Math.exp(-mass / MASS_SCALE),
    strength: proposal.strength,
    reference: proposal.reference,
    keyMissing: proposal.keyMissing,
    margin: proposal.margin,
    typed: proposal.kind === 'typed' || proposal.kind === 'title' ? 1 : 0,
    fallback: proposal.kind === 'fallback' ? 1 : 0,
    list: proposal.kind === 'list' ? 1 : 0,
  };
}

/** The probability that the proposed answer is right, by the fitted logistic model. */
export function answerProbability(features: AnswerFeatures, model: AnswerabilityModel = MODEL): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    const x = features[name as FeatureName] ?? 0;
    z += (model.weights[i] ?? 0) * ((x - (model.mean[i] ?? 0)) / (model.scale[i] || 1));
  });
  return 1 / (1 + Math.exp(-z));
}
