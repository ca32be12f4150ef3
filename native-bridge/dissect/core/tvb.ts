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

/**
 * A read inside the length a PDU reports but past what this segment holds, where TCP does not
 * reassemble (Wireshark's FragmentBoundsError): the rest is in segments not put together, so
 * dissectFrame marks the frame unreassembled rather than malformed. See `Tvb.pdu`.
 */
export class FragmentError extends BoundsError {}

/**
 * A read past the length the packet reports for these bytes, where that is known to be more than
 * was captured (Wireshark's ReportedBoundsError): the packet itself is malformed there, though
 * the capture was cut before it.
 */
export class ReportedBoundsError extends BoundsError {}

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
  /** The buffer the view is cut from (the frame, or a data source) and the view's place in it: no subarray is made per layer. */
  readonly #buf: Uint8Array;
  readonly #off: number;
  readonly #len: number;
  /** The length the packet reports for these bytes (at least #len); past #len within it, a fragment's reads fail as FragmentError. */
  readonly #reported: number;
  readonly #fragment: boolean;
  #bytes: Uint8Array | undefined;
  #dv: DataView | undefined;
  /** Offset of this view's first byte within its data source (for byte ranges in the tree). */
  readonly base: number;
  /**
   * The data source these bytes belong to: 0 is the frame; others are buffers a dissector built
   * (a reassembled datagram), registered with `ProtoTree.addSource` (Wireshark's data sources).
   */
  readonly source: number;

  constructor(bytes: Uint8Array, base = 0, source = 0, off = 0, len = bytes.length - off, reported = len, fragment = false) {
    this.#buf = bytes;
    this.#off = off;
    this.#len = len;
    this.#reported = Math.max(reported, len);
    this.#fragment = fragment;
    this.base = base;
    this.source = source;
  }

  /** The packet bytes this view covers (a view into pooled memory: never copied; made on first use). */
  get bytes(): Uint8Array {
    this.#bytes ??= this.#off === 0 && this.#len === this.#buf.length ? this.#buf : this.#buf.subarray(this.#off, this.#off + this.#len);
    return this.#bytes;
  }

  get length(): number {
    return this.#len;
  }

  /** Bytes left from `offset` (0 when past the end). */
  remaining(offset: number): number {
    return Math.max(0, this.#len - offset);
  }

  has(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.#len;
  }

  check(offset: number, length: number): void {
    if (this.has(offset, length)) return;
    if (offset >= 0 && length >= 0 && offset + length <= this.#reported) {
      if (this.#fragment) throw new FragmentError(this.base + offset, length, this.#len - offset);
    } else if (this.#reported > this.#len) throw new ReportedBoundsError(this.base + offset, length, this.#len - offset);
    throw new BoundsError(this.base + offset, length, this.#len - offset);
  }

  u8(o: number): number {
    if (!(o >= 0 && o < this.#len)) this.check(o, 1);
    return this.#buf[this.#off + o]!;
  }

  u16(o: number, le = false): number {
    if (!(o >= 0 && o + 2 <= this.#len)) this.check(o, 2);
    const b = this.#buf;
    const i = this.#off + o;
    return le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!;
  }

  u24(o: number): number {
    this.check(o, 3);
    const b = this.#buf;
    const i = this.#off + o;
    return (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
  }

  u32(o: number, le = false): number {
    if (!(o >= 0 && o + 4 <= this.#len)) this.check(o, 4);
    const b = this.#buf;
    const i = this.#off + o;
    return le
      ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0
      : ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }

  u64(o: number, le = false): bigint {
    this.check(o, 8);
    this.#dv ??= new DataView(this.#buf.buffer, this.#buf.byteOffset + this.#off, this.#len);
    return this.#dv.getBigUint64(o, le);
  }

  /** Copies `length` bytes at `offset` into `into` at `at` (no view made: for short runs such as a name's labels). */
  copyTo(offset: number, length: number, into: Uint8Array, at: number): void {
    this.check(offset, length);
    const b = this.#buf;
    const from = this.#off + offset;
    for (let i = 0; i < length; i++) into[at + i] = b[from + i]!;
  }

  /** A zero-copy view of `length` bytes at `offset`. */
  view(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    return this.#buf.subarray(this.#off + offset, this.#off + offset + length);
  }

  /**
   * A sub-tvb from `offset` (to the end, or `length` bytes); shares memory, keeps frame offsets.
   * To the end, it keeps what is reported past what is held, and a fragment's mark.
   */
  sub(offset: number, length?: number): Tvb {
    const len = length ?? this.#len - offset;
    this.check(offset, len);
    const reported = length === undefined ? this.#reported - offset : len;
    return new Tvb(this.#buf, this.base + offset, this.source, this.#off + offset, len, reported, this.#fragment);
  }

  /**
   * One PDU of `reported` bytes from `offset`, as TCP's PDU splitting cuts it (Wireshark's
   * tvb_new_subset_length_caplen): what this buffer holds of it, reporting the PDU's length. With
   * `fragment` (TCP cannot reassemble it), reads past what is held but within the PDU fail as
   * FragmentError.
   */
  pdu(offset: number, reported: number, fragment: boolean): Tvb {
    this.check(offset, 0);
    const len = Math.min(this.#len - offset, reported);
    return new Tvb(this.#buf, this.base + offset, this.source, this.#off + offset, len, reported, fragment);
  }

  /** The length the packet reports for these bytes: more than `length` for a PDU cut short (see `pdu`). */
  get reported(): number {
    return this.#reported;
  }

  /**
   * Reported bytes left from `offset` as Wireshark's tvb_reported_length_remaining counts them:
   * 0 from an offset past what is held (where a walk over reported bytes stops quietly).
   */
  reportedRemaining(offset: number): number {
    return offset >= 0 && offset <= this.#len ? this.#reported - offset : 0;
  }

  ascii(offset: number, length: number): string {
    return latin1.decode(this.view(offset, length));
  }

  utf8(offset: number, length: number): string {
    return utf8.decode(this.view(offset, length));
  }
}
