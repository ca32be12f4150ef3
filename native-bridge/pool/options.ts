import { PoolError } from './errors.js';

export interface PoolOptions {
  /** Buffer sizes in bytes, ascending. A request goes to the smallest tier that holds it. */
  tiers?: readonly number[];
  /** Most free buffers a tier keeps; a buffer released into a full tier is dropped. */
  capacity?: number | readonly number[];
  /** Buffers allocated per tier up front, so the first acquisitions are hits. */
  preallocate?: number | readonly number[];
  /** Requests above the largest tier: an exact-size unpooled buffer, or a PoolError. */
  oversize?: 'allocate' | 'error';
  /** Record where each lease was acquired (a stack trace), shown in leak reports. Costly. */
  debug?: boolean;
  /** Called when a lease is garbage-collected without being released. */
  onLeak?: (report: LeakReport) => void;
}

export interface LeakReport {
  tier: number;
  tierSize: number;
  requested: number;
  leaseId: number;
  /** Stack at acquisition, when `debug` is on. */
  acquiredAt: string | undefined;
}

export interface ResolvedOptions {
  tiers: number[];
  capacity: number[];
  preallocate: number[];
  oversize: 'allocate' | 'error';
  debug: boolean;
  onLeak: ((report: LeakReport) => void) | undefined;
}

export const DEFAULT_TIERS: readonly number[] = [4096, 16384, 65536];
/** Free buffers kept per default tier: 1 MiB + 2 MiB + 4 MiB at most. */
export const DEFAULT_CAPACITY: readonly number[] = [256, 128, 64];
/** Free buffers kept per tier when the caller chose the tiers but not their capacity. */
const CUSTOM_TIER_CAPACITY = 64;

/**
 * The capacity of tier `i` when none is given: DEFAULT_CAPACITY's for the default tiers, 64 for
 * tiers the caller chose (`tiers` given).
 */
export function defaultCapacity(tiers: readonly number[] | undefined, i: number): number {
  return tiers === undefined ? DEFAULT_CAPACITY[i]! : CUSTOM_TIER_CAPACITY;
}
const MAX_TIER_SIZE = 1 << 30;

function perTier(name: string, value: number | readonly number[] | undefined, n: number, fallback: (i: number) => number): number[] {
  if (Array.isArray(value) && value.length !== n) {
    throw new PoolError('POOL_BAD_OPTIONS', `pool option ${name} has ${value.length} entries for ${n} tiers`, {
      hint: 'give one entry per tier',
    });
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = value === undefined ? fallback(i) : typeof value === 'number' ? value : value[i];
    if (v === undefined || !Number.isSafeInteger(v) || v < 0) {
      throw new PoolError('POOL_BAD_OPTIONS', `pool option ${name}[${i}] is ${String(v)}`, {
        hint: `give a whole number >= 0, or an array with one per tier (${n} tiers)`,
      });
    }
    out.push(v);
  }
  return out;
}

export function resolveOptions(opts: PoolOptions = {}): ResolvedOptions {
  const tiers = [...(opts.tiers ?? DEFAULT_TIERS)];
  if (tiers.length === 0) throw new PoolError('POOL_BAD_OPTIONS', 'pool option tiers is empty', { hint: 'give at least one tier size' });
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (!Number.isSafeInteger(t) || t <= 0 || t > MAX_TIER_SIZE) {
      throw new PoolError('POOL_BAD_OPTIONS', `tier size ${t} is invalid`, {
        hint: `give a whole number of bytes from 1 to ${MAX_TIER_SIZE}`,
      });
    }
    if (i > 0 && t <= tiers[i - 1]!) {
      throw new PoolError('POOL_BAD_OPTIONS', `tier sizes must ascend: ${tiers.join(', ')}`, {
        hint: 'list each size once, smallest first',
      });
    }
  }
  const n = tiers.length;
  const capacity = perTier('capacity', opts.capacity, n, (i) => defaultCapacity(opts.tiers, i));
  const preallocate = perTier('preallocate', opts.preallocate, n, () => 0);
  for (let i = 0; i < n; i++) {
    if (preallocate[i]! > capacity[i]!) {
      throw new PoolError('POOL_BAD_OPTIONS', `tier ${tiers[i]}: preallocate ${preallocate[i]} exceeds capacity ${capacity[i]}`, {
        hint: 'preallocate at most as many buffers as the tier keeps',
      });
    }
  }
  const oversize = opts.oversize ?? 'allocate';
  if (oversize !== 'allocate' && oversize !== 'error') {
    throw new PoolError('POOL_BAD_OPTIONS', `pool option oversize is ${String(oversize)}`, { hint: "use 'allocate' or 'error'" });
  }
  return { tiers, capacity, preallocate, oversize, debug: opts.debug ?? false, onLeak: opts.onLeak };
}
