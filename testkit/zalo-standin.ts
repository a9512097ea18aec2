/**
 * A stand-in for the Zalo Bot API on 127.0.0.1: a real HTTP server that records every call,
 * serves queued updates to getUpdates, and fails on request (429, 500, or a dropped connection).
 * Requests are checked against the platform's documentation: `POST /bot<TOKEN>/<method>`, JSON,
 * getUpdates' `timeout` a String, setWebhook's `secret_token` 8–256 characters, sendMessage's
 * `text` 1–2000 characters; answers are `{ok, result}` or `{ok: false, error_code, description}`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FailureKind = 429 | 500 | 'drop';

export interface StandinCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** 'ok', the error code answered, or 'drop'. */
  readonly outcome: 'ok' | 'drop' | number;
}

export interface ZaloStandin {
  readonly apiRoot: string;
  readonly calls: StandinCall[];
  queueUpdate(update: unknown): void;
  /** The next `n` calls (of `method`, when given) fail with `kind`. */
  failNext(n: number, kind: FailureKind, method?: string): void;
  /** getUpdates requests whose connection is still open. */
  openPolls(): number;
  /** Updates queued and not yet handed to a poll. */
  pendingUpdates(): number;
  /** Texts successfully sent to `chatId`, in order. */
  sentTexts(chatId: string): string[];
  close(): Promise<void>;
}

const TEXT_LIMIT = 2000;
/** Long polls wait at most this long, whatever timeout the client asks for. */
const MAX_POLL_MS = 1000;

export interface ZaloStandinOptions {
  /** getMe documents id, account_name, account_type, can_join_groups; a display_name only when given here. */
  readonly displayName?: string;
}

export async function startZaloStandin(token: string, options: ZaloStandinOptions = {}): Promise<ZaloStandin> {
  const calls: StandinCall[] = [];
  const updates: unknown[] = [];
  const failures: { kind: FailureKind; method: string | undefined }[] = [];
  const waiters = new Set<() => void>();
  let sentCount = 0;
  let openPolls = 0;

  function takeFailure(method: string): FailureKind | null {
    const i = failures.findIndex((f) => f.method === undefined || f.method === method);
    if (i < 0) return null;
    const [failure] = failures.splice(i, 1);
    return failure?.kind ?? null;
  }

  async function waitForUpdates(timeoutSec: number): Promise<void> {
    if (updates.length > 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(timeoutSec * 1000, MAX_POLL_MS));
      waiters.add(done);
    });
  }

  /** `clientGone`: the caller hung up (an aborted long poll must not swallow updates). */
  async function answer(method: string, body: Record<string, unknown>, clientGone: () => boolean): Promise<{ status: number; json: unknown }> {
    switch (method) {
      case 'getMe':
        return ok({
          id: 'standin-bot',
          account_name: 'bot.standin',
          account_type: 'BASIC',
          can_join_groups: true,
          ...(options.displayName ? { display_name: options.displayName } : {}),
        });
      case 'getUpdates': {
        if (body.timeout !== undefined && (typeof body.timeout !== 'string' || !/^\d+$/.test(body.timeout))) {
          return error(400, 'Bad Request: timeout must be a String of seconds');
        }
        await waitForUpdates(typeof body.timeout === 'string' ? Number(body.timeout) : 30);
        const batch = clientGone() ? [] : updates.splice(0);
        // One update comes as an object (as the platform sends it), several as a list.
        return ok(batch.length === 1 ? batch[0] : batch);
      }
      case 'sendMessage': {
        const text = body.text;
        if (typeof body.chat_id !== 'string' || typeof text !== 'string' || text.length === 0) return error(400, 'Bad Request');
        if (text.length > TEXT_LIMIT) return error(400, 'Bad Request: message is too long');
        sentCount++;
        return ok({ message_id: `standin-${sentCount}`, date: Date.now() });
      }
      case 'setWebhook': {
        const secret = body.secret_token;
        if (typeof body.url !== 'string' || !body.url.startsWith('https://')) return error(400, 'Bad Request: url must be HTTPS');
        if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256) return error(400, 'Bad Request: secret_token must be 8-256 characters');
        return ok({ url: body.url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        return ok({ url: '', updated_at: Date.now() });
      case 'sendChatAction':
        if (body.action !== 'typing' && body.action !== 'upload_photo') return error(400, 'Bad Request: unknown action');
        return ok(true);
      default:
        return error(404, 'Not Found');
    }
  }

  const server = http.createServer((request, response) => {
    let gone = false;
    const isPoll = request.url?.endsWith('/getUpdates') ?? false;
    if (isPoll) openPolls++;
    response.on('close', () => {
      gone = !response.writableFinished;
      if (isPoll) openPolls--;
    });
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      void (async () => {
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
        const method = match?.[2] ?? '';
        let body: Record<string, unknown> = {};
        try {
          const parsed: unknown = raw ? JSON.parse(raw) : {};
          if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
        } catch {
          // Recorded with an empty body; the method answers 400 if it needs one.
        }
        const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(JSON.stringify(json));
        };
        if (request.method !== 'POST' || !match || match[1] !== token) {
          calls.push({ method, body, outcome: 401 });
          return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        }
        const failure = takeFailure(method);
        if (failure === 'drop') {
          calls.push({ method, body, outcome: 'drop' });
          request.socket.destroy();
          return;
        }
        if (failure === 429) {
          calls.push({ method, body, outcome: 429 });
          return send(429, { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 1 } }, { 'retry-after': '1' });
        }
        if (failure === 500) {
          calls.push({ method, body, outcome: 500 });
          return send(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        }
        const result = await answer(method, body, () => gone);
        calls.push({ method, body, outcome: result.status === 200 ? 'ok' : result.status });
        send(result.status, result.json);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    queueUpdate(update) {
      updates.push(update);
      for (const wake of [...waiters]) wake();
    },
    failNext(n, kind, method) {
      for (let i = 0; i < n; i++) failures.push({ kind, method });
    },
    openPolls: () => openPolls,
    pendingUpdates: () => updates.length,
    sentTexts(chatId) {
      return calls.filter((c) => c.method === 'sendMessage' && c.outcome === 'ok' && c.body.chat_id === chatId).map((c) => String(c.body.text));
    },
    async close() {
      for (const wake of [...waiters]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function ok(result: unknown): { status: number; json: unknown } {
  return { status: 200, json: { ok: true, result } };
}

function error(code: number, description: string): { status: number; json: unknown } {
  return { status: code, json: { ok: false, error_code: code, description } };
}
