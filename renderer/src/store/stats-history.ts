import type { RunStats } from '../../../native-bridge/protocol/index.js';
import { type PoolName, type PoolScope, scopedPools } from '../lib/pool-stats.js';

/** One chart point: seconds into the run (`t`, strictly growing within a series), then named series values. */
export interface SeriesPoint {
  t: number;
  [series: string]: number;
}

/** A tier as the charts name it: series keys end in its index in `StatsSeries.tiers`. */
export interface SeriesTier {
  /** `pool:4096`, `chunks:262144`, `view:4096`, `total:65536`. */
  key: string;
  pool: PoolName;
  size: number;
  label: string;
}

export interface StatsSeries {
  scope: PoolScope;
  /**
   * Per tier (keys `hits<i>`, `misses<i>`, `drops<i>`): per second, averaged over the interval
   * that ends at the point (draw it as steps back from each point). The first point is that
   * first interval's start, carrying its values.
   */
  rates: SeriesPoint[];
  /** Per tier: cumulative hits, misses, drops. */
  cumulative: SeriesPoint[];
  /** Per tier: outstanding and free buffers (`outstanding<i>`, `free<i>`) as the engine reported them. */
  buffers: SeriesPoint[];
  /** All tiers of the scope: bytes reserved vs requested (cumulative). */
  bytes: SeriesPoint[];
  /**
   * A live capture's packets dropped so far (cumulative): `kernel` by libpcap's count (the kernel
   * buffer was full, or the interface), `engine` by the engine (its consumer held back). Empty
   * for a replay.
   */
  drops: SeriesPoint[];
  /** The tiers seen in the kept samples: packet pool, file chunks, to the UI; each by size. */
  tiers: SeriesTier[];
}

const POOL_ORDER: Record<PoolName, number> = { pool: 0, chunks: 1, view: 2, total: 3 };

/**
 * The stats samples of the current run, kept for the pool charts: the whole run, in at most
 * `capacity` samples, so a long run stays bounded and a short one keeps every sample.
 *
 * - **One point per instant.** A sample at the same `seconds` as the last one replaces it (the
 *   later numbers win: the `done` stats, then the stats once every buffer came back); an older
 *   one is dropped. Every series has strictly growing `t`.
 * - **Downsampled, never cut.** Past `capacity` samples every other one goes (the first and
 *   the latest stay) and the spacing kept from then on doubles; until a sample is a spacing
 *   past its predecessor it only replaces the latest. Counters are cumulative, so rates over
 *   the kept points are exact averages over their intervals.
 * - **Per run.** A sample of another run starts the history afresh (`clear` does too).
 * - **From zero.** The run's pools count from zero at its start, so in the `run` scope the
 *   series begin with a point at 0 s (counters 0, nothing outstanding; `free` is left out: a
 *   pool may start with preallocated buffers). A max-speed run that ends before the first
 *   200 ms interval, one sample, still draws a line. Since-start totals have no such point.
 */
export class StatsHistory {
  /** Most samples kept (at least 4). */
  readonly capacity: number;
  #samples: RunStats[] = [];
  /** Least seconds between kept samples (the latest excepted); doubles at each thinning. */
  #step = 0;
  #runId: number | undefined;

  constructor(capacity = 240) {
    this.capacity = Math.max(4, Math.floor(capacity));
  }

  get size(): number {
    return this.#samples.length;
  }

  /** The run whose samples these are. */
  get runId(): number | undefined {
    return this.#runId;
  }

  push(s: RunStats): void {
    if (s.runId !== this.#runId) {
      this.clear();
      this.#runId = s.runId;
    }
    const kept = this.#samples;
    const n = kept.length;
    const last = kept[n - 1];
    if (last !== undefined && s.seconds <= last.seconds) {
      if (s.seconds === last.seconds) kept[n - 1] = s;
      return;
    }
    const before = kept[n - 2];
    if (last !== undefined && before !== undefined && last.seconds - before.seconds < this.#step) kept[n - 1] = s;
    else kept.push(s);
    if (kept.length > this.capacity) this.#thin();
  }

  clear(): void {
    this.#samples = [];
    this.#step = 0;
    this.#runId = undefined;
  }

  /** The kept samples, oldest first. */
  samples(): RunStats[] {
    return [...this.#samples];
  }

  #thin(): void {
    const all = this.#samples;
    const end = all.length - 1;
    const span = all[end]!.seconds - all[0]!.seconds;
    this.#samples = all.filter((_, i) => i % 2 === 0 || i === end);
    this.#step = Math.max(this.#step * 2, span / (this.capacity / 2));
  }

  series(scope: PoolScope = 'run'): StatsSeries {
    const rows = this.#samples.flatMap((s) => {
      const pools = scopedPools(s, scope);
      return pools === undefined ? [] : [{ t: s.seconds, tiers: pools.tiers }];
    });
    const byKey = new Map<string, SeriesTier>();
    for (const { tiers: sampleTiers } of rows) {
      for (const { key, pool, size, label } of sampleTiers) if (!byKey.has(key)) byKey.set(key, { key, pool, size, label });
    }
    const tiers = [...byKey.values()].sort((a, b) => POOL_ORDER[a.pool] - POOL_ORDER[b.pool] || a.size - b.size);
    const index = new Map(tiers.map((t, i) => [t.key, i]));
    const out: StatsSeries = { scope, rates: [], cumulative: [], buffers: [], bytes: [], drops: [], tiers };
    for (const s of this.#samples) {
      if (s.kind !== 'capture') continue;
      const d: SeriesPoint = { t: s.seconds, engine: s.dropped ?? 0 };
      if (s.kernel !== undefined) d.kernel = s.kernel.dropped + s.kernel.ifDropped;
      out.drops.push(d);
    }
    // Per tier: its previous point, for rates (a tier may first appear in a later sample).
    const prev = new Map<number, { t: number; hits: number; misses: number; drops: number }>();

    if (scope === 'run' && rows.length > 0 && rows[0]!.t > 0) {
      const c: SeriesPoint = { t: 0 };
      const b: SeriesPoint = { t: 0 };
      tiers.forEach((_, i) => {
        c[`hits${i}`] = c[`misses${i}`] = c[`drops${i}`] = 0;
        b[`outstanding${i}`] = 0;
        prev.set(i, { t: 0, hits: 0, misses: 0, drops: 0 });
      });
      out.cumulative.push(c);
      out.buffers.push(b);
      out.bytes.push({ t: 0, requested: 0, reserved: 0 });
    }

    for (const { t, tiers: sampleTiers } of rows) {
      const c: SeriesPoint = { t };
      const b: SeriesPoint = { t };
      const r: SeriesPoint = { t };
      let since = t;
      let requested = 0;
      let reserved = 0;
      for (const { key, stats } of sampleTiers) {
        const i = index.get(key)!;
        c[`hits${i}`] = stats.hits;
        c[`misses${i}`] = stats.misses;
        c[`drops${i}`] = stats.drops;
        b[`outstanding${i}`] = stats.outstanding;
        b[`free${i}`] = stats.free;
        requested += stats.bytesRequested;
        reserved += stats.bytesReserved;
        const p = prev.get(i);
        if (p !== undefined) {
          const dt = t - p.t;
          // Counters only grow within a run; a reset shows as 0, not a negative rate.
          r[`hits${i}`] = Math.max(0, stats.hits - p.hits) / dt;
          r[`misses${i}`] = Math.max(0, stats.misses - p.misses) / dt;
          r[`drops${i}`] = Math.max(0, stats.drops - p.drops) / dt;
          since = Math.min(since, p.t);
        }
        prev.set(i, { t, hits: stats.hits, misses: stats.misses, drops: stats.drops });
      }
      out.cumulative.push(c);
      out.buffers.push(b);
      out.bytes.push({ t, requested, reserved });
      if (since < t) {
        // A rate holds over the interval that ends at its point (the chart steps back from it);
        // the first interval's start gets its value too, so even one interval is a line.
        if (out.rates.length === 0) out.rates.push({ ...r, t: since });
        out.rates.push(r);
      }
    }
    return out;
  }
}
