/**
 * Not every message is a question. Greetings, thanks and chit-chat ("xin chào", "cảm ơn nhé",
 * "bạn là ai?") get a short help reply; a bare document number ("Quy định 50", "kl21") gets its
 * reference card; a bare keyword or two ("Đảng", "quy hoạch") gets an overview of where the
 * documents speak of it — never a "found" sentence, since a word is not a question.
 *
 * Decided on words, not on the search: a message whose every word is small talk is small talk,
 * one whose content after the question words and the document designation is at most two
 * syllables is a fragment.
 */
import { foldForMatch } from '../../text/fold.ts';
import { isStopWord } from '../../text/stopwords.ts';
import type { Query } from '../types.ts';

export type Utterance = 'question' | 'greeting' | 'thanks' | 'help' | 'reference' | 'fragment';

/** Words of greetings, thanks, farewells and chat particles, folded. */
const SMALL_TALK = new Set(
  ('xin chao chào hello hi hey helo alo a lo cam on cám tks thanks thank thanh you u ok oke okay okie oki uhm um ừ vang da ' +
    'tam biet bye goodbye good morning night evening afternoon chuc ngu ngon buoi sang trua chieu toi ban bot em anh chi ' +
    'minh ad admin nhe nha nhieu lam rat haha hihi hehe kaka test thu thu nghiem nhe ha ua uh huh yeah yes no hello2 ' +
    'vui qua tot cung duoc roi nhe ne nha khoe khong the nao van ca nha moi nguoi')
    .split(' '),
);
const GREETING = /(?:^|\s)(?:xin chao|chao|hello|hi|hey|helo|alo|good (?:morning|evening|afternoon))(?:\s|$)/u;
const THANKS = /(?:^|\s)(?:cam on|thank|thanks|tks)(?:\s|$)/u;
/** Asking about the assistant itself: who it is, what it can do, how to use it. */
const ABOUT = /(?:^|\s)(?:ban|bot|em) (?:la ai|lam duoc gi|lam gi|co the lam gi|biet gi|giup duoc gi|la gi)|(?:^|\s)(?:huong dan|tro giup|giup (?:toi|minh|em)|can giup|help)(?:\s|$)/u;
/** Beside function and question words, words that ask without saying what about. */
const ASKING = new Set('hoi cho biet xem tim thong tin ve noi dung van ban tai lieu'.split(' '));
const FRAGMENT_MAX_SYLLABLES = 2;

/** The words of `text`, lowercase as typed (marks kept). */
function syllables(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** A function or question word, on its marks when it has them ("đảng" is not "đang"). */
const isFunction = (word: string): boolean => isStopWord(word);
const isSmallTalk = (word: string): boolean => SMALL_TALK.has(foldForMatch(word));

export function classifyUtterance(query: Query): Utterance {
  const all = syllables(query.text);
  const folded = foldForMatch(all.join(' '));
  if (all.length === 0) return 'greeting';
  if (all.some(isSmallTalk) && all.every((w) => isSmallTalk(w) || isFunction(w))) {
    if (THANKS.test(folded)) return 'thanks';
    return GREETING.test(folded) ? 'greeting' : 'help';
  }
  if (ABOUT.test(folded) && all.length <= 8 && query.references.length === 0) return 'help';
  // What the message says beside its designations, question words and asking words.
  let rest = query.focus;
  for (const ref of query.references) rest = rest.replace(ref.text, ' ');
  const content = syllables(rest).filter((w) => !isFunction(w) && !ASKING.has(foldForMatch(w)) && !isSmallTalk(w));
  // A question word asks something of the document ("Quy định 65 về nội dung gì?"): a question.
  if (query.references.length > 0) return content.length === 0 && query.type === 'free' ? 'reference' : 'question';
  // "Khi nào?", "Bao nhiêu?" say nothing of what; a word or two without a question is a topic.
  if (content.length === 0 || (query.type === 'free' && content.length <= FRAGMENT_MAX_SYLLABLES)) return 'fragment';
  return 'question';
}
