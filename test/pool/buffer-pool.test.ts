import { describe, expect, it } from 'vitest';
import { BufferPool, PoolError } from '../../native-bridge/pool/index.js';

const tierSizeOf = (pool: BufferPool, n: number) => {
  const lease = pool.acquire(n);
  const size = lease.buffer.byteLength;
  lease.release();
  return size;
};

describe('tier selection', () => {
  it('puts each size in the smallest tier that holds it (boundaries)', () => {
    const pool = new BufferPool();
    expect(pool.tierSizes).toEqual([4096, 16384, 65536]);
    const cases: Array<[number, number]> = [
      [0, 4096],
      [1, 4096],
      [4096, 4096],
      [4097, 16384],
      [16384, 16384],
      [16385, 65536],
      [65536, 65536],
    ];
    for (const [req, tier] of cases) expect(tierSizeOf(pool, req), `request ${req}`).toBe(tier);
    const big = pool.acquire(65537);
    expect(big.tier).toBe(-1);
    expect(big.buffer.byteLength).toBe(65537);
    big.release();
    expect(pool.stats().oversize).toEqual({ count: 1, bytes: 65537, outstanding: 0 });
  });

  it('exposes exactly the requested bytes, backed by a tier-sized buffer', () => {
    const pool = new BufferPool();
    using lease = pool.acquire(12_000);
    expect(lease.bytes.length).toBe(12_000);
    expect(lease.bytes.buffer).toBe(lease.buffer);
    expect(lease.buffer.byteLength).toBe(16384);
  });

  it('takes custom tiers and rejects bad options with a clear code', () => {
    const pool = new BufferPool({ tiers: [100, 1000] });
    expect(tierSizeOf(pool, 101)).toBe(1000);
    expect(() => new BufferPool({ tiers: [1000, 100] })).toThrow(/ascend/);
    expect(() => new BufferPool({ tiers: [] })).toThrow(PoolError);
    expect(() => new BufferPool({ capacity: [1, 2] })).toThrow(/2 entries for 3 tiers/);
    expect(() => new BufferPool({ preallocate: 5, capacity: 4 })).toThrow(/exceeds capacity/);
    expect(() => pool.acquire(-1)).toThrow(expect.objectContaining({ code: 'POOL_BAD_SIZE' }));
    expect(() => pool.acquire(1.5)).toThrow(expect.objectContaining({ code: 'POOL_BAD_SIZE' }));
  });
});

describe('hits, misses, returns, drops', () => {
  it('reuses a released buffer: the second acquisition is a hit on the same memory', () => {
    const pool = new BufferPool();
    const a = pool.acquire(1000);
    const buf = a.buffer;
    a.bytes[0] = 42;
    a.release();
    const b = pool.acquire(2000);
    expect(b.buffer).toBe(buf);
    b.release();
    const t = pool.stats().tiers[0]!;
    expect([t.hits, t.misses, t.returns, t.drops, t.outstanding, t.free]).toEqual([1, 1, 2, 0, 0, 1]);
  });

  it('computes hit rate per tier and overall, oversize counting as a miss', () => {
    const pool = new BufferPool();
    expect(pool.stats().hitRate).toBe(0);
    for (let i = 0; i < 4; i++) pool.acquire(100).release(); // 1 miss, 3 hits
    pool.acquire(20_000).release(); // 1 miss in tier 2
    pool.acquire(70_000).release(); // oversize
    const s = pool.stats();
    expect(s.tiers[0]!.hitRate).toBe(0.75);
    expect(s.tiers[2]!.hitRate).toBe(0);
    expect(s.tiers[1]!.hitRate).toBe(0);
    expect(s.hitRate).toBeCloseTo(3 / 6, 12);
    expect(s.tiers[0]!.bytesRequested).toBe(400);
    expect(s.tiers[0]!.bytesReserved).toBe(4 * 4096);
  });

  it('preallocates so the first acquisitions are hits', () => {
    const pool = new BufferPool({ preallocate: [2, 1, 0] });
    expect(pool.stats().tiers.map((t) => t.free)).toEqual([2, 1, 0]);
    const leases = [pool.acquire(10), pool.acquire(10), pool.acquire(10), pool.acquire(5000)];
    const s = pool.stats().tiers;
    expect([s[0]!.hits, s[0]!.misses, s[1]!.hits, s[1]!.misses]).toEqual([2, 1, 1, 0]);
    expect(s[0]!.outstanding).toBe(3);
    for (const l of leases) l.release();
  });

  it('drops buffers released into a full tier', () => {
    const pool = new BufferPool({ capacity: [2, 2, 2] });
    const leases = Array.from({ length: 5 }, () => pool.acquire(4096));
    for (const l of leases) l.release();
    const t = pool.stats().tiers[0]!;
    expect([t.misses, t.returns, t.drops, t.free, t.outstanding]).toEqual([5, 2, 3, 2, 0]);
  });

  it('handles > 10 KiB packets in the 16 KiB and 64 KiB tiers with reuse', () => {
    const pool = new BufferPool();
    for (let i = 0; i < 100; i++) {
      using lease = pool.acquire(10_241 + ((i * 997) % 50_000));
      lease.bytes.fill(i & 0xff);
      expect(lease.bytes[lease.bytes.length - 1]).toBe(i & 0xff);
    }
    const [, t16, t64] = pool.stats().tiers;
    expect(t16!.hits + t16!.misses + t64!.hits + t64!.misses).toBe(100);
    expect(t16!.misses).toBe(1);
    expect(t64!.misses).toBe(1);
  });

  it('reset zeroes counters but keeps free buffers and outstanding leases', () => {
    const pool = new BufferPool();
    pool.acquire(1).release();
    const held = pool.acquire(1);
    pool.reset();
    const t = pool.stats().tiers[0]!;
    expect([t.hits, t.misses, t.returns, t.outstanding, t.free]).toEqual([0, 0, 0, 1, 0]);
    held.release();
    expect(pool.stats().tiers[0]!.free).toBe(1);
  });
});

describe('oversize policy', () => {
  it("'error' refuses requests above the largest tier with a clear message", () => {
    const pool = new BufferPool({ oversize: 'error' });
    expect(() => pool.acquire(65537)).toThrow(expect.objectContaining({ code: 'POOL_OVERSIZE', message: expect.stringMatching(/64 KiB/) }));
    expect(pool.stats().oversize.count).toBe(0);
  });

  it("'allocate' gives an exact-size unpooled buffer that is never pooled", () => {
    const pool = new BufferPool();
    const l = pool.acquire(100_000);
    expect(l.bytes.length).toBe(100_000);
    expect(pool.stats().oversize.outstanding).toBe(1);
    l.release();
    const s = pool.stats();
    expect(s.oversize.outstanding).toBe(0);
    expect(s.tiers.every((t) => t.free === 0)).toBe(true);
  });
});

describe('release rules', () => {
  it('a second release is a clear error and never corrupts the free list', () => {
    const pool = new BufferPool();
    const a = pool.acquire(10);
    a.release();
    expect(() => a.release()).toThrow(
      expect.objectContaining({ code: 'POOL_DOUBLE_RELEASE', message: expect.stringMatching(/#1 \(tier 4 KiB\)/) }),
    );
    expect(pool.stats().tiers[0]!.free).toBe(1);
    const b = pool.acquire(10);
    const c = pool.acquire(10);
    expect(b.buffer).not.toBe(c.buffer);
    expect(() => a.bytes).toThrow(expect.objectContaining({ code: 'POOL_USE_AFTER_RELEASE' }));
  });

  it('using releases at scope end, and is a no-op after an explicit release', () => {
    const pool = new BufferPool();
    {
      using lease = pool.acquire(10);
      expect(pool.stats().tiers[0]!.outstanding).toBe(1);
      void lease;
    }
    expect(pool.stats().tiers[0]!.outstanding).toBe(0);
    {
      using lease = pool.acquire(10);
      lease.release();
    }
    expect(pool.stats().tiers[0]!.returns).toBe(2);
  });

  it('never pools a buffer that comes back detached or of the wrong size', () => {
    const pool = new BufferPool();
    const lease = pool.acquire(10);
    structuredClone(lease.buffer, { transfer: [lease.buffer] }); // detaches behind the lease's back
    lease.release();
    let t = pool.stats().tiers[0]!;
    expect([t.rejected, t.free, t.outstanding]).toEqual([1, 0, 0]);

    expect(pool.giveBack(new ArrayBuffer(4000))).toBe('rejected');
    const detached = new ArrayBuffer(4096);
    structuredClone(detached, { transfer: [detached] });
    expect(pool.giveBack(detached)).toBe('rejected');
    const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer;
    expect(pool.giveBack(new Resizable(4096, { maxByteLength: 8192 }))).toBe('rejected');
    const s = pool.stats();
    expect(s.rejectedGiveBacks).toBe(3);
    t = s.tiers[0]!;
    expect(t.free).toBe(0);
  });

  it('counts a transferred buffer as outstanding until it is given back, then as a return', () => {
    const pool = new BufferPool();
    const lease = pool.acquire(3000);
    const buf = lease.transfer();
    expect(() => lease.release()).toThrow(expect.objectContaining({ code: 'POOL_DOUBLE_RELEASE' }));
    const moved = structuredClone(buf, { transfer: [buf] }); // what postMessage does
    expect(buf.byteLength).toBe(0);
    expect(pool.stats().tiers[0]).toMatchObject({ outstanding: 1, away: 1, returns: 0 });
    expect(pool.giveBack(moved)).toBe('returned');
    expect(pool.stats().tiers[0]).toMatchObject({ outstanding: 0, away: 0, returns: 1, free: 1, adopted: 0 });
    expect(pool.giveBack(new ArrayBuffer(4096))).toBe('returned');
    expect(pool.stats().tiers[0]).toMatchObject({ adopted: 1, free: 2 });
  });

  it('counts an oversize buffer back only for a length it lent, and says which lengths are away', () => {
    const pool = new BufferPool();
    const a = pool.acquire(100_000).transfer();
    const b = pool.acquire(200_000).transfer();
    const c = pool.acquire(200_000).transfer();
    const t = pool.acquire(5000).transfer();
    expect(pool.stats().oversize.outstanding).toBe(3);
    expect([pool.hasAway(100_000), pool.hasAway(200_000), pool.hasAway(150_000), pool.hasAway(16_384), pool.hasAway(4096)]).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(pool.hasAway(5000)).toBe(false); // a tier buffer comes back at its tier's size, not the size asked for
    // A stranger above the largest tier is not one of ours: nothing is counted back for it.
    expect(pool.giveBack(new ArrayBuffer(150_000))).toBe('rejected');
    expect(pool.stats().oversize.outstanding).toBe(3);
    for (const buf of [a, b]) pool.giveBack(structuredClone(buf, { transfer: [buf] }));
    expect(pool.stats().oversize.outstanding).toBe(1);
    expect([pool.hasAway(100_000), pool.hasAway(200_000)]).toEqual([false, true]);
    pool.giveBack(c);
    pool.giveBack(c); // given back twice: the second time it is a stranger
    expect(pool.stats().oversize.outstanding).toBe(0);
    expect(pool.hasAway(200_000)).toBe(false);
    expect(pool.giveBack(t)).toBe('returned');
    expect(pool.hasAway(16_384)).toBe(false);
    expect(pool.stats().tiers[1]).toMatchObject({ outstanding: 0, away: 0 });
  });
});
