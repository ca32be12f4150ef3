import type { PacketMeta } from '../common/index.js';
import type { BufferPool, Lease } from '../pool/index.js';
import { indexOffsetAfter, writeEntry, writeHeader } from './encode.js';
import { ENTRY_WORDS, HEADER_BYTES, batchBytesFor } from './layout.js';

/** What packOne packed: a batch in a pooled buffer, and how many of the packets it holds. */
export interface PackedBatch {
  lease: Lease;
  count: number;
  usedBytes: number;
}

/**
 * Packs packets 0..n-1 (`meta(i)` and `data(i)`) into ONE pooled buffer of at most `maxBytes`
 * (the pool's largest tier by default): as many as fit, at least one (a packet too large for
 * `maxBytes` gets a buffer of its size). For answers that must be one buffer: a range of rows,
 * a packet and its reassembled sources.
 */
export function packOne(
  pool: BufferPool,
  n: number,
  meta: (i: number) => PacketMeta,
  data: (i: number) => Uint8Array,
  maxBytes = pool.maxPooledSize,
): PackedBatch {
  let count = 0;
  let bytes = 0;
  while (count < n) {
    const len = data(count).length;
    if (count > 0 && batchBytesFor(count + 1, bytes + len) > maxBytes) break;
    bytes += len;
    count++;
  }
  const lease = pool.acquire(batchBytesFor(count, bytes));
  const buffer = lease.buffer;
  const u8 = new Uint8Array(buffer);
  const index = new Uint32Array(count * ENTRY_WORDS);
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const d = data(i);
    u8.set(d, at);
    writeEntry(index, i, at, d.length, meta(i));
    at += d.length;
  }
  const indexOffset = indexOffsetAfter(at);
  new Uint32Array(buffer, indexOffset, count * ENTRY_WORDS).set(index);
  const usedBytes = writeHeader(buffer, count, indexOffset, 0, 0);
  return { lease, count, usedBytes };
}
