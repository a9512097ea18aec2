/**
 * A worker thread of ingest: prepares the files of each batch it is sent and writes them as one
 * segment, so the main thread only plans and commits. Reports each file as it goes.
 */
import { parentPort } from 'node:worker_threads';
import { SegmentBuilder } from '../index/segment/build.ts';
import { loadTokenCounter } from '../embed/tokens.ts';
import type { Manifest } from './corpus.ts';
import type { LoadOptions } from './load/index.ts';
import type { OcrOptions } from './load/ocr.ts';
import { prepareFile } from './prepare.ts';
import type { SourceFile } from './types.ts';

export interface WorkerSetup {
  readonly tokenizer: { readonly modelId: string; readonly modelDir: string };
  readonly chunkMaxTokens: number;
  readonly loadLimits?: LoadOptions;
  /** OCR of scanned pages (no callbacks: the pages are reported by message). */
  readonly ocr?: Omit<OcrOptions, 'onPage'> | false;
  readonly manifest: Manifest;
}

export interface WorkerBatch {
  readonly setup: WorkerSetup;
  readonly files: ReadonlyArray<{ readonly file: SourceFile; readonly sourceHash: string }>;
  readonly segmentPath: string;
}

export type WorkerMessage =
  | { readonly type: 'file'; readonly file: string; readonly chunks: number }
  /** A page of a scanned file read by OCR. */
  | { readonly type: 'page'; readonly file: string; readonly done: number; readonly total: number }
  | {
      readonly type: 'done';
      readonly documents: number;
      readonly chunks: number;
      readonly skipped: ReadonlyArray<{ file: string; reason: string }>;
      readonly tokens: readonly number[];
    }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort!;
/** Tokenizers loaded by this thread, by folder (a worker lives as long as its process). */
const tokenizers = new Map<string, ReturnType<typeof loadTokenCounter>>();

port.on('message', (batch: WorkerBatch) => {
  void (async () => {
    try {
      const { setup } = batch;
      const key = `${setup.tokenizer.modelId}\0${setup.tokenizer.modelDir}`;
      let loading = tokenizers.get(key);
      if (loading === undefined) tokenizers.set(key, (loading = loadTokenCounter(setup.tokenizer)));
      const tokens = await loading;
      const builder = new SegmentBuilder();
      const skipped: Array<{ file: string; reason: string }> = [];
      const counts: number[] = [];
      for (const { file, sourceHash } of batch.files) {
        const prepared = await prepareFile(file, sourceHash, {
          manifest: setup.manifest,
          chunkMaxTokens: setup.chunkMaxTokens,
          countTokens: (text) => tokens.count(text),
          loadLimits: {
            ...setup.loadLimits,
            ...(setup.ocr === undefined ? {} : { ocr: setup.ocr }),
            onPage: (done, total) => port.postMessage({ type: 'page', file: file.relPath, done, total } satisfies WorkerMessage),
          },
        });
        if (prepared.ok) {
          builder.addDocument(prepared.analysed);
          counts.push(...prepared.tokens);
        } else {
          skipped.push({ file: file.relPath, reason: prepared.reason });
        }
        port.postMessage({ type: 'file', file: file.relPath, chunks: prepared.ok ? prepared.tokens.length : 0 } satisfies WorkerMessage);
      }
      if (builder.documentCount > 0) builder.write(batch.segmentPath);
      port.postMessage({
        type: 'done',
        documents: builder.documentCount,
        chunks: builder.chunkCount,
        skipped,
        tokens: counts,
      } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
    }
  })();
});
