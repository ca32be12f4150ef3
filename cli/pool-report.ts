import { combineStats, type PoolStats, type TierStats } from '../native-bridge/pool/index.js';
import { bytes, count, percent, table } from './format.js';

/** A pool in the JSON shape scripts rely on (capture --json and replay --json alike). */
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

/**
 * The pools for people: a row per tier, then the oversize buffers and the overall hit rate. A
 * replay gives its file-chunk pool too: its tier is a row of its own, and the overall hit rate
 * covers every tier the run used (as `combineStats` counts it), each pool's own beside it.
 */
export function poolReport(p: PoolStats, chunks?: PoolStats): string {
  const rows = [['tier', 'hits', 'misses', 'returns', 'drops', 'outstanding', 'free', 'hit rate']];
  const row = (name: string, t: TierStats) =>
    rows.push([
      name,
      count(t.hits),
      count(t.misses),
      count(t.returns),
      count(t.drops),
      count(t.outstanding),
      count(t.free),
      percent(t.hitRate),
    ]);
  for (const t of p.tiers) row(bytes(t.size), t);
  for (const t of chunks?.tiers ?? []) row(`${bytes(t.size)} chunks`, t);
  const all = chunks === undefined ? p : combineStats(p, chunks);
  const o = all.oversize;
  const rate =
    chunks === undefined
      ? `pool hit rate: ${percent(p.hitRate)}`
      : `pool hit rate: ${percent(all.hitRate)} over every tier (packet tiers ${percent(p.hitRate)}, file chunks ${percent(chunks.hitRate)})`;
  return `${table(rows)}\noversize (unpooled): ${count(o.count)} buffers, ${bytes(o.bytes)}\n${rate}`;
}
