/**
 * The conversation core every surface (CLI, HTTP, Telegram, Zalo) calls: one loaded index, one
 * optional embedder, and the four things a user can ask for — an answer, passages, a reference
 * card, a claim check.
 *
 * The index can be replaced while the engine serves (a new build made live by ingest): each call
 * runs on the index that was current when it started, to its end; an index no call uses any more
 * is closed. So a server swaps builds without a restart and without failing a request in flight.
 */
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { analysisFingerprint } from '../index/fingerprint.ts';
import { loadIndex, type LoadedIndex } from '../index/store.ts';
import { openEmbedder } from '../embed/open.ts';
import type { Document } from '../index/records.ts';
import { answerQuestion } from './answer/answer.ts';
import type { TermStatistics } from './answer/terms.ts';
import { checkClaim, type ClaimCheck } from './claims/check.ts';
import { lookupReferences, type ReferenceCard } from './lookup.ts';
import { understandQuery } from './query/understand.ts';
import { Retriever } from './search/retriever.ts';
import { helpAnswer, overviewAnswer, referenceAnswer } from './answer/guidance.ts';
import { classifyUtterance } from './query/utterance.ts';
import type { Answer, Hit, Query } from './types.ts';

export interface AskOptions {
  /** Number of passages to retrieve (default 5). */
  readonly k?: number;
  /** Attach why each hit ranked. */
  readonly debug?: boolean;
  /** Attach the answerability decision (features, probability). */
  readonly explain?: boolean;
  /** The probability an answer needs (default: the fitted operating point). */
  readonly threshold?: number;
}

export interface TimedAnswer extends Answer {
  readonly tookMs: number;
}

/** Everything answering needs from one index; never changes once made. */
class Core {
  readonly documents: ReadonlyMap<string, Document>;
  readonly retriever: Retriever;
  readonly knownKeys: ReadonlySet<string>;
  /** Sentence statistics for answer evidence, as ingest stored them. */
  readonly statistics: TermStatistics;
  /** Calls running on this core; a retired core closes its index when the last one ends. */
  inFlight = 0;
  retired = false;

  constructor(
    readonly index: LoadedIndex,
    readonly embedder: Embedder | null,
  ) {
    this.documents = new Map(index.documents.map((doc) => [doc.id, doc]));
    this.knownKeys = new Set(index.references.map((ref) => ref.key));
    this.retriever = new Retriever(index, embedder);
    this.statistics = index.lexical.documentSentenceStatistics();
  }

  understand(question: string): Query {
    return understandQuery(question, this.knownKeys);
  }

  async search(question: string, k = 5, debug = false): Promise<Hit[]> {
    return this.retriever.search(this.understand(question), k, { debug });
  }

  release(): void {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) this.index.close();
  }
}

export class AnswerEngine {
  private core: Core;

  constructor(
    index: LoadedIndex,
    readonly embedder: Embedder | null,
    /** Why dense search is off, when it is. */
    readonly denseOffReason: string | null = null,
  ) {
    this.core = new Core(index, embedder);
  }

  /** Loads the index at `indexDir` with the configured model (lexical-only when none loads). */
  static async open(config: Config, indexDir = config.INDEX_DIR): Promise<AnswerEngine> {
    const load = await openEmbedder(config);
    const embedder = load.ok ? load.embedder : null;
    const index = await AnswerEngine.load(indexDir, embedder);
    // Vectors of this index are only usable with the model that made them (checked by loadIndex).
    const usable = embedder && index.vectors ? embedder : null;
    const reason = load.ok
      ? index.vectors
        ? null
        : 'the index has no vectors (built without a model); re-run `npm run ingest -- --force`'
      : load.reason;
    return new AnswerEngine(index, usable, reason);
  }

  private static load(indexDir: string, embedder: Embedder | null): Promise<LoadedIndex> {
    const model = embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null;
    return loadIndex(indexDir, { model, analysis: analysisFingerprint() });
  }

  get index(): LoadedIndex {
    return this.core.index;
  }

  get documents(): ReadonlyMap<string, Document> {
    return this.core.documents;
  }

  get retriever(): Retriever {
    return this.core.retriever;
  }

  get dense(): boolean {
    return this.embedder !== null && this.core.index.vectors !== null;
  }

  /**
   * Serves `index` from now on. Calls already running finish on the index they started with,
   * which is closed after the last of them.
   */
  replaceIndex(index: LoadedIndex): void {
    const old = this.core;
    this.core = new Core(index, this.embedder);
    old.retired = true;
    if (old.inFlight === 0) old.index.close();
  }

  /** Loads the live build at `indexDir` again and serves it (see replaceIndex). */
  async reload(indexDir: string): Promise<LoadedIndex> {
    const index = await AnswerEngine.load(indexDir, this.embedder);
    this.replaceIndex(index);
    return index;
  }

  /** Runs `work` on the current core, counted in flight until it settles. */
  private async on<T>(work: (core: Core) => Promise<T>): Promise<T> {
    const core = this.core;
    core.inFlight++;
    try {
      return await work(core);
    } finally {
      core.release();
    }
  }

  understand(question: string): Query {
    return this.core.understand(question);
  }

  async search(question: string, k = 5, debug = false): Promise<Hit[]> {
    return this.on((core) => core.search(question, k, debug));
  }

  async ask(question: string, options: AskOptions = {}): Promise<TimedAnswer> {
    return this.on(async (core) => {
      const started = performance.now();
      const query = core.understand(question);
      const utterance = classifyUtterance(query);
      const timed = (answer: Answer): TimedAnswer => ({ ...answer, tookMs: performance.now() - started });
      if (utterance === 'greeting' || utterance === 'thanks' || utterance === 'help') {
        return timed(helpAnswer(query, utterance, core.index.documents, core.index.references));
      }
      if (utterance === 'reference') return timed(referenceAnswer(query, lookupReferences(query.text, core.index)));
      const hits = await core.retriever.search(query, options.k ?? 5, { debug: options.debug ?? false });
      if (utterance === 'fragment') return timed(overviewAnswer(query, hits, core.documents));
      const answer = answerQuestion(query, hits, core.documents, {
        statistics: core.statistics,
        ...(options.explain === undefined ? {} : { explain: options.explain }),
        ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      });
      return timed(answer);
    });
  }

  lookupReference(text: string): ReferenceCard[] {
    return lookupReferences(text, this.core.index);
  }

  async checkClaim(claim: string): Promise<ClaimCheck> {
    return this.on((core) => checkClaim(claim, core));
  }

  /** Releases the model and the index files (after the last question on this engine). */
  async dispose(): Promise<void> {
    await this.embedder?.dispose();
    this.core.retired = true;
    if (this.core.inFlight === 0) this.core.index.close();
  }
}
