import type { ByteSource } from './worker-records.js';

const SLAB = 4 * 1024 * 1024;

/**
 * The first `limit` bytes of a live capture's pcapng stream, kept in memory in 4 MiB slabs
 * (plain buffers, not pooled: they are kept, not recycled), read back by offset like a file.
 * Bytes past the limit are not kept; a spool file keeps everything.
 */
export class StreamStore implements ByteSource {
  readonly name = 'capture memory';
  readonly #limit: number;
  #slabs: Uint8Array[] = [];
  size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get full(): boolean {
    return this.size >= this.#limit;
  }

  append(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length && this.size < this.#limit) {
      const at = this.size % SLAB;
      if (at === 0) this.#slabs.push(new Uint8Array(SLAB));
      const n = Math.min(bytes.length - off, SLAB - at, this.#limit - this.size);
      this.#slabs[this.#slabs.length - 1]!.set(bytes.subarray(off, off + n), at);
      off += n;
      this.size += n;
    }
  }

  readAt(dest: Uint8Array, offset: number): number {
    let got = 0;
    while (got < dest.length && offset + got < this.size) {
      const pos = offset + got;
      const slab = this.#slabs[Math.floor(pos / SLAB)]!;
      const at = pos % SLAB;
      const n = Math.min(dest.length - got, SLAB - at, this.size - pos);
      dest.set(slab.subarray(at, at + n), got);
      got += n;
    }
    return got;
  }

  clear(): void {
    this.#slabs = [];
    this.size = 0;
  }

  close(): void {}
}
