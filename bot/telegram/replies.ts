/**
 * Telegram replies: a Reply as HTML messages with its buttons ("Nguồn", "Thêm kết quả", 👍 👎),
 * the state each button needs later (kept in the state store, so buttons still work after a
 * restart), and which bot messages answer which user message (so an edited question edits them).
 */
import { randomBytes } from 'node:crypto';
import { InlineKeyboard } from 'grammy';
import type { Reply } from '../conversation.ts';
import type { StateStore } from '../state/store.ts';
import type { Citation } from '../../retrieval/types.ts';
import { toTelegramHtml } from './format.ts';

/** What a reply's buttons need later; callback data only carries its short id. */
export interface ReplyState {
  readonly sources: readonly Citation[];
  readonly more: Reply['more'];
  readonly answered: Reply['answered'] | null;
  readonly chatKey: string;
}

export interface ReplyStore {
  put(state: ReplyState): string;
  get(id: string): ReplyState | undefined;
  /** The bot's messages answering user message `messageId` of `chatId`. */
  sent(chatId: number, messageId: number): number[] | undefined;
  remember(chatId: number, messageId: number, sent: readonly number[]): void;
}

export function replyStore(state: StateStore, capacity: number): ReplyStore {
  const replies = state.namespace<ReplyState>('telegram:replies', capacity);
  const answers = state.namespace<number[]>('telegram:answers', capacity);
  return {
    put(value) {
      // 6 random bytes → 8 base64url characters: "more:" + id is 13 bytes, far under Telegram's 64.
      const id = randomBytes(6).toString('base64url');
      replies.set(id, value);
      return id;
    },
    get: (id) => replies.get(id),
    sent: (chatId, messageId) => answers.get(`${chatId}:${messageId}`),
    remember: (chatId, messageId, sent) => answers.set(`${chatId}:${messageId}`, [...sent]),
  };
}

/** The buttons under a reply: sources and more on one row, the rating on the next. */
export function keyboardFor(store: ReplyStore, reply: Reply, chatKey: string): InlineKeyboard | undefined {
  const rateable = reply.answered !== undefined;
  if (reply.sources.length === 0 && !reply.more && !rateable) return undefined;
  const id = store.put({ sources: reply.sources, more: reply.more, answered: reply.answered ?? null, chatKey });
  const keyboard = new InlineKeyboard();
  if (reply.sources.length > 0) keyboard.text('Nguồn', `src:${id}`);
  if (reply.more) keyboard.text('Thêm kết quả', `more:${id}`);
  if (rateable) keyboard.row().text('👍', `up:${id}`).text('👎', `dn:${id}`);
  return keyboard;
}

/** The HTML parts of a reply, each with its send options; the buttons go under the last one. */
export function replyMessages(
  reply: Reply,
  keyboard: InlineKeyboard | undefined,
  options: { readonly boldFirstLine: boolean; readonly replyTo?: number },
): Array<{ readonly html: string; readonly other: Record<string, unknown> }> {
  const parts = toTelegramHtml(reply.text, { boldFirstLine: options.boldFirstLine });
  return parts.map((html, i) => ({
    html,
    other: {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(i === 0 && options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
    },
  }));
}
