/**
 * `npm run ingest -- [--corpus DIR] [--index DIR] [--force] [--watch]`
 * Builds the index of a corpus folder with a progress bar and a closing table. Exits 1 when a
 * file had to be skipped (the rest is still indexed), 2 on a usage or configuration error.
 * With --watch it stays and re-ingests (incrementally) whenever a file of the corpus changes.
 */
import { watch } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfigOrReport } from '../config.ts';
import { ingestConfigured } from './configured.ts';
import type { IngestProgress, IngestReport } from './pipeline.ts';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--force] [--watch]
  --corpus DIR  folder of .txt .md .pdf .docx .html documents (default: CORPUS_DIR or corpus/)
  --index DIR   where the index is written (default: INDEX_DIR or data/index/)
  --force       rebuild everything, even when the index is up to date
  --watch       stay, and re-ingest what changed whenever files of the corpus change (Ctrl-C stops)`;

/** Changes arriving this close together are one re-ingest. */
const WATCH_DEBOUNCE_MS = 500;

function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

function summarize(report: IngestReport): string {
  const t = report.chunkTokens;
  const rows: Array<readonly [string, string]> = [
    [
      'index',
      report.built
        ? `built (${report.mode}: ${report.reason})`
        : 'up to date (nothing to do; --force rebuilds)',
    ],
    ['documents', String(report.documents)],
    ['chunks', String(report.chunks)],
  ];
  if (report.built && report.mode === 'incremental') {
    const c = report.changes;
    rows.push(['changes', `${c.added} added · ${c.changed} changed · ${c.removed} removed`]);
  }
  if (report.built) {
    const s = report.segments;
    rows.push(['segments', `${s.total} (${s.written} written · ${s.linked} kept · ${s.merged} merged)`]);
  }
  if (report.built && report.chunkTokens.max > 0) {
    rows.push(['chunk tokens', `min ${t.min} · median ${t.median} · p90 ${t.p90} · max ${t.max} · mean ${t.mean}`]);
  }
  rows.push(
    ['references', `${report.references} (${report.mentions} mentions)`],
    ['dense search', report.dense.enabled ? `on · ${report.dense.model} · dim ${report.dense.dimension}` : `off · ${report.dense.reason}`],
  );
  if (report.dense.enabled && report.built) rows.push(['embedded', `${report.embedded} new · ${report.cached} from cache`]);
  rows.push(['skipped files', report.skipped.length === 0 ? 'none' : String(report.skipped.length)]);
  for (const skip of report.skipped) rows.push([`  ${skip.file}`, skip.reason]);
  const seconds = report.tookMs / 1000;
  const rate = report.built && seconds > 0 ? ` · ${(report.chunks / seconds).toFixed(1)} chunks/s` : '';
  rows.push(['time', `${seconds.toFixed(2)} s${rate}`]);
  return formatTable(rows);
}

function progressRenderer(): { onProgress: (event: IngestProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {stage} |{bar}| {value}/{total} {unit} · {rate} {file}',
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage: IngestProgress['stage'] | null = null;
  let stageStarted = 0;
  return {
    onProgress(event) {
      if (event.stage !== stage) {
        if (stage) bar.stop();
        stage = event.stage;
        stageStarted = performance.now();
        const label = stage === 'read' ? 'files ' : stage === 'ocr' ? 'OCR   ' : 'chunks';
        bar.start(event.total, 0, { stage: label, unit: stage === 'ocr' ? 'pages' : '', rate: '', file: '' });
      }
      const seconds = (performance.now() - stageStarted) / 1000;
      const rate =
        event.stage === 'ocr'
          ? event.done > 0
            ? `${(seconds / event.done).toFixed(1)} s/page`
            : ''
          : seconds > 0
            ? `${((event.stage === 'embed' ? event.done : event.chunks) / seconds).toFixed(0)} chunks/s`
            : '';
      bar.update(event.done, { rate, file: event.stage === 'embed' ? '' : event.file });
    },
    stop() {
      if (stage) bar.stop();
    },
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        corpus: { type: 'string' },
        index: { type: 'string' },
        force: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfigOrReport();
  if (config === null) return 2;
  const corpusDir = args.values.corpus ?? config.CORPUS_DIR;
  const indexDir = args.values.index ?? config.INDEX_DIR;

  const run = async (force: boolean): Promise<number> => {
    const progress = progressRenderer();
    let report: IngestReport;
    try {
      report = await ingestConfigured(config, {
        corpusDir,
        indexDir,
        force,
        onProgress: progress.onProgress,
        onDenseOff: (reason) => console.error(`Dense search is off: ${reason}. The index will be lexical-only.`),
      });
    } finally {
      progress.stop();
    }
    console.log(`\nIngest of ${corpusDir} → ${indexDir}\n${summarize(report)}`);
    if (report.skipped.length > 0) {
      console.error(`\n${report.skipped.length} file(s) could not be read and were skipped; the others are indexed.`);
      return 1;
    }
    return 0;
  };
  const code = await run(args.values.force);
  if (!args.values.watch) return code;
  console.log(`\nWatching ${corpusDir} for changes (Ctrl-C stops).`);
  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let busy = false;
    let again = false;
    const rerun = (): void => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      run(false)
        .catch((error: unknown) => console.error(error instanceof Error ? error.message : error))
        .finally(() => {
          busy = false;
          if (again) {
            again = false;
            rerun();
          }
        });
    };
    const watcher = watch(corpusDir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(rerun, WATCH_DEBOUNCE_MS);
    });
    process.once('SIGINT', () => {
      watcher.close();
      clearTimeout(timer);
      resolve(0);
    });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
