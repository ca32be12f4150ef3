import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import { AppHost, NodePortTransport, type Engine, type EngineListener, type HostTransport } from '../../native-bridge/host/index.js';
import type { ClientMessage, HostMessage, RunStats } from '../../native-bridge/protocol/index.js';
import { until } from '../helpers/wait.js';
import { makeBatch } from './batches.js';

/** A scripted engine: records calls, lets the test play the worker's events. */
class ScriptedEngine implements Engine {
  calls: string[] = [];
  givenBack: ArrayBuffer[] = [];
  listener!: EngineListener;
  capture_ = { available: false, reason: 'no libpcap binding (cap)' };
  replay(file: string, opts: { speed: number | 'max'; filter?: string }): number {
    this.calls.push(`replay ${file} ${opts.speed} ${opts.filter ?? ''}`.trim());
    if (file === '/missing') throw new WirepoolError('CAPTURE_IO', `cannot open ${file}: no such file`, { hint: 'check the path' });
    return 1;
  }
  capture(opts: { iface: string }): number {
    this.calls.push(`capture ${opts.iface}`);
    return 2;
  }
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
  hold(on: boolean): void {
    this.calls.push(`hold ${on}`);
  }
  stop(): void {
    this.calls.push('stop');
  }
  setSpeed(s: number | 'max'): void {
    this.calls.push(`speed ${s}`);
  }
  fetch(runId: number, first: number, count: number): void {
    this.calls.push(`fetch ${runId} ${first} ${count}`);
  }
  giveBack(buffer: ArrayBuffer): void {
    this.givenBack.push(buffer);
  }
  async interfaces() {
    return [{ name: 'lo', description: '', addresses: ['127.0.0.1'], up: true, loopback: true }];
  }
  captureAvailable() {
    return this.capture_;
  }
  async save(path: string): Promise<void> {
    this.calls.push(`save ${path}`);
  }
  async close(): Promise<void> {
    this.calls.push('close');
  }
}

function stats(runId: number): RunStats {
  return {
    runId,
    kind: 'replay',
    state: 'done',
    packets: 3,
    bytes: 180,
    batches: 1,
    seconds: 0.1,
    filteredOut: 0,
    pool: { tiers: [], oversize: { count: 0, bytes: 0 }, hitRate: 1, freeBytes: 0 } as never,
    at: 0,
  };
}

let open: MessagePort[] = [];
afterEach(() => {
  for (const p of open) p.close();
  open = [];
});

function setup(opts: { openOnWelcome?: string } = {}, transport: { transfer?: boolean } = {}) {
  const engine = new ScriptedEngine();
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const host = new AppHost(new NodePortTransport(port1, transport), {
    engine: async (l) => {
      engine.listener = l;
      return engine;
    },
    version: '0.1.0',
    desktop: false,
    ...opts,
  });
  const received: HostMessage[] = [];
  const waiters: Array<() => void> = [];
  port2.on('message', (m: HostMessage) => {
    received.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (n: number): Promise<HostMessage[]> => {
    while (received.length < n) await new Promise<void>((r) => waiters.push(r));
    return received;
  };
  const send = (m: ClientMessage | unknown) => port2.postMessage(m);
  return { engine, host, received, until, send };
}

describe('AppHost', () => {
  it('answers hello with welcome and the engine’s capture availability', async () => {
    const t = setup();
    t.send({ type: 'hello' });
    const [w] = await t.until(1);
    expect(w).toEqual({
      type: 'welcome',
      protocol: 1,
      version: '0.1.0',
      capture: { available: false, reason: 'no libpcap binding (cap)' },
      desktop: false,
    });
  });

  it('opens the configured file after welcome', async () => {
    const t = setup({ openOnWelcome: '/data/x.pcapng' });
    t.send({ type: 'hello' });
    await t.until(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.engine.calls).toEqual(['replay /data/x.pcapng max']);
  });

  it('turns each request into the engine call', async () => {
    const t = setup();
    const msgs: ClientMessage[] = [
      { type: 'open', path: '/a.pcap', speed: 10, filter: 'tcp' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'speed', speed: 'max' },
      { type: 'fetch', runId: 1, first: 5, count: 20 },
      { type: 'replay', speed: 2 },
      { type: 'stop' },
      { type: 'captureStart', iface: 'eth0' },
      { type: 'captureStop' },
      { type: 'interfaces' },
    ];
    msgs.forEach(t.send);
    const [m] = await t.until(1);
    expect(m).toMatchObject({ type: 'interfaces', interfaces: [{ name: 'lo' }] });
    expect(t.engine.calls).toEqual([
      'replay /a.pcap 10 tcp',
      'pause',
      'resume',
      'speed max',
      'fetch 1 5 20',
      'replay /a.pcap 2',
      'stop',
      'capture eth0',
      'stop',
    ]);
  });

  it('replies to an invalid message with an error about "host" and keeps serving', async () => {
    const t = setup();
    t.send({ type: 'open', path: 7 });
    t.send({ type: 'launch' });
    t.send({ type: 'hello' });
    const [a, b, c] = await t.until(3);
    expect(a).toMatchObject({ type: 'error', about: 'host', error: { code: 'PROTOCOL_BAD_TYPE' } });
    expect((a as { error: { message: string } }).error.message).toMatch(/open\.path/);
    expect(b).toMatchObject({ type: 'error', about: 'host', error: { code: 'PROTOCOL_UNKNOWN_TYPE' } });
    expect(c).toMatchObject({ type: 'welcome' });
    expect(t.engine.calls).toEqual([]);
  });

  it('turns a thrown WirepoolError into a readable error about the request', async () => {
    const t = setup();
    t.send({ type: 'open', path: '/missing' });
    t.send({ type: 'openDialog' });
    t.send({ type: 'replay', speed: 1 });
    const [a, b] = await t.until(2);
    expect(a).toEqual({
      type: 'error',
      about: 'open',
      error: { code: 'CAPTURE_IO', message: 'cannot open /missing: no such file', hint: 'check the path' },
    });
    expect(b).toMatchObject({ type: 'error', about: 'openDialog', error: { code: 'HOST_UNSUPPORTED' } });
  });

  it('refuses replay before anything was opened', async () => {
    const t = setup();
    t.send({ type: 'replay', speed: 1 });
    const [a] = await t.until(1);
    expect(a).toMatchObject({ type: 'error', about: 'replay', error: { code: 'HOST_NOTHING_OPEN' } });
  });

  it('relays a batch as a copy of its used bytes (transferring port), gives the buffer back, and measures the path', async () => {
    const t = setup({}, { transfer: true });
    t.send({ type: 'open', path: '/a.pcap', filter: 'udp' });
    await until(() => t.engine.calls.length > 0); // the message crossed the port (a timer may come first on a busy machine)
    const sealed = makeBatch(1, 3);
    const buffer = sealed.lease.buffer;
    t.engine.listener.run(1, { kind: 'replay', name: '/a.pcap', format: 'pcap', interfaces: [] });
    t.engine.listener.batch({ runId: 1, buffer, usedBytes: sealed.usedBytes, first: 1, count: 3, refetch: false, last: true });
    t.engine.listener.done(stats(1), { code: 'CAPTURE_TRUNCATED', message: 'cut at 100' });
    const [run, batch, done] = await t.until(3);
    expect(run).toEqual({
      type: 'run',
      runId: 1,
      source: { kind: 'replay', name: '/a.pcap', format: 'pcap', interfaces: [] },
      speed: 'max',
      filter: 'udp',
    });
    expect(batch).toMatchObject({ type: 'batch', runId: 1, first: 1, count: 3, refetch: false });
    const b = (batch as Extract<HostMessage, { type: 'batch' }>).buffer;
    expect(b.byteLength).toBe(sealed.usedBytes);
    expect(new BatchView(b).packet(2).number).toBe(3);
    expect(t.engine.givenBack).toEqual([buffer]);
    expect(buffer.byteLength).toBeGreaterThan(0); // given back intact, not transferred away
    expect(done).toMatchObject({ type: 'done', error: { code: 'CAPTURE_TRUNCATED' } });
    const p = t.host.pathStats();
    expect(p).toMatchObject({ batches: 1, packets: 3, bytes: sealed.usedBytes });
    expect(p.relayMsMax).toBeGreaterThan(0);
  });

  it('hands a cloning port the engine buffer itself and gives it back after the clone', async () => {
    const t = setup();
    await new Promise((r) => setTimeout(r, 10));
    const sealed = makeBatch(1, 4);
    const buffer = sealed.lease.buffer;
    new Uint8Array(buffer, 40, 1)[0] = 0xab;
    t.engine.listener.batch({ runId: 1, buffer, usedBytes: sealed.usedBytes, first: 1, count: 4, refetch: true, last: false });
    expect(t.engine.givenBack).toEqual([buffer]);
    new Uint8Array(buffer).fill(0); // the pool may reuse it at once: the UI's clone must not change
    const [batch] = await t.until(1);
    const b = (batch as Extract<HostMessage, { type: 'batch' }>).buffer;
    expect(b).not.toBe(buffer);
    expect(new Uint8Array(b, 40, 1)[0]).toBe(0xab);
    expect(new BatchView(b).count).toBe(4);
  });

  it('holds the engine while the transport is backed up, then lets go (a hold, not a pause: the run stays running)', async () => {
    const engine = new ScriptedEngine();
    let backlog = 0;
    const sent: HostMessage[] = [];
    const transport: HostTransport = {
      copies: true,
      send: (m) => void sent.push(m),
      onMessage: () => {},
      onClose: () => {},
      backlog: () => backlog,
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
    await new Promise((r) => setTimeout(r, 5));
    const sealed = makeBatch(1, 2);
    backlog = 5000;
    engine.listener.batch({
      runId: 1,
      buffer: sealed.lease.buffer,
      usedBytes: sealed.usedBytes,
      first: 1,
      count: 2,
      refetch: false,
      last: false,
    });
    expect(sent[0]).toMatchObject({ type: 'batch', buffer: sealed.lease.buffer }); // a copying transport gets the engine's buffer
    expect(engine.calls).toEqual(['hold true']);
    backlog = 0;
    await new Promise((r) => setTimeout(r, 40));
    expect(engine.calls).toEqual(['hold true', 'hold false']);
    await host.close();
    expect(engine.calls).toEqual(['hold true', 'hold false', 'close']);
  });

  it('knows when a live capture would be lost: packets, a temporary spool, not saved', async () => {
    const t = setup();
    t.send({ type: 'hello' });
    await t.until(1);
    const capture = { kind: 'capture' as const, name: 'lo', format: 'pcapng' as const, interfaces: [{ id: 0, name: 'lo', linkType: 1 }] };
    t.engine.listener.run(2, capture);
    expect(t.host.unsavedCapture()).toBeUndefined(); // nothing captured yet
    const spool = { path: '/tmp/wirepool-capture-1-2-3.pcapng', bytes: 4096, temporary: true };
    t.engine.listener.stats({ ...stats(2), kind: 'capture', packets: 40, spool });
    expect(t.host.unsavedCapture()).toEqual({ iface: 'lo', packets: 40 });
    await t.host.save('/tmp/kept.pcapng', 'pcapng');
    expect(t.host.unsavedCapture()).toBeUndefined();
    // A capture spooled to a file the user named is never at risk.
    t.engine.listener.run(3, capture);
    t.engine.listener.stats({ ...stats(3), kind: 'capture', packets: 40, spool: { ...spool, temporary: false } });
    expect(t.host.unsavedCapture()).toBeUndefined();
    // A replay is the file itself.
    t.engine.listener.run(4, { kind: 'replay', name: '/a.pcap', format: 'pcap', interfaces: [] });
    expect(t.host.unsavedCapture()).toBeUndefined();
  });

  it('reports an engine that fails to start, and answers requests with an error', async () => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    new AppHost(new NodePortTransport(port1), {
      engine: async () => {
        throw new WirepoolError('ENGINE_WORKER', 'the worker exited');
      },
      version: '0',
      desktop: false,
    });
    const got: HostMessage[] = [];
    port2.on('message', (m: HostMessage) => got.push(m));
    port2.postMessage({ type: 'hello' });
    await until(() => got.length >= 2);
    await new Promise((r) => setTimeout(r, 20)); // nothing more comes
    expect(got).toEqual([
      { type: 'error', about: 'host', error: { code: 'ENGINE_WORKER', message: 'the worker exited' } },
      { type: 'error', about: 'hello', error: expect.objectContaining({ code: 'HOST_NO_ENGINE' }) },
    ]);
  });
});
