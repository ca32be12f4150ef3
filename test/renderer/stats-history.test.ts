import { describe, expect, it } from 'vitest';
import type { PoolStats, TierStats } from '../../native-bridge/pool/index.js';
import type { RunStats } from '../../native-bridge/protocol/index.js';
import { type SeriesPoint, type StatsSeries, StatsHistory } from '../../renderer/src/store/stats-history.js';
import { SAMPLE } from './helpers.js';

// The charts' history: what the pool view plots, without React.

function tier(size: number, c: Partial<TierStats> = {}): TierStats {
  const t: TierStats = {
    size,
    capacity: 64,
    hits: 0,
    misses: 0,
    returns: 0,
    drops: 0,
    rejected: 0,
    leaked: 0,
    outstanding: 0,
    away: 0,
    adopted: 0,
    free: 0,
    bytesRequested: 0,
    bytesReserved: 0,
    hitRate: 0,
    ...c,
  };
  t.hitRate = t.hits + t.misses === 0 ? 0 : t.hits / (t.hits + t.misses);
  return t;
}

function pool(...tiers: TierStats[]): PoolStats {
  const hits = tiers.reduce((a, t) => a + t.hits, 0);
  const all = tiers.reduce((a, t) => a + t.hits + t.misses, 0);
  return { tiers, oversize: { count: 0, bytes: 0, outstanding: 0 }, hitRate: all === 0 ? 0 : hits / all, freeBytes: 0 };
}

/** A sample of run `runId` at `seconds`, its 4 KiB tier at `hits` hits and `misses` misses. */
function sample(seconds: number, hits: number, over: Partial<RunStats> = {}, c: Partial<TierStats> = {}): RunStats {
  return {
    runId: 1,
    kind: 'replay',
    state: 'running',
    packets: hits,
    bytes: hits * 100,
    batches: 1,
    seconds,
    filteredOut: 0,
    pool: pool(tier(4096, { hits, misses: 1, bytesRequested: hits * 100, bytesReserved: (hits + 1) * 4096, ...c })),
    at: 1_000_000 + seconds * 1000,
    ...over,
  };
}

const xs = (points: SeriesPoint[]): number[] => points.map((p) => p.t);
const allSeries = (s: StatsSeries): SeriesPoint[][] => [s.rates, s.cumulative, s.buffers, s.bytes];
function expectStrictlyGrowing(s: StatsSeries): void {
  for (const points of allSeries(s)) for (let i = 1; i < points.length; i++) expect(points[i]!.t).toBeGreaterThan(points[i - 1]!.t);
}

describe('stats history: one point per instant', () => {
  it('merges a sample at the same seconds into the last one, the later numbers winning', () => {
    const h = new StatsHistory();
    h.push(sample(0.2, 10));
    // The run ends with 2 buffers still away; one more stats at the same instant once they are back.
    h.push(sample(0.35, 30, { state: 'done' }, { outstanding: 2 }));
    h.push(sample(0.35, 30, { state: 'done' }, { outstanding: 0, free: 2 }));
    const s = h.series();
    expect(h.size).toBe(2);
    expect(xs(s.cumulative)).toEqual([0, 0.2, 0.35]);
    expect(xs(s.buffers)).toEqual([0, 0.2, 0.35]);
    expectStrictlyGrowing(s);
    // Outstanding as the engine reported it last: 0 once everything came back…
    expect(s.buffers.at(-1)).toMatchObject({ outstanding0: 0, free0: 2 });
  });

  it('keeps what the engine reported when nothing more came: nothing is made up', () => {
    const h = new StatsHistory();
    h.push(sample(0.35, 30, { state: 'done' }, { outstanding: 2 }));
    expect(h.series().buffers.at(-1)).toMatchObject({ t: 0.35, outstanding0: 2, free0: 0 });
  });

  it('drops a sample older than the last one', () => {
    const h = new StatsHistory();
    h.push(sample(0.4, 40));
    h.push(sample(0.2, 20));
    expect(h.samples().map((x) => x.seconds)).toEqual([0.4]);
    expectStrictlyGrowing(h.series());
  });
});

describe('stats history: a short run is a line', () => {
  it('a single sample draws from the run start (0 s, counters 0) to it; its rate is the run average', () => {
    const h = new StatsHistory();
    h.push(sample(0.012, 120, { state: 'done' }));
    const s = h.series();
    expect(s.cumulative).toEqual([
      { t: 0, hits0: 0, misses0: 0, drops0: 0 },
      { t: 0.012, hits0: 120, misses0: 1, drops0: 0 },
    ]);
    // Rates hold over the interval before each point: the first interval's start carries its value.
    expect(xs(s.rates)).toEqual([0, 0.012]);
    expect(s.rates[1]!.hits0).toBeCloseTo(10_000);
    expect(s.rates[0]!.hits0).toBe(s.rates[1]!.hits0);
    // Nothing is out at the start of a run's pools; free buffers (preallocation) are not known.
    expect(s.buffers[0]).toEqual({ t: 0, outstanding0: 0 });
    expect(s.bytes[0]).toEqual({ t: 0, requested: 0, reserved: 0 });
    for (const points of allSeries(s)) expect(points.length).toBeGreaterThanOrEqual(2);
  });

  it('a real max-speed replay of the bundled sample, reported once, still gives two points per chart', async () => {
    const { ReplayEngine } = await import('../../native-bridge/engine/index.js');
    const { BufferPool } = await import('../../native-bridge/pool/index.js');
    const engine = new ReplayEngine(SAMPLE, { pool: new BufferPool(), onBatch: (b) => b.lease.release() });
    const summary = await engine.run();
    const done: RunStats = {
      runId: 7,
      kind: 'replay',
      state: 'done',
      packets: summary.packets,
      bytes: summary.bytes,
      batches: summary.batches,
      seconds: summary.seconds,
      filteredOut: 0,
      pool: summary.pool,
      chunks: summary.chunks,
      at: Date.now(),
    };
    expect(summary.seconds).toBeGreaterThan(0);
    const h = new StatsHistory();
    h.push(done);
    h.push({ ...done, at: done.at + 5 }); // the stats once every buffer is back: same instant
    const s = h.series();
    expect(s.tiers.map((t) => t.key)).toEqual(['pool:4096', 'pool:16384', 'pool:65536', 'chunks:262144']);
    for (const points of allSeries(s)) expect(xs(points)).toEqual([0, summary.seconds]);
    const hits = summary.pool.tiers.map((t) => t.hits).concat(summary.chunks.tiers[0]!.hits);
    expect([0, 1, 2, 3].map((i) => s.cumulative[1]![`hits${i}`])).toEqual(hits);
  });
});

describe('stats history: a long run stays bounded', () => {
  it('keeps at most `capacity` samples of an hour at 5 a second, spread over the whole run', () => {
    const h = new StatsHistory(240);
    const hour = 3600 * 5;
    for (let i = 1; i <= hour; i++) h.push(sample(i * 0.2, i * 200)); // 1000 hits a second
    expect(h.size).toBeLessThanOrEqual(240);
    expect(h.size).toBeGreaterThan(100);
    const s = h.series();
    for (const points of allSeries(s)) {
      expect(points.length).toBeLessThanOrEqual(241);
      expect(points[0]!.t).toBe(0);
      expect(points.at(-1)!.t).toBeCloseTo(3600);
    }
    expectStrictlyGrowing(s);
    // Cumulative counters thinned out still give exact average rates between kept points.
    for (const r of s.rates) expect(r.hits0).toBeCloseTo(1000, 6);
    // The latest sample is always there (the counters' current values).
    expect(s.cumulative.at(-1)!.hits0).toBe(hour * 200);
  });

  it('keeps every sample of a run shorter than the capacity', () => {
    const h = new StatsHistory(240);
    for (let i = 1; i <= 200; i++) h.push(sample(i * 0.2, i));
    expect(h.size).toBe(200);
    expect(h.series().cumulative).toHaveLength(201);
  });
});

describe('stats history: per run', () => {
  it('starts afresh with a sample of another run, and on clear', () => {
    const h = new StatsHistory();
    h.push(sample(0.2, 10));
    h.push(sample(5, 500));
    h.push(sample(0.2, 3, { runId: 2 }));
    expect(h.runId).toBe(2);
    expect(h.samples().map((x) => [x.runId, x.seconds])).toEqual([[2, 0.2]]);
    expect(xs(h.series().cumulative)).toEqual([0, 0.2]);
    expect(h.series().cumulative.at(-1)!.hits0).toBe(3);
    h.clear();
    expect(h.size).toBe(0);
    expect(h.runId).toBeUndefined();
    expect(h.series()).toMatchObject({ rates: [], cumulative: [], buffers: [], bytes: [], tiers: [] });
  });
});

describe('stats history: scopes and pools', () => {
  const view = pool(tier(4096, { hits: 5, misses: 1 }));
  const chunks = pool(tier(262144, { hits: 2, misses: 3 }));

  it('shows the chunk and view pools as tiers of their own in the run scope', () => {
    const h = new StatsHistory();
    h.push(sample(0.5, 40, { chunks, view }));
    const s = h.series('run');
    expect(s.tiers.map((t) => [t.key, t.label])).toEqual([
      ['pool:4096', 'packets 4 KiB'],
      ['chunks:262144', 'file chunks 256 KiB'],
      ['view:4096', 'to the UI 4 KiB'],
    ]);
    expect(s.cumulative.at(-1)).toMatchObject({ hits0: 40, hits1: 2, hits2: 5 });
  });

  it('plots since-start totals only in the total scope, from the samples alone (no start point)', () => {
    const h = new StatsHistory();
    const total = (hits: number) => pool(tier(4096, { hits, misses: 10 }), tier(262144, { hits: 1 }));
    h.push(sample(0.2, 10, { total: total(1000) }));
    h.push(sample(0.4, 30, { total: total(1050) }));
    const s = h.series('total');
    expect(s.scope).toBe('total');
    expect(s.tiers.map((t) => t.key)).toEqual(['total:4096', 'total:262144']);
    expect(xs(s.cumulative)).toEqual([0.2, 0.4]);
    expect(s.cumulative.map((p) => p.hits0)).toEqual([1000, 1050]);
    expect(xs(s.rates)).toEqual([0.2, 0.4]);
    expect(s.rates[1]!.hits0).toBeCloseTo(250);
    // The run scope of the same samples is the run's own pool, from zero.
    expect(h.series('run').cumulative.map((p) => p.hits0)).toEqual([0, 10, 30]);
  });

  it('gives empty total series when the engine reported no totals', () => {
    const h = new StatsHistory();
    h.push(sample(0.2, 10));
    expect(h.series('total')).toMatchObject({ cumulative: [], rates: [], tiers: [] });
  });

  it('draws a tier that appears mid-run from the run start (the run pools count from zero) to its samples', () => {
    const h = new StatsHistory();
    h.push(sample(0.2, 10));
    h.push(sample(0.4, 20, { view: pool(tier(4096, { hits: 4 })) }));
    h.push(sample(0.6, 30, { view: pool(tier(4096, { hits: 8 })) }));
    const s = h.series();
    expect(s.cumulative.map((p) => p.hits1)).toEqual([0, undefined, 4, 8]);
    expect(s.rates.map((p) => p.hits1)).toEqual([undefined, undefined, expect.closeTo(10), expect.closeTo(20)]);
    expectStrictlyGrowing(s);
  });
});

describe("stats history: a capture's drops", () => {
  it('keeps the kernel and engine drops apart, for captures only', () => {
    const h = new StatsHistory();
    h.push(sample(0.25, 1, { kind: 'capture', dropped: 0, kernel: { received: 100, dropped: 3, ifDropped: 1 } }));
    h.push(sample(0.5, 2, { kind: 'capture', dropped: 7, kernel: { received: 900, dropped: 40, ifDropped: 2 } }));
    h.push(sample(0.75, 3, { kind: 'capture', dropped: 9 })); // a binding that cannot say: no kernel point
    expect(h.series().drops).toEqual([
      { t: 0.25, engine: 0, kernel: 4 },
      { t: 0.5, engine: 7, kernel: 42 },
      { t: 0.75, engine: 9 },
    ]);
    const r = new StatsHistory();
    r.push(sample(0.25, 1));
    expect(r.series().drops).toEqual([]);
  });
});
