import { describe, expect, it } from 'vitest';
import { KeyTable } from '../../native-bridge/stats/key-table.js';
import { decimalsOf, floorDiv, parseSeconds, spanBetween, spanOfProduct } from '../../native-bridge/stats/time.js';

describe('KeyTable', () => {
  it('gives dense ids in first-seen order, finds them again after growing, keeps the words', () => {
    const t = new KeyTable(3);
    const key = new Uint32Array(3);
    for (let i = 0; i < 50_000; i++) {
      key.set([i, 0xffffffff - i, i * 7]);
      expect(t.intern(key)).toBe(i);
    }
    key.set([123, 0xffffffff - 123, 861]);
    expect(t.find(key)).toBe(123);
    key.set([123, 0, 861]);
    expect(t.find(key)).toBe(-1);
    expect([t.word(49_999, 0), t.word(49_999, 1), t.size]).toEqual([49_999, 0xffffffff - 49_999, 50_000]);
  });
});

describe('time', () => {
  it('normalises spans, invalid fractions included', () => {
    expect(spanBetween(10, 0, 9, 999_999_999)).toEqual({ sec: 0, nsec: 1 });
    expect(spanBetween(9, 0, 10, 1)).toEqual({ sec: -2, nsec: 999_999_999 });
    expect(spanBetween(5, 1_000_000_000, 5, 0)).toEqual({ sec: 1, nsec: 0 }); // pcap fraction field 1000000
  });

  it('parses intervals to exact nanoseconds', () => {
    expect(['1', '0.5', '0.000000001', '10.25', '0'].map(parseSeconds)).toEqual([1e9, 5e8, 1, 10_250_000_000, 0]);
    expect(['', '-1', '1e3', '0.0000000001', 'x'].map(parseSeconds)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([1e9, 5e8, 1e6, 1, 1_500_000_000].map(decimalsOf)).toEqual([0, 1, 3, 9, 1]);
  });

  it('divides exactly near 2^53 and with BigInt beyond', () => {
    const big = 2 ** 53 - 1;
    expect(floorDiv(big, 3)).toBe(3_002_399_751_580_330);
    expect(floorDiv(big - 1, big)).toBe(0);
    expect(floorDiv(big, big)).toBe(1);
    expect(floorDiv(10n ** 20n + 5n, 10)).toBe(1e19);
    expect(spanOfProduct(3, 500_000_000)).toEqual({ sec: 1, nsec: 500_000_000 });
    expect(spanOfProduct(200, 86_400_000_000_000)).toEqual({ sec: 17_280_000, nsec: 0 });
    expect(spanOfProduct(1_000_000_000_001, 1_000_000_001)).toEqual({ sec: 1_000_000_001_001, nsec: 1 });
  });
});
