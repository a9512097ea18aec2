/**
 * Generated legal and administrative documents with known structure, for tests and benchmarks:
 * laws (header block, Chương with titles in capitals, "Điều N. title", khoản "1.", điểm "a)",
 * the adoption clause and the signer), decrees and Party documents with the standard header
 * (Nghị định 30/2020/NĐ-CP; Hướng dẫn 36-HD/VPTW) and closing block. Every document is a plain
 * text with the spans of its parts, so a test can check what the pipeline made of it against
 * what the generator wrote, and the same text can be written as DOCX or PDF.
 *
 * Deterministic from a seed (testkit/random.ts).
 */
import { seededRandom } from './random.ts';
import {
  ARTICLE_TITLES,
  CHAPTER_TITLES,
  DOMAINS,
  LEAD_INS,
  MANAGED_THINGS,
  PLACES,
  POINTS,
  PROVISIONS,
  SIGNERS,
  type Domain,
} from './legal-vocabulary.ts';

export interface GeneratedKhoan {
  readonly number: number;
  /** The khoản's text (marker included), as written in the document. */
  readonly text: string;
}

export interface GeneratedArticle {
  readonly number: number;
  /** "Quyền của viên chức". */
  readonly title: string;
  /** "Điều 5. Quyền của viên chức". */
  readonly heading: string;
  /** Chương of the article, Roman ("II"). */
  readonly chapter: string;
  readonly khoan: readonly GeneratedKhoan[];
  /** The article's text from its heading to its last line. */
  readonly text: string;
}

export interface GeneratedDocument {
  /** File name without extension, e.g. `luat-vien-chuc`. */
  readonly slug: string;
  /** "Luật Viên chức". */
  readonly title: string;
  /** "Luật", "Nghị định", "Kết luận". */
  readonly type: string;
  /** "Viên chức" for laws; null otherwise. */
  readonly name: string | null;
  /** As written after "Số:": "58/2010/QH12", "21-KL/TW". */
  readonly designation: string;
  readonly issuer: string;
  /** ISO date of issue. */
  readonly date: string;
  readonly place: string | null;
  readonly signer: string;
  readonly articles: readonly GeneratedArticle[];
  readonly chapters: number;
  /** Paragraphs, one per line: what a DOCX or PDF version writes paragraph by paragraph. */
  readonly paragraphs: readonly string[];
  readonly text: string;
}

export interface LawOptions {
  readonly seed: number;
  /** Index into the library's list of law names (DOMAINS, then "Quản lý …" laws). */
  readonly index?: number;
  readonly articles?: number;
  readonly chapters?: number;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k'];

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** The field of the i-th law of a library: the named ones first, then "Quản lý <thing>". */
export function domainOf(index: number): Domain {
  const named = DOMAINS[index];
  if (named !== undefined) return named;
  const thing = MANAGED_THINGS[(index - DOMAINS.length) % MANAGED_THINGS.length]!;
  const round = Math.floor((index - DOMAINS.length) / MANAGED_THINGS.length);
  const base = DOMAINS[index % DOMAINS.length]!;
  return {
    ...base,
    name: `Quản lý ${thing}${round > 0 ? ` ${round + 1}` : ''}`,
    activity: `quản lý ${thing}`,
    things: [thing, `hoạt động ${thing}`, ...base.things.slice(0, 3)],
  };
}

function fill(template: string, d: Domain, rng: Rng): string {
  const s = template
    .replaceAll('{S}', capitalize(d.subject))
    .replaceAll('{s}', d.subject)
    .replaceAll('{a}', d.activity)
    .replaceAll('{o}', d.object)
    .replaceAll('{G}', d.agency)
    .replaceAll('{g}', d.agency)
    .replaceAll('{T}', pick(rng, d.things).toUpperCase())
    .replaceAll('{t}', pick(rng, d.things))
    .replaceAll('{n}', String(pick(rng, [5, 7, 10, 15, 30, 45, 60])));
  return s;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function slugOf(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function article(d: Domain, rng: Rng, number: number, chapter: string, first: boolean, last: boolean): GeneratedArticle {
  let title: string;
  const lines: string[] = [];
  if (first) {
    title = 'Phạm vi điều chỉnh';
    lines.push(`Luật này quy định về ${d.activity}; quyền, nghĩa vụ của ${d.subject}; trách nhiệm của cơ quan, tổ chức, cá nhân có liên quan.`);
  } else if (last) {
    title = 'Hiệu lực thi hành';
    lines.push(`1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm ${between(rng, 2011, 2025)}.`);
    lines.push(`2. Chính phủ, cơ quan có thẩm quyền quy định chi tiết các điều, khoản được giao trong Luật.`);
  } else {
    title = fill(pick(rng, ARTICLE_TITLES), d, rng);
    const khoanCount = rng() < 0.2 ? 0 : between(rng, 2, 6);
    if (khoanCount === 0) lines.push(fill(pick(rng, PROVISIONS), d, rng));
    for (let k = 1; k <= khoanCount; k++) {
      if (rng() < 0.3) {
        lines.push(`${k}. ${fill(pick(rng, LEAD_INS), d, rng)}`);
        const points = between(rng, 2, 5);
        for (let p = 0; p < points; p++) lines.push(`${LETTERS[p]}) ${capitalize(fill(pick(rng, POINTS), d, rng))}${p + 1 < points ? ';' : '.'}`);
      } else {
        const sentences = between(rng, 1, 3);
        const body = Array.from({ length: sentences }, () => fill(pick(rng, PROVISIONS), d, rng)).join(' ');
        lines.push(`${k}. ${body}`);
      }
    }
  }
  const heading = `Điều ${number}. ${title}`;
  const khoan: GeneratedKhoan[] = [];
  for (const line of lines) {
    const m = /^(\d+)\. /.exec(line);
    if (m) khoan.push({ number: Number(m[1]), text: line });
    else if (khoan.length > 0 && /^[a-zđ]\) /u.test(line)) {
      const prev = khoan.pop()!;
      khoan.push({ number: prev.number, text: `${prev.text}\n${line}` });
    }
  }
  return { number, title, heading, chapter, khoan, text: [heading, ...lines].join('\n') };
}

/** A law of the standard layout: header, preamble, chapters of articles, adoption clause, signer. */
export function generateLaw(options: LawOptions): GeneratedDocument {
  const rng = seededRandom(options.seed);
  const index = options.index ?? Math.floor(rng() * DOMAINS.length);
  const d = domainOf(index);
  const year = between(rng, 2005, 2024);
  const term = Math.floor((year - 1946) / 5) + 1 - 2;
  const designation = `${between(rng, 10, 99)}/${year}/QH${term}`;
  const articleCount = options.articles ?? between(rng, 30, 90);
  const chapterCount = Math.max(1, Math.min(options.chapters ?? between(rng, 4, 8), articleCount));
  const signer = pick(rng, SIGNERS);
  const title = `Luật ${d.name}`;
  const day = between(rng, 1, 28);
  const month = between(rng, 1, 12);

  const paragraphs: string[] = [
    'QUỐC HỘI',
    '-------',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    '---------------',
    `Luật số: ${designation}`,
    `Hà Nội, ngày ${day} tháng ${month} năm ${year}`,
    'LUẬT',
    d.name.toUpperCase(),
    'Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;',
    `Quốc hội ban hành Luật ${d.name}.`,
  ];
  const articles: GeneratedArticle[] = [];
  const perChapter = Math.ceil(articleCount / chapterCount);
  let n = 1;
  for (let c = 0; c < chapterCount && n <= articleCount; c++) {
    const roman = ROMAN[c] ?? String(c + 1);
    paragraphs.push(`Chương ${roman}`);
    const chapterTitle = c === 0 ? CHAPTER_TITLES[0]! : c === chapterCount - 1 ? CHAPTER_TITLES[6]! : fill(pick(rng, CHAPTER_TITLES.slice(1, 6)), d, rng);
    paragraphs.push(chapterTitle);
    for (let i = 0; i < perChapter && n <= articleCount; i++, n++) {
      const a = article(d, rng, n, roman, n === 1, n === articleCount);
      articles.push(a);
      paragraphs.push(...a.text.split('\n'));
    }
  }
  paragraphs.push(
    `Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa ${ROMAN[term - 1] ?? term}, kỳ họp thứ ${between(rng, 2, 10)} thông qua ngày ${day} tháng ${month} năm ${year}.`,
    'CHỦ TỊCH QUỐC HỘI',
    signer,
  );
  return {
    slug: slugOf(title),
    title,
    type: 'Luật',
    name: d.name,
    designation,
    issuer: 'Quốc hội',
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    place: null,
    signer,
    articles,
    chapters: chapterCount,
    paragraphs,
    text: paragraphs.join('\n'),
  };
}

export interface PartyOptions {
  readonly seed: number;
  /** "Kết luận" (default) or "Quy định" (written in Điều). */
  readonly type?: 'Kết luận' | 'Quy định' | 'Chỉ thị';
  readonly number?: number;
  /** Central (`/TW`, default) or provincial (`/TU`). */
  readonly level?: 'TW' | 'TU';
}

/** A Party document with the header block of Hướng dẫn 36-HD/VPTW and its closing block. */
export function generatePartyDocument(options: PartyOptions): GeneratedDocument {
  const rng = seededRandom(options.seed);
  const d = pick(rng, DOMAINS);
  const type = options.type ?? 'Kết luận';
  const level = options.level ?? 'TW';
  const number = options.number ?? between(rng, 1, 150);
  const abbreviation = { 'Kết luận': 'KL', 'Quy định': 'QĐ', 'Chỉ thị': 'CT' }[type];
  const designation = `${String(number).padStart(2, '0')}-${abbreviation}/${level}`;
  const year = between(rng, 2016, 2024);
  const month = between(rng, 1, 12);
  const day = between(rng, 1, 28);
  const place = level === 'TW' ? 'Hà Nội' : pick(rng, PLACES.slice(1));
  const signer = pick(rng, SIGNERS);
  const issuer = level === 'TW' ? 'BAN CHẤP HÀNH TRUNG ƯƠNG' : `TỈNH ỦY ${place.toUpperCase()}`;
  const subject = `về tăng cường sự lãnh đạo của Đảng đối với ${d.activity}`;
  const paragraphs: string[] = [
    level === 'TW' ? issuer : `ĐẢNG BỘ TỈNH ${place.toUpperCase()}`,
    ...(level === 'TW' ? [] : ['TỈNH ỦY']),
    '*',
    `Số ${designation}`,
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    '---------------',
    `${place}, ngày ${day} tháng ${month} năm ${year}`,
    type.toUpperCase(),
    level === 'TW' ? 'CỦA BỘ CHÍNH TRỊ' : 'CỦA BAN THƯỜNG VỤ TỈNH ỦY',
    subject,
    '-----',
  ];
  const articles: GeneratedArticle[] = [];
  if (type === 'Quy định') {
    const count = between(rng, 6, 14);
    for (let n = 1; n <= count; n++) {
      const a = article(d, rng, n, 'I', false, false);
      articles.push(a);
      paragraphs.push(...a.text.split('\n'));
    }
  } else {
    paragraphs.push(`Thời gian qua, các cấp ủy, tổ chức đảng đã lãnh đạo, chỉ đạo ${d.activity} đạt nhiều kết quả quan trọng.`);
    const groups = between(rng, 3, 6);
    for (let g = 1; g <= groups; g++) {
      paragraphs.push(`${g}. ${capitalize(fill(pick(rng, PROVISIONS), d, rng))}`);
      if (rng() < 0.5) paragraphs.push(`- ${capitalize(fill(pick(rng, POINTS), d, rng))}.`);
    }
  }
  paragraphs.push(
    level === 'TW' ? 'T/M BỘ CHÍNH TRỊ' : 'T/M BAN THƯỜNG VỤ',
    level === 'TW' ? 'TỔNG BÍ THƯ' : 'BÍ THƯ',
    signer,
    'Nơi nhận:',
    level === 'TW' ? '- Các tỉnh ủy, thành ủy,' : '- Các huyện ủy, thị ủy, thành ủy trực thuộc,',
    '- Các ban đảng, ban cán sự đảng, đảng đoàn,',
    level === 'TW' ? '- Lưu Văn phòng Trung ương Đảng.' : '- Lưu Văn phòng Tỉnh ủy.',
  );
  const title = `${type} ${subject}`;
  return {
    slug: slugOf(`${type} ${designation}`),
    title,
    type,
    name: null,
    designation,
    issuer: level === 'TW' ? 'Bộ Chính trị' : 'Ban Thường vụ Tỉnh ủy',
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    place,
    signer,
    articles,
    chapters: 0,
    paragraphs,
    text: paragraphs.join('\n'),
  };
}

/** A library of `count` laws with distinct names (the named ones first), seeded from `seed`. */
export function generateLawLibrary(count: number, seed: number, articles?: { min: number; max: number }): GeneratedDocument[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, (_, i) =>
    generateLaw({
      seed: Math.floor(rng() * 2 ** 31),
      index: i,
      ...(articles ? { articles: between(rng, articles.min, articles.max) } : {}),
    }),
  );
}
