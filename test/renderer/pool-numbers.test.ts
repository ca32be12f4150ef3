import { describe, expect, it } from 'vitest';
import { BufferPool, combineStats } from '../../native-bridge/pool/index.js';
import { scopedPools } from '../../renderer/src/lib/pool-stats.js';
import {
  bytes,
  bytesTick,
  count,
  countTick,
  megabytesPerSecond,
  percent,
  seconds,
  secondsTick,
  sig,
  tierName,
} from '../../renderer/src/lib/units.js';
import { runStats } from './helpers.js';

describe('pool view number formats', () => {
  it('gives seconds a unit and a precision that fits their size', () => {
    expect(seconds(1.6649620429999996)).toBe('1.66 s');
    expect(seconds(0.0123)).toBe('0.012 s');
    expect(seconds(42.46)).toBe('42.5 s');
    expect(seconds(125.4)).toBe('2 min 05 s');
    expect(secondsTick(0)).toBe('0');
    expect(secondsTick(0.0015)).toBe('0.0015s');
    expect(secondsTick(1.25)).toBe('1.25s');
    expect(secondsTick(125)).toBe('2:05');
  });

  it('keeps about three significant digits, counts grouped', () => {
    expect(sig(1.6649620429999996)).toBe('1.66');
    expect(sig(12.345)).toBe('12.3');
    expect(sig(123.45)).toBe('123');
    expect(sig(0.004217)).toBe('0.00422');
    expect(sig(0)).toBe('0');
    expect(sig(12345.6)).toBe('12,346');
    expect(sig(Number.NaN)).toBe('–');
    expect(count(1234567)).toBe('1,234,567');
    expect(countTick(1500)).toBe('1.5k');
    expect(countTick(2_500_000)).toBe('2.5M');
    expect(countTick(0.25)).toBe('0.25');
  });

  it('never rounds a hit rate to a perfect or a null score', () => {
    expect(percent(0.97349)).toBe('97.3 %');
    expect(percent(1)).toBe('100 %');
    expect(percent(0)).toBe('0 %');
    expect(percent(0.99971)).toBe('> 99.9 %');
    expect(percent(0.0004)).toBe('< 0.1 %');
  });

  it('shows memory in binary units and throughput in MB/s', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(3 * 2 ** 20)).toBe('3.0 MiB');
    expect(bytesTick(1.5 * 2 ** 20)).toBe('1.5M');
    expect(megabytesPerSecond(350_000)).toBe('0.35 MB/s');
    expect(tierName(4096)).toBe('4 KiB');
    expect(tierName(262144)).toBe('256 KiB');
    expect(tierName(2 ** 20)).toBe('1 MiB');
    expect(tierName(100)).toBe('100 B');
  });
});

describe('pool view: the pools of a sample', () => {
  function used(tiers?: number[]): BufferPool {
    const pool = new BufferPool(tiers === undefined ? {} : { tiers });
    for (let i = 0; i < 3; i++) pool.acquire(100).release();
    pool.acquire(20_000).release();
    return pool;
  }

  it("puts the headline hit rate of a run over its packet tiers and file chunks, the UI's pool listed apart", () => {
    const packets = used();
    const chunks = used([262144]);
    const view = new BufferPool();
    view.acquire(10).release(); // a miss, then nothing more
    const stats = runStats(packets, { chunks: chunks.stats(), view: view.stats() });
    const run = scopedPools(stats, 'run')!;
    expect(run.pools.map((p) => p.name)).toEqual(['pool', 'chunks', 'view']);
    expect(run.tiers.map((t) => t.key)).toEqual([
      'pool:4096',
      'pool:16384',
      'pool:65536',
      'chunks:262144',
      'view:4096',
      'view:16384',
      'view:65536',
    ]);
    const all = combineStats(combineStats(packets.stats(), chunks.stats()), view.stats());
    // The headline is the run's data path, packet tiers and file chunks, as `wirepool replay` reports it; the UI's pool is apart.
    const path = combineStats(packets.stats(), chunks.stats());
    expect(run.hitRate).toBeCloseTo(path.hitRate, 12);
    expect(run.hitRate).not.toBeCloseTo(all.hitRate, 3);
    expect(run.hitRate).not.toBeCloseTo(packets.stats().hitRate, 3);
    expect(scopedPools(stats, 'total')).toBeUndefined();
    const total = scopedPools({ ...stats, total: all }, 'total')!;
    expect(total.pools.map((p) => p.name)).toEqual(['total']);
    expect(total.hitRate).toBe(all.hitRate);
  });
});
