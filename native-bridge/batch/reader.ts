import type { PacketMeta } from '../common/index.js';
import {
  BATCH_MAGIC,
  BATCH_VERSION,
  E_CAPLEN,
  E_IFACE_LINK,
  E_NSEC,
  E_NUMBER,
  E_OFFSET,
  E_SEC_HI,
  E_SEC_LO,
  E_WIRELEN,
  ENTRY_BYTES,
  ENTRY_WORDS,
  FLAG_LAST,
  HEADER_BYTES,
  H_COUNT,
  H_ENTRY,
  H_FLAGS,
  H_INDEX,
  H_MAGIC,
  H_SEQ,
  H_USED,
  H_VERSION,
  LITTLE_ENDIAN_HOST,
  NO_INTERFACE,
} from './layout.js';

/** A packet of a batch: its metadata (interfaceId -1 when the source has none, as pcap) and bytes. */
export interface BatchPacket extends PacketMeta {
  /** A view into the batch buffer (no copy). */
  data: Uint8Array;
}

export class BatchFormatError extends Error {
  readonly code = 'BATCH_MALFORMED';
  constructor(message: string) {
    super(`malformed batch: ${message}`);
  }
}

/** The sequence number in a batch's header, or undefined when the buffer is not a batch. */
export function batchSeq(buffer: ArrayBuffer): number | undefined {
  if (buffer.byteLength < HEADER_BYTES) return undefined;
  const h = new Uint32Array(buffer, 0, HEADER_BYTES / 4);
  return h[H_MAGIC] === BATCH_MAGIC ? h[H_SEQ] : undefined;
}

/**
 * Reads a batch without copying. Validates the header and every index entry against the
 * buffer bounds, so a damaged or hostile batch (one crossing a process boundary) yields an
 * error rather than out-of-range views.
 */
export class BatchView {
  readonly buffer: ArrayBuffer;
  readonly count: number;
  readonly seq: number;
  readonly last: boolean;
  readonly usedBytes: number;
  readonly #index: Uint32Array;

  constructor(buffer: ArrayBuffer) {
    if (!LITTLE_ENDIAN_HOST) throw new BatchFormatError('big-endian hosts are not supported');
    if (buffer.byteLength < HEADER_BYTES) throw new BatchFormatError(`${buffer.byteLength} bytes is shorter than the header`);
    const h = new Uint32Array(buffer, 0, HEADER_BYTES / 4);
    if (h[H_MAGIC] !== BATCH_MAGIC) throw new BatchFormatError('bad magic');
    if ((h[H_VERSION]! & 0xffff) !== BATCH_VERSION) throw new BatchFormatError(`unsupported version ${h[H_VERSION]! & 0xffff}`);
    if (h[H_ENTRY] !== ENTRY_BYTES) throw new BatchFormatError(`entry size ${h[H_ENTRY]}`);
    const count = h[H_COUNT]!;
    const indexOffset = h[H_INDEX]!;
    const used = h[H_USED]!;
    if (indexOffset % 4 !== 0 || indexOffset < HEADER_BYTES || used > buffer.byteLength || indexOffset + count * ENTRY_BYTES !== used) {
      throw new BatchFormatError(`index at ${indexOffset} for ${count} packets does not fit ${used} used of ${buffer.byteLength} bytes`);
    }
    this.buffer = buffer;
    this.count = count;
    this.seq = h[H_SEQ]!;
    this.last = (h[H_FLAGS]! & FLAG_LAST) !== 0;
    this.usedBytes = used;
    this.#index = new Uint32Array(buffer, indexOffset, count * ENTRY_WORDS);
    for (let i = 0; i < count; i++) {
      const e = i * ENTRY_WORDS;
      const off = this.#index[e + E_OFFSET]!;
      if (off < HEADER_BYTES || off + this.#index[e + E_CAPLEN]! > indexOffset) {
        throw new BatchFormatError(`packet ${i} at ${off} runs past the data area`);
      }
    }
  }

  /** Where packet i's bytes start, from the start of the buffer. */
  offset(i: number): number {
    return this.#index[i * ENTRY_WORDS + E_OFFSET]!;
  }

  capLen(i: number): number {
    return this.#index[i * ENTRY_WORDS + E_CAPLEN]!;
  }

  /** Packet i's bytes, a view into the batch. */
  data(i: number): Uint8Array {
    const e = i * ENTRY_WORDS;
    return new Uint8Array(this.buffer, this.#index[e + E_OFFSET]!, this.#index[e + E_CAPLEN]!);
  }

  packet(i: number): BatchPacket {
    if (i < 0 || i >= this.count) throw new RangeError(`packet ${i} of a ${this.count}-packet batch`);
    const x = this.#index;
    const e = i * ENTRY_WORDS;
    const il = x[e + E_IFACE_LINK]!;
    const iface = il >>> 16;
    return {
      number: x[e + E_NUMBER]!,
      sec: (x[e + E_SEC_HI]! | 0) * 0x100000000 + x[e + E_SEC_LO]!,
      nsec: x[e + E_NSEC]!,
      wireLen: x[e + E_WIRELEN]!,
      capLen: x[e + E_CAPLEN]!,
      interfaceId: iface === NO_INTERFACE ? -1 : iface,
      linkType: il & 0xffff,
      data: this.data(i),
    };
  }
}
