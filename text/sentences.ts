/**
 * Vietnamese sentence and line spans over UTF-16 offsets.
 *
 * Shared by chunking (long paragraphs are split at sentences) and by answer extraction
 * (quotes are whole sentences), so a span is always a slice of the caller's text: no
 * normalization happens here. Breaks only ever fall in whitespace, which is what makes the
 * spans cover every non-space character exactly once; the rules below only decide which
 * whitespace runs are sentence breaks.
 */

export interface Span {
  start: number;
  end: number;
}

/** JavaScript's `\s` set, by char code, so trimming agrees with `String.prototype.trim`. */
export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isLineBreakCode(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** `[start, end)` without surrounding whitespace; null when only whitespace is left. */
export function trimSpan(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return s < e ? { start: s, end: e } : null;
}

/** Trimmed, non-empty lines within [from, to): the paragraphs of cleaned text. */
export function lineSpans(text: string, from = 0, to = text.length): Span[] {
  const [lo, hi] = clampRange(text, from, to);
  const lines: Span[] = [];
  let lineStart = lo;
  for (let i = lo; i <= hi; i++) {
    if (i === hi || isLineBreakCode(text.charCodeAt(i))) {
      const line = trimSpan(text, lineStart, i);
      if (line) lines.push(line);
      lineStart = i + 1;
    }
  }
  return lines;
}

const TERMINALS = new Set(['.', '!', '?', '…']);
/** Stripped from the end of a token before looking for its terminal: `rộng.”` ends a sentence. */
const TRAILING_CLOSERS = new Set([')', ']', '}', '”', '"', '’', "'", '»']);
const LEADING_OPENERS = new Set(['(', '[', '{', '“', '"', '‘', "'", '«']);
/** What may begin the next sentence: an uppercase letter, a digit, a quote or a bracket. */
const SENTENCE_START = /[\p{Lu}\p{Lt}\p{Nd}“"‘'«([]/uy;
/** Abbreviations written with a final dot in these documents (titles, city, saint). */
const ABBREVIATIONS = new Set([
  'TP', 'Tp', 'tp', 'TS', 'ThS', 'Ths', 'PGS', 'GS', 'St', 'TT', 'BS', 'KS', 'CN', 'NCS',
  'Th', 'Mr', 'Mrs', 'Ms', 'Dr', 'tr',
]);
/** Letter groups joined by dots: `v.v`, `PGS.TS`, `Th.S`, `TP.HCM`. Numbers are not letters. */
const DOTTED_ABBREVIATION = /^(?:\p{L}{1,4}\.)+\p{L}{1,4}$/u;
/** A name initial: `V.` in `V. I. Lênin`. */
const INITIAL = /^\p{Lu}$/u;
/** A marker opening a sentence: `III.`, `1.`, `(1).`, `a.`; its dot is not a sentence end. */
const LIST_MARKER = /^(?:[IVXLC]+|\d{1,2}|\(\d{1,2}\)|\p{Ll})\.$/u;

/**
 * Sentence spans within [from, to), in order, trimmed, covering every non-space character
 * exactly once. A sentence ends at a line break, or after . ! ? … (closing quotes and brackets
 * may follow) when whitespace and then an uppercase letter, digit, quote or opening bracket
 * come next — except after an abbreviation, an initial, a list marker opening the sentence, or
 * inside a quotation. Numbers, dates and document numbers (`1.500`, `05/01/2023`, `50-QĐ/TW`)
 * hold no whitespace, so they are never split. Linear time; never throws.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const [lo, hi] = clampRange(text, from, to);
  const spans: Span[] = [];
  let lineStart = lo;
  for (let i = lo; i <= hi; i++) {
    if (i === hi || isLineBreakCode(text.charCodeAt(i))) {
      splitLine(text, lineStart, i, spans);
      lineStart = i + 1;
    }
  }
  return spans;
}

function clampRange(text: string, from: number, to: number): [number, number] {
  const clamp = (v: number, min: number, max: number): number =>
    Number.isNaN(v) ? min : Math.min(max, Math.max(min, Math.trunc(v)));
  const lo = clamp(from, 0, text.length);
  return [lo, clamp(to, lo, text.length)];
}

function splitLine(text: string, start: number, end: number, out: Span[]): void {
  const quotes = quotedRanges(text, start, end);
  let q = 0;
  let i = start;
  while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
  if (i >= end) return;
  let sentenceStart = i;
  let firstToken = true;
  for (;;) {
    const tokenStart = i;
    while (i < end && !isSpaceCode(text.charCodeAt(i))) i++;
    const tokenEnd = i;
    while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= end) {
      out.push({ start: sentenceStart, end: tokenEnd });
      return;
    }
    // The whitespace at tokenEnd is quoted when it lies between an opening and its closing quote.
    while (q < quotes.length && (quotes[q]?.end ?? 0) < tokenEnd) q++;
    const quoted = (quotes[q]?.start ?? end) < tokenEnd;
    if (!quoted && endsSentence(text, tokenStart, tokenEnd, i, firstToken)) {
      out.push({ start: sentenceStart, end: tokenEnd });
      sentenceStart = i;
      firstToken = true;
    } else {
      firstToken = false;
    }
  }
}

/**
 * Quotations within one line, as [opening quote, closing quote] index pairs. An opening quote
 * with no possible closing quote later in the line is ignored, so a stray quote cannot
 * swallow the rest of the paragraph. Straight quotes pair up in order.
 */
function quotedRanges(text: string, start: number, end: number): Span[] {
  let lastCurlyClose = -1;
  let straightTotal = 0;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '”') lastCurlyClose = i;
    else if (ch === '"') straightTotal++;
  }
  const ranges: Span[] = [];
  let open = -1;
  let closer = '';
  let straightSeen = 0;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '"') straightSeen++;
    if (open < 0) {
      if (ch === '“' && i < lastCurlyClose) {
        open = i;
        closer = '”';
      } else if (ch === '"' && straightSeen < straightTotal) {
        open = i;
        closer = '"';
      }
    } else if (ch === closer) {
      ranges.push({ start: open, end: i });
      open = -1;
    }
  }
  return ranges;
}

function endsSentence(
  text: string,
  tokenStart: number,
  tokenEnd: number,
  next: number,
  firstToken: boolean,
): boolean {
  let e = tokenEnd;
  while (e > tokenStart && TRAILING_CLOSERS.has(text[e - 1] ?? '')) e--;
  if (e === tokenStart) return false;
  const last = text[e - 1] ?? '';
  if (!TERMINALS.has(last)) return false;
  SENTENCE_START.lastIndex = next;
  if (!SENTENCE_START.test(text)) return false;
  if (last !== '.') return true;
  if (text[e - 2] === '.' && e - 2 >= tokenStart) return true; // "..." is an ellipsis
  if (firstToken && LIST_MARKER.test(text.slice(tokenStart, e))) return false;
  let s = tokenStart;
  while (s < e && LEADING_OPENERS.has(text[s] ?? '')) s++;
  const word = text.slice(s, e - 1);
  return !(ABBREVIATIONS.has(word) || INITIAL.test(word) || DOTTED_ABBREVIATION.test(word));
}
