import { writeSync } from 'node:fs';

/** Bytes gathered before a write to the file descriptor. */
const CHUNK = 1 << 16;
/** How long to wait before writing again to a full non-blocking pipe, ms. */
const FULL_PIPE_WAIT_MS = 1;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Buffered standard output for line-per-frame output (`read`, `stats`, `follow`), written
 * synchronously to the file descriptor. Stops quietly when the reader goes away
 * (`wirepool read big.pcap | head`), as Unix tools do.
 *
 * - Not through `process.stdout`: to a pipe, that stream writes asynchronously and queues what
 *   the reader has not taken yet, so a capture piped to a slower reader (`| less`, `| grep`)
 *   grew the process by its whole output; and its EPIPE came only after the loop, so `| head`
 *   read the whole capture. A write here returns when the bytes are in the pipe; a full
 *   non-blocking pipe is waited on; EPIPE ends the output at once.
 * - Each line is encoded into the chunk as it comes: joining the lines first made one string of
 *   the chunk, and a single non-Latin-1 character in it (the `→` of a port pair) turned the whole
 *   chunk into a two-byte string that took several times longer to join and encode.
 */
export class LineWriter {
  #chunk = Buffer.allocUnsafe(CHUNK);
  #used = 0;
  /** True once the reader has gone away (EPIPE): lines are dropped, and loops may stop. */
  closed = false;

  constructor(readonly fd = 1) {}

  line(s: string): void {
    const most = s.length * 3 + 1; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.#used + most > this.#chunk.length) {
      this.flush();
      if (most > this.#chunk.length) this.#chunk = Buffer.allocUnsafe(most);
    }
    // Into the chunk where it is (a Buffer's write makes no view per line, as encodeInto would need).
    this.#used += this.#chunk.write(s, this.#used);
    this.#chunk[this.#used++] = 0x0a;
  }

  flush(): void {
    let at = 0;
    while (at < this.#used && !this.closed) {
      try {
        at += writeSync(this.fd, this.#chunk, at, this.#used - at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') this.closed = true;
        else if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, FULL_PIPE_WAIT_MS);
        else throw e;
      }
    }
    this.#used = 0; // written, or nobody reads any more: the chunk is free again
  }
}
