/**
 * Builders: `build()` (a new buffer per packet) against `buildInto()` into pooled buffers, and
 * the ad-hoc crafting of bench/peer-craft.ts as the peer. Each (packet, variant) runs in a process
 * of its own, so no call site sees another variant's code. Packets/s and ns per packet (median
 * of runs), and bytes allocated per packet: the heap and ArrayBuffer growth over N and over
 * 4N packets with no GC in between (a 128 MiB young generation), differenced, so a fixed cost
 * (lazy compilation, the first lease) does not count as per-packet allocation.
 *   node dist/bench/craft.js [--json]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Packet, type PacketSpec } from '../native-bridge/craft/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';
import { TCP_ACK, TCP_PSH, ethernet, ipv4, tcp } from './peer-craft.js';
import { median } from './measure.js';

const gc = (globalThis as { gc?: () => void }).gc;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ITER = Number(process.env.BENCH_BUILD_ITER ?? 500_000);
const ALLOC_ITER = 100_000;

const ETH = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
/** TCP/IPv4 40000→443, the flow scripts/craft.ts's peer builds: a bare ACK, or PSH+ACK with `payload` bytes. */
function tcpSpec(payload: number): PacketSpec {
  const spec: PacketSpec = {
    eth: ETH,
    ip: { src: '10.0.0.1', dst: '10.0.0.2' },
    tcp: { srcport: 40000, dstport: 443, flags: payload > 0 ? 'PA' : 'A' },
  };
  if (payload > 0) spec.payload = new Uint8Array(payload).fill(0x61);
  return spec;
}
const CASES: { name: string; spec: PacketSpec }[] = [
  { name: 'TCP/IPv4 ACK, 54 B', spec: tcpSpec(0) },
  { name: 'TCP/IPv4 + 64 B, 118 B', spec: tcpSpec(64) },
  { name: 'TCP/IPv4 + 1460 B, 1514 B', spec: tcpSpec(1460) },
  {
    name: 'UDP/IPv6 + 512 B, 574 B',
    spec: {
      eth: ETH,
      ipv6: { src: '2001:db8::1', dst: '2001:db8::2' },
      udp: { srcport: 40000, dstport: 5201 },
      payload: new Uint8Array(512).fill(0x61),
    },
  },
];

type Step = (i: number) => number;

/** The three ways to make packet i of a flow (sequence and IP id change per packet). */
function variants(spec: PacketSpec): { name: string; step: Step; done?: () => void }[] {
  const p = new Packet(spec);
  const next = (q: Packet, i: number) => {
    if (q.tcp) q.tcp.seq = (i * 1448) >>> 0;
    if (q.ip) q.ip.id = i & 0xffff;
  };
  const alloc = new Packet(spec);
  const pool = new BufferPool();
  // A batch-sized lease filled with packets back to back; a new one (a pool hit) when full.
  let lease = pool.acquire(65536);
  let at = 0;
  const fixed = new Uint8Array(65536);
  let fixedAt = 0;
  const out: { name: string; step: Step; done?: () => void }[] = [
    {
      name: 'buildInto() one reused buffer',
      step: (i) => {
        next(p, i);
        if (fixedAt + p.length > 65536) fixedAt = 0;
        const n = p.buildInto(fixed, fixedAt);
        fixedAt += n;
        return n;
      },
    },
    {
      name: 'build() (new buffer each)',
      step: (i) => {
        next(alloc, i);
        return alloc.build().length;
      },
    },
    {
      name: 'buildInto() 64 KiB pooled batch',
      step: (i) => {
        next(p, i);
        if (at + p.length > 65536) {
          lease.release();
          lease = pool.acquire(65536);
          at = 0;
        }
        const n = p.buildInto(lease.bytes, at);
        at += n;
        return n;
      },
      done: () => lease.release(),
    },
    {
      name: 'buildInto() lease per packet',
      step: (i) => {
        next(p, i);
        const l = pool.acquire(p.length);
        const n = p.buildInto(l.bytes, 0);
        l.release();
        return n;
      },
    },
  ];
  if (spec.tcp && spec.ip) {
    const payload = spec.payload ?? new Uint8Array(0);
    out.push({
      name: 'ad-hoc crafting (peer)',
      step: (i) =>
        ethernet(
          '02:00:00:00:00:02',
          '02:00:00:00:00:01',
          0x0800,
          ipv4(
            [10, 0, 0, 1],
            [10, 0, 0, 2],
            6,
            tcp(40000, 443, i * 1448, 1, TCP_ACK | (payload.length ? TCP_PSH : 0), payload),
            i & 0xffff,
          ),
        ).length,
    });
  }
  return out;
}

function gcCounter(): { stop(): Promise<number> } {
  let n = 0;
  const obs = new PerformanceObserver((list) => (n += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 20));
      obs.disconnect();
      return n;
    },
  };
}

/** Heap and ArrayBuffer growth over `n` calls after a full GC, and whether a GC ran meanwhile. */
async function growth(step: Step, n: number): Promise<{ heap: number; arrayBuffers: number; gcs: number }> {
  gc?.();
  const counter = gcCounter();
  const m0 = process.memoryUsage();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += step(i);
  const m1 = process.memoryUsage();
  const gcs = await counter.stop();
  if (sink < 0) console.log(sink);
  return { heap: m1.heapUsed - m0.heapUsed, arrayBuffers: m1.arrayBuffers - m0.arrayBuffers, gcs };
}

/** Bytes per call: growth over 4N minus growth over N, over 3N (fixed costs cancel). */
async function allocated(step: Step): Promise<{ heap: number; arrayBuffers: number; exact: boolean }> {
  const a = await growth(step, ALLOC_ITER);
  const b = await growth(step, 4 * ALLOC_ITER);
  const per = (x: number, y: number) => Math.max(0, (y - x) / (3 * ALLOC_ITER));
  return { heap: per(a.heap, b.heap), arrayBuffers: per(a.arrayBuffers, b.arrayBuffers), exact: a.gcs === 0 && b.gcs === 0 };
}

interface Result {
  packet: string;
  variant: string;
  nsPerPacket: number;
  packetsPerSecond: number;
  heapBytesPerPacket: number;
  arrayBufferBytesPerPacket: number;
  allocExact: boolean;
  gcDuringTiming: number;
}

/** Child: one (packet, variant); prints its Result as JSON. */
async function one(caseIndex: number, variantIndex: number): Promise<void> {
  const c = CASES[caseIndex]!;
  const v = variants(c.spec)[variantIndex]!;
  for (let i = 0; i < 300_000; i++) v.step(i); // warm up: optimized code before measuring
  const alloc = await allocated(v.step);
  const times: number[] = [];
  const counter = gcCounter();
  for (let r = 0; r < RUNS; r++) {
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < ITER; i++) sink += v.step(i);
    times.push(((performance.now() - t0) * 1e6) / ITER);
    if (sink < 0) console.log(sink);
  }
  const gcs = await counter.stop();
  v.done?.();
  const ns = median(times);
  const result: Result = {
    packet: c.name,
    variant: v.name,
    nsPerPacket: ns,
    packetsPerSecond: 1e9 / ns,
    heapBytesPerPacket: alloc.heap,
    arrayBufferBytesPerPacket: alloc.arrayBuffers,
    allocExact: alloc.exact,
    gcDuringTiming: gcs,
  };
  console.log(JSON.stringify(result));
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const [ci, c] of CASES.entries()) {
    for (const vi of variants(c.spec).keys()) {
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128', self, '--one', String(ci), String(vi)],
        { encoding: 'utf8', env: process.env },
      );
      results.push(JSON.parse(out.trim().split('\n').pop()!) as Result);
    }
  }
  if (json) {
    console.log(JSON.stringify({ iterations: ITER, runs: RUNS, results }));
    return;
  }
  console.log(
    `Builders: one process per row; median of ${RUNS} runs × ${ITER.toLocaleString('en-US')} packets; allocation = growth over ${(4 * ALLOC_ITER).toLocaleString('en-US')} minus over ${ALLOC_ITER.toLocaleString('en-US')} packets, no GC between (~: a GC ran, a lower bound)`,
  );
  console.log(
    'packet                       variant                           ns/pkt     Mpkt/s   heap B/pkt  ArrayBuffer B/pkt  GCs while timed  vs build()',
  );
  for (const c of CASES) {
    const base = results.find((r) => r.packet === c.name && r.variant.startsWith('build() '))!;
    for (const r of results.filter((x) => x.packet === c.name)) {
      const approx = r.allocExact ? ' ' : '~';
      console.log(
        `${r.packet.padEnd(28)} ${r.variant.padEnd(32)} ${r.nsPerPacket.toFixed(1).padStart(7)} ${(r.packetsPerSecond / 1e6).toFixed(2).padStart(10)} ${(approx + r.heapBytesPerPacket.toFixed(1)).padStart(12)} ${(approx + r.arrayBufferBytesPerPacket.toFixed(1)).padStart(18)} ${String(r.gcDuringTiming).padStart(16)} ${(base.nsPerPacket / r.nsPerPacket).toFixed(2).padStart(10)}×`,
      );
    }
  }
  console.log(
    "(the pooled batch row includes the pool's own Lease object per 64 KiB batch, amortized; the reused-buffer row is the builder alone)",
  );
  const target = results.find((r) => r.packet.startsWith('TCP/IPv4 ACK') && r.variant.startsWith('buildInto() 64'))!;
  console.log(
    `target: buildInto ≤ 100 ns per TCP/IPv4 packet, no allocation → ${target.nsPerPacket.toFixed(1)} ns, ${target.heapBytesPerPacket.toFixed(2)} heap B/pkt, ${target.gcDuringTiming} GCs over ${(RUNS * ITER).toLocaleString('en-US')} packets`,
  );
}

const at = process.argv.indexOf('--one');
if (at >= 0) await one(Number(process.argv[at + 1]), Number(process.argv[at + 2]));
else await main();
