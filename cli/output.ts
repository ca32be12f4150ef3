/** Bytes gathered before a write to the stream. */
const CHUNK = 1 << 16;

const encoder = new TextEncoder();

/**
 * Buffered stdout for line-per-frame output. Stops quietly when the reader goes away
 * (`wirepool read big.pcap | head`), as Unix tools do.
 *
 * Each line is encoded into the chunk as it comes: joining the lines first made one string of
 * the chunk, and a single non-Latin-1 character in it (the `→` of a port pair) turned the whole
 * chunk into a two-byte string that took several times longer to join and encode.
 */
export class LineWriter {
  #chunk = new Uint8Array(CHUNK);
  #used = 0;
  closed = false;

  constructor(readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
  }

  line(s: string): void {
    const most = s.length * 3 + 1; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.#used + most > this.#chunk.length) {
      this.flush();
      if (most > this.#chunk.length) this.#chunk = new Uint8Array(most);
    }
    this.#used += encoder.encodeInto(s, this.#chunk.subarray(this.#used)).written;
    this.#chunk[this.#used++] = 0x0a;
  }

  flush(): void {
    if (this.closed) this.#used = 0; // nobody reads any more: drop what is left
    if (this.#used === 0) return;
    // The stream may hold the bytes until written: the next lines go into a new chunk.
    this.stream.write(this.#chunk.subarray(0, this.#used));
    this.#chunk = new Uint8Array(CHUNK);
    this.#used = 0;
  }
}
