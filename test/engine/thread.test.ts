/**
 * The engine worker through EngineThread, on real files: a run's store and its rows, a packet's
 * detail, display filters over the store, per-run pools, runs replacing runs, save, errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { packetMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame, shownTree } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { sumStats } from '../../native-bridge/pool/index.js';
import { MAX_ROWS, type RunStats } from '../../native-bridge/protocol/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { poolJson } from '../../cli/pool-report.js';
import { EngineRecorder, SAMPLE, decodeRows, held, readRows } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-thread-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sampleFrames = readAll(openCapture(SAMPLE)).frames;
const sampleRows = readRows(SAMPLE);

/** 3000 frames of every kind the generator makes: TCP and HTTP, DNS, UDP, IPv4 and IPv6 fragments (19 MB). */
const MIXED = path.join(tmp, 'mixed.pcapng');
/** 20000 small frames spanning 4 s of capture time (13 MB): long enough to stop a paced replay part-way. */
const SMALL = path.join(tmp, 'small.pcapng');
beforeAll(() => {
  writeCapture(MIXED, { profile: 'mixed', packets: 3000, seed: 7 });
  writeCapture(SMALL, { profile: 'small', packets: 20000, seed: 7 });
});

let rec: EngineRecorder;
beforeAll(async () => {
  rec = await EngineRecorder.start();
});
afterAll(() => rec.close());

/** Opens a file and waits for the run's done. */
async function opened(file: string, r = rec) {
  const { runId } = await r.engine.request('open', { path: file });
  const done = await r.done(runId);
  return { runId, done };
}

describe('a run and its store', () => {
  it('open: a run event naming the file, view events as the store fills, done; rows by range are `wirepool read`s columns, every frame', async () => {
    const { runId, done } = await opened(SAMPLE);
    expect(done.error).toBeUndefined();
    expect(done.stats).toMatchObject({ runId, kind: 'replay', state: 'done', packets: 113, filteredOut: 0 });
    const described = openCapture(SAMPLE);
    expect(rec.runEvent(runId)).toMatchObject({
      source: {
        kind: 'replay',
        name: SAMPLE,
        format: 'pcapng',
        interfaces: described.interfaces.map((i) => ({ id: i.id, name: i.name ?? '', linkType: i.linkType })),
      },
    });
    described.close();
    // Events of the run come after its `run` and end with its `done`, the final view among them.
    const mine = rec.events.filter(
      (e) => (e.type === 'run' ? e.runId : e.type === 'view' ? e.view.runId : 'stats' in e ? e.stats.runId : -1) === runId,
    );
    expect(mine[0]!.type).toBe('run');
    const last = rec.views(runId).at(-1)!;
    expect(last).toEqual({
      runId,
      viewId: 0,
      packets: 113,
      displayed: 113,
      scanned: 113,
      firstTime: { sec: sampleFrames[0]!.sec, nsec: sampleFrames[0]!.nsec },
    });
    // Ranges of 7 rows: every boundary falls somewhere else; the last range is cut short.
    const rows = [];
    for (let first = 0; first < 113; first += 7) {
      const r = await rec.engine.request('rows', { runId, viewId: 0, first, count: 7 });
      expect(r).toMatchObject({ runId, viewId: 0, first, count: Math.min(7, 113 - first) });
      const v = new BatchView(r.buffer);
      for (let i = 0; i < v.count; i++) {
        // An entry's times and wire length are the frame's; its data (and so its captured length) the summary.
        const f = sampleFrames[first + i]!;
        expect([v.packet(i).sec, v.packet(i).nsec, v.packet(i).wireLen, v.packet(i).linkType]).toEqual([
          f.sec,
          f.nsec,
          f.wireLen,
          f.linkType,
        ]);
      }
      rows.push(...decodeRows(r.buffer));
      rec.engine.giveBack(r.buffer, runId, 'view');
    }
    expect(rows).toEqual(sampleRows);
    expect(rows[10]).toEqual([11, '192.0.2.10', '203.0.113.80', 'TCP', '49152 → 80 [ACK] Seq=94 Ack=2897 Win=65535 Len=0']);
    // Past the end: no rows; as many as a request may ask: what fits one reply.
    expect(await rec.engine.request('rows', { runId, viewId: 0, first: 113, count: 5 })).toMatchObject({ count: 0 });
    const all = await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: MAX_ROWS });
    expect(decodeRows(all.buffer)).toEqual(sampleRows.slice(0, all.count));
    rec.engine.giveBack(all.buffer, runId, 'view');
  });

  it('packet: the frame, its bytes and its tree as the in-order pass saw it, whatever was asked before', async () => {
    const { runId } = await opened(SAMPLE);
    // What TShark shows for a frame: dissected after every frame before it, on one session.
    const fresh = (n: number) => {
      const s = new DissectSession();
      for (const f of sampleFrames.slice(0, n - 1)) dissectFrame(packetMeta(f, f.number), f.bytes, s);
      const f = sampleFrames[n - 1]!;
      return shownTree(dissectFrame(packetMeta(f, f.number), f.bytes, s).tree);
    };
    // Forwards, back, the same one again, and one far back: each as a fresh in-order pass shows it.
    for (const n of [9, 11, 12, 9, 9, 113, 3]) {
      const p = await rec.engine.request('packet', { runId, number: n });
      expect(p.number).toBe(n);
      expect(p.nodes, `frame ${n}`).toEqual(fresh(n));
      const v = new BatchView(p.buffer);
      expect(v.count).toBe(1 + p.sources.length);
      expect(v.packet(0).number).toBe(n);
      expect(Buffer.compare(v.data(0), sampleFrames[n - 1]!.bytes)).toBe(0);
      rec.engine.giveBack(p.buffer, runId, 'view');
    }
    // Frame 49 completes the HTTP response (frames 9-49, reassembled): seen after the request and
    // the handshake, not out of order.
    const nine = await rec.engine.request('packet', { runId, number: 49 });
    expect(nine.nodes.map((n) => n.abbrev)).toContain('http.response.code');
    expect(nine.nodes.some((n) => /out-of-order/.test(n.label))).toBe(false);
    rec.engine.giveBack(nine.buffer, runId, 'view');
    await expect(rec.engine.request('packet', { runId, number: 114 })).rejects.toMatchObject({
      code: 'ENGINE_NO_PACKET',
      message: expect.stringContaining('113 packets'),
    });
  });

  it('a packet whose datagram was reassembled carries the reassembled bytes as a second data source', async () => {
    const { runId, done } = await opened(MIXED);
    expect(done.stats.packets).toBe(3000);
    // The last fragment of an IPv6 datagram that carried UDP: the reassembly is shown with it.
    const [number] = readRows(MIXED, 'ipv6.fraghdr && udp')[0]!;
    const p = await rec.engine.request('packet', { runId, number });
    expect(p.sources.length).toBe(1);
    const v = new BatchView(p.buffer);
    expect(v.count).toBe(2);
    expect(v.data(1).length).toBeGreaterThan(v.data(0).length); // the whole datagram, from every fragment
    expect(p.nodes.some((n) => n.source === 1)).toBe(true);
    rec.engine.giveBack(p.buffer, runId, 'view');
  });
});

describe('display filters over the store', () => {
  it.each([
    [SAMPLE, ['tcp', 'http', 'udp || arp', 'icmpv6', 'ip.src == 192.0.2.10 && tcp.len > 0']],
    [MIXED, ['ip.flags.mf == 1', 'ipv6 && udp', 'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'dns', 'tcp.len > 1000']],
  ])('%s: the rows a filter shows are `wirepool read -Y`s, frame numbers and columns', async (file, filters) => {
    const { runId, done } = await opened(file);
    let viewId = 0;
    for (const filter of filters) {
      const expected = readRows(file, filter);
      const r = await rec.engine.request('filter', { runId, filter });
      expect(r).toEqual({ runId, viewId: viewId + 1 });
      viewId = r.viewId;
      const v = await rec.view(runId, (x) => x.viewId === viewId && x.scanned === done.stats.packets);
      expect(v).toMatchObject({ packets: done.stats.packets, displayed: expected.length, filter });
      expect(expected.length).toBeGreaterThan(0);
      expect(await rec.rows(runId, viewId, v.displayed, 97)).toEqual(expected);
    }
    // '' shows every packet again, in a new view.
    const all = await rec.engine.request('filter', { runId, filter: '' });
    expect(all.viewId).toBe(viewId + 1);
    const v = await rec.view(runId, (x) => x.viewId === all.viewId);
    expect(v).toMatchObject({ displayed: done.stats.packets, scanned: done.stats.packets });
    expect(v.filter).toBeUndefined();
  });

  it('open with a filter applies it to the new run at once', async () => {
    const { runId } = await rec.engine.request('open', { path: SAMPLE, filter: 'dns' });
    const v = await rec.view(runId, (x) => x.scanned === 113 && rec.doneOf(runId) !== undefined);
    expect(v).toMatchObject({ viewId: 1, displayed: 2, filter: 'dns' });
    expect(await rec.rows(runId, 1, 2)).toEqual(readRows(SAMPLE, 'dns'));
  });

  it('a bad filter is an error reply with its column; a stale view or run is refused by name; the run goes on', async () => {
    const { runId } = await opened(SAMPLE);
    const bad = rec.engine.request('filter', { runId, filter: 'tcp.port ==' });
    await expect(bad).rejects.toMatchObject({ code: 'FILTER_SYNTAX', message: expect.stringMatching(/^filter:12: .*"=="/) });
    const unknown = rec.engine.request('filter', { runId, filter: 'tcp.prot == 80' });
    await expect(unknown).rejects.toMatchObject({
      message: expect.stringMatching(/^filter:1: /),
      hint: expect.stringContaining('tcp.port'),
    });
    // The view is the one before the bad filter.
    expect((await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 1 })).count).toBe(1);
    const { viewId } = await rec.engine.request('filter', { runId, filter: 'udp' });
    await rec.view(runId, (v) => v.viewId === viewId && v.scanned === 113);
    await expect(rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 1 })).rejects.toMatchObject({
      code: 'ENGINE_STALE_VIEW',
      message: expect.stringContaining(`view 0 was replaced by view ${viewId}`),
      hint: expect.any(String),
    });
    // A bad filter with open changes nothing: no new run, the current one still answers.
    const runs = rec.of('run').length;
    await expect(rec.engine.request('open', { path: SAMPLE, filter: 'udp.port >' })).rejects.toMatchObject({ code: 'FILTER_SYNTAX' });
    expect(rec.of('run').length).toBe(runs);
    expect((await rec.engine.request('rows', { runId, viewId, first: 0, count: 1 })).count).toBe(1);
    const next = await opened(SAMPLE);
    for (const ask of [
      rec.engine.request('rows', { runId, viewId, first: 0, count: 1 }),
      rec.engine.request('packet', { runId, number: 1 }),
      rec.engine.request('filter', { runId, filter: 'tcp' }),
    ])
      await expect(ask).rejects.toMatchObject({
        code: 'ENGINE_STALE_RUN',
        message: expect.stringContaining(`run ${runId} is over (run ${next.runId} replaced it)`),
      });
  });
});

describe('per-run pools', () => {
  /** `wirepool replay --json`'s numbers for a file. */
  function replayJson(file: string) {
    return JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'bin/wirepool'), 'replay', file, '--json'], { encoding: 'utf8' }),
    ) as {
      packets: number;
      pool: { tiers: ReturnType<typeof poolJson>['tiers'] };
      chunks: { tiers: ReturnType<typeof poolJson>['tiers']; hitRate: number };
    };
  }

  it('each run of the sample counts from zero: its packet and chunk pools are `wirepool replay --json`s, nothing outstanding once its buffers are back', async () => {
    const want = replayJson(SAMPLE);
    for (let round = 0; round < 2; round++) {
      const { runId, done } = await opened(SAMPLE);
      const s = done.stats;
      expect(s.packets).toBe(want.packets);
      // The same projection the CLI prints (poolJson), so every counter and each tier's hit rate is compared.
      expect(poolJson(s.pool).tiers).toEqual(want.pool.tiers);
      expect(poolJson(s.chunks!).tiers).toEqual(want.chunks.tiers);
      expect(s.chunks!.hitRate).toBe(want.chunks.hitRate);
      for (const p of [s.pool, s.chunks, s.view]) expect(held(p)).toEqual({ outstanding: 0, away: 0 });
      // A reply's buffer is away until it is given back; then the run's last word says so.
      const r = await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 50 });
      const p = await rec.engine.request('packet', { runId, number: 9 });
      const before = rec.stats(runId).length;
      rec.engine.giveBack(r.buffer, runId, 'view');
      rec.engine.giveBack(p.buffer, runId, 'view');
      await until(() => rec.stats(runId).length > before);
      const final = rec.stats(runId).at(-1)!;
      expect(final.state).toBe('done');
      expect(poolJson(final.pool).tiers).toEqual(poolJson(s.pool).tiers);
      expect(final.view!.tiers.reduce((n, t) => n + t.hits + t.misses, 0)).toBeGreaterThan(
        s.view!.tiers.reduce((n, t) => n + t.hits + t.misses, 0),
      );
      for (const x of [final.pool, final.chunks, final.view]) expect(held(x)).toEqual({ outstanding: 0, away: 0 });
    }
  });

  it('since the engine started: `total` sums every pool of every run, tiers of one size together', async () => {
    const fresh = await EngineRecorder.start();
    try {
      const all = (s: RunStats) => [s.pool, s.chunks!, s.view!].reduce((a, b) => sumStats(a, b));
      const counts = (p: RunStats['pool']) => p.tiers.map((t) => ({ size: t.size, hits: t.hits, misses: t.misses, returns: t.returns }));
      const first = await opened(SAMPLE, fresh);
      expect(counts(first.done.stats.total!)).toEqual(counts(all(first.done.stats)));
      const second = await opened(SAMPLE, fresh);
      const r = await fresh.engine.request('rows', { runId: second.runId, viewId: 0, first: 0, count: 113 });
      const before = fresh.stats(second.runId).length;
      fresh.engine.giveBack(r.buffer, second.runId, 'view');
      await until(() => fresh.stats(second.runId).length > before);
      const last = fresh.stats(second.runId).at(-1)!;
      // The first run's counters (its pools let go of) and the second's as they stand.
      const want = sumStats(all(fresh.doneOf(first.runId)!.stats), all(last));
      expect(counts(last.total!)).toEqual(counts(want));
      expect(last.total!.tiers.map((t) => t.size)).toEqual([4096, 16384, 65536, 262144]);
      expect(held(last.total)).toEqual({ outstanding: 0, away: 0 });
      expect(last.total!.hitRate).toBe(want.hitRate);
    } finally {
      await fresh.close();
    }
  });

  it('a replay stopped part-way, with a reply away and a filter going: nothing outstanding once the buffer is back', async () => {
    const { runId } = await rec.engine.request('open', { path: SMALL, speed: 0.5 }); // 4 s of capture: 8 s
    await rec.view(runId, (v) => v.packets >= 1000);
    const r = await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 200 });
    const { viewId } = await rec.engine.request('filter', { runId, filter: 'udp' });
    await rec.engine.stop();
    const { stats } = await rec.done(runId);
    expect(stats.state).toBe('stopped');
    expect(stats.packets).toBeGreaterThanOrEqual(1000);
    expect(stats.packets).toBeLessThan(20000);
    expect(held(stats.view).away).toBe(1);
    const before = rec.stats(runId).length;
    rec.engine.giveBack(r.buffer, runId, 'view');
    await until(() => rec.stats(runId).length > before);
    const final = rec.stats(runId).at(-1)!;
    for (const p of [final.pool, final.chunks, final.view]) expect(held(p)).toEqual({ outstanding: 0, away: 0 });
    // The store holds what was replayed, and still answers.
    const v = await rec.view(runId, (x) => x.scanned === stats.packets);
    expect(v).toMatchObject({ viewId, packets: stats.packets, filter: 'udp' });
    expect(await rec.rows(runId, viewId, v.displayed)).toEqual(readRows(SMALL, 'udp').slice(0, v.displayed));
  });
});

describe('runs replacing runs', () => {
  it("the replaced run's last stats and done come before the new run; nothing of it after", async () => {
    const first = await rec.engine.request('open', { path: SMALL, speed: 0.5 });
    await rec.view(first.runId, (v) => v.packets >= 200);
    const from = rec.events.length;
    const second = await rec.engine.request('open', { path: SAMPLE });
    await rec.done(second.runId);
    const after = rec.events.slice(from);
    const runAt = after.findIndex((e) => e.type === 'run' && e.runId === second.runId);
    const doneAt = after.findIndex((e) => e.type === 'done' && e.stats.runId === first.runId);
    expect(doneAt).toBeGreaterThanOrEqual(0);
    expect(doneAt).toBeLessThan(runAt);
    expect(rec.doneOf(first.runId)!.stats.state).toBe('stopped');
    const aboutFirst = after
      .slice(runAt)
      .filter((e) => ('stats' in e ? e.stats.runId === first.runId : e.type === 'view' && e.view.runId === first.runId));
    expect(aboutFirst).toEqual([]);
  });

  it('a file that cannot be opened fails its open request; the current run goes on', async () => {
    const { runId } = await opened(SAMPLE);
    const missing = path.join(tmp, 'nope.pcapng');
    await expect(rec.engine.request('open', { path: missing })).rejects.toMatchObject({
      code: expect.stringMatching(/^CAPTURE_IO/),
      message: expect.stringContaining(missing),
    });
    await expect(rec.engine.request('open', { path: SAMPLE, speed: -1 as never })).rejects.toMatchObject({ code: 'ENGINE_BAD_SPEED' });
    expect((await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 3 })).count).toBe(3);
    const again = await rec.engine.request('replay', { speed: 'max' });
    expect(again.runId).toBeGreaterThan(runId);
    expect(rec.runEvent(again.runId)?.source.name).toBe(SAMPLE); // replay: the last file that opened
    await rec.done(again.runId);
  });
});

describe('pause, resume, stop, save', () => {
  it('pauses, resumes and stops a paced replay; stats come at least 4 times a second', async () => {
    const { runId } = await rec.engine.request('open', { path: SAMPLE, speed: 0.5 }); // 1.66 s of capture: 3.3 s
    await rec.view(runId, (v) => v.packets > 0);
    await rec.engine.request('pause', {});
    await until(() => rec.stats(runId).at(-1)?.state === 'paused');
    const pausedAt = rec.stats(runId).at(-1)!.packets;
    await rec.view(runId, (v) => v.packets === pausedAt); // the store has what was replayed before the pause
    await new Promise((r) => setTimeout(r, 400)); // long enough to see a frame due every few ms at half speed
    expect(rec.views(runId).at(-1)!.packets).toBe(pausedAt); // nothing moves while paused
    await rec.engine.request('resume', {});
    await until(() => rec.stats(runId).at(-1)?.state === 'running');
    await rec.engine.request('speed', { speed: 0.25 });
    await rec.engine.stop();
    const { stats, error } = await rec.done(runId);
    expect(error).toBeUndefined();
    expect(stats.state).toBe('stopped');
    expect(stats.packets).toBeLessThan(113);
    expect(rec.views(runId).at(-1)!.packets).toBe(stats.packets);
    const running = rec.stats(runId).filter((s) => s.state === 'running');
    const span = (running.at(-1)!.at - running[0]!.at) / 1000;
    expect(running.length).toBeGreaterThanOrEqual(Math.floor(span * 4));
  });

  it('saves the run as pcapng and pcap that read back identically', async () => {
    await opened(SAMPLE);
    for (const format of ['pcapng', 'pcap'] as const) {
      const file = path.join(tmp, `saved.${format}`);
      expect(await rec.engine.request('save', { path: file, format })).toEqual({ path: file, format });
      const back = readAll(openCapture(file)).frames;
      expect(back.map((f) => [f.sec, f.nsec, f.wireLen, f.linkType])).toEqual(
        sampleFrames.map((f) => [f.sec, f.nsec, f.wireLen, f.linkType]),
      );
      if (format === 'pcapng') expect(back.map((f) => f.interfaceId)).toEqual(sampleFrames.map((f) => f.interfaceId));
      for (const [i, f] of back.entries()) expect(Buffer.compare(f.bytes, sampleFrames[i]!.bytes)).toBe(0);
    }
  });

  it('save before any run, and capture options cap cannot take, are refused at once', async () => {
    const fresh = await EngineRecorder.start();
    try {
      await expect(fresh.engine.save(path.join(tmp, 'x.pcapng'), 'pcapng')).rejects.toMatchObject({ code: 'ENGINE_NO_RUN' });
      await expect(fresh.engine.request('replay', { speed: 1 })).rejects.toMatchObject({ code: 'ENGINE_NOTHING_OPEN' });
      await expect(fresh.engine.capture({ ifaces: ['lo'], snaplen: 262145 })).rejects.toMatchObject({ code: 'CAPTURE_BAD_SNAPLEN' });
      await expect(fresh.engine.capture({ ifaces: ['lo'], bufferSize: 5e9 })).rejects.toMatchObject({
        code: 'CAPTURE_BAD_BUFFER',
        hint: expect.stringContaining('64 MiB'),
      });
      await expect(fresh.engine.capture({ ifaces: ['lo'], bufferSize: 100 })).rejects.toMatchObject({ code: 'CAPTURE_BAD_BUFFER' });
      await expect(fresh.engine.capture({ ifaces: ['lo'], file: path.join(tmp, 'live.pcap') })).rejects.toMatchObject({
        code: 'CAPTURE_SPOOL_NAME',
        hint: expect.stringContaining('.pcapng'),
      });
      expect(fresh.of('run')).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
