import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchView, type BatchPacket } from '../../native-bridge/batch/index.js';
import { ReplayEngine, type ReplayStats } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES, ROOT, readAll } from '../helpers/corpus.js';
import { until } from '../helpers/wait.js';

interface Got {
  packets: Array<Omit<BatchPacket, 'data'> & { bytes: number[] }>;
  batches: number;
}

type CollectOptions = {
  pool?: BufferPool;
  chunkPool?: BufferPool;
  speed?: number | 'max';
  zeroCopyMin?: number;
  chunkSize?: number;
  onStats?: (s: ReplayStats) => void;
};

async function replayCollect(file: string, opts: CollectOptions = {}) {
  const got: Got = { packets: [], batches: 0 };
  const engine = new ReplayEngine(file, {
    ...opts,
    onBatch: (batch) => {
      const view = new BatchView(batch.lease.buffer);
      got.batches++;
      for (let i = 0; i < view.count; i++) {
        const { data, ...meta } = view.packet(i);
        got.packets.push({ ...meta, bytes: [...data] });
      }
      batch.lease.release();
    },
  });
  const summary = await engine.run();
  return { engine, summary, got };
}

describe('replay engine', () => {
  it('delivers exactly the frames the reader reads, bytes and metadata, through pooled batches', async () => {
    for (const name of ['OSPFv2_Capture_FINAL.pcapng', 'timestamp_invalid_nano.pcap', 'HSRP_coup.pcap', 'nhrp.pcapng']) {
      const file = path.join(CAPTURES, name);
      const direct = readAll(openCapture(file));
      const { summary, got } = await replayCollect(file);
      expect(summary.error, name).toBeUndefined();
      expect(summary.packets).toBe(direct.frames.length);
      expect(got.packets.length).toBe(direct.frames.length);
      got.packets.forEach((p, i) => {
        const f = direct.frames[i]!;
        expect({ ...p, bytes: undefined }, `${name} frame ${i + 1}`).toEqual({
          number: f.number,
          sec: f.sec,
          nsec: f.nsec,
          wireLen: f.wireLen,
          capLen: f.capLen,
          interfaceId: f.interfaceId,
          linkType: f.linkType,
          bytes: undefined,
        });
        expect(p.bytes).toEqual([...f.bytes]);
      });
    }
  });

  // Three ways through the engine: the default (packed below 2 KiB average records, zero-copy
  // chunks above), every chunk zero-copy with small chunks (records re-read at chunk ends, an
  // index that overflows, records larger than a chunk), and always packed.
  const ways: Array<[string, CollectOptions]> = [
    ['default', {}],
    ['zero-copy, 4 KiB chunks', { zeroCopyMin: 0, chunkSize: 4096 }],
    ['packed, 1 KiB chunks', { zeroCopyMin: Infinity, chunkSize: 1024 }],
  ];
  it.each(ways)(
    'replays every corpus file (%s): the same frames as the reader, byte for byte, every buffer back',
    async (_, way) => {
      const files = readdirSync(CAPTURES);
      expect(files.length).toBe(830);
      let failed = 0;
      let frames = 0;
      for (const name of files) {
        const file = path.join(CAPTURES, name);
        const direct = readAll(openCapture(file));
        const pool = new BufferPool();
        const chunkPool = new BufferPool({ tiers: [way.chunkSize ?? 256 * 1024], capacity: 4 });
        const { summary, got } = await replayCollect(file, { ...way, pool, chunkPool });
        expect(got.packets.length, name).toBe(direct.frames.length);
        expect(summary.error?.code, name).toBe((direct.error as { code?: string } | undefined)?.code);
        got.packets.forEach((p, i) => {
          const f = direct.frames[i]!;
          // A batch keeps the fraction in 32 bits: an invalid microsecond field times 1000 can exceed them.
          if (
            p.number !== f.number ||
            p.sec !== f.sec ||
            p.nsec !== f.nsec % 2 ** 32 ||
            p.capLen !== f.capLen ||
            p.wireLen !== f.wireLen ||
            p.interfaceId !== f.interfaceId ||
            !Buffer.from(p.bytes).equals(f.bytes)
          ) {
            expect.fail(`${name} frame ${i + 1} differs from the reader's`);
          }
        });
        frames += got.packets.length;
        if (summary.error) failed++;
        for (const [what, s] of [
          ['packet pool', pool.stats()],
          ['chunk pool', chunkPool.stats()],
        ] as const) {
          expect(
            s.tiers.map((t) => t.outstanding),
            `${name}: ${what}`,
          ).toEqual(s.tiers.map(() => 0));
          expect(s.oversize.outstanding, `${name}: ${what}`).toBe(0);
        }
      }
      expect(frames).toBeGreaterThan(10_000);
      // The corpus has malformed files; the reader's own tests pin which. Here: the engine agrees.
      expect(failed).toBeLessThan(files.length / 4);
    },
    240_000,
  );

  it('sends large packets in the file chunk they were read into: no copy, no packet-pool buffer', async () => {
    const file = path.join(ROOT, 'samples/sample.pcapng');
    const pool = new BufferPool();
    const chunkPool = new BufferPool({ tiers: [64 * 1024], capacity: 4 });
    const direct = readAll(openCapture(file));
    const buffers: number[] = [];
    let packets = 0;
    const engine = new ReplayEngine(file, {
      pool,
      chunkPool,
      zeroCopyMin: 0, // every chunk travels whole
      onBatch: (batch) => {
        const view = new BatchView(batch.lease.buffer);
        if (view.count > 0) buffers.push(batch.lease.buffer.byteLength);
        for (let i = 0; i < view.count; i++) {
          // The packet's bytes sit in the batch buffer at the offset the file put them.
          const p = view.packet(i);
          const f = direct.frames[packets++]!;
          expect(Buffer.from(p.data).equals(f.bytes)).toBe(true);
        }
        batch.lease.release();
      },
    });
    const summary = await engine.run();
    expect(summary.packets).toBe(direct.frames.length);
    expect(new Set(buffers)).toEqual(new Set([64 * 1024])); // every batch is a chunk buffer
    const s = pool.stats();
    // The packet pool served only the empty closing batch (the one flagged last).
    expect(s.tiers.reduce((a, t) => a + t.hits + t.misses, 0) + s.oversize.count).toBe(1);
    const c = chunkPool.stats();
    expect(c.tiers[0]!.hits).toBeGreaterThan(0);
    expect(c.tiers[0]!.outstanding).toBe(0);
  });

  it('gives only a record larger than a chunk a buffer of its own; the chunks after it stay in their tier', async () => {
    // One 10 KiB record, then 2,000 small ones, with 4 KiB chunks always sent whole: the small
    // records fill the index room before the chunk's end, so most chunks stop early and the
    // rest is read again. Those reads must not keep asking for the big record's size.
    const { PcapWriter } = await import('../../native-bridge/formats/index.js');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-')), 'one-big.pcap');
    const w = new PcapWriter(file, { linkType: 1 });
    w.write({ sec: 1, nsec: 0, wireLen: 10_000 }, new Uint8Array(10_000).fill(7));
    for (let i = 0; i < 2000; i++) w.write({ sec: 2, nsec: i, wireLen: 60 }, new Uint8Array(60).fill(i & 0xff));
    w.close();
    const chunkPool = new BufferPool({ tiers: [4096], capacity: 4 });
    const { summary, got } = await replayCollect(file, { chunkPool, chunkSize: 4096, zeroCopyMin: 0 });
    expect(summary.error).toBeUndefined();
    expect(got.packets.length).toBe(2001);
    expect(chunkPool.stats().oversize.count).toBe(1);
    expect(chunkPool.stats().tiers[0]!.hits).toBeGreaterThan(50);
  });

  it('paces at N× the recorded timing, and max speed does not wait', async () => {
    // nhrp.pcapng spans some seconds; 2000× brings it into a short, measurable window.
    const file = path.join(CAPTURES, 'OSPFv2_Capture_FINAL.pcapng');
    const direct = readAll(openCapture(file));
    const first = direct.frames[0]!;
    const last = direct.frames.at(-1)!;
    const spanMs = (last.sec - first.sec) * 1000 + (last.nsec - first.nsec) / 1e6;
    expect(spanMs).toBeGreaterThan(1000);
    const speed = spanMs / 300; // the recording squeezed into ~300 ms
    const t0 = performance.now();
    const { summary } = await replayCollect(file, { speed });
    const took = performance.now() - t0;
    expect(summary.packets).toBe(direct.frames.length);
    expect(took).toBeGreaterThanOrEqual(300 - 5); // it cannot finish before the schedule
    // Max speed does not wait: two frames recorded a day apart replay at once (were the recorded
    // timing kept, the test's timeout would end it).
    const { PcapWriter } = await import('../../native-bridge/formats/index.js');
    const dayApart = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-')), 'day-apart.pcap');
    const w = new PcapWriter(dayApart, { linkType: 1 });
    for (const sec of [1_700_000_000, 1_700_086_400]) w.write({ sec, nsec: 0, wireLen: 60 }, new Uint8Array(60));
    w.close();
    const max = await replayCollect(dayApart, { speed: 'max' });
    expect(max.summary.error).toBeUndefined();
    expect(max.got.packets.map((p) => p.sec)).toEqual([1_700_000_000, 1_700_086_400]);
  });

  it('pauses, resumes and stops on request; stats arrive during the replay', async () => {
    const file = path.join(CAPTURES, 'OSPFv2_Capture_FINAL.pcapng');
    const total = readAll(openCapture(file)).frames.length;
    const states: string[] = [];
    const engine = new ReplayEngine(file, {
      speed: 0.001, // would take days: only stop() can end it
      statsIntervalMs: 20,
      onBatch: (b) => b.lease.release(),
      onStats: (s) => states.push(s.state),
    });
    const run = engine.run();
    // Each step waits for the stats that show the one before it took effect, however late.
    await until(() => states.includes('running') && engine.stats().packets >= 1);
    engine.pause();
    await until(() => states.at(-1) === 'paused');
    expect(engine.stats().state).toBe('paused');
    engine.resume();
    await until(() => states.at(-1) === 'running');
    engine.stop();
    const summary = await run;
    expect(summary.state).toBe('stopped');
    expect(summary.packets).toBeGreaterThanOrEqual(1);
    expect(summary.packets).toBeLessThan(total);
    expect(states).toContain('running');
    expect(states).toContain('paused');
    expect(engine.pool.stats().tiers.every((t) => t.outstanding === 0)).toBe(true);
  });

  it('ends a malformed file with an error after every good frame', async () => {
    // A real capture cut short in the middle of its 20th record.
    const source = readFileSync(path.join(CAPTURES, 'HSRP_coup.pcap'));
    const frames = readAll(openCapture(path.join(CAPTURES, 'HSRP_coup.pcap'))).frames;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-')), 'cut.pcap');
    writeFileSync(file, source.subarray(0, frames[19]!.fileOffset + 20));
    const direct = readAll(openCapture(file));
    expect(direct.frames.length).toBe(19);
    const { summary, got } = await replayCollect(file);
    expect(summary.state).toBe('failed');
    expect(summary.error?.code).toBe((direct.error as { code?: string }).code);
    expect(got.packets.length).toBe(direct.frames.length);
  });
});

describe('replay engine with a display filter', () => {
  it('dissects every frame in the engine and batches exactly the frames the filter passes', async () => {
    const { DissectSession, dissectFrame } = await import('../../native-bridge/dissect/index.js');
    const { compileFilter } = await import('../../native-bridge/filter/index.js');
    const file = path.join(ROOT, 'samples/sample.pcapng');
    const text = 'tcp.port == 80 || dns';
    const filter = compileFilter(text);
    const want: number[] = [];
    const reader = openCapture(file);
    const session = new DissectSession();
    for (let f = reader.next(); f !== undefined; f = reader.next())
      if (filter.matches(dissectFrame(f, f.data.bytes, session).tree)) want.push(f.number);
    reader.close();
    expect(want.length).toBeGreaterThan(10);

    const got: number[] = [];
    const engine = new ReplayEngine(file, {
      filter: text,
      onBatch: (b) => {
        const v = new BatchView(b.lease.buffer);
        for (let i = 0; i < v.count; i++) got.push(v.packet(i).number);
        b.lease.release();
      },
    });
    const s = await engine.run();
    expect(got).toEqual(want);
    expect(s.packets).toBe(want.length);
    expect(s.filteredOut).toBe(113 - want.length);
  });

  it('refuses a bad filter when the engine is made, naming the column', () => {
    expect(() => new ReplayEngine(path.join(ROOT, 'samples/sample.pcapng'), { filter: 'tcp.port ==', onBatch: () => {} })).toThrow(
      expect.objectContaining({ code: 'FILTER_SYNTAX', column: expect.any(Number) }),
    );
  });
});

/**
 * Every buffer back: once each batch the engine emitted has been released or given back, neither
 * of its pools has anything outstanding, however the run ended and whatever path it took.
 */
describe('replay engine: every buffer back', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-back-'));
  const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
  const LARGE = path.join(tmp, 'large-frames.pcap');
  const HUGE = path.join(tmp, 'huge-records.pcap');

  /** Recorded span of a capture, ms. */
  function spanMs(file: string): number {
    const { frames } = readAll(openCapture(file));
    const first = frames[0]!;
    const last = frames.at(-1)!;
    return (last.sec - first.sec) * 1000 + (last.nsec - first.nsec) / 1e6;
  }

  beforeAll(async () => {
    const { writeCapture } = await import('../../native-bridge/generate/index.js');
    const { PcapWriter } = await import('../../native-bridge/formats/index.js');
    writeCapture(LARGE, { profile: 'large', packets: 400, seed: 1 });
    // Records up to the largest an Ethernet pcap may hold (256 KiB): with the header room they
    // outgrow a 256 KiB chunk, so the file source reads them into oversize buffers, and the packer
    // sends them alone in oversize batches.
    const w = new PcapWriter(HUGE, { linkType: 1, nanosecond: true });
    const sizes = [60, 262_144, 60, 1500, 100_000, 262_144, 262_144, 30_000, 60, 200_000, 9000, 60];
    for (const [i, n] of sizes.entries()) w.write({ sec: 1, nsec: i * 1000, wireLen: n }, new Uint8Array(n).fill(i));
    for (let i = 0; i < 300; i++) w.write({ sec: 2, nsec: i * 1000, wireLen: 1200 }, new Uint8Array(1200).fill(i & 0xff));
    w.close();
  });

  type Consumer = 'release' | 'give back at once' | 'give back after the run';
  type Ending = 'end' | 'stop in onBatch' | 'stop from a timer' | 'pause, then stop';
  const consumers: Consumer[] = ['release', 'give back at once', 'give back after the run'];
  const endings: Ending[] = ['end', 'stop in onBatch', 'stop from a timer', 'pause, then stop'];

  function expectAllBack(pools: Array<[string, BufferPool]>, what: string): void {
    for (const [name, pool] of pools) {
      const s = pool.stats();
      expect(
        s.tiers.map((t) => [t.size, t.outstanding, t.away, t.adopted]),
        `${what}: ${name} (outstanding, away, adopted per tier)`,
      ).toEqual(s.tiers.map((t) => [t.size, 0, 0, 0]));
      expect(s.oversize.outstanding, `${what}: ${name} oversize outstanding`).toBe(0);
    }
  }

  /** One run; buffers given back cross a (simulated) thread boundary: another ArrayBuffer object comes home. */
  async function run(file: string, way: CollectOptions, speed: number | 'max', ending: Ending, consumer: Consumer) {
    const pool = new BufferPool();
    const chunkPool = new BufferPool({ tiers: [way.chunkSize ?? 256 * 1024], capacity: 4 });
    const held: ArrayBuffer[] = [];
    let batches = 0;
    let packets = 0;
    const engine: ReplayEngine = new ReplayEngine(file, {
      ...way,
      pool,
      chunkPool,
      speed,
      statsIntervalMs: 10,
      onBatch: (b) => {
        batches++;
        packets += b.count;
        if (consumer === 'release') b.lease.release();
        else {
          const buf = b.lease.transfer();
          if (consumer === 'give back at once') engine.giveBack(structuredClone(buf, { transfer: [buf] }));
          else held.push(buf);
        }
        if (batches === 2 && ending === 'stop in onBatch') engine.stop();
        if (batches === 2 && ending === 'pause, then stop') engine.pause();
      },
      onStats: (s) => {
        if (ending === 'pause, then stop' && s.state === 'paused') setTimeout(() => engine.stop(), 5);
      },
    });
    const running = engine.run();
    if (ending === 'stop from a timer') {
      await until(() => batches >= 2);
      engine.stop();
    }
    const summary = await running;
    for (const buf of held) engine.giveBack(structuredClone(buf, { transfer: [buf] }));
    const what = `${path.basename(file)} ${String(speed)} ${ending}, ${consumer}`;
    expect(summary.packets, what).toBe(packets);
    expect(summary.state, what).toMatch(ending === 'end' ? /^done$/ : /^(stopped|done)$/);
    if (ending === 'stop in onBatch' && batches > 3) expect(summary.state, what).toBe('stopped');
    expectAllBack(
      [
        ['packet pool', pool],
        ['chunk pool', chunkPool],
      ],
      what,
    );
  }

  it('a filtered run keeps no dissection state in its pools (IP reassembly buffers)', async () => {
    const { writeCapture } = await import('../../native-bridge/generate/index.js');
    const file = path.join(tmp, 'fragments.pcap');
    writeCapture(file, { profile: 'fragments', packets: 300, seed: 9 });
    for (const filter of ['ip', 'udp', 'frame']) {
      for (const speed of ['max', 1e6] as const) {
        const pool = new BufferPool();
        const engine = new ReplayEngine(file, { pool, filter, speed, onBatch: (b) => b.lease.release() });
        const s = await engine.run();
        expect(s.packets + s.filteredOut).toBe(300);
        expectAllBack(
          [
            ['packet pool', pool],
            ['chunk pool', engine.chunkPool],
          ],
          `-Y ${filter}`,
        );
        // The packet pool served batches only: as many acquisitions as batches.
        expect(pool.stats().tiers.reduce((n, t) => n + t.hits + t.misses, 0) + pool.stats().oversize.count).toBe(s.batches);
      }
    }
  });

  it.each([
    ['packed', { zeroCopyMin: Infinity }],
    ['zero-copy', { zeroCopyMin: 0 }],
    ['paced', { speed: 1e6 }],
  ] as Array<[string, CollectOptions]>)('a consumer that throws (%s) fails the run with every buffer back', async (_, way) => {
    for (const file of [SAMPLE, LARGE, HUGE]) {
      const all = (await new ReplayEngine(file, { ...way, onBatch: (b) => b.lease.release() }).run()).batches;
      // The first, the second, and the closing one (sent after the reading is over).
      for (const at of [1, 2, all]) {
        const pool = new BufferPool();
        const chunkPool = new BufferPool({ tiers: [256 * 1024], capacity: 4 });
        let n = 0;
        const engine = new ReplayEngine(file, {
          ...way,
          pool,
          chunkPool,
          onBatch: (b) => {
            b.lease.release();
            if (++n === at) throw new Error('consumer bug');
          },
        });
        await expect(engine.run()).rejects.toThrow('consumer bug');
        expect(engine.stats().state).toBe('failed');
        expectAllBack(
          [
            ['packet pool', pool],
            ['chunk pool', chunkPool],
          ],
          `${path.basename(file)}: throw at batch ${at}`,
        );
      }
    }
  });

  it('a stop or resume from onStats while paused takes effect (the run does not wait for another)', async () => {
    for (const speed of ['max', 50] as const) {
      for (const then of ['stop', 'resume'] as const) {
        let paused = 0;
        const engine: ReplayEngine = new ReplayEngine(SAMPLE, {
          speed,
          onBatch: (b) => {
            b.lease.release();
            if (paused === 0) engine.pause();
          },
          onStats: (s) => {
            if (s.state !== 'paused') return;
            paused++;
            if (then === 'stop') engine.stop();
            else engine.resume();
          },
        });
        const summary = await Promise.race([engine.run(), new Promise<undefined>((r) => setTimeout(r, 5000, undefined))]);
        expect(summary?.state, `${speed} ${then}`).toBe(then === 'stop' ? 'stopped' : 'done');
        expect(paused).toBe(1);
        expectAllBack(
          [
            ['packet pool', engine.pool],
            ['chunk pool', engine.chunkPool],
          ],
          `${speed} ${then}`,
        );
      }
    }
  });

  it('stopped before it ran, the engine lets go of the chunk it opened the file with', async () => {
    const engine = new ReplayEngine(LARGE, { onBatch: (b) => b.lease.release() });
    expect(engine.chunkPool.stats().tiers[0]!.outstanding).toBe(1); // the file was opened: its first chunk is read
    engine.stop();
    expectAllBack(
      [
        ['packet pool', engine.pool],
        ['chunk pool', engine.chunkPool],
      ],
      'stopped before run()',
    );
    const s = await engine.run(); // still ends as a run does: stopped, with the closing batch
    expect([s.state, s.packets, s.batches]).toEqual(['stopped', 0, 1]);
    expectAllBack(
      [
        ['packet pool', engine.pool],
        ['chunk pool', engine.chunkPool],
      ],
      'after run()',
    );
  });

  it('at max speed, batches depend on the file, not the clock; a pause sends what is packed first', async () => {
    const { writeCapture } = await import('../../native-bridge/generate/index.js');
    const file = path.join(tmp, 'small.pcap');
    writeCapture(file, { profile: 'small', packets: 60_000, seed: 3 }); // many 8 ms slices of packed batches
    const counters = async (flushIntervalMs: number) => {
      const sizes: number[] = [];
      const engine = new ReplayEngine(file, {
        flushIntervalMs,
        onBatch: (b) => {
          sizes.push(b.count);
          b.lease.release();
        },
      });
      const s = await engine.run();
      return { sizes, pool: s.pool.tiers.map((t) => [t.size, t.hits, t.misses, t.returns]), chunks: s.chunks.tiers[0]!.hits };
    };
    const unhurried = await counters(Infinity);
    expect(unhurried.sizes.length).toBeGreaterThan(100);
    expect(await counters(0)).toEqual(unhurried); // a clock flush after every slice would cut batches short

    // A pause (or the worker's hold) sends the packets read so far before it waits.
    let delivered = 0;
    let atPause = -1;
    const engine: ReplayEngine = new ReplayEngine(file, {
      onBatch: (b) => {
        delivered += b.count;
        b.lease.release();
        if (delivered > 1000 && atPause < 0) engine.pause();
      },
      onStats: (s) => {
        if (s.state !== 'paused') return;
        atPause = delivered;
        expect(s.packets).toBe(delivered);
        setTimeout(() => engine.resume(), 5);
      },
    });
    const s = await engine.run();
    expect(atPause).toBeGreaterThan(1000);
    expect(s.packets).toBe(60_000);
  });

  const ways: Array<[string, CollectOptions]> = [
    ['default', {}],
    ['packed', { zeroCopyMin: Infinity }],
    ['zero-copy', { zeroCopyMin: 0 }],
    // Chunks the size of the packet pool's smallest tier: a given-back 4 KiB buffer may be either pool's.
    ['zero-copy, 4 KiB chunks', { zeroCopyMin: 0, chunkSize: 4096 }],
  ];
  const files = [
    ['sample.pcapng', SAMPLE],
    ['large-frames.pcap', LARGE],
    ['huge-records.pcap', HUGE],
  ] as const;
  const cases = files.flatMap(([name, file]) =>
    ways.flatMap(([wayName, way]) => (['max', 'paced'] as const).map((speed) => [name, wayName, speed, file, way] as const)),
  );
  it.each(cases)(
    '%s, %s, %s speed: every ending, every consumer',
    async (_name, _way, speedName, file, way) => {
      // Paced: the recording squeezed into ~150 ms, so a run to the end stays short.
      const speed = speedName === 'max' ? 'max' : Math.max(spanMs(file) / 150, 1e-3);
      for (const ending of endings) for (const consumer of consumers) await run(file, way, speed, ending, consumer);
    },
    60_000,
  );
});
