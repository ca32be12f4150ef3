import { describe, expect, it } from 'vitest';
import { BufferPool, SharedPacket } from '../../native-bridge/pool/index.js';

describe('SharedPacket', () => {
  it('slices without copying: writes through one view are seen by the other', () => {
    const pool = new BufferPool();
    const lease = pool.acquire(1500);
    const pkt = SharedPacket.fromLease(lease, 100);
    pkt.bytes.set([1, 2, 3, 4, 5, 6, 7, 8], 10);
    const sub = pkt.slice(10, 18);
    expect(sub.bytes.buffer).toBe(pkt.bytes.buffer);
    expect(sub.bytes.byteOffset).toBe(pkt.bytes.byteOffset + 10);
    expect([...sub.bytes]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    sub.bytes[0] = 99;
    expect(pkt.bytes[10]).toBe(99);
    const subsub = sub.slice(2, 4);
    expect([...subsub.bytes]).toEqual([3, 4]);
    expect(pkt.sharedCount).toBe(3);
    subsub.release();
    sub.release();
    pkt.release();
  });

  it('returns the buffer to the pool only when the last reference is released', () => {
    const pool = new BufferPool();
    const pkt = SharedPacket.fromLease(pool.acquire(12_000));
    const a = pkt.slice(0, 10);
    pkt.retain();
    expect(pkt.refCount).toBe(2);
    const outstanding = () => pool.stats().tiers[1]!.outstanding;
    pkt.release();
    pkt.release();
    expect(outstanding()).toBe(1); // the slice still holds it
    expect(() => pkt.bytes).toThrow(expect.objectContaining({ code: 'POOL_USE_AFTER_RELEASE' }));
    expect(a.bytes.length).toBe(10);
    a.release();
    expect(outstanding()).toBe(0);
    expect(pool.stats().tiers[1]!.returns).toBe(1);
    expect(() => a.release()).toThrow(expect.objectContaining({ code: 'POOL_DOUBLE_RELEASE' }));
    expect(pool.stats().tiers[1]!.free).toBe(1);
  });

  it('never exposes bytes beyond what was written', () => {
    const pool = new BufferPool();
    const dirty = pool.acquire(4096);
    dirty.bytes.fill(0xee);
    dirty.release();
    const pkt = SharedPacket.fromLease(pool.acquire(4096), 60);
    expect(pkt.length).toBe(60);
    expect(pkt.bytes.length).toBe(60);
    expect(() => pkt.slice(0, 61)).toThrow(expect.objectContaining({ code: 'POOL_SLICE_RANGE' }));
    expect(() => pkt.slice(-1, 5)).toThrow(expect.objectContaining({ code: 'POOL_SLICE_RANGE' }));
    expect(() => pkt.slice(10, 5)).toThrow(expect.objectContaining({ code: 'POOL_SLICE_RANGE' }));
    expect(() => SharedPacket.fromLease(pool.acquire(10), 11)).toThrow(expect.objectContaining({ code: 'POOL_SLICE_RANGE' }));
    expect(pkt.slice(60).length).toBe(0);
    pkt.release();
  });

  it('works with using', () => {
    const pool = new BufferPool();
    {
      using pkt = SharedPacket.fromLease(pool.acquire(100));
      using part = pkt.slice(1, 2);
      expect(part.length).toBe(1);
    }
    expect(pool.stats().tiers[0]).toMatchObject({ outstanding: 0, returns: 1 });
  });
});
