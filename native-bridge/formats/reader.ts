import { BufferPool } from '../pool/index.js';
import { CaptureFormatError } from './errors.js';
import { BytesSource, FileSource, type ChunkSource } from './file-source.js';
import type { FileId } from './regular-file.js';
import type { CaptureFormat, Frame, InterfaceInfo } from './frame.js';
import { PcapParser, pcapMagic } from './pcap-parser.js';
import { BLOCK_SHB, PcapngParser } from './pcapng-parser.js';
import type { CaptureParser, ParserOptions, SeekableParser } from './record-parser.js';

export interface CaptureOptions {
  /** Pool for records that straddle chunks (and for chunks, without `chunkPool`); a new default pool when omitted. */
  pool?: BufferPool;
  /**
   * Pool the file chunks come from, when they should not share the packet tiers: reads larger
   * than the largest packet tier mean fewer syscalls and fewer records straddling two chunks.
   */
  chunkPool?: BufferPool;
  /** Bytes per file read; defaults to the chunk pool's largest tier (64 KiB with a default pool). */
  chunkSize?: number;
}

/**
 * Pull-based reader of one capture. `next()` returns frames in file order, `undefined` at
 * the end, and throws a CaptureFormatError (again on every later call) once the file is
 * malformed, after every good frame before the fault was returned.
 *
 * Each frame's `data` is valid until the next `next()` or `close()`; `retain()` it to keep it.
 */
export interface CaptureReader {
  readonly format: CaptureFormat;
  readonly name: string;
  /**
   * Interfaces described so far: the pcap header's, or the pcapng IDBs read up to the first
   * packet when opened; a pcapng IDB further on is added when reading reaches it.
   */
  readonly interfaces: readonly InterfaceInfo[];
  readonly bytesRead: number;
  readonly fileSize: number;
  /** The file read (device and inode), so a writer can refuse to replace it; undefined for bytes in memory. */
  readonly fileId: FileId | undefined;
  next(): Frame | undefined;
  close(): void;
}

/** Opens a pcap or pcapng file (told apart by its magic number). */
export function openCapture(path: string, opts: CaptureOptions = {}): CaptureReader {
  const pool = opts.pool ?? new BufferPool();
  const chunks = opts.chunkPool ?? pool;
  const source = new FileSource(path, chunks, chunkSizeFor(chunks, opts.chunkSize));
  try {
    return new Reader(source, pool);
  } catch (e) {
    source.close();
    throw e;
  }
}

/** The same reader over bytes in memory (tests, or data from elsewhere); `name` labels errors. */
export function openCaptureBytes(bytes: Uint8Array, name = '<memory>', opts: CaptureOptions = {}): CaptureReader {
  const pool = opts.pool ?? new BufferPool();
  const chunks = opts.chunkPool ?? pool;
  return new Reader(new BytesSource(bytes, name, chunks, chunkSizeFor(chunks, opts.chunkSize)), pool);
}

/**
 * A parser for the format that `head` (the first bytes of the input) starts with; throws a
 * CAPTURE_BAD_MAGIC CaptureFormatError when it is neither pcap nor pcapng.
 */
export function createCaptureParser(head: Uint8Array, opts: ParserOptions): CaptureParser {
  return createParser(head, opts);
}

/** The same, over input that can be read again from any offset (see ParserOptions.seekable). */
export function createSeekableParser(head: Uint8Array, opts: Omit<ParserOptions, 'seekable'>): SeekableParser {
  return createParser(head, { ...opts, seekable: true });
}

function createParser(head: Uint8Array, opts: ParserOptions): SeekableParser {
  if (head.length < 4) {
    throw new CaptureFormatError('CAPTURE_TRUNCATED', opts.name, 0, `the file has ${head.length} bytes, fewer than a 4-byte magic number`);
  }
  const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  if (magic === BLOCK_SHB) return new PcapngParser(opts);
  if (pcapMagic(magic) !== undefined) return new PcapParser(opts);
  const hex = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new CaptureFormatError('CAPTURE_BAD_MAGIC', opts.name, 0, `the file starts with bytes ${hex}, not a pcap or pcapng magic number`);
}

function chunkSizeFor(pool: BufferPool, chunkSize: number | undefined): number {
  const size = chunkSize ?? pool.maxPooledSize;
  if (!Number.isSafeInteger(size) || size < 16) throw new RangeError(`chunkSize must be a whole number >= 16, got ${String(chunkSize)}`);
  return size;
}

class Reader implements CaptureReader {
  readonly format: CaptureFormat;
  readonly #source: ChunkSource;
  readonly #parser: CaptureParser;
  #current: Frame | undefined;
  /** The first frame, read at open so headers and leading IDBs are known. */
  #first: Frame | undefined;
  #closed = false;

  constructor(source: ChunkSource, pool: BufferPool) {
    this.#source = source;
    const first = source.read();
    const head = first?.bytes ?? new Uint8Array(0);
    try {
      this.#parser = createCaptureParser(head, { name: source.name, pool, size: source.size });
    } catch (e) {
      first?.release();
      throw e;
    }
    this.format = this.#parser.format;
    this.#parser.append(first!);
    try {
      this.#first = this.#pull();
    } catch (e) {
      // A malformed header is reported by the first next() (the parser's fault is sticky).
      if (!(e instanceof CaptureFormatError)) {
        this.#parser.close();
        throw e;
      }
    }
  }

  get name(): string {
    return this.#source.name;
  }

  get interfaces(): readonly InterfaceInfo[] {
    return this.#parser.interfaces;
  }

  get bytesRead(): number {
    return this.#source.bytesRead;
  }

  get fileId(): FileId | undefined {
    return this.#source.id;
  }

  get fileSize(): number {
    return this.#source.size;
  }

  next(): Frame | undefined {
    if (this.#current !== undefined) {
      this.#current.data.release();
      this.#current = undefined;
    }
    if (this.#closed) return undefined;
    const frame = this.#first ?? this.#pull();
    this.#first = undefined;
    this.#current = frame;
    return frame;
  }

  #pull(): Frame | undefined {
    const parser = this.#parser;
    for (;;) {
      const frame = parser.next();
      if (frame !== undefined) return frame;
      if (parser.fault !== undefined) throw parser.fault;
      if (parser.done) return undefined;
      const chunk = this.#source.read();
      if (chunk === undefined) parser.end();
      else parser.append(chunk);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#current?.data.release();
    this.#current = undefined;
    this.#first?.data.release();
    this.#first = undefined;
    this.#parser.close();
    this.#source.close();
  }
}
