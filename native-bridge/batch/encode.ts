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
