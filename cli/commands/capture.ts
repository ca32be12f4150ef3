import path from 'node:path';
import { KERNEL_BUFFER, SNAPLEN, checkInterfaces, timestampTypes } from '../../native-bridge/capture/index.js';
import type { Range } from '../../native-bridge/common/index.js';
import { DEFAULT_MEMORY_BUDGET, EngineThread, type EngineBatch } from '../../native-bridge/engine/index.js';
import type { ErrorInfo, RunStats } from '../../native-bridge/protocol/index.js';
import { bytes, count, percent } from '../format.js';
import { poolJson, poolReport } from '../pool-report.js';
import { Progress } from '../progress.js';
import { UsageError, wholeOption } from '../usage.js';

export interface CaptureArgs {
  /** `-i`, once per interface (dumpcap's way): one capture, one pcapng with an IDB each. */
  interface?: string[];
  filter?: string;
  count?: string;
  autostop?: string;
  write?: string;
  json?: boolean;
  snaplen?: string;
  buffer?: string;
  memory?: string;
  /** `-p`: not in promiscuous mode (tcpdump's flag). */
  'no-promiscuous-mode'?: boolean;
  /** `--immediate-mode`: each packet handed over as it arrives (tcpdump's flag). */
  'immediate-mode'?: boolean;
  /** `-j TYPE`: libpcap's time stamp type (tcpdump's flag). */
  'time-stamp-type'?: string;
  /** `--list-time-stamp-types`: print each -i interface's time stamp types and exit (tcpdump's flag). */
  'list-time-stamp-types'?: boolean;
  /** `--helper`: capture through the capture helper process even when this process may capture itself. */
  helper?: boolean;
}

const MIB = 1024 * 1024;

/** What is known of a capture that failed before its first stats. */
function emptyStats(): RunStats {
  const pool = { tiers: [], oversize: { count: 0, bytes: 0, outstanding: 0 }, hitRate: 0, freeBytes: 0 };
  return { runId: 0, kind: 'capture', state: 'failed', packets: 0, bytes: 0, batches: 0, seconds: 0, filteredOut: 0, pool, at: Date.now() };
}
/** `--memory MIB`: the engine's memory budget in MiB. */
const MEMORY_MIB = { min: 1, max: 1 << 20, unit: 'MiB', default: DEFAULT_MEMORY_BUDGET / MIB } as const satisfies Range;
const COUNT = { min: 1, max: Number.MAX_SAFE_INTEGER } as const satisfies Range;

/** `-a duration:SECONDS`, as tshark and dumpcap spell it. */
function duration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^duration:(\d+(?:\.\d+)?)$/.exec(value);
  if (m === null || !(Number(m[1]) > 0)) throw new UsageError(`-a takes duration:SECONDS (e.g. -a duration:10), got "${value}"`);
  return Number(m[1]);
}

/** The JSON shape: packets, seen, dropped, kernel, bytes, seconds, pool.tiers[], pool.hitRate (as replay --json). */
export function captureJson(ifaces: readonly string[], s: RunStats, error: ErrorInfo | undefined) {
  return {
    interfaces: ifaces,
    packets: s.packets,
    seen: s.seen ?? 0,
    dropped: s.dropped ?? 0,
    /** libpcap's counters (pcap_stats): received, dropped by the kernel, dropped by the interface; null when the binding cannot say. */
    kernel: s.kernel ?? null,
    bytes: s.bytes,
    seconds: s.seconds,
    packetsPerSecond: s.seconds > 0 ? s.packets / s.seconds : 0,
    batches: s.batches,
    memory: s.memory ?? null,
    spool: s.spool ?? null,
    state: s.state,
    error: error ?? null,
    pool: poolJson(s.pool),
  };
}

function report(iface: string, s: RunStats): string {
  const rate = s.seconds > 0 ? s.packets / s.seconds : 0;
  const k = s.kernel;
  // As tcpdump says it: what libpcap's filter passed, and what the kernel and interface dropped.
  const kernel =
    k === undefined
      ? ''
      : `\n${count(k.received)} packets received by filter, ${count(k.dropped)} dropped by kernel, ${count(k.ifDropped)} dropped by interface`;
  const head = `${iface}: ${count(s.packets)} packets (${count(s.seen ?? 0)} seen, ${count(s.dropped ?? 0)} dropped by the engine), ${bytes(s.bytes)} in ${s.seconds.toFixed(3)} s (${count(rate)} packets/s), ${count(s.batches)} batches${kernel}`;
  const m = s.memory;
  const memory =
    m === undefined
      ? ''
      : `\nin memory at the end: ${count(m.keptPackets)} packets in ${bytes(m.keptBytes)} of the ${bytes(m.budget)} budget, ${count(m.evictedPackets)} evicted (oldest first)${s.spool ? ', all of them in the spool file' : ''}`;
  return `${head}\n\n${poolReport(s.pool)}${memory}${poolNote(s)}`;
}

/**
 * Why a capture's hit rate is low, when it is: the memory store keeps every batch (for
 * scrolling back and saving) until its budget is full, so until then each new batch needs a
 * buffer the pool does not have — a miss by design, not a pool that fails to recycle.
 */
function poolNote(s: RunStats): string {
  const m = s.memory;
  if (m === undefined || s.pool.hitRate >= 0.9) return '';
  return m.evictedPackets === 0
    ? `\n(the pool's misses: the memory store still holds every batch, ${bytes(m.keptBytes)} of its ${bytes(m.budget)} budget; buffers come back to the pool, and hit, once it is full and evicts the oldest: --memory sets it)`
    : `\n(the pool's misses came while the memory store filled to its ${bytes(m.budget)} budget; since it evicts the oldest, their buffers are reused)`;
}

/** `--list-time-stamp-types`, as tcpdump prints them: what each interface offers for -j. */
function listTimestampTypes(ifaces: readonly string[]): number {
  for (const iface of ifaces) {
    const types = timestampTypes(iface);
    if (types.length === 0) process.stdout.write(`Time stamp type cannot be set for ${iface}\n`);
    else {
      process.stdout.write(`Time stamp types for ${iface} (use option -j to set):\n`);
      for (const t of types) process.stdout.write(`  ${t.name} (${t.description})\n`);
    }
  }
  return 0;
}

/**
 * `wirepool capture -i IFACE`: live capture through the engine worker; batches are read and
 * given back as the UI would. Stops at -c packets, -a duration:SECONDS or Ctrl-C, then prints
 * the pool stats. -w writes the capture: pcapng is spooled to it as it arrives; pcap is spooled
 * to a temporary pcapng and saved at the end. Without -w the capture lives in memory only
 * (--memory MiB, default 64), the oldest packets evicted past it.
 */
export async function capture(args: CaptureArgs): Promise<number> {
  const ifaces = args.interface ?? [];
  if (ifaces.length === 0) throw new UsageError('capture needs an interface: -i IFACE (see `wirepool interfaces`)');
  if (args['list-time-stamp-types']) return listTimestampTypes(ifaces);
  checkInterfaces(ifaces);
  const iface = ifaces.join(', ');
  const packets = wholeOption('-c', args.count, COUNT);
  const seconds = duration(args.autostop);
  const snaplen = wholeOption('-s', args.snaplen, SNAPLEN);
  const bufferSize = wholeOption('-B', args.buffer, KERNEL_BUFFER);
  const memoryMiB = wholeOption('--memory', args.memory, MEMORY_MIB);
  // -w is relative to the working directory (the engine takes absolute paths); an existing file
  // is replaced, as tcpdump does, when the capture ends (through a temporary file until then).
  const out = args.write === undefined ? undefined : path.resolve(args.write);
  const pcap = out !== undefined && /\.pcap$/i.test(out);
  const progress = new Progress();
  let seen = 0;
  /** The latest stats: after the run ends, the worker says once more how things stand when every batch is back. */
  let latest: RunStats | undefined;
  let resolveDone!: (r: { stats: RunStats; error?: ErrorInfo }) => void;
  const finished = new Promise<{ stats: RunStats; error?: ErrorInfo }>((resolve) => (resolveDone = resolve));
  const engine: EngineThread = await EngineThread.start(
    {
      batch: (b: EngineBatch) => {
        seen += b.count;
        engine.giveBack(b.buffer, b.runId);
      },
      event: (e) => {
        switch (e.type) {
          case 'stats': {
            const s = e.stats;
            latest = s;
            if (args.json) return;
            const detail = `${count(s.packets)} packets  ${count(s.dropped ?? 0)} dropped  hit rate ${percent(s.pool.hitRate)}`;
            if (packets !== undefined) progress.update(s.packets, packets, detail);
            else if (seconds !== undefined) progress.update(s.seconds, seconds, detail);
            return;
          }
          case 'run':
            // On stderr, so scripts can wait for it before sending traffic.
            process.stderr.write(`capturing on ${iface}${args.filter ? ` (${args.filter})` : ''}\n`);
            return;
          case 'done':
            resolveDone(e.error ? { stats: e.stats, error: e.error } : { stats: e.stats });
            return;
          case 'error':
            resolveDone({ stats: latest ?? emptyStats(), error: e.error });
            return;
          case 'view':
            return;
        }
      },
    },
    memoryMiB === undefined ? {} : { memoryBudget: memoryMiB * MIB },
  );
  await engine.capture({
    ifaces,
    filter: args.filter,
    snaplen,
    bufferSize,
    ...(args['no-promiscuous-mode'] ? { promiscuous: false } : {}),
    ...(args['immediate-mode'] ? { immediate: true } : {}),
    ...(args.helper ? { via: 'helper' as const } : {}),
    ...(args['time-stamp-type'] !== undefined ? { tstampType: args['time-stamp-type'] } : {}),
    count: packets,
    seconds,
    file: out !== undefined && !pcap ? out : undefined,
    overwrite: true,
    spool: out !== undefined,
  });
  const onSignal = (): void => void engine.stop().catch(() => {});
  process.on('SIGINT', onSignal);
  try {
    const { stats, error } = await finished;
    progress.clear();
    if (error) {
      if (args.json) process.stdout.write(`${JSON.stringify(captureJson(ifaces, stats, error))}\n`);
      process.stderr.write(`wirepool: ${error.message}${error.hint ? `\n  fix: ${error.hint}` : ''}\n`);
      return 1;
    }
    if (seen !== stats.packets) throw new Error(`internal: ${stats.packets} packets captured but ${seen} arrived in batches`);
    if (out !== undefined && pcap) await engine.save(out, 'pcap', true);
    // The run lets go of the packets it kept in memory: the final pool stats show every buffer back.
    await engine.endRun();
    const pool = (await engine.poolStats()) ?? stats.pool;
    const memory = latest?.runId === stats.runId ? latest.memory : stats.memory;
    const final = { ...stats, pool, ...(memory ? { memory } : {}) };
    if (args.json) process.stdout.write(`${JSON.stringify(captureJson(ifaces, final, undefined))}\n`);
    else process.stdout.write(`${report(iface, final)}${out !== undefined ? `\nwritten to ${out}` : ''}\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    await engine.close();
  }
}
