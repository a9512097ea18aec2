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

/**
 * The name as the documents most often write it, without "số": "Kế hoạch số 03-KH/TW" →
 * "Kế hoạch 03-KH/TW"; else the type and number ("Quy định 50").
 */
function shortName(ref: AnswerEngine['index']['references'][number]): string {
  const kind = ref.type.charAt(0).toUpperCase() + ref.type.slice(1);
  const written = new Map<string, number>();
  for (const mention of ref.mentions) {
    const text = mention.text.replace(/\s+/g, ' ').replace(/ số /i, ' ').trim();
    if (text.toLowerCase().startsWith(ref.type.toLowerCase()) && text.length <= 40) written.set(text, (written.get(text) ?? 0) + 1);
  }
  const best = [...written].sort((a, b) => b[1] - a[1])[0]?.[0];
  return best ? `${kind}${best.slice(ref.type.length)}` : `${kind} ${ref.number}`;
}

function candidates(engine: AnswerEngine): string[] {
  const references = [...engine.index.references].sort((a, b) => b.mentions.length - a.mentions.length);
  const out: string[] = [];
  // One question per referenced document, alternating what is asked, so the examples show breadth.
  references.forEach((ref, i) => {
    const name = shortName(ref);
    const asks = [ref.date ? `${name} ban hành ngày nào?` : null, ref.subject ? `${name} về việc gì?` : null].filter((q): q is string => q !== null);
    if (asks.length > 0) out.push(asks[i % asks.length] ?? asks[0]!, ...asks);
  });
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
    // The same referenced document asked about twice says little more.
    const subject = question.replace(/ (ban hành ngày nào|về việc gì)\?$/, '');
    if (examples.some((e) => e.question.startsWith(`${subject} `))) continue;
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
