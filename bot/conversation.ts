/**
 * The conversation core every chat surface shares: what a message means (an intent) and what to
 * say back (a reply), in Vietnamese plain text. Telegram and Zalo only adapt input and output
 * (HTML escaping, splitting, buttons); the HTTP API calls the engine directly.
 */
import type { AnswerEngine, TimedAnswer } from '../retrieval/engine.ts';
import type { ClaimCheck } from '../retrieval/claims/check.ts';
import type { ReferenceCard } from '../retrieval/lookup.ts';
import { resolveFollowUp } from '../retrieval/query/followup.ts';
import { formatCitation, formatReply, pagesLabel } from '../retrieval/answer/reply.ts';
import { pagesOf } from '../retrieval/document/view.ts';
import { facetsOf, matchesFilter, type DocumentFilter, type Facets } from '../retrieval/filters.ts';
import { foldForMatch } from '../text/fold.ts';
import type { Citation, Hit } from '../retrieval/types.ts';
import { displayDate } from '../text/dates.ts';

/** Longest question a chat message may carry (the API has the same limit). */
export const MAX_QUESTION_LENGTH = 1000;
/** How long a chat's last question stays the context of a follow-up. */
export const FOLLOW_UP_WINDOW_MS = 10 * 60 * 1000;
/** Passages per page for /timkiem and "Thêm kết quả". */
export const PAGE_SIZE = 3;

/** Intents that carry text: a question, a reference (/vanban), a claim (/kiemtra), keywords (/timkiem). */
export type TextIntentKind = 'ask' | 'reference' | 'check' | 'search';

export type Intent =
  | { readonly kind: 'start' | 'help' }
  | { readonly kind: TextIntentKind; readonly text: string }
  | { readonly kind: 'unknown-command'; readonly command: string };

export interface Reply {
  /** Plain text; surfaces escape and split it. */
  readonly text: string;
  /** The quoted passages behind the reply, for a "Nguồn" (sources) view. */
  readonly sources: readonly Citation[];
  /** Where "Thêm kết quả" (more results) continues, when there is more. */
  readonly more: { readonly query: string; readonly offset: number } | null;
  /** For an answer to a question: whether the documents answered it, and what was asked (for feedback). */
  readonly answered?: { readonly question: string; readonly answer: string; readonly found: boolean; readonly type: string };
}

/** The last question of each chat, for follow-ups ("còn quý II?"): kept by the surface's store. */
export interface ChatMemory {
  /** The chat's last question and when it was asked (ms since the epoch), or null. */
  recall(chatKey: string): { readonly question: string; readonly at: number } | null;
  remember(chatKey: string, question: string, at: number): void;
}

/** A bounded in-process memory: the least recently asked chats are forgotten first. */
export function inMemoryChatMemory(capacity = 5000): ChatMemory {
  const last = new Map<string, { question: string; at: number }>();
  return {
    recall: (chatKey) => last.get(chatKey) ?? null,
    remember(chatKey, question, at) {
      last.delete(chatKey);
      last.set(chatKey, { question, at });
      if (last.size > capacity) last.delete(last.keys().next().value as string);
    },
  };
}

export interface ConversationOptions {
  /** Where each chat's last question is kept (default: in this process only). */
  readonly memory?: ChatMemory;
  readonly now?: () => number;
}

const COMMANDS: Readonly<Record<string, 'start' | 'help' | TextIntentKind>> = {
  start: 'start',
  help: 'help',
  trogiup: 'help',
  vanban: 'reference',
  kiemtra: 'check',
  timkiem: 'search',
  hoi: 'ask',
};

/**
 * Reads a chat message: `/command[@bot] args` or a plain question. A mention of the bot
 * ("@vankien_bot câu hỏi") is removed by the surface before this is called.
 */
export function parseIntent(message: string): Intent {
  const text = message.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
  const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (!command) return { kind: 'ask', text };
  const name = (command[1] ?? '').toLowerCase();
  const args = (command[2] ?? '').trim();
  const kind = COMMANDS[name];
  if (kind === undefined) return { kind: 'unknown-command', command: name };
  if (kind === 'start' || kind === 'help') return { kind };
  return { kind, text: args };
}

export const HELP_TEXT = [
  'Tôi trả lời câu hỏi về các văn kiện, văn bản đã nạp, luôn kèm trích dẫn nguyên văn và nguồn.',
  '',
  'Cách dùng:',
  '• Gõ câu hỏi, có dấu hoặc không dấu: "Kết luận 21 có mấy nhóm nhiệm vụ?", "nhiem vu trong tam quy II/2022"',
  '• /vanban <số hiệu> — thông tin một văn bản: /vanban Quy định 50',
  '• /vanban <năm | loại | cơ quan> — văn bản thư viện có: /vanban 2022, /vanban luật',
  '• /kiemtra <nhận định> — kiểm tra một nhận định: /kiemtra Quy định 50 ban hành ngày 27/12/2021',
  '• /timkiem <từ khóa> — các đoạn liên quan nhất: /timkiem quy hoạch cán bộ',
  '• /help — hướng dẫn này',
].join('\n');

export const START_TEXT = `Xin chào! ${HELP_TEXT}`;

const VERDICT_LABEL: Readonly<Record<ClaimCheck['verdict'], string>> = {
  supported: '✅ Đúng theo tài liệu',
  contradicted: '❌ Tài liệu ghi khác',
  not_found: '❔ Không tìm thấy trong tài liệu',
};

function hitCitation(hit: Hit, documents: AnswerEngine['documents']): Citation {
  const doc = documents.get(hit.docId);
  return {
    docId: hit.docId,
    title: hit.title,
    date: hit.date,
    section: hit.section,
    quote: hit.chunk.text,
    start: hit.start,
    end: hit.end,
    ...(doc === undefined ? {} : pagesOf(doc, hit.start, hit.end)),
  };
}

/** A reference card as chat text (the /vanban reply, Telegram's inline results). */
export function formatCard(card: ReferenceCard): string {
  const lines = [card.label];
  lines.push(`Loại: ${card.type}`);
  if (card.issuer) lines.push(`Cơ quan ban hành: ${card.issuer}`);
  if (card.date) lines.push(`Ngày: ${displayDate(card.date)}`);
  if (card.subject) lines.push(`Về: ${card.subject}`);
  if (card.document) lines.push(`Văn bản trong thư viện: ${card.document.title}`);
  lines.push(`Được nhắc tới ${card.mentions.length} lần:`);
  card.mentions.slice(0, 5).forEach((mention, i) => lines.push(formatCitation(mention, i + 1)));
  if (card.mentions.length > 5) lines.push(`… và ${card.mentions.length - 5} lần khác.`);
  return lines.join('\n');
}

export class Conversation {
  private readonly memory: ChatMemory;
  private readonly now: () => number;

  constructor(
    private readonly engine: AnswerEngine,
    options: ConversationOptions = {},
  ) {
    this.memory = options.memory ?? inMemoryChatMemory();
    this.now = options.now ?? Date.now;
  }

  /**
   * What to say back to `intent`. `chatKey` names the conversation it belongs to
   * (`telegram:<chat id>`, `zalo:<chat id>`, `web:<session>`), so a follow-up can be read against
   * the chat's last question; without it every message stands alone.
   */
  async reply(intent: Intent, chatKey?: string): Promise<Reply> {
    if (intent.kind === 'unknown-command') {
      return plain(`Không có lệnh /${intent.command}. Gõ /help để xem hướng dẫn.`);
    }
    if (!('text' in intent)) return plain(intent.kind === 'start' ? START_TEXT : HELP_TEXT);
    const text = intent.text.trim();
    if (text === '') return plain(emptyPrompt(intent.kind));
    if (text.length > MAX_QUESTION_LENGTH) {
      return plain(`Câu hỏi dài quá (${text.length} ký tự). Vui lòng hỏi ngắn gọn, dưới ${MAX_QUESTION_LENGTH} ký tự.`);
    }
    switch (intent.kind) {
      case 'ask': {
        const question = this.withContext(text, chatKey);
        const reply = await this.ask(question);
        // Say how a follow-up was read, so a misreading is seen at once.
        return question === text ? reply : { ...reply, text: `(Hiểu là: “${question}”)\n\n${reply.text}` };
      }
      case 'reference':
        return this.reference(text);
      case 'check':
        return this.check(text);
      case 'search':
        return this.more(text, 0);
    }
  }

  private async ask(question: string): Promise<Reply> {
    const answer = await this.engine.ask(question, { k: 5 });
    const hasMore = answer.hits.length > 0;
    return {
      text: formatReply(answer),
      sources: answer.citations,
      more: hasMore ? { query: question, offset: 0 } : null,
      answered: { question, answer: answer.answer, found: answer.found, type: answer.type },
    };
  }

  /**
   * The structured answer the HTTP API serves, for a question that already passed the API's
   * checks; remembered under `chatKey` (`web:<session>`) like a chat question.
   */
  async answer(
    question: string,
    options: { readonly k?: number; readonly chatKey?: string; readonly filter?: DocumentFilter } = {},
  ): Promise<TimedAnswer & { readonly asked: string }> {
    const asked = this.withContext(question.trim(), options.chatKey);
    const filter = options.filter === undefined ? {} : { filter: options.filter };
    return { ...(await this.engine.ask(asked, { k: options.k ?? 5, ...filter })), asked };
  }

  /**
   * The question a message asks in its chat: a follow-up ("còn quý II?") read against the chat's
   * last question when that was asked within FOLLOW_UP_WINDOW_MS, else the message itself. The
   * question asked is remembered as the chat's last.
   */
  private withContext(message: string, chatKey: string | undefined): string {
    if (chatKey === undefined) return message;
    const last = this.memory.recall(chatKey);
    const recent = last !== null && this.now() - last.at <= FOLLOW_UP_WINDOW_MS;
    const question = (recent ? resolveFollowUp(last.question, message) : null) ?? message;
    this.memory.remember(chatKey, question, this.now());
    return question;
  }

  private reference(text: string): Reply {
    const listing = this.listing(text);
    if (listing !== null) return listing;
    const cards = this.engine.lookupReference(text);
    if (cards.length === 0) {
      return plain(`Không tìm thấy văn bản "${text}" trong các tài liệu hiện có. Thử ghi số hiệu, ví dụ: Quy định 50, KL 21, 03-KH/TW.`);
    }
    return {
      text: cards.slice(0, 3).map(formatCard).join('\n\n'),
      sources: cards.flatMap((card) => card.mentions),
      more: null,
    };
  }

  /**
   * "/vanban 2022", "/vanban 2021-2022", "/vanban luật", "/vanban Bộ Chính trị": what the library
   * holds of a year, a kind or an issuer; null when the text names none of them (a designation).
   */
  private listing(text: string): Reply | null {
    const filter = listingFilter(text, facetsOf(this.engine.index.documents));
    if (filter === null) return null;
    const docs = this.engine.index.documents.filter((d) => matchesFilter(d, filter.filter));
    if (docs.length === 0) return plain(`Thư viện không có văn bản nào ${filter.label}.`);
    const sorted = [...docs].sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? 1 : -1));
    const lines = [`Thư viện có ${docs.length} văn bản ${filter.label}:`];
    sorted.slice(0, LISTING_MAX).forEach((d, i) => {
      const about = [d.kind, d.identity?.designation ? `số ${d.identity.designation}` : '', d.date ? displayDate(d.date) : '']
        .filter((p) => p !== '')
        .join(', ');
      lines.push(`${i + 1}. ${d.title} (${about})`);
    });
    if (docs.length > LISTING_MAX) lines.push(`… và ${docs.length - LISTING_MAX} văn bản khác.`);
    return plain(lines.join('\n'));
  }

  private async check(claim: string): Promise<Reply> {
    const result = await this.engine.checkClaim(claim);
    const lines = [`${VERDICT_LABEL[result.verdict]}.`, result.note];
    if (result.evidence.length > 0) {
      lines.push('', 'Căn cứ:');
      result.evidence.slice(0, 3).forEach((c, i) => lines.push(formatCitation(c, i + 1)));
    }
    return { text: lines.join('\n'), sources: result.evidence, more: null };
  }

  /** Passages `offset … offset + PAGE_SIZE` for a query: /timkiem and "Thêm kết quả". */
  async more(query: string, offset: number): Promise<Reply> {
    const hits = await this.engine.search(query, offset + PAGE_SIZE + 1);
    const page = hits.slice(offset, offset + PAGE_SIZE);
    if (page.length === 0) {
      return plain(offset === 0 ? `Không tìm thấy đoạn nào liên quan tới "${query}".` : 'Không còn kết quả nào khác.');
    }
    const citations = page.map((hit) => hitCitation(hit, this.engine.documents));
    const text = [`Các đoạn liên quan (${offset + 1}–${offset + page.length}):`, ...citations.map((c, i) => formatCitation(c, offset + i + 1))].join('\n');
    const hasMore = hits.length > offset + PAGE_SIZE;
    return { text, sources: citations, more: hasMore ? { query, offset: offset + PAGE_SIZE } : null };
  }

  /** The full quoted passages behind a reply, for the "Nguồn" view. */
  static sourcesText(sources: readonly Citation[]): string {
    if (sources.length === 0) return 'Câu trả lời này không có trích dẫn.';
    return sources
      .map((c, i) => {
        const where = [c.section, pagesLabel(c.pages)].filter((p) => p !== '').join(', ');
        const ocr = c.ocr === undefined ? '' : ` (OCR, độ tin cậy ${Math.round(c.ocr.confidence)}%)`;
        return `[${i + 1}] ${c.title}${c.date ? ` (${displayDate(c.date)})` : ''}${where ? ` — ${where}` : ''}${ocr}\n“${c.quote}”`;
      })
      .join('\n\n');
  }
}

/** Most documents a /vanban listing shows. */
const LISTING_MAX = 20;

/** What "/vanban <text>" lists by: a year or a range of years, a kind, an issuer of the library. */
function listingFilter(text: string, facets: Facets): { filter: DocumentFilter; label: string } | null {
  const years = /^\s*((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?\s*$/u.exec(text);
  if (years) {
    const [from, to] = [years[1]!, years[2] ?? years[1]!];
    return { filter: { from, to }, label: from === to ? `năm ${from}` : `từ năm ${from} đến năm ${to}` };
  }
  const folded = foldForMatch(text.trim());
  const kind = facets.types.find((t) => foldForMatch(t.value) === folded);
  if (kind) return { filter: { types: [kind.value] }, label: `loại ${kind.value}` };
  const issuer = facets.issuers.find((t) => foldForMatch(t.value) === folded);
  if (issuer) return { filter: { issuers: [issuer.value] }, label: `của ${issuer.value}` };
  return null;
}

function plain(text: string): Reply {
  return { text, sources: [], more: null };
}

function emptyPrompt(kind: TextIntentKind): string {
  switch (kind) {
    case 'reference':
      return 'Hãy ghi số hiệu văn bản, ví dụ: /vanban Quy định 50';
    case 'check':
      return 'Hãy ghi nhận định cần kiểm tra, ví dụ: /kiemtra Kết luận 21 có 5 nhóm nhiệm vụ';
    case 'search':
      return 'Hãy ghi từ khóa, ví dụ: /timkiem quy hoạch cán bộ';
    default:
      return 'Bạn muốn hỏi gì? Ví dụ: "Quy định 50 ban hành ngày nào?"';
  }
}
