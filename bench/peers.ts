/**
 * The two peers the bench measures on the same chunks: MiniSearch with its defaults (an in-memory
 * inverted index in JavaScript, saved as JSON) and SQLite FTS5 through better-sqlite3 (its
 * default unicode61 tokenizer, which also folds diacritics, and its bm25 ranking).
 */
import { promises as fs } from 'node:fs';
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';

export type Peer = 'minisearch' | 'fts5';

export interface PeerSearcher {
  search(question: string, k: number): number;
  close(): void;
}

const MINISEARCH_OPTIONS = { fields: ['text'], idField: 'id' };

/** Builds the peer's index of `chunks` at `out`; returns its size in bytes. */
export async function buildPeer(peer: Peer, chunks: AsyncIterable<{ id: number; text: string }>, out: string): Promise<number> {
  if (peer === 'minisearch') {
    const index = new MiniSearch(MINISEARCH_OPTIONS);
    for await (const chunk of chunks) index.add(chunk);
    await fs.writeFile(out, JSON.stringify(index));
    return (await fs.stat(out)).size;
  }
  await fs.rm(out, { force: true });
  const db = new Database(out);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec('CREATE VIRTUAL TABLE chunks USING fts5(text)');
  const insert = db.prepare('INSERT INTO chunks(rowid, text) VALUES (?, ?)');
  let batch: Array<{ id: number; text: string }> = [];
  const flush = db.transaction((rows: Array<{ id: number; text: string }>) => {
    for (const row of rows) insert.run(row.id + 1, row.text);
  });
  for await (const chunk of chunks) {
    batch.push(chunk);
    if (batch.length >= 5000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  db.exec("INSERT INTO chunks(chunks) VALUES('optimize')");
  db.close();
  return (await fs.stat(out)).size;
}

/** Words of a question as an FTS5 query: each a quoted string, any of them (OR), ranked by bm25. */
function ftsQuery(question: string): string {
  const words = question.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => `"${word}"`).join(' OR ');
}

export async function openPeer(peer: Peer, file: string): Promise<PeerSearcher> {
  if (peer === 'minisearch') {
    const index = MiniSearch.loadJSON(await fs.readFile(file, 'utf8'), MINISEARCH_OPTIONS);
    return { search: (question, k) => index.search(question).slice(0, k).length, close: () => undefined };
  }
  const db = new Database(file, { readonly: true });
  const statement = db.prepare('SELECT rowid FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT ?');
  return {
    search: (question, k) => {
      const query = ftsQuery(question);
      return query === '' ? 0 : statement.all(query, k).length;
    },
    close: () => db.close(),
  };
}
