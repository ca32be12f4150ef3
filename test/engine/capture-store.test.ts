/**
 * The live capture's memory: batches of packets, sent away and given back as the host does, kept
 * up to a budget, oldest evicted.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchBuilder, type SealedBatch } from '../../native-bridge/batch/index.js';
import { CaptureStore } from '../../native-bridge/engine/capture-store.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const sample = readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng'))).frames;

/** The sample's packets, numbered by run index + 1, in batches; each batch "sent" (transferred) at once. */
function capture(pool: BufferPool, store: CaptureStore, rounds: number, firstSeq = 0) {
  const away: ArrayBuffer[] = [];
  let emitted = 0;
  const builder = new BatchBuilder(
    pool,
    (b: SealedBatch) => {
      store.sent(emitted, b.count, b.seq);
      emitted += b.count;
      away.push(b.lease.transfer());
    },
    { firstSeq, maxPackets: 16 },
  );
  let n = 0;
  for (let r = 0; r < rounds; r++) for (const f of sample) builder.add({ ...f, number: ++n, interfaceId: 0 }, f.bytes);
  builder.flush();
  return { away, emitted };
}

describe('CaptureStore', () => {
  it('keeps given-back batches until the budget, then evicts the oldest into the pool; kept packets read back exactly', () => {
    const pool = new BufferPool({ tiers: [4096, 16384, 65536], capacity: [64, 64, 64] });
    const store = new CaptureStore(pool);
    const { away, emitted } = capture(pool, store, 4);
    expect(store.awayCount).toBe(away.length);
    const budget = 64 * 1024;
    for (const b of away) {
      expect(store.takeBack(b)).toBe(true);
      store.evictTo(budget);
    }
    expect(store.awayCount).toBe(0);
    expect(store.keptBytes).toBeLessThanOrEqual(budget);
    expect(store.keptBytes).toBeGreaterThan(budget / 2);
    expect(store.evictedPackets).toBeGreaterThan(0);
    expect(store.keptPackets + store.evictedPackets).toBe(emitted);
    // The oldest went first: everything after the evicted ones is held, nothing before.
    const firstKept = store.evictedPackets;
    expect(store.holds(firstKept, emitted - firstKept)).toBe(true);
    expect(store.holds(firstKept - 1, 1)).toBe(false);
    expect(store.holds(emitted - 1, 2)).toBe(false); // past the end
    store.read(firstKept, emitted - firstKept, (view, i, runIndex) => {
      const f = sample[runIndex % sample.length]!;
      expect(view.packet(i).number).toBe(runIndex + 1);
      expect([view.packet(i).sec, view.packet(i).nsec, view.packet(i).wireLen]).toEqual([f.sec, f.nsec, f.wireLen]);
      expect(Buffer.compare(view.data(i), f.bytes)).toBe(0);
    });
    // Evicted buffers went back to the pool: only the kept ones are still out of it.
    const stats = pool.stats();
    expect(stats.tiers.reduce((n, t) => n + t.returns, 0)).toBeGreaterThan(0);
    expect(stats.tiers.reduce((n, t) => n + t.outstanding * t.size, 0)).toBe(store.keptBytes);
    store.release();
    expect(pool.stats().tiers.every((t) => t.outstanding === 0)).toBe(true);
  });

  it("a buffer it did not send (an earlier run's, a reply's, not a batch at all) is not taken", () => {
    const pool = new BufferPool({ tiers: [4096, 16384, 65536], capacity: [64, 64, 64] });
    const earlier = new CaptureStore(pool);
    const old = capture(pool, earlier, 1, 0);
    const store = new CaptureStore(pool);
    const now = capture(pool, store, 1, old.away.length); // sequence numbers go on from run to run
    for (const b of old.away) expect(store.takeBack(b)).toBe(false);
    expect(store.takeBack(new ArrayBuffer(4096))).toBe(false);
    expect(store.takeBack(new ArrayBuffer(8))).toBe(false);
    for (const b of now.away) expect(store.takeBack(b)).toBe(true);
    expect(store.keptPackets).toBe(sample.length);
  });

  it('settles once nothing is away, or says it timed out', async () => {
    const pool = new BufferPool({ tiers: [4096, 16384, 65536], capacity: [64, 64, 64] });
    const store = new CaptureStore(pool);
    const { away } = capture(pool, store, 1);
    expect(await store.settled(20)).toBe(false);
    setTimeout(() => {
      for (const b of away) store.takeBack(b);
    }, 10);
    expect(await store.settled(2000)).toBe(true);
  });
});
