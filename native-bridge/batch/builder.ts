import type { PacketMeta } from '../common/index.js';
import type { BufferPool, Lease } from '../pool/index.js';
import { indexOffsetAfter, writeEntry, writeHeader } from './encode.js';
import { ENTRY_WORDS, FLAG_LAST, HEADER_BYTES, batchBytesFor } from './layout.js';

/** A finished batch: its lease (release it, or transfer() it and give the buffer back later). */
export interface SealedBatch {
  lease: Lease;
  seq: number;
  count: number;
  /** Bytes of the buffer that carry the batch; copy only these across a process boundary. */
  usedBytes: number;
  /** Captured bytes it carries. */
  dataBytes: number;
}

export interface BatchBuilderOptions {
  /** Frames up to this many captured bytes are packed together; larger ones travel alone in a buffer of their own tier. */
  packMax?: number;
  /** Most packets per batch (bounds the index). */
  maxPackets?: number;
  /** The first batch's sequence number (keeps batches of two builders apart). */
  firstSeq?: number;
}

/**
 * Packs frames into pooled batch buffers. Packing batches adapt their size to the flow: a
 * batch that fills up makes the next one a tier larger, a batch flushed by the clock while
 * mostly empty makes the next one a tier smaller. So a trickle uses 4 KiB buffers and a flood
 * 64 KiB ones, and each tier's stats show the traffic that really used it.
 */
export class BatchBuilder {
  readonly #pool: BufferPool;
  readonly #packMax: number;
  readonly #maxPackets: number;
  readonly #scratch: Uint32Array;
  #emit: (batch: SealedBatch) => void;
  #lease: Lease | undefined;
  #bytes: Uint8Array | undefined;
  #count = 0;
  #dataEnd = HEADER_BYTES;
  #capacity = 0;
  #tier = 0;
  #seq = 0;

  constructor(pool: BufferPool, emit: (batch: SealedBatch) => void, options: BatchBuilderOptions = {}) {
    this.#pool = pool;
    this.#emit = emit;
    const sizes = pool.tierSizes;
    // A packed frame must fit an empty batch of the smallest tier.
    this.#packMax = Math.max(0, Math.min(options.packMax ?? 2048, sizes[0]! - batchBytesFor(1, 0)));
    this.#maxPackets = options.maxPackets ?? 4096;
    this.#seq = options.firstSeq ?? 0;
    this.#scratch = new Uint32Array(this.#maxPackets * ENTRY_WORDS);
  }

  /** Batches sealed so far. */
  get sequence(): number {
    return this.#seq;
  }

  /** Reserves the next sequence number for a batch made elsewhere, so all batches of a stream share one sequence. */
  takeSequence(): number {
    return this.#seq++;
  }

  add(meta: PacketMeta, data: Uint8Array): void {
    const len = data.length;
    if (len > this.#packMax) {
      this.#alone(meta, data);
      return;
    }
    if (this.#lease !== undefined && (this.#count === this.#maxPackets || this.#need(len) > this.#capacity)) {
      this.#seal(0);
      this.#grow();
    }
    if (this.#lease === undefined) this.#open(this.#pool.tierSizes[this.#tier]!);
    this.#put(meta, data);
  }

  /** Seals the open batch (if any); `idle` tells the sizer the clock, not space, ended it. */
  flush(options: { last?: boolean; idle?: boolean } = {}): void {
    if (this.#lease === undefined) {
      if (options.last) {
        this.#open(HEADER_BYTES);
        this.#seal(FLAG_LAST);
      }
      return;
    }
    if (options.idle && this.#tier > 0 && this.#need(0) * 4 < this.#capacity) this.#tier--;
    this.#seal(options.last ? FLAG_LAST : 0);
  }

  /** Drops the open batch without emitting it (on abort). */
  discard(): void {
    this.#lease?.release();
    this.#lease = undefined;
  }

  #need(len: number): number {
    return batchBytesFor(this.#count + 1, this.#dataEnd - HEADER_BYTES + len);
  }

  #grow(): void {
    if (this.#tier < this.#pool.tierSizes.length - 1) this.#tier++;
  }

  #alone(meta: PacketMeta, data: Uint8Array): void {
    // Keep order: whatever is packed so far goes out first.
    if (this.#lease !== undefined) this.#seal(0);
    this.#open(batchBytesFor(1, data.length));
    this.#put(meta, data);
    this.#seal(0);
  }

  #open(size: number): void {
    const lease = this.#pool.acquire(size);
    this.#lease = lease;
    this.#bytes = lease.bytes;
    this.#capacity = size;
    this.#count = 0;
    this.#dataEnd = HEADER_BYTES;
  }

  #put(meta: PacketMeta, data: Uint8Array): void {
    const at = this.#dataEnd;
    this.#bytes!.set(data, at);
    this.#dataEnd = at + data.length;
    writeEntry(this.#scratch, this.#count, at, data.length, meta);
    this.#count++;
  }

  #seal(flags: number): void {
    const lease = this.#lease!;
    const buf = lease.buffer;
    const indexOffset = indexOffsetAfter(this.#dataEnd);
    const words = this.#count * ENTRY_WORDS;
    new Uint32Array(buf, indexOffset, words).set(this.#scratch.subarray(0, words));
    const used = writeHeader(buf, this.#count, indexOffset, this.#seq, flags);
    const batch: SealedBatch = { lease, seq: this.#seq++, count: this.#count, usedBytes: used, dataBytes: this.#dataEnd - HEADER_BYTES };
    this.#lease = undefined;
    this.#bytes = undefined;
    this.#emit(batch);
  }
}
