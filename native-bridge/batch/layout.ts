/**
 * The batch layout: many packets and their index in one transferable ArrayBuffer. This file
 * is shared by the engine (which writes batches) and the renderer (which reads them), so it
 * imports nothing runtime-specific. All integers are little-endian.
 *
 *   0        32                      dataEnd   indexOffset (4-aligned)    usedBytes
 *   ├─header─┼─packet bytes, back to back─┤pad├─index: count × 32 bytes─┤ (rest of the pooled buffer unused)
 *
 * Header (32 bytes, u32 unless noted):
 *   0 magic 'WPB1'   4 version (u16) + header size (u16)   8 count   12 entry size (32)
 *  16 indexOffset   20 usedBytes   24 batch sequence number   28 flags (bit 0: last batch of a replay)
 *
 * Index entry i (8 × u32 at indexOffset + 32·i):
 *   0 data offset (from the buffer start)   1 captured length   2 wire (original) length
 *   3 frame number   4 seconds, low 32 bits   5 seconds, high 32 bits (signed)   6 fraction in ns (raw:
 *   may be ≥ 1e9 when the file's field was invalid)   7 interface id (high u16, 0xffff = none)
 *   and link type (low u16)
 *
 * Only the first `usedBytes` matter, so a copy across processes copies just those.
 */
export const BATCH_MAGIC = 0x31425057; // 'WPB1' read as a little-endian u32
export const BATCH_VERSION = 1;
export const HEADER_BYTES = 32;
export const ENTRY_BYTES = 32;
export const ENTRY_WORDS = ENTRY_BYTES / 4;
export const NO_INTERFACE = 0xffff;
export const FLAG_LAST = 1;

export const H_MAGIC = 0;
export const H_VERSION = 1; // u32 word 1: version | headerBytes << 16
export const H_COUNT = 2;
export const H_ENTRY = 3;
export const H_INDEX = 4;
export const H_USED = 5;
export const H_SEQ = 6;
export const H_FLAGS = 7;

export const E_OFFSET = 0;
export const E_CAPLEN = 1;
export const E_WIRELEN = 2;
export const E_NUMBER = 3;
export const E_SEC_LO = 4;
export const E_SEC_HI = 5;
export const E_NSEC = 6;
export const E_IFACE_LINK = 7;

/** Bytes a batch needs for `count` packets holding `dataBytes` in all (worst-case padding). */
export function batchBytesFor(count: number, dataBytes: number): number {
  return HEADER_BYTES + dataBytes + 3 + count * ENTRY_BYTES;
}

export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
