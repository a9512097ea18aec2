/**
 * XQuAD-vi (shared/bench/xquad-vi, CC BY-SA 4.0) as a passage-retrieval benchmark: each of the
 * 240 paragraphs becomes one `.txt` document, ingested by the real pipeline, and each of the
 * 1,190 questions has exactly one relevant document, its own paragraph.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedIndex } from '../index/store.ts';
import { buildCorpusIndex, type EvalIndexOptions } from './indexes.ts';

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

export interface XquadIndexOptions extends EvalIndexOptions {
  readonly file?: string;
  /** Paragraphs left out of the corpus (near-miss negatives: their questions have no answer there). */
  readonly leaveOut?: (paragraphId: string) => boolean;
}

/** Writes every paragraph (but those left out) to `workDir/corpus/<id>.txt` and indexes that folder. */
export async function buildXquadIndex(workDir: string, options: XquadIndexOptions = {}): Promise<LoadedIndex> {
  const paragraphs = loadXquad(options.file).paragraphs.filter((p) => !(options.leaveOut?.(p.id) ?? false));
  const corpusDir = path.join(workDir, 'corpus');
  await fs.mkdir(corpusDir, { recursive: true });
  await Promise.all(paragraphs.map((p) => fs.writeFile(path.join(corpusDir, `${p.id}.txt`), `${p.text}\n`, 'utf8')));
  return buildCorpusIndex(corpusDir, workDir, options);
}
