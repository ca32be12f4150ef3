/**
 * The app path, measured: engine worker → main thread (AppHost) → UI, with the real EngineThread.
 *   node dist/bench/app-path.js [FILE] [--mb N]
 * Races four ends of the path on the same file, each UI in a worker thread of its own: no UI
 * (AppHost gives each batch straight back: the engine and relay alone), a MessagePort that
 * transfers a copy of the used bytes, a MessagePort that structured-clones the batch (the
 * shape of Electron's MessagePortMain, which cannot transfer ArrayBuffers), and a WebSocket
 * (serve mode: one copy into a binary frame). Prints bytes/s, batches/s and the main thread's time per batch.
 */
import { closeSync, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { AppHost, NodePortTransport, startEngineThread, type HostTransport, type PathStats } from '../native-bridge/host/index.js';
import { startServe } from '../cli/serve/server.js';

const args = process.argv.slice(2);
const mbAt = args.indexOf('--mb');
const limitMb = mbAt >= 0 ? Number(args.splice(mbAt, 2)[1]) : 128;
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
  const wfd = openSync(out, 'w');
  const buf = Buffer.alloc(mb * 1024 * 1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 && buf.readUInt32LE(0) !== 0xa1b23c4d) return file; // not LE pcap: use whole
  let at = 24;
  while (at + 16 <= n && at + 16 + buf.readUInt32LE(at + 8) <= n) at += 16 + buf.readUInt32LE(at + 8);
  writeSync(wfd, buf, 0, at);
  closeSync(wfd);
  return out;
}

interface ClientResult {
  batches: number;
  packets: number;
  bytes: number;
  ms: number;
  end: string;
  error?: unknown;
}

function client(job: object, transfer: readonly MessagePortLike[] = []): Promise<ClientResult> {
  const w = new Worker(new URL('./app-path-client.js', import.meta.url), { workerData: job, transferList: transfer as never });
  return new Promise((resolve, reject) => {
    w.once('message', (r: ClientResult) => {
      void w.terminate();
      resolve(r);
    });
    w.once('error', reject);
  });
}
type MessagePortLike = object;

async function viaNothing(file: string): Promise<PathStats> {
  let app: AppHost | undefined;
  const done = new Promise<void>((resolve) => {
    const handlers: Array<(m: never) => void> = [];
    const transport: HostTransport = {
      copies: true,
      send: (m) => {
        if (m.type === 'done' || m.type === 'error') resolve();
      },
      onMessage: (h) => void handlers.push(h as never),
      onClose: () => {},
      backlog: () => 0,
      close: () => {},
    };
    app = new AppHost(transport, { engine: startEngineThread, version: 'bench', desktop: false });
    void app.open(file);
  });
  await done;
  const s = app!.pathStats();
  await app!.close();
  return s;
}

async function viaMessagePort(file: string, transfer: boolean): Promise<[PathStats, ClientResult]> {
  const { port1, port2 } = new MessageChannel();
  const app = new AppHost(new NodePortTransport(port1, { transfer }), { engine: startEngineThread, version: 'bench', desktop: false });
  const r = await client({ file, port: port2 }, [port2]);
  const s = app.pathStats();
  await app.close();
  return [s, r];
}

async function viaWebSocket(file: string): Promise<[PathStats, ClientResult]> {
  const server = await startServe({
    root: path.join(here, '../renderer'),
    host: '127.0.0.1',
    port: 0,
    engine: startEngineThread,
    version: 'bench',
  });
  const url = server.url.replace('http://', 'ws://').replace('/?token=', '/ws?token=');
  const r = await client({ file, url });
  const s = [...server.hosts()][0]!.pathStats();
  await server.close();
  return [s, r];
}

const mib = (n: number) => (n / 1048576).toFixed(1);
function row(name: string, s: PathStats, r?: ClientResult): string[] {
  return [
    name,
    s.batches.toLocaleString('en'),
    `${mib(s.bytes)} MiB`,
    `${mib(s.bytesPerSecond)} MiB/s`,
    Math.round(s.batchesPerSecond).toLocaleString('en'),
    Math.round(s.packetsPerSecond).toLocaleString('en'),
    (s.relayMsP50 * 1000).toFixed(1),
    (s.relayMsMean * 1000).toFixed(1),
    (s.relayMsP99 * 1000).toFixed(1),
    (s.relayMsMax * 1000).toFixed(0),
    `${(s.mainThreadShare * 100).toFixed(1)} %`,
    r ? `${r.batches} / ${r.end}` : '-',
  ];
}

const file = cutPcap(source, limitMb);
process.stdout.write(
  `app path bench: ${file} (first ${limitMb} MiB of ${path.basename(source)}), replay at max speed, Node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(2)}\n\n`,
);
const rows = [
  [
    'end of the path',
    'batches',
    'relayed',
    'bytes/s',
    'batches/s',
    'packets/s',
    'relay µs p50',
    'mean',
    'p99',
    'max',
    'main thread busy',
    'UI got',
  ],
];
rows.push(row('no UI (giveBack at once)', await viaNothing(file)));
const [mp, mpr] = await viaMessagePort(file, true);
rows.push(row('MessagePort, copy + transfer', mp, mpr));
const [mc, mcr] = await viaMessagePort(file, false);
rows.push(row('MessagePort, clone (Electron shape)', mc, mcr));
const [ws, wsr] = await viaWebSocket(file);
rows.push(row('WebSocket → worker (serve mode)', ws, wsr));
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(`${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`);
for (const [name, r] of [
  ['MessagePort', mpr],
  ['MessagePort clone', mcr],
  ['WebSocket', wsr],
] as const)
  if (r.error) process.stdout.write(`${name}: run ended with ${JSON.stringify(r.error)}\n`);
