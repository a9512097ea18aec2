/**
 * Words that say how something is put, not what it is about — the one list the answer weights,
 * the claim check and the reference lookup share.
 *
 * Function words (prepositions, conjunctions, auxiliaries, pronouns, determiners) and question
 * words. Typed without marks, a function word is only one when no common content syllable folds
 * to it: "trong" may be trọng (trọng tâm), "dang" đảng, "de" đề.
 */
import { foldTerm } from './tokenize.ts';

export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ('của với ở tại trong ngoài trên dưới từ đến tới về theo cho bằng qua vào ra lên xuống sau trước giữa ' +
    'và hay hoặc nhưng mà thì nên vì do nếu khi lúc để rằng là đã đang sẽ vừa được bị có không chưa cũng ' +
    'vẫn còn rất lại đều nữa hãy cần phải này đó kia ấy đây các những mọi mỗi mình họ chúng ta tôi nó làm')
    .split(' '),
);

/** The syllables questions are asked with ("bao nhiêu", "gì", "nào"…). */
export const QUESTION_WORDS: ReadonlySet<string> = new Set('gì nào mấy bao nhiêu sao đâu ai'.split(' '));

/** Folded forms that are also common content syllables: without marks, they cannot be known to be function words. */
const AMBIGUOUS_FOLDED = new Set('trong tu de da bi moi cung van lai dang can khi the do tai qua bang thi minh lam con'.split(' '));

const foldedOf = (words: ReadonlySet<string>): ReadonlySet<string> =>
  new Set([...words].map(foldTerm).filter((w) => !AMBIGUOUS_FOLDED.has(w)));
const FUNCTION_WORDS_FOLDED = foldedOf(FUNCTION_WORDS);
const QUESTION_WORDS_FOLDED = foldedOf(QUESTION_WORDS);

/** True for a function word as typed: with marks (exact lowercase form), or without any. */
export function isFunctionWord(term: string, withoutDiacritics: boolean): boolean {
  return withoutDiacritics ? FUNCTION_WORDS_FOLDED.has(term) : FUNCTION_WORDS.has(term);
}

/** A function or question word in either form (text that may or may not have marks). */
export function isStopWord(term: string): boolean {
  return (
    FUNCTION_WORDS.has(term) || QUESTION_WORDS.has(term) || FUNCTION_WORDS_FOLDED.has(term) || QUESTION_WORDS_FOLDED.has(term)
  );
}
