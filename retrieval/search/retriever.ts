/**
 * The hybrid retriever: BM25F over chunks (text + heading) with the question's everyday wordings
 * expanded to the documents' (synonyms.ts), re-ranked by the best matching sentence, boosted for
 * the documents a question names, and fused with dense (embedding) search when a model is loaded.
 *
 * Measured on XQuAD-vi (1,190 questions, one document per paragraph, lexical-only) and on the
 * gold set (eval/gold.jsonl); the figures behind each default are in DEFAULTS below.
 */
import type { Embedder } from '../../embed/embedder.ts';
import type { LexicalHit, LexicalSearchOptions } from '../../index/lexical/index.ts';
import type { LoadedIndex } from '../../index/store.ts';
import type { Chunk, DocumentReference } from '../../index/records.ts';
import { expandSynonyms } from './synonyms.ts';
import type { Hit, HitExplanation, Query } from '../types.ts';

export type Fusion = 'rrf' | 'weighted';

export interface RetrieverOptions {
  /** Chunks taken from each list (lexical, dense) before fusion; at least k. */
  readonly candidates: number;
  /** Weight of bigram terms in BM25, relative to single syllables. */
  readonly bigramWeight: number;
  /**
   * BM25F weight of the heading field (document title + section path) relative to the chunk text,
   * given at search time so that it does not depend on the boost an index was built with.
   */
  readonly headingWeight: number;
  /** Weight of the document wordings `expandSynonyms` adds, relative to the question's own words. */
  readonly synonymWeight: number;
  /** Weight of the best sentence's BM25 (relative to the query's best sentence) in a chunk's lexical score. */
  readonly sentenceWeight: number;
  /** How lexical and dense lists are combined when both exist. */
  readonly fusion: Fusion;
  /** RRF constant: rank r contributes 1 / (rrfK + r). */
  readonly rrfK: number;
  /** Weight of the dense list (RRF) or of the dense score (weighted), the lexical one being 1 − w for weighted. */
  readonly denseWeight: number;
  /** Added to the fused score (top ≈ 1) of a chunk mentioning every known document the question names. */
  readonly referenceBoost: number;
}

/**
 * Defaults, and what they rest on. Lexical-only, R@1 / R@5 / MRR@10 on XQuAD-vi (1,190 questions,
 * deduped by document) and on the gold set (155 answerable questions, a hit holds the evidence):
 *
 * | setting                                   | XQuAD-vi              | gold                  |
 * | plain BM25 (k1 1.2, bigrams 1, no extras) | 0.924 / 0.987 / 0.952 | 0.819 / 0.968 / 0.881 |
 * | + k1 0.9 (lexical.ts), bigramWeight 0.5   | 0.933 / 0.989 / 0.957 | 0.819 / 0.961 / 0.885 |
 * | + sentenceWeight 0.2, referenceBoost 0.5  | 0.941 / 0.988 / 0.962 | 0.845 / 0.968 / 0.901 |
 * | + periods said in words (query.ts)        | 0.941 / 0.988 / 0.962 | 0.852 / 0.974 / 0.905 |
 * | + BM25F (lexical.ts), idf from chunk text | 0.941 / 0.988 / 0.962 | 0.845 / 0.981 / 0.904 |
 * | + headingWeight 1                         | 0.941 / 0.988 / 0.962 | 0.858 / 0.981 / 0.915 |
 * | + synonyms.ts, synonymWeight 1            | 0.941 / 0.988 / 0.962 | 0.884 / 0.994 / 0.933 |
 *
 * - BM25F and headingWeight: the heading (document title + section path) is part of what a chunk
 *   is about, so its terms are saturated together with the text's. Summed per field, a chunk that
 *   restates the title (the bulletin's opening "Quang cảnh … Cụm thi đua … 06 tháng đầu năm …")
 *   beat the chunk holding the answer, and weighting headings fully made it worse (gold R@1 0.832
 *   at boost 1); under BM25F, 0.5–2 is a plateau and 1 the best, and a named sub-section
 *   ("2. Công tác kiểm tra Đảng") now beats its parent (list Hit@1 0.667 → 0.889). XQuAD
 *   paragraphs have no sections and, but one, no title: unchanged.
 * - idfFields ['text']: a title repeats over every chunk of its document, so counting headings in df
 *   made its words near-worthless ("triển khai": 66 of 70 chunks). With synonyms, counting them
 *   measured the same Hit@1 and Hit@5 and MRR 0.002 higher, but put the section "Về triển khai,
 *   quán triệt các văn bản…" 7th for "Hội nghị chuyên đề đã triển khai những văn bản nào?" (4th
 *   from the text's df, within the 5 passages an answer reads): so the text's df.
 * - synonymWeight: the table (synonyms.ts) maps everyday wordings to the register of the documents
 *   ("thu nhận … vào Đảng" → "kết nạp đảng viên", "đuổi khỏi Đảng" → "khai trừ"); the question's
 *   own words keep weight 1. 0.3 / 0.5 / 0.7 / 1 gave gold Hit@1 0.858 / 0.877 / 0.877 / 0.884 (the
 *   14 paraphrase questions 0.571 → 0.714, Hit@5 0.857 → 1), XQuAD identical at every weight (12
 *   of its 1,190 questions get an expansion, mostly "chọn" → "lấy").
 * - Tried and not kept: a title field apart from the section path (boosts 0.2–1.5 each) did no
 *   better than one heading field; b 0.3–1 (and b 0–0.5 for the heading alone), k1 0.7 or 1.2 and
 *   bigramWeight 0.3 / 0.8 all measured worse on both sets; a document-level BM25 score mixed in at
 *   0.1–0.4 gained one gold question and lost XQuAD R@1 (0.939); sentenceWeight 0.1–0.5 around 0.2
 *   was no better. The chunker is not at fault for the bulletin: its opening chunk is 210 tokens
 *   (largest chunk 314 of 320); it outranked others lexically, which BM25F fixed.
 * - bigramWeight: a bigram match implies both syllables matched, so at weight 1 phrases counted
 *   about twice; 0.25–0.6 is a plateau, 0 (no phrase signal) is worse, and weighting only bigrams
 *   of rare syllables, or capping a bigram's idf by its syllables', did worse than a flat 0.5.
 * - sentenceWeight: a question is answered by one sentence, so a chunk whose best sentence holds
 *   the query beats one that scatters its terms. Windows of 2–3 sentences, RRF of the two lists,
 *   trigram overlap, idf-weighted query coverage and answer-type cues (a number for "bao nhiêu")
 *   measured no better or worse; so did dropping question words (BM25 over `focus`).
 * - referenceBoost: 0 loses three gold questions at rank 1 (0.826); 0.25–1 measure the same.
 * - Dense fusion (no real model here; the tests' model is a bag-of-tokens lookup, R@1 0.11 alone
 *   on XQuAD, so these are plumbing figures, measured before BM25F and synonyms): with it, RRF
 *   (w = 1) fell to XQuAD R@1 0.39 and gold 0.46, since RRF gives a weak list an equal vote
 *   whatever its scores; the convex combination with w = 0.3 kept 0.92 and 0.78 (w = 0.15: 0.94 /
 *   0.82). Score weighting lets one number say how much the model is trusted, and lexical is strong
 *   here (above e5-large's published 0.931 R@1 on XQuAD-vi), so `weighted` with w = 0.3 leaning
 *   lexical; re-tune with `npm run eval` once real weights are available.
 */
export const DEFAULTS: RetrieverOptions = {
  candidates: 50,
  bigramWeight: 0.5,
  headingWeight: 1,
  synonymWeight: 1,
  sentenceWeight: 0.2,
  fusion: 'weighted',
  rrfK: 60,
  denseWeight: 0.3,
  referenceBoost: 0.5,
};

/** Sentences considered per candidate chunk when scoring the best sentence (k1 in index/lexical/sentences.ts). */
const SENTENCES_PER_CANDIDATE = 4;

interface Candidate {
  readonly ordinal: number;
  lexicalRank: number | null;
  lexicalScore: number;
  matched: readonly string[];
  sentenceScore: number;
  /** Lexical relevance in [0, 1]: chunk BM25 and best sentence BM25, each relative to the query's best. */
  lexical: number;
  denseRank: number | null;
  denseScore: number;
  reference: number;
  fused: number;
}

export class Retriever {
  readonly options: RetrieverOptions;
  private readonly references: ReadonlyMap<string, DocumentReference>;
  /** Canonical reference key → ordinals of the chunks mentioning it (ascending), found on first use. */
  private readonly mentions = new Map<string, readonly number[]>();

  constructor(
    readonly index: LoadedIndex,
    readonly embedder: Embedder | null,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.references = new Map(index.references.map((ref) => [ref.key, ref]));
  }

  /** The chunks holding a mention of `key`: each mention's span placed in its document's chunks. */
  private chunksMentioning(key: string): readonly number[] {
    let ordinals = this.mentions.get(key);
    if (ordinals === undefined) {
      const found = new Set<number>();
      for (const m of this.references.get(key)?.mentions ?? []) {
        for (const ordinal of this.index.chunks.overlapping(m.docId, m.start, m.end)) found.add(ordinal);
      }
      ordinals = [...found].sort((a, b) => a - b);
      if (this.mentions.size >= 10_000) this.mentions.clear();
      this.mentions.set(key, ordinals);
    }
    return ordinals;
  }

  get dense(): boolean {
    return this.embedder !== null && this.index.vectors !== null;
  }

  /** The best `k` chunks for the query; `keep` narrows the search to some chunks (document filters). */
  async search(query: Query, k: number, options: { debug?: boolean; keep?: (ordinal: number) => boolean } = {}): Promise<Hit[]> {
    if (k <= 0 || query.searchText.trim() === '') return [];
    const want = Math.max(k, this.options.candidates);
    const candidates = this.lexicalCandidates(query, want, options.keep);
    if (this.dense) await this.addDense(query, want, candidates, options.keep);
    this.addReferences(query, candidates);
    const ranked = this.fuse([...candidates.values()]);
    return ranked.slice(0, k).map((candidate) => this.toHit(candidate, options.debug ?? false));
  }

  /** Chunks that mention a document named in the question and known to the index (any of its candidates), per reference. */
  private mentioning(query: Query): Map<number, number> {
    const known = query.references.filter((ref) => ref.known);
    const count = new Map<number, number>();
    for (const ref of known) {
      const ordinals = new Set(ref.candidates.flatMap((key) => this.chunksMentioning(key)));
      for (const ordinal of ordinals) count.set(ordinal, (count.get(ordinal) ?? 0) + 1);
    }
    return count;
  }

  private lexicalCandidates(query: Query, want: number, keep?: (ordinal: number) => boolean): Map<number, Candidate> {
    const { bigramWeight, headingWeight, synonymWeight } = this.options;
    const search: LexicalSearchOptions = {
      withoutDiacritics: query.withoutDiacritics,
      bigramWeight,
      fieldBoosts: { heading: headingWeight },
      idfFields: ['text'],
      expansions:
        synonymWeight > 0 ? expandSynonyms(query.searchText).map((text) => ({ text, weight: synonymWeight })) : [],
      ...(keep === undefined ? {} : { filter: keep }),
    };
    const hits = this.index.lexical.search(query.searchText, { ...search, k: want });
    // Chunks mentioning a named document are always candidates, even when BM25 ranks them low.
    const mentioning = this.mentioning(query);
    const seen = new Set(hits.map((hit) => hit.ordinal));
    const missing = [...mentioning.keys()].filter((ordinal) => !seen.has(ordinal) && (keep?.(ordinal) ?? true));
    // Bounded: a popular reference (Kết luận 21) is mentioned in thousands of chunks of a large
    // index, and only the best few of them by BM25 can reach the top k anyway.
    const extra: LexicalHit[] =
      missing.length > 0
        ? this.index.lexical.search(query.searchText, {
            ...search,
            k: Math.min(missing.length, want),
            only: missing,
          })
        : [];
    const candidates = new Map<number, Candidate>();
    [...hits, ...extra].forEach((hit, i) => {
      candidates.set(hit.ordinal, {
        ...emptyCandidate(hit.ordinal),
        lexicalRank: i < hits.length ? i + 1 : null,
        lexicalScore: hit.score,
        matched: hit.matched,
      });
    });
    // Mentioning chunks without a single query term, first by ordinal, up to the same bound.
    for (const ordinal of missing) {
      if (candidates.size >= hits.length + want) break;
      if (!candidates.has(ordinal)) candidates.set(ordinal, emptyCandidate(ordinal));
    }

    const { sentenceWeight } = this.options;
    if (sentenceWeight > 0 && candidates.size > 0) {
      // Only the candidates' sentences are scored, from their stored terms, with the statistics
      // of every sentence of the index.
      const sentenceHits = this.index.lexical.bestSentences(
        query.searchText,
        search,
        [...candidates.keys()],
        want * SENTENCES_PER_CANDIDATE,
      );
      for (const hit of sentenceHits) {
        const candidate = candidates.get(hit.ordinal);
        if (candidate && candidate.sentenceScore === 0) candidate.sentenceScore = hit.score;
      }
    }
    const all = [...candidates.values()];
    const bestChunk = Math.max(...all.map((c) => c.lexicalScore), 0) || 1;
    const bestSentence = Math.max(...all.map((c) => c.sentenceScore), 0) || 1;
    for (const candidate of candidates.values()) {
      candidate.lexical =
        (candidate.lexicalScore / bestChunk + (sentenceWeight * candidate.sentenceScore) / bestSentence) /
        (1 + sentenceWeight);
    }
    return candidates;
  }

  private async addDense(query: Query, want: number, candidates: Map<number, Candidate>, keep?: (ordinal: number) => boolean): Promise<void> {
    const vectors = this.index.vectors;
    if (!this.embedder || !vectors) return;
    const vector = await this.embedder.embedQuery(query.searchText);
    vectors.search(vector, keep === undefined ? want : want * 4).filter((hit) => keep?.(hit.ordinal) ?? true).slice(0, want).forEach((hit, i) => {
      const candidate = candidates.get(hit.ordinal) ?? emptyCandidate(hit.ordinal);
      candidate.denseRank = i + 1;
      candidate.denseScore = hit.score;
      candidates.set(hit.ordinal, candidate);
    });
  }

  private addReferences(query: Query, candidates: Map<number, Candidate>): void {
    const known = query.references.filter((ref) => ref.known).length;
    if (known === 0) return;
    for (const [ordinal, mentioned] of this.mentioning(query)) {
      const candidate = candidates.get(ordinal);
      if (candidate) candidate.reference = (this.options.referenceBoost * mentioned) / known;
    }
  }

  /** Fused score (top about 1) plus the reference boost; best first, ties by ordinal. */
  private fuse(candidates: Candidate[]): Candidate[] {
    if (candidates.some((c) => c.denseRank !== null)) {
      if (this.options.fusion === 'rrf') fuseRanks(candidates, this.options);
      else fuseScores(candidates, this.options.denseWeight);
    } else {
      for (const c of candidates) c.fused = c.lexical;
    }
    for (const c of candidates) c.fused += c.reference;
    return candidates.filter((c) => c.fused > 0).sort((a, b) => b.fused - a.fused || a.ordinal - b.ordinal);
  }

  private toHit(candidate: Candidate, debug: boolean): Hit {
    const chunk: Chunk = this.index.chunks.at(candidate.ordinal);
    const document = this.index.chunks.documentOf(candidate.ordinal);
    const why: HitExplanation = {
      lexical: { rank: candidate.lexicalRank, score: candidate.lexicalScore, matched: candidate.matched },
      dense: this.dense ? { rank: candidate.denseRank, score: candidate.denseScore } : null,
      reference: candidate.reference,
      fused: candidate.fused,
    };
    return {
      ordinal: candidate.ordinal,
      chunk,
      docId: chunk.docId,
      title: document?.title ?? chunk.docId,
      date: document?.date ?? null,
      section: chunk.sectionPath.join(' › '),
      start: chunk.start,
      end: chunk.end,
      score: candidate.fused,
      ...(debug ? { why } : {}),
    };
  }
}

/**
 * Convex combination (1 − w) · lexical + w · dense, the dense cosine min-max normalized over the
 * dense list (e5 cosines crowd into 0.7–0.9, so dividing by the best would leave no spread).
 */
function fuseScores(candidates: Candidate[], denseWeight: number): void {
  const w = Math.min(1, Math.max(0, denseWeight));
  const cosines = candidates.filter((c) => c.denseRank !== null).map((c) => c.denseScore);
  const top = Math.max(...cosines);
  const bottom = Math.min(...cosines);
  const spread = top - bottom || 1;
  for (const c of candidates) {
    const dense = c.denseRank === null ? 0 : (c.denseScore - bottom) / spread;
    c.fused = (1 - w) * c.lexical + w * dense;
  }
}

/** Reciprocal-rank fusion of the lexical list (as re-ranked by the sentence feature) and the dense list. */
function fuseRanks(candidates: Candidate[], { rrfK, denseWeight }: RetrieverOptions): void {
  const lexicalOrder = candidates.filter((c) => c.lexical > 0).sort((a, b) => b.lexical - a.lexical || a.ordinal - b.ordinal);
  const lexicalRank = new Map(lexicalOrder.map((c, i) => [c.ordinal, i + 1]));
  for (const c of candidates) {
    const l = lexicalRank.get(c.ordinal);
    const rrf = (l ? 1 / (rrfK + l) : 0) + (c.denseRank ? denseWeight / (rrfK + c.denseRank) : 0);
    c.fused = (rrf * (rrfK + 1)) / (1 + denseWeight);
  }
}

function emptyCandidate(ordinal: number): Candidate {
  return {
    ordinal,
    lexicalRank: null,
    lexicalScore: 0,
    matched: [],
    sentenceScore: 0,
    lexical: 0,
    denseRank: null,
    denseScore: 0,
    reference: 0,
    fused: 0,
  };
}
