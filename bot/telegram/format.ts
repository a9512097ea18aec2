/**
 * Plain-text replies → Telegram HTML messages: everything escaped, the first line in bold, split
 * under Telegram's 4096-character message limit.
 */
import { splitMessage } from '../split.ts';

/** Telegram's limit on one text message. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for Telegram's HTML parse mode (quotes too, so it is also safe in attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => HTML_ENTITIES[char] ?? char);
}

function renderPart(part: string, boldFirstLine: boolean): string {
  if (!boldFirstLine) return escapeHtml(part);
  const newline = part.indexOf('\n');
  const head = newline === -1 ? part : part.slice(0, newline);
  const tail = newline === -1 ? '' : part.slice(newline);
  return `<b>${escapeHtml(head)}</b>${escapeHtml(tail)}`;
}

/**
 * Splits `text` at paragraph/line/sentence boundaries first, then escapes each part. Escaping
 * lengthens a part ("&" → "&amp;"), so a part that no longer fits is split again at a limit shrunk
 * in proportion: every returned message is at most `limit` characters of HTML.
 */
export function toTelegramHtml(text: string, options: { limit?: number; boldFirstLine?: boolean } = {}): string[] {
  const limit = options.limit ?? TELEGRAM_MESSAGE_LIMIT;
  // "<b>&quot;</b>" is the longest rendering of a single character, so every part can shrink to fit.
  if (limit < 13) throw new RangeError('limit must leave room for one escaped character in bold');
  const messages: string[] = [];
  const render = (plain: string, plainLimit: number, bold: boolean): void => {
    splitMessage(plain, plainLimit).forEach((part, i) => {
      const boldThis = bold && i === 0;
      const html = renderPart(part, boldThis);
      if (html.length <= limit) {
        messages.push(html);
        return;
      }
      // Strictly shorter than the part, so this terminates.
      const shrunk = Math.max(1, Math.min(part.length - 1, Math.floor((part.length * limit) / html.length) - 8));
      render(part, shrunk, boldThis);
    });
  };
  render(text, limit, options.boldFirstLine ?? true);
  return messages;
}
