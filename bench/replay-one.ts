/**
 * One measured replay in a fresh process (so GC counts belong to this run alone):
 *   node --expose-gc dist/bench/replay-one.js pool|packed|alloc FILE
 * prints one JSON line. `pool` is Wirepool's replay path (large packets travel in their file
 * chunk, zero-copy; small ones are packed); `packed` copies every packet into packed batches
 * (the path before zero-copy chunks); `alloc` is the packed path with allocation per packet:
 * a pool that keeps nothing (every acquisition allocates) and one buffer per frame (no
 * packing), the way per-packet parsers hand out a Buffer per packet.
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
if ((variant !== 'pool' && variant !== 'packed' && variant !== 'alloc') || file === undefined) {
  process.stderr.write('usage: replay-one.js pool|packed|alloc FILE\n');
  process.exit(2);
}
const pool = variant === 'alloc' ? new BufferPool({ capacity: 0 }) : new BufferPool();
const chunkSize = Number(process.env.WIREPOOL_CHUNK ?? DEFAULT_CHUNK_SIZE);
const chunkPool = new BufferPool({ tiers: [chunkSize], capacity: variant === 'alloc' ? 0 : 4 });
let seen = 0;
let warm: PoolStats[] | undefined;
const engine = new ReplayEngine(file, {
  pool,
  chunkPool,
  batch: variant === 'alloc' ? { packMax: 0 } : undefined,
  // Packed and per-packet allocation copy every packet: no chunk travels whole as a batch.
  zeroCopyMin: variant === 'pool' ? undefined : Infinity,
  onBatch: (batch) => {
    seen += new BatchView(batch.lease.buffer).count;
    batch.lease.release();
    if (warm === undefined && seen >= WARMUP_PACKETS) warm = [pool.stats(), chunkPool.stats()];
  },
});
(globalThis as { gc?: () => void }).gc?.();
const { result, gcCount, gcMs, seconds } = await withGcStats(() => engine.run());
if (result.error) throw result.error;
const end = result.pool;
// Hit rate over both pools: packet tiers and file chunks (which are the batches of large packets).
let hits = 0;
let acquisitions = 0;
[end, result.chunks].forEach((s, p) => {
  s.tiers.forEach((t, i) => {
    const w = warm?.[p]?.tiers[i];
    hits += t.hits - (w?.hits ?? 0);
    acquisitions += t.hits + t.misses - (w ? w.hits + w.misses : 0);
  });
  acquisitions += s.oversize.count - (warm?.[p]?.oversize.count ?? 0);
});
process.stdout.write(
  `${JSON.stringify({
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
    chunkHitRate: result.chunks.hitRate,
    hitRateAfterWarmup: acquisitions === 0 ? 0 : hits / acquisitions,
    batches: result.batches,
  })}\n`,
);
