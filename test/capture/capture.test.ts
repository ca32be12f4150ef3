import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { CAPTURE_BULK_TIER, CAPTURE_LARGE_TIER, captureAvailability } from '../../native-bridge/capture/index.js';
import { EngineThread, type EngineBatch } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { ErrorInfo, RunStats, SourceInfo } from '../../native-bridge/protocol/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { EngineRecorder, readRows } from '../helpers/engine.js';
import { before, until } from '../helpers/wait.js';
import { dissect, sendTcp, sendUdp, tcpCoverage, tcpSink, udpFlood, udpSink, type TcpSink, type UdpSink } from './traffic.js';

const available = captureAvailability();
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-capture-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** Bounds a wait for packets that should arrive: reaching it is a failure, shown by the assertions after it. */
const PATIENCE = 30_000;

interface Got {
  sec: number;
  nsec: number;
  wireLen: number;
  capLen: number;
  number: number;
  bytes: Uint8Array;
}

/**
 * An EngineThread whose listener copies every delivered packet out and gives each buffer back at
 * once (or keeps them while `hold` is set: a consumer that has stopped reading): the CLI's capture.
 */
async function recordingHost(options: Parameters<typeof EngineThread.start>[1] = {}) {
  const packets: Got[] = [];
  const stats: RunStats[] = [];
  let runSeen: ((s: SourceInfo) => void) | undefined;
  let doneSeen: ((d: { stats: RunStats; error?: ErrorInfo }) => void) | undefined;
  const held: [ArrayBuffer, number][] = [];
  const control = { hold: false };
  const host: EngineThread = await EngineThread.start(
    {
      batch: (b: EngineBatch) => {
        const v = new BatchView(b.buffer);
        for (let i = 0; i < v.count; i++) {
          const p = v.packet(i);
          packets.push({ sec: p.sec, nsec: p.nsec, wireLen: p.wireLen, capLen: p.capLen, number: p.number, bytes: p.data.slice() });
        }
        if (control.hold) held.push([b.buffer, b.runId]);
        else host.giveBack(b.buffer, b.runId);
      },
      event: (e) => {
        if (e.type === 'stats') stats.push(e.stats);
        else if (e.type === 'run') runSeen?.(e.source);
        else if (e.type === 'done') doneSeen?.(e.error ? { stats: e.stats, error: e.error } : { stats: e.stats });
      },
    },
    options,
  );
  return {
    host,
    packets,
    stats,
    control,
    /** The newest stats the engine sent (every 200 ms while the run is on). */
    latest(): RunStats | undefined {
      return stats.at(-1);
    },
    /** TCP payload bytes to `port` in the packets received so far (retransmissions counted again). */
    tcpPayloadTo(port: number): number {
      let n = 0;
      for (const p of packets) {
        const d = dissect(p.bytes);
        if (d?.proto === 6 && d.dstPort === port) n += d.payload;
      }
      return n;
    },
    /** Gives back every buffer held so far. */
    release() {
      for (const [b, runId] of held.splice(0)) host.giveBack(b, runId);
    },
    /** Packet `number`'s bytes and meta as the engine reads them back for its detail (given back at once). */
    async packet(runId: number, number: number): Promise<Got & { nodes: number }> {
      const p = await host.request('packet', { runId, number });
      const v = new BatchView(p.buffer);
      const m = v.packet(0);
      const got = {
        sec: m.sec,
        nsec: m.nsec,
        wireLen: m.wireLen,
        capLen: m.capLen,
        number: m.number,
        bytes: m.data.slice(),
        nodes: p.nodes.length,
      };
      host.giveBack(p.buffer, runId, 'view');
      return got;
    },
    /**
     * Starts a capture; `opened` resolves once the interface is open, or rejects with the run's
     * error if it ends first (instead of waiting for ever).
     */
    start(opts: Parameters<EngineThread['capture']>[0]) {
      const done = new Promise<{ stats: RunStats; error?: ErrorInfo }>((r) => (doneSeen = r));
      const opened = Promise.race([
        new Promise<SourceInfo>((r) => (runSeen = r)),
        done.then((d): never => {
          throw new Error(`the capture ended before it opened: ${JSON.stringify(d.error ?? d.stats)}`);
        }),
      ]);
      // Tests of a capture that must fail read `done` only: their `opened` rejects unawaited.
      opened.catch(() => {});
      const runId = host.capture(opts);
      runId.catch(() => {});
      return { opened, done, runId };
    },
  };
}

const UDP_SIZES = Array.from({ length: 300 }, (_, i) => 1 + ((i * 97) % 1460));
const TCP_BYTES = 24 * 1024 * 1024;
/**
 * A memory budget well under the traffic, so the capture's memory store evicts and the pool
 * recycles, yet several MiB of slack for batches away at this thread (it copies every packet
 * out; over the budget the engine would drop). The senders wait for this thread to have taken
 * in what they sent (`caughtUp`), so however slowly it gets the CPU on a loaded machine, at
 * most one write's worth is away at once.
 */
const BUDGET = 8 * 1024 * 1024;

describe.skipIf(!available.available)(`live capture on lo (${available.reason ?? 'root and cap present'})`, () => {
  let udp: UdpSink;
  let tcp: TcpSink;
  let rec: Awaited<ReturnType<typeof recordingHost>>;
  let result: { stats: RunStats; error?: ErrorInfo };
  let source: SourceInfo;
  let runId: number;
  const spool = path.join(tmp, 'spool.pcapng');

  beforeAll(async () => {
    udp = await udpSink();
    tcp = await tcpSink();
    rec = await recordingHost({ memoryBudget: BUDGET });
    const started = rec.start({
      ifaces: ['lo'],
      filter: `udp dst port ${udp.port} or tcp port ${tcp.port}`,
      file: spool,
      bufferSize: 64 << 20,
    });
    const { opened, done } = started;
    source = await opened;
    runId = await started.runId;
    const udpCaptured = () =>
      rec.packets.filter((p) => {
        const d = dissect(p.bytes);
        return d?.proto === 17 && d.dstPort === udp.port;
      }).length;
    await sendUdp(udp.port, UDP_SIZES, 20, (sent) => until(() => udpCaptured() >= sent, PATIENCE));
    // Paced by what reached us: a kernel-buffer overflow or the engine's budget would lose packets.
    await sendTcp(tcp.port, TCP_BYTES, (written) => until(() => rec.tcpPayloadTo(tcp.port) >= written, PATIENCE));
    await until(() => tcp.received >= TCP_BYTES, PATIENCE);
    // The last packets reach us (the assertions say what is missing if they do not).
    const tcpFrames = () => rec.packets.map((p) => dissect(p.bytes)!).filter((d) => d?.proto === 6 && d.dstPort === tcp.port);
    await until(() => udpCaptured() === UDP_SIZES.length && tcpCoverage(tcpFrames()) === TCP_BYTES, PATIENCE);
    await rec.host.stop();
    result = await done;
  }, 180_000);

  afterAll(async () => {
    await rec?.host.close();
    await udp?.close();
    await tcp?.close();
  });

  it('reports the run and ends stopped, without error', () => {
    expect(source).toMatchObject({ kind: 'capture', name: 'lo', interfaces: [{ id: 0, name: 'lo', linkType: 1 }] });
    expect(result.error).toBeUndefined();
    expect(result.stats.state).toBe('stopped');
    expect(result.stats.seen).toBe(result.stats.packets);
    expect(result.stats.dropped).toBe(0);
    expect(result.stats.packets).toBe(rec.packets.length);
  });

  it('captured every UDP datagram sent, in order, with its exact length', () => {
    const frames = rec.packets.map((p) => ({ p, d: dissect(p.bytes) })).filter(({ d }) => d?.proto === 17 && d.dstPort === udp.port);
    expect(frames.map(({ p }) => p.wireLen)).toEqual(UDP_SIZES.map((n) => 14 + 20 + 8 + n));
    expect(frames.every(({ p }) => p.capLen === p.wireLen)).toBe(true);
    expect(udp.received).toBe(UDP_SIZES.length);
  });

  it("captured the TCP bulk transfer: every byte, 64 KiB loopback frames whole (tcpdump's snap length, 262144)", () => {
    const data = rec.packets.map((p) => ({ p, d: dissect(p.bytes)! })).filter(({ d }) => d?.proto === 6 && d.dstPort === tcp.port);
    // Every byte sent is in some captured segment (loopback TCP may retransmit a tail: counted once).
    expect(tcpCoverage(data.map(({ d }) => d))).toBe(TCP_BYTES);
    const big = data.filter(({ p }) => p.wireLen > 65535 - 100);
    expect(big.length).toBeGreaterThan(10);
    for (const { p, d } of big) expect(p.wireLen).toBe(14 + d.ipTotal);
    expect(rec.packets.every((p) => p.capLen === p.wireLen)).toBe(true);
  });

  it('timestamps are nanoseconds of wall time, in arrival order', () => {
    const t = rec.packets.map((p) => p.sec * 1e9 + p.nsec);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
    expect(Math.abs(t[0]! / 1e6 - Date.now())).toBeLessThan(120_000);
    expect(rec.packets.every((p) => Number.isInteger(p.nsec) && p.nsec >= 0 && p.nsec < 1e9)).toBe(true);
  });

  it('the memory store kept the newest packets within the budget and evicted the oldest (all in the spool)', () => {
    const m = result.stats.memory!;
    expect(m.budget).toBe(BUDGET);
    expect(m.keptBytes).toBeGreaterThan(0);
    expect(m.keptBytes).toBeLessThanOrEqual(BUDGET);
    expect(m.evictedPackets).toBeGreaterThan(0);
    expect(m.keptPackets + m.evictedPackets).toBeLessThanOrEqual(result.stats.packets);
    expect(result.stats.spool).toMatchObject({ path: spool, temporary: false });
  });

  it('the large tiers see hits: evicted buffers are reused, not allocated anew', async () => {
    const pool = (await rec.host.poolStats())!;
    expect(pool.tiers.map((t) => t.size)).toEqual([4096, 16384, 65536, CAPTURE_LARGE_TIER, CAPTURE_BULK_TIER]);
    const large = pool.tiers.filter((t) => t.size >= CAPTURE_LARGE_TIER);
    const sum = (k: 'hits' | 'misses'): number => large.reduce((n, t) => n + t[k], 0);
    // Frames over 64 KiB (less the batch header, block framing and index) travel in the capture
    // tiers' buffers: four to a 257 KiB one, sixteen to a 1028 KiB one.
    const big = rec.packets.filter((p) => p.capLen > 65536 - 100).length;
    expect(big).toBeGreaterThan(10);
    expect(sum('hits') + sum('misses')).toBeGreaterThanOrEqual(big / 16);
    expect(sum('hits')).toBeGreaterThan(0);
    expect(sum('misses')).toBeLessThan(big / 4); // buffers were reused, not allocated per batch
    expect(pool.oversize.count).toBe(0); // even the largest loopback frames fit a pooled tier
    // Allocation stops once a budget's worth of buffers exists.
    expect(pool.tiers.reduce((n, t) => n + t.misses * t.size, 0)).toBeLessThan(BUDGET * 2);
    expect(rec.stats.some((s) => s.state === 'running' && s.kind === 'capture')).toBe(true);
  });

  it('the spool file reads back identically with the existing reader', () => {
    const back = readAll(openCapture(spool));
    expect(back.error).toBeUndefined();
    expect(back.frames.length).toBe(rec.packets.length);
    back.frames.forEach((f, i) => {
      const p = rec.packets[i]!;
      expect([f.sec, f.nsec, f.wireLen, f.capLen, f.linkType]).toEqual([p.sec, p.nsec, p.wireLen, p.capLen, 1]);
      expect(Buffer.compare(f.bytes, p.bytes)).toBe(0);
    });
  });

  it('save as pcap, and packet (its detail), give back the same packets: evicted ones from the spool, the newest from memory', async () => {
    const out = path.join(tmp, 'saved.pcap');
    await rec.host.save(out, 'pcap');
    const back = readAll(openCapture(out)).frames;
    expect(back.length).toBe(rec.packets.length);
    back.forEach((f, i) => {
      expect([f.sec, f.nsec, f.wireLen]).toEqual([rec.packets[i]!.sec, rec.packets[i]!.nsec, rec.packets[i]!.wireLen]);
      expect(Buffer.compare(f.bytes, rec.packets[i]!.bytes)).toBe(0);
    });
    // Early packets were evicted from memory: they come from the spool. The last ones from memory.
    const n = rec.packets.length;
    expect(result.stats.memory!.evictedPackets).toBeGreaterThan(n / 3);
    for (const number of [1, Math.floor(n / 3), n - 40, n - 1, n]) {
      const p = await rec.packet(runId, number);
      const want = rec.packets[number - 1]!;
      expect([p.number, p.sec, p.nsec, p.wireLen]).toEqual([number, want.sec, want.nsec, want.wireLen]);
      expect(Buffer.compare(p.bytes, want.bytes)).toBe(0);
      expect(p.nodes).toBeGreaterThan(5);
    }
  });

  it("its packets went to this thread, not to a store: the run has no rows (the first pass is the app's)", async () => {
    expect(await rec.host.request('rows', { runId, viewId: 0, first: 0, count: 10 })).toMatchObject({ runId, count: 0 });
  });

  it.skipIf(spawnSync('tshark', ['-v']).status !== 0)('wirepool read prints what tshark prints for the capture file', () => {
    const ours = execFileSync(process.execPath, [path.join(ROOT, 'bin/wirepool'), 'read', spool], { encoding: 'utf8', maxBuffer: 1 << 26 })
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 5).join('\t'));
    const theirs = execFileSync(
      'tshark',
      [
        '-r',
        spool,
        '-T',
        'fields',
        '-e',
        'frame.number',
        '-e',
        'frame.time_epoch',
        '-e',
        'frame.len',
        '-e',
        'frame.cap_len',
        '-e',
        'frame.interface_id',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split('\n');
    expect(ours).toEqual(theirs);
  });

  it('once the run lets go of its memory, every buffer is back in the pool (nothing outstanding)', async () => {
    await rec.host.endRun();
    const pool = (await rec.host.poolStats())!;
    expect(pool.tiers.map((t) => t.outstanding)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe.skipIf(!available.available)('stopping a capture during a flood', () => {
  it('stats keep coming and stop ends the capture while the flood goes on (cap drains in one native loop: the worker takes messages in from inside it)', async () => {
    const udp = await udpSink();
    // A listener that only gives buffers back: this thread must keep up with the flood too.
    const stats: RunStats[] = [];
    let resolveDone!: (d: { stats: RunStats; error?: ErrorInfo }) => void;
    const done = new Promise<{ stats: RunStats; error?: ErrorInfo }>((r) => (resolveDone = r));
    let resolveOpened!: () => void;
    const opened = new Promise<void>((r) => (resolveOpened = r));
    const host: EngineThread = await EngineThread.start({
      batch: (b) => host.giveBack(b.buffer, b.runId),
      event: (e) => {
        if (e.type === 'stats') stats.push(e.stats);
        else if (e.type === 'run') resolveOpened();
        else if (e.type === 'done') resolveDone(e.error ? { stats: e.stats, error: e.error } : { stats: e.stats });
      },
    });
    // Three senders of 60 KB datagrams outrun the capture thread (each frame is copied and spooled
    // to disk), so cap's drain loop never runs dry and the worker's event loop gets no turn. They
    // go on for much longer than the test needs (and are killed at its end): what is checked is
    // that stats and stop get through while the flood goes on, however long starting takes.
    const floods = [0, 1, 2].map(() => udpFlood(udp.port, 40, { size: 60_000, burst: 64, gapMs: 0 }));
    const floodOver = Promise.race(floods.map((f) => f.ended)).then(() => 'flood over' as const);
    try {
      await host.capture({ ifaces: ['lo'], filter: `udp dst port ${udp.port}` });
      await opened;
      // Stats every 200 ms, flood or not: three with packets in them, and the flood well under way.
      const running = () => stats.filter((s) => s.state === 'running' && s.packets > 0);
      const during = await before(() => running().length >= 3 && (stats.at(-1)?.seen ?? 0) > 500, floodOver);
      expect(during, `stats: ${JSON.stringify(running().map((s) => s.seen))}`).toBe('met');
      void host.stop();
      const first = await Promise.race([done.then(() => 'stopped'), floodOver]);
      expect(first).toBe('stopped');
      const end = (await done).stats;
      expect(end.state).toBe('stopped');
      expect(end.seen).toBeGreaterThan(500);
      expect(end.seen).toBe(end.packets + end.dropped!);
    } finally {
      for (const f of floods) f.kill();
      await host.close();
      await udp.close();
    }
  }, 60_000);
});

describe.skipIf(!available.available)('live capture in memory only, and a consumer that stops reading', () => {
  it('without a spool, the oldest packets are evicted past the budget: the kept ones read back, saving refuses and says why', async () => {
    const tcp = await tcpSink();
    const rec = await recordingHost({ memoryBudget: 2 << 20 });
    try {
      const { opened, done } = rec.start({ ifaces: ['lo'], filter: `tcp port ${tcp.port}`, spool: false });
      await opened;
      const caughtUp = (bytes: number) => until(() => rec.tcpPayloadTo(tcp.port) >= bytes, PATIENCE);
      await sendTcp(tcp.port, 8 << 20, caughtUp);
      await until(() => tcp.received >= 8 << 20, PATIENCE);
      await caughtUp(8 << 20);
      await rec.host.stop();
      const { stats, error } = await done;
      expect(error).toBeUndefined();
      expect(stats.spool).toBeUndefined();
      expect(stats.memory!.evictedPackets).toBeGreaterThan(0);
      // The newest packets are in memory: their detail reads them there (the pass starts at the oldest kept).
      for (let number = rec.packets.length - 19; number <= rec.packets.length; number++) {
        const p = await rec.packet(stats.runId, number);
        expect(Buffer.compare(p.bytes, rec.packets[number - 1]!.bytes)).toBe(0);
      }
      await expect(rec.packet(stats.runId, 1)).rejects.toMatchObject({
        code: 'ENGINE_REREAD',
        message: expect.stringMatching(/no longer fit the memory budget .* no spool file/),
      });
      await expect(rec.host.save(path.join(tmp, 'evicted.pcapng'), 'pcapng')).rejects.toMatchObject({
        code: 'ENGINE_SAVE_EVICTED',
        message: expect.stringMatching(/no longer fit the memory budget .* no spool file/),
        hint: expect.stringContaining('-w FILE'),
      });
    } finally {
      await rec.host.close();
      await tcp.close();
    }
  }, 120_000);

  it('when the consumer keeps its batches past the budget, packets are dropped and counted (seen = kept + dropped), then flow again', async () => {
    const udp = await udpSink();
    const rec = await recordingHost({ memoryBudget: 1 << 20 });
    try {
      rec.control.hold = true;
      const { opened, done } = rec.start({ ifaces: ['lo'], filter: `udp dst port ${udp.port}`, spool: false });
      await opened;
      // The engine's count of packets seen (its stats, every 200 ms) paces the sender: the kernel
      // ring never fills, however little CPU the engine gets (64 MiB is about 1000 slots, and on
      // lo each packet takes two: the copy going out, which libpcap skips, and the one coming in).
      const seen = (n: number) => until(() => (rec.latest()?.seen ?? 0) >= n, PATIENCE);
      await sendUdp(
        udp.port,
        Array.from({ length: 3000 }, () => 1400),
        50,
        (sent) => (sent % 200 === 0 ? seen(sent) : Promise.resolve()),
      );
      await seen(3000);
      const held = rec.packets.length;
      rec.control.hold = false;
      rec.release();
      // The engine took every batch back (its stats say each packet is kept or evicted, none away)
      // before the next packets come.
      await until(() => {
        const s = rec.latest();
        return s?.memory !== undefined && s.memory.keptPackets + s.memory.evictedPackets === s.packets;
      }, PATIENCE);
      await sendUdp(
        udp.port,
        Array.from({ length: 100 }, () => 100),
        50,
      );
      await seen(3100);
      await rec.host.stop();
      const { stats } = await done;
      expect(stats.dropped).toBeGreaterThan(0);
      expect(held).toBeLessThan(3000);
      expect(stats.seen).toBe(3100);
      expect(stats.seen).toBe(stats.packets + stats.dropped!);
      expect(rec.packets.length).toBe(stats.packets);
      // After the consumer gave the buffers back, the small datagrams got through.
      expect(rec.packets.slice(-100).every((p) => p.capLen === 14 + 20 + 8 + 100)).toBe(true);
    } finally {
      await rec.host.close();
      await udp.close();
    }
  }, 120_000);
});

describe.skipIf(!available.available)("the app's capture (captureStart): the packets go to the run's store", () => {
  it('rows, filter, packet (from memory, and from the spool once evicted) and save of a live capture; its temporary spool goes with the run', async () => {
    const udp = await udpSink();
    const rec = await EngineRecorder.start({ memoryBudget: 1 << 20 });
    try {
      const { runId } = await rec.engine.request('captureStart', { ifaces: ['lo'], filter: `udp dst port ${udp.port}` });
      await until(() => rec.runEvent(runId) !== undefined, PATIENCE);
      expect(rec.runEvent(runId)!.source).toMatchObject({ kind: 'capture', name: 'lo', format: 'pcapng' });
      // 2 MB of datagrams, paced by the store: more than the 1 MiB memory budget keeps.
      const sizes = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 1000 : 100));
      const stored = () => rec.views(runId).at(-1)?.packets ?? 0;
      await sendUdp(udp.port, sizes, 50, (sent) => until(() => stored() >= sent, PATIENCE));
      const v = await rec.view(runId, (x) => x.packets === sizes.length, PATIENCE);
      expect(v).toMatchObject({ viewId: 0, displayed: sizes.length });
      expect(rec.batches).toEqual([]); // nothing is delivered to the owner
      await until(() => (rec.stats(runId).at(-1)?.memory?.evictedPackets ?? 0) > 0, PATIENCE);
      const spool = rec.stats(runId).at(-1)!.spool!;
      expect(spool).toMatchObject({ temporary: true, path: expect.stringMatching(/wirepool-capture-.*\.pcapng$/) });
      // The store's rows and a filter's are what `wirepool read` prints for the spool so far.
      expect(await rec.rows(runId, 0, sizes.length)).toEqual(readRows(spool.path));
      const f = await rec.engine.request('filter', { runId, filter: 'frame.len > 500' });
      const fv = await rec.view(runId, (x) => x.viewId === f.viewId && x.scanned === sizes.length, PATIENCE);
      expect(fv.displayed).toBe(1000);
      expect(await rec.rows(runId, f.viewId, fv.displayed)).toEqual(readRows(spool.path, 'frame.len > 500'));
      // A packet's detail: the first from the spool (evicted from memory), the last from memory.
      const frames = readAll(openCapture(spool.path)).frames;
      for (const number of [1, 2, sizes.length - 1, sizes.length]) {
        const p = await rec.engine.request('packet', { runId, number });
        const b = new BatchView(p.buffer);
        expect(b.packet(0)).toMatchObject({ number, wireLen: frames[number - 1]!.wireLen });
        expect(Buffer.compare(b.data(0), frames[number - 1]!.bytes)).toBe(0);
        expect(p.nodes.find((n) => n.abbrev === 'udp.dstport')?.label).toBe(`Destination Port: ${udp.port}`);
        rec.engine.giveBack(p.buffer, runId, 'view');
      }
      await rec.engine.request('captureStop', {});
      const { stats, error } = await rec.done(runId);
      expect(error).toBeUndefined();
      expect(stats).toMatchObject({ state: 'stopped', packets: sizes.length, seen: sizes.length, dropped: 0 });
      for (const format of ['pcapng', 'pcap'] as const) {
        const out = path.join(tmp, `app-capture.${format}`);
        await rec.engine.request('save', { path: out, format });
        const back = readAll(openCapture(out)).frames;
        expect(back.map((x) => [x.sec, x.nsec, x.wireLen])).toEqual(frames.map((x) => [x.sec, x.nsec, x.wireLen]));
        for (const [i, x] of back.entries()) expect(Buffer.compare(x.bytes, frames[i]!.bytes)).toBe(0);
      }
      // Replaced by another run: its memory goes back to its pool, its temporary spool is removed.
      const next = await rec.engine.request('open', { path: path.join(ROOT, 'samples/sample.pcapng') });
      await rec.done(next.runId);
      expect(existsSync(spool.path)).toBe(false);
    } finally {
      await rec.close();
      await udp.close();
    }
  }, 120_000);
});

describe.skipIf(!available.available)('capture errors', () => {
  it("a bad capture filter ends the run with libpcap's message as CAPTURE_BAD_FILTER", async () => {
    const rec = await recordingHost();
    try {
      const { done } = rec.start({ ifaces: ['lo'], filter: 'tcp port nope and' });
      const { stats, error } = await done;
      expect(stats.state).toBe('failed');
      expect(error).toMatchObject({
        code: 'CAPTURE_BAD_FILTER',
        message: expect.stringMatching(/tcp port nope and.*(syntax error|illegal|unknown)/),
        hint: expect.stringContaining('pcap-filter'),
      });
    } finally {
      await rec.host.close();
    }
  });

  it('an unknown interface ends the run as CAPTURE_NO_INTERFACE', async () => {
    const rec = await recordingHost();
    try {
      const { done } = rec.start({ ifaces: ['wirepool-none0'] });
      const { error } = await done;
      expect(error).toMatchObject({ code: 'CAPTURE_NO_INTERFACE', hint: expect.stringContaining('wirepool interfaces') });
    } finally {
      await rec.host.close();
    }
  });

  it('lists lo as an up loopback interface with 127.0.0.1', async () => {
    const rec = await recordingHost();
    try {
      const lo = (await rec.host.request('interfaces', {})).interfaces.find((i) => i.name === 'lo');
      expect(lo).toMatchObject({ loopback: true, up: true, addresses: expect.arrayContaining(['127.0.0.1']) });
    } finally {
      await rec.host.close();
    }
  });
});

describe.skipIf(!available.available)('a spool on a disk that fills up', () => {
  // A 512 KiB tmpfs the test mounts (root): the spool's writes (on libuv's thread pool) fail with
  // ENOSPC part way through the capture.
  const mnt = path.join(tmp, 'full');
  let mounted = false;
  beforeAll(() => {
    execFileSync('mkdir', ['-p', mnt]);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it('ends the capture as failed with ENOSPC and where; what was written reads back, the same packets as delivered', async (ctx) => {
    if (!mounted) ctx.skip();
    const udp = await udpSink();
    const rec = await recordingHost({ memoryBudget: 8 << 20 });
    const file = path.join(mnt, 'capture.pcapng');
    try {
      const { opened, done } = rec.start({ ifaces: ['lo'], filter: `udp dst port ${udp.port}`, file });
      await opened;
      // About 2 MB of datagrams for 512 KiB of disk; paced by what the engine has seen, so the
      // kernel ring never overflows. Sending stops once the run has ended.
      let ended = false;
      const result = done.then((d) => {
        ended = true;
        return d;
      });
      const sizes = Array.from({ length: 2000 }, () => 1000);
      await sendUdp(udp.port, sizes, 50, (sent) => before(() => ended || (rec.latest()?.seen ?? 0) >= sent - 50, result));
      const { stats, error } = await Promise.race([
        result,
        new Promise<never>((_, no) => setTimeout(() => no(new Error('no end')), PATIENCE)),
      ]);
      expect(stats.state).toBe('failed');
      expect(error).toMatchObject({
        code: 'CAPTURE_IO',
        message: expect.stringMatching(/capture\.pcapng: cannot write at byte \d+: .*ENOSPC/),
      });
      // Every block the file holds is a packet the consumer got, in order, byte for byte.
      const back = readAll(openCapture(file));
      expect(back.frames.length).toBeGreaterThan(100);
      expect(back.frames.length).toBeLessThanOrEqual(rec.packets.length);
      back.frames.forEach((f, i) => {
        expect(Buffer.compare(f.bytes, rec.packets[i]!.bytes)).toBe(0);
      });
      // The engine still answers: a new run starts.
      const again = rec.start({ ifaces: ['lo'], filter: `udp dst port ${udp.port}`, spool: false });
      await again.opened;
      await rec.host.stop();
      expect((await again.done).error).toBeUndefined();
    } finally {
      await rec.host.close();
      await udp.close();
    }
  }, 120_000);
});
