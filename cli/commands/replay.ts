import { BatchView, type SealedBatch } from '../../native-bridge/batch/index.js';
import { ReplayEngine, type ReplayStats, type ReplaySummary } from '../../native-bridge/engine/index.js';
import { BufferPool, type PoolOptions } from '../../native-bridge/pool/index.js';
import { bytes, count, percent } from '../format.js';
import { poolJson, poolReport } from '../pool-report.js';
import { Progress } from '../progress.js';
import { UsageError, speedOption } from '../usage.js';

export interface ReplayArgs {
  speed?: string;
  json?: boolean;
  tiers?: string;
  capacity?: string;
  /** `-Y FILTER`: only frames this display filter passes go through the batch path. */
  filter?: string;
}

function numberList(name: string, value: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw new UsageError(`--${name} takes whole numbers separated by commas, got "${value}"`);
  return list;
}

function poolOptions(args: ReplayArgs): PoolOptions {
  const opts: PoolOptions = {};
  if (args.tiers !== undefined) opts.tiers = numberList('tiers', args.tiers);
  if (args.capacity !== undefined) {
    const c = numberList('capacity', args.capacity);
    opts.capacity = c.length === 1 ? c[0]! : c;
  }
  return opts;
}

/**
 * The JSON shape scripts rely on: packets, bytes, seconds, pool.tiers[], pool.hitRate. The
 * headline `pool.hitRate` covers every tier the run used, the packet tiers and the file chunks
 * (at max speed the chunks of large packets are the batches themselves); each pool's own stays
 * beside it: `pool.packetHitRate` with the packet tiers, `chunks` with the chunk tier.
 */
export function replayJson(s: ReplaySummary) {
  return {
    file: s.file,
    packets: s.packets,
    bytes: s.bytes,
    wireBytes: s.wireBytes,
    seconds: s.seconds,
    packetsPerSecond: s.seconds > 0 ? s.packets / s.seconds : 0,
    batches: s.batches,
    filteredOut: s.filteredOut,
    state: s.state,
    error: s.error ? { code: s.error.code, message: s.error.message, offset: 'offset' in s.error ? s.error.offset : null } : null,
    pool: { ...poolJson(s.pool), hitRate: s.hitRate, packetHitRate: s.pool.hitRate },
    // File reads come from a pool of their own (one large tier), kept apart from the packet tiers.
    chunks: { size: s.chunks.tiers[0]!.size, reads: s.chunks.tiers[0]!.hits + s.chunks.tiers[0]!.misses, ...poolJson(s.chunks) },
  };
}

function report(s: ReplaySummary): string {
  const rate = s.seconds > 0 ? s.packets / s.seconds : 0;
  const filtered = s.filteredOut > 0 ? ` (${count(s.filteredOut)} more filtered out)` : '';
  const head = `${s.file}: ${count(s.packets)} packets${filtered}, ${bytes(s.bytes)} in ${s.seconds.toFixed(3)} s (${count(rate)} packets/s, ${bytes(s.seconds > 0 ? s.bytes / s.seconds : 0)}/s), ${count(s.batches)} batches`;
  const c = s.chunks.tiers[0]!;
  const reads = `file reads: ${count(c.hits + c.misses)} chunks of ${bytes(c.size)}`;
  return `${head}\n\n${poolReport(s.pool, s.chunks)}\n${reads}`;
}

/**
 * How `wirepool replay` consumes a batch: reads it through its index (returns its packet count)
 * and releases it at once, inside onBatch, so its buffer is back in the pool before the engine
 * asks for the next one. An app consumes differently: its batches cross to another thread and
 * come back later (`transfer()`, then `engine.giveBack`), so buffers are away while the next ones
 * are acquired, and its pools see more misses than this. The CLI's counters are what the
 * pools do with every buffer back at once: the same on every run of a file at max speed.
 */
export function readAndRelease(batch: SealedBatch): number {
  const count = new BatchView(batch.lease.buffer).count;
  batch.lease.release();
  return count;
}

function progressLine(p: Progress, s: ReplayStats): void {
  const rate = s.seconds > 0 ? s.packets / s.seconds : 0;
  p.update(s.fileBytesRead, s.fileSize, `${count(s.packets)} packets  ${count(rate)}/s  hit rate ${percent(s.hitRate)}`);
}

/** `wirepool replay FILE`: the file through the pool and the batch path; stats at the end. */
export async function replay(file: string, args: ReplayArgs): Promise<number> {
  const pool = new BufferPool(poolOptions(args));
  const progress = new Progress();
  let seen = 0;
  const engine = new ReplayEngine(file, {
    pool,
    speed: speedOption(args.speed, 'max'),
    filter: args.filter,
    // The consumer side of the batch path: read each batch through its index, give it back.
    onBatch: (batch) => {
      seen += readAndRelease(batch);
    },
    onStats: args.json ? undefined : (s) => progressLine(progress, s),
  });
  const summary = await engine.run();
  progress.clear();
  if (seen !== summary.packets) throw new Error(`internal: ${summary.packets} packets replayed but ${seen} arrived in batches`);
  if (args.json) process.stdout.write(`${JSON.stringify(replayJson(summary))}\n`);
  else process.stdout.write(`${report(summary)}\n`);
  if (summary.error) {
    process.stderr.write(`wirepool: ${summary.error.message}\n`);
    return 1;
  }
  return 0;
}
