import { loadIndex } from '/work/wt11/index/store.ts';
import { AnswerEngine } from '/work/wt11/retrieval/engine.ts';
const engine = new AnswerEngine(await loadIndex(process.argv[2]!), null);
await engine.search(process.argv[3]!, 5);
