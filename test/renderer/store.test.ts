import { describe, expect, it, vi } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import type { ClientMessage } from '../../native-bridge/protocol/index.js';
import { createUiStore, withChunkTier } from '../../renderer/src/store/ui-store.js';
import { StatsHistory } from '../../renderer/src/store/stats-history.js';
import { runStats, sampleBatches, sampleSource } from './helpers.js';

// The store core runs without React (zustand/vanilla): these tests never render.

function setup(budget?: number) {
  const sent: ClientMessage[] = [];
  const store = createUiStore({ send: (m) => sent.push(m), flushMs: 0, ...(budget !== undefined ? { budget } : {}) });
  const s = () => store.getState();
  s().receive({ type: 'welcome', protocol: 1, version: '0.1.0', capture: { available: false, reason: 'no libpcap' }, desktop: false });
  s().receive({ type: 'run', runId: 1, source: sampleSource(), speed: 'max' });
  return { store, s, sent };
}

describe('renderer store: an unsaved capture is not discarded without asking', () => {
  function captured(spool: { path: string; bytes: number; temporary: boolean } | undefined) {
    const sent: ClientMessage[] = [];
    const asked: string[] = [];
    let answer = false;
    const store = createUiStore({
      send: (m) => sent.push(m),
      flushMs: 0,
      confirm: (m) => {
        asked.push(m);
        return answer;
      },
    });
    const s = () => store.getState();
    s().receive({ type: 'welcome', protocol: 1, version: '0.1.0', capture: { available: true }, desktop: false });
    s().receive({
      type: 'run',
      runId: 1,
      source: { kind: 'capture', name: 'lo', format: 'pcapng', interfaces: [{ id: 0, name: 'lo', linkType: 1 }] },
      speed: 'max',
    });
    const { batches, pool } = sampleBatches(1);
    for (const b of batches) s().receive(b);
    s().receive({ type: 'stats', stats: runStats(pool, { kind: 'capture', packets: 113, ...(spool ? { spool } : {}) }) });
    sent.length = 0;
    return { s, sent, asked, answer: (a: boolean) => (answer = a) };
  }

  it('opening a file, replaying or capturing again asks first; no means nothing is sent, yes goes ahead', () => {
    const t = captured({ path: '/tmp/wirepool-capture-1.pcapng', bytes: 9000, temporary: true });
    t.s().open('/tmp/a.pcap');
    t.s().captureStart('lo');
    t.s().openDialog();
    expect(t.sent).toEqual([]);
    expect(t.asked).toHaveLength(3);
    expect(t.asked[0]).toMatch(/capture on lo \(113 packets\) has not been saved/);
    t.answer(true);
    t.s().open('/tmp/a.pcap');
    expect(t.sent.map((m) => m.type)).toEqual(['open']);
  });

  it('does not ask once the capture was saved, nor when it is spooled to a file the user named', () => {
    const saved = captured({ path: '/tmp/wirepool-capture-1.pcapng', bytes: 9000, temporary: true });
    saved.s().receive({ type: 'saved', path: '/tmp/keep.pcapng', format: 'pcapng' });
    saved.s().open('/tmp/a.pcap');
    expect(saved.asked).toEqual([]);
    expect(saved.sent.map((m) => m.type)).toEqual(['open']);
    const named = captured({ path: '/home/me/mine.pcapng', bytes: 9000, temporary: false });
    named.s().captureStart('lo');
    expect(named.asked).toEqual([]);
    expect(named.sent.map((m) => m.type)).toEqual(['captureStart']);
  });
});

describe('renderer store', () => {
  it('indexes every packet of real batches into rows, with their metadata and bytes', () => {
    const { store, s } = setup();
    const { batches, packets } = sampleBatches();
    expect(packets).toBe(113);
    expect(batches.length).toBeGreaterThan(3);
    for (const b of batches) s().receive(b);
    expect(s().rows).toBe(113);
    const x = store.data.index;
    expect(Array.from(x.number.subarray(0, 113))).toEqual(Array.from({ length: 113 }, (_, i) => i + 1));
    // Frame 3 is the DNS query of `wirepool read samples/sample.pcapng`: 75 bytes at 1767225600.001301424.
    expect(x.wireLen[2]).toBe(75);
    expect(x.sec[2]).toBe(1767225600);
    expect(x.nsec[2]).toBe(1301424);
    expect(x.linkType[2]).toBe(1);
    const bytes = store.data.cache.data(2)!;
    expect(bytes.length).toBe(75);
    expect((bytes[12]! << 8) | bytes[13]!).toBe(0x0800); // IPv4 ethertype
    expect(s().connected).toBe(true);
    expect(s().capture.available).toBe(false);
  });

  it('ignores batches of an earlier run and resets on a new run', () => {
    const { s, store } = setup();
    const { batches } = sampleBatches(1);
    s().receive(batches[0]!);
    expect(s().rows).toBe(batches[0]!.count);
    s().receive({ type: 'run', runId: 2, source: sampleSource(), speed: 1 });
    expect(s().rows).toBe(0);
    s().receive(batches[1]!); // runId 1: stale
    expect(s().rows).toBe(0);
    expect(store.data.cache.bytes).toBe(0);
    expect(s().speed).toBe(1);
  });

  it('publishes packet arrivals at most every flushMs', () => {
    vi.useFakeTimers();
    try {
      const store = createUiStore({ send: () => {}, flushMs: 50 });
      const listener = vi.fn();
      store.subscribe(listener);
      store.getState().receive({ type: 'run', runId: 1, source: sampleSource(), speed: 'max' });
      listener.mockClear();
      for (const b of sampleBatches().batches) store.getState().receive(b);
      expect(listener).not.toHaveBeenCalled();
      vi.advanceTimersByTime(60);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getState().rows).toBe(113);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps batch bytes under the budget and fetches evicted rows again, once', () => {
    const { batches } = sampleBatches(1, 8);
    const biggest = Math.max(...batches.map((b) => b.buffer.byteLength));
    const { store, s, sent } = setup(biggest * 2);
    for (const b of batches) s().receive(b);
    expect(s().rows).toBe(113);
    expect(store.data.cache.bytes).toBeLessThanOrEqual(biggest * 2);
    expect(store.data.cache.evictions).toBeGreaterThan(0);
    // The first rows' batches went first (least recently used); the last batch is held.
    expect(store.data.cache.has(0)).toBe(false);
    expect(store.data.cache.has(112)).toBe(true);
    sent.length = 0;
    s().ensureRows(0, 20);
    expect(sent).toEqual([{ type: 'fetch', runId: 1, first: 0, count: 20 }]);
    s().ensureRows(0, 20); // already asked: no second request
    expect(sent).toHaveLength(1);
    // The host answers with the same packets, refetch: true; the rows have bytes again.
    const again = batches.filter((b) => b.first < 20).map((b) => ({ ...b, refetch: true, buffer: b.buffer.slice(0) }));
    for (const b of again) s().receive(b);
    expect(store.data.cache.has(0)).toBe(true);
    expect(store.data.cache.data(2)!.length).toBe(75);
    sent.length = 0;
    s().ensureRows(0, 16);
    expect(sent).toEqual([]);
  });

  it('reports a damaged batch as an error instead of indexing it', () => {
    const { s } = setup();
    const bad = new ArrayBuffer(64);
    s().receive({ type: 'batch', runId: 1, buffer: bad, first: 0, count: 1, refetch: false });
    expect(s().rows).toBe(0);
    expect(s().errors.map((e) => e.code)).toEqual(['BATCH_MALFORMED']);
    expect(() => new BatchView(bad)).toThrow();
  });

  it('derives per-second rates and cumulative series from stats samples', () => {
    const { batches, pool } = sampleBatches();
    void batches;
    const h = new StatsHistory(3);
    const base = runStats(pool, { at: 10_000, seconds: 1 });
    const later = structuredClone(base);
    later.at = 10_500;
    later.seconds = 1.5;
    later.pool.tiers[0]!.hits += 50;
    later.pool.tiers[0]!.misses += 5;
    h.push(base);
    h.push(later);
    const s = h.series();
    expect(s.tiers).toEqual([4096, 16384, 65536]);
    expect(s.rates).toHaveLength(1);
    expect(s.rates[0]!.hits0).toBe(100); // 50 hits in 0.5 s
    expect(s.rates[0]!.misses0).toBe(10);
    expect(s.rates[0]!.hits1).toBe(0);
    expect(s.cumulative[1]!.hits0).toBe(base.pool.tiers[0]!.hits + 50);
    // A real pool's counters: building the sample's batches reused buffers.
    expect(base.pool.tiers.reduce((n, t) => n + t.hits, 0)).toBeGreaterThan(0);
    // The ring keeps the last `capacity` samples.
    for (let i = 0; i < 5; i++) h.push({ ...later, at: 11_000 + i * 250, seconds: 2 + i });
    expect(h.size).toBe(3);
    expect(h.samples().map((x) => x.seconds)).toEqual([4, 5, 6]);
  });

  it('shows the file-chunk pool of a replay as one more tier, the hit rate over all of them', async () => {
    const { ReplayEngine } = await import('../../native-bridge/engine/index.js');
    const { BufferPool } = await import('../../native-bridge/pool/index.js');
    // A real max-speed replay of the sample: its large packets travel in 256 KiB chunks.
    const engine = new ReplayEngine('samples/sample.pcapng', { pool: new BufferPool(), onBatch: (b) => b.lease.release() });
    const summary = await engine.run();
    const raw = runStats(engine.pool, { chunks: summary.chunks });
    const shown = withChunkTier(raw);
    expect(shown.pool.tiers.map((t) => t.size)).toEqual([4096, 16384, 65536, 256 * 1024]);
    expect(shown.pool.tiers[3]!.hits).toBe(summary.chunks.tiers[0]!.hits);
    const all = [...summary.pool.tiers, ...summary.chunks.tiers];
    const hits = all.reduce((a, t) => a + t.hits, 0);
    const acquisitions = all.reduce((a, t) => a + t.hits + t.misses, 0) + summary.pool.oversize.count + summary.chunks.oversize.count;
    expect(shown.pool.hitRate).toBeCloseTo(hits / acquisitions, 10);
    expect(withChunkTier(runStats(engine.pool))).toEqual(runStats(engine.pool, { at: expect.any(Number) as unknown as number })); // no chunks: as is
  });

  it('saves the run to a path on the host, the format from its name, and shows where it went', () => {
    const { s, sent } = setup();
    s().save('  /tmp/out.pcap ');
    s().save('/tmp/out.pcapng');
    expect(sent.slice(-2)).toEqual([
      { type: 'save', path: '/tmp/out.pcap', format: 'pcap' },
      { type: 'save', path: '/tmp/out.pcapng', format: 'pcapng' },
    ]);
    s().receive({ type: 'saved', path: '/tmp/out.pcapng', format: 'pcapng' });
    expect(s().saved).toEqual({ path: '/tmp/out.pcapng', format: 'pcapng' });
    const before = sent.length;
    s().save('   ');
    expect(sent.length).toBe(before); // nothing sent for an empty path
    expect(s().errors.at(-1)).toMatchObject({ code: 'UI_NO_PATH' });
  });

  it('checks the display filter as you type and applies it as a new replay', () => {
    const { s, sent } = setup();
    s().setFilterText('tcp.port == ');
    expect(s().filterError).toEqual({ column: 12, length: 1, message: 'expected a value after "=="' });
    s().setFilterText('ip.srcc == 1.2.3.4');
    expect(s().filterError).toEqual({ column: 1, length: 7, message: '"ip.srcc" is not a field or protocol; did you mean ip.src?' });
    sent.length = 0;
    s().applyFilter();
    expect(sent).toEqual([]); // a filter that does not compile is never sent
    s().setFilterText('tcp.port == 80');
    expect(s().filterError).toBeUndefined();
    s().applyFilter();
    expect(sent).toEqual([{ type: 'replay', speed: 'max', filter: 'tcp.port == 80' }]);
  });

  it('turns host errors and failed runs into dismissable errors', () => {
    const { s } = setup();
    const { pool } = sampleBatches();
    s().receive({ type: 'error', about: 'open', error: { code: 'CAPTURE_IO', message: 'cannot open /nope.pcap', hint: 'check the path' } });
    s().receive({
      type: 'done',
      stats: runStats(pool, { state: 'failed' }),
      error: { code: 'CAPTURE_BAD_MAGIC', message: 'not a capture file' },
    });
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([
      ['open', 'CAPTURE_IO'],
      ['open', 'CAPTURE_BAD_MAGIC'],
    ]);
    expect(s().runState).toBe('failed');
    s().dismissError(s().errors[0]!.id);
    expect(s().errors.map((e) => e.code)).toEqual(['CAPTURE_BAD_MAGIC']);
  });

  it('starts a capture on an available interface and waits for its run', () => {
    const sent: ClientMessage[] = [];
    const store = createUiStore({ send: (m) => sent.push(m), flushMs: 0 });
    const s = () => store.getState();
    s().receive({ type: 'welcome', protocol: 1, version: '0', capture: { available: true }, desktop: true });
    expect(sent).toEqual([{ type: 'interfaces' }]); // asked at once when capture can work
    s().captureStart('eth0', '  tcp port 80 ');
    expect(sent.at(-1)).toEqual({ type: 'captureStart', iface: 'eth0', filter: 'tcp port 80' });
    expect(s().starting).toBe(true);
    s().receive({
      type: 'error',
      about: 'captureStart',
      error: { code: 'CAPTURE_PERMISSION', message: 'eth0: not permitted', hint: 'run with CAP_NET_RAW' },
    });
    expect(s().starting).toBe(false);
    expect(s().errors.at(-1)).toMatchObject({ about: 'captureStart', code: 'CAPTURE_PERMISSION' });
    s().captureStart('eth0');
    expect(sent.at(-1)).toEqual({ type: 'captureStart', iface: 'eth0' });
    s().receive({
      type: 'run',
      runId: 3,
      source: { kind: 'capture', name: 'eth0', interfaces: [{ id: 0, name: 'eth0', linkType: 1 }] },
      speed: 'max',
    });
    expect(s().starting).toBe(false);
    expect(s().run?.source.kind).toBe('capture');
  });

  it('refuses to start a capture where capture is unavailable, with the reason', () => {
    const { s, sent } = setup();
    sent.length = 0;
    s().captureStart('eth0');
    expect(sent).toEqual([]);
    expect(s().errors.at(-1)).toMatchObject({ code: 'CAPTURE_UNAVAILABLE', message: 'no libpcap' });
  });
});
