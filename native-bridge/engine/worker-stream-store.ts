import { BufferPool, SharedPacket } from '../pool/index.js';
import type { ByteSource } from './worker-records.js';

const SLAB = 1024 * 1024;

/**
 * A live capture's pcapng stream, written once into pooled 1 MiB slabs: each piece is handed
 * to the parser as a zero-copy view of its slab, and while under `limit` bytes the store keeps
 * the slabs, so fetch and save read packets back by stream offset like from a file. Past the
 * limit it stops keeping them and slabs recycle through their pool once the parser is done with
 * them: steady-state capture allocates nothing. (A spool file keeps everything.)
 *
 *   stream offset o ──▶ slab ⌊o / 1 MiB⌋, byte o mod 1 MiB   (slabs are filled exactly)
 */
export class StreamStore implements ByteSource {
  readonly name = 'capture memory';
  readonly slabs = new BufferPool({ tiers: [SLAB], capacity: 4 });
  readonly #limit: number;
  #kept: SharedPacket[] = [];
  #current: SharedPacket | undefined;
  #at = SLAB;
  /** Stream bytes written so far. */
  written = 0;
  /** Stream bytes kept (a prefix of the stream). */
  size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Copies `bytes` into slabs and passes each part, as a view the callee owns, to `each`. */
  write(bytes: Uint8Array, each: (view: SharedPacket) => void): void {
    for (let off = 0; off < bytes.length; ) {
      if (this.#at === SLAB) this.#nextSlab();
      const slab = this.#current!;
      const n = Math.min(bytes.length - off, SLAB - this.#at);
      slab.bytes.set(bytes.subarray(off, off + n), this.#at);
      const view = slab.slice(this.#at, this.#at + n);
      this.#at += n;
      off += n;
      this.written += n;
      if (this.#kept.at(-1) === slab) this.size += n;
      each(view);
    }
  }

  #nextSlab(): void {
    // The store's own reference on a slab it does not keep goes at once: the parser's views hold it.
    if (this.#current !== undefined && this.#kept.at(-1) !== this.#current) this.#current.release();
    const slab = SharedPacket.fromLease(this.slabs.acquire(SLAB));
    this.#current = slab;
    this.#at = 0;
    if (this.size + SLAB <= this.#limit && this.size === this.written) this.#kept.push(slab);
  }

  readAt(dest: Uint8Array, offset: number): number {
    let got = 0;
    while (got < dest.length && offset + got < this.size) {
      const pos = offset + got;
      const slab = this.#kept[Math.floor(pos / SLAB)]!.bytes;
      const at = pos % SLAB;
      const n = Math.min(dest.length - got, SLAB - at, this.size - pos);
      dest.set(slab.subarray(at, at + n), got);
      got += n;
    }
    return got;
  }

  /** Lets go of every kept slab. */
  clear(): void {
    for (const s of this.#kept) s.release();
    if (this.#current !== undefined && !this.#kept.includes(this.#current)) this.#current.release();
    this.#kept = [];
    this.#current = undefined;
    this.#at = SLAB;
    this.size = 0;
  }

  close(): void {}
}
