/**
 * AppHost: what it does itself (hello, openDialog, validation answers, one copy of a result's
 * buffer and its giveBack, backpressure), against a scripted engine; then the whole app path
 * with the real engine worker, the UI at the other end of a MessagePort.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import {
  AppHost,
  NodePortTransport,
  startEngineThread,
  type Engine,
  type EngineListener,
  type HostTransport,
} from '../../native-bridge/host/index.js';
import {
  type Ack,
  PROTOCOL_VERSION,
  type EngineOp,
  type HostMessage,
  type OpArgs,
  type OpResult,
  ProtocolError,
  type RunStats,
  validated,
} from '../../native-bridge/protocol/index.js';
import { SAMPLE, decodeRows, held, readRows } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';
import { SOME_ROWS, rowsBatch } from './batches.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-app-host-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A scripted engine: records each request and what was given back, answers from `answers`. */
class ScriptedEngine implements Engine {
  requests: [string, unknown][] = [];
  givenBack: [ArrayBuffer, number, string | undefined][] = [];
  listener!: EngineListener;
  closed = false;
  answers: Partial<{ [K in EngineOp]: (args: OpArgs<K>) => OpResult<K> }> = {};
  async request<K extends EngineOp>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    this.requests.push([op, args]);
    if (op === 'open' && (args as OpArgs<'open'>).path === '/missing')
      throw new WirepoolError('CAPTURE_IO', 'cannot open /missing: no such file', { hint: 'check the path' });
    const answer = this.answers[op] as ((a: OpArgs<K>) => OpResult<K>) | undefined;
    return answer ? answer(args) : ((op === 'open' || op === 'replay' || op === 'captureStart' ? { runId: 1 } : {}) as OpResult<K>);
  }
  giveBack(buffer: ArrayBuffer, runId: number, pool?: 'run' | 'view'): void {
    this.givenBack.push([buffer, runId, pool]);
  }
  captureAvailable() {
    return { available: false, reason: 'no libpcap binding (cap)' };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function stats(runId: number, more: Partial<RunStats> = {}): RunStats {
  const pool = { tiers: [], oversize: { count: 0, bytes: 0, outstanding: 0 }, hitRate: 0, freeBytes: 0 };
  return { runId, kind: 'replay', state: 'done', packets: 3, bytes: 180, batches: 1, seconds: 0.1, filteredOut: 0, pool, at: 0, ...more };
}

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

/** The UI end of a MessageChannel: requests by id, every host message recorded and acknowledged, as the renderer does. */
class Ui {
  readonly got: HostMessage[] = [];
  #id = 0;
  constructor(readonly port: MessagePort) {
    port.on('message', (m: HostMessage) => {
      this.got.push(m);
      port.postMessage({ type: 'ack', read: this.got.length } satisfies Ack);
    });
  }
  send(m: unknown): void {
    this.port.postMessage(m);
  }
  /** Sends a request; resolves with its reply (result or error). */
  async ask<K extends string>(op: K, args: object = {}): Promise<HostMessage & { type: 'reply' }> {
    const id = ++this.#id + 1000;
    this.send({ type: 'request', id, op, args });
    await until(() => this.reply(id) !== undefined, 60_000);
    const r = this.reply(id);
    if (r === undefined) throw new Error(`no reply to ${op} (${id}): ${this.got.map((m) => m.type).join(',')}`);
    return r;
  }
  async result<K extends EngineOp | 'hello' | 'openDialog'>(op: K, args: object = {}): Promise<OpResult<K>> {
    const r = await this.ask(op, args);
    if ('error' in r) throw new Error(`${op}: ${JSON.stringify(r.error)}`);
    return r.result as OpResult<K>;
  }
  reply(id: number): (HostMessage & { type: 'reply' }) | undefined {
    return this.got.find((m): m is HostMessage & { type: 'reply' } => m.type === 'reply' && m.id === id);
  }
  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.got.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }
}

function channel(): { host: MessagePort; ui: Ui } {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { host: port1, ui: new Ui(port2) };
}

function scripted(
  opts: { openOnWelcome?: string; openDialog?: () => Promise<string | undefined>; ownTraffic?: string } = {},
  transfer = false,
) {
  const engine = new ScriptedEngine();
  const { host: port, ui } = channel();
  const host = new AppHost(new NodePortTransport(port, { transfer }), {
    engine: async (l) => {
      engine.listener = l;
      return engine;
    },
    version: '0.1.0',
    desktop: opts.openDialog !== undefined,
    ...opts,
  });
  return { engine, host, ui };
}

describe('AppHost: what it does itself', () => {
  it("serve mode: says which traffic is the UI's own, and leaves it out of a capture unless asked", async () => {
    const t = scripted({ ownTraffic: 'tcp port 8080' });
    expect(await t.ui.result('hello')).toMatchObject({ ownTraffic: 'tcp port 8080' });
    await t.ui.result('captureStart', { ifaces: ['lo'] });
    await t.ui.result('captureStart', { ifaces: ['lo'], filter: 'udp or icmp' });
    await t.ui.result('captureStart', { ifaces: ['lo'], filter: 'udp', own: true });
    expect(t.engine.requests.map(([, a]) => (a as { filter?: string }).filter)).toEqual([
      'not (tcp port 8080)',
      '(udp or icmp) and not (tcp port 8080)',
      'udp',
    ]);
    // Without ownTraffic (Electron: no socket) the filter goes as it is.
    const d = scripted();
    expect(await d.ui.result('hello')).not.toHaveProperty('ownTraffic');
    await d.ui.result('captureStart', { ifaces: ['lo'] });
    expect(d.engine.requests).toEqual([['captureStart', { ifaces: ['lo'] }]]);
  });

  it('answers hello with what the host can do; opens the configured file once the answer is out', async () => {
    const t = scripted({ openOnWelcome: '/data/x.pcapng' });
    expect(await t.ui.result('hello')).toEqual({
      protocol: PROTOCOL_VERSION,
      version: '0.1.0',
      capture: { available: false, reason: 'no libpcap binding (cap)' },
      desktop: false,
    });
    await until(() => t.engine.requests.length > 0);
    expect(t.engine.requests).toEqual([['open', { path: '/data/x.pcapng' }]]);
  });

  it("passes a menu's command to the UI as a command message, in order with the replies", async () => {
    const t = scripted({ openDialog: async () => undefined });
    await t.ui.result('hello');
    t.host.command('goToPacket');
    await t.ui.result('pause');
    t.host.command('ioGraph');
    await until(() => t.ui.of('command').length === 2);
    expect(t.ui.got.filter((m) => m.type !== 'reply' || m.op === 'pause').map((m) => (m.type === 'command' ? m.command : m.type))).toEqual([
      'goToPacket',
      'reply',
      'ioGraph',
    ]);
  });

  it('relays every engine operation as it is, and answers each request with its result, in order', async () => {
    const t = scripted();
    t.engine.answers.interfaces = () => ({
      interfaces: [{ name: 'lo', description: '', addresses: ['127.0.0.1'], up: true, loopback: true }],
    });
    t.engine.answers.filter = (a) => ({ runId: a.runId, viewId: 4 });
    const asked: [EngineOp, object][] = [
      ['open', { path: '/a.pcap', speed: 10, filter: 'tcp' }],
      ['pause', {}],
      ['resume', {}],
      ['speed', { speed: 'max' }],
      ['filter', { runId: 1, filter: 'udp' }],
      ['replay', { speed: 2 }],
      ['stop', {}],
      ['captureStart', { ifaces: ['eth0'], file: '/tmp/x.pcapng' }],
      ['captureStop', {}],
      ['interfaces', {}],
      ['save', { path: '/tmp/s.pcap', format: 'pcap' }],
    ];
    const replies = await Promise.all(asked.map(([op, args]) => t.ui.ask(op, args)));
    expect(t.engine.requests).toEqual(asked);
    expect(replies.map((r) => ('result' in r ? r.result : r.error))).toEqual([
      { runId: 1 },
      {},
      {},
      {},
      { runId: 1, viewId: 4 },
      { runId: 1 },
      {},
      { runId: 1 },
      {},
      { interfaces: [expect.objectContaining({ name: 'lo' })] },
      {},
    ]);
    expect(replies.map((r) => r.op)).toEqual(asked.map(([op]) => op));
  });

  it('a request that fails validation is answered at its id, naming the field; one that names no known operation gets a notice with its id; the host keeps serving', async () => {
    const t = scripted();
    t.ui.send({ type: 'request', id: 5, op: 'open', args: { path: 7 } });
    t.ui.send({ type: 'request', id: 6, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: 0 } });
    t.ui.send({ type: 'request', id: 7, op: 'packet', args: { runId: 1, number: 1, extra: true } });
    t.ui.send({ type: 'request', id: 8, op: 'launch', args: {} });
    t.ui.send({ type: 'hello' });
    t.ui.send('not even an object');
    expect((await t.ui.result('hello')).protocol).toBe(PROTOCOL_VERSION);
    expect(t.ui.reply(5)).toMatchObject({
      op: 'open',
      error: { code: 'PROTOCOL_BAD_TYPE', message: expect.stringMatching(/^open\.path: /) },
    });
    expect(t.ui.reply(6)).toMatchObject({
      op: 'rows',
      error: { code: 'PROTOCOL_OUT_OF_RANGE', message: expect.stringMatching(/^rows\.count: /) },
    });
    expect(t.ui.reply(7)).toMatchObject({
      op: 'packet',
      error: { code: 'PROTOCOL_UNKNOWN_FIELD', message: expect.stringMatching(/^packet\.extra: /) },
    });
    const notices = t.ui.of('error');
    expect(notices).toEqual([
      {
        type: 'error',
        id: 8,
        error: expect.objectContaining({ code: 'PROTOCOL_UNKNOWN_TYPE', message: expect.stringContaining('"launch"') }),
      },
      {
        type: 'error',
        error: expect.objectContaining({ code: 'PROTOCOL_UNKNOWN_TYPE', message: expect.stringMatching(/^message\.type: /) }),
      },
      { type: 'error', error: expect.objectContaining({ code: 'PROTOCOL_NOT_OBJECT' }) },
    ]);
    for (const m of [...notices, t.ui.reply(5)!]) expect('error' in m && m.error.hint).toMatch(/protocol/);
    expect(t.engine.requests).toEqual([]);
  });

  it("an engine's error answers its request with code, message and hint; openDialog needs Electron", async () => {
    const t = scripted();
    expect(await t.ui.ask('open', { path: '/missing' })).toMatchObject({
      op: 'open',
      error: { code: 'CAPTURE_IO', message: 'cannot open /missing: no such file', hint: 'check the path' },
    });
    expect(await t.ui.ask('openDialog')).toMatchObject({ op: 'openDialog', error: { code: 'HOST_UNSUPPORTED' } });
  });

  it('openDialog in Electron opens the chosen file, or answers nothing chosen', async () => {
    const chosen: (string | undefined)[] = ['/picked.pcapng', undefined];
    const t = scripted({ openDialog: async () => chosen.shift() });
    expect(await t.ui.result('openDialog')).toEqual({ runId: 1 });
    expect(await t.ui.result('openDialog')).toEqual({});
    expect(t.engine.requests).toEqual([['open', { path: '/picked.pcapng' }]]);
  });

  it("a result's buffer: a transferring port gets a copy of its used bytes, the engine's buffer goes back intact to the run's view pool", async () => {
    const t = scripted({}, true);
    const packed = rowsBatch(SOME_ROWS);
    const buffer = packed.lease.buffer;
    t.engine.answers.rows = (a) => ({ runId: a.runId, viewId: a.viewId, first: a.first, count: 3, buffer });
    const r = await t.ui.result('rows', { runId: 6, viewId: 0, first: 0, count: 3 });
    expect(r.buffer).not.toBe(buffer);
    expect(r.buffer.byteLength).toBe(packed.usedBytes);
    expect(decodeRows(r.buffer)).toEqual(SOME_ROWS);
    expect(t.engine.givenBack).toEqual([[buffer, 6, 'view']]);
    expect(buffer.byteLength).toBeGreaterThan(packed.usedBytes); // given back whole, not transferred away
    expect(t.host.pathStats()).toMatchObject({ batches: 1, packets: 1, bytes: packed.usedBytes });
  });

  it("a cloning port (Electron's shape) sends the engine's buffer and gives it back right after: the UI's clone does not change", async () => {
    const t = scripted();
    const packed = rowsBatch(SOME_ROWS);
    const buffer = packed.lease.buffer;
    t.engine.answers.packet = (a) => {
      // Given back as soon as it was sent: the pool may reuse it at once.
      setImmediate(() => new Uint8Array(buffer).fill(0));
      return { runId: a.runId, number: a.number, nodes: [], actions: [], sources: [], buffer };
    };
    const p = await t.ui.result('packet', { runId: 2, number: 11 });
    expect(t.engine.givenBack).toEqual([[buffer, 2, 'view']]);
    expect(buffer.byteLength).toBeGreaterThan(0); // cloned, not transferred away
    expect(new Uint8Array(buffer).every((b) => b === 0)).toBe(true);
    expect(decodeRows(p.buffer)).toEqual(SOME_ROWS);
  });

  it('a UI that does not read: past the high-water mark the next rows/packet request waits until the backlog drains; control requests and events still go', async () => {
    const engine = new ScriptedEngine();
    let backlog = 0;
    const sent: HostMessage[] = [];
    let deliver!: (m: unknown) => void;
    const transport: HostTransport = {
      copies: true,
      send: (m) => void sent.push(m),
      onMessage: (h) => (deliver = h as (m: unknown) => void),
      onClose: () => {},
      backlog: () => backlog,
      pause: () => {},
      resume: () => {},
      abort: () => {},
      close: () => {},
    };
    const host = new AppHost(transport, {
      engine: async (l) => {
        engine.listener = l;
        return engine;
      },
      version: '0',
      desktop: false,
      highWaterBytes: 1000,
    });
    deliver({ type: 'request', id: 1, op: 'stop', args: {} });
    await until(() => sent.length === 1);
    backlog = 5000;
    deliver({ type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: 10 } });
    deliver({ type: 'request', id: 3, op: 'packet', args: { runId: 1, number: 1 } });
    deliver({ type: 'request', id: 4, op: 'pause', args: {} });
    engine.listener.event({ type: 'done', stats: stats(1) });
    await until(() => sent.length === 3);
    await new Promise((r) => setTimeout(r, 50));
    // The pause went (a stop or pause must never wait behind rows); rows and packet wait.
    expect(engine.requests.map(([op]) => op)).toEqual(['stop', 'pause']);
    expect(sent.map((m) => (m.type === 'reply' ? m.id : m.type))).toEqual([1, 'done', 4]);
    backlog = 800; // under the mark, but not yet drained to half of it
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.requests.length).toBe(2);
    backlog = 0;
    await until(() => engine.requests.length === 4);
    // Then one at a time, in their order.
    expect(engine.requests.map(([op]) => op)).toEqual(['stop', 'pause', 'rows', 'packet']);
    await host.close();
    expect(engine.closed).toBe(true);
  });

  /** A transport whose backlog the test sets, recording flow control. */
  function flowHost(opts: { highWaterBytes?: number; maxInflight?: number } = {}) {
    const engine = new ScriptedEngine();
    const t = {
      engine,
      backlog: 0,
      sent: [] as HostMessage[],
      flow: [] as string[],
      deliver: (_m: unknown): void => {},
      host: undefined as unknown as AppHost,
    };
    const transport: HostTransport = {
      copies: true,
      send: (m) => void t.sent.push(m),
      // Checked as a real transport checks what arrives: an invalid message is a ProtocolError.
      onMessage: (h) =>
        (t.deliver = (m) => {
          const v = validated(() => m);
          if (v instanceof ProtocolError || v.type === 'request') h(v);
        }),
      onClose: () => {},
      backlog: () => t.backlog,
      pause: () => void t.flow.push('pause'),
      resume: () => void t.flow.push('resume'),
      abort: (reason) => void t.flow.push(`abort: ${reason}`),
      close: () => {},
    };
    t.host = new AppHost(transport, {
      engine: async (l) => {
        engine.listener = l;
        return engine;
      },
      version: '0',
      desktop: false,
      ...opts,
    });
    return t;
  }

  it('stops reading a UI with maxInflight requests unanswered, and reads again at half', async () => {
    const t = flowHost({ maxInflight: 4 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.engine.answers.interfaces = () => ({ interfaces: [] });
    const request = t.engine.request.bind(t.engine);
    t.engine.request = (async (op: EngineOp, args: never) => {
      await gate;
      return request(op, args);
    }) as typeof t.engine.request;
    for (let id = 1; id <= 4; id++) t.deliver({ type: 'request', id, op: 'interfaces', args: {} });
    expect(t.flow).toEqual(['pause']);
    release();
    await until(() => t.sent.length === 4);
    expect(t.flow).toEqual(['pause', 'resume']);
    await t.host.close();
  });

  it('invalid messages count as requests too: a flood of them pauses the UI', async () => {
    const t = flowHost({ maxInflight: 8 });
    for (let id = 1; id <= 8; id++) t.deliver({ type: 'request', id, op: 'nope' });
    expect(t.flow).toEqual(['pause']);
    await until(() => t.sent.length === 8);
    // An unknown operation: answered with an error notice carrying the request's id.
    expect(t.sent.map((m) => (m.type === 'error' ? m.id : m.type))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.flow).toEqual(['pause', 'resume']);
    await t.host.close();
  });

  it('while a UI does not read, holds only the newest stats and view event, and sends them before the next run or done', async () => {
    const t = flowHost({ highWaterBytes: 1000 });
    t.deliver({ type: 'request', id: 1, op: 'hello', args: {} });
    await until(() => t.sent.length === 1);
    t.backlog = 5000;
    const view = (packets: number) => ({ runId: 1, viewId: 0, packets, displayed: packets, scanned: packets });
    for (let k = 1; k <= 100; k++) {
      t.engine.listener.event({ type: 'stats', stats: stats(1, { state: 'running', packets: k }) });
      t.engine.listener.event({ type: 'view', view: view(k) });
    }
    expect(t.sent).toHaveLength(1); // nothing queued for a UI that does not read
    t.backlog = 0;
    await until(() => t.sent.length === 3);
    expect(t.sent.slice(1)).toEqual([
      { type: 'stats', stats: stats(1, { state: 'running', packets: 100 }) },
      { type: 'view', view: view(100) },
    ]);
    // Held events go out ahead of a run's end: the UI never sees a run's state go backwards.
    t.backlog = 5000;
    t.engine.listener.event({ type: 'stats', stats: stats(1, { state: 'running', packets: 101 }) });
    t.engine.listener.event({ type: 'done', stats: stats(1, { packets: 102 }) });
    expect(t.sent.slice(3).map((m) => m.type)).toEqual(['stats', 'done']);
    await t.host.close();
  });

  it('cuts off a UI whose queue grows past four times the high-water mark', async () => {
    const t = flowHost({ highWaterBytes: 4 * 1024 * 1024 });
    t.backlog = 17 * 1024 * 1024;
    t.deliver({ type: 'request', id: 1, op: 'stop', args: {} });
    expect(t.flow).toEqual(['abort: the client does not read: 17 MiB waiting for it']);
    await t.host.close();
  });

  it('knows when a live capture would be lost: packets, a temporary spool, not saved', async () => {
    const t = scripted();
    await t.ui.result('hello');
    const capture = { kind: 'capture' as const, name: 'lo', format: 'pcapng' as const, interfaces: [{ id: 0, name: 'lo', linkType: 1 }] };
    t.engine.listener.event({ type: 'run', runId: 2, source: capture, speed: 'max' });
    expect(t.host.unsavedCapture()).toBeUndefined(); // nothing captured yet
    const spool = { path: '/tmp/wirepool-capture-1-2-3.pcapng', bytes: 4096, temporary: true };
    t.engine.listener.event({ type: 'stats', stats: stats(2, { kind: 'capture', packets: 40, spool }) });
    expect(t.host.unsavedCapture()).toEqual({ iface: 'lo', packets: 40 });
    await t.host.save('/tmp/kept.pcapng', 'pcapng', true);
    expect(t.host.unsavedCapture()).toBeUndefined();
    // Saved from the UI (the save operation) counts too.
    t.engine.listener.event({ type: 'run', runId: 3, source: capture, speed: 'max' });
    t.engine.listener.event({ type: 'stats', stats: stats(3, { kind: 'capture', packets: 9, spool }) });
    expect(t.host.unsavedCapture()).toEqual({ iface: 'lo', packets: 9 });
    await t.ui.result('save', { path: '/tmp/k.pcapng', format: 'pcapng' });
    expect(t.host.unsavedCapture()).toBeUndefined();
    // A capture spooled to a file the user named is never at risk; a replay is the file itself.
    t.engine.listener.event({ type: 'run', runId: 4, source: capture, speed: 'max' });
    t.engine.listener.event({ type: 'stats', stats: stats(4, { kind: 'capture', packets: 40, spool: { ...spool, temporary: false } }) });
    expect(t.host.unsavedCapture()).toBeUndefined();
    t.engine.listener.event({
      type: 'run',
      runId: 5,
      source: { kind: 'replay', name: '/a.pcap', format: 'pcap', interfaces: [] },
      speed: 'max',
    });
    expect(t.host.unsavedCapture()).toBeUndefined();
  });

  it('reports an engine that fails to start, and answers every request with an error', async () => {
    const { host: port, ui } = channel();
    new AppHost(new NodePortTransport(port), {
      engine: async () => {
        throw new WirepoolError('ENGINE_WORKER', 'the worker exited');
      },
      version: '0',
      desktop: false,
    });
    expect(await ui.ask('hello')).toMatchObject({ op: 'hello', error: { code: 'HOST_NO_ENGINE' } });
    expect(await ui.ask('rows', { runId: 1, viewId: 0, first: 0, count: 1 })).toMatchObject({ error: { code: 'HOST_NO_ENGINE' } });
    expect(ui.of('error')).toEqual([{ type: 'error', error: { code: 'ENGINE_WORKER', message: 'the worker exited' } }]);
  });
});

describe('AppHost with the real engine worker', () => {
  function real() {
    const { host: port, ui } = channel();
    const host = new AppHost(new NodePortTransport(port), { engine: startEngineThread, version: '0', desktop: false });
    return { host, ui };
  }
  const doneOf = (ui: Ui, runId: number) => ui.of('done').find((d) => d.stats.runId === runId);
  const lastStats = (ui: Ui, runId: number) =>
    ui
      .of('stats')
      .filter((s) => s.stats.runId === runId)
      .at(-1)?.stats;

  it('open → run, view, done; rows relayed are `wirepool read`s; once the host gave the buffers back, nothing is outstanding', async () => {
    const { host, ui } = real();
    try {
      const { runId } = await ui.result('open', { path: SAMPLE });
      await until(() => doneOf(ui, runId) !== undefined, 60_000);
      expect(ui.of('run')).toMatchObject([{ runId, source: { kind: 'replay', name: SAMPLE } }]);
      expect(ui.of('view').at(-1)!.view).toMatchObject({ runId, viewId: 0, packets: 113, displayed: 113 });
      const rows = [];
      for (let first = 0; first < 113; first += 40)
        rows.push(...decodeRows((await ui.result('rows', { runId, viewId: 0, first, count: 40 })).buffer));
      expect(rows).toEqual(readRows(SAMPLE));
      const p = await ui.result('packet', { runId, number: 8 });
      expect(new BatchView(p.buffer).packet(0).number).toBe(8);
      expect(p.nodes.map((n) => n.abbrev)).toContain('http.request.method');
      // Four reply buffers went through the host and back to the engine: the run's last stats say so.
      await until(() => {
        const s = lastStats(ui, runId);
        return s !== undefined && s.view!.tiers.reduce((n, t) => n + t.hits + t.misses, 0) >= 4 && held(s.view).outstanding === 0;
      });
      const s = lastStats(ui, runId)!;
      for (const pool of [s.pool, s.chunks, s.view]) expect(held(pool)).toEqual({ outstanding: 0, away: 0 });
      expect(host.pathStats()).toMatchObject({ batches: 4 });
    } finally {
      await host.close();
    }
  });

  it('a file changed under the run: packet answers with an error reply saying what and how to fix it, filter with an error notice', async () => {
    const file = path.join(tmp, 'changing.pcap');
    writeCapture(file, { profile: 'small', packets: 4000, seed: 5 });
    const { host, ui } = real();
    try {
      const { runId } = await ui.result('open', { path: file });
      await until(() => doneOf(ui, runId) !== undefined, 60_000);
      expect(doneOf(ui, runId)!.stats.packets).toBe(4000);
      // The first half is still there: an early packet reads back.
      expect((await ui.result('packet', { runId, number: 10 })).number).toBe(10);
      truncateSync(file, Math.floor(statSync(file).size / 2));
      const late = await ui.ask('packet', { runId, number: 3900 });
      expect(late).toMatchObject({ op: 'packet', error: { code: expect.stringMatching(/^(ENGINE_REREAD|CAPTURE_)/) } });
      const error = (late as { error: { message: string; hint?: string } }).error;
      expect(error.message).toContain(file);
      expect(error.hint).toMatch(/\w/);
      // The filter's reply comes first (a new view); the failure reaches the UI as a notice, and the view falls back to every packet.
      const { viewId } = await ui.result('filter', { runId, filter: 'udp' });
      await until(() => ui.of('error').length > 0, 60_000);
      expect(ui.of('error')[0]!.error).toMatchObject({ message: expect.stringContaining(file), hint: expect.stringMatching(/\w/) });
      await until(() => (ui.of('view').at(-1)?.view.viewId ?? 0) > viewId);
      expect(ui.of('view').at(-1)!.view).toMatchObject({ runId, viewId: viewId + 1, displayed: 4000 });
      expect(ui.of('view').at(-1)!.view.filter).toBeUndefined();
      // Rows come from the store, not the file: the list still shows every packet.
      expect((await ui.result('rows', { runId, viewId: viewId + 1, first: 3990, count: 10 })).count).toBe(10);
    } finally {
      await host.close();
    }
  });

  it('a copy of the sample opened twice: two runs, each told apart by its id', async () => {
    const copy = path.join(tmp, 'copy.pcapng');
    copyFileSync(SAMPLE, copy);
    const { host, ui } = real();
    try {
      const a = await ui.result('open', { path: copy });
      await until(() => doneOf(ui, a.runId) !== undefined, 60_000);
      const b = await ui.result('open', { path: copy });
      expect(b.runId).toBeGreaterThan(a.runId);
      await until(() => doneOf(ui, b.runId) !== undefined, 60_000);
      expect(await ui.ask('rows', { runId: a.runId, viewId: 0, first: 0, count: 1 })).toMatchObject({
        error: { code: 'ENGINE_STALE_RUN' },
      });
      expect((await ui.result('rows', { runId: b.runId, viewId: 0, first: 0, count: 113 })).count).toBe(113);
    } finally {
      await host.close();
    }
  });
});
