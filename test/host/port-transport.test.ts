/**
 * Backpressure over a message port (Electron's MessagePortMain; here Node's MessageChannel, the
 * same PortTransport): the UI acknowledges what it has read, the host's backlog is what it
 * posted and the UI has not acknowledged, and AppHost holds on it as it holds on a socket in
 * serve mode. A UI that never acknowledges: what waits for it stays bounded, the engine is asked
 * for nothing more, and it all resumes (at half the mark) when acknowledgements come.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { AppHost, InFlight, NodePortTransport, messageBytes, startEngineThread } from '../../native-bridge/host/index.js';
import {
  type Ack,
  type HostMessage,
  type OpArgs,
  type OpName,
  type OpResult,
  ProtocolError,
  type Request,
} from '../../native-bridge/protocol/index.js';
import { decodeRows } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';
import { SOME_ROWS, rowsBatch } from './batches.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-port-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type ReplyOf = Extract<HostMessage, { type: 'reply' }>;

/**
 * The UI end of the port: records every host message; acknowledges only when told (`ack`), or
 * each one as it arrives once `acking` (as the renderer does).
 */
class Ui {
  readonly got: HostMessage[] = [];
  acking = false;
  #acked = 0;
  #id = 0;
  constructor(readonly port: MessagePort) {
    port.on('message', (m: HostMessage) => {
      this.got.push(m);
      if (this.acking) this.ack(this.got.length);
    });
  }
  /** Says the first `read` messages were read (all so far by default). */
  ack(read = this.got.length): void {
    this.#acked = read;
    this.port.postMessage({ type: 'ack', read } satisfies Ack);
  }
  get acked(): number {
    return this.#acked;
  }
  send<K extends OpName>(op: K, args: OpArgs<K>): number {
    const id = ++this.#id;
    this.port.postMessage({ type: 'request', id, op, args } as Request);
    return id;
  }
  reply(id: number): ReplyOf | undefined {
    return this.got.find((m): m is ReplyOf => m.type === 'reply' && m.id === id);
  }
  replies(): ReplyOf[] {
    return this.got.filter((m): m is ReplyOf => m.type === 'reply');
  }
  async result<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    const id = this.send(op, args);
    await until(() => this.reply(id) !== undefined, 60_000);
    const r = this.reply(id);
    if (r === undefined || 'error' in r) throw new Error(`${op}: ${JSON.stringify(r)}`);
    return r.result as OpResult<K>;
  }
  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.got.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }
}

function connect(highWaterBytes: number) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const transport = new NodePortTransport(port1);
  const host = new AppHost(transport, { engine: startEngineThread, version: '0', desktop: false, highWaterBytes });
  return { transport, host, ui: new Ui(port2) };
}

describe('InFlight: what was posted and not acknowledged', () => {
  it('an acknowledgement lets go of the oldest messages; peaks are kept', () => {
    const f = new InFlight();
    for (const b of [100, 200, 300, 400]) f.add(b);
    expect([f.messages, f.bytes]).toEqual([4, 1000]);
    f.ack(1);
    expect([f.messages, f.bytes]).toEqual([3, 900]);
    f.ack(1); // the same count again: nothing more read
    expect([f.messages, f.bytes]).toEqual([3, 900]);
    f.ack(3);
    expect([f.messages, f.bytes]).toEqual([1, 400]);
    f.add(50);
    f.ack(5);
    expect([f.messages, f.bytes]).toEqual([0, 0]);
    expect(f.peak).toEqual({ bytes: 1000, messages: 4 });
  });

  it('refuses a count that goes backwards or past what was posted, and changes nothing', () => {
    const f = new InFlight();
    f.add(10);
    f.add(20);
    f.ack(1);
    for (const read of [0, 3]) {
      let e: unknown;
      try {
        f.ack(read);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(ProtocolError);
      expect(e).toMatchObject({ code: 'PROTOCOL_OUT_OF_RANGE', where: 'ack.read' });
      expect((e as Error).message).toContain(`${read} is outside 1..2`);
    }
    expect([f.messages, f.bytes]).toEqual([1, 20]);
  });

  it('keeps its count over many messages (the read part is dropped as it goes)', () => {
    const f = new InFlight();
    let read = 0;
    for (let i = 1; i <= 100_000; i++) {
      f.add(i % 7);
      if (i % 3 === 0) {
        read = i - 1;
        f.ack(read);
      }
    }
    let left = 0;
    for (let i = read + 1; i <= 100_000; i++) left += i % 7;
    expect([f.messages, f.bytes]).toEqual([100_000 - read, left]);
  });

  it("reckons a message as serve mode's frame does: its JSON, plus a result buffer's bytes", () => {
    const view: HostMessage = { type: 'view', view: { runId: 1, viewId: 0, packets: 5, displayed: 5, scanned: 5 } };
    expect(messageBytes(view)).toBe(JSON.stringify(view).length);
    const buffer = new ArrayBuffer(4096);
    const rows: HostMessage = { type: 'reply', id: 3, op: 'rows', result: { runId: 1, viewId: 0, first: 0, count: 2, buffer } };
    expect(messageBytes(rows)).toBe(JSON.stringify({ ...rows, result: { ...rows.result, buffer: {} } }).length + 4096);
  });
});

describe('PortTransport over a MessageChannel', () => {
  it('its backlog is what the UI has not acknowledged; requests reach the host, acknowledgements do not', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const t = new NodePortTransport(port1);
    const heard: unknown[] = [];
    t.onMessage((m) => heard.push(m));
    const got: HostMessage[] = [];
    port2.on('message', (m: HostMessage) => got.push(m));
    const view: HostMessage = { type: 'view', view: { runId: 1, viewId: 0, packets: 5, displayed: 5, scanned: 5 } };
    for (let i = 0; i < 3; i++) t.send(view);
    expect(t.backlog()).toBe(3 * messageBytes(view));
    await until(() => got.length === 3);
    expect(t.backlog()).toBe(3 * messageBytes(view)); // read, not yet acknowledged
    port2.postMessage({ type: 'ack', read: 2 } satisfies Ack);
    port2.postMessage({ type: 'request', id: 1, op: 'hello', args: {} } satisfies Request);
    await until(() => heard.length === 1);
    expect(heard).toEqual([{ type: 'request', id: 1, op: 'hello', args: {} }]);
    expect(t.backlog()).toBe(messageBytes(view));
    expect(t.inFlight()).toEqual({ bytes: messageBytes(view), messages: 1, peak: { bytes: 3 * messageBytes(view), messages: 3 } });
    // A count the host cannot have sent is the UI's error: it is answered, and the backlog stands.
    port2.postMessage({ type: 'ack', read: 9 } satisfies Ack);
    await until(() => heard.length === 2);
    expect(heard[1]).toBeInstanceOf(ProtocolError);
    expect(heard[1]).toMatchObject({ code: 'PROTOCOL_OUT_OF_RANGE', where: 'ack.read' });
    expect(t.backlog()).toBe(messageBytes(view));
  });

  it('a cloning port cuts a batch filling less than half its buffer to its used bytes; a full one goes as it is', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const t = new NodePortTransport(port1);
    const got: HostMessage[] = [];
    port2.on('message', (m: HostMessage) => got.push(m));
    const sparse = rowsBatch(SOME_ROWS);
    const buffer = sparse.lease.buffer;
    expect(sparse.usedBytes * 2).toBeLessThan(buffer.byteLength);
    t.send({ type: 'reply', id: 1, op: 'rows', result: { runId: 1, viewId: 0, first: 0, count: 3, buffer } });
    const full = new ArrayBuffer(sparse.usedBytes);
    new Uint8Array(full).set(new Uint8Array(buffer, 0, sparse.usedBytes));
    t.send({ type: 'reply', id: 2, op: 'rows', result: { runId: 1, viewId: 0, first: 0, count: 3, buffer: full } });
    await until(() => got.length === 2);
    const [a, b] = got.map((m) => (m as ReplyOf & { result: { buffer: ArrayBuffer } }).result.buffer);
    expect(a!.byteLength).toBe(sparse.usedBytes);
    expect(b!.byteLength).toBe(sparse.usedBytes);
    expect(decodeRows(a!)).toEqual(SOME_ROWS);
    expect(buffer.byteLength).toBeGreaterThan(sparse.usedBytes); // the engine's buffer itself is untouched
    // The backlog counts what was posted: the cut buffer, not the pooled one.
    expect(t.backlog()).toBeLessThan(2 * sparse.usedBytes + 400);
  });
});

describe('AppHost over a port whose UI stops acknowledging', () => {
  it('holds the engine at the high-water mark, keeps what waits bounded, and resumes at half as acknowledgements come', async () => {
    const HIGH = 1 * MiB;
    const PACKETS = 20_000;
    const REQUESTS = 400;
    const file = path.join(tmp, 'rows.pcapng');
    writeCapture(file, { profile: 'small', packets: PACKETS, seed: 2 });
    const { transport, host, ui } = connect(HIGH);
    try {
      ui.acking = true;
      const { runId } = await ui.result('open', { path: file });
      await until(() => ui.of('done').length > 0, 60_000);
      const one = await ui.result('rows', { runId, viewId: 0, first: 0, count: 10_000 });
      const perReply = one.buffer.byteLength;
      expect(one.count).toBeGreaterThan(1000);
      await until(() => transport.backlog() === 0);
      const relayedBefore = host.pathStats().batches;

      // The UI stops acknowledging (it still receives: its thread is busy elsewhere) and asks
      // for ~100 MiB of rows.
      ui.acking = false;
      const ids = Array.from({ length: REQUESTS }, (_, k) =>
        ui.send('rows', { runId, viewId: 0, first: (k * one.count) % (PACKETS - one.count), count: one.count }),
      );
      expect(REQUESTS * perReply).toBeGreaterThan(90 * MiB);
      // Wait until the relay stalls.
      let relayed = -1;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        const before = host.pathStats().batches;
        await sleep(300);
        relayed = host.pathStats().batches - relayedBefore;
        if (relayed > 0 && host.pathStats().batches === before) break;
      }
      // Held: the engine was asked for what fits under the mark, and the rest waits at the host.
      expect(relayed).toBeGreaterThanOrEqual(Math.floor(HIGH / perReply));
      expect(relayed).toBeLessThanOrEqual(Math.ceil(HIGH / perReply) + 1);
      const flight = transport.inFlight();
      expect(flight.bytes).toBeGreaterThan(HIGH);
      // Bounded: the mark plus one reply (the one let through just under it) and small messages.
      expect(flight.peak.bytes).toBeLessThanOrEqual(HIGH + perReply + 16 * KiB);
      // The relayed replies, and perhaps a stats event (the ended run's buffers coming back).
      expect(flight.messages).toBeGreaterThanOrEqual(relayed);
      expect(flight.messages).toBeLessThanOrEqual(relayed + 2);
      const waiting = ui.replies().length;

      // Acknowledgements come, oldest first: while they leave more than half the mark in
      // flight nothing more is relayed; the one that brings it to half resumes the relay.
      let read = ui.acked;
      for (;;) {
        const left = transport.backlog() - messageBytes(ui.got[read]!);
        ui.ack(++read);
        if (left <= HIGH / 2) break;
        await sleep(150);
        // No reply relayed meanwhile; an event may come (the ended run's last stats, once its
        // buffers are all back: a few KiB), and is counted in the backlog too.
        expect(transport.backlog()).toBeGreaterThanOrEqual(left);
        expect(transport.backlog() - left).toBeLessThan(16 * KiB);
        expect(ui.replies().length).toBe(waiting);
      }
      expect(await until(() => ui.replies().length > waiting, 5_000)).toBe(true);

      // Acknowledging as it reads again: every reply arrives, in order, each the rows it asked for.
      ui.acking = true;
      ui.ack();
      await until(() => ui.reply(ids.at(-1)!) !== undefined, 120_000);
      const replies = ui.replies().slice(-REQUESTS);
      expect(replies.map((r) => r.id)).toEqual(ids);
      for (const k of [0, 1, REQUESTS - 1]) {
        const r = replies[k] as ReplyOf & { result: { first: number; count: number; buffer: ArrayBuffer } };
        expect(decodeRows(r.result.buffer)[0]![0]).toBe(r.result.first + 1);
        expect(new BatchView(r.result.buffer).count).toBe(r.result.count);
      }
      await until(() => transport.backlog() === 0);
      expect(transport.inFlight().peak.bytes).toBeLessThanOrEqual(HIGH + perReply + 16 * KiB);
    } finally {
      await host.close();
    }
  });

  it('during a replay, a UI that acknowledges nothing gets only the newest stats and view past the mark, and the run ends in order', async () => {
    const HIGH = 8 * KiB;
    const file = path.join(tmp, 'events.pcapng');
    writeCapture(file, { profile: 'small', packets: 20_000, seed: 3 });
    const { transport, host, ui } = connect(HIGH);
    try {
      // The UI acknowledges nothing from the start: the replay's events pile up as far as the mark.
      const id = ui.send('open', { path: file, speed: 2 }); // ~2 s: a stats event at least every 250 ms, a view every 100 ms
      await until(() => ui.of('done').length > 0, 60_000);
      const done = ui.of('done')[0]!;
      expect(ui.reply(id)).toMatchObject({ result: { runId: done.stats.runId } });
      const largest = Math.max(...ui.got.map(messageBytes));
      // Bounded: the mark, plus the held stats and view sent ahead of `done`, and `done` itself.
      expect(transport.inFlight().peak.bytes).toBeLessThanOrEqual(HIGH + 3 * largest);
      // What went out before the UI fell behind, then the newest stats and view just before done: the
      // UI still sees the run's final state before its end.
      const types = ui.got.map((m) => m.type);
      expect(types.at(-1)).toBe('done');
      const beforeDone = ui.got.slice(0, -1);
      const lastView = beforeDone.filter((m) => m.type === 'view').at(-1);
      expect(lastView).toMatchObject({ view: { packets: 20_000, displayed: 20_000 } });
      // Past the mark (the host's reckoning of what the UI had not acknowledged), only the held
      // newest stats and view went out, just ahead of `done`, though the engine went on sending
      // them (a view every 100 ms of a run over a second long).
      let sum = 0;
      const over = ui.got.findIndex((m) => {
        sum += messageBytes(m);
        return sum > HIGH;
      });
      expect(over).toBeGreaterThan(0);
      const after = ui.got.slice(over + 1, -1).map((m) => m.type);
      expect(after.filter((t) => t === 'view').length).toBeLessThanOrEqual(1);
      expect(after.filter((t) => t === 'stats').length).toBeLessThanOrEqual(1);
      expect(done.stats.seconds).toBeGreaterThan(1);
      ui.ack();
      await until(() => transport.backlog() === 0);
    } finally {
      await host.close();
    }
  });
});
