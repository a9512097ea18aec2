import { Worker } from 'node:worker_threads';
const url = new URL('./w2.ts', import.meta.url).href;
const w = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true });
w.on('message', (m) => { console.log(m); void w.terminate(); });
w.on('error', (e) => console.log('ERR', e.message.slice(0, 200)));
