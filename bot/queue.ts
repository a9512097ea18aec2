/**
 * Per-key ordering for replies: a caller takes its place in a key's line the moment its update
 * arrives, may compute its answer in parallel with the others, and sends only when every earlier
 * place of the same key has ended. So the replies of one chat leave in the order its messages
 * came, however long each took to compute or to send.
 */

export interface Turn {
  /** Resolves once every earlier turn of the same key has ended. Never rejects. */
  readonly ready: Promise<void>;
  /** Ends this turn, letting the next one go. Call it exactly once, also on failure. */
  end(): void;
}

export interface KeyedQueue {
  /** Takes the next place in `key`'s line, synchronously: call it in arrival order. */
  reserve(key: string): Turn;
}

export function createKeyedQueue(): KeyedQueue {
  /** The end of each key's line; removed when the line empties, so idle keys cost nothing. */
  const tails = new Map<string, Promise<void>>();
  return {
    reserve(key) {
      const ready = tails.get(key) ?? Promise.resolve();
      let end: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => {
        end = resolve;
      });
      const tail = ready.then(() => ended);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return { ready, end };
    },
  };
}
