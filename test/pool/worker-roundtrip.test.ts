import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../native-bridge/pool/index.js';

// The worker stamps each buffer it receives and sends it straight back, transferred.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ buffer, length, seq }) => {
  const bytes = new Uint8Array(buffer, 0, length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum = (sum + bytes[i]) >>> 0;
  bytes[0] = seq & 0xff;
  parentPort.postMessage({ buffer, sum, seq }, [buffer]);
});`;

describe('round trip through a worker thread', () => {
  it('transfers pooled buffers out and back with no copy, counting returns and outstanding', async () => {
    const pool = new BufferPool();
    const worker = new Worker(WORKER, { eval: true });
    try {
      const replies: Array<{ buffer: ArrayBuffer; sum: number; seq: number }> = [];
      const got = new Promise<void>((resolve) => {
        worker.on('message', (m) => {
          replies.push(m);
          if (replies.length === 20) resolve();
        });
      });
      let expectedSums = 0;
      for (let seq = 0; seq < 20; seq++) {
        const length = 12_000 + seq * 2000; // 16 KiB and 64 KiB tiers
        const lease = pool.acquire(length);
        lease.bytes.fill(seq + 1);
        expectedSums += length * (seq + 1);
        const buffer = lease.transfer();
        worker.postMessage({ buffer, length, seq }, [buffer]);
        expect(buffer.byteLength).toBe(0); // moved, not copied
      }
      expect(pool.stats().tiers[1]!.outstanding + pool.stats().tiers[2]!.outstanding).toBe(20);
      await got;
      expect(replies.reduce((a, r) => a + r.sum, 0)).toBe(expectedSums);
      // One buffer never comes back: it must stay visible as outstanding.
      const kept = replies.pop()!;
      for (const r of replies) {
        expect(new Uint8Array(r.buffer)[0]).toBe(r.seq & 0xff);
        expect(pool.giveBack(r.buffer)).toBe('returned');
      }
      const s = pool.stats();
      const t16 = s.tiers[1]!;
      const t64 = s.tiers[2]!;
      expect(t16.returns + t64.returns).toBe(19);
      expect(t16.outstanding + t64.outstanding).toBe(1);
      expect(t64.away).toBe(1);
      expect(kept.buffer.byteLength).toBe(65536);
      // The buffers that came back are reused: the next acquisitions are hits.
      const again = pool.acquire(12_000);
      expect(pool.stats().tiers[1]!.hits).toBe(1);
      again.release();
    } finally {
      await worker.terminate();
    }
  });
});
