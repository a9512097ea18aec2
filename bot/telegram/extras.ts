/**
 * Telegram beyond text messages: documents sent by an admin chat (added to the library), inline
 * mode (`@bot Quy định 50` → reference cards), and the long pastes clients split in two.
 */
import type { Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { formatCard } from '../conversation.ts';
import type { AddOutcome, Library } from '../library.ts';
import type { ReferenceCard } from '../../retrieval/lookup.ts';
import { displayDate } from '../../text/dates.ts';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT } from './format.ts';

/** The Bot API lets a bot download files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export const DOCUMENT_REFUSAL_TEXT =
  'Cảm ơn bạn đã gửi tài liệu. Chỉ quản trị viên mới thêm được tài liệu vào thư viện; bạn vẫn có thể hỏi về các văn bản đã có.';

/** The reply to an admin's document: what was found in it, or why it was not added. */
export function libraryReport(fileName: string, outcome: AddOutcome): string {
  if (!outcome.ok) return `Chưa thêm được "${fileName}" vào thư viện: ${outcome.reason}.`;
  const lines = [`Đã thêm vào thư viện: ${outcome.title}`];
  lines.push(`Số hiệu: ${outcome.number ?? 'không thấy trong phần đầu văn bản'}`);
  lines.push(`Ngày: ${outcome.date ? displayDate(outcome.date) : 'không rõ'}`);
  lines.push(`Số đoạn trích dẫn được: ${outcome.chunks}`);
  if (outcome.pages) {
    lines.push(
      outcome.pages.withoutText > 0
        ? `Trang bỏ qua: ${outcome.pages.withoutText}/${outcome.pages.total} (không có chữ, có thể là ảnh quét)`
        : `Trang bỏ qua: 0/${outcome.pages.total}`,
    );
  }
  lines.push('Từ bây giờ có thể hỏi về văn bản này.');
  return lines.join('\n');
}

/** Downloads a file the bot received: getFile, then GET {apiRoot}/file/bot{token}/{file_path}. */
export async function downloadFile(ctx: Context, apiRoot: string, token: string, fileId: string): Promise<Uint8Array> {
  const file = await ctx.api.getFile(fileId);
  if (file.file_path === undefined) throw new Error('getFile gave no file_path');
  const response = await fetch(`${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${file.file_path}`, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES) throw new Error('file over 20 MB');
  return bytes;
}

/** Sends an admin's document to the library and says what came of it. */
export async function addDocument(ctx: Context, deps: { apiRoot: string; token: string; library: Library }): Promise<string> {
  const document = ctx.message?.document;
  if (document === undefined) return DOCUMENT_REFUSAL_TEXT;
  const name = document.file_name ?? 'tai-lieu';
  if ((document.file_size ?? 0) > MAX_DOWNLOAD_BYTES) return libraryReport(name, { ok: false, reason: 'tệp lớn hơn 20 MB, giới hạn tải về của Telegram' });
  const bytes = await downloadFile(ctx, deps.apiRoot, deps.token, document.file_id);
  return libraryReport(name, await deps.library.add({ name, bytes }));
}

/** Inline mode: a reference card per match, each a message ready to send into any chat. */
export function inlineResults(cards: readonly ReferenceCard[]): InlineQueryResultArticle[] {
  return cards.slice(0, 10).map((card) => {
    const facts = [card.type, card.issuer, card.date ? displayDate(card.date) : null, `nhắc tới ${card.mentions.length} lần`].filter(Boolean);
    const text = formatCard(card);
    const html = escapeHtml(text.length > TELEGRAM_MESSAGE_LIMIT - 200 ? `${text.slice(0, TELEGRAM_MESSAGE_LIMIT - 201)}…` : text);
    return {
      type: 'article',
      id: card.key.slice(0, 64),
      title: card.label,
      description: facts.join(' · '),
      input_message_content: { message_text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    };
  });
}

/** A message this long is probably the first part of a paste the client split at its limit. */
export const SPLIT_PART_MIN = TELEGRAM_MESSAGE_LIMIT - 200;

/**
 * Joins the parts of a paste that Telegram clients split into several messages (4096 + 904
 * characters arrive as two): a near-limit message waits `windowMs` for the same user's next
 * message in the chat, which is appended instead of being answered on its own.
 */
export function splitJoiner(windowMs: number): {
  /** The whole text for this message, or null when it was appended to an earlier one (say nothing). */
  take(key: string, messageId: number, text: string): Promise<string | null>;
} {
  const open = new Map<string, { text: string; lastId: number; extend(): void; finish(): void }>();
  return {
    async take(key, messageId, text) {
      const pending = open.get(key);
      if (pending !== undefined && messageId > pending.lastId) {
        // A hard cut at the limit loses no character; a shorter part was cut at a space.
        pending.text += pending.text.length % TELEGRAM_MESSAGE_LIMIT === 0 ? text : ` ${text}`;
        pending.lastId = messageId;
        if (text.length >= SPLIT_PART_MIN) pending.extend();
        else pending.finish();
        return null;
      }
      if (text.length < SPLIT_PART_MIN) return text;
      return new Promise<string>((resolve) => {
        let timer: NodeJS.Timeout;
        const entry = {
          text,
          lastId: messageId,
          extend: () => {
            clearTimeout(timer);
            timer = setTimeout(entry.finish, windowMs);
          },
          finish: () => {
            clearTimeout(timer);
            if (open.get(key) === entry) open.delete(key);
            resolve(entry.text);
          },
        };
        open.set(key, entry);
        entry.extend();
      });
    },
  };
}
