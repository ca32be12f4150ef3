import type { Tier } from './tier.js';

export interface TierStats {
  size: number;
  capacity: number;
  hits: number;
  misses: number;
  returns: number;
  drops: number;
  rejected: number;
  leaked: number;
  outstanding: number;
  /** Of outstanding: transferred to another thread and not yet given back. */
  away: number;
  adopted: number;
  free: number;
  bytesRequested: number;
  bytesReserved: number;
  /** hits / (hits + misses); 0 before the first acquisition. */
  hitRate: number;
}

export interface OversizeStats {
  /** Requests above the largest tier served with an exact-size unpooled buffer. */
  count: number;
  bytes: number;
  outstanding: number;
}

export interface PoolStats {
  tiers: TierStats[];
  oversize: OversizeStats;
  /** All hits over all acquisitions, oversize ones counted as misses (they allocate). */
  hitRate: number;
  /** Bytes held in free lists now. */
  freeBytes: number;
}

const rate = (hits: number, all: number): number => (all === 0 ? 0 : hits / all);

/** The overall hit rate: all hits over all acquisitions, oversize ones counted as misses (they allocate). */
function overall(tiers: readonly TierStats[], oversize: OversizeStats): number {
  let hits = 0;
  let all = oversize.count;
  for (const t of tiers) {
    hits += t.hits;
    all += t.hits + t.misses;
  }
  return rate(hits, all);
}

export function snapshot(tiers: readonly Tier[], oversize: OversizeStats): PoolStats {
  let freeBytes = 0;
  const out: TierStats[] = tiers.map((t) => {
    freeBytes += t.free.length * t.size;
    return {
      size: t.size,
      capacity: t.capacity,
      hits: t.hits,
      misses: t.misses,
      returns: t.returns,
      drops: t.drops,
      rejected: t.rejected,
      leaked: t.leaked,
      outstanding: t.outstanding,
      away: t.away,
      adopted: t.adopted,
      free: t.free.length,
      bytesRequested: t.bytesRequested,
      bytesReserved: t.bytesReserved,
      hitRate: rate(t.hits, t.hits + t.misses),
    };
  });
  const copy = { ...oversize };
  return { tiers: out, oversize: copy, hitRate: overall(out, copy), freeBytes };
}

const sumOversize = (a: OversizeStats, b: OversizeStats): OversizeStats => ({
  count: a.count + b.count,
  bytes: a.bytes + b.bytes,
  outstanding: a.outstanding + b.outstanding,
});

/**
 * Two pools' stats as one (tiers side by side, oversize and free bytes summed), the hit rate
 * recomputed over both the way `snapshot` computes it: a replay's packet pool and its file-chunk
 * pool, shown as one pool.
 */
export function combineStats(a: PoolStats, b: PoolStats): PoolStats {
  const tiers = [...a.tiers, ...b.tiers];
  const oversize = sumOversize(a.oversize, b.oversize);
  return { tiers, oversize, hitRate: overall(tiers, oversize), freeBytes: a.freeBytes + b.freeBytes };
}

/**
 * The tier fields `sumStats` adds. A Record, so a field added to TierStats does not compile
 * until it is listed here (or left out on purpose with `size` and `hitRate`).
 */
const SUMMED: Record<Exclude<keyof TierStats, 'size' | 'hitRate'>, true> = {
  capacity: true,
  hits: true,
  misses: true,
  returns: true,
  drops: true,
  rejected: true,
  leaked: true,
  outstanding: true,
  away: true,
  adopted: true,
  free: true,
  bytesRequested: true,
  bytesReserved: true,
};
const SUMMED_KEYS = Object.keys(SUMMED) as Array<keyof typeof SUMMED>;

/**
 * Two pools' stats added up: every counter summed, tiers of the same size merged into one
 * (tiers of other sizes kept, sorted by size), the hit rates recomputed the way `snapshot`
 * computes them (per tier, and overall with oversize counted as misses). The gauges
 * (`outstanding`, `away`, `free`, `freeBytes`) and `capacity` are summed too, so the sum of live
 * pools is a live pool's numbers. A since-start total across runs (each run on fresh pools) is
 * `sumStats(totalOfFinishedRuns, thisRun)`.
 */
export function sumStats(a: PoolStats, b: PoolStats): PoolStats {
  const bySize = new Map<number, TierStats>();
  for (const t of [...a.tiers, ...b.tiers]) {
    const sum = bySize.get(t.size);
    if (sum === undefined) {
      bySize.set(t.size, { ...t });
      continue;
    }
    for (const k of SUMMED_KEYS) sum[k] += t[k];
  }
  const tiers = [...bySize.values()].sort((x, y) => x.size - y.size);
  for (const t of tiers) t.hitRate = rate(t.hits, t.hits + t.misses);
  const oversize = sumOversize(a.oversize, b.oversize);
  return { tiers, oversize, hitRate: overall(tiers, oversize), freeBytes: a.freeBytes + b.freeBytes };
}
