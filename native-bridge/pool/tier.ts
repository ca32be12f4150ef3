/**
 * One size class. The free list is a LIFO stack of ArrayBuffers: the most recently returned
 * buffer is handed out next, so it is likely still in cache. A buffer is on the stack at most
 * once because only a lease in state `held` may push (see lease.ts), and a lease leaves that
 * state before it pushes.
 */
export class Tier {
  readonly index: number;
  readonly size: number;
  readonly capacity: number;
  readonly free: ArrayBuffer[] = [];

  hits = 0;
  misses = 0;
  returns = 0;
  drops = 0;
  /** Buffers that came back detached or of the wrong size: never pooled. */
  rejected = 0;
  /** Leases garbage-collected without release. */
  leaked = 0;
  /** Acquired and not yet back (includes buffers transferred to another thread). */
  outstanding = 0;
  /** Of `outstanding`: transferred away, awaiting giveBack(). */
  away = 0;
  /** Buffers given back that were never lent (another pool's, or a second give-back). */
  adopted = 0;
  bytesRequested = 0;
  bytesReserved = 0;

  constructor(index: number, size: number, capacity: number, preallocate: number) {
    this.index = index;
    this.size = size;
    this.capacity = capacity;
    for (let i = 0; i < preallocate; i++) this.free.push(new ArrayBuffer(size));
  }

  take(requested: number): ArrayBuffer {
    this.outstanding++;
    this.bytesRequested += requested;
    this.bytesReserved += this.size;
    const buf = this.free.pop();
    if (buf !== undefined) {
      this.hits++;
      return buf;
    }
    this.misses++;
    return new ArrayBuffer(this.size);
  }

  /** Puts a buffer that is known to be intact and of this tier's size back, or drops it. */
  put(buf: ArrayBuffer): void {
    if (this.free.length < this.capacity) {
      this.free.push(buf);
      this.returns++;
    } else {
      this.drops++;
    }
  }

  reset(): void {
    this.hits = this.misses = this.returns = this.drops = this.rejected = this.leaked = this.adopted = 0;
    this.bytesRequested = this.bytesReserved = 0;
  }
}

/** A buffer can be pooled only if it is a plain, attached, fixed-length ArrayBuffer of the tier's size. */
export function intact(buf: ArrayBuffer, size: number): boolean {
  return buf instanceof ArrayBuffer && buf.byteLength === size && !(buf as { resizable?: boolean }).resizable;
}
