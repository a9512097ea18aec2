import { loadDocx } from './ingest/load/docx.ts';
import { readFileSync } from 'node:fs';
const r = await loadDocx(new Uint8Array(readFileSync('/tmp/w10/pb.docx')));
console.log(r.pages, JSON.stringify(r.text.slice(0, 900)));
