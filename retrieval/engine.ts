/**
 * The conversation core every surface (CLI, HTTP, Telegram, Zalo) calls: one loaded index, one
 * optional embedder, and the four things a user can ask for — an answer, passages, a reference
 * card, a claim check.
 */
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { loadIndex, type LoadedIndex } from '../index/store.ts';
import { openEmbedder } from '../embed/open.ts';
import type { Document } from '../index/records.ts';
import { answerQuestion } from './answer/answer.ts';
import { checkClaim, type ClaimCheck } from './claims/check.ts';
import { lookupReferences, type ReferenceCard } from './lookup.ts';
import { understandQuery } from './query/understand.ts';
import { Retriever } from './search/retriever.ts';
import { termStatistics } from './answer/terms.ts';
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

export class AnswerEngine {
  readonly documents: ReadonlyMap<string, Document>;
  readonly retriever: Retriever;
  private readonly knownKeys: ReadonlySet<string>;

  constructor(
    readonly index: LoadedIndex,
    readonly embedder: Embedder | null,
    /** Why dense search is off, when it is. */
    readonly denseOffReason: string | null = null,
  ) {
    this.documents = new Map(index.documents.map((doc) => [doc.id, doc]));
    this.knownKeys = new Set(index.references.map((ref) => ref.key));
    this.retriever = new Retriever(index, embedder);
    // Sentence statistics for answer evidence, built once here rather than on the first question.
    termStatistics(this.documents);
  }

  /** Loads the index at `indexDir` with the configured model (lexical-only when none loads). */
  static async open(config: Config, indexDir = config.INDEX_DIR): Promise<AnswerEngine> {
    const load = await openEmbedder(config);
    const embedder = load.ok ? load.embedder : null;
    const model = embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null;
    const index = await loadIndex(indexDir, { model });
    // Vectors of this index are only usable with the model that made them (checked by loadIndex).
    const usable = embedder && index.vectors ? embedder : null;
    const reason = load.ok
      ? index.vectors
        ? null
        : 'the index has no vectors (built without a model); re-run `npm run ingest -- --force`'
      : load.reason;
    return new AnswerEngine(index, usable, reason);
  }

  get dense(): boolean {
    return this.embedder !== null && this.index.vectors !== null;
  }

  understand(question: string): Query {
    return understandQuery(question, this.knownKeys);
  }

  async search(question: string, k = 5, debug = false): Promise<Hit[]> {
    return this.retriever.search(this.understand(question), k, { debug });
  }

  async ask(question: string, options: AskOptions = {}): Promise<TimedAnswer> {
    const started = performance.now();
    const query = this.understand(question);
    const utterance = classifyUtterance(query);
    const timed = (answer: Answer): TimedAnswer => ({ ...answer, tookMs: performance.now() - started });
    if (utterance === 'greeting' || utterance === 'thanks' || utterance === 'help') {
      return timed(helpAnswer(query, utterance, this.index.documents, this.index.references));
    }
    if (utterance === 'reference') return timed(referenceAnswer(query, this.lookupReference(query.text)));
    const hits = await this.retriever.search(query, options.k ?? 5, { debug: options.debug ?? false });
    if (utterance === 'fragment') return timed(overviewAnswer(query, hits, this.documents));
    const answer = answerQuestion(query, hits, this.documents, {
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    });
    return timed(answer);
  }

  lookupReference(text: string): ReferenceCard[] {
    return lookupReferences(text, this.index);
  }

  async checkClaim(claim: string): Promise<ClaimCheck> {
    return checkClaim(claim, this);
  }

  async dispose(): Promise<void> {
    await this.embedder?.dispose();
  }
}
