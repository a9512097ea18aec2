/**
 * The closing block of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I; Hướng
 * dẫn 36-HD/VPTW): the adoption clause of a law ("Luật này đã được Quốc hội … thông qua ngày …"),
 * the signer block ("T/M BAN CHẤP HÀNH TRUNG ƯƠNG" / "TỔNG BÍ THƯ" / "(Đã ký)" / the name) and
 * "Nơi nhận:" with its recipients. It closes the body: no article or section runs into it.
 *
 * Found from the end: the block is the longest run of closing-like lines at the end of the text
 * that starts with an opener (Nơi nhận, a mandate T/M K/T TM. KT. TL. TUQ. Q., an adoption
 * clause, or a position in capitals followed by a name). Two columns extracted from a PDF
 * interleave recipients and signer lines; each line is classified alone, so the order does not matter.
 */
import { lineSpans, type Span } from './sentences.ts';

/** How many lines from the end may belong to the closing block. */
const CLOSING_MAX_LINES = 60;
const POSITION_MAX_CHARS = 80;

export const RECIPIENTS = /^N[ơo]i\s+nh[ậa]n\s*:?/iu;
export const MANDATE = /^(?:T\/M|K\/T|TM\.|KT\.|TL\.|TUQ\.|Q\.|T\.M\.|K\.T\.)\s*\S/u;
export const ADOPTION =
  /^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Hiến pháp)\s+này\s+(?:đã\s+)?được\s+[^\n]{0,200}?thông\s+qua\s+ngày/u;
const SIGNED = /^\(?\s*(?:đã\s+ký|ký\s+tên|ký,\s*đóng\s+dấu|ký\s+và\s+đóng\s+dấu)[^)]*\)?\.?$/iu;
const RECIPIENT_LINE = /^[-–•+]\s*\S/u;
const FILED = /^(?:-\s*)?Lưu\s*:?\s*\S/u;
const END_MARK = /^\.\/\.$/u;
/** A person's name: 2–6 capitalized words ("Nguyễn Phú Trọng", "Võ Văn Thưởng"). */
export const PERSON_NAME = /^(?:\p{Lu}\p{Ll}*\s+){1,5}\p{Lu}\p{Ll}*$/u;

function isCaps(line: string): boolean {
  return /\p{Lu}/u.test(line) && line === line.toUpperCase() && line.length <= POSITION_MAX_CHARS;
}

function isOpener(line: string, next: string | undefined): boolean {
  if (RECIPIENTS.test(line) || MANDATE.test(line) || ADOPTION.test(line)) return true;
  // A position in capitals ("CHỦ TỊCH QUỐC HỘI") directly followed by a signature or a name.
  return isCaps(line) && next !== undefined && (SIGNED.test(next) || PERSON_NAME.test(next) || isCaps(next));
}

function isClosingLine(line: string): boolean {
  return (
    RECIPIENTS.test(line) ||
    MANDATE.test(line) ||
    ADOPTION.test(line) ||
    SIGNED.test(line) ||
    RECIPIENT_LINE.test(line) ||
    FILED.test(line) ||
    END_MARK.test(line) ||
    isCaps(line) ||
    PERSON_NAME.test(line)
  );
}

/**
 * Where the closing block starts (the offset of its first line), or `text.length` when the text
 * has none. `lines` are the text's trimmed lines (lineSpans), passed when the caller has them.
 */
export function closingStart(text: string, lines: readonly Span[] = lineSpans(text)): number {
  const read = (i: number): string => {
    const line = lines[i];
    return line === undefined ? '' : text.slice(line.start, line.end);
  };
  let start = text.length;
  const lowest = Math.max(0, lines.length - CLOSING_MAX_LINES);
  for (let i = lines.length - 1; i >= lowest; i--) {
    const line = read(i);
    if (!isClosingLine(line)) break;
    if (isOpener(line, i + 1 < lines.length ? read(i + 1) : undefined)) start = lines[i]!.start;
  }
  // Only capitals and names with no opener at all (a title page, a list of names) are not a closing.
  return start;
}
