/**
 * Grounded answers on the real corpus: typed phrases cut verbatim from the evidence, list items of
 * the right section, not-found for out-of-scope and near-miss questions, and every citation a
 * verbatim slice of its document. Questions go through the real AnswerEngine (understandQuery +
 * lexical-only Retriever, k = 5), then answerQuestion with the options under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../../index/records.ts';
import { answerQuestion, type AnswerOptions } from '../../../retrieval/answer/answer.ts';
import { MODEL } from '../../../retrieval/answer/answerability.ts';
import { AnswerEngine } from '../../../retrieval/engine.ts';
import { containsAnswer, isNotFoundGold, parseGold } from '../../../eval/metrics.ts';
import type { Answer } from '../../../retrieval/types.ts';
import { buildCorpusIndex } from '../../helpers/corpus-index.ts';
import { REPO_ROOT } from '../../helpers/ingest-run.ts';

let documents: ReadonlyMap<string, Document>;
let engine: AnswerEngine;

async function ask(question: string, options?: AnswerOptions): Promise<Answer> {
  const query = engine.understand(question);
  return answerQuestion(query, await engine.retriever.search(query, 5), engine.documents, options);
}

function expectVerbatim(answer: Answer): void {
  for (const c of answer.citations) {
    expect(documents.get(c.docId)?.text.slice(c.start, c.end)).toBe(c.quote);
  }
}

function textOf(docId: string): string {
  const text = documents.get(docId)?.text;
  if (text === undefined) throw new Error(`no document ${docId}`);
  return text;
}

beforeAll(async () => {
  const { index } = await buildCorpusIndex();
  engine = new AnswerEngine(index, null);
  documents = engine.documents;
});

describe('typed answers', () => {
  it('counts: the number and the noun phrase it counts, up to the clause end', async () => {
    const a = await ask('Kết luận 21 có mấy nhóm nhiệm vụ?');
    expect(a.found).toBe(true);
    expect(a.type).toBe('count');
    expect(a.answer).toBe('05 nhóm nhiệm vụ, giải pháp');
    expect(a.citations[0]?.quote).toContain('thực hiện đồng bộ 05 nhóm nhiệm vụ, giải pháp trong Kết luận số 21-KL/TW');
    expect(a.confidence).toBeGreaterThanOrEqual(MODEL.threshold);
    expectVerbatim(a);
  });

  it('dates: as written after the asked designation', async () => {
    const a = await ask('Quy định 50 ban hành ngày nào?');
    expect(a.found).toBe(true);
    expect(a.answer).toBe('27/12/2021');
    expect(a.citations.length).toBeGreaterThanOrEqual(1);
    expect(a.citations.length).toBeLessThanOrEqual(3);
    expect(a.citations.every((c) => c.quote.includes('27/12/2021'))).toBe(true);
    // Each supporting sentence once.
    expect(new Set(a.citations.map((c) => `${c.docId}#${c.start}`)).size).toBe(a.citations.length);
    expectVerbatim(a);
  });

  it('persons: the name next to the asked title, not a deputy', async () => {
    const a = await ask('Ai là Trưởng Ban Tổ chức Tỉnh ủy?');
    expect(a.found).toBe(true);
    expect(a.answer).toBe('Nguyễn Thiện Nhơn');
    expect(a.citations[0]?.quote).toContain('Ông Nguyễn Thiện Nhơn, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy, cho biết');
    const deputy = await ask('Ai là Phó Bí thư Thường trực Tỉnh ủy Quảng Nam?');
    expect(deputy.answer).toBe('Lê Văn Dũng');
  });

  it('subjects: the "về …" clause of the asked designation', async () => {
    const a = await ask('Quy định 50 về nội dung gì?');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('công tác quy hoạch cán bộ');
    const quoted = await ask('Nghị quyết 09 về vấn đề gì?');
    expect(quoted.answer).toContain('Tăng cường sự lãnh đạo của Đảng đối với công tác cựu chiến binh');
  });

  it('more typed phrases: percentages, amounts, ranges, labels, ordinals', async () => {
    const cases: Array<[string, string]> = [
      ['Kế hoạch 03-KH/TW có bao nhiêu nhóm nhiệm vụ trọng tâm?', '11 nhóm nhiệm vụ trọng tâm'],
      ['Kinh tế GRDP quý 1 tăng trưởng bao nhiêu?', '5,09%'],
      ['Thu nội địa đạt bao nhiêu tỷ đồng?', '1.400 tỷ đồng'],
      ['Mục tiêu tăng trưởng kinh tế cả năm 2022 là bao nhiêu?', '7,5 - 8%'],
      ['Bao nhiêu đảng viên bị khiển trách quý 1 năm 2023?', 'khiển trách 19'],
      ['Bao nhiêu chi bộ có chi uỷ?', '1.462 chi bộ'],
      ['Đoàn giám sát số mấy của UBKT Trung ương chỉ ra thiếu sót trong công tác cán bộ?', 'Đoàn giám sát số 39'],
      ['Kết luận 14 ban hành ngày nào?', '22/9/2021'],
      ['Bí thư Thành ủy Vị Thanh là ai?', 'Nguyễn Hữu Tình'],
    ];
    for (const [question, expected] of cases) {
      const a = await ask(question);
      expect({ question, found: a.found, answer: a.answer }).toEqual({ question, found: true, answer: expect.stringContaining(expected) });
      expectVerbatim(a);
    }
  });

  it('titles: what follows the name of the person asked about', async () => {
    const cases: Array<[string, string]> = [
      ['Lê Văn Dũng giữ chức vụ gì ở Tỉnh uỷ Quảng Nam?', 'Phó Bí thư Thường trực Tỉnh ủy Quảng Nam'],
      ['ong nguyen thien nhon giu chuc vu gi', 'Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy'],
      ['Nguyễn Hữu Tình là ai?', 'Bí thư Thành ủy Vị Thanh'],
    ];
    for (const [question, title] of cases) {
      const a = await ask(question);
      expect({ question, found: a.found, answer: a.answer }).toEqual({ question, found: true, answer: expect.stringContaining(title) });
      expect(a.citations[0]?.quote).toContain(a.answer);
    }
  });

  it('a body asked ("cơ quan nào") is answered by the sentence naming it', async () => {
    const a = await ask('Cơ quan nào chủ trì tham mưu ban hành Chỉ thị thay thế Chỉ thị 05?');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('Ban Tuyên giáo Tỉnh ủy chủ trì');
    expectVerbatim(a);
  });

  it('reads abbreviated designations and periods in other words', async () => {
    expect((await ask('TBKL 156 ban hanh ngay nao')).answer).toBe('01/10/2019');
    const growth = await ask('Kinh tế tỉnh ba tháng đầu năm 2022 tăng trưởng bao nhiêu phần trăm?');
    expect({ found: growth.found, answer: growth.answer }).toEqual({ found: true, answer: '5,09%' });
  });

  it('counts the documents\' wording of everyday words (synonyms.ts) and bodies named before', async () => {
    const expelled = await ask('Mấy người bị đuổi khỏi Đảng trong quý đầu năm 2023?');
    expect({ found: expelled.found, answer: expelled.answer }).toEqual({ found: true, answer: 'khai trừ 3' });
    // "đạt chuẩn …" is said of "thành phố", "Thành ủy": the last Thành ủy named is Vị Thanh's.
    const standards = await ask('100% cán bộ chủ chốt Vị Thanh đạt chuẩn về những gì?');
    expect(standards.found).toBe(true);
    expect([standards.answer, ...(standards.items ?? [])].join('\n')).toContain('trình độ chuyên môn');
  });

  it('the short phrase is a verbatim slice of the cited sentence', async () => {
    for (const question of ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'Quy định 65 ngày nào?', 'Bí thư Thành ủy Ngã Bảy là ai?']) {
      const a = await ask(question);
      expect(a.found).toBe(true);
      expect(a.citations[0]?.quote).toContain(a.answer);
    }
  });
});

describe('lists', () => {
  const LIST_DOC = '2022-04-phat-bieu-be-mac-hoi-nghi-bch-dang-bo-tinh-lan-thu-8';

  it('returns the enumerated items of the matching section, in order', async () => {
    const a = await ask('Nhiệm vụ trọng tâm quý II/2022 là gì?');
    expect(a.found).toBe(true);
    expect(a.type).toBe('list');
    expect(a.answer).toBe(
      'Những nhiệm vụ trọng tâm, giải pháp quý II/2022 đã đề cập đầy đủ trong chương trình công tác quí II/2022, tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:',
    );
    const text = textOf(LIST_DOC);
    const section = text.indexOf('3. Định hướng nhiệm vụ trọng tâm trong quí II/2022');
    const next = text.indexOf('II/ Tổng kết 20 năm');
    const items = a.items ?? [];
    expect(items).toHaveLength(7);
    expect(a.moreItems).toBe(1);
    // A short item is shown whole; a long one by its first sentence.
    expect(items[0]).toBe(
      'Cấp ủy, chính quyền, các cơ quan, đơn vị bám sát vào chương trình, kế hoạch. Chú trọng công tác tổ chức triển khai thực hiện có kết quả các nhiệm vụ, chương trình, đề án, nhiệm vụ về công tác tổ chức, xây dựng Đảng.',
    );
    expect(items[1]).toBe('Tiếp tục đổi mới nội dung, phương phương thức hoạt động của MTTQ và các đoàn thể chính trị - xã hội phù hợp với yêu cầu nhiệm vụ và tình hình mới.');
    // (1)…(7) of that section, in order, each right after its marker.
    let from = section;
    items.forEach((item, i) => {
      const at = text.indexOf(`(${i + 1}) ${item}`, from);
      expect(at).toBeGreaterThan(from);
      expect(at).toBeLessThan(next);
      from = at;
    });
    // One citation from the lead-in through the last item shown.
    expect(a.citations).toHaveLength(1);
    const c = a.citations[0];
    expect(c?.quote.startsWith(a.answer)).toBe(true);
    expect(c?.quote.endsWith(items[6] ?? '')).toBe(true);
    expectVerbatim(a);
  });

  it('honours maxItems and counts the rest', async () => {
    const a = await ask('Nhiệm vụ trọng tâm quý II/2022 là gì?', { maxItems: 3 });
    expect(a.items).toHaveLength(3);
    expect(a.moreItems).toBe(5);
    expect(a.citations[0]?.quote.endsWith(a.items?.[2] ?? '')).toBe(true);
  });

  it('answers "… còn hạn chế gì" with a limitation, not a list of tasks of the same section', async () => {
    const a = await ask('Công tác chăm sóc sức khoẻ cán bộ còn hạn chế gì?');
    expect(a.found).toBe(true);
    expect([a.answer, ...(a.items ?? [])].join('\n')).toContain('chưa theo kịp mặt bằng chung');
    expectVerbatim(a);
  });

  it('reads inline enumerations after a colon', async () => {
    const a = await ask('Hội nghị chuyên đề đã triển khai những văn bản nào?');
    expect(a.found).toBe(true);
    expect(a.items?.[0]).toMatch(/^Kết luận số 21 của Ban Chấp hành Trung ương khóa XIII/u);
    expect(a.items?.[2]).toBe('Quy định số 50 ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ.');
    expect(a.items).toHaveLength(4);
  });
});

describe('questions typed without diacritics', () => {
  it('give the same answers', async () => {
    const pairs: Array<[string, string]> = [
      ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'ket luan 21 co may nhom nhiem vu'],
      ['Quy định 50 ban hành ngày nào?', 'quy dinh 50 ban hanh ngay nao'],
      ['Ai là Trưởng Ban Tổ chức Tỉnh ủy?', 'ai la truong ban to chuc tinh uy'],
      ['Quy định 50 về nội dung gì?', 'quy dinh 50 ve noi dung gi'],
      ['Nhiệm vụ trọng tâm quý II/2022 là gì?', 'nhiem vu trong tam quy II/2022 la gi'],
    ];
    for (const [marked, bare] of pairs) {
      const a = await ask(marked);
      const b = await ask(bare);
      expect({ bare, found: b.found, answer: b.answer, items: b.items }).toEqual({ bare, found: a.found, answer: a.answer, items: a.items });
    }
  });
});

describe('not found', () => {
  it('out-of-scope and near-miss questions are declined, saying what the documents do say', async () => {
    for (const question of [
      'Giá vàng hôm nay bao nhiêu?',
      'Ai vô địch World Cup 2022?',
      'Kết luận 21 ban hành ngày nào?',
      'Quy định 50 có bao nhiêu điều?',
      'Ai là Chủ tịch UBND tỉnh Hậu Giang?',
      'Giá trị sản xuất nông nghiệp tăng bao nhiêu?',
      'Thời tiết Hậu Giang ngày mai thế nào?',
      'Quảng Nam kết nạp bao nhiêu đảng viên mới trong 6 tháng đầu năm 2022?',
      'Kết luận 21 do ai ký?',
      'Hậu Giang có bao nhiêu dân?',
    ]) {
      const a = await ask(question);
      expect({ question, found: a.found, kind: a.kind }).toEqual({ question, found: false, kind: 'not-found' });
      expect(a.answer).toMatch(/^Các tài liệu/u);
      expect(a.confidence).toBeLessThan(MODEL.threshold);
      expectVerbatim(a);
    }
    // A document the library mentions, asked for a fact it does not give: the reply says so and
    // quotes where it is mentioned.
    for (const question of ['Kết luận 21 ban hành ngày nào?', 'Kết luận 21 do ai ký?']) {
      const a = await ask(question);
      expect(a.answer).toMatch(/^Các tài liệu có nhắc tới Kết luận số 21, nhưng không nêu/u);
      expect(a.citations.length).toBeGreaterThan(0);
      expect(a.citations.every((c) => /kết luận (?:số )?21/iu.test(c.quote))).toBe(true);
    }
    // Nothing close: no unrelated "closest passages".
    for (const question of ['Ai vô địch World Cup 2022?', 'Thủ đô của nước Pháp là thành phố nào?']) {
      expect((await ask(question)).citations).toEqual([]);
    }
  });

  it('a document the index does not know is named in the reply', async () => {
    const a = await ask('Quy định 51 ban hành ngày nào?');
    expect(a.found).toBe(false);
    expect(a.answer).toBe('Không tìm thấy Quy định số 51 trong các tài liệu hiện có.');
    expect(a.confidence).toBe(0);
    expect(a.citations.length).toBeGreaterThan(0);
    const b = await ask('Kết luận 99 có mấy nhóm nhiệm vụ?');
    expect(b.found).toBe(false);
    expect(b.answer).toContain('Kết luận số 99');
  });

  it('no hits, no citations; a threshold above 1 declines everything', async () => {
    const empty = answerQuestion(engine.understand('Kết luận 21 có mấy nhóm nhiệm vụ?'), [], documents);
    expect(empty.found).toBe(false);
    expect(empty.citations).toEqual([]);
    const strict = await ask('Kết luận 21 có mấy nhóm nhiệm vụ?', { threshold: 1.01 });
    expect(strict.found).toBe(false);
    expect(strict.citations.length).toBeGreaterThan(0);
  });
});

describe('over the gold questions', () => {
  const gold = parseGold(readFileSync(path.join(REPO_ROOT, 'eval/gold.jsonl'), 'utf8'));

  it('every citation of every answer is verbatim; confidence in [0, 1]; never an invented answer', async () => {
    let correct = 0;
    let answerable = 0;
    for (const item of gold) {
      const a = await ask(item.question);
      expectVerbatim(a);
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      if (a.found) expect(a.citations.length).toBeGreaterThan(0);
      if (isNotFoundGold(item)) {
        expect({ id: item.id, found: a.found, answer: a.answer }).toEqual({ id: item.id, found: false, answer: expect.any(String) });
      } else {
        answerable++;
        if (a.found && containsAnswer(item.answer, [a.answer, ...(a.items ?? [])])) correct++;
      }
    }
    // The gold set is a regression check, not what the decision is fitted on (npm run calibrate):
    // npm run eval measures 144/155 = 0.929 lexical-only at the fitted operating point; the floor
    // allows two answers to change, not a slide; not-found items are checked one by one above.
    expect(answerable).toBe(155);
    expect(correct / answerable).toBeGreaterThanOrEqual(0.915);
  });
});

describe('properties', () => {
  it('any question built from corpus words gets verbatim citations and a bounded confidence', async () => {
    const words = [...new Set(textOf('2023-ban-tin-cong-tac-xay-dung-dang-quy-i-2023').split(/\s+/u))].slice(0, 400);
    const tails = ['bao nhiêu?', 'ngày nào?', 'là ai?', 'là gì?', 'gồm những gì?', 'về việc gì?', ''];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }), fc.constantFrom(...tails), async (picked, tail) => {
        const a = await ask(`${picked.join(' ')} ${tail}`);
        expectVerbatim(a);
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
        if (!a.found) expect(a.items).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});
