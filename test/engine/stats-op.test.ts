/**
 * The `stats` operation: the statistics window's numbers, counted by the engine worker over the
 * run's store, equal `wirepool stats --json`'s for the same file; a big file is counted in
 * slices (answers with how far it got, the worker answering rows meanwhile).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCapture } from '../../native-bridge/generate/index.js';
import type { OpArgs, PlainStats, StatsResult } from '../../native-bridge/protocol/index.js';
import { ROOT } from '../helpers/corpus.js';
import { EngineRecorder, SAMPLE, held } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-stats-op-'));
/** Enough small frames that counting them takes longer than one answer's 0.3 s. */
const BIG = path.join(tmp, 'small.pcapng');
let rec: EngineRecorder;
beforeAll(async () => {
  writeCapture(BIG, { profile: 'small', packets: 150_000, seed: 3 });
  rec = await EngineRecorder.start();
}, 120_000);
afterAll(() => {
  rec?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function cliStats(file: string, ...args: string[]): PlainStats[] {
  const out = execFileSync(process.execPath, ['bin/wirepool', 'stats', file, ...args, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  // JSON drops undefined fields (a port of an address table); a structured clone keeps them.
  return (JSON.parse(out) as { stats: PlainStats[] }).stats;
}
const asJson = (s: PlainStats): unknown => JSON.parse(JSON.stringify(s));

/** Asks until the engine has counted every packet; the answers in order. */
async function counted(args: OpArgs<'stats'>): Promise<StatsResult[]> {
  const answers: StatsResult[] = [];
  for (;;) {
    const r = await rec.engine.request('stats', args);
    answers.push(r);
    if (r.scanned >= r.packets) return answers;
  }
}

describe('the stats operation', () => {
  it('equals wirepool stats --json on the sample: hierarchy, every conversation and endpoint table, I/O', async () => {
    const { runId } = await rec.engine.request('open', { path: SAMPLE });
    await rec.done(runId);
    const types = ['eth', 'ip', 'ipv6', 'tcp', 'udp'] as const;
    const expected = cliStats(SAMPLE, '--hierarchy', '--conversations', types.join(','), '--endpoints', types.join(','), '--io', '0.5');
    const got: PlainStats[] = [];
    got.push((await counted({ runId, kind: 'hierarchy' })).at(-1)!.stats);
    for (const type of types) got.push((await counted({ runId, kind: 'conversations', type })).at(-1)!.stats);
    for (const type of types) got.push((await counted({ runId, kind: 'endpoints', type })).at(-1)!.stats);
    const io = (await counted({ runId, kind: 'io', intervalNs: 500_000_000 })).at(-1)!;
    got.push(io.stats);
    expect(got.map(asJson)).toEqual(expected);
    expect(io).toMatchObject({ packets: 113, scanned: 113 });
  });

  it('counts a big file in slices: partial answers that grow, rows answered meanwhile, the end equal to the CLI', async () => {
    const { runId } = await rec.engine.request('open', { path: BIG });
    await rec.done(runId, 120_000);
    const order: string[] = [];
    const first = rec.engine.request('stats', { runId, kind: 'conversations', type: 'udp' }).then((r) => {
      order.push('stats');
      return r;
    });
    const rows = rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 10 }).then((r) => {
      order.push('rows');
      return r;
    });
    const [r0] = await Promise.all([first, rows]);
    // The worker counts in slices of a few ms: the rows asked after the stats come back first.
    expect(order).toEqual(['rows', 'stats']);
    expect(r0.packets).toBe(150_000);
    expect(r0.scanned).toBeGreaterThan(0);
    expect(r0.scanned).toBeLessThan(r0.packets);
    const answers = [r0, ...(await counted({ runId, kind: 'conversations', type: 'udp' }))];
    const scanned = answers.map((a) => a.scanned);
    expect(scanned).toEqual([...scanned].sort((a, b) => a - b));
    // Counted once: the hierarchy, asked after, comes from the same pass (no second count).
    const hierarchy = await rec.engine.request('stats', { runId, kind: 'hierarchy' });
    expect(hierarchy.scanned).toBe(150_000);
    expect([answers.at(-1)!.stats, hierarchy.stats].map(asJson)).toEqual(cliStats(BIG, '--conversations', 'udp', '--hierarchy'));
  }, 180_000);

  it("an I/O line with a display filter counts the frames wirepool read -Y passes, per interval from the run's first frame", async () => {
    const { runId } = await rec.engine.request('open', { path: SAMPLE });
    await rec.done(runId);
    const intervalNs = 100_000_000;
    const ns = (epoch: string): bigint => {
      const [sec, frac] = epoch.split('.') as [string, string];
      return BigInt(sec) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
    };
    const read = (filter?: string) =>
      execFileSync(process.execPath, ['bin/wirepool', 'read', ...(filter ? ['-Y', filter] : []), SAMPLE], { cwd: ROOT, encoding: 'utf8' })
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
    const t0 = ns(read()[0]![1]!);
    for (const filter of ['udp', 'tcp.flags.syn == 1', 'ip && !dns']) {
      const frames = read(filter);
      expect(frames.length, filter).toBeGreaterThan(0);
      const expected = new Map<number, number>();
      for (const f of frames) {
        const index = Number((ns(f[1]!) - t0) / BigInt(intervalNs));
        expected.set(index, (expected.get(index) ?? 0) + 1);
      }
      const [r] = (await counted({ runId, kind: 'io', intervalNs, filter })).slice(-1);
      if (r?.stats.kind !== 'io') throw new Error('not an io answer');
      expect(r.stats.frames, filter).toBe(frames.length);
      expect(r.stats.buckets.map((b) => [b.index, b.frames])).toEqual([...expected]);
    }
    await expect(rec.engine.request('stats', { runId, kind: 'io', filter: 'tcp.port ==' })).rejects.toMatchObject({
      code: 'FILTER_SYNTAX',
    });
  });

  it('once a run that ended is counted, its passes hold no buffer: nothing outstanding in the view pool', async () => {
    const file = path.join(tmp, 'fragments.pcapng');
    writeCapture(file, { profile: 'fragments', packets: 3000, seed: 5 });
    const { runId } = await rec.engine.request('open', { path: file });
    await rec.done(runId);
    await counted({ runId, kind: 'hierarchy' });
    await counted({ runId, kind: 'io', intervalNs: 1_000_000, filter: 'ip.flags.mf == 1' });
    const r = await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 10 });
    const before = rec.stats(runId).length;
    rec.engine.giveBack(r.buffer, runId, 'view');
    await until(() => rec.stats(runId).length > before);
    expect(held(rec.stats(runId).at(-1)!.view)).toEqual({ outstanding: 0, away: 0 });
    // Still answered from what was counted.
    const again = await rec.engine.request('stats', { runId, kind: 'conversations', type: 'ip' });
    expect(again.scanned).toBe(3000);
  });

  it('a run that is over is refused by name', async () => {
    const { runId } = await rec.engine.request('open', { path: SAMPLE });
    await rec.done(runId);
    await expect(rec.engine.request('stats', { runId: runId - 1, kind: 'hierarchy' })).rejects.toMatchObject({ code: 'ENGINE_STALE_RUN' });
  });
});
