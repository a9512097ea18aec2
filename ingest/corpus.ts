/**
 * The corpus folder: which files are documents, what its manifest says about them, and the
 * metadata of a document (derived from its text, overridden by the manifest). File system access
 * stays in `listCorpus` and `readManifest`; `deriveMeta` is pure.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { detectFormat } from './load/index.ts';
import { parseDateLine } from './clean.ts';
import type { DocumentIdentity, DocumentMeta } from '../index/records.ts';
import type { SourceFile } from './types.ts';

export const MANIFEST_FILE = 'manifest.json';

/** A corpus entry that cannot become a document, with the reason (reported like an unreadable file). */
export interface RefusedEntry {
  readonly file: string;
  readonly reason: string;
}

export interface CorpusListing {
  readonly files: SourceFile[];
  readonly refused: RefusedEntry[];
}

/** Documents under `corpusDir` (recursive), sorted by relPath; hidden files and folders skipped. */
export async function discoverSourceFiles(corpusDir: string): Promise<SourceFile[]> {
  return (await listCorpus(corpusDir)).files;
}

/**
 * Like discoverSourceFiles, plus the entries that look like documents but cannot be opened by
 * name: names that are not UTF-8 (zip archives made on Windows keep Windows-1258 names), which
 * Node can only see through a lossy decoding and would otherwise drop without a word.
 */
export async function listCorpus(corpusDir: string): Promise<CorpusListing> {
  const root = path.resolve(corpusDir);
  const listing: CorpusListing = { files: [], refused: [] };
  await walk(root, root, listing);
  const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  listing.files.sort((a, b) => compare(a.relPath, b.relPath));
  listing.refused.sort((a, b) => compare(a.file, b.file));

  // Two files, one name (x.docx beside x.pdf): one document id. The copy whose text is the most
  // faithful is indexed, the other is skipped with the reason; the rest of the corpus is built.
  const kept = new Map<string, SourceFile>();
  for (const file of listing.files) {
    const other = kept.get(file.docId);
    if (other === undefined || FORMAT_PREFERENCE.indexOf(file.format) < FORMAT_PREFERENCE.indexOf(other.format)) {
      kept.set(file.docId, file);
    }
  }
  const files = listing.files.filter((f) => kept.get(f.docId) === f);
  for (const file of listing.files) {
    const winner = kept.get(file.docId)!;
    if (winner === file) continue;
    listing.refused.push({
      file: file.relPath,
      reason: `same document id "${file.docId}" as ${winner.relPath}, which is indexed instead; rename one of them to index both`,
    });
  }
  listing.refused.sort((a, b) => compare(a.file, b.file));
  return { files, refused: listing.refused };
}

/** Which copy of one document to index: the formats whose text is exact first, the printed ones last. */
const FORMAT_PREFERENCE: readonly SourceFile['format'][] = ['docx', 'md', 'txt', 'html', 'pdf'];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

function decodeName(raw: Buffer): string | null {
  try {
    return strictUtf8.decode(raw);
  } catch {
    return null;
  }
}

async function walk(root: string, dir: string, out: CorpusListing): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  for (const entry of entries) {
    const name = decodeName(entry.name);
    const shownName = name ?? lossyUtf8.decode(entry.name);
    if (shownName.startsWith('.')) continue;
    if (name === null) {
      const shown = path.relative(root, path.join(dir, shownName)).split(path.sep).join('/').normalize('NFC');
      if (entry.isDirectory()) {
        out.refused.push({ file: `${shown}/`, reason: 'folder name is not UTF-8 (a legacy encoding?); rename it to read its files' });
      } else if (detectFormat(shownName) !== null) {
        out.refused.push({ file: shown, reason: 'file name is not UTF-8 (a legacy encoding such as Windows-1258?); rename the file' });
      }
      continue;
    }
    const full = path.join(dir, name);
    if (entry.isDirectory()) {
      await walk(root, full, out);
      continue;
    }
    // Symlinked files are followed; symlinked folders are not (no cycles).
    const stat = entry.isFile() || entry.isSymbolicLink() ? await fs.stat(full).catch(() => null) : null;
    if (stat === null || !stat.isFile()) continue;
    const format = detectFormat(name);
    // Names are NFC so ids match the manifest whatever the file system stores (macOS keeps NFD).
    const relPath = path.relative(root, full).split(path.sep).join('/').normalize('NFC');
    if (format === null || relPath === MANIFEST_FILE) continue;
    const docId = relPath.slice(0, relPath.length - path.posix.extname(relPath).length);
    out.files.push({ path: full, relPath, docId, format, bytes: stat.size });
  }
}

// ---- manifest --------------------------------------------------------------------------------

const isoDate = z
  .string()
  .regex(/^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
const text = z.string().trim().min(1);

const manifestEntrySchema = z
  .object({
    title: text.optional(),
    date: isoDate.optional(),
    kind: text.optional(),
    issuer: text.optional(),
    source: text.optional(),
  })
  .strict();

const manifestSchema = z.object({ documents: z.record(z.string(), manifestEntrySchema) }).strict();

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
/** `manifest.json`: metadata per document id; every field optional, each one overriding the text. */
export type Manifest = z.infer<typeof manifestSchema>;

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ManifestError';
  }
}

/** The corpus manifest; an empty one when the folder has none. Throws ManifestError when invalid. */
export async function readManifest(corpusDir: string): Promise<Manifest> {
  const file = path.join(corpusDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: {} };
    throw new ManifestError(file, `cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ManifestError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ManifestError(file, `invalid manifest: ${problems.join('; ')}`);
  }
  // Keys NFC like the document ids.
  const documents: Record<string, ManifestEntry> = {};
  for (const [id, entry] of Object.entries(parsed.data.documents)) documents[id.normalize('NFC')] = entry;
  return { documents };
}

// ---- metadata --------------------------------------------------------------------------------

export interface DeriveMetaInput {
  readonly docId: string;
  /** Cleaned document text. */
  readonly text: string;
  readonly hints: { readonly date?: string; readonly title?: string };
  /** Title carried by the file format (HTML <title>, PDF info, DOCX properties). */
  readonly loadedTitle?: string;
  readonly manifest?: Partial<DocumentMeta>;
  /** What the document's header block says it is (ingest/identity.ts). */
  readonly identity?: DocumentIdentity | null;
}

/** How many leading lines may hold a title or a dateline. */
const HEADER_LINES = 6;

/**
 * Title, date and kind from the text (the header block of an administrative document, else a
 * headline first line, a dateline, the cleaning hints), each overridden by the manifest. The
 * issuer comes from the header block or the manifest and the source from the manifest: never guessed.
 */
export function deriveMeta(input: DeriveMetaInput): DocumentMeta {
  const { docId, text: body, hints, loadedTitle, manifest = {}, identity = null } = input;
  if (identity !== null && identity.type !== null) {
    const derived = deriveMeta({ ...input, identity: null });
    return {
      title: manifest.title ?? identity.title ?? derived.title,
      date: manifest.date ?? identity.date ?? derived.date,
      kind: manifest.kind ?? identity.type.toLowerCase(),
      issuer: manifest.issuer ?? identity.issuer,
      source: manifest.source ?? null,
    };
  }
  const header = body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, HEADER_LINES);
  const headline = headlineOf(header[0]);
  const dateline = header.map(parseDateLine).find((date) => date !== null) ?? null;

  return {
    title: manifest.title ?? hints.title ?? headline ?? nonEmpty(loadedTitle) ?? path.posix.basename(docId),
    date: manifest.date ?? hints.date ?? dateline,
    kind: manifest.kind ?? guessKind(header, headline !== null || dateline !== null),
    issuer: manifest.issuer ?? null,
    source: manifest.source ?? null,
  };
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed.length === 0 ? null : trimmed;
}

/** Photo captions that open a scraped news page ("Quang cảnh Hội nghị"): not a headline. */
const CAPTION_START = /^(?:quang cảnh|toàn cảnh|ảnh\s*:|các đại biểu|đại biểu)/iu;
const SPEECH_START = /^(?:kính thưa|thưa)/iu;

/** The first line when it reads like a headline: short, no final period, not a salutation. */
function headlineOf(line: string | undefined): string | null {
  if (line === undefined || line.length < 8 || line.length > 200) return null;
  if (/[.,:;…]$/u.test(line)) return null;
  if (SPEECH_START.test(line) || CAPTION_START.test(line) || parseDateLine(line) !== null) return null;
  // List items and all-caps letterhead lines ("ĐẢNG BỘ TỈNH …") are not titles.
  if (/^[-–•⁃*+(]|^\d+[.)]/u.test(line) || line === line.toUpperCase()) return null;
  return line;
}

/** Document types an official text announces in capitals near its top ("BÁO CÁO", "KẾT LUẬN"). */
const TYPE_LINE =
  /^(BÁO CÁO|KẾT LUẬN|NGHỊ QUYẾT|QUY ĐỊNH|KẾ HOẠCH|CHỈ THỊ|THÔNG BÁO KẾT LUẬN|THÔNG BÁO|HƯỚNG DẪN|QUYẾT ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH|TỜ TRÌNH|DIỄN VĂN|BÀI PHÁT BIỂU)(?![\p{L}])/u;

function guessKind(header: readonly string[], newsLike: boolean): string {
  const typeLine = header.map((line) => TYPE_LINE.exec(line)).find((match) => match !== null);
  if (typeLine?.[1] !== undefined) {
    const type = typeLine[1].toLowerCase();
    return type === 'diễn văn' || type === 'bài phát biểu' ? 'phát biểu' : type;
  }
  const first = header[0] ?? '';
  if (SPEECH_START.test(first)) return 'phát biểu';
  if (newsLike || CAPTION_START.test(first)) return 'bản tin';
  return 'văn bản';
}
