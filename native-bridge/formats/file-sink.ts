import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { CaptureIoError } from './errors.js';

/** Where a sink writes: a path (created or truncated), a caller's fd, or a caller's fd with a name for errors. */
export type SinkTarget = string | number | { readonly fd: number; readonly name: string };

/**
 * A synchronous buffered output: small writes gather in one buffer, written with
 * `fs.writeSync` when it fills; writes larger than the buffer go straight through.
 * Opened from a path (created or truncated, closed by `close()`) or a caller's fd (left open;
 * an `OutputFile`'s, so nothing is lost or overwritten until it commits).
 */
export class FileSink {
  readonly name: string;
  /** Bytes accepted so far (the file offset of the next write). */
  position = 0;
  /** The write buffer and a view over it, for writers that encode headers in place (see `reserve`). */
  readonly buffer: Uint8Array;
  readonly view: DataView;
  #fd: number | undefined;
  readonly #ownsFd: boolean;
  readonly #buf: Uint8Array;
  #used = 0;

  constructor(target: SinkTarget, bufferSize = 64 * 1024) {
    this.#buf = this.buffer = new Uint8Array(Math.max(bufferSize, 256));
    this.view = new DataView(this.buffer.buffer);
    if (typeof target === 'object') {
      this.name = target.name;
      this.#fd = target.fd;
      this.#ownsFd = false;
    } else if (typeof target === 'number') {
      this.name = `fd ${target}`;
      this.#fd = target;
      this.#ownsFd = false;
    } else {
      this.name = target;
      try {
        this.#fd = openSync(target, 'w');
      } catch (e) {
        throw new CaptureIoError(target, 'create it', e, 'write');
      }
      this.#ownsFd = true;
    }
  }

  get closed(): boolean {
    return this.#fd === undefined;
  }

  /** Claims `n` (at most 256) bytes of `buffer`, flushing first if needed; returns where to encode them. */
  reserve(n: number): number {
    if (this.#used + n > this.#buf.length) this.flush();
    const at = this.#used;
    this.#used += n;
    this.position += n;
    return at;
  }

  write(bytes: Uint8Array): void {
    if (bytes.length > this.#buf.length - this.#used) {
      this.flush();
      if (bytes.length >= this.#buf.length) {
        this.#writeOut(bytes);
        this.position += bytes.length;
        return;
      }
    }
    this.#buf.set(bytes, this.#used);
    this.#used += bytes.length;
    this.position += bytes.length;
  }

  flush(): void {
    if (this.#used === 0) return;
    const used = this.#used;
    this.#used = 0;
    this.#writeOut(this.#buf.subarray(0, used));
  }

  /** Flushes, then closes the file if this sink opened it (optionally fsync'ing it first). */
  close(sync = false): void {
    if (this.#fd === undefined) return;
    try {
      this.flush();
      if (sync) fsyncSync(this.#fd);
    } finally {
      if (this.#ownsFd) closeSync(this.#fd);
      this.#fd = undefined;
    }
  }

  #writeOut(bytes: Uint8Array): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      throw new CaptureIoError(this.name, 'write to it', e, 'write');
    }
  }
}
