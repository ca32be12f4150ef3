import { describe, expect, it } from 'vitest';
import { BufferPool, combineStats, sumStats, type PoolStats, type TierStats } from '../../native-bridge/pool/index.js';

/** Stats of a pool that served `sizes` in turn, each released before the next (so hits follow the first miss). */
function served(pool: BufferPool, sizes: number[], keep = 0): PoolStats {
  const held = [];
  for (const [i, n] of sizes.entries()) {
    const lease = pool.acquire(n);
    if (i < keep) held.push(lease);
    else lease.release();
  }
  const { rejectedGiveBacks: _, ...stats } = pool.stats(); // PoolStats alone, as a message carries it
  return stats;
}

const EMPTY: PoolStats = { tiers: [], oversize: { count: 0, bytes: 0, outstanding: 0 }, hitRate: 0, freeBytes: 0 };

describe('sumStats', () => {
  it('adds every counter of two pools with the same tiers, tier by tier', () => {
    const a = served(new BufferPool(), [100, 200, 300, 20_000, 70_000], 1);
    const b = served(new BufferPool(), [5000, 5000, 5000, 100, 60_000, 60_000]);
    const s = sumStats(a, b);
    expect(s.tiers.map((t) => t.size)).toEqual([4096, 16384, 65536]);
    s.tiers.forEach((t, i) => {
      const x = a.tiers[i]!;
      const y = b.tiers[i]!;
      for (const k of Object.keys(t) as Array<keyof TierStats>) {
        if (k === 'size' || k === 'hitRate') continue;
        expect(t[k], `${t.size} ${k}`).toBe(x[k] + y[k]);
      }
    });
    expect(s.tiers[0]).toMatchObject({ hits: 1 + 0, misses: 2 + 1, outstanding: 1, capacity: 512 });
    expect(s.oversize).toEqual({ count: 1, bytes: 70_000, outstanding: 0 });
    expect(s.freeBytes).toBe(a.freeBytes + b.freeBytes);
  });

  it('recomputes hit rates from the summed counters, as snapshot does (not an average of rates)', () => {
    // Pool a: tier 4 KiB 1 hit, 1 miss (50 %). Pool b: 9 hits, 1 miss (90 %), plus one oversize.
    const a = served(new BufferPool(), [10, 10]);
    const b = served(new BufferPool(), [...Array<number>(10).fill(10), 100_000]);
    expect(a.tiers[0]!.hitRate).toBe(0.5);
    expect(b.tiers[0]!.hitRate).toBe(0.9);
    const s = sumStats(a, b);
    expect(s.tiers[0]!.hitRate).toBe(10 / 12);
    expect(s.tiers[1]!.hitRate).toBe(0); // no acquisitions: 0, as snapshot says
    // Overall: hits over acquisitions, the oversize one a miss.
    expect(s.hitRate).toBe(10 / 13);
    // The same numbers a single pool gives for those counters.
    const one = new BufferPool();
    one.acquire(10).release();
    one.acquire(70_000).release();
    for (let i = 0; i < 10; i++) one.acquire(10).release();
    const o = one.stats();
    expect([o.tiers[0]!.hits, o.tiers[0]!.misses, o.oversize.count]).toEqual([10, 1, 1]);
    expect(sumStats(o, EMPTY).hitRate).toBe(o.hitRate);
  });

  it('merges tiers of one size, keeps the others, sorted by size', () => {
    const a = served(new BufferPool({ tiers: [1000, 65_536] }), [900, 900, 60_000]);
    const b = served(new BufferPool({ tiers: [4096, 65_536, 262_144] }), [3000, 50_000, 50_000, 200_000]);
    const s = sumStats(a, b);
    expect(s.tiers.map((t) => t.size)).toEqual([1000, 4096, 65_536, 262_144]);
    const t64 = s.tiers[2]!;
    expect([t64.hits, t64.misses, t64.returns, t64.hitRate]).toEqual([1, 2, 3, 1 / 3]);
    expect(s.tiers[0]).toEqual(a.tiers[0]);
    expect(s.tiers[1]).toEqual(b.tiers[0]);
    expect(s.tiers[3]).toEqual(b.tiers[2]);
    // A packet pool and its chunk pool side by side (combineStats) fold into one row per size.
    const chunks = served(new BufferPool({ tiers: [65_536] }), [65_536, 65_536]);
    const combined = combineStats(a, chunks);
    expect(combined.tiers.map((t) => t.size)).toEqual([1000, 65_536, 65_536]);
    expect(sumStats(combined, EMPTY).tiers.map((t) => [t.size, t.hits, t.misses])).toEqual([
      [1000, 1, 1],
      [65_536, 1, 2],
    ]);
  });

  it('is the identity with nothing, commutative and associative, and leaves its inputs alone', () => {
    const a = served(new BufferPool(), [100, 100, 9000, 9000, 40_000, 80_000]);
    const b = served(new BufferPool({ tiers: [4096, 262_144] }), [4000, 200_000, 200_000, 300_000], 1);
    const c = served(new BufferPool({ tiers: [16_384] }), [1, 2, 3]);
    const before = structuredClone([a, b, c]);
    expect(sumStats(a, EMPTY)).toEqual(a);
    expect(sumStats(EMPTY, a)).toEqual(a);
    expect(sumStats(a, b)).toEqual(sumStats(b, a));
    expect(sumStats(sumStats(a, b), c)).toEqual(sumStats(a, sumStats(b, c)));
    expect([a, b, c]).toEqual(before);
    const s = sumStats(a, b);
    s.tiers[0]!.hits += 1000; // the result is its own
    expect([a, b]).toEqual(before.slice(0, 2));
  });

  it('keeps a since-start total across runs on fresh pools', () => {
    let total = EMPTY;
    for (let run = 0; run < 3; run++) total = sumStats(total, served(new BufferPool(), [100, 100, 100, 30_000]));
    const t4 = total.tiers[0]!;
    expect([t4.hits, t4.misses, t4.returns]).toEqual([6, 3, 9]);
    expect(total.tiers[2]!.misses).toBe(3);
    expect(total.hitRate).toBe(6 / 12);
  });
});
