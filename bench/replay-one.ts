/**
 * One measured replay in a fresh process (so GC counts belong to this run alone):
 *   node --expose-gc dist/bench/replay-one.js pool|alloc FILE
 * prints one JSON line. `pool` is Wirepool's replay path; `alloc` is the same path with
 * allocation per packet: a pool that keeps nothing (every acquisition allocates) and one
 * buffer per frame (no packing), the way per-packet parsers hand out a Buffer per packet.
 */
import { BatchView } from '../native-bridge/batch/index.js';
import { DEFAULT_CHUNK_SIZE, ReplayEngine } from '../native-bridge/engine/index.js';
import { BufferPool, type PoolStats } from '../native-bridge/pool/index.js';
import { withGcStats } from './measure.js';

const WARMUP_PACKETS = 10_000;

function allocatedBytes(s: PoolStats): number {
  return s.tiers.reduce((a, t) => a + t.misses * t.size, 0) + s.oversize.bytes;
}

const [variant, file] = process.argv.slice(2);
if ((variant !== 'pool' && variant !== 'alloc') || file === undefined) {
  process.stderr.write('usage: replay-one.js pool|alloc FILE\n');
  process.exit(2);
}
const pool = variant === 'pool' ? new BufferPool() : new BufferPool({ capacity: 0 });
const chunkSize = Number(process.env.WIREPOOL_CHUNK ?? DEFAULT_CHUNK_SIZE);
const chunkPool = new BufferPool({ tiers: [chunkSize], capacity: variant === 'pool' ? 4 : 0 });
let seen = 0;
let warm: PoolStats | undefined;
const engine = new ReplayEngine(file, {
  pool,
  chunkPool,
  batch: variant === 'alloc' ? { packMax: 0 } : undefined,
  // Per-packet allocation means a buffer per packet: no chunk travels whole as a batch.
  zeroCopyMin: variant === 'alloc' ? Infinity : process.env.WIREPOOL_ZERO_COPY_MIN === undefined ? undefined : Number(process.env.WIREPOOL_ZERO_COPY_MIN),
  onBatch: (batch) => {
    seen += new BatchView(batch.lease.buffer).count;
    batch.lease.release();
    if (warm === undefined && seen >= WARMUP_PACKETS) warm = pool.stats();
  },
});
(globalThis as { gc?: () => void }).gc?.();
const { result, gcCount, gcMs, seconds } = await withGcStats(() => engine.run());
if (result.error) throw result.error;
const end = result.pool;
let hits = 0;
let acquisitions = 0;
end.tiers.forEach((t, i) => {
  const w = warm?.tiers[i];
  hits += t.hits - (w?.hits ?? 0);
  acquisitions += t.hits + t.misses - (w ? w.hits + w.misses : 0);
});
acquisitions += end.oversize.count - (warm?.oversize.count ?? 0);
process.stdout.write(
  JSON.stringify({
    variant,
    file,
    packets: result.packets,
    bytes: result.bytes,
    seconds,
    packetsPerSecond: result.packets / seconds,
    arrayBufferBytesAllocated: allocatedBytes(end) + allocatedBytes(result.chunks),
    gcCount,
    gcMs,
    hitRate: end.hitRate,
    hitRateAfterWarmup: acquisitions === 0 ? 0 : hits / acquisitions,
    batches: result.batches,
  }) + '\n',
);
