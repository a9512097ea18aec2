/**
 * The state store behind the bots and the API, in this process and in SQLite: the same contract
 * (bounded least-recently-used namespaces, the feedback log), and for SQLite, everything still
 * there after the file is closed and opened again (a restart).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../bot/access.ts';
import { accessGate, compose, dropRedelivered, storedKeys } from '../../../bot/gate.ts';
import { openSqliteStore } from '../../../bot/state/sqlite.ts';
import { memoryStore, storedChatMemory, type FeedbackRecord, type StateStore } from '../../../bot/state/store.ts';

const dirs: string[] = [];
async function stateFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vankien-state-'));
  dirs.push(dir);
  return path.join(dir, 'sub', 'state.sqlite');
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const FEEDBACK: FeedbackRecord = {
  at: 1_700_000_000_000,
  surface: 'telegram',
  chatKey: 'telegram:42',
  rating: 'up',
  question: 'Kết luận 21 có mấy nhóm nhiệm vụ?',
  answer: '05 nhóm nhiệm vụ, giải pháp',
  found: true,
  type: 'count',
  citations: [{ docId: 'doc', start: 10, end: 40, quote: '05 nhóm nhiệm vụ, giải pháp' }],
};

function contract(name: string, open: () => Promise<StateStore>): void {
  describe(`${name} store`, () => {
    it('keeps JSON values per namespace, least recently used out first', async () => {
      const store = await open();
      const a = store.namespace<{ n: number }>('a', 3);
      const b = store.namespace<{ n: number }>('b', 3);
      a.set('x', { n: 1 });
      b.set('x', { n: 2 });
      expect(a.get('x')).toEqual({ n: 1 });
      expect(b.get('x')).toEqual({ n: 2 });
      expect(store.namespace<{ n: number }>('a', 3).get('x')).toEqual({ n: 1 });
      // 200 more keys: only the 3 most recently used stay (pruning may lag a few writes behind).
      for (let i = 0; i < 200; i++) a.set(`k${i}`, { n: i });
      expect(a.get('k199')).toEqual({ n: 199 });
      expect(a.get('k0')).toBeUndefined();
      a.delete('k199');
      expect(a.get('k199')).toBeUndefined();
      store.close();
    });

    it('addIfAbsent says whether a key is new', async () => {
      const store = await open();
      const seen = store.namespace<true>('seen', 100);
      expect([seen.addIfAbsent('1'), seen.addIfAbsent('2'), seen.addIfAbsent('1')]).toEqual([true, true, false]);
      store.close();
    });

    it('logs feedback with its citations', async () => {
      const store = await open();
      const id = store.feedback.add(FEEDBACK);
      expect(store.feedback.list()).toEqual([{ ...FEEDBACK, id }]);
      store.close();
    });
  });
}

contract('in-memory', async () => memoryStore());
contract('SQLite', async () => openSqliteStore(await stateFile()));

describe('SQLite store across a restart', () => {
  it('keeps redelivery keys, rate windows, chat context, tokens and feedback', async () => {
    const file = await stateFile();
    let t = 1000;
    const now = () => t;

    const first = openSqliteStore(file);
    const handled: string[] = [];
    const run = (state: StateStore) =>
      compose<{ id: string; user: string }>(
        dropRedelivered({ keyOf: (c) => c.id, capacity: 100, seen: storedKeys(state, 'test:seen', 100) }),
        accessGate({
          allowedChatIds: [],
          rateLimit: { max: 2, windowMs: 60_000, now },
          chatOf: (c) => c.user,
          userOf: (c) => c.user,
          onRefused: async () => undefined,
          onLimited: async () => void handled.push('limited'),
          store: { state, name: 'test' },
        }),
        async (c) => void handled.push(c.id),
      );
    await run(first)({ id: 'u1', user: 'lan' });
    await run(first)({ id: 'u2', user: 'lan' });
    storedChatMemory(first).remember('web:abc', 'Quy định 50 ban hành ngày nào?', 5);
    first.namespace<{ query: string }>('tokens', 10).set('tok', { query: 'q' });
    first.feedback.add(FEEDBACK);
    first.close();

    t = 2000;
    const second = openSqliteStore(file);
    // u1 again is a redelivery; u3 is over the quota of the window that started before the restart.
    await run(second)({ id: 'u1', user: 'lan' });
    await run(second)({ id: 'u3', user: 'lan' });
    expect(handled).toEqual(['u1', 'u2', 'limited']);
    expect(storedChatMemory(second).recall('web:abc')).toEqual({ question: 'Quy định 50 ban hành ngày nào?', at: 5 });
    expect(second.namespace<{ query: string }>('tokens', 10).get('tok')).toEqual({ query: 'q' });
    expect(second.feedback.list()).toHaveLength(1);
    second.close();
  });

  it('a limiter on a stored window starts a new window once the old one is over', () => {
    const store = memoryStore();
    let t = 0;
    const limiter = createRateLimiter({ max: 1, windowMs: 100, now: () => t, store: store.namespace('w', 10) });
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
    t = 100;
    expect(limiter.take('a')).toBe(true);
  });
});
