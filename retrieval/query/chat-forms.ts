/**
 * Words as people type them in a chat, written out: "bn" and "bao nhiu" are "bao nhiêu", "ko"
 * is "không", "dc" is "được", "Q1/2022" is "quý 1/2022", "T6/2022" is "tháng 6/2022". Whole
 * words only, case ignored; a short form that is also a word with marks ("không" stays) is left.
 *
 * The rest of understanding (question words, periods, references) then reads the written-out
 * form, so these are one table, not rules scattered over the cues.
 */

interface ChatForm {
  readonly pattern: RegExp;
  readonly written: string;
}

const form = (typed: string, written: string): ChatForm => ({
  // Not part of a code or a number ("K-12", "ng-1"): a word of its own.
  pattern: new RegExp(`(?<![\\p{L}\\p{N}][-/]?)(?:${typed})(?![\\p{L}\\p{N}]|[-/.]\\p{N})`, 'giu'),
  written,
});

/** Most specific first. */
const FORMS: readonly ChatForm[] = [
  form('bao nhiu|bao nhieuu|bnhiu|bnh|bn', 'bao nhiêu'),
  form('ntn|nhu the nao', 'như thế nào'),
  form('ko|k0|khg|hok|k', 'không'),
  form('đc|dc|đk|dk|đươc', 'được'),
  form('j', 'gì'),
  form('vs', 'với'),
  form('ng', 'người'),
  form('tp', 'thành phố'),
  form('nvu', 'nhiệm vụ'),
  form('đv|dv', 'đảng viên'),
  form('cb', 'cán bộ'),
];

/** "Q1/2022", "Q.2-2023", "q3 2022", "Q4" → "quý 1/2022" …; "T6/2022", "t12-2021" → "tháng 6/2022". */
const QUARTER = /(?<![\p{L}\p{N}])[qQ]\.?\s?([1-4])(?=(?:\s*[-/.]\s*|\s+)(?:19|20)\d\d(?!\p{N})|[^\p{L}\p{N}]|$)/gu;
const MONTH = /(?<![\p{L}\p{N}])[tT]\.?([1-9]|1[0-2])(?=\s*[-/.]\s*(?:19|20)\d\d(?!\p{N}))/gu;

export function expandChatForms(text: string): string {
  let out = text.replace(QUARTER, 'quý $1').replace(MONTH, 'tháng $1');
  for (const { pattern, written } of FORMS) out = out.replace(pattern, written);
  return out;
}
