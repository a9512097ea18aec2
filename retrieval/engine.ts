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
import { nameLookupForm } from '../text/references/index.ts';
import { answerQuestion } from './answer/answer.ts';
import { LibraryAnswers } from './answer/library.ts';
import { checkClaim, type ClaimCheck } from './claims/check.ts';
import { lookupReferences, type ReferenceCard } from './lookup.ts';
import type { KnownName } from './query/references.ts';
import { understandQuery } from './query/understand.ts';
import { Retriever } from './search/retriever.ts';
import { termStatistics } from './answer/terms.ts';
import { isEmptyFilter, matchesFilter, type DocumentFilter } from './filters.ts';
import { helpAnswer, overviewAnswer, referenceAnswer } from './answer/guidance.ts';
import { classifyUtterance } from './query/utterance.ts';
import type { Answer, Hit, Query } from './types.ts';

export interface AskOptions {
  /** Number of passages to retrieve (default 5). */
  readonly k?: number;
  /** Attach why each hit ranked. */
  readonly debug?: boolean;
  /** Answer from these documents only (kind, issuer, date range). */
  readonly filter?: DocumentFilter;
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
  /** Names of the library's laws, for questions typing them any way ("luat vien chuc"). */
  private readonly knownNames: ReadonlyMap<string, KnownName>;
  private readonly library: LibraryAnswers;

  constructor(
    readonly index: LoadedIndex,
    readonly embedder: Embedder | null,
    /** Why dense search is off, when it is. */
    readonly denseOffReason: string | null = null,
  ) {
    this.documents = new Map(index.documents.map((doc) => [doc.id, doc]));
    this.knownKeys = new Set(index.references.map((ref) => ref.key));
    this.knownNames = knownNames(index.references);
    this.library = new LibraryAnswers({ documents: this.documents, references: index.references, chunks: index.chunks });
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

  async ask(question: string, options: AskOptions = {}): Promise<TimedAnswer> {
    const started = performance.now();
    const understood = this.understand(question);
    const utterance = classifyUtterance(understood);
    const timed = (answer: Answer): TimedAnswer => ({ ...answer, tookMs: performance.now() - started });
    if (utterance === 'greeting' || utterance === 'thanks' || utterance === 'help') {
      return timed(helpAnswer(understood, utterance, this.index.documents, this.index.references));
    }
    // The library's structure and identities first: an article of a named law, a count of its
    // articles, a document's own date or signer, or "which one?" for a designation fitting several.
    const keep = this.keeper(options.filter);
    const library = this.library.answer(understood, keep?.documents);
    if (library !== null && 'answer' in library) return timed(library.answer);
    const query = library?.query ?? understood;
    if (utterance === 'reference') return timed(referenceAnswer(query, this.lookupReference(query.text)));
    const hits = await this.retriever.search(query, options.k ?? 5, {
      debug: options.debug ?? false,
      ...(keep ? { keep: keep.chunks } : {}),
    });
    if (utterance === 'fragment') return timed(overviewAnswer(query, hits, this.documents));
    const answer = answerQuestion(query, hits, this.documents, {
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    });
    return timed(answer);
  }

  /** The documents and chunks a filter keeps, or null when it keeps everything. */
  private keeper(filter: DocumentFilter | undefined): { documents: (docId: string) => boolean; chunks: (ordinal: number) => boolean } | null {
    if (filter === undefined || isEmptyFilter(filter)) return null;
    const kept = new Set([...this.documents.values()].filter((d) => matchesFilter(d, filter)).map((d) => d.id));
    const chunks = this.index.chunks;
    return { documents: (docId) => kept.has(docId), chunks: (ordinal) => kept.has(chunks[ordinal]?.docId ?? '') };
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
