/**
 * The UI end of the app-path bench: opens the file, waits for the store's first pass, then asks
 * as the list and the detail pane do, one request in flight, timing each round trip:
 * - rows: the whole store, `rows` at a time from the first row on (each reply's summaries
 *   decoded, as the list does);
 * - packet, next: packets 1..`next` (selection moving down: the engine's detail cursor moves
 *   one packet a step);
 * - packet, jump: `jumps` packets picked at random (a fixed seed), each before the one before
 *   it is as likely as after (a jump back costs a pass from the first packet).
 * `measure` runs over any Session. Run as a worker thread (workerData: a port or a WebSocket
 * URL), it is the UI in a thread of its own, as a renderer is a process of its own.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import WebSocket from 'ws';
import { BatchView } from '../native-bridge/batch/index.js';
import {
  type Ack,
  decodeHostFrame,
  type HostMessage,
  type OpArgs,
  type OpName,
  type OpResult,
  type RunStats,
} from '../native-bridge/protocol/index.js';

/** One UI's view of the host: requests answered, and the run's end. */
export interface Session {
  request<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>>;
  /** Resolves with the run's stats at its `done`. */
  done(): Promise<RunStats>;
  /** A result's buffer is read: give it back (engine only; over a transport the UI owns its copy). */
  release(buffer: ArrayBuffer, runId: number): void;
  close(): void;
}

export interface Job {
  file: string;
  rows: number;
  next: number;
  jumps: number;
}

export interface Measured {
  packets: number;
  openMs: number;
  rows: { requests: number; rows: number; bytes: number; ms: number; latencies: number[] };
  next: number[];
  jumps: number[];
  error?: string;
}

export async function measure(s: Session, job: Job): Promise<Measured> {
  const t0 = performance.now();
  const done = s.done();
  const { runId } = await s.request('open', { path: job.file });
  const stats = await done;
  const packets = stats.packets;
  const openMs = performance.now() - t0;
  const rows = { requests: 0, rows: 0, bytes: 0, ms: 0, latencies: [] as number[] };
  const decoder = new TextDecoder();
  const r0 = performance.now();
  for (let first = 0; first < packets; ) {
    const t = performance.now();
    const r = await s.request('rows', { runId, viewId: 0, first, count: job.rows });
    const view = new BatchView(r.buffer);
    let chars = 0;
    for (let i = 0; i < view.count; i++) chars += decoder.decode(view.data(i)).length;
    rows.latencies.push(performance.now() - t);
    if (r.count === 0 || chars === 0) throw new Error(`rows from ${first}: an empty reply`);
    rows.requests++;
    rows.rows += r.count;
    rows.bytes += view.usedBytes;
    first += r.count;
    s.release(r.buffer, runId);
  }
  rows.ms = performance.now() - r0;
  const packet = async (number: number): Promise<number> => {
    const t = performance.now();
    const p = await s.request('packet', { runId, number });
    if (p.nodes.length === 0 || new BatchView(p.buffer).count < 1) throw new Error(`packet ${number}: an empty detail`);
    const ms = performance.now() - t;
    s.release(p.buffer, runId);
    return ms;
  };
  const next: number[] = [];
  for (let n = 1; n <= Math.min(job.next, packets); n++) next.push(await packet(n));
  const jumps: number[] = [];
  let seed = 0x9e3779b9;
  for (let k = 0; k < job.jumps; k++) {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    jumps.push(await packet(1 + (seed % packets)));
  }
  return { packets, openMs, rows, next, jumps };
}

/** A Session over HostMessages: requests by id, replies matched to them. */
function messageSession(send: (m: object) => void, subscribe: (on: (m: HostMessage) => void) => void, close: () => void): Session {
  const waiting = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  const dones: ((s: RunStats) => void)[] = [];
  let nextId = 1;
  subscribe((m) => {
    if (m.type === 'reply') {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(`${m.op}: ${m.error.code} ${m.error.message}`));
      else w?.resolve(m.result);
    } else if (m.type === 'done') for (const d of dones.splice(0)) d(m.stats);
    else if (m.type === 'error') for (const w of waiting.values()) w.reject(new Error(`${m.error.code} ${m.error.message}`));
  });
  return {
    request: <K extends OpName>(op: K, args: OpArgs<K>) =>
      new Promise<OpResult<K>>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
        send({ type: 'request', id, op, args });
      }),
    done: () => new Promise((resolve) => dones.push(resolve)),
    release: () => {},
    close,
  };
}

/** Over a port, each host message is acknowledged once handled, as the renderer does (the host's backlog). */
function portSession(port: MessagePort): Session {
  let read = 0;
  return messageSession(
    (m) => port.postMessage(m),
    (on) =>
      port.on('message', (m: HostMessage) => {
        on(m);
        port.postMessage({ type: 'ack', read: ++read } satisfies Ack);
      }),
    () => port.close(),
  );
}

async function webSocketSession(url: string): Promise<Session> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return messageSession(
    (m) => ws.send(JSON.stringify(m)),
    (on) =>
      ws.on('message', (data: ArrayBuffer | Buffer, isBinary) => on(decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString()))),
    () => ws.close(),
  );
}

if (!isMainThread) {
  const { job, port, url } = workerData as { job: Job; port?: MessagePort; url?: string };
  const session = port ? portSession(port) : await webSocketSession(url!);
  const out = await measure(session, job).catch(
    (e: unknown): Measured => ({
      packets: 0,
      openMs: 0,
      rows: { requests: 0, rows: 0, bytes: 0, ms: 0, latencies: [] },
      next: [],
      jumps: [],
      error: e instanceof Error ? e.message : String(e),
    }),
  );
  session.close();
  parentPort!.postMessage(out);
}
