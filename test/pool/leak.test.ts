import { describe, expect, it } from 'vitest';
import { BufferPool, type LeakReport } from '../../native-bridge/pool/index.js';
import { gcUntil } from '../helpers/gc.js';

function leakOne(pool: BufferPool, size: number): void {
  pool.acquire(size); // dropped on the floor
}

describe('leak report', () => {
  it('reports a lease garbage-collected without release, with its tier and acquisition site', async () => {
    const reports: LeakReport[] = [];
    const pool = new BufferPool({ debug: true, onLeak: (r) => reports.push(r) });
    leakOne(pool, 10_000);
    const released = pool.acquire(10_000);
    released.release();
    expect(await gcUntil(() => reports.length > 0)).toBe(true);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ tier: 1, tierSize: 16384, requested: 10_000 });
    expect(reports[0]!.acquiredAt).toMatch(/leakOne/);
    const t = pool.stats().tiers[1]!;
    expect([t.leaked, t.outstanding]).toEqual([1, 0]);
    expect(pool.leaks()).toHaveLength(1);
  });

  it('reports nothing for released leases and omits the stack without debug', async () => {
    const reports: LeakReport[] = [];
    const pool = new BufferPool({ onLeak: (r) => reports.push(r) });
    for (let i = 0; i < 100; i++) pool.acquire(100).release();
    leakOne(pool, 100);
    await gcUntil(() => reports.length > 0);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.acquiredAt).toBeUndefined();
  });
});
