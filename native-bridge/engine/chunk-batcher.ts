import {
  HEADER_BYTES,
  ENTRY_BYTES,
  ENTRY_WORDS,
  indexOffsetAfter,
  writeEntry,
  writeHeader,
  type BatchBuilder,
  type SealedBatch,
} from '../batch/index.js';
import {
  FileSource,
  createSeekableParser,
  type CaptureFormat,
  type Frame,
  type InterfaceInfo,
  type SeekableParser,
} from '../formats/index.js';
import { SharedPacket, type BufferPool } from '../pool/index.js';

export interface ChunkBatcherOptions {
  /** Packet pool: packed batches come from it. */
  pool: BufferPool;
  /** File chunks (and zero-copy batches) come from it. */
  chunkPool: BufferPool;
  /** Bytes per chunk buffer, header and index room included. */
  chunkSize: number;
  /** Packs small frames; it also numbers every batch, so both kinds share one sequence. */
  builder: BatchBuilder;
  emit: (batch: SealedBatch) => void;
  /** Sees every frame as it is batched (valid during the call): the app's store takes its first pass here. */
  onFrame?: ((frame: Frame) => void) | undefined;
  /**
   * Average record size (bytes, headers included) from which a chunk travels whole as its own
   * batch instead of being copied packet by packet into packed batches.
   */
  zeroCopyMin: number;
}

/** What one step delivered. */
export interface StepCounts {
  packets: number;
  bytes: number;
  wireBytes: number;
}

const TAIL = 3 + 4 * ENTRY_BYTES; // alignment pad and room for 4 entries beyond the estimate
const GUESS_RECORD = 1024; // assumed average record size before any was seen

/**
 * The max-speed replay path. Each file chunk is read at offset 32 of a pooled buffer, and the
 * parser (seekable: it stops before a record that runs past the chunk, and the next chunk is
 * read from that record's start) finds every record in place. Then, per chunk:
 *
 * - large records (running average ≥ zeroCopyMin): the chunk itself becomes the batch. The
 *   index goes after the last whole record, in room reserved at read time, and the header in
 *   the 32 bytes left free in front. The only copy of a packet's bytes is the kernel's read,
 *   as in tcpdump; a packet shares its buffer with its neighbours.
 * - small records: each packet is copied into packed batches (BatchBuilder), which adapt to
 *   the flow and keep the 4/16/64 KiB tiers in use, and the chunk goes back to its pool.
 *
 *   chunk buffer:  ├hdr 32┼ rec rec rec … rec ┼ partial record (read again next time) ┤index┤ free ┤
 *                                            ↑ indexOffset (4-aligned, after the last whole record)
 */
export class ChunkBatcher {
  readonly #opts: ChunkBatcherOptions;
  readonly #source: FileSource;
  readonly #parser: SeekableParser;
  #records = 0;
  /** The frame nextFrame() returned last; released at the next call. */
  #frame: Frame | undefined;
  #done = false;
  /** The chunk being parsed. */
  #current: Chunk | undefined;
  /** Index entries collect here until the chunk's last whole record (and so the index offset) is known. */
  #scratch = new Uint32Array(0);

  constructor(file: string, options: ChunkBatcherOptions) {
    this.#opts = options;
    this.#source = new FileSource(file, options.chunkPool, options.chunkSize);
    try {
      const first = this.#read(0, this.#opts.chunkSize - HEADER_BYTES);
      try {
        this.#parser = createSeekableParser(first.packet.bytes, { name: file, pool: options.pool, size: this.#source.size });
      } catch (e) {
        first.packet.release();
        throw e;
      }
      this.#feed(first, 0);
    } catch (e) {
      this.#source.close();
      throw e;
    }
  }

  get format(): CaptureFormat {
    return this.#parser.format;
  }

  get interfaces(): readonly InterfaceInfo[] {
    return this.#parser.interfaces;
  }

  get bytesRead(): number {
    return this.#source.bytesRead;
  }

  get fileSize(): number {
    return this.#source.size;
  }

  /**
   * Parses the chunk at hand and emits its packets (as one zero-copy batch or packed, adding
   * them to `counts`), then reads the next chunk. Returns false once the file is done. Throws
   * the file's CaptureFormatError (or a CaptureIoError) after emitting every packet before the
   * fault.
   */
  step(counts: StepCounts): boolean {
    this.#dropFrame();
    if (this.#done) return false;
    const parser = this.#parser;
    if (this.#average() >= this.#opts.zeroCopyMin) this.#zeroCopy(counts, parser.position);
    else this.#packed(counts);
    return this.#advance();
  }

  /**
   * The next frame, one at a time (paced or filtered replay: the caller packs it), or
   * undefined at the end. Its data is valid until the next call to nextFrame(), step() or
   * close(). Throws like step() at a fault.
   */
  nextFrame(): Frame | undefined {
    this.#dropFrame();
    while (!this.#done) {
      const f = this.#parser.next();
      if (f !== undefined) {
        this.#records++;
        this.#frame = f;
        return f;
      }
      this.#advance();
    }
    return undefined;
  }

  close(): void {
    this.#dropFrame();
    this.#current?.packet.release();
    this.#current = undefined;
    this.#done = true;
    this.#parser.close();
    this.#source.close();
  }

  #dropFrame(): void {
    this.#frame?.data.release();
    this.#frame = undefined;
  }

  /** After the chunk at hand is parsed: the fault, the end, or the next chunk. */
  #advance(): boolean {
    const parser = this.#parser;
    if (parser.fault !== undefined) {
      this.#done = true;
      throw parser.fault;
    }
    if (parser.done) {
      this.#done = true;
      return false;
    }
    this.#next();
    return true;
  }

  /** Average file bytes per packet so far (headers and other blocks included), a guess before the first. */
  #average(): number {
    return this.#records === 0 ? GUESS_RECORD : this.#parser.position / this.#records;
  }

  /** Copies each packet into packed batches; the chunk is released with the next feed. */
  #packed(counts: StepCounts): void {
    const builder = this.#opts.builder;
    for (let f = this.#parser.next(); f !== undefined; f = this.#parser.next()) {
      try {
        this.#opts.onFrame?.(f);
        builder.add(f, f.data.bytes);
      } finally {
        // Also when the consumer throws from a batch add() sealed: a view left alive would keep
        // the chunk from its pool after close().
        f.data.release();
      }
      tally(counts, f);
      this.#records++;
    }
  }

  /** Indexes the chunk's packets in place and emits the chunk as one batch. */
  #zeroCopy(counts: StepCounts, start: number): void {
    const parser = this.#parser;
    const chunk = this.#current!;
    const buffer = chunk.buffer;
    const room = chunk.maxEntries;
    const index = this.#scratch;
    let count = 0;
    while (count < room) {
      const f = parser.next();
      if (f === undefined) break;
      // Only where the record lies is needed: the view goes at once (the chunk is ours through #current).
      const bytes = f.data.bytes;
      try {
        this.#opts.onFrame?.(f);
      } finally {
        f.data.release();
      }
      if (bytes.buffer !== buffer) throw new Error('internal: a record outside its chunk on the zero-copy path');
      writeEntry(index, count++, bytes.byteOffset, bytes.length, f);
      tally(counts, f);
    }
    this.#records += count;
    const dataEnd = HEADER_BYTES + (parser.position - start);
    const builder = this.#opts.builder;
    // Packed packets before this chunk go out first, while the chunk is still #current: should
    // the consumer throw, close() lets go of it.
    if (count > 0) builder.flush();
    parser.detach(); // the parser lets go, so the chunk has one holder: us
    this.#current = undefined;
    if (count === 0) {
      chunk.packet.release();
      return;
    }
    const lease = chunk.packet.takeLease();
    const indexOffset = indexOffsetAfter(dataEnd);
    new Uint32Array(lease.buffer, indexOffset, count * ENTRY_WORDS).set(index.subarray(0, count * ENTRY_WORDS));
    const seq = builder.takeSequence();
    const used = writeHeader(lease.buffer, count, indexOffset, seq, 0);
    this.#opts.emit({ lease, seq, count, usedBytes: used, dataBytes: dataEnd - HEADER_BYTES });
  }

  /** Reads the next chunk from where the parser stopped, large enough for the record it wants. */
  #next(): void {
    const parser = this.#parser;
    const at = parser.position;
    const avg = this.#average();
    const zero = avg >= this.#opts.zeroCopyMin;
    // Room for the index when the chunk may travel whole: entries for records half the
    // average size, so a run of smaller ones rarely fills it (when it does, the rest of the
    // chunk is read again next time).
    const perByte = zero ? ENTRY_BYTES / Math.max(avg / 2, 64) : 0;
    let data = Math.floor((this.#opts.chunkSize - HEADER_BYTES - TAIL) / (1 + perByte));
    data = Math.max(data, parser.wanted);
    this.#feed(this.#read(at, data), at);
  }

  #feed(chunk: Chunk, at: number): void {
    const parser = this.#parser;
    this.#current?.packet.release();
    parser.feed(chunk.packet.retain(), at);
    this.#current = chunk;
    if (this.#scratch.length < chunk.maxEntries * ENTRY_WORDS) this.#scratch = new Uint32Array(chunk.maxEntries * ENTRY_WORDS);
    if (chunk.atEnd) parser.end(); // this chunk reaches the end of the file
  }

  /** `data` bytes of the file at `at`, read into a pooled buffer after 32 bytes of header room. */
  #read(at: number, data: number): Chunk {
    const want = Math.min(data, this.#source.size - at);
    // A chunk-sized buffer from the pool; only a record larger than that gets one of its own
    // (oversize), with room for its header and one index entry.
    const need = HEADER_BYTES + want;
    const lease = this.#opts.chunkPool.acquire(need <= this.#opts.chunkSize ? this.#opts.chunkSize : need + TAIL + ENTRY_BYTES);
    let got: number;
    try {
      got = this.#source.readAt(lease.bytes.subarray(HEADER_BYTES, HEADER_BYTES + want), at);
    } catch (e) {
      lease.release();
      throw e;
    }
    const whole = SharedPacket.fromLease(lease);
    const packet = whole.slice(HEADER_BYTES, HEADER_BYTES + got);
    whole.release();
    return {
      packet,
      buffer: lease.buffer,
      maxEntries: Math.floor((lease.size - indexOffsetAfter(HEADER_BYTES + got)) / ENTRY_BYTES),
      // The file ends in this chunk (a short read: the file shrank since it was opened).
      atEnd: at + got >= this.#source.size || got < want,
    };
  }
}

interface Chunk {
  /** Our reference to the chunk's data view (the parser holds another until detach). */
  packet: SharedPacket;
  buffer: ArrayBufferLike;
  /** Index entries that fit behind the read bytes. */
  maxEntries: number;
  atEnd: boolean;
}

/** Adds one delivered frame to the counts. */
export function tally(counts: StepCounts, f: Frame): void {
  counts.packets++;
  counts.bytes += f.capLen;
  counts.wireBytes += f.wireLen;
}
