import type { RunStats } from '../../../native-bridge/protocol/index.js';

/** One chart point: seconds into the run, then named series values. */
export interface SeriesPoint {
  t: number;
  [series: string]: number;
}

export interface StatsSeries {
  /** Per tier (key `t<i>`): hits, misses, drops per second between two samples. */
  rates: SeriesPoint[];
  /** Per tier: cumulative hits, misses, drops. */
  cumulative: SeriesPoint[];
  /** Per tier: outstanding and free buffers. */
  buffers: SeriesPoint[];
  /** All tiers: bytes reserved vs requested (cumulative). */
  bytes: SeriesPoint[];
  /** Tier sizes, in the order of the `t<i>` keys. */
  tiers: number[];
}

/**
 * The last `capacity` stats samples of the current run in a ring (60 s at 4 per second by
 * default), and the chart series derived from them. Rates come from differences of
 * consecutive samples over the time between them (`at`), so a late or doubled sample does
 * not distort them.
 */
export class StatsHistory {
  readonly capacity: number;
  readonly #ring: (RunStats | undefined)[];
  #head = 0;
  #size = 0;

  constructor(capacity = 240) {
    this.capacity = capacity;
    this.#ring = new Array<RunStats | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(s: RunStats): void {
    this.#ring[(this.#head + this.#size) % this.capacity] = s;
    if (this.#size < this.capacity) this.#size++;
    else this.#head = (this.#head + 1) % this.capacity;
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#head = 0;
    this.#size = 0;
  }

  /** Samples oldest first. */
  samples(): RunStats[] {
    const out: RunStats[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#ring[(this.#head + i) % this.capacity]!);
    return out;
  }

  series(): StatsSeries {
    const samples = this.samples();
    const tiers = samples.at(-1)?.pool.tiers.map((t) => t.size) ?? [];
    const rates: SeriesPoint[] = [];
    const cumulative: SeriesPoint[] = [];
    const buffers: SeriesPoint[] = [];
    const bytes: SeriesPoint[] = [];
    let prev: RunStats | undefined;
    for (const s of samples) {
      const t = s.seconds;
      const c: SeriesPoint = { t };
      const b: SeriesPoint = { t };
      let requested = 0;
      let reserved = 0;
      s.pool.tiers.forEach((tier, i) => {
        c[`hits${i}`] = tier.hits;
        c[`misses${i}`] = tier.misses;
        c[`drops${i}`] = tier.drops;
        b[`outstanding${i}`] = tier.outstanding;
        b[`free${i}`] = tier.free;
        requested += tier.bytesRequested;
        reserved += tier.bytesReserved;
      });
      cumulative.push(c);
      buffers.push(b);
      bytes.push({ t, requested, reserved });
      if (prev !== undefined) {
        const dt = (s.at - prev.at) / 1000;
        if (dt > 0) {
          const r: SeriesPoint = { t };
          s.pool.tiers.forEach((tier, i) => {
            const p = prev!.pool.tiers[i];
            // Counters only grow within a run; a pool reset shows as 0, not a negative rate.
            const d = (now: number, before: number | undefined): number => Math.max(0, now - (before ?? 0)) / dt;
            r[`hits${i}`] = d(tier.hits, p?.hits);
            r[`misses${i}`] = d(tier.misses, p?.misses);
            r[`drops${i}`] = d(tier.drops, p?.drops);
          });
          rates.push(r);
        }
      }
      prev = s;
    }
    return { rates, cumulative, buffers, bytes, tiers };
  }
}
