/**
 * How close an extracted text is to its source: word-level F1 (PDF extraction) and character
 * similarity (OCR). Both compare NFC, case-folded text, so a reader is judged on the words it
 * recovers, not on line breaks or spacing.
 */

/** Words: runs of letters and digits, NFC, lowercase. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** Word F1 of `got` against `expected`, on word multisets. */
export function wordF1(expected: string, got: string): { precision: number; recall: number; f1: number } {
  const want = new Map<string, number>();
  for (const w of words(expected)) want.set(w, (want.get(w) ?? 0) + 1);
  const gotWords = words(got);
  let matched = 0;
  for (const w of gotWords) {
    const left = want.get(w) ?? 0;
    if (left > 0) {
      matched++;
      want.set(w, left - 1);
    }
  }
  const expectedCount = words(expected).length;
  const precision = gotWords.length === 0 ? 0 : matched / gotWords.length;
  const recall = expectedCount === 0 ? 0 : matched / expectedCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** 1 − Levenshtein distance / length of the longer, on whitespace-collapsed NFC lowercase text. */
export function characterSimilarity(expected: string, got: string): number {
  const a = [...expected.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim()].map((c) => c.codePointAt(0)!);
  const b = [...got.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim()].map((c) => c.codePointAt(0)!);
  if (a.length === 0 && b.length === 0) return 1;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (ai === b[j - 1] ? 0 : 1);
      const deletion = previous[j]! + 1;
      const insertion = current[j - 1]! + 1;
      current[j] = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
    }
    [previous, current] = [current, previous];
  }
  return 1 - previous[b.length]! / Math.max(a.length, b.length);
}
