/**
 * The state store in one SQLite file (better-sqlite3, synchronous: each call is one short
 * statement, so a namespace's read-then-write can never interleave with another message's). WAL
 * journal, so a crash loses at most the last statement; the schema is created on first open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackRecord, Namespace, StateStore } from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  touched INTEGER NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_touched ON kv (ns, touched);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  surface TEXT NOT NULL,
  chat_key TEXT,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  found INTEGER NOT NULL,
  type TEXT,
  citations TEXT NOT NULL
);
`;

/** Old keys are pruned every this many writes of a namespace (and once when it is opened). */
const PRUNE_EVERY = 64;

interface FeedbackRow {
  id: number;
  at: number;
  surface: string;
  chat_key: string | null;
  rating: 'up' | 'down';
  question: string;
  answer: string;
  found: number;
  type: string | null;
  citations: string;
}

/** Opens (creating when needed) the state file; its folder is created too. */
export function openSqliteStore(file: string): StateStore {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);

  const select = db.prepare<[string, string], { value: string }>('SELECT value FROM kv WHERE ns = ? AND key = ?');
  const upsert = db.prepare<[string, string, string, number]>(
    'INSERT INTO kv (ns, key, value, touched) VALUES (?, ?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, touched = excluded.touched',
  );
  const insertNew = db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO kv (ns, key, value, touched) VALUES (?, ?, ?, ?)');
  const touch = db.prepare<[number, string, string]>('UPDATE kv SET touched = ? WHERE ns = ? AND key = ?');
  const remove = db.prepare<[string, string]>('DELETE FROM kv WHERE ns = ? AND key = ?');
  const prune = db.prepare<[string, string, number]>(
    'DELETE FROM kv WHERE ns = ? AND key IN (SELECT key FROM kv WHERE ns = ? ORDER BY touched DESC LIMIT -1 OFFSET ?)',
  );
  const maxTouched = db.prepare<[], { t: number | null }>('SELECT max(touched) AS t FROM kv');
  const addFeedback = db.prepare(
    'INSERT INTO feedback (at, surface, chat_key, rating, question, answer, found, type, citations) VALUES (@at, @surface, @chatKey, @rating, @question, @answer, @found, @type, @citations)',
  );
  const allFeedback = db.prepare<[], FeedbackRow>('SELECT * FROM feedback ORDER BY id');

  /** Recency as a counter, not a clock: two writes in one millisecond still have an order. */
  let clock = maxTouched.get()?.t ?? 0;
  const tick = (): number => ++clock;
  const spaces = new Map<string, Namespace<unknown>>();

  function namespace<T>(name: string, capacity: number): Namespace<T> {
    const existing = spaces.get(name);
    if (existing !== undefined) return existing as Namespace<T>;
    let writes = 0;
    const wrote = (): void => {
      if (++writes % PRUNE_EVERY === 0) prune.run(name, name, capacity);
    };
    prune.run(name, name, capacity);
    const space: Namespace<T> = {
      get(key) {
        const row = select.get(name, key);
        if (row === undefined) return undefined;
        touch.run(tick(), name, key);
        return JSON.parse(row.value) as T;
      },
      set(key, value) {
        upsert.run(name, key, JSON.stringify(value), tick());
        wrote();
      },
      addIfAbsent(key) {
        const added = insertNew.run(name, key, 'true', tick()).changes === 1;
        if (added) wrote();
        else touch.run(tick(), name, key);
        return added;
      },
      delete: (key) => void remove.run(name, key),
    };
    spaces.set(name, space as Namespace<unknown>);
    return space;
  }

  return {
    namespace,
    feedback: {
      add(record: FeedbackRecord) {
        const result = addFeedback.run({
          at: record.at,
          surface: record.surface,
          chatKey: record.chatKey,
          rating: record.rating,
          question: record.question,
          answer: record.answer,
          found: record.found ? 1 : 0,
          type: record.type,
          citations: JSON.stringify(record.citations),
        });
        return Number(result.lastInsertRowid);
      },
      list: () =>
        allFeedback.all().map((row) => ({
          id: row.id,
          at: row.at,
          surface: row.surface,
          chatKey: row.chat_key,
          rating: row.rating,
          question: row.question,
          answer: row.answer,
          found: row.found === 1,
          type: row.type,
          citations: JSON.parse(row.citations) as FeedbackRecord['citations'],
        })),
    },
    location: file,
    close: () => db.close(),
  };
}
