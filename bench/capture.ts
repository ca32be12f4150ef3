/**
 * Live capture benchmark: loopback load at the highest rate this machine makes (bounded in
 * time), captured at the same time by Wirepool (EngineThread: capture in the engine worker
 * thread; this thread plays the UI and gives every batch back at once) and by `tcpdump -i lo -w
 * /dev/null` (or, when Wirepool spools, `-w` a file on the same disk), both with the same BPF
 * filter and a 32 MiB kernel buffer. Two loads: small UDP
 * datagrams (packets per second) and one TCP bulk stream (~64 KiB loopback frames); each twice,
 * Wirepool keeping the capture in memory only, then also spooling it to a pcapng file (the app's
 * default).
 *
 * Reports, per phase: packets sent, captured by each, lost (sent − seen; tcpdump: its own
 * "dropped by kernel"), Wirepool's engine drops (backpressure), pool hit rate overall and once
 * the memory store is full (steady state: allocations should stop), and CPU time per captured
 * packet (Wirepool: this whole process, engine worker and UI thread; tcpdump: its process).
 *   node dist/bench/capture.js [SECONDS] [--immediate-mode] [--helper] [--phases=udp,udp-spool,tcp,tcp-spool]     (root or CAP_NET_RAW, and the cap binding)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_BUFFER, captureAvailability } from '../native-bridge/capture/index.js';
import { EngineThread } from '../native-bridge/engine/index.js';
import type { PoolStats } from '../native-bridge/pool/index.js';
import type { RunStats } from '../native-bridge/protocol/index.js';

const ARGS = process.argv.slice(2);
const SECONDS = Number(ARGS.find((a) => !a.startsWith('--')) ?? process.env.BENCH_CAPTURE_SECONDS ?? 6);
/** `--immediate-mode`: Wirepool's capture hands each packet over as it arrives (the default is tcpdump's blocks). */
const IMMEDIATE = ARGS.includes('--immediate-mode');
/** `--helper`: Wirepool captures through its capture helper process (its CPU counted with this process's). */
const HELPER = ARGS.includes('--helper');
/** `--phases=udp,udp-spool,tcp,tcp-spool`: run only these phases (all four by default). */
const PHASES = (ARGS.find((a) => a.startsWith('--phases='))?.slice('--phases='.length) ?? 'udp,udp-spool,tcp,tcp-spool').split(',');
const LOAD = fileURLToPath(new URL('./capture-load.js', import.meta.url));
const TICKS = 100; // USER_HZ on Linux
/** Both sides' kernel buffer: the app's default (KERNEL_BUFFER, 64 MiB) unless BENCH_CAPTURE_RING_MIB says. */
const RING_MIB = Number(process.env.BENCH_CAPTURE_RING_MIB ?? KERNEL_BUFFER.default / 2 ** 20);
/** Where the steady window starts, seconds into the load (at most a third of it). */
const STEADY_FROM_S = 2;

interface Side {
  captured: number;
  lost: number | undefined;
  cpuSeconds: number;
}

interface Phase {
  name: string;
  sent: number;
  sentBytes: number;
  loadSeconds: number;
  wirepool: Side & {
    seen: number;
    engineDropped: number;
    /** libpcap's count of packets the kernel dropped (its ring was full). */
    kernelDropped: number | undefined;
    hitRate: number;
    pool: PoolStats;
    steady: { hits: number; misses: number } | undefined;
    spool: number | undefined;
  };
  tcpdump: (Side & { received: number }) | undefined;
  /** CPU seconds of each side over the steady window, and the packets Wirepool saw in it. */
  steadyCpu: { packets: number; wirepool: number; tcpdump: number | undefined } | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The capture helpers this process started (their CPU is Wirepool's too). */
function helperPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && stat.includes('(wirepool-captur')) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

function startTcpdump(filter: string, out: string): Promise<ChildProcess | undefined> {
  if (spawnSync('tcpdump', ['--version']).status !== 0) return Promise.resolve(undefined);
  // -Z root: tcpdump otherwise drops to its own user and cannot create a file in a root-owned folder.
  const p = spawn('tcpdump', ['-i', 'lo', '-B', String(RING_MIB * 1024), '-Z', 'root', '-w', out, filter], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve) => {
    let err = '';
    p.stderr!.setEncoding('utf8').on('data', (s: string) => {
      err += s;
      if (err.includes('listening on')) resolve(p);
    });
    p.on('exit', () => resolve(undefined));
  });
}

function stopTcpdump(p: ChildProcess, cpu: { seconds: number }): Promise<{ captured: number; received: number; dropped: number }> {
  return new Promise((resolve) => {
    let err = '';
    p.stderr!.on('data', (s: string) => (err += s));
    p.on('close', () => {
      const n = (what: string): number => Number(new RegExp(`(\\d+) packets? ${what}`).exec(err)?.[1] ?? NaN);
      resolve({ captured: n('captured'), received: n('received by filter'), dropped: n('dropped by kernel') });
    });
    cpu.seconds = cpuOf(p.pid);
    p.kill('SIGINT');
  });
}

/** Starts the load generator; it waits for go() so its start-up stays out of the measurement. */
function startLoad(args: string[]): { go(): void; result: Promise<{ packets: number; bytes: number; seconds: number }> } {
  const p = spawn(process.execPath, [LOAD, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  p.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const result = new Promise<{ packets: number; bytes: number; seconds: number }>((resolve, reject) =>
    p.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as { packets: number; bytes: number; seconds: number })
        : reject(new Error(`load generator exited with ${code}`)),
    ),
  );
  return { go: () => p.stdin!.end('go\n'), result };
}

const sum = (p: PoolStats, k: 'hits' | 'misses'): number => p.tiers.reduce((n, t) => n + t[k], 0);

async function phase(name: string, kind: 'udp' | 'tcp', spool: boolean): Promise<Phase> {
  const port = await freePort();
  const filter = kind === 'udp' ? `udp dst port ${port}` : `tcp dst port ${port}`;
  let last: RunStats | undefined;
  /** The pool when the memory store first evicted: from then on it runs in steady state. */
  let full: PoolStats | undefined;
  let resolveDone!: (s: RunStats) => void;
  const done = new Promise<RunStats>((r) => (resolveDone = r));
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const engine: EngineThread = await EngineThread.start(
    {
      batch: (b) => engine.giveBack(b.buffer, b.runId),
      event: (e) => {
        if (e.type === 'stats') {
          last = e.stats;
          if (full === undefined && (e.stats.memory?.evictedPackets ?? 0) > 0) full = e.stats.pool;
        } else if (e.type === 'run') opened();
        else if (e.type === 'done') {
          if (e.error) console.error(`wirepool: ${e.error.message}`);
          resolveDone(e.stats);
        } else if (e.type === 'error') console.error(`wirepool: ${e.error.message}`);
      },
    },
    { memoryBudget: Number(process.env.BENCH_CAPTURE_MEMORY_MIB ?? 64) * 2 ** 20 },
  );
  await engine.capture({
    ifaces: ['lo'],
    filter,
    bufferSize: RING_MIB << 20,
    spool,
    ...(IMMEDIATE ? { immediate: true } : {}),
    ...(HELPER ? { via: 'helper' as const } : {}),
  });
  await isOpen;
  // With a spool, tcpdump writes its capture to a file on the same disk too.
  const tdOut = spool ? path.join(tmpdir(), `wirepool-bench-tcpdump-${process.pid}.pcap`) : '/dev/null';
  const tcpdump = await startTcpdump(filter, tdOut);
  const loader = startLoad([kind, String(port), String(SECONDS)]);
  await new Promise((r) => setTimeout(r, 300)); // the generator is up and waiting
  const cpu0 = process.cpuUsage();
  const helpers = helperPids();
  const helper0 = helpers.reduce((n, pid) => n + cpuOf(pid), 0);
  const td0 = cpuOf(tcpdump?.pid);
  loader.go();
  // The steady window: from STEADY_FROM_S into the load (the memory store has filled, the code is
  // compiled) to half a second before its end. Both sides' CPU over the packets Wirepool saw in it.
  const wpCpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6 + helpers.reduce((n, pid) => n + cpuOf(pid), 0);
  };
  const mark = () => ({ wp: wpCpuNow(), td: cpuOf(tcpdump?.pid), seen: last?.seen ?? 0 });
  const fromS = Math.min(STEADY_FROM_S, SECONDS / 3);
  let a: ReturnType<typeof mark> | undefined;
  let b: ReturnType<typeof mark> | undefined;
  const timers = [setTimeout(() => (a = mark()), fromS * 1000), setTimeout(() => (b = mark()), (SECONDS - 0.5) * 1000)];
  const load = await loader.result;
  for (const t of timers) clearTimeout(t);
  const steadyCpu =
    a !== undefined && b !== undefined && b.seen > a.seen
      ? { packets: b.seen - a.seen, wirepool: b.wp - a.wp, tcpdump: tcpdump ? b.td - a.td : undefined }
      : undefined;
  await new Promise((r) => setTimeout(r, 500)); // the tail reaches both
  const cpu = process.cpuUsage(cpu0);
  const helperCpu = helpers.reduce((n, pid) => n + cpuOf(pid), 0) - helper0;
  const td = { seconds: 0 };
  const tdStats = tcpdump ? await stopTcpdump(tcpdump, td) : undefined;
  if (spool) rmSync(tdOut, { force: true });
  engine.stop();
  const stats = await done;
  const pool = (await engine.poolStats()) ?? stats.pool;
  await engine.close();
  void last;
  const seen = stats.seen ?? 0;
  const wpCpu = (cpu.user + cpu.system) / 1e6 + helperCpu;
  return {
    name,
    sent: load.packets,
    sentBytes: load.bytes,
    loadSeconds: load.seconds,
    wirepool: {
      captured: stats.packets,
      seen,
      lost: kind === 'udp' ? load.packets - seen : undefined,
      engineDropped: stats.dropped ?? 0,
      kernelDropped: stats.kernel?.dropped,
      cpuSeconds: wpCpu,
      hitRate: pool.hitRate,
      pool,
      steady:
        full === undefined ? undefined : { hits: sum(pool, 'hits') - sum(full, 'hits'), misses: sum(pool, 'misses') - sum(full, 'misses') },
      spool: stats.spool?.bytes,
    },
    steadyCpu,
    tcpdump: tdStats
      ? { captured: tdStats.captured, received: tdStats.received, lost: tdStats.dropped, cpuSeconds: td.seconds - td0 }
      : undefined,
  };
}

function line(p: Phase): string {
  const w = p.wirepool;
  const t = p.tcpdump;
  const us = (cpu: number, n: number): string => (n > 0 ? `${((cpu / n) * 1e6).toFixed(2)} µs` : '-');
  const rows = [
    `${p.name}: load ${p.loadSeconds.toFixed(1)} s, ${p.sent ? `${p.sent.toLocaleString('en-US')} datagrams sent (${Math.round(p.sent / p.loadSeconds).toLocaleString('en-US')}/s)` : `${(p.sentBytes / 2 ** 20).toFixed(0)} MiB received by the TCP reader`}`,
    `  wirepool: ${w.captured.toLocaleString('en-US')} captured (${w.seen.toLocaleString('en-US')} seen, ${w.engineDropped} dropped by the engine, ${w.kernelDropped ?? '?'} by the kernel${w.lost !== undefined ? `, ${w.lost.toLocaleString('en-US')} lost before the engine` : ''}), CPU ${w.cpuSeconds.toFixed(2)} s (${HELPER ? 'capture helper + ' : ''}engine worker + UI thread) = ${us(w.cpuSeconds, w.seen)}/packet, pool hit rate ${(w.hitRate * 100).toFixed(2)}%${w.spool !== undefined ? `, spool ${(w.spool / 2 ** 20).toFixed(0)} MiB` : ', memory only'}`,
    w.steady
      ? `  wirepool once its memory store was full (steady state): ${w.steady.hits.toLocaleString('en-US')} pool hits, ${w.steady.misses.toLocaleString('en-US')} misses (new buffers)`
      : '  wirepool: the memory store never filled (no steady state reached)',
    t
      ? `  tcpdump${w.spool !== undefined ? ' (-w file)' : ' (-w /dev/null)'}:  ${t.captured.toLocaleString('en-US')} captured (${t.received.toLocaleString('en-US')} received by filter, ${t.lost?.toLocaleString('en-US')} dropped by kernel), CPU ${t.cpuSeconds.toFixed(2)} s = ${us(t.cpuSeconds, t.captured)}/packet`
      : '  tcpdump:  not installed (apt-get install tcpdump) — no comparison',
  ];
  if (t && t.captured > 0) rows.push(`  wirepool / tcpdump captured: ${(w.captured / t.captured).toFixed(3)}×`);
  const st = p.steadyCpu;
  if (st !== undefined) {
    const per = (cpu: number): string => `${((cpu / st.packets) * 1e6).toFixed(2)} µs/packet`;
    rows.push(
      `  steady window (${st.packets.toLocaleString('en-US')} packets, from ${Math.min(STEADY_FROM_S, SECONDS / 3).toFixed(1)} s to 0.5 s before the end): wirepool ${per(st.wirepool)}` +
        (st.tcpdump !== undefined ? `, tcpdump ${per(st.tcpdump)}, ratio ${(st.wirepool / Math.max(st.tcpdump, 0.01)).toFixed(2)}×` : ''),
    );
  }
  const tiers = w.pool.tiers.map((x) => `${x.size / 1024} KiB ${x.hits}/${x.misses}`).join(', ');
  rows.push(`  pool tiers (hits/misses): ${tiers}; oversize ${w.pool.oversize.count}`);
  return rows.join('\n');
}

const avail = captureAvailability();
if (!avail.available) {
  console.log(`capture benchmark skipped: ${avail.reason}`);
} else {
  console.log(`capture benchmark: ${SECONDS} s of loopback load per phase, Wirepool and tcpdump capturing the same traffic at once`);
  const all = [
    ['udp', 'small UDP (64–512 B payloads), memory only', 'udp', false],
    ['udp-spool', 'small UDP (64–512 B payloads), spooled to pcapng', 'udp', true],
    ['tcp', 'TCP bulk (~64 KiB frames), memory only', 'tcp', false],
    ['tcp-spool', 'TCP bulk (~64 KiB frames), spooled to pcapng', 'tcp', true],
  ] as const;
  const results: Phase[] = [];
  for (const [key, name, kind, spool] of all) if (PHASES.includes(key)) results.push(await phase(name, kind, spool));
  for (const r of results) console.log(line(r));
  if (process.env.BENCH_JSON) console.log(JSON.stringify(results.map((r) => ({ ...r, wirepool: { ...r.wirepool, pool: undefined } }))));
}
