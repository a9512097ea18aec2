import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABBREVIATIONS, expandAbbreviations } from '../../../retrieval/query/abbreviations.ts';
import { normalizeQuestion, understandQuery } from '../../../retrieval/query/understand.ts';
import type { QuestionType } from '../../../retrieval/types.ts';
import { buildCorpusIndex } from '../../helpers/corpus-index.ts';

let knownKeys: ReadonlySet<string> = new Set();
beforeAll(async () => {
  const { index } = await buildCorpusIndex();
  knownKeys = new Set(index.references.map((r) => r.key));
}, 60_000);

const understand = (q: string) => understandQuery(q, knownKeys);

/** Arbitrary text leaning on Vietnamese letters, question words, abbreviations and punctuation. */
const questionish = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'aăâeêioôơuưyđĐAKLTWQUB0123456789'),
    fc.constantFrom('\u0300', '\u0301', '\u0303', '\u0309', '\u0323', 'ấ', 'ỷ', 'ủ', 'ó', 'à'),
    fc.constantFrom(' ', '-', '/', '.', ',', '?', '!', '\n', '\t', '\u00a0', '\u200b', '\u0000', '(', '“', '–'),
    fc.constantFrom('mấy ', 'may ', 'bao nhiêu ', 'ngày nào ', 'ai ', 'là gì ', 'những ', 'nào ', 'có ', 'UBKT ', 'kl21 ', 'HĐND '),
  ),
  maxLength: 60,
});
/** Any UTF-16 code units, lone surrogates included. */
const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));

describe('normalizeQuestion / Query.text', () => {
  it.each([
    ['Hoá học', 'Hóa học'],
    ['hoá', 'hóa'],
    ['Uỷ ban Kiểm tra', 'Ủy ban Kiểm tra'],
    ['thuý', 'thúy'],
    ['  Kết luận\t21 \n có  mấy\u00a0nhóm?  ', 'Kết luận 21 có mấy nhóm?'],
    ['Kê\u0301t lu\u00e2\u0323n 21', 'Kết luận 21'],
    ['kết\u0000luận\u200b 21\u2028ạ', 'kết luận 21 ạ'],
  ])('%j → %j', (raw, text) => {
    expect(normalizeQuestion(raw)).toBe(text);
    expect(understand(raw).text).toBe(text);
  });

  it('gives tone-placement variants the same text', () => {
    expect(understand('Uỷ ban kiểm tra thi hành kỷ luật, hoá giải').text).toBe(understand('Ủy ban kiểm tra thi hành kỷ luật, hóa giải').text);
  });

  it('keeps the raw question and tells when it is typed without diacritics', () => {
    const q = understand('  ket luan 21 co may nhom ');
    expect(q.raw).toBe('  ket luan 21 co may nhom ');
    expect(q.withoutDiacritics).toBe(true);
    expect(understand('Kết luận 21 có mấy nhóm').withoutDiacritics).toBe(false);
  });
});

describe('question type', () => {
  const cases: ReadonlyArray<readonly [string, QuestionType]> = [
    // count
    ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'count'],
    ['ket luan 21 co may nhom nhiem vu', 'count'],
    ['UBKT thi hành kỷ luật bao nhiêu đảng viên quý I-2023', 'count'],
    ['ubkt thi hanh ky luat bao nhieu dang vien quy I-2023', 'count'],
    ['số lượng đảng viên kết nạp mới năm 2022', 'count'],
    ['bao nhiêu ngày', 'count'],
    ['bao nhieu nguoi duoc khen thuong', 'count'],
    ['Hội nghị lần thứ mấy', 'count'],
    ['Kết luận 21 có mấy nhóm nhiệm vụ, gồm những gì?', 'count'],
    // date
    ['kl21 ban hanh ngay nao', 'date'],
    ['Kết luận 21 ban hành ngày nào?', 'date'],
    ['Hội nghị diễn ra khi nào', 'date'],
    ['hoi nghi dien ra khi nao', 'date'],
    ['bao giờ tổng kết', 'date'],
    ['bao gio tong ket', 'date'],
    ['Quy định 50 ban hành năm nào', 'date'],
    ['quy dinh 50 ban hanh thang may', 'date'],
    ['ngày ban hành Kết luận 21', 'date'],
    ['Thời gian nào tổ chức hội nghị', 'date'],
    // person
    ['ai là Trưởng Ban Tổ chức Tỉnh ủy', 'person'],
    ['ai la truong ban to chuc tinh uy', 'person'],
    ['Kết luận 21 do ai ban hành', 'person'],
    ['đồng chí nào phát biểu bế mạc', 'person'],
    ['dong chi nao phat bieu be mac', 'person'],
    ['người nào chủ trì hội nghị', 'person'],
    ['Truong BTC TU la ai', 'person'],
    // subject
    ['Quy định 50 về việc gì', 'subject'],
    ['Quy dinh 50 ve viec gi', 'subject'],
    ['Kết luận 21 là gì', 'subject'],
    ['kl21 la gi', 'subject'],
    ['Quy định 57 về vấn đề gì', 'subject'],
    ['Chỉ thị 05 có nội dung gì', 'subject'],
    ['chi thi 05 noi ve gi', 'subject'],
    ['Kế hoạch 03 có tên là gì', 'subject'],
    // list
    ['nhiệm vụ trọng tâm quý II/2022', 'list'],
    ['nhiem vu trong tam quy II/2022', 'list'],
    ['những nhiệm vụ trọng tâm năm 2023 là gì', 'list'],
    ['những giải pháp nào được đề ra', 'list'],
    ['nhung giai phap nao duoc de ra', 'list'],
    ['các đơn vị nào trong Cụm thi đua', 'list'],
    ['Kết luận 21 gồm những gì', 'list'],
    ['ket luan 21 gom nhung gi', 'list'],
    ['liệt kê các nhiệm vụ chủ yếu', 'list'],
    ['kể tên các tỉnh trong cụm', 'list'],
    ['những đồng chí nào được khen thưởng', 'list'],
    ['giai phap chu yeu la gi', 'list'],
    // free
    ['tinh gọn bộ máy', 'free'],
    ['bo may duoc tinh gon the nao', 'free'],
    ['nha may thuy dien', 'free'],
    ['không ai được vi phạm', 'free'],
    ['ứng dụng AI trong công tác tổ chức', 'free'],
    ['Kết luận 21 có hiệu lực không', 'free'],
    ['', 'free'],
    ['???', 'free'],
  ];
  it.each(cases)('%j → %s', (question, type) => {
    expect(understand(question).type).toBe(type);
  });

  it('never takes a word written with diacritics for another one', () => {
    expect(understand('máy tính của cơ quan').type).toBe('free'); // máy is not mấy
    expect(understand('tháng mấy ban hành').type).toBe('date');
    expect(understand('mấy tháng').type).toBe('count');
  });
});

describe('references', () => {
  it.each(['Kết luận 21', 'KL 21', 'kl21', '21-KL/TW', 'ket luan so 21', 'Kết luận số 21 có mấy nhóm nhiệm vụ?'])(
    '%j → ket-luan:21:tw, known',
    (question) => {
      const q = understand(question);
      expect(q.references).toHaveLength(1);
      expect(q.references[0]?.key).toBe('ket-luan:21:tw');
      expect(q.references[0]?.known).toBe(true);
    },
  );

  it('marks a key the corpus does not hold as unknown', () => {
    const q = understand('Quy định 51 về việc gì');
    expect(q.references.map((r) => [r.key, r.known])).toEqual([['quy-dinh:51', false]]);
    expect(understand('Quy dinh 50 ve viec gi').references.map((r) => [r.key, r.known])).toEqual([['quy-dinh:50:tw', true]]);
  });

  it.each([
    ['kl21 ngay nao ban hanh', 'ket-luan:21:tw', 'kl21'],
    ['KL 21 ngày nào', 'ket-luan:21:tw', 'KL 21'],
    ['Nghị quyết 19 năm nào', 'nghi-quyet:19:tw', 'Nghị quyết 19'],
    ['Quy định 50 tháng mấy ban hành', 'quy-dinh:50:tw', 'Quy định 50'],
    ['Kế hoạch 03 người nào ký', 'ke-hoach:3:tw', 'Kế hoạch 03'],
    ['Kết luận 21 nhiệm vụ trọng tâm là gì', 'ket-luan:21:tw', 'Kết luận 21'],
    ['TBKL 156 ban hanh ngay nao', 'thong-bao-ket-luan:156:tw', 'TBKL 156'],
    ['TB 156 ban hành ngày nào', 'thong-bao-ket-luan:156:tw', 'TB 156'],
    ['Thông báo kết luận 156 ngày nào', 'thong-bao-ket-luan:156:tw', 'Thông báo kết luận 156'],
  ])('finds %j although a question word follows the number', (question, key, written) => {
    expect(understand(question).references.map((r) => [r.key, r.text])).toEqual([[key, written]]);
  });

  it('still reads a quantity after a type word as a quantity', () => {
    expect(understand('Kế hoạch 5 năm').references).toEqual([]);
    expect(understand('quy định 3 nhóm đối tượng').references).toEqual([]);
  });

  it('keeps the reference as written and merges repeats of one key', () => {
    const q = understand('kl21 (21-KL/TW) và Quy định 50');
    expect(q.references.map((r) => [r.key, r.text])).toEqual([
      ['ket-luan:21:tw', 'kl21'],
      ['quy-dinh:50:tw', 'Quy định 50'],
    ]);
  });

  it('adds the canonical designation to the search text when the question does not spell it', () => {
    expect(understand('kl21 ban hanh ngay nao').searchText).toContain('Kết luận 21');
    expect(understand('21-KL/TW là gì').searchText).toContain('Kết luận 21');
    expect(understand('nq tw4 khoa 12').searchText).toContain('Nghị quyết Trung ương 4 khóa XII');
    const spelled = understand('Kết luận 21 là gì');
    expect(spelled.searchText).toBe(spelled.text);
  });
});

describe('abbreviations', () => {
  const expansionsOf = (text: string): string[] => expandAbbreviations(text).expanded.map((e) => e.expansion);

  it.each([
    ['BCT kết luận gì', 'Bộ Chính trị'],
    ['ubkt thi hanh ky luat', 'Ủy ban Kiểm tra'],
    ['HĐND tỉnh', 'Hội đồng nhân dân'],
    ['hdnd tinh', 'Hội đồng nhân dân'],
    ['Hđnd', 'Hội đồng nhân dân'],
    ['MTTQ các cấp', 'Mặt trận Tổ quốc'],
    ['sáp nhập ĐVHC', 'đơn vị hành chính'],
    ['KT-XH năm 2022', 'kinh tế - xã hội'],
    ['kt - xh', 'kinh tế - xã hội'],
    ['KTXH', 'kinh tế - xã hội'],
    ['QP-AN', 'quốc phòng - an ninh'],
    ['công tác PCTN', 'phòng, chống tham nhũng'],
    ['chế độ BVCSSKCB', 'Bảo vệ, chăm sóc sức khỏe cán bộ'],
    ['BTV Tỉnh ủy', 'Ban Thường vụ'],
    ['Truong BTC TU', 'Tỉnh ủy'],
    ['BCH TƯ', 'Trung ương'],
    ['Đề án ĐA', 'Đề án'],
  ])('%j adds %j', (text, expansion) => {
    const q = understand(text);
    expect(q.searchText).toContain(expansion);
    expect(q.searchText.startsWith(q.text)).toBe(true);
  });

  it('keeps the short form and adds the long one', () => {
    const q = understand('HĐND tỉnh ban hành nghị quyết gì');
    expect(q.searchText).toContain('HĐND');
    expect(q.searchText).toContain('Hội đồng nhân dân');
    expect(q.text).toBe('HĐND tỉnh ban hành nghị quyết gì');
  });

  it('gives both readings of QĐ and reports what it added', () => {
    expect(expandAbbreviations('các QĐ của BCT')).toEqual({
      text: 'các QĐ của BCT (Quy định; Quyết định; Bộ Chính trị)',
      expanded: [
        { abbr: 'QĐ', expansion: 'Quy định' },
        { abbr: 'QĐ', expansion: 'Quyết định' },
        { abbr: 'BCT', expansion: 'Bộ Chính trị' },
      ],
    });
  });

  it.each([
    ['từ năm 2022 tu nay', 'ordinary words typed without marks'],
    ['da co ket qua', '"da" is đã'],
    ['thứ Tư', '"Tư" is not TƯ'],
    ['HĐ thi đua', 'HĐ is Hội đồng, not HD'],
    ['21-KL/TW', 'parts of a document number'],
    ['16/NQ-HĐND', 'parts of a document number'],
    ['KL 21 và QĐ số 50', 'a document type before a number'],
    ['kl21 nq19', 'letters glued to a number'],
    ['UBKTX BCTS', 'longer words are not abbreviations'],
    ['Ủy ban Kiểm tra (UBKT)', 'the long form is already there'],
  ])('leaves %j alone (%s)', (text) => {
    expect(expandAbbreviations(text)).toEqual({ text, expanded: [] });
  });

  it('reads TU as Tỉnh ủy and TƯ, TW as Trung ương', () => {
    expect(expansionsOf('TU')).toEqual(['Tỉnh ủy']);
    expect(expansionsOf('TƯ')).toEqual(['Trung ương']);
    expect(expansionsOf('tw')).toEqual(['Trung ương']);
  });

  it('has a long form and a distinct abbreviation in every row', () => {
    for (const row of ABBREVIATIONS) {
      expect(row.abbr).toMatch(/^[\p{Lu}][\p{L}-]*$/u);
      expect(row.expansion.length).toBeGreaterThan(row.abbr.length);
    }
  });

  it('is idempotent and keeps the text as a prefix', () => {
    fc.assert(
      fc.property(questionish, (text) => {
        const once = expandAbbreviations(text);
        expect(once.text.startsWith(text)).toBe(true);
        expect(expandAbbreviations(once.text).text).toBe(once.text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('focus', () => {
  it.each([
    ['Kết luận 21 có mấy nhóm nhiệm vụ?', 'Kết luận 21 nhóm nhiệm vụ'],
    ['ket luan 21 co may nhom nhiem vu', 'ket luan 21 nhom nhiem vu'],
    ['kl21 ban hanh ngay nao', 'kl21 ban hanh ngay'],
    ['Quy định 50 về việc gì vậy ạ?', 'Quy định 50 về việc'],
    ['ai là Trưởng Ban Tổ chức Tỉnh ủy', 'Trưởng Ban Tổ chức Tỉnh ủy'],
    ['Xin cho biết UBKT thi hành kỷ luật bao nhiêu đảng viên quý I-2023?', 'UBKT thi hành kỷ luật đảng viên quý I-2023'],
    ['cho mình hỏi những nhiệm vụ trọng tâm quý II/2022 là gì nhỉ', 'nhiệm vụ trọng tâm quý II/2022'],
    ['hãy cho biết Hội nghị diễn ra khi nào', 'Hội nghị diễn ra'],
    ['tổ chức cơ sở đảng có bao nhiêu', 'tổ chức cơ sở đảng'],
    ['to chuc co so dang co bao nhieu', 'to chuc co so dang'],
    ['vay von uu dai co khong', 'vay von uu dai'],
    ['21-KL/TW là gì', '21-KL/TW'],
    ['là gì?', ''],
    // question frames whose words no answer writes
    ['Lê Văn Dũng giữ chức vụ gì ở Tỉnh ủy Quảng Nam?', 'Lê Văn Dũng ở Tỉnh ủy Quảng Nam'],
    ['Số lượng cấp ủy gấp mấy lần cấp ủy đương nhiệm?', 'Số lượng cấp ủy lần cấp ủy đương nhiệm'],
    ['Hoạt động của HĐND tỉnh được đánh giá thế nào?', 'Hoạt động của HĐND tỉnh được'],
    ['Năm 2022 có ý nghĩa thế nào đối với tỉnh?', 'Năm 2022 đối với tỉnh'],
    ['Tên đầy đủ của đề án là gì?', 'của đề án'],
  ])('%j → %j', (question, focus) => {
    expect(understand(question).focus).toBe(focus);
  });

  it('keeps "gấp" and "chức vụ" where they are not the question', () => {
    expect(understand('tăng gấp 2 lần so với cùng kỳ').focus).toBe('tăng gấp 2 lần so với cùng kỳ');
    expect(understand('chức vụ của ông Nhơn là gì').focus).toBe('chức vụ của ông Nhơn');
  });
});

describe('periods in other words', () => {
  it('searches a period also as the reports write it', () => {
    const q = understand('Kinh tế tỉnh ba tháng đầu năm 2022 tăng bao nhiêu?');
    expect(q.searchText).toContain('quý I');
    expect(q.searchText).toContain('quý 1');
    expect(understand('Nửa đầu năm 2022 kết nạp bao nhiêu đảng viên?').searchText).toContain('6 tháng đầu năm');
    const plain = understand('Thu ngân sách quý 1 năm 2022 đạt bao nhiêu?');
    expect(plain.searchText).toBe(plain.text);
  });
});

describe('robustness', () => {
  it('never throws and is idempotent on text', () => {
    fc.assert(
      fc.property(fc.oneof(questionish, anyUnits, fc.string({ unit: 'grapheme', maxLength: 40 })), (raw) => {
        const q = understand(raw);
        expect(understand(q.text).text).toBe(q.text);
        expect(q.text).toBe(q.text.normalize('NFC'));
        expect(q.text).not.toMatch(/[\p{Cc}\p{Cf}]|^\s|\s$|\s\s/u);
        expect(q.searchText.startsWith(q.text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('handles a 10k-character question, emoji and punctuation only', () => {
    const long = 'Kết luận 21 có mấy nhóm nhiệm vụ, UBKT những ai nào? '.repeat(200).slice(0, 10_000);
    const q = understand(long);
    expect(q.type).toBe('count');
    expect(q.references[0]?.key).toBe('ket-luan:21:tw');
    expect(understand('😀👍🏽 🇻🇳').text).toBe('😀👍🏽 🇻🇳');
    expect(understand('?!…,;').focus).toBe('');
  });
});
