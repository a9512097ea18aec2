/**
 * A synthetic library of about N chunks: the corpus's documents copied with their numbers varied
 * and their body paragraphs shuffled (seeded), a hundred copies per folder, so that every size is
 * the same kind of text as the real corpus and the same seed gives the same files.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../testkit/random.ts';

/** Writes copies of `corpusDir`'s .txt documents until about `targetChunks`; returns the number of copies. */
export async function writeSyntheticCorpus(corpusDir: string, dir: string, targetChunks: number, chunksPerCopy: number): Promise<number> {
  const random = seededRandom(20221227);
  const names = (await fs.readdir(corpusDir)).filter((name) => name.endsWith('.txt')).sort();
  const sources = await Promise.all(names.map((name) => fs.readFile(path.join(corpusDir, name), 'utf8')));
  const copies = Math.max(1, Math.ceil(targetChunks / chunksPerCopy));
  await fs.mkdir(dir, { recursive: true });
  for (let copy = 0; copy < copies; copy++) {
    const folder = path.join(dir, `ban-${String(Math.floor(copy / 100)).padStart(4, '0')}`);
    if (copy % 100 === 0) await fs.mkdir(folder, { recursive: true });
    await Promise.all(
      sources.map((source, i) => {
        const paragraphs = source.split(/\n\s*\n/);
        for (let p = paragraphs.length - 1; p > 1; p--) {
          // Keep the first paragraphs (titles, salutations) and shuffle the body.
          const q = 1 + Math.floor(random() * p);
          [paragraphs[p], paragraphs[q]] = [paragraphs[q] ?? '', paragraphs[p] ?? ''];
        }
        const varied = paragraphs.join('\n\n').replace(/\d+/g, (digits) => String(Math.floor(random() * 10 ** digits.length)));
        return fs.writeFile(path.join(folder, `${copy}-${i}.txt`), varied);
      }),
    );
  }
  return copies;
}
