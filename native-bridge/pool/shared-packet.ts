import { PoolError } from './errors.js';
import type { Lease } from './lease.js';

/** One lease shared by every view cut from it; the lease is released with the last view. */
class Storage {
  refs = 1;
  constructor(readonly lease: Lease) {}
}

/**
 * A ref-counted, bounded view over pooled memory. `slice()` makes a new view over the same
 * bytes (no copy); each view holds one share of the underlying lease while its own count is
 * above zero. The buffer goes back to the pool when the last share anywhere is released.
 *
 *   lease ──▶ Storage{refs: views alive}
 *               ▲            ▲
 *        packet{refs: 2}   slice{refs: 1}
 */
export class SharedPacket {
  readonly #storage: Storage;
  readonly #bytes: Uint8Array;
  #refs = 1;

  private constructor(storage: Storage, bytes: Uint8Array) {
    this.#storage = storage;
    this.#bytes = bytes;
  }

  /** Wraps a lease; the packet owns it from now on. `length` is how much was written. */
  static fromLease(lease: Lease, length: number = lease.size): SharedPacket {
    if (!Number.isSafeInteger(length) || length < 0 || length > lease.size) {
      throw new PoolError('POOL_SLICE_RANGE', `packet length ${length} is outside lease #${lease.id} of ${lease.size} bytes`, {
        hint: 'give the number of bytes actually written, at most the size acquired',
      });
    }
    const whole = lease.bytes;
    return new SharedPacket(new Storage(lease), length === whole.length ? whole : whole.subarray(0, length));
  }

  /** The packet's bytes; never more than was written. */
  get bytes(): Uint8Array {
    if (this.#refs === 0) this.#released('read');
    return this.#bytes;
  }

  get length(): number {
    return this.#bytes.length;
  }

  /** References held on this view. */
  get refCount(): number {
    return this.#refs;
  }

  /** Views alive on the underlying lease (this one included). */
  get sharedCount(): number {
    return this.#storage.refs;
  }

  /** The lease behind the view, for tier accounting. */
  get leaseId(): number {
    return this.#storage.lease.id;
  }

  retain(): this {
    if (this.#refs === 0) this.#released('retain');
    this.#refs++;
    return this;
  }

  release(): void {
    if (this.#refs === 0) {
      throw new PoolError(
        'POOL_DOUBLE_RELEASE',
        `shared packet over lease #${this.#storage.lease.id} was released more times than retained`,
        {
          hint: 'pair every retain() and every slice() with exactly one release()',
        },
      );
    }
    if (--this.#refs > 0) return;
    if (--this.#storage.refs === 0) this.#storage.lease.release();
  }

  /** A zero-copy view of bytes [start, end) of this one; release it separately. */
  slice(start = 0, end: number = this.#bytes.length): SharedPacket {
    if (this.#refs === 0) this.#released('slice');
    const len = this.#bytes.length;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > len) {
      throw new PoolError('POOL_SLICE_RANGE', `slice [${start}, ${end}) is outside a ${len}-byte packet`, {
        hint: 'slice within 0..length; views never reach past the written bytes',
      });
    }
    this.#storage.refs++;
    return new SharedPacket(this.#storage, this.#bytes.subarray(start, end));
  }

  /**
   * Ends the sharing and hands back the lease itself, for the one holder left: a reader that
   * parsed a chunk in place and now sends the whole buffer on (transfer) instead of releasing
   * it. Throws when another reference or view is still alive (it would see the buffer leave).
   */
  takeLease(): Lease {
    if (this.#refs === 0) this.#released('take the lease of');
    if (this.#refs !== 1 || this.#storage.refs !== 1) {
      throw new PoolError(
        'POOL_STILL_SHARED',
        `lease #${this.#storage.lease.id} still has ${this.#storage.refs} views and ${this.#refs} references on this one`,
        {
          hint: 'release every other view and reference before taking the lease',
        },
      );
    }
    this.#refs = 0;
    this.#storage.refs = 0;
    return this.#storage.lease;
  }

  [Symbol.dispose](): void {
    if (this.#refs > 0) this.release();
  }

  #released(what: string): never {
    throw new PoolError('POOL_USE_AFTER_RELEASE', `cannot ${what} a shared packet over lease #${this.#storage.lease.id}: it was released`, {
      hint: 'retain() the packet while you still need it',
    });
  }
}
