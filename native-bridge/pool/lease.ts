import { PoolError, formatSize } from './errors.js';

/** What a lease needs from its pool; kept narrow so the lease cannot reach pool internals. */
export interface LeaseHome {
  settle(lease: Lease, buffer: ArrayBuffer, how: 'release' | 'transfer'): void;
  tierSize(tier: number): number;
}

const HELD = 0;
const RELEASED = 1;
const TRANSFERRED = 2;

/**
 * The right to use one pooled buffer until release. `bytes` covers exactly the requested size;
 * the buffer behind it may be larger (the tier size) and may hold an earlier user's bytes past
 * `size`, which is why nothing here hands out a view beyond it.
 *
 * `using lease = pool.acquire(n)` releases at scope end; disposing a lease that was already
 * released or transferred does nothing, so `using` and an explicit `transfer()` combine.
 */
export class Lease implements Disposable {
  readonly id: number;
  readonly size: number;
  /** Tier index, or -1 for an oversize (unpooled) buffer. */
  readonly tier: number;
  #buffer: ArrayBuffer;
  #bytes: Uint8Array;
  #state = HELD;
  #home: LeaseHome;

  constructor(home: LeaseHome, id: number, tier: number, size: number, buffer: ArrayBuffer) {
    this.#home = home;
    this.id = id;
    this.tier = tier;
    this.size = size;
    this.#buffer = buffer;
    this.#bytes = new Uint8Array(buffer, 0, size);
  }

  /** The whole pooled buffer (tier size). Prefer `bytes`. */
  get buffer(): ArrayBuffer {
    if (this.#state !== HELD) this.#gone('read the buffer of');
    return this.#buffer;
  }

  /** A view of the `size` bytes that were asked for. */
  get bytes(): Uint8Array {
    if (this.#state !== HELD) this.#gone('read the bytes of');
    return this.#bytes;
  }

  get held(): boolean {
    return this.#state === HELD;
  }

  /** Gives the buffer back to the pool: a return, or a drop when its tier is full. */
  release(): void {
    if (this.#state !== HELD) {
      throw new PoolError(
        'POOL_DOUBLE_RELEASE',
        `lease #${this.id} (${this.#where()}) was already ${this.#state === RELEASED ? 'released' : 'transferred'}; it was not released again`,
        { hint: 'release each lease exactly once; after transfer(), hand the buffer back with pool.giveBack()' },
      );
    }
    this.#state = RELEASED;
    this.#home.settle(this, this.#buffer, 'release');
  }

  /**
   * Ends the lease and returns its buffer for a postMessage transfer list. The buffer stays
   * counted as outstanding until it comes back through `pool.giveBack(buffer)`.
   */
  transfer(): ArrayBuffer {
    if (this.#state !== HELD) this.#gone('transfer');
    this.#state = TRANSFERRED;
    this.#home.settle(this, this.#buffer, 'transfer');
    return this.#buffer;
  }

  [Symbol.dispose](): void {
    if (this.#state === HELD) this.release();
  }

  #where(): string {
    return this.tier < 0 ? `oversize ${formatSize(this.size)}` : `tier ${formatSize(this.#home.tierSize(this.tier))}`;
  }

  #gone(what: string): never {
    throw new PoolError(
      'POOL_USE_AFTER_RELEASE',
      `cannot ${what} lease #${this.id} (${this.#where()}): it was ${this.#state === RELEASED ? 'released' : 'transferred'}`,
      {
        hint: 'keep the lease until you are done with its bytes, or retain a SharedPacket',
      },
    );
  }
}
