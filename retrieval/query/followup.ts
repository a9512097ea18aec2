/**
 * A follow-up in a conversation, read against the chat's last question: "Còn Kết luận 14 thì
 * sao?" after "Kết luận 21 có mấy nhóm nhiệm vụ?" asks "Kết luận 14 có mấy nhóm nhiệm vụ?";
 * "còn quý II?" after "GRDP quý I/2022 tăng bao nhiêu?" asks for quý II. The new detail takes the
 * place of the one of the same kind — a document designation, a period, a named place — or, with
 * none of its kind in the last question, is added to it.
 */
import { foldForMatch } from '../../text/fold.ts';
import { readPeriods } from '../../text/periods.ts';
import { parseReferences } from '../../text/references/index.ts';

/** "còn …", "thế còn …", "vậy còn …", "… thì sao", "… nữa": the words that make a follow-up. */
const OPENING = /^(?:(?:thế|thế còn|vậy|vậy còn|the|the con|vay|vay con)\s+)?(?:còn|con)\s+/iu;
const CLOSING = /\s*(?:thì sao|thi sao|thế nào|the nao|nữa|nua|được không|duoc khong)?\s*[?!.…]*\s*$/iu;
/** A capitalized run after a body or place word ("tỉnh Quảng Nam", "Thành ủy Vị Thanh"), or alone. */
const PLACE = /(?:(?:tỉnh|thành phố|huyện|thị xã|xã|phường|Tỉnh ủy|Thành ủy|Huyện ủy)\s+)?\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*)*/u;
/** A follow-up is short: longer messages are questions of their own. */
const MAX_WORDS = 8;

/** The question a follow-up asks, or null when the message is not one. */
export function resolveFollowUp(previous: string, message: string): string | null {
  const text = message.trim();
  const opening = OPENING.exec(text);
  const closing = CLOSING.exec(text);
  if (opening === null && !/thì sao|thi sao/iu.test(closing?.[0] ?? '')) return null;
  const detail = text.slice(opening?.[0].length ?? 0, closing?.index ?? text.length).trim();
  if (detail === '' || detail.split(/\s+/u).length > MAX_WORDS) return null;

  const newRefs = parseReferences(detail);
  if (newRefs.length > 0) {
    const oldRefs = parseReferences(previous);
    if (oldRefs.length > 0) return replaceSpans(previous, [{ start: oldRefs[0]!.start, end: oldRefs.at(-1)!.end }], detail);
  }
  const newPeriods = readPeriods(detail);
  if (newPeriods.length > 0) {
    const oldPeriods = readPeriods(previous);
    if (oldPeriods.length > 0) {
      // "quý II" after "quý I/2022": the year the last question gave stays unless the new one gives its own.
      const first = oldPeriods[0]!;
      const keepYear = newPeriods.every((p) => p.year === null) && first.year !== null;
      // …written as the last question wrote it: "quý I-2023" → "quý III-2023".
      const joiner = /(\s*[-/.]\s*|\s+năm\s+|\s+nam\s+|\s+)(?:19|20)\d\d$/u.exec(previous.slice(first.start, first.end))?.[1] ?? '/';
      const written = keepYear ? `${detail}${joiner}${first.year}` : detail;
      return replaceSpans(previous, [{ start: first.start, end: oldPeriods.at(-1)!.end }], written);
    }
    return append(previous, detail);
  }
  const newPlace = PLACE.exec(detail);
  if (newPlace !== null && newRefs.length === 0) {
    // The first word is capitalized as every sentence is: there, only a run of two words is a name.
    const oldPlace = [...previous.matchAll(new RegExp(PLACE.source, 'gu'))].find((m) => m.index > 0 || /\s/u.test(m[0]));
    if (oldPlace !== undefined) return replaceSpans(previous, [{ start: oldPlace.index, end: oldPlace.index + oldPlace[0].length }], detail);
  }
  return append(previous, detail);
}

function replaceSpans(text: string, spans: ReadonlyArray<{ start: number; end: number }>, by: string): string {
  let out = text;
  for (const { start, end } of [...spans].sort((a, b) => b.start - a.start)) out = `${out.slice(0, start)}${by}${out.slice(end)}`;
  return out;
}

/** The detail added before the question mark: "… tăng bao nhiêu ở Vị Thanh?". */
function append(previous: string, detail: string): string {
  const base = previous.replace(/[\s?!.…]+$/u, '');
  return foldForMatch(base).includes(foldForMatch(detail)) ? previous : `${base} ${detail}?`;
}
