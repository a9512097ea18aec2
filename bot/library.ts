/**
 * Adding a document to the library from a chat: the file is saved into the corpus folder, the
 * index is rebuilt, the engine reloaded, and what was found in the document is reported (title,
 * number, date, chunks, pages left out). One addition at a time.
 *
 * The rebuild is behind `rebuild` so that it can become the incremental ingest of the index issue;
 * today it is the full configured ingest (an unchanged file costs no embedding: the cache).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AnswerEngine } from '../retrieval/engine.ts';

/** File types the loaders read. */
export const LIBRARY_EXTENSIONS = ['.pdf', '.docx', '.txt', '.md', '.html', '.htm'] as const;
/** Sub-folder of the corpus where documents sent from chats are kept. */
export const INBOX_FOLDER = 'tu-chat';

export interface AddedDocument {
  readonly docId: string;
  readonly title: string;
  /** The document's own designation ("Quy định số 50-QĐ/TW …"), when its opening names one. */
  readonly number: string | null;
  readonly date: string | null;
  readonly chunks: number;
  /** Pages of a PDF that gave no text (scanned?), when the format has pages. */
  readonly pages: { readonly total: number; readonly withoutText: number } | null;
}

export type AddOutcome =
  | ({ readonly ok: true } & AddedDocument)
  | { readonly ok: false; readonly reason: string };

export interface Library {
  add(file: { readonly name: string; readonly bytes: Uint8Array }): Promise<AddOutcome>;
}

export interface LibraryDeps {
  readonly corpusDir: string;
  /** Rebuilds the index from the corpus: the skipped files with their reasons. */
  readonly rebuild: () => Promise<{ readonly skipped: ReadonlyArray<{ readonly file: string; readonly reason: string }> }>;
  /** Opens the rebuilt index and makes every surface use it; the engine it now answers with. */
  readonly reload: () => Promise<AnswerEngine>;
  /** Page counts of a paged file (PDF), read by its loader. */
  readonly pagesOf?: (file: string) => Promise<{ readonly total: number; readonly withoutText: number } | null>;
}

/** "Quyết định số 12/QĐ (bản cuối).PDF" → "quyet-dinh-so-12-qd-ban-cuoi.pdf": a safe, stable file name. */
export function safeFileName(name: string): string | null {
  const base = path.basename(name.replace(/\\/g, '/'));
  const ext = path.extname(base).toLowerCase();
  if (!(LIBRARY_EXTENSIONS as readonly string[]).includes(ext)) return null;
  const stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'tai-lieu'}${ext === '.htm' ? '.html' : ext}`;
}

/** The designation of the document itself: a reference mentioned in its first lines. */
function ownNumber(engine: AnswerEngine, docId: string): string | null {
  const candidates = engine.index.references
    .map((ref) => ({ ref, first: Math.min(...ref.mentions.filter((m) => m.docId === docId).map((m) => m.start)) }))
    .filter(({ first }) => Number.isFinite(first) && first < 300)
    .sort((a, b) => a.first - b.first);
  return candidates[0]?.ref.label ?? null;
}

export function createLibrary(deps: LibraryDeps): Library {
  let line: Promise<unknown> = Promise.resolve();

  async function add(file: { readonly name: string; readonly bytes: Uint8Array }): Promise<AddOutcome> {
    const name = safeFileName(file.name);
    if (name === null) return { ok: false, reason: `chỉ nhận ${LIBRARY_EXTENSIONS.join(', ')}` };
    const folder = path.join(deps.corpusDir, INBOX_FOLDER);
    await fs.mkdir(folder, { recursive: true });
    const target = path.join(folder, name);
    await fs.writeFile(target, file.bytes);
    const relPath = `${INBOX_FOLDER}/${name}`;
    const docId = relPath.slice(0, relPath.length - path.extname(relPath).length);
    const report = await deps.rebuild();
    const skipped = report.skipped.find((s) => s.file === relPath || s.file.endsWith(`/${relPath}`) || s.file === target);
    if (skipped) {
      // A file the loaders cannot read stays out of the corpus, so it is not retried at every build.
      await fs.rm(target, { force: true });
      return { ok: false, reason: skipped.reason };
    }
    const engine = await deps.reload();
    const doc = engine.documents.get(docId);
    if (doc === undefined) return { ok: false, reason: 'tài liệu không có trong chỉ mục sau khi nạp' };
    const chunks = engine.index.chunks.countsByDocument().get(docId) ?? 0;
    const pages = deps.pagesOf ? await deps.pagesOf(target) : null;
    return { ok: true, docId, title: doc.title, number: ownNumber(engine, docId), date: doc.date, chunks, pages };
  }

  return {
    add(file) {
      const result = line.then(() => add(file));
      line = result.catch(() => undefined);
      return result;
    },
  };
}
