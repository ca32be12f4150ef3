import { combineStats, type PoolStats, type TierStats } from '../../../native-bridge/pool/index.js';
import type { RunStats } from '../../../native-bridge/protocol/index.js';
import { tierName } from './units.js';

/**
 * Which pool numbers the pool view shows: the run's own pools (counters from zero at the run's
 * start; the default), or `total`, every pool of every run since the engine started.
 */
export type PoolScope = 'run' | 'total';

/** The pools a stats sample names: a run's three, or the since-start sum. */
export type PoolName = 'pool' | 'chunks' | 'view' | 'total';

/** What each pool holds, as the view labels it. */
export const POOL_LABEL: Record<PoolName, string> = {
  pool: 'packets',
  chunks: 'file chunks',
  view: 'to the UI',
  total: 'all pools',
};

/** One tier of one pool in one sample: `key` names it across samples (`pool:4096`, `chunks:262144`). */
export interface TierRow {
  key: string;
  pool: PoolName;
  size: number;
  /** `packets 4 KiB`, `file chunks 256 KiB`, `all pools 64 KiB`. */
  label: string;
  stats: TierStats;
}

export interface ScopedPools {
  /** The pools in the scope, in the order the view lists them (absent ones left out). */
  pools: { name: PoolName; stats: PoolStats }[];
  tiers: TierRow[];
  /**
   * The headline: hits over every acquisition of the run's data path (packet tiers and file
   * chunks; `total`: every pool), oversize requests counted as misses.
   */
  hitRate: number;
  /** Every pool in the scope as one (oversize and free bytes summed). */
  combined: PoolStats;
}

/**
 * The pools of one sample in a scope, or undefined for `total` when the engine reported no
 * since-start numbers (nothing is made up in their place).
 */
export function scopedPools(s: RunStats, scope: PoolScope): ScopedPools | undefined {
  const pools: ScopedPools['pools'] = [];
  if (scope === 'total') {
    if (s.total === undefined) return undefined;
    pools.push({ name: 'total', stats: s.total });
  } else {
    pools.push({ name: 'pool', stats: s.pool });
    if (s.chunks !== undefined) pools.push({ name: 'chunks', stats: s.chunks });
    if (s.view !== undefined) pools.push({ name: 'view', stats: s.view });
  }
  const tiers = pools.flatMap(({ name, stats }) =>
    stats.tiers.map((t) => ({
      key: `${name}:${t.size}`,
      pool: name,
      size: t.size,
      label: `${POOL_LABEL[name]} ${tierName(t.size)}`,
      stats: t,
    })),
  );
  const combined = pools.map((p) => p.stats).reduce((a, b) => combineStats(a, b));
  // The headline is the run's own data path (packet tiers and file chunks: what `wirepool
  // replay` reports for the same file); the UI's pool (rows, packet bytes) is listed apart.
  const path = pools.filter((p) => p.name !== 'view').map((p) => p.stats);
  const hitRate = path.length === 0 ? combined.hitRate : path.reduce((a, b) => combineStats(a, b)).hitRate;
  return { pools, tiers, hitRate, combined };
}
