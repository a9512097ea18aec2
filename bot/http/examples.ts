/**
 * "What can I ask": questions made from the library itself — the referenced documents most often
 * mentioned (when they were issued, what they are about), then the documents' own titles — and
 * kept only when the engine answers them from the documents. Computed once per loaded index.
 */
import type { AnswerEngine } from '../../retrieval/engine.ts';

export interface LibraryExample {
  readonly question: string;
  /** The document the answer comes from. */
  readonly docId: string;
}

const WANTED = 6;
/** Candidates tried at most (each is one engine.ask, a few ms). */
const TRIED = 24;
const cache = new WeakMap<object, Promise<LibraryExample[]>>();

/** "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị" → "Quy định 50". */
function shortName(type: string, number: string): string {
  const kind = type.charAt(0).toUpperCase() + type.slice(1);
  return `${kind} ${number}`;
}

function candidates(engine: AnswerEngine): string[] {
  const references = [...engine.index.references].sort((a, b) => b.mentions.length - a.mentions.length);
  const out: string[] = [];
  for (const ref of references) {
    const name = shortName(ref.type, ref.number);
    if (ref.date) out.push(`${name} ban hành ngày nào?`);
    if (ref.subject) out.push(`${name} về việc gì?`);
  }
  for (const doc of engine.index.documents) {
    const topic = doc.title.replace(/\s+/g, ' ').trim();
    if (topic.length > 0 && topic.length <= 140) out.push(`${topic} có những nhiệm vụ nào?`);
  }
  return [...new Set(out)].slice(0, TRIED);
}

async function compute(engine: AnswerEngine): Promise<LibraryExample[]> {
  const examples: LibraryExample[] = [];
  const fromDocs = new Map<string, number>();
  for (const question of candidates(engine)) {
    if (examples.length >= WANTED) break;
    const answer = await engine.ask(question, { k: 3 });
    const docId = answer.citations[0]?.docId;
    if (!answer.found || docId === undefined) continue;
    // At most two examples per document, so the examples show the breadth of the library.
    if ((fromDocs.get(docId) ?? 0) >= 2) continue;
    fromDocs.set(docId, (fromDocs.get(docId) ?? 0) + 1);
    examples.push({ question, docId });
  }
  return examples;
}

/** The examples for the engine's current index (the same promise until the index changes). */
export function libraryExamples(engine: AnswerEngine): Promise<LibraryExample[]> {
  const key = engine.index;
  let examples = cache.get(key);
  if (examples === undefined) {
    examples = compute(engine);
    examples.catch(() => cache.delete(key));
    cache.set(key, examples);
  }
  return examples;
}
