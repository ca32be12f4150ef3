import { closeSync, openSync, writeSync } from 'node:fs';
import type { PacketMeta, RecordFraming } from '../batch/index.js';
import { CaptureIoError } from '../formats/index.js';

/**
 * A live capture's pcapng, little-endian: a section header, one interface description
 * (if_name, if_tsresol 9: nanoseconds), then one Enhanced Packet Block per packet. The packets'
 * blocks are written straight into the batch buffers (EpbFraming), so a batch body is a valid
 * run of blocks and the spool file is the head followed by the batch bodies, written as they
 * are: each packet is copied once in JavaScript, from libpcap's buffer into its batch.
 */

const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = new TextEncoder();
const TWO_32 = 4294967296;
/** EPB: type, total length, interface, ts high, ts low, captured, original (28 bytes), data, padding, total length. */
export const EPB_HEAD = 28;

/** The section header and interface description blocks for one interface. */
export function pcapngHead(linkType: number, snaplen: number, ifName: string, application: string): Uint8Array<ArrayBuffer> {
  const shbOpts = [[4, utf8.encode(application)]] as const;
  const idbOpts = [[2, utf8.encode(ifName)], [9, Uint8Array.of(9)]] as const;
  const blockLen = (fixed: number, opts: readonly (readonly [number, Uint8Array])[]): number => 12 + fixed + 4 + opts.reduce((n, [, v]) => n + 4 + pad4(v.length), 0);
  const shbLen = blockLen(16, shbOpts);
  const out = new Uint8Array(shbLen + blockLen(8, idbOpts));
  const v = new DataView(out.buffer);
  const block = (at: number, type: number, fixed: number, opts: readonly (readonly [number, Uint8Array])[], body: (at: number) => void): void => {
    const total = blockLen(fixed, opts);
    v.setUint32(at, type, true);
    v.setUint32(at + 4, total, true);
    body(at + 8);
    let o = at + 8 + fixed;
    for (const [code, value] of opts) {
      v.setUint16(o, code, true);
      v.setUint16(o + 2, value.length, true);
      out.set(value, o + 4);
      o += 4 + pad4(value.length);
    }
    // opt_endofopt is the 4 zero bytes left at o
    v.setUint32(at + total - 4, total, true);
  };
  block(0, 0x0a0d0d0a, 16, shbOpts, (at) => {
    v.setUint32(at, 0x1a2b3c4d, true);
    v.setUint16(at + 4, 1, true);
    v.setUint16(at + 6, 0, true);
    v.setInt32(at + 8, -1, true);
    v.setInt32(at + 12, -1, true); // section length unknown
  });
  block(shbLen, 1, 8, idbOpts, (at) => {
    v.setUint16(at, linkType, true);
    v.setUint16(at + 2, 0, true);
    v.setUint32(at + 4, snaplen, true);
  });
  return out;
}

/** Frames each packet of a batch as an EPB on interface 0 with a nanosecond timestamp. */
export class EpbFraming implements RecordFraming {
  readonly head = EPB_HEAD;
  #buffer: ArrayBufferLike | undefined;
  #view: DataView | undefined;

  size(capLen: number): number {
    return 32 + pad4(capLen);
  }

  write(bytes: Uint8Array, at: number, meta: PacketMeta): void {
    if (bytes.buffer !== this.#buffer) {
      this.#buffer = bytes.buffer;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const v = this.#view!;
    const capLen = meta.capLen;
    const total = 32 + pad4(capLen);
    // ns = sec * 1e9 + nsec without BigInt: split sec into 2^16 digits so no product passes 2^53.
    const sec = meta.sec;
    const sl = sec % 65536;
    const a = ((sec - sl) / 65536) * 1e9;
    const al = a % 65536;
    const l = al * 65536 + sl * 1e9 + meta.nsec;
    const low = l % TWO_32;
    const high = (a - al) / 65536 + (l - low) / TWO_32;
    v.setUint32(at, 6, true);
    v.setUint32(at + 4, total, true);
    v.setUint32(at + 8, 0, true);
    v.setUint32(at + 12, high, true);
    v.setUint32(at + 16, low, true);
    v.setUint32(at + 20, capLen, true);
    v.setUint32(at + 24, meta.wireLen, true);
    for (let i = at + EPB_HEAD + capLen, end = at + total - 4; i < end; i++) bytes[i] = 0;
    v.setUint32(at + total - 4, total, true);
  }
}

/**
 * The spool: the capture written to a pcapng file as it arrives, so nothing is lost when the
 * memory budget is full. Batch bodies are appended with positional writes straight from the
 * batch buffers (the kernel's copy into the page cache is the only one).
 */
export class Spool {
  readonly path: string;
  #fd: number | undefined;
  /** Bytes in the file so far (the next append lands here). */
  size = 0;
  /** Where the first packet block starts (the head's length). */
  readonly firstRecord: number;

  constructor(path: string, head: Uint8Array) {
    this.path = path;
    try {
      this.#fd = openSync(path, 'w');
    } catch (e) {
      throw new CaptureIoError(path, 'create it', e);
    }
    this.append(head, 0, head.length);
    this.firstRecord = head.length;
  }

  /** Appends bytes[start, end); returns the file offset where bytes[start] landed. */
  append(bytes: Uint8Array, start: number, end: number): number {
    const at = this.size;
    let done = start;
    try {
      while (done < end) done += writeSync(this.#fd!, bytes, done, end - done, at + (done - start));
    } catch (e) {
      throw new CaptureIoError(this.path, `write at byte ${at + (done - start)}`, e);
    }
    this.size = at + (end - start);
    return at;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
