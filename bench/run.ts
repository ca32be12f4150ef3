/**
 * `npm run bench`: generates the benchmark captures if missing, then races, in one run and on
 * the same warm files, Wirepool's pooled replay against the same path allocating per packet,
 * `tcpdump -r FILE -w /dev/null` and the npm `pcap-parser` package. Prints a table with the
 * ratios and the targets, and writes bench/results/latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/bench/`;
const dataDir = `${root}bench/data/`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const CAPTURES = [
  { name: 'small', file: `${dataDir}small-mixed.pcap`, label: '1 M packets, 40–1400 B' },
  { name: 'large', file: `${dataDir}large-frames.pcap`, label: '16–64 KiB frames, ≥ 300 MB' },
];

interface Run {
  variant: string;
  packets: number;
  bytes: number;
  seconds: number;
  packetsPerSecond: number;
  arrayBufferBytesAllocated?: number;
  gcCount?: number;
  gcMs?: number;
  hitRateAfterWarmup?: number;
}

function json(cmd: string, args: string[]): Run {
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

function timed(variant: string, cmd: string, args: string[], packets: number, bytes: number): Run | undefined {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) return undefined;
  return { variant, packets, bytes, seconds, packetsPerSecond: packets / seconds };
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** The median run by seconds, with the median of each numeric field. */
function summarize(runs: Run[]): Run {
  const first = runs[0]!;
  const pick = (k: keyof Run) => (first[k] === undefined ? undefined : median(runs.map((r) => r[k] as number)));
  return {
    variant: first.variant,
    packets: first.packets,
    bytes: first.bytes,
    seconds: pick('seconds')!,
    packetsPerSecond: pick('packetsPerSecond')!,
    arrayBufferBytesAllocated: pick('arrayBufferBytesAllocated'),
    gcCount: pick('gcCount'),
    gcMs: pick('gcMs'),
    hitRateAfterWarmup: pick('hitRateAfterWarmup'),
  };
}

const VARIANT_LABEL: Record<string, string> = {
  pool: 'wirepool, pooled (large packets zero-copy)',
  packed: 'wirepool, pooled, every packet copied into packed batches',
  alloc: 'wirepool, allocating per packet',
};
const mb = (n: number) => (n / 1e6).toFixed(1);
const fmt = (n: number | undefined, d = 0) =>
  n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

if (!CAPTURES.every((c) => existsSync(c.file))) {
  mkdirSync(dataDir, { recursive: true });
  console.log('generating benchmark captures (once) …');
  execFileSync(process.execPath, [`${dist}make-captures.js`, dataDir], { stdio: 'inherit' });
}

const tcpdump = hasCommand('tcpdump');
const machine = `${process.versions.node ? `node ${process.version}` : ''}, ${(await import('node:os')).cpus().length} × ${(await import('node:os')).cpus()[0]?.model ?? '?'}`;
console.log(`machine: ${machine}; ${RUNS} runs each, median shown\n`);
const results: Record<string, Record<string, Run>> = {};

for (const cap of CAPTURES) {
  readFileSync(cap.file, { flag: 'r' }).length; // warm the page cache so every contender reads from memory
  const size = statSync(cap.file).size;
  const runs: Record<string, Run[]> = { pool: [], packed: [], alloc: [], cli: [], tcpdump: [], 'pcap-parser': [] };
  for (let i = 0; i < RUNS; i++) {
    const pool = json(process.execPath, ['--expose-gc', `${dist}replay-one.js`, 'pool', cap.file]);
    runs.pool!.push(pool);
    runs.packed!.push(json(process.execPath, ['--expose-gc', `${dist}replay-one.js`, 'packed', cap.file]));
    runs.alloc!.push(json(process.execPath, ['--expose-gc', `${dist}replay-one.js`, 'alloc', cap.file]));
    const cli = timed('wirepool replay (whole command)', `${root}bin/wirepool`, ['replay', cap.file, '--json'], pool.packets, pool.bytes);
    if (cli) runs.cli!.push(cli);
    if (tcpdump) {
      const t = timed('tcpdump -r -w /dev/null', 'tcpdump', ['-r', cap.file, '-w', '/dev/null'], pool.packets, pool.bytes);
      if (t) runs.tcpdump!.push(t);
    }
    runs['pcap-parser']!.push(json(process.execPath, [`${dist}pcap-parser-one.js`, cap.file]));
  }
  const s: Record<string, Run> = {};
  for (const [k, v] of Object.entries(runs)) if (v.length > 0) s[k] = summarize(v);
  results[cap.name] = s;

  console.log(`## ${cap.name}: ${cap.label} — ${fmt(s.pool!.packets)} packets, ${mb(size)} MB file`);
  console.log('| contender | seconds | packets/s | MB/s | ArrayBuffer bytes allocated | GC count | GC ms | hit rate after warm-up |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of Object.values(s)) {
    console.log(
      `| ${VARIANT_LABEL[r.variant] ?? r.variant} | ${r.seconds.toFixed(3)} | ${fmt(r.packetsPerSecond)} | ${fmt(size / 1e6 / r.seconds, 0)} | ${r.arrayBufferBytesAllocated === undefined ? '–' : `${mb(r.arrayBufferBytesAllocated)} MB`} | ${fmt(r.gcCount)} | ${fmt(r.gcMs, 1)} | ${r.hitRateAfterWarmup === undefined ? '–' : `${(r.hitRateAfterWarmup * 100).toFixed(2)}%`} |`,
    );
  }
  const p = s.pool!;
  const a = s.alloc!;
  const fewer = 1 - p.arrayBufferBytesAllocated! / a.arrayBufferBytesAllocated!;
  const speedup = p.packetsPerSecond / a.packetsPerSecond;
  console.log(
    `\npooled vs allocating: ${(fewer * 100).toFixed(2)}% fewer ArrayBuffer bytes, ${speedup.toFixed(2)}× packets/s, GC ${fmt(p.gcCount)} vs ${fmt(a.gcCount)}`,
  );
  if (s.tcpdump)
    console.log(
      `pooled replay vs tcpdump: ${(p.packetsPerSecond / s.tcpdump.packetsPerSecond).toFixed(2)}× (engine), whole command ${(s.cli ? s.cli.packetsPerSecond / s.tcpdump.packetsPerSecond : NaN).toFixed(2)}×`,
    );
  if (s.packed)
    console.log(`pooled replay vs the same pool copying every packet: ${(p.packetsPerSecond / s.packed.packetsPerSecond).toFixed(2)}×`);
  console.log(`pooled replay vs pcap-parser: ${(p.packetsPerSecond / s['pcap-parser']!.packetsPerSecond).toFixed(2)}×`);
  const targets =
    cap.name === 'large'
      ? [
          [`≥ 95% fewer bytes allocated`, fewer >= 0.95],
          [`hit rate ≥ 99% after warm-up`, p.hitRateAfterWarmup! >= 0.99],
          [`≥ 2× packets/s (16–64 KiB)`, speedup >= 2],
        ]
      : [
          [`hit rate ≥ 99% after warm-up`, p.hitRateAfterWarmup! >= 0.99],
          [`no more than 5% slower below 4 KiB`, speedup >= 0.95],
        ];
  if (s.tcpdump) targets.push([`not slower than tcpdump`, p.packetsPerSecond >= s.tcpdump.packetsPerSecond]);
  for (const [name, ok] of targets) console.log(`target ${ok ? 'met   ' : 'MISSED'}: ${name}`);
  console.log('');
}

mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/latest.json`,
  `${JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, results }, null, 2)}\n`,
);
console.log('written: bench/results/latest.json');
