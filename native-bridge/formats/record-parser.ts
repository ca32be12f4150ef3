import { SharedPacket, type BufferPool } from '../pool/index.js';
import { CaptureFormatError, type CaptureFormatErrorCode } from './errors.js';
import type { CaptureFormat, Frame, InterfaceInfo } from './frame.js';

export interface ParserOptions {
  /** Name used in error messages (a path, or a label). */
  name: string;
  /** Where records that straddle two chunks are copied to. */
  pool: BufferPool;
  /**
   * Total input size, when known. A record that would run past it is reported as truncated
   * at once, without allocating a buffer for a length the file cannot hold.
   */
  size?: number;
  /**
   * The input can be read again from any offset (a file read with positional reads). Then a
   * record that straddles the chunk end is not copied: the parser stops before it, `position`
   * says where the next chunk must start and `wanted` how many bytes it must hold at least,
   * and the caller gives that chunk with `feed()`. So every record lies in one chunk, in place.
   */
  seekable?: boolean;
}

/** What the reader needs from a parser; the same parser can be fed from a file, a socket or a worker. */
export interface CaptureParser {
  readonly format: CaptureFormat;
  /** Interfaces described so far (pcap: the one from the file header). */
  readonly interfaces: readonly InterfaceInfo[];
  /** Set once the input is malformed; no frame is returned after it. */
  readonly fault: CaptureFormatError | undefined;
  /** True once the input ended cleanly after the last record. */
  readonly done: boolean;
  /** Hands over a chunk; the parser owns the caller's reference from now on. */
  append(chunk: SharedPacket): void;
  /** No more input will come: a partial record left over becomes a truncation fault. */
  end(): void;
  /** The next frame, or undefined when more input is needed, the input is done, or a fault was found. */
  next(): Frame | undefined;
  /** Releases the current chunk and any partly stitched record. */
  close(): void;
}

/** A parser over seekable input (ParserOptions.seekable): chunks start where it asks. */
export interface SeekableParser extends CaptureParser {
  /** File offset of the first byte not yet parsed: where the next chunk must start. */
  readonly position: number;
  /** Bytes the next chunk must hold for parsing to go on (the record it stopped before); 0 before the first stop. */
  readonly wanted: number;
  /** Hands over a chunk read at `fileOffset` (must equal `position`); replaces the current one. */
  feed(chunk: SharedPacket, fileOffset: number): void;
  /** Lets go of the current chunk (its frames' views stay valid while they are held). */
  detach(): void;
}

const NONE = 0;
const HEAD = 1;
const BODY = 2;
const EMPTY = new Uint8Array(0);

/**
 * Record framing shared by pcap and pcapng. A subclass says how many leading bytes give a
 * record's total length (`prefix`), computes that length (`measure`) and decodes a complete
 * record (`record`). This class keeps the current chunk and one DataView over it, hands out
 * records that lie inside the chunk in place, and copies only a record that straddles chunks
 * into a pool lease of its exact size (two steps when even the prefix straddles).
 *
 * Nothing here throws on bad bytes: `fail()` records a CaptureFormatError and parsing stops.
 */
export abstract class RecordParser implements SeekableParser {
  abstract readonly format: CaptureFormat;
  abstract readonly interfaces: readonly InterfaceInfo[];
  fault: CaptureFormatError | undefined;
  done = false;
  protected readonly name: string;
  protected readonly pool: BufferPool;
  /** Frames returned so far. */
  protected count = 0;
  /** What a record is called in messages ('record', 'block'). */
  protected unit = 'record';
  private readonly size: number;
  private readonly seekable: boolean;
  wanted = 0;
  private chunk: SharedPacket | undefined;
  private buf: Uint8Array = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer);
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private ended = false;
  // A record being stitched across chunks.
  private stitching = NONE;
  private stitchAt = 0;
  private headNeed = 0;
  private headFill = 0;
  private readonly head = new Uint8Array(32);
  private readonly headView = new DataView(this.head.buffer);
  private stitch: SharedPacket | undefined;
  private stitchBytes: Uint8Array = EMPTY;
  private stitchFill = 0;

  constructor(opts: ParserOptions) {
    this.name = opts.name;
    this.pool = opts.pool;
    this.size = opts.size ?? Infinity;
    this.seekable = opts.seekable ?? false;
  }

  get position(): number {
    return this.base + this.pos;
  }

  /** Bytes needed to learn the next record's total length (at most 32). */
  protected abstract prefix(): number;
  /** Total length of the record at `off` (at least `prefix()`), or -1 after `fail()`. */
  protected abstract measure(view: DataView, off: number, fileOffset: number): number;
  /**
   * Decodes a complete record: a frame for packets, undefined for other records or after
   * `fail()`. Always called for the record `measure()` looked at last, so a subclass may keep
   * what measure() learned.
   */
  protected abstract record(view: DataView, off: number, fileOffset: number, owner: SharedPacket): Frame | undefined;

  append(chunk: SharedPacket): void {
    if (this.fault !== undefined || this.done) {
      chunk.release(); // nothing more will be parsed
      return;
    }
    if (this.pos < this.buf.length) {
      chunk.release();
      throw new Error('RecordParser.append() called before next() consumed the previous chunk');
    }
    this.chunk?.release();
    this.base += this.buf.length;
    this.chunk = chunk;
    const bytes = chunk.bytes;
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }

  feed(chunk: SharedPacket, fileOffset: number): void {
    if (!this.seekable || fileOffset !== this.position) {
      chunk.release();
      throw new Error(`RecordParser.feed() needs seekable input and a chunk at ${this.position}, got ${fileOffset}`);
    }
    this.detach();
    this.wanted = 0; // it described the stop this chunk answers
    this.ended = false; // end() again if this chunk, too, reaches the end of the input
    this.chunk = chunk;
    const bytes = chunk.bytes;
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  detach(): void {
    this.chunk?.release();
    this.chunk = undefined;
    this.base += this.pos;
    this.buf = EMPTY;
    this.view = new DataView(EMPTY.buffer);
    this.pos = 0;
  }

  end(): void {
    this.ended = true;
  }

  next(): Frame | undefined {
    for (;;) {
      if (this.fault !== undefined || this.done) return undefined;
      if (this.stitching !== NONE) {
        if (!this.continueStitch()) return undefined;
        const pkt = this.stitch!;
        this.stitch = undefined;
        this.stitching = NONE;
        const bytes = this.stitchBytes;
        this.stitchBytes = EMPTY;
        const frame = this.record(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, this.stitchAt, pkt);
        pkt.release(); // the frame's slice holds its own share
        if (frame !== undefined) return frame;
        continue;
      }
      const pos = this.pos;
      const avail = this.buf.length - pos;
      const need = this.prefix();
      if (avail < need) {
        if (!this.ended) {
          if (this.seekable) this.wanted = need;
          else if (avail > 0) this.startHead(need, avail);
          return undefined;
        }
        if (avail === 0) this.done = true;
        else this.truncated(this.base + pos, avail, need, 'header');
        return undefined;
      }
      const total = this.measure(this.view, pos, this.base + pos);
      if (total < 0) return undefined;
      if (avail >= total) {
        this.pos = pos + total;
        const frame = this.record(this.view, pos, this.base + pos, this.chunk!);
        if (frame !== undefined) return frame;
        continue;
      }
      if (this.seekable) {
        // Stop before it; the caller reads again from here. Truncation is told as startBody would.
        const at = this.base + pos;
        if (at + total > this.size) this.truncated(at, this.size - at, total, this.unit);
        else if (this.ended) this.truncated(at, avail, total, this.unit);
        else this.wanted = total;
        return undefined;
      }
      // Straddles the chunk end: the loop continues into continueStitch(), which copies what we have.
      if (!this.startBody(this.base + pos, total, avail)) return undefined;
    }
  }

  close(): void {
    this.chunk?.release();
    this.chunk = undefined;
    this.stitch?.release();
    this.stitch = undefined;
    this.buf = EMPTY;
    this.pos = 0;
    this.stitching = NONE;
  }

  protected fail(code: CaptureFormatErrorCode, fileOffset: number, reason: string): void {
    this.fault ??= new CaptureFormatError(code, this.name, fileOffset, reason);
  }

  private truncated(at: number, have: number, need: number, what: string): void {
    this.fail('CAPTURE_TRUNCATED', at, `the file ends ${have} bytes into a ${need}-byte ${what}`);
  }

  /** The prefix itself straddles: collect it in `head` first. */
  private startHead(need: number, avail: number): void {
    this.stitching = HEAD;
    this.stitchAt = this.base + this.pos;
    this.headNeed = need;
    this.head.set(this.buf.subarray(this.pos), 0);
    this.headFill = avail;
    this.pos = this.buf.length;
  }

  /**
   * Acquires the stitch buffer once the total is known, unless the input cannot hold it:
   * `have` bytes of the record are at hand, so at end of input (or past the known size) the
   * record is reported truncated before anything is allocated for its claimed length.
   */
  private startBody(at: number, total: number, have: number): boolean {
    if (at + total > this.size) {
      this.truncated(at, this.size - at, total, this.unit);
      return false;
    }
    if (this.ended && have < total) {
      this.truncated(at, have, total, this.unit);
      return false;
    }
    const lease = this.pool.acquire(total);
    this.stitch = SharedPacket.fromLease(lease, total);
    this.stitchBytes = lease.bytes;
    this.stitchAt = at;
    this.stitchFill = 0;
    this.stitching = BODY;
    return true;
  }

  /** Feeds the current chunk into the stitch; true once the record is complete. */
  private continueStitch(): boolean {
    if (this.stitching === HEAD) {
      const take = Math.min(this.headNeed - this.headFill, this.buf.length - this.pos);
      this.head.set(this.buf.subarray(this.pos, this.pos + take), this.headFill);
      this.headFill += take;
      this.pos += take;
      if (this.headFill < this.headNeed) {
        if (this.ended) this.truncated(this.stitchAt, this.headFill, this.headNeed, 'header');
        return false;
      }
      const total = this.measure(this.headView, 0, this.stitchAt);
      if (total < 0 || !this.startBody(this.stitchAt, total, this.headNeed + this.buf.length - this.pos)) return false;
      this.stitchBytes.set(this.head.subarray(0, this.headNeed), 0);
      this.stitchFill = this.headNeed;
    }
    const take = Math.min(this.stitchBytes.length - this.stitchFill, this.buf.length - this.pos);
    this.stitchBytes.set(this.buf.subarray(this.pos, this.pos + take), this.stitchFill);
    this.stitchFill += take;
    this.pos += take;
    if (this.stitchFill < this.stitchBytes.length) {
      if (this.ended) this.truncated(this.stitchAt, this.stitchFill, this.stitchBytes.length, this.unit);
      return false;
    }
    return true;
  }
}
