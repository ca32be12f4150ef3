import { describe, expect, it } from 'vitest';
import { BatchBuilder, BatchView, type SealedBatch } from '../../native-bridge/batch/index.js';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';

function meta(number: number, capLen: number, over: Partial<PacketMeta> = {}): PacketMeta {
  return {
    number,
    sec: 1_700_000_000 + number,
    nsec: number * 1000,
    wireLen: capLen + 4,
    capLen,
    interfaceId: number % 3,
    linkType: 1,
    ...over,
  };
}

function payload(n: number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = (n * 31 + i) & 0xff;
  return b;
}

function collect(pool: BufferPool, opts?: ConstructorParameters<typeof BatchBuilder>[2]) {
  const batches: SealedBatch[] = [];
  const builder = new BatchBuilder(pool, (b) => batches.push(b), opts);
  return { builder, batches };
}

describe('batch layout', () => {
  it('round-trips packets and their metadata through builder and view, in order', () => {
    const pool = new BufferPool();
    const { builder, batches } = collect(pool);
    const sizes = [60, 1514, 42, 9000, 20_000, 64, 1400, 65_000, 100];
    sizes.forEach((len, i) => {
      builder.add(meta(i + 1, len, i === 2 ? { sec: -5, nsec: 1_000_000_000, interfaceId: -1 } : {}), payload(i, len));
    });
    builder.flush({ last: true });
    const got = batches.flatMap((b) => {
      const v = new BatchView(b.lease.buffer);
      expect(v.count).toBe(b.count);
      expect(v.usedBytes).toBe(b.usedBytes);
      return Array.from({ length: v.count }, (_, i) => v.packet(i));
    });
    expect(got.map((p) => p.capLen)).toEqual(sizes);
    got.forEach((p, i) => {
      expect(p.number).toBe(i + 1);
      expect(p.wireLen).toBe(sizes[i]! + 4);
      expect([...p.data]).toEqual([...payload(i, sizes[i]!)]);
      if (i === 2) expect([p.sec, p.nsec, p.interfaceId]).toEqual([-5, 1_000_000_000, -1]);
      else expect([p.sec, p.nsec, p.interfaceId]).toEqual([1_700_000_000 + i + 1, (i + 1) * 1000, (i + 1) % 3]);
    });
    expect(new BatchView(batches.at(-1)!.lease.buffer).last).toBe(true);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i));
  });

  it('views packets in place (no copy) and keeps the used region contiguous', () => {
    const pool = new BufferPool();
    const { builder, batches } = collect(pool);
    for (let i = 0; i < 10; i++) builder.add(meta(i, 100), payload(i, 100));
    builder.flush();
    const v = new BatchView(batches[0]!.lease.buffer);
    expect(v.data(3).buffer).toBe(batches[0]!.lease.buffer);
    expect(v.usedBytes).toBe(32 + 1000 + 10 * 32);
  });

  it('sends large frames alone in a buffer of their own tier, and over 64 KiB oversize', () => {
    const pool = new BufferPool();
    const { builder, batches } = collect(pool);
    builder.add(meta(1, 10_000), payload(1, 10_000));
    builder.add(meta(2, 40_000), payload(2, 40_000));
    builder.add(meta(3, 65_549), payload(3, 65_549)); // a loopback frame at the 65535-byte IP limit
    expect(batches.map((b) => [b.count, b.lease.tier])).toEqual([
      [1, 1],
      [1, 2],
      [1, -1],
    ]);
    expect(pool.stats().oversize.count).toBe(1);
  });

  it('grows packing batches under a flood and shrinks them when the clock flushes them mostly empty', () => {
    const pool = new BufferPool();
    const { builder, batches } = collect(pool);
    for (let i = 0; i < 400; i++) builder.add(meta(i, 1000), payload(i, 1000));
    const tiers = batches.map((b) => b.lease.tier);
    expect(tiers[0]).toBe(0);
    expect(tiers).toContain(1);
    expect(tiers.at(-1)).toBe(2);
    for (let k = 0; k < 3; k++) {
      builder.add(meta(1000 + k, 60), payload(k, 60));
      builder.flush({ idle: true });
    }
    expect(batches.slice(-3).map((b) => b.lease.tier)).toEqual([2, 1, 0]);
  });

  it('recycles batch buffers: steady state is all hits', () => {
    const pool = new BufferPool();
    const builder = new BatchBuilder(pool, (b) => b.lease.release());
    for (let i = 0; i < 20_000; i++) builder.add(meta(i, 64 + (i % 1400)), payload(i, 64 + (i % 1400)));
    builder.flush();
    const s = pool.stats();
    // One allocation per tier the sizer passes through, then every batch reuses a buffer.
    expect(s.tiers.reduce((a, t) => a + t.misses, 0)).toBeLessThanOrEqual(3);
    expect(s.tiers.reduce((a, t) => a + t.hits, 0)).toBeGreaterThan(200);
    expect(s.tiers.every((t) => t.outstanding === 0)).toBe(true);
  });

  it('rejects damaged batches instead of handing out views past the data', () => {
    const pool = new BufferPool();
    const { builder, batches } = collect(pool);
    builder.add(meta(1, 100), payload(1, 100));
    builder.add(meta(2, 100), payload(2, 100));
    builder.flush();
    const good = batches[0]!.lease.buffer;
    const corrupt = (mutate: (u32: Uint32Array) => void) => {
      const copy = good.slice(0);
      mutate(new Uint32Array(copy));
      return () => new BatchView(copy);
    };
    expect(corrupt((u) => (u[0] = 0))).toThrow(/bad magic/);
    expect(corrupt((u) => (u[2] = 1000))).toThrow(/does not fit/);
    const indexWord = new Uint32Array(good)[4]! / 4;
    expect(corrupt((u) => (u[indexWord + 1] = 5000))).toThrow(/runs past the data area/);
    expect(() => new BatchView(new ArrayBuffer(8))).toThrow(/shorter than the header/);
    expect(new BatchView(good).count).toBe(2);
  });
});
