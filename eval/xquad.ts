/**
 * XQuAD-vi (shared/bench/xquad-vi, CC BY-SA 4.0) as a passage-retrieval benchmark: each of the
 * 240 paragraphs becomes one `.txt` document, ingested by the real pipeline, and each of the
 * 1,190 questions has exactly one relevant document, its own paragraph.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../embed/embedder.ts';
import { loadIndex, type LoadedIndex } from '../index/store.ts';
import { ingestCorpus } from '../ingest/pipeline.ts';
import { loadTokenCounter } from '../embed/tokens.ts';

const REPO = path.resolve(import.meta.dirname, '..');
export const XQUAD_FILE = path.resolve(REPO, '../shared/bench/xquad-vi/xquad.vi.json');

export interface XquadParagraph {
  /** `p000` … `p239`, in file order; also the document id in the built index. */
  readonly id: string;
  /** The context as given in the file. */
  readonly text: string;
}

export interface XquadQuestion {
  /** SQuAD question id. */
  readonly id: string;
  readonly question: string;
  readonly paragraphId: string;
  /** First gold answer, and its offset in the paragraph's `text`. */
  readonly answer: string;
  readonly answerStart: number;
}

export interface Xquad {
  readonly paragraphs: XquadParagraph[];
  readonly questions: XquadQuestion[];
}

/** SQuAD v1.1 layout, only the fields read here. */
interface SquadFile {
  readonly data: ReadonlyArray<{
    readonly paragraphs: ReadonlyArray<{
      readonly context: string;
      readonly qas: ReadonlyArray<{
        readonly id: string;
        readonly question: string;
        readonly answers: ReadonlyArray<{ readonly text: string; readonly answer_start: number }>;
      }>;
    }>;
  }>;
}

/** Reads the SQuAD-format file (synchronously: it is small, and callers use it at start-up). */
export function loadXquad(file = XQUAD_FILE): Xquad {
  const squad = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
  const paragraphs: XquadParagraph[] = [];
  const questions: XquadQuestion[] = [];
  for (const article of squad.data) {
    for (const paragraph of article.paragraphs) {
      const id = `p${String(paragraphs.length).padStart(3, '0')}`;
      paragraphs.push({ id, text: paragraph.context });
      for (const qa of paragraph.qas) {
        const gold = qa.answers[0];
        questions.push({
          id: qa.id,
          question: qa.question,
          paragraphId: id,
          answer: gold?.text ?? '',
          answerStart: gold?.answer_start ?? -1,
        });
      }
    }
  }
  return { paragraphs, questions };
}

export interface XquadIndexOptions {
  /** Embed the paragraphs with this model (the tests' lookup model); lexical-only when absent. */
  readonly embedder?: Embedder;
  readonly file?: string;
  /** Chunk budget, as CHUNK_MAX_TOKENS (most paragraphs fit one chunk). */
  readonly chunkMaxTokens?: number;
}

/**
 * Writes every paragraph to `workDir/corpus/<id>.txt`, ingests that folder with the real pipeline
 * into `workDir/index` (token counts estimated, no model unless given) and loads the index.
 */
export async function buildXquadIndex(workDir: string, options: XquadIndexOptions = {}): Promise<LoadedIndex> {
  const { paragraphs } = loadXquad(options.file);
  const corpusDir = path.join(workDir, 'corpus');
  const indexDir = path.join(workDir, 'index');
  await fs.mkdir(corpusDir, { recursive: true });
  await Promise.all(paragraphs.map((p) => fs.writeFile(path.join(corpusDir, `${p.id}.txt`), `${p.text}\n`, 'utf8')));
  const { embedder } = options;
  await ingestCorpus({
    corpusDir,
    indexDir,
    cacheDir: path.join(workDir, 'cache'),
    force: true,
    chunkMaxTokens: options.chunkMaxTokens ?? 320,
    tokens: await loadTokenCounter({ modelId: 'Xenova/multilingual-e5-small', modelDir: '' }),
    embedder: embedder ? { ok: true, embedder } : { ok: false, reason: 'XQuAD index built without a model' },
  });
  return loadIndex(indexDir, { model: embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null });
}
