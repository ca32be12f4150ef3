import { CaptureWriteError } from './errors.js';
import { FileSink, type SinkTarget } from './file-sink.js';
import type { Frame } from './frame.js';
import { maxCaplenFor } from './limits.js';
import { BLOCK_EPB, BLOCK_IDB, BLOCK_SHB, BYTE_ORDER_MAGIC } from './pcapng-parser.js';
import type { RecordMeta } from './pcap-writer.js';

export interface PcapngInterface {
  linkType: number;
  /** 0 (the default) means no limit. */
  snaplen?: number;
  /** Written as if_name when given. */
  name?: string | undefined;
}

export interface PcapngWriterOptions {
  /** Interfaces described up front; more can be added with `addInterface()`. */
  interfaces?: readonly PcapngInterface[];
  /** shb_userappl; defaults to "wirepool". */
  application?: string;
  /** Output buffer size (default 64 KiB). */
  bufferSize?: number;
}

const TWO_32 = 4294967296;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const utf8 = new TextEncoder();
const pad4 = (n: number): number => (n + 3) & ~3;

/** A little-endian pcapng block: header, `fixed` bytes filled by `body`, options (plus opt_endofopt), trailer. */
function pcapngBlock(
  type: number,
  fixed: number,
  options: readonly (readonly [number, Uint8Array])[],
  body: (view: DataView, at: number) => void,
): Uint8Array<ArrayBuffer> {
  let optLen = 0;
  for (const [, value] of options) optLen += 4 + pad4(value.length);
  if (options.length > 0) optLen += 4;
  const total = 12 + fixed + optLen;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  body(view, 8);
  let o = 8 + fixed;
  for (const [code, value] of options) {
    view.setUint16(o, code, true);
    view.setUint16(o + 2, value.length, true);
    bytes.set(value, o + 4);
    o += 4 + pad4(value.length);
  }
  view.setUint32(total - 4, total, true); // opt_endofopt is the zeros already there
  return bytes;
}

/** A section header block (little-endian, section length unknown) naming the writing application. */
export function sectionHeaderBlock(application: string): Uint8Array<ArrayBuffer> {
  return pcapngBlock(BLOCK_SHB, 16, [[OPT_SHB_USERAPPL, utf8.encode(application)]], (view, at) => {
    view.setUint32(at, BYTE_ORDER_MAGIC, true);
    view.setUint16(at + 4, 1, true);
    view.setUint16(at + 6, 0, true);
    view.setBigInt64(at + 8, -1n, true); // section length unknown
  });
}

/** An interface description block: if_name when known, if_tsresol 9 (timestamps in nanoseconds). */
export function interfaceBlock(iface: PcapngInterface): Uint8Array<ArrayBuffer> {
  const options: [number, Uint8Array][] = [];
  if (iface.name !== undefined) options.push([OPT_IF_NAME, utf8.encode(iface.name)]);
  options.push([OPT_IF_TSRESOL, Uint8Array.of(9)]);
  return pcapngBlock(BLOCK_IDB, 8, options, (view, at) => {
    view.setUint16(at, iface.linkType, true);
    view.setUint16(at + 2, 0, true);
    view.setUint32(at + 4, iface.snaplen ?? 0, true);
  });
}

/**
 * sec + nsec as pcapng's 64-bit nanoseconds (if_tsresol 9) in `out.high`/`out.low`, exact and
 * without BigInt; false (out untouched) outside what that covers (before 1970, from 2514 on, or
 * not integers).
 */
export function nanosecondWords(sec: number, nsec: number, out: { high: number; low: number }): boolean {
  if (!(Number.isInteger(sec) && sec >= 0 && sec < 17179869184 && nsec >= 0 && nsec < TWO_32 * 1000)) return false;
  // sec = sh * 2^16 + sl; sh * 1e9 < 2^48, so every partial product is exact.
  const sl = sec % 65536;
  const a = ((sec - sl) / 65536) * 1e9;
  const al = a % 65536;
  const l = al * 65536 + sl * 1e9 + nsec;
  out.low = l % TWO_32;
  out.high = (a - al) / 65536 + (l - out.low) / TWO_32;
  return true;
}

/**
 * Writes little-endian pcapng: one section, one IDB per interface (if_tsresol 9, so
 * timestamps are nanoseconds; if_name when known), one EPB per packet. IDBs may be added
 * between packets; a packet may only name an interface already described.
 */
export class PcapngWriter {
  readonly #sink: FileSink;
  readonly #ifaces: { linkType: number; maxCaplen: number }[] = [];
  readonly #ts = { high: 0, low: 0 };

  constructor(target: SinkTarget, opts: PcapngWriterOptions = {}) {
    this.#sink = new FileSink(target, opts.bufferSize);
    this.#sink.write(sectionHeaderBlock(opts.application ?? 'wirepool'));
    for (const iface of opts.interfaces ?? []) this.addInterface(iface);
  }

  get interfaceCount(): number {
    return this.#ifaces.length;
  }

  get bytesWritten(): number {
    return this.#sink.position;
  }

  /** Writes an IDB; returns the interface id to write its packets with. */
  addInterface(iface: PcapngInterface): number {
    this.#open();
    this.#sink.write(interfaceBlock(iface));
    this.#ifaces.push({ linkType: iface.linkType, maxCaplen: maxCaplenFor(iface.linkType) });
    return this.#ifaces.length - 1;
  }

  /** Writes one EPB. `interfaceId` -1 (a pcap frame) means interface 0. */
  write(meta: RecordMeta, bytes: Uint8Array, interfaceId: number): void {
    this.#open();
    const sink = this.#sink;
    const id = Math.max(interfaceId, 0);
    const iface = this.#ifaces[id];
    if (iface === undefined) {
      throw new CaptureWriteError(
        'CAPTURE_WRITE_INTERFACE',
        sink.name,
        `packet names interface ${id} but ${this.#ifaces.length} are described`,
        'call addInterface() first',
      );
    }
    if (bytes.length > iface.maxCaplen) {
      throw new CaptureWriteError(
        'CAPTURE_WRITE_TOO_LARGE',
        sink.name,
        `a ${bytes.length}-byte packet is over the ${iface.maxCaplen}-byte maximum for link type ${iface.linkType}`,
        'readers (TShark included) reject such blocks; truncate the packet',
      );
    }
    this.#nanoseconds(meta); // may throw: before anything is reserved
    const total = 32 + pad4(bytes.length);
    const view = sink.view;
    const at = sink.reserve(28);
    view.setUint32(at, BLOCK_EPB, true);
    view.setUint32(at + 4, total, true);
    view.setUint32(at + 8, id, true);
    view.setUint32(at + 12, this.#ts.high, true);
    view.setUint32(at + 16, this.#ts.low, true);
    view.setUint32(at + 20, bytes.length, true);
    view.setUint32(at + 24, meta.wireLen, true);
    sink.write(bytes);
    const tail = sink.reserve(total - 28 - bytes.length);
    sink.buffer.fill(0, tail, tail + pad4(bytes.length) - bytes.length);
    view.setUint32(tail + pad4(bytes.length) - bytes.length, total, true);
  }

  /** Writes a reader's frame on the interface at its `interfaceIndex` (its id for single-section input). */
  writeFrame(frame: Frame): void {
    this.write(frame, frame.data.bytes, frame.interfaceIndex);
  }

  flush(): void {
    this.#sink.flush();
  }

  close(): void {
    this.#sink.close();
  }

  #open(): void {
    if (this.#sink.closed) throw new CaptureWriteError('CAPTURE_WRITE_CLOSED', this.#sink.name, 'write after close()', 'open a new writer');
  }

  /** ts = sec * 1e9 + nsec into #ts, exact (BigInt only for years from 2514 on). */
  #nanoseconds(meta: RecordMeta): void {
    const { sec, nsec } = meta;
    if (!nanosecondWords(sec, nsec, this.#ts)) {
      const t = BigInt(sec) * 1_000_000_000n + BigInt(nsec);
      if (!Number.isInteger(sec) || !Number.isInteger(nsec) || t < 0n || t >= 1n << 64n) {
        throw new CaptureWriteError(
          'CAPTURE_WRITE_TIMESTAMP',
          this.#sink.name,
          `timestamp ${sec}.${nsec} is outside pcapng's unsigned 64-bit nanoseconds since 1970`,
          'only times from 1970 to 2554 can be written',
        );
      }
      this.#ts.high = Number(t >> 32n);
      this.#ts.low = Number(t & 0xffffffffn);
    }
  }
}
