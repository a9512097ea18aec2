/** Follow-ups through the conversation core: read against the chat's last question, within the window, per chat. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Conversation, FOLLOW_UP_WINDOW_MS, inMemoryChatMemory, parseIntent } from '../../bot/conversation.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

let engine: AnswerEngine;

beforeAll(async () => {
  const { index } = await buildCorpusIndex();
  engine = new AnswerEngine(index, null);
});

describe('follow-ups in a chat', () => {
  it('answers "còn quý II?" as the last question with the new period, and says how it read it', async () => {
    let now = 0;
    const conversation = new Conversation(engine, { memory: inMemoryChatMemory(), now: () => now });
    const first = await conversation.reply(parseIntent('Trong quý I-2023 thi hành kỷ luật bao nhiêu đảng viên?'), 'telegram:1');
    expect(first.text).toContain('25 đảng viên');
    now += 60_000;
    const second = await conversation.reply(parseIntent('còn quý III?'), 'telegram:1');
    expect(second.text).toMatch(/^\(Hiểu là: “Trong quý III-2023 thi hành kỷ luật bao nhiêu đảng viên\?”\)/u);
    // The documents report quý I only: no answer, and what they do say is quoted as such.
    expect(second.text).toMatch(/\n\nCác tài liệu không có số liệu được hỏi đúng như câu hỏi: đoạn gần nhất khác về thời gian/u);
    // Another chat has no context: the bare follow-up is a fragment there.
    const other = await conversation.reply(parseIntent('còn quý III?'), 'telegram:2');
    expect(other.text).not.toContain('Hiểu là');
  });

  it('forgets the context after the window', async () => {
    let now = 0;
    const conversation = new Conversation(engine, { now: () => now });
    await conversation.reply(parseIntent('Kết luận 21 có mấy nhóm nhiệm vụ?'), 'zalo:9');
    now += FOLLOW_UP_WINDOW_MS + 1;
    expect((await conversation.reply(parseIntent('còn Kết luận 14 thì sao?'), 'zalo:9')).text).not.toContain('Hiểu là');
  });

  it('the HTTP path reads a follow-up in its session and reports what it asked', async () => {
    const conversation = new Conversation(engine);
    await conversation.answer('Kế hoạch 03-KH/TW có bao nhiêu nhóm nhiệm vụ trọng tâm?', { chatKey: 'web:s1' });
    const follow = await conversation.answer('còn Kết luận 21 thì sao?', { chatKey: 'web:s1' });
    expect(follow.asked).toBe('Kết luận 21 có bao nhiêu nhóm nhiệm vụ trọng tâm?');
    expect(follow.answer).toContain('05 nhóm nhiệm vụ');
  });
});
