/**
 * Bounds-checked reads over packet bytes (Wireshark's tvbuff). Decoders read only through
 * this; a read past the end throws a `BoundsError`, which the dissection driver catches and
 * turns into a "malformed" mark at that offset, so a decoder never crashes the engine and
 * never reads another packet's bytes.
 */
/**
 * An error about the bytes at `offset`, made without a stack trace: truncated and fuzzed packets
 * raise these constantly, and the trace is most of an Error's cost and says nothing the offset
 * does not. The decoders' own kinds (BoundsError, NestingError, DerError) extend it.
 */
export class OffsetError extends Error {
  readonly offset: number;

  constructor(offset: number, message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.offset = offset;
  }
}

export class BoundsError extends OffsetError {
  readonly length: number;
  readonly available: number;

  constructor(offset: number, length: number, available: number) {
    super(offset, `read of ${length} bytes at offset ${offset} runs past the ${available} bytes available`);
    this.length = length;
    this.available = available;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/**
 * Thrown by a decoder when a frame nests deeper than its limit (IP in IP, IPv6 extension
 * headers): like a read past the end, dissectFrame marks the frame malformed at `offset`
 * with this message, keeping what was decoded, and it is not an internal error. (Wireshark
 * stops at its own layer limit with a "[Dissector bug …]" malformed mark.)
 */
export class NestingError extends OffsetError {}

export class Tvb {
  /** The packet bytes this view covers (a view into pooled memory: never copied). */
  readonly bytes: Uint8Array;
  readonly #dv: DataView;
  /** Offset of this view's first byte within its data source (for byte ranges in the tree). */
  readonly base: number;
  /**
   * The data source these bytes belong to: 0 is the frame; others are buffers a dissector built
   * (a reassembled datagram), registered with `ProtoTree.addSource` (Wireshark's data sources).
   */
  readonly source: number;

  constructor(bytes: Uint8Array, base = 0, source = 0) {
    this.bytes = bytes;
    this.base = base;
    this.source = source;
    this.#dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Bytes left from `offset` (0 when past the end). */
  remaining(offset: number): number {
    return Math.max(0, this.bytes.length - offset);
  }

  has(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  check(offset: number, length: number): void {
    if (!this.has(offset, length)) throw new BoundsError(this.base + offset, length, this.bytes.length - offset);
  }

  u8(o: number): number {
    this.check(o, 1);
    return this.bytes[o]!;
  }

  u16(o: number, le = false): number {
    this.check(o, 2);
    return this.#dv.getUint16(o, le);
  }

  u24(o: number): number {
    this.check(o, 3);
    return (this.bytes[o]! << 16) | (this.bytes[o + 1]! << 8) | this.bytes[o + 2]!;
  }

  u32(o: number, le = false): number {
    this.check(o, 4);
    return this.#dv.getUint32(o, le);
  }

  u64(o: number, le = false): bigint {
    this.check(o, 8);
    return this.#dv.getBigUint64(o, le);
  }

  /** A zero-copy view of `length` bytes at `offset`. */
  view(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    return this.bytes.subarray(offset, offset + length);
  }

  /** A sub-tvb from `offset` (to the end, or `length` bytes); shares memory, keeps frame offsets. */
  sub(offset: number, length = this.bytes.length - offset): Tvb {
    this.check(offset, length);
    return new Tvb(this.bytes.subarray(offset, offset + length), this.base + offset, this.source);
  }

  ascii(offset: number, length: number): string {
    return latin1.decode(this.view(offset, length));
  }

  utf8(offset: number, length: number): string {
    return utf8.decode(this.view(offset, length));
  }
}
