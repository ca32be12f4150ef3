import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { EngineThread, type EngineBatch } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { ErrorInfo, RunStats, SourceInfo } from '../../native-bridge/protocol/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-host-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Packet {
  number: number;
  sec: number;
  nsec: number;
  wireLen: number;
  bytes: Uint8Array;
}

/** A listener that records everything and (optionally) gives every buffer straight back. */
class Recorder {
  host!: EngineThread;
  live: Packet[] = [];
  refetched = new Map<number, Packet>();
  stats: RunStats[] = [];
  runs: { runId: number; source: SourceInfo }[] = [];
  batches: EngineBatch[] = [];
  #done: ((v: { stats: RunStats; error?: ErrorInfo }) => void)[] = [];
  #refetchWaiters: { want: number; resolve: () => void }[] = [];
  zeroLengthAfterGiveBack = true;

  constructor(readonly giveBack = true) {}

  listener() {
    return {
      batch: (b: EngineBatch) => {
        this.batches.push({ ...b });
        const v = new BatchView(b.buffer);
        expect(v.count).toBe(b.count);
        for (let i = 0; i < v.count; i++) {
          const p = v.packet(i);
          const copy = { number: p.number, sec: p.sec, nsec: p.nsec, wireLen: p.wireLen, bytes: p.data.slice() };
          if (b.refetch) this.refetched.set(b.first + i, copy);
          else {
            expect(b.first + i).toBe(this.live.length); // run indexes are contiguous
            this.live.push(copy);
          }
        }
        if (this.giveBack) {
          this.host.giveBack(b.buffer);
          this.zeroLengthAfterGiveBack &&= b.buffer.byteLength === 0; // transferred back, not copied
        }
        for (const w of this.#refetchWaiters.filter((w) => this.refetched.size >= w.want)) w.resolve();
      },
      stats: (s: RunStats) => this.stats.push(s),
      run: (runId: number, source: SourceInfo) => this.runs.push({ runId, source }),
      done: (stats: RunStats, error?: ErrorInfo) => this.#done.shift()?.(error ? { stats, error } : { stats }),
    };
  }

  done(): Promise<{ stats: RunStats; error?: ErrorInfo }> {
    return new Promise((resolve) => this.#done.push(resolve));
  }

  refetchedAtLeast(want: number): Promise<void> {
    return new Promise((resolve) => (this.refetched.size >= want ? resolve() : this.#refetchWaiters.push({ want, resolve })));
  }
}

async function startHost(rec: Recorder, options?: Parameters<typeof EngineThread.start>[1]): Promise<EngineThread> {
  rec.host = await EngineThread.start(rec.listener(), options);
  return rec.host;
}

describe('EngineThread (engine worker)', () => {
  const expected = readAll(openCapture(SAMPLE)).frames;

  it('replays the sample through the worker: every packet arrives, every buffer comes back to the pool', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      const runId = host.replay(SAMPLE, { speed: 'max' });
      const { stats, error } = await done;
      expect(error).toBeUndefined();
      expect(stats.runId).toBe(runId);
      expect(stats.state).toBe('done');
      expect(stats.packets).toBe(expected.length);
      expect(rec.runs).toEqual([
        expect.objectContaining({ runId, source: expect.objectContaining({ kind: 'replay', name: SAMPLE, format: 'pcapng' }) }),
      ]);
      const described = openCapture(SAMPLE);
      expect(rec.runs[0]!.source.interfaces).toEqual(
        described.interfaces.map((i) => ({ id: i.id, name: i.name ?? '', linkType: i.linkType })),
      );
      expect(rec.runs[0]!.source.interfaces.length).toBe(new Set(expected.map((f) => f.interfaceId)).size);
      described.close();
      expect(rec.live.map((p) => p.number)).toEqual(expected.map((f) => f.number));
      expect(rec.live.map((p) => [p.sec, p.nsec, p.wireLen])).toEqual(expected.map((f) => [f.sec, f.nsec, f.wireLen]));
      for (const [i, p] of rec.live.entries()) expect(Buffer.compare(p.bytes, expected[i]!.bytes)).toBe(0);
      expect(rec.batches.at(-1)!.last).toBe(true);
      expect(rec.zeroLengthAfterGiveBack).toBe(true);
      const pool = await host.poolStats();
      expect(pool.tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
      expect(pool.tiers.map((t) => t.away)).toEqual([0, 0, 0]);
      expect(pool.tiers.reduce((a, t) => a + t.returns, 0)).toBeGreaterThan(0);
      expect((pool as { rejectedGiveBacks?: number }).rejectedGiveBacks ?? 0).toBe(0);
    } finally {
      await host.close();
    }
  });

  it('a run that ends with batches still at the host sends its stats again once every buffer is back', async () => {
    const rec = new Recorder(false); // holds every batch until the run is over
    const host = await startHost(rec);
    const outstanding = (s: RunStats) => [...s.pool.tiers, ...(s.chunks?.tiers ?? [])].reduce((a, t) => a + t.outstanding, 0);
    try {
      const done = rec.done();
      host.replay(SAMPLE, { speed: 'max' });
      const { stats } = await done;
      expect(stats.chunks?.tiers.length).toBe(1); // the replay's file-chunk pool rides along
      expect(outstanding(stats)).toBeGreaterThan(0);
      const before = rec.stats.length;
      const last = new Promise<RunStats>((resolve) => {
        const t = setInterval(() => {
          const s = rec.stats.slice(before).find((x) => outstanding(x) === 0);
          if (s) {
            clearInterval(t);
            resolve(s);
          }
        }, 5);
      });
      for (const b of rec.batches) host.giveBack(b.buffer);
      const s = await last;
      expect(s.state).toBe('done');
      expect(s.packets).toBe(stats.packets);
      expect(s.chunks!.tiers[0]!.outstanding).toBe(0);
    } finally {
      await host.close();
    }
  });

  it('fetch re-sends packets of the run, byte for byte, marked refetch, with their run indexes', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      const runId = host.replay(SAMPLE, { speed: 'max' });
      await done;
      host.fetch(runId, 10, 60);
      await rec.refetchedAtLeast(60);
      expect([...rec.refetched.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => 10 + i));
      for (const [i, p] of rec.refetched) {
        const live = rec.live[i]!;
        expect([p.number, p.sec, p.nsec, p.wireLen]).toEqual([live.number, live.sec, live.nsec, live.wireLen]);
        expect(Buffer.compare(p.bytes, live.bytes)).toBe(0);
      }
      expect(rec.batches.filter((b) => b.refetch).every((b) => b.runId === runId && !b.last)).toBe(true);
      const pool = await host.poolStats();
      expect(pool.tiers.map((t) => t.away)).toEqual([0, 0, 0]);
    } finally {
      await host.close();
    }
  });

  it('fetch under a display filter re-sends the filtered run (run indexes, original frame numbers)', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      const runId = host.replay(SAMPLE, { speed: 'max', filter: 'tcp' });
      const { stats } = await done;
      expect(stats.filteredOut).toBeGreaterThan(0);
      expect(rec.live.length).toBe(stats.packets);
      host.fetch(runId, 0, rec.live.length);
      await rec.refetchedAtLeast(rec.live.length);
      rec.live.forEach((p, i) => {
        expect(rec.refetched.get(i)!.number).toBe(p.number);
        expect(Buffer.compare(rec.refetched.get(i)!.bytes, p.bytes)).toBe(0);
      });
    } finally {
      await host.close();
    }
  });

  it('saves the run as pcapng and pcap that read back identically', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      host.replay(SAMPLE, { speed: 'max' });
      await done;
      const ng = path.join(tmp, 'saved.pcapng');
      await host.save(ng, 'pcapng');
      const back = readAll(openCapture(ng)).frames;
      expect(back.map((f) => [f.sec, f.nsec, f.wireLen, f.interfaceId, f.linkType])).toEqual(
        expected.map((f) => [f.sec, f.nsec, f.wireLen, f.interfaceId, f.linkType]),
      );
      for (const [i, f] of back.entries()) expect(Buffer.compare(f.bytes, expected[i]!.bytes)).toBe(0);
      // The sample has two interfaces of different link types: pcap cannot hold it.
      const linkTypes = new Set(expected.map((f) => f.linkType));
      const pcap = path.join(tmp, 'saved.pcap');
      if (linkTypes.size > 1) await expect(host.save(pcap, 'pcap')).rejects.toMatchObject({ code: 'ENGINE_SAVE_LINKTYPES' });
    } finally {
      await host.close();
    }
  });

  it('pauses, resumes and stops a paced replay; stats come at least 4 times a second', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      host.replay(SAMPLE, { speed: 0.5 }); // the sample spans 1.66 s: 3.3 s at half speed
      await new Promise((r) => setTimeout(r, 600));
      host.pause();
      await new Promise((r) => setTimeout(r, 400));
      const pausedAt = rec.live.length;
      expect(rec.stats.at(-1)!.state).toBe('paused');
      await new Promise((r) => setTimeout(r, 400));
      expect(rec.live.length).toBe(pausedAt); // nothing moves while paused
      host.resume();
      await new Promise((r) => setTimeout(r, 300));
      host.stop();
      const { stats, error } = await done;
      expect(error).toBeUndefined();
      expect(stats.state).toBe('stopped');
      expect(stats.packets).toBeLessThan(expected.length);
      expect(stats.packets).toBe(rec.live.length);
      const running = rec.stats.filter((s) => s.state === 'running');
      const span = (running.at(-1)!.at - running[0]!.at) / 1000;
      expect(running.length).toBeGreaterThanOrEqual(Math.floor(span * 4));
    } finally {
      await host.close();
    }
  });

  it('a slow consumer holds a replay back at the memory budget instead of growing memory', async () => {
    const rec = new Recorder(false); // keeps every buffer until told
    const host = await startHost(rec, { memoryBudget: 64 * 1024 });
    try {
      const done = rec.done();
      host.replay(SAMPLE, { speed: 'max' });
      await new Promise((r) => setTimeout(r, 300));
      const held = rec.batches.reduce((a, b) => a + b.buffer.byteLength, 0);
      expect(rec.live.length).toBeLessThan(expected.length);
      expect(held).toBeLessThan(64 * 1024 + 1024 * 1024); // the budget, plus at most one slice of work in flight
      expect(rec.stats.at(-1)?.state ?? 'running').toBe('running'); // held back, not paused by the user
      for (const b of rec.batches) host.giveBack(b.buffer);
      rec.batches = [];
      // From now on, give back as they come.
      const giveAll = setInterval(() => {
        for (const b of rec.batches.splice(0)) host.giveBack(b.buffer);
      }, 5);
      const { stats } = await done;
      clearInterval(giveAll);
      for (const b of rec.batches.splice(0)) host.giveBack(b.buffer);
      expect(stats.packets).toBe(expected.length);
      const pool = await host.poolStats();
      expect(pool.tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
    } finally {
      await host.close();
    }
  });

  it('a missing file ends the run with CAPTURE_IO naming it; a bad filter, speed, snap length or buffer size throws at once', async () => {
    const rec = new Recorder();
    const host = await startHost(rec);
    try {
      const done = rec.done();
      const missing = path.join(tmp, 'nope.pcapng');
      host.replay(missing, { speed: 'max' });
      const { stats, error } = await done;
      expect(stats.state).toBe('failed');
      expect(error?.code).toMatch(/^CAPTURE_IO/);
      expect(error?.message).toContain(missing);
      expect(() => host.replay(SAMPLE, { speed: 'max', filter: 'tcp.port ==' })).toThrow(/filter/);
      expect(() => host.replay(SAMPLE, { speed: -1 })).toThrow(expect.objectContaining({ code: 'ENGINE_BAD_SPEED' }));
      await expect(host.save(path.join(tmp, 'x.pcapng'), 'pcapng')).rejects.toMatchObject({ code: 'ENGINE_NO_RUN' });
      // Capture options cap cannot take are refused before anything starts.
      expect(() => host.capture({ iface: 'lo', snaplen: 70000 })).toThrow(expect.objectContaining({ code: 'CAPTURE_BAD_SNAPLEN' }));
      expect(() => host.capture({ iface: 'lo', bufferSize: 5e9 })).toThrow(
        expect.objectContaining({ code: 'CAPTURE_BAD_BUFFER', hint: expect.stringContaining('64 MiB') }),
      );
      expect(() => host.capture({ iface: 'lo', bufferSize: 100 })).toThrow(expect.objectContaining({ code: 'CAPTURE_BAD_BUFFER' }));
      expect(() => host.capture({ iface: 'lo', file: path.join(tmp, 'live.pcap') })).toThrow(
        expect.objectContaining({ code: 'CAPTURE_SPOOL_NAME', hint: expect.stringContaining('.pcapng') }),
      );
    } finally {
      await host.close();
    }
  });
});
