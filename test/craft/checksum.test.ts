import { describe, expect, it } from 'vitest';
import { finish, internetChecksum, sum16, updateChecksum, updateChecksum32 } from '../../native-bridge/craft/index.js';
import { prng } from '../../native-bridge/generate/index.js';
import { onesSum } from './helpers.js';

describe('Internet checksum (RFC 1071) and its incremental update (RFC 1624)', () => {
  it('matches RFC 1071 section 3 worked example', () => {
    const b = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(finish(sum16(b, 0, b.length))).toBe(~0xddf2 & 0xffff);
  });

  it('agrees with an independent receiver-side sum on random buffers of every parity and offset', () => {
    const rand = prng(11);
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(rand() * 3000);
      const b = Uint8Array.from({ length: n + 2 }, () => Math.floor(rand() * 256));
      const from = Math.floor(rand() * 2);
      const c = internetChecksum(b, from, from + n);
      // Append the checksum as a word: the receiver's sum must be all ones.
      const region = b.slice(from, from + n);
      const padded = n % 2 === 0 ? region : Uint8Array.from([...region, 0]);
      expect(onesSum(Uint8Array.from([...padded, c >>> 8, c & 0xff]))).toBe(0xffff);
    }
  });

  it('RFC 1624 eqn. 3 gives the recomputed checksum after random 16- and 32-bit rewrites', () => {
    const rand = prng(12);
    for (let k = 0; k < 2000; k++) {
      const b = Uint8Array.from({ length: 40 }, () => Math.floor(rand() * 256));
      // Data summing to 0xffff (-0): the checksum is 0x0000, the corner RFC 1624 is about. (All-zero
      // data, whose checksum is 0xffff, never occurs: the IPv4 version nibble and the
      // pseudo-header's protocol are never zero.)
      if (k % 10 === 0) {
        b.fill(0);
        b[38] = b[39] = 0xff;
      }
      const before = internetChecksum(b);
      const at = 2 * Math.floor(rand() * 18);
      const old32 = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
      const new32 = k % 7 === 0 ? 0 : Math.floor(rand() * 2 ** 32);
      b[at] = new32 >>> 24;
      b[at + 1] = (new32 >>> 16) & 0xff;
      b[at + 2] = (new32 >>> 8) & 0xff;
      b[at + 3] = new32 & 0xff;
      const incremental = updateChecksum32(before, old32, new32);
      // One's complement has two zeros; both verify. The recomputed value is the canonical one.
      const full = internetChecksum(b);
      expect(incremental === full || (incremental ^ full) === 0xffff).toBe(true);
      const withField = Uint8Array.from([...b, incremental >>> 8, incremental & 0xff]);
      expect(onesSum(withField)).toBe(0xffff);
      expect(updateChecksum(full, 0x1234, 0x1234)).toBe(full);
    }
  });
});
