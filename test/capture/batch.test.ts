/**
 * cap's batch mode (vendor/cap, WIREPOOL.md), as the engine uses it: in a worker thread, on lo,
 * packets written as pcapng Enhanced Packet Blocks with Wirepool index entries into ArrayBuffers
 * that JavaScript gives with fill(), handed back by the 'batch' event. Root (or CAP_NET_RAW)
 * needed; skipped otherwise. tcpdump and tshark checks are skipped where they are missing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { type CapHandle, captureAvailability, loadCap } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { readAll } from '../helpers/corpus.js';
import { until } from '../helpers/wait.js';
import { sendUdp, udpFlood, udpSink } from './traffic.js';

const live = captureAvailability().available;
const tcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const tshark = spawnSync('tshark', ['--version']).status === 0;
const require = createRequire(import.meta.url);
const CAP = live ? require.resolve('cap') : '';
const WORKER = path.join(import.meta.dirname, 'batch-worker.cjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const UDP_OVERHEAD = 42; // Ethernet 14 + IPv4 20 + UDP 8 on lo
const START = 32;
const RESERVE = 32;
const pad4 = (n: number): number => (n + 3) & ~3;
const blockBytes = (caplen: number): number => 28 + pad4(caplen) + 4;

interface BatchMsg {
  count: number;
  dataEnd: number;
  need: number;
  start: number;
  size: number;
  buffer: ArrayBuffer;
  index: Uint32Array;
}
interface Packet {
  number: number;
  caplen: number;
  wirelen: number;
  sec: number;
  nsec: number;
  iface: number;
  link: number;
  /** The first UDP payload byte (the datagram's number & 0xff, from sendUdp). */
  tag: number;
}

/** A batch-mode capture in a worker (batch-worker.cjs) and what it has posted. */
function startWorker(port: number, opts: Record<string, unknown> = {}) {
  const worker = new Worker(WORKER, { workerData: { cap: CAP, port, ...opts } });
  const batches: BatchMsg[] = [];
  const others: Record<string, unknown>[] = [];
  let exitCode: number | undefined;
  let error: unknown;
  worker.on('message', (m: unknown) => {
    if (m !== null && typeof m === 'object' && 'batch' in m) batches.push((m as { batch: BatchMsg }).batch);
    else if (m !== 'ready') others.push(m as Record<string, unknown>);
  });
  worker.on('error', (e) => (error = e));
  const exited = new Promise<number>((r) =>
    worker.on('exit', (c) => {
      exitCode = c;
      r(c);
    }),
  );
  const ready = new Promise<void>((r) => worker.once('message', () => r()));
  const packets = (): number => batches.reduce((a, b) => a + b.count, 0);
  const next = async (key: string): Promise<Record<string, unknown>> => {
    await until(() => others.some((m) => key in m));
    const i = others.findIndex((m) => key in m);
    return others.splice(i, 1)[0]!;
  };
  return { worker, batches, others, ready, exited, packets, next, exitCode: () => exitCode, error: () => error };
}

/**
 * Checks every block of a batch against its index entry (and the batch against batch_fits'
 * room) and returns the packets it holds.
 */
function readBatch(b: BatchMsg): Packet[] {
  const dv = new DataView(b.buffer);
  const out: Packet[] = [];
  let at = b.start;
  for (let i = 0; i < b.count; i++) {
    const e = b.index.subarray(i * 8, i * 8 + 8);
    const block = e[0]! - 28;
    expect(block).toBe(at); // blocks back to back from start
    const caplen = e[1]!;
    const total = dv.getUint32(block + 4, true);
    expect(dv.getUint32(block, true)).toBe(6); // Enhanced Packet Block
    expect(total).toBe(blockBytes(caplen));
    expect(dv.getUint32(block + total - 4, true)).toBe(total);
    expect(dv.getUint32(block + 8, true)).toBe(e[7]! >>> 16);
    const ns = (BigInt(dv.getUint32(block + 12, true)) << 32n) | BigInt(dv.getUint32(block + 16, true));
    const sec = e[4]! + e[5]! * 2 ** 32;
    expect(ns).toBe(BigInt(sec) * 1_000_000_000n + BigInt(e[6]!));
    expect(e[6]!).toBeLessThan(1e9);
    expect(dv.getUint32(block + 20, true)).toBe(caplen);
    expect(dv.getUint32(block + 24, true)).toBe(e[2]);
    for (let p = block + 28 + caplen; p < block + total - 4; p++) expect(dv.getUint8(p)).toBe(0);
    out.push({
      number: e[3]!,
      caplen,
      wirelen: e[2]!,
      sec,
      nsec: e[6]!,
      iface: e[7]! >>> 16,
      link: e[7]! & 0xffff,
      tag: caplen > UDP_OVERHEAD ? dv.getUint8(block + 28 + UDP_OVERHEAD) : -1,
    });
    at += total;
  }
  expect(b.dataEnd).toBe(at);
  // batch_fits: blocks, 3 bytes of padding and `reserve` per packet within the buffer.
  if (b.count > 0) expect(b.dataEnd + 3 + b.count * RESERVE).toBeLessThanOrEqual(b.size);
  return out;
}

/**
 * A pcapng file: Section Header, `interfaces` Interface Descriptions (Ethernet, if_tsresol 9; the
 * blocks name interface interfaces - 1), then `blocks`.
 */
function pcapng(blocks: Uint8Array[], snaplen: number, interfaces: number): Buffer {
  const shb = Buffer.alloc(28);
  shb.writeUInt32LE(0x0a0d0d0a, 0);
  shb.writeUInt32LE(28, 4);
  shb.writeUInt32LE(0x1a2b3c4d, 8);
  shb.writeUInt16LE(1, 12);
  shb.writeUInt16LE(0, 14);
  shb.writeBigInt64LE(-1n, 16);
  shb.writeUInt32LE(28, 24);
  const idb = Buffer.alloc(32);
  idb.writeUInt32LE(1, 0);
  idb.writeUInt32LE(32, 4);
  idb.writeUInt16LE(1, 8); // LINKTYPE_ETHERNET
  idb.writeUInt32LE(snaplen, 12);
  idb.writeUInt16LE(9, 16); // if_tsresol
  idb.writeUInt16LE(1, 18);
  idb.writeUInt8(9, 20); // 10^-9
  idb.writeUInt32LE(0, 24); // opt_endofopt
  idb.writeUInt32LE(32, 28);
  return Buffer.concat([shb, ...Array.from({ length: interfaces }, () => idb), ...blocks]);
}

function started(cmd: string, args: string[], ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (ready.test(err)) resolve(p);
    });
    p.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${err}`)));
  });
}
const ended = (p: ChildProcess): Promise<void> => new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));

describe.skipIf(!live)('cap batch mode in a worker thread', () => {
  it('delivers every datagram once, in order, as valid pcapng blocks with matching index entries; timestamps as tcpdump sees them; gc() throughout', async () => {
    const sink = await udpSink();
    const N = 400;
    // Payloads of 1..1400 bytes, so 4096-byte buffers take only a few and packets often do not fit.
    const payloads = Array.from({ length: N }, (_, k) => 1 + ((k * 47) % 1400));
    const w = startWorker(sink.port, { sizes: [4096, 16384, 65536], maxPackets: 64, interfaceId: 5, gc: true });
    await w.ready;
    const td = path.join(tmp, 'tcpdump.pcap');
    const dump = tcpdump
      ? await started(
          'tcpdump',
          ['-i', 'lo', '--time-stamp-precision=nano', '-c', String(N), '-w', td, `udp dst port ${sink.port}`],
          /listening on/,
        )
      : undefined;
    // Paced by what the capture has handed over, so gc() in the worker never lets the kernel ring overflow.
    const flusher = setInterval(() => w.worker.postMessage('flush'), 20);
    await sendUdp(sink.port, payloads, 20, (sent) => until(() => w.packets() >= sent - 20));
    expect(await until(() => w.packets() >= N)).toBe(true);
    clearInterval(flusher);
    w.worker.postMessage('stop');
    const final = (await w.next('final')).final as { stats: Record<string, number>; linkType: string };
    expect(await w.exited).toBe(0);
    await sink.close();

    expect(final.linkType).toBe('ETHERNET');
    expect(final.stats.bufferDropped).toBe(0);
    expect(final.stats.dropped).toBe(0);
    const packets = w.batches.flatMap(readBatch);
    expect(packets).toHaveLength(N);
    expect(packets.map((p) => p.number)).toEqual(packets.map((_, i) => i)); // frame numbers from 0
    expect(packets.map((p) => p.tag)).toEqual(payloads.map((_, i) => i & 0xff));
    expect(packets.map((p) => p.wirelen)).toEqual(payloads.map((n) => n + UDP_OVERHEAD));
    expect(packets.every((p) => p.caplen === p.wirelen && p.iface === 5 && p.link === 1)).toBe(true);
    // Packets that did not fit: the batch before says how big a buffer the waiting one needs alone.
    const withNeed = w.batches.filter((b) => b.need > 0);
    expect(withNeed.length).toBeGreaterThan(0);
    let seen = 0;
    for (const b of w.batches) {
      seen += b.count;
      if (b.need === 0 || seen >= N) continue;
      const waiting = packets[seen]!;
      expect(b.need).toBe(START + blockBytes(waiting.caplen) + 3 + RESERVE);
      if (b.count > 0) expect(b.dataEnd + blockBytes(waiting.caplen) + 3 + (b.count + 1) * RESERVE).toBeGreaterThan(b.size);
    }
    // All three buffer sizes were used, and flush() handed over partly filled batches.
    expect(new Set(w.batches.map((b) => b.size))).toEqual(new Set([4096, 16384, 65536]));
    expect(w.batches.some((b) => b.count > 0 && b.count < 64 && b.need === 0)).toBe(true);

    if (tshark) {
      const file = path.join(tmp, 'batches.pcapng');
      writeFileSync(
        file,
        pcapng(
          w.batches.map((b) => new Uint8Array(b.buffer, b.start, b.dataEnd - b.start)),
          65535,
          6,
        ),
      );
      const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(N);
      expect(lines.map((l) => Number(l.split('\t')[0]))).toEqual(packets.map((p) => p.wirelen));
    }
    if (dump !== undefined) {
      await ended(dump);
      const theirs = readAll(openCapture(td)).frames;
      expect(theirs).toHaveLength(N);
      expect(packets.map((p) => [p.sec, p.nsec, p.wirelen])).toEqual(theirs.map((f) => [f.sec, f.nsec, f.wireLen]));
    }
  }, 60_000);

  it('flush() hands over a partly filled batch at once, and says whether it did', async () => {
    const sink = await udpSink();
    const w = startWorker(sink.port, { sizes: [65536] });
    await w.ready;
    await sendUdp(sink.port, [10, 20, 30]);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.batches).toHaveLength(0); // three small packets: the batch is not full
    w.worker.postMessage('flush');
    const f = await w.next('flushed');
    expect(f).toEqual({ flushed: true, again: false });
    expect(w.batches).toHaveLength(1);
    expect(readBatch(w.batches[0]!).map((p) => p.wirelen)).toEqual([52, 62, 72]);
    expect(w.batches[0]!.need).toBe(0);
    w.worker.postMessage('stop');
    expect(await w.exited).toBe(0);
    await sink.close();
  });

  it('with no buffer given it stops reading; packets wait in the ring and none is lost once fill() resumes', async () => {
    const sink = await udpSink();
    const N = 40;
    const w = startWorker(sink.port, { sizes: [65536], maxPackets: 5, hold: true });
    await w.ready;
    await sendUdp(
      sink.port,
      Array.from({ length: N }, () => 100),
    );
    // Every 5 packets a batch is full and handed over; the worker gives no new buffer until told.
    for (let k = 1; k * 5 <= N; k++) {
      expect(await until(() => w.batches.length >= k)).toBe(true);
      await new Promise((r) => setTimeout(r, 20));
      expect(w.batches).toHaveLength(k); // nothing more until fill()
      w.worker.postMessage('fill');
    }
    w.worker.postMessage('stop');
    const final = (await w.next('final')).final as { stats: Record<string, number> };
    expect(await w.exited).toBe(0);
    await sink.close();
    const packets = w.batches.flatMap(readBatch);
    expect(packets.map((p) => p.tag)).toEqual(Array.from({ length: N }, (_, i) => i & 0xff));
    expect(w.batches.every((b) => b.count === 5 && b.need === 0)).toBe(true);
    expect(final.stats.bufferDropped).toBe(0);
    expect(final.stats.dropped).toBe(0);
  });

  it('an empty buffer too small for a packet: asks for a bigger one (count 0, needBytes); if none comes, drops and counts it', async () => {
    const sink = await udpSink();
    const bigger = startWorker(sink.port, { sizes: [65536], tooSmall: 64, askAgain: 65536 });
    await bigger.ready;
    await sendUdp(sink.port, [500, 600]);
    await new Promise((r) => setTimeout(r, 50));
    bigger.worker.postMessage('stop');
    await bigger.next('final');
    expect(await bigger.exited).toBe(0);
    const first = bigger.batches[0]!;
    expect([first.count, first.dataEnd, first.need, first.size]).toEqual([0, START, START + blockBytes(542) + 3 + RESERVE, 64]);
    expect(bigger.batches.flatMap(readBatch).map((p) => p.wirelen)).toEqual([542, 642]);

    const small = startWorker(sink.port, { sizes: [65536], tooSmall: 64, askAgain: 128 });
    await small.ready;
    await sendUdp(sink.port, [500, 600, 700]);
    await until(() => small.batches.length >= 3);
    await new Promise((r) => setTimeout(r, 50));
    small.worker.postMessage('stop');
    const final = (await small.next('final')).final as { stats: Record<string, number> };
    expect(await small.exited).toBe(0);
    await sink.close();
    expect(small.batches.map((b) => [b.count, b.need])).toEqual([542, 642, 742].map((n) => [0, START + blockBytes(n) + 3 + RESERVE]));
    expect(final.stats.bufferDropped).toBe(3);
  });

  it('close() from inside the batch listener mid-flood: no more batches, fill() then throws, the worker exits cleanly', async () => {
    const sink = await udpSink();
    const w = startWorker(sink.port, { sizes: [4096], closeInListener: true });
    await w.ready;
    const flood = udpFlood(sink.port, 1, { size: 200, spread: 300, burst: 200, gapMs: 0 });
    const closed = await w.next('closed');
    expect(closed.closed).toBe(true);
    expect(closed.fillAfterClose).toMatch(/closed/);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.batches).toHaveLength(1);
    w.worker.postMessage('stop');
    expect(await w.exited).toBe(0);
    flood.kill();
    await flood.ended;
    await sink.close();
  });

  it('worker.terminate() mid-flood, with gc() every millisecond, does not crash the process', async () => {
    const sink = await udpSink();
    const flood = udpFlood(sink.port, 3, { size: 100, spread: 1000, burst: 300, gapMs: 0 });
    for (let round = 0; round < 3; round++) {
      const w = startWorker(sink.port, { sizes: [4096, 65536], gc: round > 0, maxPackets: 256 });
      await w.ready;
      expect(await until(() => w.batches.length >= 5)).toBe(true);
      await w.worker.terminate();
      expect(w.exitCode()).toBe(1);
      expect(w.error()).toBeUndefined();
    }
    flood.kill();
    await flood.ended;
    await sink.close();
  });
});

describe.skipIf(!live)('cap batch mode: arguments, time stamp types', () => {
  it('timestampTypes(lo) lists { name, description }; an unknown or refused tstampType fails open() and names what lo offers', () => {
    const { Cap } = loadCap();
    const types = Cap.timestampTypes!('lo');
    expect(Array.isArray(types)).toBe(true);
    for (const t of types) expect(Object.keys(t).sort()).toEqual(['description', 'name']);
    const offers = types.length === 0 ? 'only the default' : types.map((t) => t.name).join(', ');
    const c = new Cap();
    expect(() => c.open('lo', '', 1 << 20, undefined, { batch: true, tstampType: 'sundial' })).toThrow(
      new RegExp(`unknown time stamp type 'sundial'.*offers: ${offers}`),
    );
    if (!types.some((t) => t.name === 'adapter_unsynced'))
      expect(() => c.open('lo', '', 1 << 20, undefined, { batch: true, tstampType: 'adapter_unsynced' })).toThrow(
        new RegExp(`'adapter_unsynced' \\(tstampType\\) is not offered by lo.*it offers: ${offers}`),
      );
    // A failed open leaves the Cap usable.
    expect(c.open('lo', 'udp port 9', 1 << 20, undefined, { batch: true, tstampType: types[0]?.name ?? 'host' })).toBe('ETHERNET');
    c.close();
  });

  it('fill() checks its arguments, and refuses a closed capture or one not in batch mode', () => {
    const { Cap } = loadCap();
    const c = new Cap() as CapLike;
    c.open('lo', 'udp port 9', 1 << 20, undefined, { batch: true });
    const ab = new ArrayBuffer(4096);
    const idx = new Uint32Array(64 * 8);
    expect(() => c.fill(new Uint8Array(16) as unknown as ArrayBuffer, 0, 16, idx, 1, 32)).toThrow(TypeError);
    expect(() => c.fill(ab, 2, 4096, idx, 1, 32)).toThrow(/multiple of 4/);
    expect(() => c.fill(ab, 0, 8192, idx, 1, 32)).toThrow(RangeError);
    expect(() => c.fill(ab, 64, 32, idx, 1, 32)).toThrow(RangeError);
    expect(() => c.fill(ab, 0, 4096, new Int32Array(64 * 8) as unknown as Uint32Array, 1, 32)).toThrow(/Uint32Array/);
    expect(() => c.fill(ab, 0, 4096, idx, 65, 32)).toThrow(/65 packets need 520/);
    expect(() => c.fill(ab, 0, 4096, idx, 0, 32)).toThrow(RangeError);
    expect(() => c.fill(ab, 0, 4096, new Uint32Array(ab, 0, 8), 1, 32)).toThrow(/overlap/);
    expect(() => c.fill(ab, 32, 4096, idx, 64, 32, 'yes' as unknown as boolean)).toThrow(/prefault must be a boolean/);
    // A new buffer may be prefaulted (its pages mapped at once): the same buffer, the same bytes.
    expect(c.fill(new ArrayBuffer(1 << 20), 32, 1 << 20, idx, 64, 32, true)).toBeUndefined();
    expect(c.fill(ab, 32, 4096, idx, 64, 32)).toBeUndefined();
    expect(c.flush()).toBe(false); // nothing in it
    expect(c.stats()).toMatchObject({ bufferDropped: 0 });
    c.close();
    expect(c.stats()).toBeUndefined();
    expect(() => c.fill(ab, 32, 4096, idx, 64, 32)).toThrow(/closed/);
    const p = new Cap() as CapLike;
    p.open('lo', 'udp port 9', 1 << 20, Buffer.alloc(100));
    expect(() => p.fill(ab, 32, 4096, idx, 64, 32)).toThrow(/batch mode/);
    expect(p.flush()).toBe(false);
    p.close();
  });
});

/** Wirepool's cap, whose batch-mode methods CapHandle marks optional (a stock cap lacks them). */
type CapLike = CapHandle & Required<Pick<CapHandle, 'fill' | 'flush' | 'stats'>>;
