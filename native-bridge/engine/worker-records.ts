import { closeSync, fstatSync, readSync } from 'node:fs';
import { WirepoolError } from '../common/errors.js';
import { grown } from '../common/index.js';
import { CaptureIoError, createCaptureParser, openRegular, type CaptureParser, type FileId, type Frame } from '../formats/index.js';
import { SharedPacket, type BufferPool } from '../pool/index.js';

/**
 * Where a run's packets can be read again: a capture file (replay), or the pcapng stream a
 * live capture produced (in memory or spooled to disk). Positional reads only.
 */
export interface ByteSource {
  readonly name: string;
  /** Bytes that can be read now. */
  readonly size: number;
  /** Reads up to dest.length bytes at `offset`; returns how many (0 at the end). */
  readAt(dest: Uint8Array, offset: number): number;
  close(): void;
}

/** A regular file opened once for positional reads. */
export class FileBytes implements ByteSource {
  readonly name: string;
  /** The file read (device and inode): a save must not replace it. */
  readonly id: FileId;
  #fd: number | undefined;

  constructor(path: string) {
    this.name = path;
    const { fd, id } = openRegular(path);
    this.#fd = fd;
    this.id = id;
  }

  get size(): number {
    return this.#fd === undefined ? 0 : fstatSync(this.#fd).size;
  }

  readAt(dest: Uint8Array, offset: number): number {
    if (this.#fd === undefined) return 0;
    let got = 0;
    try {
      while (got < dest.length) {
        const n = readSync(this.#fd, dest, got, dest.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw new CaptureIoError(this.name, `read at byte ${offset + got}`, e, 'read');
    }
    return got;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Where packet i of a run is: its record's byte offset in the source and its frame number. */
export interface PacketLocator {
  readonly count: number;
  offset(i: number): number;
  number(i: number): number;
}

/**
 * Per packet of a run: the byte offset of its record in the source and its frame number.
 * 16 bytes a packet in two growable Float64Arrays (a million packets: 16 MB), so any packet
 * can be read again without keeping its bytes.
 */
export class RecordIndex implements PacketLocator {
  #offsets = new Float64Array(1024);
  #numbers = new Float64Array(1024);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(offset: number, number: number): void {
    if (this.#count === this.#offsets.length) {
      this.#offsets = grown(this.#offsets, this.#count + 1);
      this.#numbers = grown(this.#numbers, this.#count + 1);
    }
    this.#offsets[this.#count] = offset;
    this.#numbers[this.#count++] = number;
  }

  offset(i: number): number {
    return this.#offsets[i]!;
  }

  number(i: number): number {
    return this.#numbers[i]!;
  }
}

export interface RereadOptions {
  source: ByteSource;
  index: PacketLocator;
  /**
   * Offset of the first packet record. When every section and interface block lies before
   * it (`headerOnly`), the bytes before it are a primer: a fresh parser reads them, then jumps
   * to any record. Otherwise (interfaces described later in the file) parsing starts at 0.
   */
  primerEnd: number;
  headerOnly: boolean;
  /** For records that straddle chunks. */
  pool: BufferPool;
  /** Chunks come from here (a pool of one large tier). */
  chunkPool: BufferPool;
  chunkSize: number;
}

/** A jump forward larger than this restarts the parser at the wanted record instead of reading on. */
const JUMP = 1 << 20;

/**
 * Reads packets first..first+count-1 of a run again, in order, calling `each(frame, runIndex)`
 * with the frame (valid during the call) carrying its original frame number.
 */
export function rereadPackets(
  o: RereadOptions,
  first: number,
  count: number,
  each: (frame: Frame, number: number, i: number) => void,
): void {
  const end = Math.min(first + count, o.index.count);
  let parser: CaptureParser | undefined;
  let shift = 0; // actual offset = parser offset + shift
  let feedAt = 0;
  let ended = false;
  const chunk = (at: number, size: number): SharedPacket | undefined => {
    const lease = o.chunkPool.acquire(size);
    let got: number;
    try {
      got = o.source.readAt(lease.bytes, at);
    } catch (e) {
      lease.release();
      throw e;
    }
    if (got === 0) {
      lease.release();
      return undefined;
    }
    return SharedPacket.fromLease(lease, got);
  };
  const start = (at: number): CaptureParser => {
    parser?.close();
    ended = false;
    const head = o.headerOnly ? o.primerEnd : Math.min(o.chunkSize, Math.max(o.source.size, 4));
    const primer = chunk(0, Math.max(head, 4));
    if (primer === undefined)
      throw new WirepoolError('ENGINE_REREAD', `${o.source.name} is empty now`, { hint: 'the file changed since the run; open it again' });
    let p: CaptureParser;
    try {
      p = createCaptureParser(primer.bytes, { name: o.source.name, pool: o.pool });
    } catch (e) {
      primer.release();
      throw e;
    }
    p.append(primer);
    if (o.headerOnly) {
      shift = at - o.primerEnd;
      feedAt = at;
    } else {
      shift = 0;
      feedAt = primer.length;
    }
    return p;
  };
  try {
    for (let i = first; i < end; i++) {
      const want = o.index.offset(i);
      for (;;) {
        if (parser === undefined || (o.headerOnly && (want < feedAt - JUMP || want > feedAt + JUMP))) parser = start(want);
        const f = parser.next();
        if (f === undefined) {
          if (parser.fault !== undefined) throw parser.fault;
          if (ended || parser.done)
            throw new WirepoolError('ENGINE_REREAD', `packet ${i} (record at byte ${want}) is no longer in ${o.source.name}`, {
              hint: 'the file changed since the run; open it again',
            });
          const c = chunk(feedAt, o.chunkSize);
          if (c === undefined) {
            parser.end();
            ended = true;
          } else {
            feedAt += c.length;
            parser.append(c);
          }
          continue;
        }
        const at = f.fileOffset + shift;
        if (at < want) {
          f.data.release();
          continue;
        }
        try {
          if (at !== want)
            throw new WirepoolError('ENGINE_REREAD', `no record starts at byte ${want} of ${o.source.name}`, {
              hint: 'the file changed since the run; open it again',
            });
          each(f, o.index.number(i), i);
        } finally {
          f.data.release();
        }
        break;
      }
    }
  } finally {
    parser?.close();
  }
}
