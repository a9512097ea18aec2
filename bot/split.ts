/**
 * Splits a reply into chat messages under a length limit, preferring paragraph, then line, then
 * sentence, then word boundaries; a single word longer than the limit is cut hard.
 */
const BOUNDARIES: readonly RegExp[] = [/\n\n/g, /\n/g, /(?<=[.!?…;:])\s/g, /\s/g];

function lastBoundary(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const pattern of BOUNDARIES) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = (match.index ?? 0) + match[0].length;
      if (end <= limit && (match.index ?? 0) > 0) best = match.index ?? 0;
    }
    // Only take a boundary that keeps a reasonable part of the window, else try the finer one.
    if (best >= limit * 0.3) return best;
  }
  return limit;
}

export function splitMessage(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = lastBoundary(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head.length > 0) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
