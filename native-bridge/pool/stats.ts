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

export function snapshot(tiers: readonly Tier[], oversize: OversizeStats): PoolStats {
  let hits = 0;
  let all = oversize.count;
  let freeBytes = 0;
  const out: TierStats[] = tiers.map((t) => {
    hits += t.hits;
    all += t.hits + t.misses;
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
  return { tiers: out, oversize: { ...oversize }, hitRate: rate(hits, all), freeBytes };
}

/**
 * Two pools' stats as one (tiers side by side, oversize and free bytes summed), the hit rate
 * recomputed over both the way `snapshot` computes it: a replay's packet pool and its file-chunk
 * pool, shown as one pool.
 */
export function combineStats(a: PoolStats, b: PoolStats): PoolStats {
  const tiers = [...a.tiers, ...b.tiers];
  const oversize: OversizeStats = {
    count: a.oversize.count + b.oversize.count,
    bytes: a.oversize.bytes + b.oversize.bytes,
    outstanding: a.oversize.outstanding + b.oversize.outstanding,
  };
  const hits = tiers.reduce((n, t) => n + t.hits, 0);
  const all = tiers.reduce((n, t) => n + t.hits + t.misses, 0) + oversize.count;
  return { tiers, oversize, hitRate: rate(hits, all), freeBytes: a.freeBytes + b.freeBytes };
}
