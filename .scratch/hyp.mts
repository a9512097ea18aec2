import { loadIndex } from '/work/wt11/index/store.ts';
import { splitSentences } from '/work/wt11/text/sentences.ts';
import { exactTerms } from '/work/wt11/text/tokenize.ts';
const index = await loadIndex('/work/wt11/data/index');
let same = 0, diff = 0, docSame = 0, docDiff = 0;
const docs = new Map(index.documents.map((d) => [d.id, d]));
const docSpans = new Map<string, Set<string>>();
for (const d of index.documents) docSpans.set(d.id, new Set(splitSentences(d.text).map((s) => `${s.start}:${s.end}`)));
for (const c of index.chunks) {
  const whole = exactTerms(c.text).sort();
  const parts = splitSentences(c.text).flatMap((s) => { const abs = `${c.start + s.start}:${c.start + s.end}`; if (docSpans.get(c.docId)!.has(abs)) docSame++; else docDiff++; return exactTerms(c.text.slice(s.start, s.end)); }).sort();
  if (whole.join('\u0001') === parts.join('\u0001')) same++; else { diff++; if (diff < 3) { const a = new Map<string,number>(); for (const t of whole) a.set(t,(a.get(t)??0)+1); for (const t of parts) a.set(t,(a.get(t)??0)-1); console.log([...a].filter(([,v])=>v!==0).slice(0,10)); } }
}
console.log({ same, diff, docSame, docDiff });
