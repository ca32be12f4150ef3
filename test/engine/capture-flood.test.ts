/**
 * How the engine worker reaches a live capture whose drain loop never yields (a flood): a
 * stand-in binding (test/fixtures/flood-cap.cjs) calls the packet handler back to back for
 * FLOOD_MS. Stats, buffers given back and stop must get through from inside that loop; without
 * the worker's in-loop message poll, stop would wait for the whole flood and no stats would come.
 * The flood is long, so that what is checked does not depend on how fast this machine is now.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineThread } from '../../native-bridge/engine/index.js';
import type { ErrorInfo, RunStats } from '../../native-bridge/protocol/index.js';
import { ROOT } from '../helpers/corpus.js';
import { before } from '../helpers/wait.js';

const FLOOD_MS = 30_000;
const BUDGET = 4 << 20;

describe('a capture whose drain loop never yields', () => {
  it('posts stats, takes buffers back and stops from inside the loop', async () => {
    const saved = { module: process.env.WIREPOOL_CAP_MODULE, ms: process.env.WIREPOOL_FLOOD_MS };
    process.env.WIREPOOL_CAP_MODULE = path.join(ROOT, 'test/fixtures/flood-cap.cjs');
    process.env.WIREPOOL_FLOOD_MS = String(FLOOD_MS);
    const stats: RunStats[] = [];
    let resolveDone!: (d: { stats: RunStats; error?: ErrorInfo; at: number }) => void;
    const done = new Promise<{ stats: RunStats; error?: ErrorInfo; at: number }>((r) => (resolveDone = r));
    let resolveRun!: (at: number) => void;
    const started = new Promise<number>((r) => (resolveRun = r));
    let host: EngineThread | undefined;
    try {
      host = await EngineThread.start(
        {
          batch: (b) => host!.giveBack(b.buffer, b.runId),
          event: (e) => {
            if (e.type === 'stats') stats.push(e.stats);
            else if (e.type === 'run') resolveRun(Date.now());
            else if (e.type === 'done')
              resolveDone(e.error ? { stats: e.stats, error: e.error, at: Date.now() } : { stats: e.stats, at: Date.now() });
          },
        },
        { memoryBudget: BUDGET },
      );
      await host.capture({ ifaces: ['flood0'], spool: false });
      await started;
      const during = () => stats.filter((s) => s.state === 'running' && s.packets > 0);
      // While the flood goes on: stats every 200 ms although the worker's event loop never turns,
      // and more packet bytes batched than twice the budget. Past the budget the engine drops
      // until batches come back, so that many means the buffers given back reached the worker
      // inside the loop.
      const floodOver = new Promise<'flood over'>((r) => setTimeout(() => r('flood over'), FLOOD_MS).unref());
      const whileFlooding = await before(() => during().length >= 2 && during().at(-1)!.bytes > 2 * BUDGET, floodOver);
      expect(whileFlooding, `stats during the flood: ${JSON.stringify(during().map((s) => [s.seen, s.bytes]))}`).toBe('met');
      void host.stop();
      const stopAt = Date.now();
      const end = await done;
      expect(end.error).toBeUndefined();
      expect(end.stats.state).toBe('stopped');
      // Stopped long before the flood ran out (without the poll, stop would land at its end).
      expect(end.at - stopAt).toBeLessThan(FLOOD_MS / 3);
      expect(end.stats.seen).toBe(end.stats.packets + end.stats.dropped!);
      expect(end.stats.memory!.evictedPackets).toBeGreaterThan(0);
    } finally {
      for (const [k, v] of [
        ['WIREPOOL_CAP_MODULE', saved.module],
        ['WIREPOOL_FLOOD_MS', saved.ms],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await host?.close();
    }
  }, 60_000);
});
