/**
 * Token counting for chunk budgets: the embedding model's own tokenizer when its files are on
 * disk (exact), else a calibrated over-estimate so chunks never overflow the model's window.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import { resolveModelDir } from './model-dir.ts';

export interface TokenCounter {
  /** True when counts come from the model's tokenizer, false for the estimate. */
  readonly exact: boolean;
  /** Where counts come from: the tokenizer folder, or `estimate (…why…)`. */
  readonly source: string;
  /** Tokens of `text` without special tokens (the chunker adds its own margin for those). */
  count(text: string): number;
}

const LETTER_RUN = /[\p{L}\p{M}]+/gu;
const DIGIT_RUN = /\p{N}+/gu;
const SYMBOL = /[^\p{L}\p{M}\p{N}\s]/gu;
const UPPER_RUN = /\p{Lu}{2,}/gu;

const countMatches = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/**
 * Upper-bound estimate of XLM-R (multilingual-e5) sentencepiece tokens for Vietnamese text:
 *
 *   ceil(1.15·syllables + 2·numbers + symbols + CAPS) + 2,  at least ceil(chars / 4)
 *
 * syllables = letter runs, numbers = digit runs, symbols = every punctuation/symbol character,
 * CAPS = all-caps runs (split into more pieces than lower case), +2 covers short lines.
 * Calibrated on the five corpus documents (650 paragraphs and sentences) against the real
 * tokenizer: never below the exact count there, about 1.2× it in total (chars/3.87 is the mean
 * but short and all-caps lines go as low as 1.7 chars/token, which is why chars alone is not used).
 * The chars/4 floor guards long non-Vietnamese words, which split into more pieces.
 */
export function estimateTokens(text: string): number {
  if (text.trim() === '') return 0;
  const byParts =
    Math.ceil(
      1.15 * countMatches(text, LETTER_RUN) +
        2 * countMatches(text, DIGIT_RUN) +
        countMatches(text, SYMBOL) +
        countMatches(text, UPPER_RUN),
    ) + 2;
  return Math.max(byParts, Math.ceil(text.length / 4));
}

function estimateCounter(why: string): TokenCounter {
  return { exact: false, source: `estimate (${why})`, count: estimateTokens };
}

/** Builds the tokenizer class named by tokenizer_config.json from the files, without the hub. */
async function loadTokenizerFrom(dir: string): Promise<PreTrainedTokenizer> {
  const [tokenizerJson, tokenizerConfig] = await Promise.all(
    ['tokenizer.json', 'tokenizer_config.json'].map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as unknown),
  );
  const className = (tokenizerConfig as { tokenizer_class?: unknown }).tokenizer_class;
  const classes = AutoTokenizer.TOKENIZER_CLASS_MAPPING as unknown as Record<string, typeof PreTrainedTokenizer | undefined>;
  const Tokenizer = (typeof className === 'string' ? classes[className.replace(/Fast$/, '')] : undefined) ?? PreTrainedTokenizer;
  return new Tokenizer(tokenizerJson, tokenizerConfig);
}

/** Memoized words kept at most; a corpus has far fewer distinct words, a 100k-chunk bench about this many. */
const MAX_MEMOIZED_WORDS = 500_000;

/**
 * Counts by whitespace-separated word, memoized. SentencePiece (e5's Unigram with Metaspace) never
 * makes a piece across whitespace, so the sum over words (plus one piece for trailing
 * whitespace) equals the count of the whole text (asserted in tests). It matters: Transformers.js does not split on spaces before the Unigram
 * lattice, and encoding a whole 20 kB document takes seconds, while words repeat constantly.
 */
function wordwiseCounter(tokenizer: PreTrainedTokenizer): (text: string) => number {
  const memo = new Map<string, number>();
  const countWord = (word: string): number => {
    let n = memo.get(word);
    if (n === undefined) {
      n = tokenizer.encode(word, { add_special_tokens: false }).length;
      if (memo.size >= MAX_MEMOIZED_WORDS) memo.clear();
      memo.set(word, n);
    }
    return n;
  };
  return (text) => {
    let total = 0;
    for (const word of text.split(/\s+/)) if (word !== '') total += countWord(word);
    // Trailing whitespace leaves one lone '▁' piece (leading whitespace is absorbed by the prefix space).
    if (total > 0 && /\s$/.test(text)) total += 1;
    return total === 0 && text !== '' ? countWord(text) : total;
  };
}

/** The model's tokenizer when its folder is found (see resolveModelDir), else the estimate. Never throws. */
export async function loadTokenCounter(opts: { modelId: string; modelDir: string }): Promise<TokenCounter> {
  const location = resolveModelDir(opts.modelId, opts.modelDir);
  if (location === null) return estimateCounter(`no folder for ${opts.modelId}`);
  try {
    const tokenizer = await loadTokenizerFrom(location.dir);
    return { exact: true, source: location.dir, count: wordwiseCounter(tokenizer) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return estimateCounter(`tokenizer in ${location.dir} unreadable: ${message.slice(0, 120)}`);
  }
}
