/** /vanban listings of the library (a year, a kind, an issuer) beside the reference cards, on the real corpus. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Conversation, parseIntent } from '../../bot/conversation.ts';
import { AnswerEngine } from '../../retrieval/engine.ts';
import { formatCitation } from '../../retrieval/answer/reply.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';

let conversation: Conversation;
let engine: AnswerEngine;

beforeAll(async () => {
  engine = new AnswerEngine((await buildCorpusIndex()).index, null);
  conversation = new Conversation(engine);
});

const reply = async (message: string): Promise<string> => (await conversation.reply(parseIntent(message))).text;

describe('/vanban', () => {
  it('lists what the library holds of a year, newest first', async () => {
    const of2023 = engine.index.documents.filter((d) => d.date?.startsWith('2023'));
    const text = await reply('/vanban 2023');
    expect(text.split('\n')[0]).toBe(`Thư viện có ${of2023.length} văn bản năm 2023:`);
    for (const d of of2023) expect(text).toContain(d.title);
    expect(await reply('/vanban 2022-2023')).toMatch(/^Thư viện có 5 văn bản từ năm 2022 đến năm 2023:/u);
    expect(await reply('/vanban 2019')).toBe('Thư viện không có văn bản nào năm 2019.');
  });

  it('lists by kind, typed any way, and still gives the card of a designation', async () => {
    expect(await reply('/vanban ban tin')).toMatch(/^Thư viện có \d+ văn bản loại bản tin:/u);
    expect(await reply('/vanban Quy định 50')).toMatch(/^Quy định số 50-QĐ\/TW/u);
  });
});

describe('citations on paper', () => {
  it('say the page and whether OCR read the passage', () => {
    const base = { docId: 'd', title: 'Luật Viên chức', date: '2010-11-15', section: 'Chương II › Điều 5. Quyền', quote: 'Viên chức có quyền…', start: 0, end: 10 };
    expect(formatCitation({ ...base, pages: [3] }, 1)).toBe('[1] Luật Viên chức (15/11/2010) — Chương II › Điều 5. Quyền, tr. 3: “Viên chức có quyền…”');
    expect(formatCitation({ ...base, pages: [3, 4], ocr: { confidence: 91.6 } }, 2)).toBe(
      '[2] Luật Viên chức (15/11/2010) — Chương II › Điều 5. Quyền, tr. 3–4 (OCR, độ tin cậy 92%): “Viên chức có quyền…”',
    );
  });
});
