import { describe, expect, it } from 'vitest';
import { innerTicks, niceTicks } from '../../renderer/src/lib/ticks.js';

describe('niceTicks', () => {
  it('covers the range with round steps of 1, 2 or 5 × 10^k', () => {
    expect(niceTicks(0, 97)).toEqual([0, 50, 100]);
    expect(niceTicks(0, 1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0.2, 1.15)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0.2, 0.9)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 3.3)).toEqual([3, 3.1, 3.2, 3.3]);
    expect(niceTicks(0, 2_500_000_000)).toEqual([0, 1e9, 2e9, 3e9]);
  });

  it('gives a flat, empty or non-finite range an axis of its own', () => {
    expect(niceTicks(5, 5)).toEqual([5, 6]);
    expect(niceTicks(Number.NaN, 1)).toEqual([0, 1]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });

  it('never gives more than parts + 2 ticks', () => {
    for (let hi = 0.001; hi < 1e12; hi *= 1.37) expect(niceTicks(0, hi).length).toBeLessThanOrEqual(6);
  });
});

describe('innerTicks', () => {
  it('keeps the round values inside the range, so a time axis ends with its data', () => {
    expect(innerTicks(0, 4.44)).toEqual([0, 2, 4]);
    expect(innerTicks(0.3, 0.35)).toEqual([0.3, 0.32, 0.34]);
    expect(innerTicks(1.01, 1.02)).toEqual([1.01, 1.015, 1.02]);
  });
});
