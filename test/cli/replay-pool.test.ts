import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAndRelease, replayJson } from '../../cli/commands/replay.js';
import { ReplayEngine } from '../../native-bridge/engine/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { BufferPool, combineStats, sumStats, type PoolStats } from '../../native-bridge/pool/index.js';
import { ROOT } from '../helpers/corpus.js';

/**
 * A replay's pool counters do not depend on who runs it: two ReplayEngine runs of a file at max
 * speed, each on fresh pools, with batches consumed as `wirepool replay` consumes them
 * (readAndRelease: read, then released at once inside onBatch), give the counters
 * `wirepool replay FILE --json` prints. An app gives batches back later, from another thread,
 * and so misses more (docs/ARCHITECTURE.md, "A run's hit rate").
 */
describe('replay pool counters: engine runs and wirepool replay --json agree', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-pool-'));
  const LARGE = path.join(tmp, 'large-frames.pcap');
  beforeAll(() => {
    writeCapture(LARGE, { profile: 'large', packets: 2000, seed: 1 }); // ≈ 42 MB of 16–64 KiB frames
  });

  function cli(file: string) {
    const r = spawnSync(path.join(ROOT, 'bin/wirepool'), ['replay', file, '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ReturnType<typeof replayJson>;
  }

  async function engineRun(file: string) {
    let seen = 0;
    const engine = new ReplayEngine(file, {
      pool: new BufferPool(), // fresh pools, as every run gets (the chunk pool is the engine's own)
      onBatch: (batch) => {
        seen += readAndRelease(batch);
      },
    });
    const summary = await engine.run();
    expect(seen).toBe(summary.packets);
    return summary;
  }

  /** What must agree: per tier and headline. Shaped from the CLI's JSON so both sides go through one mapping. */
  function counters(j: ReturnType<typeof replayJson>) {
    const tier = (t: (typeof j.pool.tiers)[number]) => ({
      size: t.size,
      hits: t.hits,
      misses: t.misses,
      returns: t.returns,
      hitRate: t.hitRate,
    });
    return {
      packets: j.packets,
      batches: j.batches,
      hitRate: j.pool.hitRate,
      packetHitRate: j.pool.packetHitRate,
      packetTiers: j.pool.tiers.map(tier),
      oversize: j.pool.oversize.count,
      chunkHitRate: j.chunks.hitRate,
      chunkTiers: j.chunks.tiers.map(tier),
      chunkOversize: j.chunks.oversize.count,
    };
  }

  /** Per tier, the counters and the hit rate (not the gauges: free and outstanding say what a tier holds now). */
  const perTier = (p: PoolStats) =>
    p.tiers.map((t) => ({ size: t.size, hits: t.hits, misses: t.misses, returns: t.returns, hitRate: t.hitRate }));

  it.each([
    ['the bundled sample', path.join(ROOT, 'samples/sample.pcapng')],
    ['a generated large-frame capture', LARGE],
  ])('%s', async (_, file) => {
    const fromCli = counters(cli(file));
    const first = await engineRun(file);
    const second = await engineRun(file);
    expect(counters(replayJson(first))).toEqual(fromCli);
    expect(counters(replayJson(second))).toEqual(fromCli);
    // Nothing outstanding at the end of either run: every buffer went back inside onBatch.
    for (const s of [first, second]) {
      expect([...s.pool.tiers, ...s.chunks.tiers].every((t) => t.outstanding === 0 && t.away === 0)).toBe(true);
      expect(s.pool.oversize.outstanding + s.chunks.oversize.outstanding).toBe(0);
    }
    // The headline is the hit rate over both pools, as the CLI prints it.
    expect(first.hitRate).toBe(combineStats(first.pool, first.chunks).hitRate);
    expect(first.hitRate).toBe(fromCli.hitRate);
    // A since-start total over the two runs (each on fresh pools): every counter doubled, the rates unchanged.
    const one = combineStats(first.pool, first.chunks);
    const total = sumStats(one, combineStats(second.pool, second.chunks));
    expect(perTier(total)).toEqual(perTier(one).map((t) => ({ ...t, hits: 2 * t.hits, misses: 2 * t.misses, returns: 2 * t.returns })));
    expect(total.hitRate).toBe(first.hitRate);
  });
});
