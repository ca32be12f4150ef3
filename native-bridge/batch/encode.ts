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
  HEADER_BYTES,
  H_COUNT,
  H_ENTRY,
  H_FLAGS,
  H_INDEX,
  H_MAGIC,
  H_SEQ,
  H_USED,
  H_VERSION,
  NO_INTERFACE,
} from './layout.js';

const TWO_32 = 0x100000000;

/**
 * Writes index entry `i` (into an index or a scratch copy of one) for a packet at `offset` of
 * the buffer: its PacketMeta (formats' Frame is one), with `capLen` the bytes stored.
 */
export function writeEntry(index: Uint32Array, i: number, offset: number, capLen: number, meta: PacketMeta): void {
  const e = i * ENTRY_WORDS;
  const sec = meta.sec;
  const hi = Math.floor(sec / TWO_32);
  index[e + E_OFFSET] = offset;
  index[e + E_CAPLEN] = capLen;
  index[e + E_WIRELEN] = meta.wireLen;
  index[e + E_NUMBER] = meta.number;
  index[e + E_SEC_LO] = sec - hi * TWO_32;
  index[e + E_SEC_HI] = hi;
  index[e + E_NSEC] = meta.nsec;
  index[e + E_IFACE_LINK] = (((meta.interfaceId < 0 ? NO_INTERFACE : meta.interfaceId & 0xffff) << 16) | (meta.linkType & 0xffff)) >>> 0;
}

/** The 4-aligned index offset for packet bytes ending at `dataEnd`. */
export function indexOffsetAfter(dataEnd: number): number {
  return (dataEnd + 3) & ~3;
}

/** Writes the header of a batch whose `count` entries start at `indexOffset`; returns usedBytes. */
export function writeHeader(buffer: ArrayBuffer, count: number, indexOffset: number, seq: number, flags: number): number {
  const used = indexOffset + count * ENTRY_BYTES;
  const h = new Uint32Array(buffer, 0, HEADER_BYTES / 4);
  h[H_MAGIC] = BATCH_MAGIC;
  h[H_VERSION] = BATCH_VERSION | (HEADER_BYTES << 16);
  h[H_COUNT] = count;
  h[H_ENTRY] = ENTRY_BYTES;
  h[H_INDEX] = indexOffset;
  h[H_USED] = used;
  h[H_SEQ] = seq;
  h[H_FLAGS] = flags;
  return used;
}

/**
 * Numbers a sealed batch made elsewhere (a live capture's source fills its batches before it
 * knows where they fall among the capture's interfaces): packet i becomes frame `first + i` on
 * interface `interfaceId` with link type `linkType`, and the batch gets sequence number `seq`.
 * Returns the captured bytes the batch holds.
 */
export function numberBatch(buffer: ArrayBuffer, first: number, seq: number, interfaceId: number, linkType: number): number {
  const h = new Uint32Array(buffer, 0, HEADER_BYTES / 4);
  const count = h[H_COUNT]!;
  h[H_SEQ] = seq;
  const index = new Uint32Array(buffer, h[H_INDEX]!, count * ENTRY_WORDS);
  const ifaceLink = (((interfaceId & 0xffff) << 16) | (linkType & 0xffff)) >>> 0;
  let bytes = 0;
  for (let e = 0, n = first; e < index.length; e += ENTRY_WORDS, n++) {
    index[e + E_NUMBER] = n;
    index[e + E_IFACE_LINK] = ifaceLink;
    bytes += index[e + E_CAPLEN]!;
  }
  return bytes;
}

/**
 * Keeps the first `count` packets of a sealed batch (a capture that stops at a packet count):
 * the header says `count`. Returns the body bytes up to the end of the last kept packet's record
 * (`recordTail`: bytes after a packet's data, padding included, for `capLen`) and the bytes the
 * batch now uses.
 */
export function truncateBatch(
  buffer: ArrayBuffer,
  count: number,
  recordTail: (capLen: number) => number,
): { dataBytes: number; usedBytes: number } {
  const h = new Uint32Array(buffer, 0, HEADER_BYTES / 4);
  const indexOffset = h[H_INDEX]!;
  const index = new Uint32Array(buffer, indexOffset, Math.max(1, count) * ENTRY_WORDS);
  h[H_COUNT] = count;
  const usedBytes = indexOffset + count * ENTRY_BYTES;
  h[H_USED] = usedBytes;
  if (count === 0) return { dataBytes: 0, usedBytes };
  const last = (count - 1) * ENTRY_WORDS;
  const capLen = index[last + E_CAPLEN]!;
  return { dataBytes: index[last + E_OFFSET]! + capLen + recordTail(capLen) - HEADER_BYTES, usedBytes };
}
