import { describe, expect, it } from 'vitest';
import { formatEpoch } from '../../native-bridge/formats/index.js';
import { TimeScale } from '../../native-bridge/formats/timestamp.js';

const NS = 1_000_000_000n;

/** The exact conversion, in BigInt, as the reference. */
function reference(ticks: bigint, tsresol: number, offset: bigint): [number, number] {
  const units = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  const sec = BigInt.asIntN(64, BigInt.asIntN(64, ticks / units) + offset);
  return [Number(sec), Number(((ticks % units) * NS) / units)];
}

/** Deterministic pseudo-random 64-bit values (xorshift), biased towards interesting ranges. */
function* ticksSamples(n: number): Generator<bigint> {
  let x = 0x9e3779b97f4a7c15n;
  const edges = [
    0n,
    1n,
    (1n << 32n) - 1n,
    1n << 32n,
    (1n << 53n) - 1n,
    1n << 53n,
    (1n << 64n) - 1n,
    1_700_000_000_123_456n,
    1_700_000_000_123_456_789n,
  ];
  yield* edges;
  for (let i = 0; i < n; i++) {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    const shift = BigInt(i % 64);
    yield x >> shift;
  }
}

describe('TimeScale', () => {
  const resolutions = [
    0,
    1,
    3,
    6,
    9,
    10,
    11,
    12,
    15,
    19,
    0x80,
    0x80 | 1,
    0x80 | 10,
    0x80 | 20,
    0x80 | 23,
    0x80 | 24,
    0x80 | 30,
    0x80 | 32,
    0x80 | 40,
    0x80 | 63,
  ];
  for (const tsresol of resolutions) {
    it(`is exact for if_tsresol 0x${tsresol.toString(16)}`, () => {
      for (const offset of [0n, 100n, -2_000_000_000n]) {
        const scale = TimeScale.from(tsresol, offset) as TimeScale;
        const out = { sec: 0, nsec: 0 };
        for (const t of ticksSamples(2000)) {
          scale.split(Number(t >> 32n), Number(t & 0xffffffffn), out);
          const [sec, nsec] = reference(t, tsresol, offset);
          if (out.sec !== sec || out.nsec !== nsec)
            expect.fail(`ticks ${t} offset ${offset}: got ${out.sec}.${out.nsec}, want ${sec}.${nsec}`);
        }
      }
    });
  }

  it('reads resolutions whose units do not fit 64 bits, exactly (a 64-bit count is under a second there)', () => {
    const out = { sec: -1, nsec: -1 };
    TimeScale.from(20).split(0xffffffff, 0xffffffff, out);
    expect(out).toEqual({ sec: 0, nsec: 184_467_440 }); // (2^64 - 1) / 10^20 s
    TimeScale.from(0x80 | 64).split(0x80000000, 0, out);
    expect(out).toEqual({ sec: 0, nsec: 500_000_000 });
    TimeScale.from(0x80 | 127).split(0xffffffff, 0xffffffff, out);
    expect(out).toEqual({ sec: 0, nsec: 0 });
  });
});

describe('formatEpoch prints frame.time_epoch as TShark does', () => {
  it.each([
    [1418145369, 999_999_000, '1418145369.999999000'],
    [1418145370, 1_000_000_000, '1418145370.1000000000'], // usec field 1000000
    [1418145370, 2_147_483_648, '-1418145370.2147483648'], // nsec field 0x80000000 in a C int
    [0, 3_841_916_976_000, '-0.2078753920'], // usec field 3841916976, times 1000 in 32 bits
    [4294967295, 0, '4294967295.000000000'],
    [-2_000_000_000, 123_456_789, '-2000000000.123456789'],
    [0, 5, '0.000000005'],
  ])('%d s + %d ns -> %s', (sec, nsec, text) => {
    expect(formatEpoch(sec, nsec)).toBe(text);
  });
});
