/**
 * Analysis, once, at ingest: a document and its chunks become the terms every query-time
 * statistic is computed from (index/segment/build.ts), so that opening an index never tokenizes.
 *
 * Each sentence of the document is tokenized once. A chunk's sentences are the document's
 * sentences in its span (the chunker cuts at paragraph and sentence ends, so they coincide; a
 * sentence that does not is tokenized on its own), and the chunk's text field is their terms
 * together: `exactTerms` never joins terms across a sentence end, so this equals tokenizing the
 * chunk text as a whole (tests/ingest/analyse.test.ts checks it on the corpus and on random text).
 */
import type { ChunkInput, DocumentInput } from '../index/segment/build.ts';
import type { Chunk, Document } from '../index/records.ts';
import { splitSentences } from '../text/sentences.ts';
import { exactTerms } from '../text/tokenize.ts';

export type AnalysedDocument = DocumentInput;

/** The heading field of a chunk: document title and section path, one per line. */
export function headingText(title: string, sectionPath: readonly string[]): string {
  return [title, ...sectionPath].join('\n');
}

export function analyseDocument(
  document: Document,
  chunks: readonly Chunk[],
  sourceHash: string,
  mentions: readonly unknown[],
  headings: Map<string, readonly string[]> = new Map(),
): AnalysedDocument {
  const { text } = document;
  const bySpan = new Map<number, { end: number; terms: readonly string[] }>();
  const documentSentences: Array<readonly string[]> = [];
  for (const span of splitSentences(text)) {
    const terms = exactTerms(text.slice(span.start, span.end));
    bySpan.set(span.start, { end: span.end, terms });
    documentSentences.push(terms);
  }
  const analysed: ChunkInput[] = chunks.map((chunk) => {
    // Split as the chunk's own text (what sentence scoring always split), then placed in the document.
    const own = text.slice(chunk.start, chunk.end);
    const sentences = splitSentences(own).map((span) => {
      const known = bySpan.get(chunk.start + span.start);
      return known !== undefined && known.end === chunk.start + span.end ? known.terms : exactTerms(own.slice(span.start, span.end));
    });
    const heading = headingText(document.title, chunk.sectionPath);
    let headingTerms = headings.get(heading);
    if (headingTerms === undefined) {
      headingTerms = exactTerms(heading);
      if (headings.size > 10_000) headings.clear();
      headings.set(heading, headingTerms);
    }
    const { text: _text, ...record } = chunk;
    return { record, sentences, heading: headingTerms };
  });
  return { document, sourceHash, chunks: analysed, mentions, documentSentences };
}
