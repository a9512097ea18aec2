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
import { nameLookupForm } from '../text/references/index.ts';
import { answerQuestion } from './answer/answer.ts';
import { LibraryAnswers } from './answer/library.ts';
import type { TermStatistics } from './answer/terms.ts';
import { isEmptyFilter, matchesFilter, type DocumentFilter } from './filters.ts';
import type { KnownName } from './query/references.ts';
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
  /** Answer from these documents only (kind, issuer, date range). */
  readonly filter?: DocumentFilter;
}

export interface TimedAnswer extends Answer {
  readonly tookMs: number;
}

/** Everything answering needs from one index; never changes once made. */
class Core {
  readonly documents: ReadonlyMap<string, Document>;
  readonly retriever: Retriever;
  readonly knownKeys: ReadonlySet<string>;
  /** Names of the library's laws, for questions typing them any way ("luat vien chuc"). */
  readonly knownNames: ReadonlyMap<string, KnownName>;
  /** Answers from the library's structure and identities (articles, counts, a document's own header). */
  readonly library: LibraryAnswers;
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
    this.knownNames = knownNames(index.references);
    this.library = new LibraryAnswers({ documents: this.documents, references: index.references, chunks: index.chunks });
    this.retriever = new Retriever(index, embedder);
    this.statistics = index.lexical.documentSentenceStatistics();
  }

  understand(question: string): Query {
    return understandQuery(question, this.knownKeys, this.knownNames);
  }

  /** Passages for a question; an article it names comes first ("Điều 5 Luật Viên chức"). */
  async search(question: string, k = 5, debug = false, filter?: DocumentFilter): Promise<Hit[]> {
    const understood = this.understand(question);
    const keep = this.keeper(filter);
    const library = this.library.answer(understood, keep?.documents);
    const query = library !== null && 'query' in library ? library.query : understood;
    const hits = await this.retriever.search(query, k, { debug, ...(keep ? { keep: keep.chunks } : {}) });
    if (library === null || !('answer' in library) || library.answer.hits.length === 0) return hits;
    const first = library.answer.hits.slice(0, k);
    const seen = new Set(first.map((h) => h.ordinal));
    return [...first, ...hits.filter((h) => !seen.has(h.ordinal))].slice(0, k);
  }

  /** The documents and chunks a filter keeps, or null when it keeps everything. */
  keeper(filter: DocumentFilter | undefined): { documents: (docId: string) => boolean; chunks: (ordinal: number) => boolean } | null {
    if (filter === undefined || isEmptyFilter(filter)) return null;
    const kept = new Set([...this.documents.values()].filter((d) => matchesFilter(d, filter)).map((d) => d.id));
    const chunks = this.index.chunks;
    return { documents: (docId) => kept.has(docId), chunks: (ordinal) => kept.has(chunks.documentOf(ordinal).id) };
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

  async search(question: string, k = 5, debug = false, filter?: DocumentFilter): Promise<Hit[]> {
    return this.on((core) => core.search(question, k, debug, filter));
  }

  async ask(question: string, options: AskOptions = {}): Promise<TimedAnswer> {
    return this.on(async (core) => {
      const started = performance.now();
      const understood = core.understand(question);
      const utterance = classifyUtterance(understood);
      const timed = (answer: Answer): TimedAnswer => ({ ...answer, tookMs: performance.now() - started });
      if (utterance === 'greeting' || utterance === 'thanks' || utterance === 'help') {
        return timed(helpAnswer(understood, utterance, core.index.documents, core.index.references));
      }
      // The library's structure and identities first: an article of a named law, a count of its
      // articles, a document's own date or signer, or "which one?" for a designation fitting several.
      const keep = core.keeper(options.filter);
      const library = core.library.answer(understood, keep?.documents);
      if (library !== null && 'answer' in library) return timed(library.answer);
      const query = library?.query ?? understood;
      if (utterance === 'reference') return timed(referenceAnswer(query, lookupReferences(query.text, core.index)));
      const hits = await core.retriever.search(query, options.k ?? 5, {
        debug: options.debug ?? false,
        ...(keep ? { keep: keep.chunks } : {}),
      });
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

/** Folded names of the named references ("luat vien chuc" → `luat:vien-chuc`), for finding them in questions. */
function knownNames(references: LoadedIndex['references']): Map<string, KnownName> {
  const names = new Map<string, KnownName>();
  for (const ref of references) {
    if (ref.name == null || ref.name === '') continue;
    const label = `${ref.type} ${ref.name}`;
    const form = nameLookupForm(label);
    if (!names.has(form)) names.set(form, { key: ref.key, label });
  }
  return names;
}
