/** The bots' shared gates: composition order, redelivery, allow-list and rate notices, per-chat order. */
import { describe, expect, it } from 'vitest';
import { accessGate, compose, dropRedelivered, inChatOrder, recentKeys, type Middleware } from '../../bot/gate.ts';

interface Ctx {
  readonly chat: string;
  readonly user: string;
  readonly id: string;
}

const ctx = (chat: string, id: string, user = chat): Ctx => ({ chat, user, id });

describe('gate middleware', () => {
  it('compose runs each step in order and stops where one does not call next', async () => {
    const seen: string[] = [];
    const step =
      (name: string, pass: boolean): Middleware<Ctx> =>
      async (_, next) => {
        seen.push(name);
        if (pass) await next();
      };
    await compose(step('a', true), step('b', false), step('c', true))(ctx('1', '1'));
    expect(seen).toEqual(['a', 'b']);
  });

  it('recentKeys forgets the oldest key past its capacity', () => {
    const keys = recentKeys(2);
    expect([keys.add('a'), keys.add('b'), keys.add('a'), keys.add('c'), keys.add('b')]).toEqual([true, true, false, true, true]);
  });

  it('drops a redelivered update', async () => {
    const handled: string[] = [];
    const repeats: string[] = [];
    const run = compose<Ctx>(
      dropRedelivered({ keyOf: (c) => c.id, capacity: 10, onRepeat: (_, key) => void repeats.push(key) }),
      async (c) => void handled.push(c.id),
    );
    for (const id of ['1', '2', '1', '3', '2']) await run(ctx('chat', id));
    expect(handled).toEqual(['1', '2', '3']);
    expect(repeats).toEqual(['1', '2']);
  });

  it('refuses a chat outside the allow-list, telling it once', async () => {
    const notices: Array<[string, boolean]> = [];
    const handled: string[] = [];
    const run = compose<Ctx>(
      accessGate({
        allowedChatIds: ['ok'],
        rateLimit: { max: 100, windowMs: 60_000 },
        chatOf: (c) => c.chat,
        userOf: (c) => c.user,
        onRefused: async (c, first) => void notices.push([c.chat, first]),
        onLimited: async () => undefined,
      }),
      async (c) => void handled.push(c.id),
    );
    await run(ctx('stranger', '1'));
    await run(ctx('stranger', '2'));
    await run(ctx('ok', '3'));
    expect(notices).toEqual([
      ['stranger', true],
      ['stranger', false],
    ]);
    expect(handled).toEqual(['3']);
  });

  it('holds back a user over the rate, telling them once a burst', async () => {
    let now = 0;
    const notices: boolean[] = [];
    const handled: string[] = [];
    const run = compose<Ctx>(
      accessGate({
        allowedChatIds: [],
        rateLimit: { max: 2, windowMs: 1000, now: () => now },
        chatOf: (c) => c.chat,
        userOf: (c) => c.user,
        onRefused: async () => undefined,
        onLimited: async (_, first) => void notices.push(first),
      }),
      async (c) => void handled.push(c.id),
    );
    for (const id of ['1', '2', '3', '4']) await run(ctx('c', id, 'u'));
    now = 1000; // a new window: the next message gets through, and a later burst is told again
    for (const id of ['5', '6', '7']) await run(ctx('c', id, 'u'));
    expect(handled).toEqual(['1', '2', '5', '6']);
    expect(notices).toEqual([true, false, true]);
  });

  it('sends the replies of one chat in arrival order, however long each takes', async () => {
    const order = inChatOrder<Ctx>((c) => c.chat);
    const sent: string[] = [];
    const delays: Record<string, number> = { a1: 40, a2: 0, b1: 10, a3: 5 };
    const run = compose<Ctx>(order.middleware, async (c) => {
      await new Promise((resolve) => setTimeout(resolve, delays[c.id]));
      await order.turnOf(c)?.ready;
      sent.push(c.id);
    });
    await Promise.all([run(ctx('a', 'a1')), run(ctx('a', 'a2')), run(ctx('b', 'b1')), run(ctx('a', 'a3'))]);
    expect(sent.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(sent.indexOf('b1')).toBeLessThan(sent.indexOf('a1')); // another chat does not wait
  });
});
