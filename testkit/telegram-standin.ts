/**
 * A local stand-in of the Telegram Bot API for the bot tests: a real HTTP server on 127.0.0.1
 * answering `POST /bot<token>/<method>` (JSON or form bodies) the way Telegram does, recording
 * every call, serving queued updates to getUpdates, and failing on demand (429 / 500 / a dropped
 * connection) so the retry paths can be exercised.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** HTTP status the stand-in answered with (200, or 429/500 when told to fail; 0: connection dropped). */
  readonly status: number;
}

/** `drop`: the connection is destroyed without an answer (the call is not carried out). */
export type Failure = { readonly code: 429; readonly retryAfter: number } | { readonly code: 500 } | { readonly code: 'drop' };

export interface TelegramStandin {
  /** For grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  readonly bot: { readonly id: number; readonly username: string };
  readonly calls: RecordedCall[];
  queueUpdate(update: object): void;
  /** Makes a file downloadable as getFile + GET /file/bot<token>/<file_path>; returns its file_id. */
  addFile(bytes: Uint8Array, name: string): string;
  /** The next `n` calls (of `method`, or of any method) fail with `failure`. */
  failNext(n: number, failure: Failure, method?: string): void;
  /** Resolves with the first recorded call (from now or earlier) that matches; rejects after `timeoutMs`. */
  waitForCall(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

const BOT = { id: 7_000_001, is_bot: true, first_name: 'Văn kiện', username: 'vankien_test_bot' } as const;
const LONG_POLL_CAP_MS = 500;

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  // Form bodies carry objects (reply_markup, …) as JSON strings, as Telegram accepts them.
  const payload: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    try {
      payload[key] = JSON.parse(value);
    } catch {
      payload[key] = value;
    }
  }
  return payload;
}

export async function startTelegramStandin(options: { token?: string } = {}): Promise<TelegramStandin> {
  const token = options.token ?? '123456:TEST-standin-token';
  const calls: RecordedCall[] = [];
  const updates: Array<{ update_id: number }> = [];
  const failures: Array<{ failure: Failure; method: string | undefined }> = [];
  const pollers = new Set<() => void>();
  const callWaiters = new Set<() => void>();
  let nextMessageId = 1000;
  const files = new Map<string, { bytes: Uint8Array; path: string }>();

  const message = (payload: Record<string, unknown>): Record<string, unknown> => {
    const chatId = Number(payload['chat_id']);
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' },
      from: BOT,
      text: payload['text'],
      ...(payload['reply_markup'] ? { reply_markup: payload['reply_markup'] } : {}),
    };
  };

  const pendingUpdates = async (payload: Record<string, unknown>): Promise<object[]> => {
    const offset = Number(payload['offset'] ?? 0);
    // Updates before the offset are confirmed: Telegram forgets them.
    while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
    if (updates.length === 0 && Number(payload['timeout'] ?? 0) > 0) {
      const waitMs = Math.min(Number(payload['timeout']) * 1000, LONG_POLL_CAP_MS);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          pollers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        pollers.add(done);
      });
    }
    const limit = Number(payload['limit'] ?? 100);
    return updates.slice(0, limit);
  };

  const answer = async (method: string, payload: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      case 'getMe':
        return { ...BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
      case 'sendMessage':
        return message(payload);
      case 'editMessageText': {
        // As Telegram: the edited message, with the id it was asked to edit.
        const edited = message(payload);
        nextMessageId--;
        return { ...edited, message_id: Number(payload['message_id']), edit_date: Math.floor(Date.now() / 1000) };
      }
      case 'getFile': {
        const fileId = String(payload['file_id'] ?? '');
        const file = files.get(fileId);
        if (file === undefined) return undefined;
        return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: file.bytes.length, file_path: file.path };
      }
      case 'getUpdates':
        return pendingUpdates(payload);
      case 'sendChatAction':
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
      case 'deleteMessage':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      default:
        return undefined;
    }
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const send = (status: number, body: object): void => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        };
        // Files as the Bot API serves them: GET {root}/file/bot<token>/<file_path>.
        const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.url ?? '');
        if (request.method === 'GET' && download) {
          const file = [...files.values()].find((f) => f.path === decodeURIComponent(download[2] ?? ''));
          if (download[1] !== token || file === undefined) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
          calls.push({ method: 'file', payload: { file_path: file.path }, status: 200 });
          response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(file.bytes));
          return;
        }
        const route = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
        if (request.method !== 'POST' || !route) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
        if (route[1] !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        const method = route[2] ?? '';
        let payload: Record<string, unknown>;
        try {
          payload = parseBody(Buffer.concat(chunks).toString('utf8'), request.headers['content-type'] ?? '');
        } catch {
          return send(400, { ok: false, error_code: 400, description: 'Bad Request: can not parse the body' });
        }
        const failureAt = failures.findIndex((f) => f.method === undefined || f.method === method);
        const failure = failureAt === -1 ? undefined : failures.splice(failureAt, 1)[0]?.failure;
        const status = failure === undefined ? 200 : failure.code === 'drop' ? 0 : failure.code;
        calls.push({ method, payload, status });
        for (const wake of [...callWaiters]) wake();
        if (failure?.code === 'drop') return void request.socket.destroy();
        if (failure?.code === 429) {
          return send(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } });
        }
        if (failure?.code === 500) return send(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        const result = await answer(method, payload);
        if (result === undefined) return send(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
        return send(200, { ok: true, result });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot: { id: BOT.id, username: BOT.username },
    calls,
    queueUpdate(update) {
      updates.push(update as { update_id: number });
      for (const wake of [...pollers]) wake();
    },
    addFile(bytes, name) {
      const fileId = `file-${files.size + 1}`;
      files.set(fileId, { bytes, path: `documents/${fileId}-${name}` });
      return fileId;
    },
    failNext(n, failure, method) {
      for (let i = 0; i < n; i++) failures.push({ failure, method });
    },
    waitForCall(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = calls.find(match);
          if (!found) return false;
          clearTimeout(timer);
          callWaiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          callWaiters.delete(wake);
          reject(new Error('the expected Bot API call did not come'));
        }, timeoutMs);
        if (!check()) callWaiters.add(wake);
      });
    },
    async close() {
      for (const wake of [...pollers]) wake();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // grammY keeps connections alive; end them so close() does not wait for their timeout.
        server.closeAllConnections();
      });
    },
  };
}

let nextUpdateId = 1;

/** A private-chat text message as Telegram delivers it, with a fresh update_id. */
export function textUpdate(chatId: number, text: string): Update {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 1_700_000_000,
      chat: { id: chatId, type: 'private', first_name: 'Lan' },
      from: { id: chatId, is_bot: false, first_name: 'Lan' },
      text,
    },
  } as Update;
}
