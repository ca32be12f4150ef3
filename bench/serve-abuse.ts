/**
 * `wirepool serve` under abusive clients, at sizes beyond the CI suite (test/serve/abuse.test.ts):
 *
 *   node dist/bench/serve-abuse.js
 *
 * Starts a real server process and, one scenario at a time: a client that stops reading and
 * sends 200 k `rows` requests, 1 M invalid messages, or 400 k `interfaces` requests; then 200
 * connections at once. For each: the server's peak RSS over 10 s, the time another page waits
 * for its hello meanwhile (median of 5), and RSS and threads after the client left. Writes
 * bench/results/serve-abuse.json. Loopback only. Not a test: nothing is timed against a limit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import { request, type ServeProcess, startServeProcess } from '../scripts/serve-process.js';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = `${root}samples/sample.pcapng`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  name: string;
  peakRssMB: number;
  helloMs: number;
  afterRssMB: number;
  afterThreads: number;
  note?: string;
}

let server: ServeProcess;
const status = () => server.status();
const connect = () => server.connect();
const stalled = () => server.stalled();
const helloMs = () => server.helloMs();

/** Peak RSS over `ms` while measuring hello latency of other pages (5 times). */
async function watch(ms: number): Promise<{ peak: number; hello: number }> {
  let peak = 0;
  const hellos: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    peak = Math.max(peak, status().rssMB);
    if (hellos.length < 5 && Date.now() > end - ms + 1000 * (hellos.length + 1)) hellos.push(await helloMs());
    await sleep(50);
  }
  return { peak, hello: median(hellos) };
}

async function flood(name: string, send: (ws: WebSocket) => Promise<void>): Promise<Scenario> {
  const ws = await stalled();
  await send(ws);
  const { peak, hello } = await watch(10_000);
  ws.terminate();
  await sleep(3000);
  const after = status();
  return { name, peakRssMB: peak, helloMs: hello, afterRssMB: after.rssMB, afterThreads: after.threads };
}

async function many(n: number): Promise<Scenario> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => connect()));
  const open = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  await sleep(2000);
  const peak = status().rssMB;
  const hello = await helloMs().catch(() => Number.NaN); // the server is full: refused
  for (const ws of open) ws.terminate();
  await sleep(3000);
  const after = status();
  return {
    name: `${n} connections at once`,
    peakRssMB: peak,
    helloMs: hello,
    afterRssMB: after.rssMB,
    afterThreads: after.threads,
    note: `${open.length} served, ${n - open.length} refused (503)`,
  };
}

server = await startServeProcess(root, [], 'ignore');
await sleep(500);
const idle = status();
const scenarios: Scenario[] = [];
try {
  scenarios.push(
    await flood('200 k rows requests, not reading', async (ws) => {
      request(ws, 0, 'open', { path: SAMPLE });
      await sleep(500);
      for (let id = 1; id <= 200_000; id++) {
        request(ws, id, 'rows', { runId: 1, viewId: 0, first: 0, count: 113 });
        if (id % 10_000 === 0) await sleep(1);
      }
    }),
  );
  scenarios.push(
    await flood('1 M invalid messages, not reading', async (ws) => {
      for (let id = 1; id <= 1_000_000; id++) {
        ws.send(id % 2 ? `{"type":"request","id":${id},"op":"nope"}` : '{"not json');
        if (id % 10_000 === 0) await sleep(1);
      }
    }),
  );
  scenarios.push(
    await flood('400 k interfaces requests, not reading', async (ws) => {
      for (let id = 1; id <= 400_000; id++) {
        request(ws, id, 'interfaces');
        if (id % 10_000 === 0) await sleep(1);
      }
    }),
  );
  scenarios.push(await many(200));
} finally {
  server.kill();
}
console.log(`idle server: ${idle.rssMB.toFixed(0)} MB RSS, ${idle.threads} threads`);
for (const s of scenarios)
  console.log(
    `${s.name}: peak ${s.peakRssMB.toFixed(0)} MB · another page's hello ${Number.isNaN(s.helloMs) ? 'refused (full)' : `${s.helloMs.toFixed(0)} ms`} · after it left ${s.afterRssMB.toFixed(0)} MB, ${s.afterThreads} threads${s.note ? ` · ${s.note}` : ''}`,
  );
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/serve-abuse.json`,
  `${JSON.stringify({ at: new Date().toISOString(), idle: { rssMB: idle.rssMB, threads: idle.threads }, scenarios }, null, 2)}\n`,
);
