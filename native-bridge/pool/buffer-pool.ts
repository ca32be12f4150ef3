import { PoolError, formatSize } from './errors.js';
import { Lease, type LeaseHome } from './lease.js';
import { resolveOptions, type LeakReport, type PoolOptions, type ResolvedOptions } from './options.js';
import { snapshot, type OversizeStats, type PoolStats } from './stats.js';
import { Tier, intact } from './tier.js';

interface LeakHeld {
  tier: number;
  requested: number;
  leaseId: number;
  acquiredAt: string | undefined;
}

export type GiveBackResult = 'returned' | 'dropped' | 'rejected';

/**
 * A tiered pool of ArrayBuffers. `acquire(size)` picks the smallest tier that holds `size`
 * and pops a free buffer (a hit) or allocates one (a miss). Releasing pushes it back (a
 * return) or discards it when the tier already keeps `capacity` free buffers (a drop).
 * Buffers are plain ArrayBuffers so they can be transferred to another thread and given back.
 */
export class BufferPool {
  readonly #opts: ResolvedOptions;
  readonly #tiers: Tier[];
  readonly #oversize: OversizeStats = { count: 0, bytes: 0, outstanding: 0 };
  /** Oversize buffers transferred and not yet given back, by byte length (they have no tier to count them). */
  readonly #oversizeAway = new Map<number, number>();
  readonly #registry: FinalizationRegistry<LeakHeld>;
  readonly #home: LeaseHome;
  readonly #leaks: LeakReport[] = [];
  #rejectedGiveBacks = 0;
  #nextId = 1;

  constructor(options?: PoolOptions) {
    const o = resolveOptions(options);
    this.#opts = o;
    this.#tiers = o.tiers.map((size, i) => new Tier(i, size, o.capacity[i]!, o.preallocate[i]!));
    this.#registry = new FinalizationRegistry((held) => this.#leaked(held));
    this.#home = {
      settle: (lease, buffer, how) => this.#settle(lease, buffer, how),
      tierSize: (tier) => this.#tiers[tier]!.size,
    };
  }

  get tierSizes(): readonly number[] {
    return this.#opts.tiers;
  }

  /** The largest pooled size; larger requests are oversize. */
  get maxPooledSize(): number {
    return this.#opts.tiers[this.#opts.tiers.length - 1]!;
  }

  /** Index of the tier that serves `size`, or -1 when it is above the largest tier. */
  tierFor(size: number): number {
    const tiers = this.#tiers;
    for (let i = 0; i < tiers.length; i++) if (size <= tiers[i]!.size) return i;
    return -1;
  }

  acquire(size: number): Lease {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new PoolError('POOL_BAD_SIZE', `cannot acquire ${String(size)} bytes`, { hint: 'ask for a whole number of bytes >= 0' });
    }
    const t = this.tierFor(size);
    let buffer: ArrayBuffer;
    if (t < 0) {
      if (this.#opts.oversize === 'error') {
        throw new PoolError(
          'POOL_OVERSIZE',
          `request for ${formatSize(size)} exceeds the largest tier (${formatSize(this.maxPooledSize)})`,
          {
            hint: "add a larger tier (tiers option) or set oversize: 'allocate'",
          },
        );
      }
      this.#oversize.count++;
      this.#oversize.bytes += size;
      this.#oversize.outstanding++;
      buffer = new ArrayBuffer(size);
    } else {
      buffer = this.#tiers[t]!.take(size);
    }
    const lease = new Lease(this.#home, this.#nextId++, t, size, buffer);
    const acquiredAt = this.#opts.debug ? new Error('acquired here').stack?.split('\n').slice(2).join('\n') : undefined;
    this.#registry.register(lease, { tier: t, requested: size, leaseId: lease.id, acquiredAt }, lease);
    return lease;
  }

  /**
   * Takes back a buffer that left through `lease.transfer()` (for example after a round trip
   * through a worker). A buffer of a tier's exact size is returned (or dropped when the tier is
   * full); a detached, resized or odd-sized buffer is never pooled and only counted.
   */
  giveBack(buffer: ArrayBuffer): GiveBackResult {
    const len = buffer instanceof ArrayBuffer ? buffer.byteLength : 0;
    const t = len > 0 ? this.tierFor(len) : -1;
    const tier = t >= 0 ? this.#tiers[t]! : undefined;
    if (tier === undefined || !intact(buffer, tier.size)) {
      // An oversize buffer of a length this pool lent comes home (it is never pooled); any
      // other is a stranger.
      const away = this.#oversizeAway.get(len) ?? 0;
      if (away > 0 && len > this.maxPooledSize) {
        if (away === 1) this.#oversizeAway.delete(len);
        else this.#oversizeAway.set(len, away - 1);
        this.#oversize.outstanding--;
      }
      this.#rejectedGiveBacks++;
      return 'rejected';
    }
    if (tier.away > 0) {
      tier.away--;
      tier.outstanding--;
    } else {
      tier.adopted++;
    }
    const before = tier.drops;
    tier.put(buffer);
    return tier.drops === before ? 'returned' : 'dropped';
  }

  /**
   * Whether a buffer of `byteLength` bytes is away from this pool (transferred and not yet
   * given back): one of a tier of that size, or an oversize one of exactly that length. Where
   * two pools may lend buffers of one size (a replay's packet and chunk pools), it tells which
   * one a buffer coming back belongs to.
   */
  hasAway(byteLength: number): boolean {
    const t = this.tierFor(byteLength);
    if (t >= 0) return this.#tiers[t]!.size === byteLength && this.#tiers[t]!.away > 0;
    return (this.#oversizeAway.get(byteLength) ?? 0) > 0;
  }

  stats(): PoolStats & { rejectedGiveBacks: number } {
    return { ...snapshot(this.#tiers, this.#oversize), rejectedGiveBacks: this.#rejectedGiveBacks };
  }

  /** Zeroes the counters; free lists and outstanding leases are kept. */
  reset(): void {
    for (const t of this.#tiers) t.reset();
    this.#oversize.count = this.#oversize.bytes = 0;
    this.#rejectedGiveBacks = 0;
  }

  /** Leak reports seen so far (the latest 100). */
  leaks(): readonly LeakReport[] {
    return this.#leaks;
  }

  #settle(lease: Lease, buffer: ArrayBuffer, how: 'release' | 'transfer'): void {
    this.#registry.unregister(lease);
    const t = lease.tier;
    if (t < 0) {
      if (how === 'transfer') this.#oversizeAway.set(buffer.byteLength, (this.#oversizeAway.get(buffer.byteLength) ?? 0) + 1);
      else this.#oversize.outstanding--;
      return;
    }
    const tier = this.#tiers[t]!;
    if (how === 'transfer') {
      tier.away++;
      return;
    }
    tier.outstanding--;
    if (intact(buffer, tier.size)) tier.put(buffer);
    else tier.rejected++;
  }

  #leaked(held: LeakHeld): void {
    if (held.tier >= 0) {
      const tier = this.#tiers[held.tier]!;
      tier.leaked++;
      tier.outstanding--;
    } else {
      this.#oversize.outstanding--;
    }
    const report: LeakReport = {
      tier: held.tier,
      tierSize: held.tier >= 0 ? this.#tiers[held.tier]!.size : held.requested,
      requested: held.requested,
      leaseId: held.leaseId,
      acquiredAt: held.acquiredAt,
    };
    if (this.#leaks.length >= 100) this.#leaks.shift();
    this.#leaks.push(report);
    this.#opts.onLeak?.(report);
  }
}
