/**
 * The app path, measured: engine worker → main thread (AppHost) → UI, with the real EngineThread.
 *   node dist/bench/app-path.js [FILE] [--mb N] [--rows N] [--next N] [--jumps N]
 * Opens the first N MiB of FILE (default bench/data/small-mixed.pcap, 32 MiB), waits for the
 * store's first pass, then asks as the UI does, one request in flight (app-path-client.ts):
 * `rows` across the whole store, `packet` for the next packet, and `packet` for random jumps.
 * Races the ends of the path on the same file, each UI in a worker thread of its own: the
 * engine alone (EngineThread.request in this thread: no host, no copy; the peer every other row
 * is a ratio of), a MessagePort that transfers a copy of a reply's used bytes, a MessagePort
 * that structured-clones it (the shape of Electron's MessagePortMain), and a WebSocket (serve
 * mode: one copy into a binary frame). Prints round-trip latencies (p50, p99), rows/s and
 * MiB/s of row batches, and the main thread's time per reply buffer (relay).
 */
import { closeSync, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { startServe } from '../cli/serve/server.js';
import { EngineThread } from '../native-bridge/engine/index.js';
import { AppHost, FolderRule, NodePortTransport, startEngineThread, type PathStats } from '../native-bridge/host/index.js';
import type { EngineOp, OpArgs, OpName, OpResult, RunStats } from '../native-bridge/protocol/index.js';
import { measure, type Job, type Measured } from './app-path-client.js';

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
}
const limitMb = option('--mb', 32);
const rowsPerRequest = option('--rows', 256);
const next = option('--next', 500);
const jumps = option('--jumps', 5);
const here = path.dirname(fileURLToPath(import.meta.url));
const source = args[0] ?? path.join(here, '../../bench/data/small-mixed.pcap');
if (!existsSync(source)) {
  process.stderr.write(`app-path: ${source} is missing; run \`npm run bench\` once (it generates bench/data) or name a capture file\n`);
  process.exit(2);
}

/** The first `mb` MiB of a little-endian pcap, cut at a record boundary. */
function cutPcap(file: string, mb: number): string {
  const out = path.join(tmpdir(), `wirepool-app-path-${mb}.pcap`);
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(mb * 1024 * 1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 && buf.readUInt32LE(0) !== 0xa1b23c4d) return file; // not LE pcap: use whole
  let at = 24;
  while (at + 16 <= n && at + 16 + buf.readUInt32LE(at + 8) <= n) at += 16 + buf.readUInt32LE(at + 8);
  const wfd = openSync(out, 'w');
  writeSync(wfd, buf, 0, at);
  closeSync(wfd);
  return out;
}

function client(job: Job, end: { port: MessagePort } | { url: string }): Promise<Measured> {
  const transfer = 'port' in end ? [end.port] : [];
  const w = new Worker(new URL('./app-path-client.js', import.meta.url), { workerData: { job, ...end }, transferList: transfer });
  return new Promise((resolve, reject) => {
    w.once('message', (r: Measured) => {
      void w.terminate();
      resolve(r);
    });
    w.once('error', reject);
  });
}
type MessagePort = import('node:worker_threads').MessagePort;

/** The peer: the engine worker answered in this thread, buffers read and given back, no host. */
async function engineAlone(job: Job): Promise<Measured> {
  const dones: ((s: RunStats) => void)[] = [];
  const engine = await EngineThread.start({
    event: (e) => {
      if (e.type === 'done') for (const d of dones.splice(0)) d(e.stats);
    },
  });
  try {
    return await measure(
      {
        request: <K extends OpName>(op: K, a: OpArgs<K>) => engine.request(op as EngineOp, a as never) as Promise<OpResult<K>>,
        done: () => new Promise((resolve) => dones.push(resolve)),
        release: (buffer, runId) => engine.giveBack(buffer, runId, 'view'),
        close: () => {},
      },
      job,
    );
  } finally {
    await engine.close();
  }
}

async function viaMessagePort(job: Job, transfer: boolean): Promise<[Measured, PathStats]> {
  const { port1, port2 } = new MessageChannel();
  const app = new AppHost(new NodePortTransport(port1, { transfer }), { engine: startEngineThread, version: 'bench', desktop: false });
  const r = await client(job, { port: port2 });
  const s = app.pathStats();
  await app.close();
  return [r, s];
}

async function viaWebSocket(job: Job): Promise<[Measured, PathStats]> {
  const server = await startServe({
    root: path.join(here, '../renderer'),
    host: '127.0.0.1',
    port: 0,
    engine: startEngineThread,
    version: 'bench',
    paths: new FolderRule([tmpdir(), path.join(here, '../..')]),
  });
  const url = server.url.replace('http://', 'ws://').replace('/?token=', '/ws?token=');
  const r = await client(job, { url });
  const s = [...server.hosts()][0]!.pathStats();
  await server.close();
  return [r, s];
}

const pct = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]!;
};
const ms = (x: number): string => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(2) : x.toFixed(0));

function row(name: string, m: Measured, peer: Measured, s?: PathStats): string[] {
  if (m.error) return [name, `failed: ${m.error}`];
  const rowsPerSecond = m.rows.rows / (m.rows.ms / 1000);
  const peerRowsPerSecond = peer.rows.rows / (peer.rows.ms / 1000);
  return [
    name,
    m.packets.toLocaleString('en'),
    (m.openMs / 1000).toFixed(2),
    m.rows.requests.toLocaleString('en'),
    Math.round(rowsPerSecond).toLocaleString('en'),
    (m.rows.bytes / 1048576 / (m.rows.ms / 1000)).toFixed(1),
    ms(pct(m.rows.latencies, 0.5)),
    ms(pct(m.rows.latencies, 0.99)),
    ms(pct(m.next, 0.5)),
    ms(pct(m.next, 0.99)),
    ms(pct(m.jumps, 0.5)),
    ms(Math.max(...m.jumps)),
    s ? (s.relayMsP50 * 1000).toFixed(0) : '-',
    `${(rowsPerSecond / peerRowsPerSecond).toFixed(2)}×`,
  ];
}

const file = cutPcap(source, limitMb);
const job: Job = { file, rows: rowsPerRequest, next, jumps };
process.stdout.write(
  `app path bench: ${file} (first ${limitMb} MiB of ${path.basename(source)}); rows ${rowsPerRequest} a request, packets 1..${next}, ${jumps} random jumps; one request in flight; Node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(2)}\n\n`,
);
const peer = await engineAlone(job);
const [mp, mps] = await viaMessagePort(job, true);
const [mc, mcs] = await viaMessagePort(job, false);
const [ws, wss] = await viaWebSocket(job);
const rows = [
  [
    'end of the path',
    'packets',
    'open s',
    'rows req',
    'rows/s',
    'MiB/s',
    'rows ms p50',
    'p99',
    'next ms p50',
    'p99',
    'jump ms p50',
    'max',
    'relay µs p50',
    'rows/s vs engine',
  ],
  row('engine alone (no host)', peer, peer),
  row('MessagePort, copy + transfer', mp, peer, mps),
  row('MessagePort, clone (Electron shape)', mc, peer, mcs),
  row('WebSocket → worker (serve mode)', ws, peer, wss),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) process.stdout.write(`${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`);
