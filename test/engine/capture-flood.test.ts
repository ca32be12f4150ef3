/**
 * How the engine worker reaches a live capture whose drain loop never yields (a flood): a
 * stand-in binding (test/fixtures/flood-cap.cjs) calls the packet handler back to back for 5 s.
 * Stats, buffers given back and stop must get through from inside that loop; without the
 * worker's in-loop message poll, stop would wait for the whole 5 s and no stats would come.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineThread } from '../../native-bridge/engine/index.js';
import type { ErrorInfo, RunStats } from '../../native-bridge/protocol/index.js';
import { ROOT } from '../helpers/corpus.js';

describe('a capture whose drain loop never yields', () => {
  it('posts stats, takes buffers back and stops from inside the loop', async () => {
    const saved = process.env.WIREPOOL_CAP_MODULE;
    process.env.WIREPOOL_CAP_MODULE = path.join(ROOT, 'test/fixtures/flood-cap.cjs');
    const stats: RunStats[] = [];
    let resolveDone!: (d: { stats: RunStats; error?: ErrorInfo; at: number }) => void;
    const done = new Promise<{ stats: RunStats; error?: ErrorInfo; at: number }>((r) => (resolveDone = r));
    let resolveRun!: (at: number) => void;
    const started = new Promise<number>((r) => (resolveRun = r));
    let host: EngineThread | undefined;
    try {
      host = await EngineThread.start(
        {
          batch: (b) => host!.giveBack(b.buffer),
          stats: (s) => stats.push(s),
          run: () => resolveRun(Date.now()),
          done: (s, error) => resolveDone(error ? { stats: s, error, at: Date.now() } : { stats: s, at: Date.now() }),
        },
        { memoryBudget: 4 << 20 },
      );
      host.capture({ iface: 'flood0', spool: false });
      const t0 = await started;
      await new Promise((r) => setTimeout(r, 800));
      const during = stats.filter((s) => s.state === 'running' && s.packets > 0);
      host.stop();
      const stopAt = Date.now();
      const end = await done;
      expect(end.error).toBeUndefined();
      expect(end.stats.state).toBe('stopped');
      // Stopped long before the 5-s flood ran out.
      expect(end.at - stopAt).toBeLessThan(1500);
      expect(end.at - t0).toBeLessThan(3000);
      // Stats every 200 ms although the worker's event loop never turned.
      expect(during.length).toBeGreaterThanOrEqual(2);
      // The batches given back reached the worker during the loop: with a 4 MiB budget, a
      // million-packet flood would otherwise have dropped most of it.
      expect(end.stats.seen).toBeGreaterThan(10_000);
      expect(end.stats.dropped! / end.stats.seen!).toBeLessThan(0.5);
      expect(end.stats.seen).toBe(end.stats.packets + end.stats.dropped!);
      expect(end.stats.memory!.evictedPackets).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.WIREPOOL_CAP_MODULE;
      else process.env.WIREPOOL_CAP_MODULE = saved;
      await host?.close();
    }
  }, 20_000);
});
