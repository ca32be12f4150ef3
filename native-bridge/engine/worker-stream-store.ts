import { readSync } from 'node:fs';
import { CaptureIoError } from '../formats/index.js';
import { BufferPool, SharedPacket } from '../pool/index.js';

const SLAB = 1024 * 1024;

/**
 * Reads a growing capture file behind its writer into pooled 1 MiB slabs: each read lands in
 * the slab once (the page cache's copy), and is handed to the parser as a zero-copy view. A
 * slab goes back to its pool when the parser's views of it are released, so steady-state
 * capture allocates nothing.
 */
export class StreamReader {
  readonly slabs = new BufferPool({ tiers: [SLAB], capacity: 4 });
  readonly #fd: number;
  readonly #name: string;
  #current: SharedPacket | undefined;
  #at = SLAB;
  /** Bytes of the file read so far. */
  position = 0;

  constructor(fd: number, name: string) {
    this.#fd = fd;
    this.#name = name;
  }

  /** Reads the file up to `end` bytes, passing each piece (a view the callee owns) to `each`. */
  readTo(end: number, each: (view: SharedPacket) => void): void {
    while (this.position < end) {
      if (this.#at === SLAB) this.#nextSlab();
      const slab = this.#current!;
      const want = Math.min(end - this.position, SLAB - this.#at);
      let got: number;
      try {
        got = readSync(this.#fd, slab.bytes, this.#at, want, this.position);
      } catch (e) {
        throw new CaptureIoError(this.#name, `read at byte ${this.position}`, e);
      }
      if (got === 0) return; // not there yet
      const view = slab.slice(this.#at, this.#at + got);
      this.#at += got;
      this.position += got;
      each(view);
    }
  }

  #nextSlab(): void {
    this.#current?.release(); // the parser's views keep it until they go
    this.#current = SharedPacket.fromLease(this.slabs.acquire(SLAB));
    this.#at = 0;
  }

  close(): void {
    this.#current?.release();
    this.#current = undefined;
    this.#at = SLAB;
  }
}
