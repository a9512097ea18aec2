/** Chat forms written out, and follow-ups read against the chat's last question. */
import { describe, expect, it } from 'vitest';
import { expandChatForms } from '../../../retrieval/query/chat-forms.ts';
import { resolveFollowUp } from '../../../retrieval/query/followup.ts';
import { understandQuery } from '../../../retrieval/query/understand.ts';

describe('chat forms', () => {
  it('writes out the short forms people type', () => {
    expect(expandChatForms('kl21 co bn nhom')).toBe('kl21 co bao nhiêu nhom');
    expect(expandChatForms('ket nap bao nhiu dv')).toBe('ket nap bao nhiêu đảng viên');
    expect(expandChatForms('co dc ko')).toBe('co được không');
    expect(expandChatForms('GRDP Q1/2022, q2-2023 và T6/2022')).toBe('GRDP quý 1/2022, quý 2-2023 và tháng 6/2022');
  });

  it('leaves words that only look short: KH 03, Kế hoạch, không', () => {
    expect(expandChatForms('KH 03 có mấy nhiệm vụ, không?')).toBe('KH 03 có mấy nhiệm vụ, không?');
    expect(expandChatForms('Kết luận 21')).toBe('Kết luận 21');
  });

  it('the question type and the diacritics as typed survive the expansion', () => {
    const q = understandQuery('kl21 co bn nhom nhiem vu', new Set(['ket-luan:21']));
    expect(q.type).toBe('count');
    expect(q.withoutDiacritics).toBe(true);
    expect(q.references.map((r) => r.key)).toEqual(['ket-luan:21']);
  });
});

describe('follow-ups', () => {
  it('a new document, period or place takes the place of the one asked before', () => {
    expect(resolveFollowUp('Kết luận 21 có mấy nhóm nhiệm vụ?', 'Còn Kết luận 14 thì sao?')).toBe('Kết luận 14 có mấy nhóm nhiệm vụ?');
    expect(resolveFollowUp('GRDP quý I/2022 tăng bao nhiêu?', 'còn quý II?')).toBe('GRDP quý II/2022 tăng bao nhiêu?');
    expect(resolveFollowUp('Quảng Nam kết nạp bao nhiêu đảng viên?', 'thế còn Khánh Hòa')).toBe('Khánh Hòa kết nạp bao nhiêu đảng viên?');
    expect(resolveFollowUp('Thu ngân sách quý 1 đạt bao nhiêu?', 'vậy còn 6 tháng đầu năm 2022?')).toBe('Thu ngân sách 6 tháng đầu năm 2022 đạt bao nhiêu?');
  });

  it('a detail of a kind the last question lacks is added to it', () => {
    expect(resolveFollowUp('Kết luận 21 có mấy nhóm nhiệm vụ?', 'còn năm 2023?')).toBe('Kết luận 21 có mấy nhóm nhiệm vụ năm 2023?');
  });

  it('a question of its own is not a follow-up', () => {
    expect(resolveFollowUp('Kết luận 21 có mấy nhóm nhiệm vụ?', 'Quy định 50 ban hành ngày nào?')).toBeNull();
    expect(resolveFollowUp('Kết luận 21 có mấy nhóm nhiệm vụ?', 'còn rất nhiều việc phải làm trong năm nay để hoàn thành các chỉ tiêu đề ra')).toBeNull();
  });
});
