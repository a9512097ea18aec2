/**
 * The gold set itself (eval/gold.jsonl): well-formed, every answerable item backed by
 * verbatim evidence in the cleaned corpus and reachable by one chunk of the real index, and the
 * phenomena the retrieval stage must handle present in the promised numbers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanDocumentText } from '../../ingest/clean.ts';
import {
  evidencePlaces,
  isNotFoundGold,
  occurrences,
  parseGold,
  spanContains,
  type AnswerableGold,
  type GoldItem,
} from '../../eval/metrics.ts';
import { normalizeText } from '../../text/normalize.ts';
import { isWithoutDiacritics } from '../../text/tokenize.ts';
import { buildCorpusIndex } from '../helpers/corpus-index.ts';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/ingest-run.ts';
import type { LoadedIndex } from '../../index/store.ts';

const GOLD_FILE = path.join(REPO_ROOT, 'eval/gold.jsonl');
const gold: GoldItem[] = parseGold(readFileSync(GOLD_FILE, 'utf8'));
const answerable = gold.filter((item): item is AnswerableGold => !isNotFoundGold(item));
const notFound = gold.filter(isNotFoundGold);

/** Cleaned text of every corpus document, by id: what the index's Document.text holds. */
const cleaned = new Map(
  readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => [file.slice(0, -'.txt'.length), cleanDocumentText(readFileSync(path.join(CORPUS_DIR, file), 'utf8')).text]),
);

const tagged = (tag: string): GoldItem[] => gold.filter((item) => item.tags.includes(tag));

/** Abbreviations a cadre types for document kinds and bodies. */
const ABBREVIATION = /(?<![\p{L}\p{N}])(KL|QĐ|QD|NQ|CT|KH|HD|TBKL|BCT|BBT|BTV|BCH|UBKT|MTTQ|HĐND|HDND|UBND|TW)(?![\p{L}\p{N}])/iu;

describe('gold set format', () => {
  it('has enough items, unique ids and enough not-found questions', () => {
    expect(gold.length).toBeGreaterThanOrEqual(80);
    expect(new Set(gold.map((item) => item.id)).size).toBe(gold.length);
    expect(notFound.length).toBeGreaterThanOrEqual(12);
  });

  it('covers every question type and every document', () => {
    const types = new Set(gold.map((item) => item.type));
    expect([...types].sort()).toEqual(['count', 'date', 'free', 'list', 'person', 'subject']);
    for (const docId of cleaned.keys()) {
      expect(answerable.filter((item) => item.docId === docId).length, docId).toBeGreaterThanOrEqual(10);
    }
  });

  it('names only documents of the corpus', () => {
    for (const item of answerable) {
      for (const place of evidencePlaces(item)) expect(cleaned.has(place.docId), `${item.id}: ${place.docId}`).toBe(true);
    }
  });

  it('backs every answer with short verbatim evidence of the cleaned text', () => {
    for (const item of answerable) {
      for (const place of evidencePlaces(item)) {
        expect(place.evidence.length, item.id).toBeLessThanOrEqual(80);
        expect(place.evidence, item.id).not.toMatch(/\n/);
        expect(cleaned.get(place.docId)?.includes(place.evidence), `${item.id}: "${place.evidence}"`).toBe(true);
      }
      expect(cleaned.get(item.docId)?.includes(item.answer), `${item.id}: answer "${item.answer}"`).toBe(true);
    }
  });

  it('keeps every not-found question free of answer fields and tagged out-of-scope', () => {
    for (const item of notFound) {
      expect(item.tags, item.id).toContain('out-of-scope');
      expect('docId' in item || 'evidence' in item || 'answer' in item, item.id).toBe(false);
    }
  });
});

describe('gold set phenomena', () => {
  it('has at least 15 questions typed without diacritics, and they really have none', () => {
    expect(tagged('no-diacritics').length).toBeGreaterThanOrEqual(15);
    for (const item of tagged('no-diacritics')) expect(isWithoutDiacritics(item.question), item.id).toBe(true);
  });

  it('has at least 8 questions with abbreviations', () => {
    expect(tagged('abbreviation').length).toBeGreaterThanOrEqual(8);
    for (const item of tagged('abbreviation')) expect(item.question, item.id).toMatch(ABBREVIATION);
  });

  it('has at least 6 questions with the other tone placement than the documents', () => {
    expect(tagged('tone-variant').length).toBeGreaterThanOrEqual(6);
    // The documents use the canonical placement ("hóa", "ủy"); these questions do not ("hoá", "uỷ").
    for (const item of tagged('tone-variant')) expect(normalizeText(item.question), item.id).not.toBe(item.question);
  });

  it('has at least 10 paraphrases', () => {
    expect(tagged('paraphrase').length).toBeGreaterThanOrEqual(10);
  });
});

describe('gold evidence against the real index', () => {
  let index: LoadedIndex;
  beforeAll(async () => {
    ({ index } = await buildCorpusIndex());
  });

  it('loads the documents with the same cleaned text', () => {
    for (const doc of index.documents) expect(doc.text, doc.id).toBe(cleaned.get(doc.id));
  });

  it('places every evidence inside at least one chunk (a correct hit is possible)', () => {
    const texts = new Map(index.documents.map((doc) => [doc.id, doc.text]));
    for (const item of answerable) {
      for (const place of evidencePlaces(item)) {
        const spans = occurrences(place.docId, texts.get(place.docId) ?? '', place.evidence);
        const reachable = spans.some((span) => [...index.chunks].some((chunk) => spanContains(chunk, span)));
        expect(reachable, `${item.id}: "${place.evidence}"`).toBe(true);
      }
    }
  });
});
