import type { PoolStats } from '../native-bridge/pool/index.js';
import { bytes, count, percent, table } from './format.js';

/** The packet pool in the JSON shape scripts rely on (capture --json and replay --json alike). */
export function poolJson(p: PoolStats) {
  return {
    hitRate: p.hitRate,
    tiers: p.tiers.map((t) => ({
      size: t.size,
      hits: t.hits,
      misses: t.misses,
      returns: t.returns,
      drops: t.drops,
      outstanding: t.outstanding,
      free: t.free,
      rejected: t.rejected,
      hitRate: t.hitRate,
      bytesRequested: t.bytesRequested,
      bytesReserved: t.bytesReserved,
    })),
    oversize: p.oversize,
  };
}

/** The packet pool for people: a row per tier, then the oversize buffers and the overall hit rate. */
export function poolReport(p: PoolStats): string {
  const rows = [['tier', 'hits', 'misses', 'returns', 'drops', 'outstanding', 'free', 'hit rate']];
  for (const t of p.tiers) {
    rows.push([
      bytes(t.size),
      count(t.hits),
      count(t.misses),
      count(t.returns),
      count(t.drops),
      count(t.outstanding),
      count(t.free),
      percent(t.hitRate),
    ]);
  }
  const o = p.oversize;
  return `${table(rows)}\noversize (unpooled): ${count(o.count)} buffers, ${bytes(o.bytes)}\npool hit rate: ${percent(p.hitRate)}`;
}
