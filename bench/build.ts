/**
 * Builders: `build()` (a new buffer per packet) against `buildInto()` into pooled buffers, and
 * the ad-hoc crafting of scripts/craft.ts as the peer. Packets/s, ns per packet, and bytes
 * allocated per packet measured from the heap and ArrayBuffer counters with no GC in between
 * (run with --expose-gc and a young generation large enough: see package.json "bench").
 *   node --expose-gc --max-semi-space-size=128 dist/bench/build.js [--json]
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Packet, type PacketSpec } from '../native-bridge/build/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';
import { TCP_ACK, TCP_PSH, ethernet, ipv4, tcp } from '../scripts/craft.js';
import { median } from './measure.js';

const gc = (globalThis as { gc?: () => void }).gc;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ITER = Number(process.env.BENCH_BUILD_ITER ?? 2_000_000);
const ALLOC_ITER = 100_000;

const ETH = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const CASES: { name: string; spec: PacketSpec }[] = [
  { name: 'TCP/IPv4 ACK, 54 B', spec: { eth: ETH, ip: { src: '10.0.0.1', dst: '10.0.0.2' }, tcp: { srcport: 40000, dstport: 443, flags: 'A' } } },
  { name: 'TCP/IPv4 + 64 B, 118 B', spec: { eth: ETH, ip: { src: '10.0.0.1', dst: '10.0.0.2' }, tcp: { srcport: 40000, dstport: 443, flags: 'PA' }, payload: new Uint8Array(64).fill(0x61) } },
  { name: 'TCP/IPv4 + 1460 B, 1514 B', spec: { eth: ETH, ip: { src: '10.0.0.1', dst: '10.0.0.2' }, tcp: { srcport: 40000, dstport: 443, flags: 'PA' }, payload: new Uint8Array(1460).fill(0x61) } },
  { name: 'UDP/IPv6 + 512 B, 574 B', spec: { eth: ETH, ipv6: { src: '2001:db8::1', dst: '2001:db8::2' }, udp: { srcport: 40000, dstport: 5201 }, payload: new Uint8Array(512).fill(0x61) } },
];

type Step = (i: number) => number;

/** The three ways to make packet i of a flow (sequence and IP id change per packet). */
function variants(spec: PacketSpec): { name: string; step: Step; done?: () => void }[] {
  const p = new Packet(spec);
  const next = (i: number) => {
    if (p.tcp) p.tcp.seq = (i * 1448) >>> 0;
    if (p.ip) p.ip.id = i & 0xffff;
  };
  const alloc = new Packet(spec);
  const pool = new BufferPool();
  // A batch-sized lease filled with packets back to back; a new one (a pool hit) when full.
  let lease = pool.acquire(65536);
  let at = 0;
  const out: { name: string; step: Step; done?: () => void }[] = [
    {
      name: 'build() (new buffer each)',
      step: (i) => {
        if (alloc.tcp) alloc.tcp.seq = (i * 1448) >>> 0;
        if (alloc.ip) alloc.ip.id = i & 0xffff;
        return alloc.build().length;
      },
    },
    {
      name: 'buildInto() 64 KiB pooled batch',
      step: (i) => {
        next(i);
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
        next(i);
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
      name: 'scripts/craft.ts (ad-hoc peer)',
      step: (i) => ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, ipv4([10, 0, 0, 1], [10, 0, 0, 2], 6, tcp(40000, 443, i * 1448, 1, TCP_ACK | (payload.length ? TCP_PSH : 0), payload), i & 0xffff)).length,
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

/** Heap and ArrayBuffer bytes allocated per call, from counters read with no GC in between. */
async function allocated(step: Step): Promise<{ heap: number; arrayBuffers: number; exact: boolean }> {
  gc?.();
  const counter = gcCounter();
  const m0 = process.memoryUsage();
  let sink = 0;
  for (let i = 0; i < ALLOC_ITER; i++) sink += step(i);
  const m1 = process.memoryUsage();
  const gcs = await counter.stop();
  if (sink < 0) console.log(sink);
  return { heap: Math.max(0, (m1.heapUsed - m0.heapUsed) / ALLOC_ITER), arrayBuffers: Math.max(0, (m1.arrayBuffers - m0.arrayBuffers) / ALLOC_ITER), exact: gcs === 0 };
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

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  if (gc === undefined && !json) console.log('(run with --expose-gc for exact allocation counts)');
  const results: Result[] = [];
  for (const c of CASES) {
    for (const v of variants(c.spec)) {
      for (let i = 0; i < 200_000; i++) v.step(i); // warm up: optimized code before timing
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
      results.push({
        packet: c.name, variant: v.name, nsPerPacket: ns, packetsPerSecond: 1e9 / ns,
        heapBytesPerPacket: alloc.heap, arrayBufferBytesPerPacket: alloc.arrayBuffers, allocExact: alloc.exact, gcDuringTiming: gcs,
      });
    }
  }
  if (json) {
    console.log(JSON.stringify({ iterations: ITER, runs: RUNS, results }));
    return;
  }
  console.log(`Builders: median of ${RUNS} runs × ${ITER.toLocaleString('en-US')} packets; allocation over ${ALLOC_ITER.toLocaleString('en-US')} packets (heap + ArrayBuffer backing stores)`);
  console.log('packet                       variant                           ns/pkt     Mpkt/s   heap B/pkt  ArrayBuffer B/pkt  GCs while timed  vs build()');
  for (const c of CASES) {
    const base = results.find((r) => r.packet === c.name && r.variant.startsWith('build()'))!;
    for (const r of results.filter((x) => x.packet === c.name)) {
      const approx = r.allocExact ? ' ' : '~';
      console.log(
        `${r.packet.padEnd(28)} ${r.variant.padEnd(32)} ${r.nsPerPacket.toFixed(1).padStart(7)} ${(r.packetsPerSecond / 1e6).toFixed(2).padStart(10)} ${(approx + r.heapBytesPerPacket.toFixed(1)).padStart(12)} ${(approx + r.arrayBufferBytesPerPacket.toFixed(1)).padStart(18)} ${String(r.gcDuringTiming).padStart(16)} ${(base.nsPerPacket / r.nsPerPacket).toFixed(2).padStart(10)}×`,
      );
    }
  }
  const target = results.find((r) => r.packet.startsWith('TCP/IPv4 ACK') && r.variant.startsWith('buildInto() 64'))!;
  console.log(`target: buildInto ≤ 100 ns per TCP/IPv4 packet with no allocation → ${target.nsPerPacket.toFixed(1)} ns, ${target.heapBytesPerPacket.toFixed(1)} heap B/pkt, ${target.gcDuringTiming} GCs over ${(RUNS * ITER).toLocaleString('en-US')} packets`);
}

await main();
