import { closeSync, readSync } from 'node:fs';
import { SharedPacket, type BufferPool } from '../pool/index.js';
import { CaptureIoError } from './errors.js';
import { openRegular, type FileId } from './regular-file.js';

/** Where a reader gets its chunks: a file, or bytes already in memory. */
export interface ChunkSource {
  readonly name: string;
  /** Total bytes the source will deliver. */
  readonly size: number;
  /** Bytes delivered so far. */
  readonly bytesRead: number;
  /** The file read, when it is one (device and inode). */
  readonly id?: FileId;
  /** The next chunk (the caller owns its one reference), or undefined at the end. */
  read(): SharedPacket | undefined;
  close(): void;
}

/**
 * Reads a file in chunks of `chunkSize` bytes into pool leases with `fs.readSync`. The size
 * is taken at open: the file is read as it was then (bytes appended later are not read), so
 * progress is exact and a length field can be checked against the real end of the file.
 */
export class FileSource implements ChunkSource {
  readonly name: string;
  readonly size: number;
  /** The file read (device and inode), so a writer can refuse to replace it. */
  readonly id: FileId;
  bytesRead = 0;
  readonly #pool: BufferPool;
  readonly #chunkSize: number;
  #fd: number | undefined;

  constructor(path: string, pool: BufferPool, chunkSize: number) {
    this.name = path;
    this.#pool = pool;
    this.#chunkSize = chunkSize;
    const { fd, size, id } = openRegular(path); // a named pipe or a device is refused, never waited on
    this.size = size;
    this.id = id;
    this.#fd = fd;
  }

  read(): SharedPacket | undefined {
    const want = Math.min(this.#chunkSize, this.size - this.bytesRead);
    if (this.#fd === undefined || want <= 0) return undefined;
    const lease = this.#pool.acquire(want);
    let got: number;
    try {
      got = this.readInto(lease.bytes);
    } catch (e) {
      lease.release();
      throw e;
    }
    if (got === 0) {
      lease.release(); // the file shrank since open: what is left to parse decides if that is truncation
      return undefined;
    }
    return SharedPacket.fromLease(lease, got);
  }

  /** Reads the next bytes straight into `dest` (as many as it holds, fewer at the end); returns the count. */
  readInto(dest: Uint8Array): number {
    return this.readAt(dest, this.bytesRead);
  }

  /**
   * Reads the bytes at `offset` into `dest` (as many as it holds, fewer at the end of the file
   * as it was at open); returns the count. `bytesRead` becomes the furthest byte read, so a
   * reader that reads a record's start again (a seekable parser) still shows true progress.
   */
  readAt(dest: Uint8Array, offset: number): number {
    const fd = this.#fd;
    const want = Math.min(dest.length, this.size - offset);
    if (fd === undefined || want <= 0) return 0;
    let got = 0;
    try {
      // readSync may return less than asked (network file systems): loop until full or EOF.
      while (got < want) {
        const n = readSync(fd, dest, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw new CaptureIoError(this.name, `read at byte ${offset + got}`, e, 'read');
    }
    this.bytesRead = Math.max(this.bytesRead, offset + got);
    return got;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/**
 * Serves bytes already in memory the way a file would arrive: copied chunk by chunk into
 * pool leases, so tests see the same chunk boundaries, zero-copy slices and recycling.
 */
export class BytesSource implements ChunkSource {
  readonly name: string;
  readonly size: number;
  bytesRead = 0;
  readonly #bytes: Uint8Array;
  readonly #pool: BufferPool;
  readonly #chunkSize: number;

  constructor(bytes: Uint8Array, name: string, pool: BufferPool, chunkSize: number) {
    this.name = name;
    this.size = bytes.length;
    this.#bytes = bytes;
    this.#pool = pool;
    this.#chunkSize = chunkSize;
  }

  read(): SharedPacket | undefined {
    const n = Math.min(this.#chunkSize, this.size - this.bytesRead);
    if (n <= 0) return undefined;
    const lease = this.#pool.acquire(n);
    this.readInto(lease.bytes);
    return SharedPacket.fromLease(lease, n);
  }

  readInto(dest: Uint8Array): number {
    const n = Math.min(dest.length, this.size - this.bytesRead);
    dest.set(this.#bytes.subarray(this.bytesRead, this.bytesRead + n));
    this.bytesRead += n;
    return n;
  }

  close(): void {}
}
