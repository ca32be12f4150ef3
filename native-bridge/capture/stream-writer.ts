import { write } from 'node:fs';

const BUFFER = 256 * 1024;
const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = new TextEncoder();
const TWO_32 = 4294967296;

/**
 * The capture process's pcapng output (little-endian: SHB, one IDB with if_name and
 * if_tsresol 9, then one EPB per packet), written without ever blocking the thread that drains
 * libpcap: packets are encoded into 256 KiB buffers, full buffers are written by `fs.write`
 * (libuv's thread pool) one after another, and while the file is behind they wait in memory
 * up to `maxQueued` bytes. Past that, packets are dropped and counted (`dropped`), never the
 * kernel's ring overflowing unseen. `onWritten` tells the total after each write.
 */
export class StreamWriter {
  readonly #fd: number;
  readonly #maxQueued: number;
  #buf: Uint8Array<ArrayBuffer> = new Uint8Array(BUFFER);
  #view = new DataView(this.#buf.buffer);
  #used = 0;
  #queue: { buf: Uint8Array<ArrayBuffer>; len: number }[] = [];
  #queuedBytes = 0;
  #writing = false;
  readonly #free: Uint8Array<ArrayBuffer>[] = [];
  #closed: (() => void) | undefined;
  readonly #onWritten: (total: number) => void;
  /** Bytes written to the file so far. */
  written = 0;
  dropped = 0;

  constructor(fd: number, maxQueued: number, onWritten: (total: number) => void = () => {}) {
    this.#fd = fd;
    this.#maxQueued = maxQueued;
    this.#onWritten = onWritten;
  }

  /** Section header and the interface's description. */
  header(linkType: number, snaplen: number, ifName: string, application: string): void {
    this.#block(0x0a0d0d0a, 16, [[4, utf8.encode(application)]], (v, at) => {
      v.setUint32(at, 0x1a2b3c4d, true);
      v.setUint16(at + 4, 1, true);
      v.setUint16(at + 6, 0, true);
      v.setInt32(at + 8, -1, true);
      v.setInt32(at + 12, -1, true); // section length unknown
    });
    this.#block(1, 8, [[2, utf8.encode(ifName)], [9, Uint8Array.of(9)]], (v, at) => {
      v.setUint16(at, linkType, true);
      v.setUint16(at + 2, 0, true);
      v.setUint32(at + 4, snaplen, true);
    });
  }

  /** One EPB on interface 0; `sec`/`nsec` become 64-bit nanoseconds. */
  packet(sec: number, nsec: number, wireLen: number, data: Uint8Array): void {
    const total = 32 + pad4(data.length);
    if (this.#used + total > BUFFER && !this.#rotate()) {
      this.dropped++;
      return;
    }
    // ns = sec * 1e9 + nsec without BigInt: split sec into 2^16 digits so no product passes 2^53.
    const sl = sec % 65536;
    const a = ((sec - sl) / 65536) * 1e9;
    const al = a % 65536;
    const l = al * 65536 + sl * 1e9 + nsec;
    const low = l % TWO_32;
    const high = (a - al) / 65536 + (l - low) / TWO_32;
    const v = this.#view;
    const at = this.#used;
    v.setUint32(at, 6, true);
    v.setUint32(at + 4, total, true);
    v.setUint32(at + 8, 0, true);
    v.setUint32(at + 12, high, true);
    v.setUint32(at + 16, low, true);
    v.setUint32(at + 20, data.length, true);
    v.setUint32(at + 24, wireLen, true);
    this.#buf.set(data, at + 28);
    this.#buf.fill(0, at + 28 + data.length, at + total - 4);
    v.setUint32(at + total - 4, total, true);
    this.#used = at + total;
  }

  /** Queues what is buffered (called on a timer, so a trickle is not held back). */
  flush(): void {
    if (this.#used > 0) this.#rotate();
  }

  /** Flushes and resolves once everything is written. */
  close(): Promise<void> {
    this.flush();
    if (!this.#writing) return Promise.resolve();
    return new Promise((resolve) => (this.#closed = resolve));
  }

  /** Queues the current buffer and starts a fresh one; false when the queue is over its limit. */
  #rotate(): boolean {
    if (this.#queuedBytes + this.#used > this.#maxQueued) return false;
    this.#queue.push({ buf: this.#buf, len: this.#used });
    this.#queuedBytes += this.#used;
    this.#buf = this.#free.pop() ?? new Uint8Array(BUFFER);
    this.#view = new DataView(this.#buf.buffer);
    this.#used = 0;
    this.#pump();
    return true;
  }

  #pump(): void {
    if (this.#writing) return;
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#closed?.();
      return;
    }
    this.#writing = true;
    const done = (off: number): void => {
      if (off < next.len) {
        write(this.#fd, next.buf, off, next.len - off, null, (e, n) => (e ? this.#failed(e) : done(off + n)));
        return;
      }
      this.#queuedBytes -= next.len;
      this.written += next.len;
      this.#onWritten(this.written);
      if (this.#free.length < 64) this.#free.push(next.buf); // up to 16 MiB stays warm for the next burst
      this.#writing = false;
      this.#pump();
    };
    done(0);
  }

  #failed(e: Error): void {
    // The reader went away (the engine stopped): nothing more can be delivered.
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#writing = false;
    this.#closed?.();
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }

  #block(type: number, fixed: number, options: [number, Uint8Array][], body: (v: DataView, at: number) => void): void {
    let optLen = 4;
    for (const [, value] of options) optLen += 4 + pad4(value.length);
    const total = 12 + fixed + optLen;
    const at = this.#used;
    const v = this.#view;
    this.#buf.fill(0, at, at + total);
    v.setUint32(at, type, true);
    v.setUint32(at + 4, total, true);
    body(v, at + 8);
    let o = at + 8 + fixed;
    for (const [code, value] of options) {
      v.setUint16(o, code, true);
      v.setUint16(o + 2, value.length, true);
      this.#buf.set(value, o + 4);
      o += 4 + pad4(value.length);
    }
    v.setUint32(at + total - 4, total, true);
    this.#used = at + total;
  }
}
