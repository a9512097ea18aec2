/**
 * The chat reply text: answer first, then numbered sources; the not-found wording with the closest
 * passages; list items numbered with the rest counted; quotes on one line, shortened with "…".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCitation, formatReply } from '../../../retrieval/answer/reply.ts';
import type { Answer, Citation } from '../../../retrieval/types.ts';

const TITLE = 'Hội nghị sơ kết 6 tháng đầu năm 2022 Cụm thi đua Ban Tổ chức các tỉnh ủy, thành ủy khu vực miền Trung – Tây Nguyên';

function citation(overrides: Partial<Citation> = {}): Citation {
  const quote =
    'Kiên quyết, kiên trì tham mưu thực hiện đồng bộ 05 nhóm nhiệm vụ, giải pháp trong Kết luận số 21-KL/TW tại Hội nghị lần thứ tư.';
  return {
    docId: '2022-ban-tin-so-ket-6-thang-cum-thi-dua-ban-to-chuc-mien-trung-tay-nguyen',
    title: TITLE,
    date: '2022',
    section: '',
    quote,
    start: 100,
    end: 100 + quote.length,
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'Kết luận 21 có mấy nhóm nhiệm vụ?',
    type: 'count',
    kind: 'answer',
    found: true,
    answer: '05 nhóm nhiệm vụ, giải pháp',
    citations: [citation()],
    hits: [],
    confidence: 0.9,
    ...overrides,
  };
}

describe('formatCitation', () => {
  it('numbers the source and gives title, date, section and the quote in Vietnamese quotes', () => {
    const line = formatCitation(
      citation({ date: '2023-01-05', section: 'I. Đánh giá kết quả › 3. Định hướng nhiệm vụ trọng tâm trong quí II/2022' }),
      2,
    );
    expect(line.startsWith(`[2] ${TITLE} (05/01/2023) — I. Đánh giá kết quả › 3. Định hướng`)).toBe(true);
    expect(line).toContain(': “Kiên quyết, kiên trì tham mưu');
    expect(line.endsWith('”')).toBe(true);
  });

  it('formats partial dates and leaves out what is unknown', () => {
    expect(formatCitation(citation({ date: '2022-04' }), 1)).toContain('(04/2022):');
    expect(formatCitation(citation({ date: null, section: '' }), 1)).toMatch(/^\[1\] [^(]+: “/u);
  });

  it('shortens long quotes at a word with …, and keeps only the innermost headings', () => {
    const long = `${'công tác xây dựng Đảng '.repeat(40)}kết thúc.`;
    const line = formatCitation(citation({ quote: long, section: 'A › B › C' }), 1);
    expect(line).toContain('— B › C:');
    expect(line).toMatch(/…”$/u);
    expect(line.length).toBeLessThan(long.length);
  });

  it('is one line whatever the quote holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.string({ maxLength: 200 }), (quote, section) => {
        const line = formatCitation(citation({ quote, section }), 1);
        expect(line).not.toMatch(/[\n\r]/u);
        expect(line.startsWith('[1] ')).toBe(true);
      }),
    );
  });
});

describe('formatReply', () => {
  it('leads with the answer, then "Nguồn:" and numbered sources', () => {
    const reply = formatReply(answer({ citations: [citation(), citation({ start: 500, end: 600 })] }));
    const lines = reply.split('\n');
    expect(lines[0]).toBe('05 nhóm nhiệm vụ, giải pháp');
    expect(reply).toContain('\n\nNguồn:\n[1] ');
    expect(reply).toContain('\n[2] ');
  });

  it('lists the items numbered, with the rest counted', () => {
    const reply = formatReply(
      answer({
        type: 'list',
        answer: 'tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:',
        items: ['Cấp ủy, chính quyền bám sát chương trình.', 'Tiếp tục đổi mới nội dung\nhoạt động.'],
        moreItems: 6,
      }),
    );
    expect(reply).toContain('tôi nhấn mạnh một số nhiệm vụ trọng tâm sau:\n1. Cấp ủy, chính quyền bám sát chương trình.\n2. Tiếp tục đổi mới nội dung hoạt động.\n… và 6 mục khác');
    expect(reply).toContain('Nguồn:');
  });

  it('says the documents do not contain it and shows the closest passages', () => {
    const reply = formatReply(
      answer({
        found: false,
        answer: 'Các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này.',
        citations: [citation(), citation({ start: 300 })],
        confidence: 0.1,
      }),
    );
    expect(reply.startsWith('Các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này.')).toBe(true);
    expect(reply).toContain('Các đoạn gần nhất:\n[1] ');
    expect(reply).toContain('\n[2] ');
    expect(reply).not.toContain('Nguồn:');
  });

  it('a not-found reply without passages is just the sentence', () => {
    const text = 'Không tìm thấy Quy định số 51 trong các tài liệu hiện có.';
    expect(formatReply(answer({ found: false, answer: text, citations: [] }))).toBe(text);
  });
});
