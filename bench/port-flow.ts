/**
 * Backpressure on the desktop app's port, measured with its in-process stand-in (AppHost over a
 * worker_threads MessagePort that structured-clones, as Electron's MessagePortMain does; the
 * real engine worker):
 *
 *   node dist/bench/port-flow.js [FILE] [--rows N] [--frame MS] [--read N]
 *
 * A max-speed replay of FILE (default bench/data/small-mixed.pcap) while the UI (a worker
 * thread, port-flow-client.ts) asks for N rows every frame (default 1024 every 16 ms: a list
 * scrolled a screen and its prefetch a frame) but reads only --read host messages a second
 * (default 20: a page busy drawing). Races, each in a process of its own (peak RSS is the
 * process's): the port as it was (backlog 0: the UI does not acknowledge and the host never
 * holds) against the port as it is (the UI acknowledges each message it has read; AppHost holds
 * past its 16 MiB high-water mark and resumes at half). Prints, for each: the replay's time, the
 * UI's queue at its peak (messages and MiB waiting in its port, reckoned as the host reckons a
 * message), what waited for the UI when the run ended and how long the UI needs at its rate to
 * get through it, the requests waiting at the host at their peak, and peak RSS; then checks the
 * UI gets every reply it asked for, in order.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { AppHost, InFlight, NodePortTransport, messageBytes, startEngineThread } from '../native-bridge/host/index.js';
import type { HostMessage } from '../native-bridge/protocol/index.js';
import { ASKED, DONE_POSTED, type FlowJob, type FlowReport, READ, SLOTS } from './port-flow-client.js';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1]! : fallback;
}
const mode = option('--case', '');
const rows = Number(option('--rows', '1024'));
const frameMs = Number(option('--frame', '16'));
const readPerSecond = Number(option('--read', '20'));
const here = path.dirname(fileURLToPath(import.meta.url));
const file = args[0] ?? path.join(here, '../../bench/data/small-mixed.pcap');

interface CaseResult {
  name: string;
  replaySeconds: number;
  packets: number;
  peakQueueMessages: number;
  peakQueueBytes: number;
  peakHeldRequests: number;
  queueAtDoneMessages: number;
  queueAtDoneBytes: number;
  relayedDuringReplay: number;
  report: FlowReport;
  peakRssBytes: number;
}

/**
 * The port as the bench sees it: every message posted is metered against what the UI has read
 * (a shared counter), whether or not the UI acknowledges; `acks: false` is the port as it was
 * (backlog 0: AppHost never holds).
 */
class MeteredPort extends NodePortTransport {
  readonly queue = new InFlight();
  replies = 0;
  atDone: { messages: number; bytes: number; replies: number } | undefined;
  packets = 0;
  doneAt = 0;
  constructor(
    port: MessagePort,
    private readonly shared: Int32Array,
    private readonly acks: boolean,
  ) {
    super(port);
  }
  protected override post(message: HostMessage, transfer?: ArrayBuffer[]): void {
    this.queue.ack(Atomics.load(this.shared, READ));
    super.post(message, transfer);
    this.queue.add(messageBytes(message));
    if (message.type === 'reply' && message.op === 'rows') this.replies++;
    if (message.type === 'done' && this.atDone === undefined) {
      this.atDone = { messages: this.queue.messages, bytes: this.queue.bytes, replies: this.replies };
      this.packets = message.stats.packets;
      this.doneAt = performance.now();
      Atomics.store(this.shared, DONE_POSTED, 1);
    }
  }
  override backlog(): number {
    return this.acks ? super.backlog() : 0;
  }
}

async function runCase(acks: boolean): Promise<CaseResult> {
  const shared = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  const { port1, port2 } = new MessageChannel();
  const transport = new MeteredPort(port1, shared, acks);
  const host = new AppHost(transport, { engine: startEngineThread, version: 'bench', desktop: true });
  let peakRss = process.memoryUsage.rss();
  let peakHeld = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeld = Math.max(peakHeld, Atomics.load(shared, ASKED) - transport.replies);
  }, 20);
  const job: FlowJob = { file, acks, frameMs, rows, readPerSecond };
  const t0 = performance.now();
  const worker = new Worker(new URL('./port-flow-client.js', import.meta.url), {
    workerData: { job, port: port2, shared: shared.buffer },
    transferList: [port2],
  });
  const report = await new Promise<FlowReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  clearInterval(sampler);
  await worker.terminate();
  await host.close();
  const atDone = transport.atDone!;
  return {
    name: acks ? 'acknowledged (now)' : 'not acknowledged (before)',
    replaySeconds: (transport.doneAt - t0) / 1000,
    packets: transport.packets,
    peakQueueMessages: transport.queue.peak.messages,
    peakQueueBytes: transport.queue.peak.bytes,
    peakHeldRequests: peakHeld,
    queueAtDoneMessages: atDone.messages,
    queueAtDoneBytes: atDone.bytes,
    relayedDuringReplay: atDone.replies,
    report,
    peakRssBytes: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
  };
}

if (mode !== '') {
  process.stdout.write(`${JSON.stringify(await runCase(mode === 'acks'))}\n`);
  process.exit(0);
}

if (!existsSync(file)) {
  process.stderr.write(`port-flow: ${file} is missing; run \`npm run bench\` once (it generates bench/data) or name a capture file\n`);
  process.exit(2);
}
process.stdout.write(
  `port flow bench: max-speed replay of ${file}; the UI asks ${rows} rows every ${frameMs} ms and reads ${readPerSecond} messages/s; Node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(2)}\n\n`,
);
const results: CaseResult[] = [];
for (const c of ['none', 'acks']) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--case', c, '--rows', `${rows}`, '--frame', `${frameMs}`, '--read', `${readPerSecond}`, file],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) {
    process.stderr.write(`port-flow: the ${c} case failed (exit ${r.status})\n`);
    process.exit(1);
  }
  results.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as CaseResult);
}
const MiB = (b: number): string => (b / 2 ** 20).toFixed(1);
const table = [
  [
    'port',
    'replay s',
    'rows asked',
    'relayed',
    'peak queue msgs',
    'MiB',
    'at done msgs',
    'MiB',
    'behind s',
    'peak held req',
    'peak RSS MB',
    'in order',
  ],
  ...results.map((r) => [
    r.name,
    r.replaySeconds.toFixed(2),
    `${r.report.asked}`,
    `${r.relayedDuringReplay}`,
    `${r.peakQueueMessages}`,
    MiB(r.peakQueueBytes),
    `${r.queueAtDoneMessages}`,
    MiB(r.queueAtDoneBytes),
    (r.queueAtDoneMessages / readPerSecond).toFixed(1),
    `${r.peakHeldRequests}`,
    (r.peakRssBytes / 1e6).toFixed(0),
    r.report.inOrder && r.report.errors.length === 0 ? 'yes' : `no ${r.report.errors.join('; ')}`,
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table)
  process.stdout.write(`${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`);
process.stdout.write(
  `\n${results[0]!.packets.toLocaleString('en')} packets. relayed: rows replies posted during the replay; queue: host messages posted and not yet read by the UI; behind: the queue at done at the UI's read rate (how long until it sees the run end); held req: rows asked and not yet answered (waiting at the host); in order: every reply it asked for arrived, in order\n`,
);
