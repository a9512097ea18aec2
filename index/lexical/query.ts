/** How a query's terms are weighed, and the top-k selection over the scored documents. */

/** Weight of the pieces of a joined query term like "21-KL/TW" (see `weighQueryTerms`). */
const COMPOUND_PART_WEIGHT = 0.4;
const COMPOUND = /[-/]/;
/** Weight of a bigram term ("kết_luận") relative to a single term; see `weighQueryTerms`. */
export const BIGRAM_WEIGHT = 1;

/**
 * Distinct query terms with their weights. The pieces of a joined query term ("21", "kl", "tw" and
 * "21_kl", "kl_tw" of "21-kl/tw") weigh less than the joined term itself: the user wrote one
 * identifier, and a chunk holding it should beat one holding only its common pieces.
 */
export function weighQueryTerms(terms: readonly string[], bigramWeight: number): Map<string, number> {
  const parts = new Set<string>();
  for (const term of terms) {
    if (!COMPOUND.test(term)) continue;
    const pieces = term.split(COMPOUND);
    pieces.forEach((piece, i) => {
      parts.add(piece);
      if (i > 0) parts.add(`${pieces[i - 1] ?? ''}_${piece}`);
    });
  }
  return new Map(
    terms.map((term) => [term, (parts.has(term) ? COMPOUND_PART_WEIGHT : 1) * (term.includes('_') ? bigramWeight : 1)]),
  );
}

/** Merges `extra` terms into `terms` at `factor` times their weight, keeping the larger weight. */
export function addWeighted(terms: Map<string, number>, extra: ReadonlyMap<string, number>, factor: number): void {
  for (const [term, weight] of extra) terms.set(term, Math.max(terms.get(term) ?? 0, weight * factor));
}

/** The k best touched documents passing the filter, by score then ordinal, via a bounded min-heap. */
export function topK(
  touched: readonly number[],
  scores: Float64Array,
  k: number,
  filter: ((ordinal: number) => boolean) | undefined,
): { ordinal: number; score: number }[] {
  const heap: { ordinal: number; score: number }[] = [];
  // "worse" = lower score, or equal score and higher ordinal; the heap root is the worst kept.
  const worse = (a: { ordinal: number; score: number }, c: { ordinal: number; score: number }): boolean =>
    a.score < c.score || (a.score === c.score && a.ordinal > c.ordinal);
  const siftDown = (): void => {
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  };
  for (const ordinal of touched) {
    const candidate = { ordinal, score: scores[ordinal] ?? 0 };
    if (heap.length === k && !worse(heap[0]!, candidate)) continue;
    if (filter && !filter(ordinal)) continue;
    if (heap.length < k) {
      heap.push(candidate);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else {
      heap[0] = candidate;
      siftDown();
    }
  }
  return heap.sort((a, c) => (worse(a, c) ? 1 : worse(c, a) ? -1 : 0));
}

