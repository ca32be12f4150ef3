/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624). Sums are kept
 * unfolded as plain numbers (exact up to 2^53, far beyond any packet), folded once at the end.
 * One copy for the builders (craft) and the dissectors' checksum checks (dissect).
 */

/** Sum of the big-endian 16-bit words of bytes[start, end); an odd last byte is the high half of a word. */
export function sum16(bytes: Uint8Array, start = 0, end = bytes.length, acc = 0): number {
  let i = start;
  const even = end - ((end - start) & 1);
  // Four bytes a step: fewer loop tests, and the JIT keeps it in registers.
  for (const quad = even - ((even - i) & 3); i < quad; i += 4) {
    acc += ((bytes[i]! << 8) | bytes[i + 1]!) + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  for (; i < even; i += 2) acc += (bytes[i]! << 8) | bytes[i + 1]!;
  if (even !== end) acc += bytes[end - 1]! << 8;
  return acc;
}

/**
 * The same sum read through a DataView (32 bits a step; 2^16 ≡ 1 mod 0xffff, so summing 32-bit
 * words folds to the same result), for the build hot path.
 */
export function sumView(v: DataView, start: number, end: number, acc: number): number {
  let i = start;
  for (const end4 = end - 3; i < end4; i += 4) acc += v.getUint32(i);
  if (i + 1 < end) {
    acc += v.getUint16(i);
    i += 2;
  }
  if (i < end) acc += v.getUint8(i) << 8;
  // Folded before returning: a small integer, never a boxed double (which would allocate 16 B per call).
  acc = (acc % 0x10000) + Math.floor(acc / 0x10000);
  return (acc % 0x10000) + Math.floor(acc / 0x10000);
}

/** Folds a sum to 16 bits with end-around carry and complements it: the checksum field's value. */
export function finish(acc: number): number {
  while (acc > 0xffff) acc = (acc % 0x10000) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/** The checksum of bytes[start, end) plus `acc` (a pseudo-header sum). 0 means a region with its checksum verifies. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, acc = 0): number {
  return finish(sum16(bytes, start, end, acc));
}

/**
 * RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changed from
 * `oldWord` to `newWord`, without touching the rest: HC' = ~(~HC + ~m + m').
 */
export function updateChecksum(checksum: number, oldWord: number, newWord: number): number {
  let acc = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
  acc = (acc & 0xffff) + (acc >>> 16);
  acc = (acc & 0xffff) + (acc >>> 16);
  return ~acc & 0xffff;
}

/** The same for a 32-bit field (an IPv4 address): two word updates. */
export function updateChecksum32(checksum: number, oldValue: number, newValue: number): number {
  return updateChecksum(updateChecksum(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xffff, newValue & 0xffff);
}
