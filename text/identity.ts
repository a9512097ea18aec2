/**
 * A document's identity from its own text: the header block of the standard layout (Nghị định
 * 30/2020/NĐ-CP, Phụ lục I, for state documents; Hướng dẫn 36-HD/VPTW for the Party's) and its
 * closing block (text/closing.ts).
 *
 *   QUỐC HỘI                                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     issuer │ national motto
 *   -------                                    Độc lập - Tự do - Hạnh phúc
 *   Luật số: 58/2010/QH12                      Hà Nội, ngày 15 tháng 11 năm 2010      number │ place, date
 *                                  LUẬT                                              type
 *                               VIÊN CHỨC                                            subject (a law's name)
 *   … body …
 *   T/M BAN CHẤP HÀNH TRUNG ƯƠNG · TỔNG BÍ THƯ · (Đã ký) · Nguyễn Phú Trọng           signer
 *   Nơi nhận: - …                                                                    recipients
 *
 * Extracted text puts the two columns one after the other or on one line, so each header line is
 * classified by what it is, not by where it is. A text with neither a "Số:" line nor a type line
 * beside an issuer, motto or dateline has no identity (speeches, news): null.
 */
import { ADOPTION, closingStart, MANDATE, PERSON_NAME, RECIPIENTS } from './closing.ts';
import { readDateAt } from './dates.ts';
import { readLegalHeading } from './legal.ts';
import { readLineMarker } from './markers.ts';
import { displayName, sentenceCase } from './names.ts';
import { lineSpans, type Span } from './sentences.ts';

export interface TextField extends Span {
  /** `text.slice(start, end)`. */
  readonly text: string;
}

export interface Signer {
  /** "T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "K/T BỘ TRƯỞNG"; null when the block has none. */
  readonly mandate: string | null;
  /** "TỔNG BÍ THƯ", "CHỦ TỊCH QUỐC HỘI". */
  readonly position: string | null;
  /** The signer's name, as written. */
  readonly name: TextField;
  /** The whole signer block. */
  readonly block: TextField;
}

export interface ParsedIdentity {
  /** The issuing body as written in the header (its lines joined), and how it is shown. */
  readonly issuer: TextField | null;
  readonly issuerName: string | null;
  /** "21-KL/TW", "58/2010/QH12", as written after "Số:". */
  readonly number: TextField | null;
  readonly place: string | null;
  /** ISO date of issue: the dateline, else a law's adoption date. */
  readonly date: string | null;
  readonly dateline: TextField | null;
  /** The type as a title word: "Luật", "Kết luận", "Nghị định". */
  readonly type: string | null;
  /** From the type line through the subject lines. */
  readonly heading: TextField | null;
  /** The "về …" line(s) of the heading, or a law's name line(s). */
  readonly subjectSpan: TextField | null;
  /** A law's name ("Viên chức"), for Luật, Bộ luật, Pháp lệnh. */
  readonly name: string | null;
  /** The "về …" clause, or the lines after the type in sentence case. */
  readonly subject: string | null;
  /** The document's own title: "Luật Viên chức", "Kết luận của Bộ Chính trị về …". */
  readonly title: string | null;
  readonly signer: Signer | null;
  readonly recipients: TextField | null;
  /** Where the body starts (after the header) and ends (the closing block). */
  readonly bodyStart: number;
  readonly closingStart: number;
}

/** Header lines are looked for among the first lines only. */
const HEADER_MAX_LINES = 30;
const SUBJECT_MAX_LINES = 4;
const HEADER_LINE_MAX_CHARS = 250;

/** The national motto and the Party's name (whole, or as a column wraps them: "CỘNG HÒA XÃ HỘI CHỦ" / "NGHĨA VIỆT NAM"). */
const MOTTO =
  /CỘNG HÒA XÃ HỘI(?: CHỦ(?: NGHĨA)?)?(?: VIỆT NAM)?|^(?:CHỦ )?(?:NGHĨA )?VIỆT NAM$|ĐẢNG CỘNG SẢN(?: VIỆT NAM)?|Độc lập\s*[-–—]\s*Tự do(?:\s*[-–—]\s*Hạnh phúc)?|^Hạnh phúc$/iu;
const DECORATION = /^[-_*=~.·•\s]+$/u;
const NUMBER_LINE = /(?:^|\s)(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Lệnh)\s+)?[Ss]ố\s*:?\s*(?<designation>\d{1,5}[-/][\p{L}\p{N}\-/]{1,40})/u;
const DATELINE = /(?<place>\p{Lu}[\p{L} .]{1,40}?),\s*ngày\s+/u;

/** Type words of the heading (in capitals), with the title form. */
const TYPES: ReadonlyArray<readonly [string, string]> = [
  ['THÔNG BÁO KẾT LUẬN', 'Thông báo kết luận'],
  ['THÔNG TƯ LIÊN TỊCH', 'Thông tư liên tịch'],
  ['CHƯƠNG TRÌNH HÀNH ĐỘNG', 'Chương trình hành động'],
  ['KẾ HOẠCH HÀNH ĐỘNG', 'Kế hoạch'],
  ['BỘ LUẬT', 'Bộ luật'],
  ['HIẾN PHÁP', 'Hiến pháp'],
  ['LUẬT', 'Luật'],
  ['PHÁP LỆNH', 'Pháp lệnh'],
  ['NGHỊ ĐỊNH', 'Nghị định'],
  ['NGHỊ QUYẾT', 'Nghị quyết'],
  ['THÔNG TƯ', 'Thông tư'],
  ['QUYẾT ĐỊNH', 'Quyết định'],
  ['CHỈ THỊ', 'Chỉ thị'],
  ['KẾT LUẬN', 'Kết luận'],
  ['QUY ĐỊNH', 'Quy định'],
  ['QUY CHẾ', 'Quy chế'],
  ['ĐIỀU LỆ', 'Điều lệ'],
  ['HƯỚNG DẪN', 'Hướng dẫn'],
  ['KẾ HOẠCH', 'Kế hoạch'],
  ['BÁO CÁO', 'Báo cáo'],
  ['THÔNG BÁO', 'Thông báo'],
  ['TỜ TRÌNH', 'Tờ trình'],
  ['CHƯƠNG TRÌNH', 'Chương trình'],
  ['ĐỀ ÁN', 'Đề án'],
  ['CÔNG VĂN', 'Công văn'],
];
/** Types whose subject is a name ("LUẬT / VIÊN CHỨC" → Luật Viên chức). */
const NAMED = new Set(['Luật', 'Bộ luật', 'Pháp lệnh', 'Hiến pháp']);

function isCaps(s: string): boolean {
  return /\p{Lu}/u.test(s) && s === s.toUpperCase();
}

function field(text: string, start: number, end: number): TextField {
  return { start, end, text: text.slice(start, end) };
}

/** The type word opening a line in capitals, and where the rest of the line starts. */
function readType(line: string): { type: string; rest: number } | null {
  if (!isCaps(line.slice(0, 30))) return null;
  for (const [word, type] of TYPES) {
    if (line.startsWith(word) && !/[\p{L}\p{N}]/u.test(line[word.length] ?? '')) return { type, rest: word.length };
  }
  return null;
}

export function parseIdentity(text: string): ParsedIdentity | null {
  const lines = lineSpans(text);
  const closing = closingStart(text, lines);
  const read = (i: number): string => text.slice(lines[i]!.start, lines[i]!.end);
  let issuerLines: Span[] = [];
  let number: TextField | null = null;
  let dateline: TextField | null = null;
  let place: string | null = null;
  let date: string | null = null;
  let typeAt = -1;
  let motto = false;
  const limit = Math.min(lines.length, HEADER_MAX_LINES);
  for (let i = 0; i < limit && typeAt < 0; i++) {
    const line = lines[i]!;
    const s = read(i);
    if (s.length > HEADER_LINE_MAX_CHARS || line.start >= closing) break;
    if (DECORATION.test(s)) continue;
    if (readLegalHeading(s) !== null || (readLineMarker(text, line)?.kind ?? 'bullet') !== 'bullet') break;
    const mottoAt = MOTTO.exec(s);
    let own = s;
    if (mottoAt !== null) {
      motto = true;
      own = s.slice(0, mottoAt.index).trim();
    }
    const num = NUMBER_LINE.exec(own);
    if (num?.groups?.designation !== undefined && number === null) {
      const at = line.start + num.index + num[0].lastIndexOf(num.groups.designation);
      number = field(text, at, at + num.groups.designation.replace(/[-/.,]+$/u, '').length);
    }
    const dl = dateline === null ? DATELINE.exec(own) : null;
    if (dl !== null) {
      const found = readDateAt(own, dl.index + dl[0].length);
      if (found !== null) {
        date = found.iso;
        place = (dl.groups?.place ?? '').trim();
        dateline = field(text, line.start + dl.index, line.start + found.end);
      }
    }
    const type = readType(own);
    if (type !== null && own === s.trim() && num === null) {
      typeAt = i;
      break;
    }
    if (num === null && dl === null && own !== '' && isCaps(own) && own.length <= 80 && number === null && dateline === null) {
      issuerLines.push({ start: line.start, end: line.start + own.length });
    }
  }
  if (typeAt < 0 && number === null) return null;
  if (typeAt >= 0 && number === null && dateline === null && !motto && issuerLines.length === 0) return null;
  if (typeAt < 0 && issuerLines.length === 0 && dateline === null && !motto) return null;

  // The heading: the type line and the subject lines after it.
  let heading: TextField | null = null;
  let subjectSpan: TextField | null = null;
  let type: string | null = null;
  let name: string | null = null;
  let subject: string | null = null;
  let title: string | null = null;
  let bodyStart = 0;
  let byIssuer: string | null = null;
  if (typeAt >= 0) {
    const typeLine = read(typeAt);
    const found = readType(typeLine)!;
    type = found.type;
    const subjectLines: string[] = [];
    const restOfLine = typeLine.slice(found.rest).trim();
    if (restOfLine !== '') subjectLines.push(restOfLine);
    let last = typeAt;
    let subjectFrom = -1;
    for (let i = typeAt + 1; i < lines.length && i <= typeAt + SUBJECT_MAX_LINES; i++) {
      const s = read(i);
      if (lines[i]!.start >= closing || DECORATION.test(s) || s.length > HEADER_LINE_MAX_CHARS) break;
      if (/^(?:Căn cứ|Kính gửi|Thực hiện|Tại\s)/u.test(s) || readLegalHeading(s) !== null) break;
      if ((readLineMarker(text, lines[i]!)?.kind ?? 'bullet') !== 'bullet') break;
      if (!isCaps(s) && !/^(?:về|V\/v|Về)\s/u.test(s) && !(subjectLines.length > 0 && /^\p{Ll}/u.test(s))) break;
      subjectLines.push(s);
      last = i;
      if (subjectFrom < 0 && (/^(?:về|V\/v|Về)\s/u.test(s) || NAMED.has(type))) subjectFrom = i;
    }
    if (subjectFrom >= 0) subjectSpan = field(text, lines[subjectFrom]!.start, lines[last]!.end);
    heading = field(text, lines[typeAt]!.start, lines[last]!.end);
    let after = last;
    while (after + 1 < lines.length && DECORATION.test(read(after + 1))) after++;
    bodyStart = lines[after]!.end;
    const caps = subjectLines.filter(isCaps);
    const about = subjectLines.filter((l) => !isCaps(l)).join(' ');
    const of = caps.find((l) => /^CỦA\s/u.test(l));
    if (of !== undefined) byIssuer = displayName(of.replace(/^CỦA\s+/u, ''));
    if (NAMED.has(type) && caps.length > 0) {
      name = sentenceCase(caps.filter((l) => l !== of).join(' '));
      title = `${type} ${name}`;
    } else {
      const capsPart = caps.map((l) => (l === of ? `của ${byIssuer ?? ''}` : sentenceCase(l, false))).join(' ');
      subject = about !== '' ? about.replace(/^(?:về|Về)\s+/u, '').replace(/^V\/v\s+/u, '') : capsPart || null;
      title = [type, capsPart, about].filter((p) => p !== '').join(' ');
    }
  } else if (number !== null) {
    bodyStart = Math.max(number.end, dateline?.end ?? 0);
  }

  const issuer =
    issuerLines.length === 0 ? null : field(text, issuerLines[0]!.start, issuerLines[issuerLines.length - 1]!.end);
  const issuerName = byIssuer ?? (issuer === null ? null : displayName(issuerLines.map((l) => text.slice(l.start, l.end)).join(' ')));
  const closingBlock = readClosing(text, lines, closing);
  return {
    issuer,
    issuerName,
    number,
    place,
    date: date ?? closingBlock.adopted,
    dateline,
    type,
    heading,
    subjectSpan,
    name,
    subject,
    title,
    signer: closingBlock.signer,
    recipients: closingBlock.recipients,
    bodyStart,
    closingStart: closing,
  };
}

interface Closing {
  readonly signer: Signer | null;
  readonly recipients: TextField | null;
  /** A law's adoption date ("… thông qua ngày 15 tháng 11 năm 2010"). */
  readonly adopted: string | null;
}

/** Signer, recipients and adoption date of the closing block. */
function readClosing(text: string, lines: readonly Span[], closing: number): Closing {
  const block = lines.filter((l) => l.start >= closing);
  let mandate: Span | null = null;
  let position: Span | null = null;
  let name: Span | null = null;
  let recipientsStart: Span | null = null;
  let recipientsEnd: Span | null = null;
  let adopted: string | null = null;
  for (const l of block) {
    const s = text.slice(l.start, l.end);
    if (ADOPTION.test(s)) {
      const at = /thông\s+qua\s+ngày\s+/u.exec(s);
      adopted = at === null ? null : (readDateAt(s, at.index + at[0].length)?.iso ?? null);
      continue;
    }
    if (RECIPIENTS.test(s)) {
      recipientsStart = l;
      recipientsEnd = l;
      continue;
    }
    if (/^[-–•+]\s*\S/u.test(s) && recipientsStart !== null) {
      recipientsEnd = l;
      continue;
    }
    if (MANDATE.test(s) && mandate === null) mandate = l;
    else if (isCaps(s) && s.length <= 80 && position === null && name === null) position = l;
    else if (PERSON_NAME.test(s) && name === null) name = l;
  }
  const slice = (l: Span | null): string | null => (l === null ? null : text.slice(l.start, l.end));
  const first = mandate ?? position ?? name;
  const signer: Signer | null =
    name === null || first === null
      ? null
      : {
          mandate: slice(mandate),
          position: slice(position),
          name: field(text, name.start, name.end),
          block: field(text, Math.min(first.start, name.start), Math.max(name.end, position?.end ?? 0, mandate?.end ?? 0)),
        };
  const recipients = recipientsStart && recipientsEnd ? field(text, recipientsStart.start, recipientsEnd.end) : null;
  return { signer, recipients, adopted };
}
