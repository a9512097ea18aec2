/**
 * The k best (score, ordinal) pairs offered in ascending ordinal order: a bounded min-heap whose
 * root is the worst kept. Since every new ordinal is larger than the kept ones, a score equal to
 * the root's loses the tie (ties go to the lower ordinal), so a newcomer must beat it strictly.
 */
export interface Kept {
  readonly ordinal: number;
  readonly score: number;
  /** Which query slots the chunk has (1) or not (0). */
  readonly present: Uint8Array;
}

export class TopK {
  private readonly heap: Kept[] = [];

  constructor(
    readonly k: number,
    private readonly slots: number,
  ) {}

  get full(): boolean {
    return this.heap.length >= this.k;
  }

  /** The score a newcomer must beat (0 until k are kept). */
  get threshold(): number {
    return this.heap.length >= this.k ? this.heap[0]!.score : 0;
  }

  offer(ordinal: number, score: number, present: Uint8Array): void {
    const heap = this.heap;
    if (heap.length >= this.k && score <= heap[0]!.score) return;
    const kept: Kept = { ordinal, score, present: present.slice(0, this.slots) };
    if (heap.length < this.k) {
      heap.push(kept);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    heap[0] = kept;
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
  }

  /** Best first: higher score, then lower ordinal. */
  sorted(): Kept[] {
    return [...this.heap].sort((a, c) => (worse(a, c) ? 1 : worse(c, a) ? -1 : 0));
  }
}

/** Lower score, or equal score and higher ordinal. */
function worse(a: Kept, c: Kept): boolean {
  return a.score < c.score || (a.score === c.score && a.ordinal > c.ordinal);
}
