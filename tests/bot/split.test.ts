import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, isChatAllowed } from '../../bot/access.ts';
import { splitMessage } from '../../bot/split.ts';

describe('splitMessage', () => {
  it('keeps short text whole and splits long text at paragraph and sentence boundaries', () => {
    expect(splitMessage('Xin chào.', 100)).toEqual(['Xin chào.']);
    const paragraph = 'Câu thứ nhất về công tác cán bộ. Câu thứ hai về quy hoạch. ';
    const parts = splitMessage(`${paragraph.repeat(5)}\n\n${paragraph.repeat(5)}`, 320);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(320);
      expect(part).toMatch(/[.]$/);
    }
  });

  it('never exceeds the limit and loses no non-space character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 1, max: 500 }), (text, limit) => {
        const parts = splitMessage(text, limit);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });
});

describe('access', () => {
  it('lets everyone in with an empty allow-list, else only the listed chats', () => {
    expect(isChatAllowed(42, [])).toBe(true);
    expect(isChatAllowed(42, ['42'])).toBe(true);
    expect(isChatAllowed(-1001, ['42'])).toBe(false);
  });

  it('limits each key per window and forgets old windows', () => {
    let t = 0;
    const limiter = createRateLimiter({ max: 2, windowMs: 1000, now: () => t });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, true, false, true]);
    t = 1000;
    expect(limiter.take('a')).toBe(true);
  });
});
