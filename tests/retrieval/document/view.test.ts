import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../../index/store.ts';
import { viewOf } from '../../../retrieval/document/view.ts';
import { buildCorpusIndex } from '../../helpers/corpus-index.ts';

let index: LoadedIndex;

beforeAll(async () => {
  ({ index } = await buildCorpusIndex());
});

describe('document view', () => {
  it('is made once per document', () => {
    const doc = index.documents[0]!;
    expect(viewOf(doc)).toBe(viewOf(doc));
    expect(viewOf(doc).sentences).toBe(viewOf(doc).sentences);
  });

  it('finds the paragraph of every offset inside a line, and an empty span between lines', () => {
    const doc = index.documents[0]!;
    for (const line of viewOf(doc).lines) {
      expect(viewOf(doc).paragraphAt(line.start)).toEqual(line);
      expect(viewOf(doc).paragraphAt(line.end - 1)).toEqual(line);
    }
    const gap = doc.text.indexOf('\n');
    expect(viewOf(doc).paragraphAt(gap)).toEqual({ start: gap, end: gap });
  });

  it('citeSentence quotes the whole sentence around any span, verbatim', () => {
    const doc = index.documents[0]!;
    fc.assert(
      fc.property(fc.nat(doc.text.length - 1), fc.nat(40), (start, length) => {
        const end = Math.min(doc.text.length, start + length);
        const c = viewOf(doc).citeSentence(start, end);
        expect(c.quote).toBe(doc.text.slice(c.start, c.end));
        expect(c.start).toBeLessThanOrEqual(start);
        expect(c.end).toBeGreaterThanOrEqual(end);
      }),
      { numRuns: 200 },
    );
  });
});
