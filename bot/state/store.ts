/**
 * What the bots and the HTTP API keep between messages, behind one small interface so that it
 * lives in this process (tests, `memoryStore`) or in SQLite and survives a restart (`npm start`,
 * sqlite.ts): redelivery keys, button tokens, each chat's context, rate-limit windows, and the
 * feedback people give on answers.
 *
 * Every kind of state is a named, bounded namespace of JSON values: past its capacity the least
 * recently used keys go first, so nothing grows without bound.
 */
import type { ChatMemory } from '../conversation.ts';

export interface Namespace<T> {
  /** The value under `key` (and marks it recently used), or undefined. */
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Stores `key` when absent and says true; false when it was there (it is refreshed). */
  addIfAbsent(key: string): boolean;
  delete(key: string): void;
}

/** Who said what about which answer: one 👍/👎. */
export interface FeedbackRecord {
  /** ms since the epoch. */
  readonly at: number;
  /** `web`, `api`, `telegram`, `zalo`. */
  readonly surface: string;
  readonly chatKey: string | null;
  readonly rating: 'up' | 'down';
  readonly question: string;
  readonly answer: string;
  readonly found: boolean;
  /** The question type the engine read ("count", "list", …), when known. */
  readonly type: string | null;
  /** What the answer cited: enough to find the passages again. */
  readonly citations: ReadonlyArray<{ readonly docId: string; readonly start: number; readonly end: number; readonly quote: string }>;
}

export interface FeedbackLog {
  add(record: FeedbackRecord): number;
  /** Every record, oldest first, with its id. */
  list(): Array<FeedbackRecord & { readonly id: number }>;
}

export interface StateStore {
  /** One kind of state; the same name always gives the same data. */
  namespace<T>(name: string, capacity: number): Namespace<T>;
  readonly feedback: FeedbackLog;
  /** Where it lives, for logs ("memory" or the file). */
  readonly location: string;
  close(): void;
}

/** Chat context (the last question of each chat) kept in a namespace of the store. */
export function storedChatMemory(store: StateStore, capacity = 5000): ChatMemory {
  const chats = store.namespace<{ question: string; at: number }>('chat-memory', capacity);
  return {
    recall: (chatKey) => chats.get(chatKey) ?? null,
    remember: (chatKey, question, at) => chats.set(chatKey, { question, at }),
  };
}

/** A bounded least-recently-used map in this process. */
function memoryNamespace<T>(capacity: number): Namespace<T> {
  const entries = new Map<string, T>();
  const touch = (key: string, value: T): void => {
    entries.delete(key);
    entries.set(key, value);
    while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) touch(key, value);
      return value;
    },
    set: touch,
    addIfAbsent(key) {
      const present = entries.has(key);
      touch(key, (entries.get(key) ?? true) as T);
      return !present;
    },
    delete: (key) => void entries.delete(key),
  };
}

/** State in this process only: lost on restart (tests, and the default of every surface). */
export function memoryStore(): StateStore {
  const spaces = new Map<string, Namespace<unknown>>();
  const records: Array<FeedbackRecord & { id: number }> = [];
  return {
    namespace<T>(name: string, capacity: number): Namespace<T> {
      let space = spaces.get(name);
      if (space === undefined) {
        space = memoryNamespace<unknown>(capacity);
        spaces.set(name, space);
      }
      return space as Namespace<T>;
    },
    feedback: {
      add(record) {
        const id = records.length + 1;
        records.push({ ...record, id });
        return id;
      },
      list: () => [...records],
    },
    location: 'memory',
    close() {},
  };
}
