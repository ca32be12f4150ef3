import { describe, expect, it, vi } from 'vitest';
import { MAX_ROWS } from '../../native-bridge/protocol/index.js';
import type { BatchCache } from '../../renderer/src/store/batch-cache.js';
import { rowText } from '../../renderer/src/store/row-texts.js';
import { createUiStore } from '../../renderer/src/store/ui-store.js';
import { FakeHost, type FakeHostOptions } from './fake-host.js';
import { fragmentFrames, manyFrames, SAMPLE, SAMPLE_PACKETS, sampleFrames, tick } from './helpers.js';

// The store core runs without React (zustand/vanilla): these tests never render. The host is
// a FakeHost: every request waits until the test answers it, with real rows and packets.

function setup(opts: { budget?: number; flushMs?: number; rowBlock?: number; confirm?: (m: string) => boolean } & FakeHostOptions = {}) {
  const host = new FakeHost(opts);
  const store = createUiStore({
    send: host.send,
    flushMs: opts.flushMs ?? 0,
    // Row by row unless a test is about blocks: the sample is smaller than one block.
    rowBlock: opts.rowBlock ?? 1,
    // Rows without their coloring rules: the requests these tests check are the list's own.
    colorize: false,
    ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
    ...(opts.confirm !== undefined ? { confirm: opts.confirm } : {}),
  });
  host.connect((m) => store.getState().receive(m));
  const s = () => store.getState();
  return { host, store, s };
}

/**
 * hello, then the sample opened and its frames in the store, the list not following (as when
 * the user scrolled up): no rows asked for yet.
 */
async function opened(opts: Parameters<typeof setup>[0] = {}) {
  const t = setup(opts);
  t.host.startWith = 0;
  t.s().hello();
  t.s().open(SAMPLE);
  t.host.answerAll();
  await tick();
  t.s().setFollow(false);
  t.host.arrive(opts.arrived ?? t.host.frames.length);
  t.host.startWith = opts.arrived;
  return t;
}

const rowsArgs = (host: FakeHost) => host.requests('rows').map((r) => r.args);
const numbers = (t: { store: ReturnType<typeof setup>['store'] }, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => t.store.data.rows.number(from + i));

describe('renderer store: talking to the host', () => {
  it("hands Electron's menu commands to the page's registry (the command message), in order", () => {
    const host = new FakeHost({});
    const got: string[] = [];
    const store = createUiStore({ send: host.send, flushMs: 0, onCommand: (c) => got.push(c) });
    store.getState().receive({ type: 'command', command: 'goToPacket' });
    store.getState().receive({ type: 'command', command: 'ioGraph' });
    expect(got).toEqual(['goToPacket', 'ioGraph']);
  });

  it('says hello first and is connected once the host answers', async () => {
    const { host, s } = setup({ capture: { available: true }, desktop: true, interfaces: [] });
    s().hello();
    expect(host.sent).toEqual([{ type: 'request', id: 1, op: 'hello', args: {} }]);
    expect(s().connected).toBe(false);
    host.answerAll();
    await tick();
    expect(s()).toMatchObject({ connected: true, desktop: true, capture: { available: true } });
    // Capture can work here: the interfaces are asked for at once.
    expect(host.waiting().map((r) => r.op)).toEqual(['interfaces']);
  });

  it('opens a file: waits for its run, then holds the view the engine describes', async () => {
    const { host, s } = setup();
    s().open('  /data/a.pcapng ');
    expect(host.sent.at(-1)).toMatchObject({ op: 'open', args: { path: '/data/a.pcapng', speed: 'max' } });
    expect(s().starting).toBe(true);
    host.answerAll();
    await tick();
    expect(s().starting).toBe(false);
    expect(s().run).toMatchObject({ runId: 1, source: { kind: 'replay', name: '/data/a.pcapng' } });
    // The first frame's time is the sample's first frame's, for times relative to it.
    expect(s().view).toEqual({
      runId: 1,
      viewId: 0,
      packets: SAMPLE_PACKETS,
      displayed: SAMPLE_PACKETS,
      scanned: SAMPLE_PACKETS,
      firstTime: { sec: 1_767_225_600, nsec: 455 },
    });
  });

  it('a failed open is shown, and the buttons stop waiting', async () => {
    const { host, s } = setup();
    s().open('/nope.pcap');
    host.fail(host.waiting('open')[0]!, { code: 'CAPTURE_IO', message: 'cannot open /nope.pcap', hint: 'check the path' });
    await tick();
    expect(s().starting).toBe(false);
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['open', 'CAPTURE_IO']]);
    s().open('   ');
    expect(host.sent).toHaveLength(1); // an empty path is never sent
    expect(s().errors.at(-1)).toMatchObject({ about: 'ui', code: 'UI_NO_PATH' });
  });

  it('UI_DISCONNECTED rejects every waiting request: one error shown, nothing left pending', async () => {
    const { host, s } = await opened();
    s().ensureRows(0, 50);
    s().select(2); // not held yet: its rows are asked for first
    s().save('/tmp/out.pcapng');
    expect(host.waiting().map((r) => r.op)).toEqual(['rows', 'save']);
    s().receive({
      type: 'error',
      error: { code: 'UI_DISCONNECTED', message: 'the connection to the Wirepool host closed (code 1006)', hint: 'is it running?' },
    });
    await tick();
    // The notice and the requests it failed are one error, not one per request.
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['host', 'UI_DISCONNECTED']]);
    // Answers that come after all are ignored: their requests were failed already.
    host.answerAll();
    await tick();
    expect(s().saved).toBeUndefined();
    // The rows are no longer "asked for": a reconnected list asks again.
    s().ensureRows(0, 50);
    expect(rowsArgs(host)).toHaveLength(2);
  });

  it('shows other notices without failing the requests that wait', async () => {
    const { host, s } = await opened();
    s().save('/tmp/out.pcap');
    s().receive({ type: 'error', error: { code: 'PROTOCOL_BAD_FRAME', message: 'frame: bad magic (not a WPF2 frame)' } });
    host.answerAll();
    await tick();
    expect(s().errors.map((e) => e.code)).toEqual(['PROTOCOL_BAD_FRAME']);
    expect(s().saved).toEqual({ path: '/tmp/out.pcap', format: 'pcap' });
    expect(s().savedRunId).toBe(1);
  });

  it('a file that exists is replaced only when the user says so: asked, then sent again with overwrite', async () => {
    const asked: string[] = [];
    let answer = false;
    const { host, s } = await opened({
      confirm: (m) => {
        asked.push(m);
        return answer;
      },
    });
    const exists = { code: 'FILE_EXISTS', message: '/tmp/out.pcap exists already', hint: 'confirm' };
    // No: nothing is sent again, the file stays, and no error banner (the user chose).
    s().save('/tmp/out.pcap');
    host.fail(host.waiting('save')[0]!, exists);
    await tick();
    expect(asked).toEqual(['/tmp/out.pcap exists already. Saving replaces it.\n\nReplace it?']);
    expect(host.waiting('save')).toEqual([]);
    expect(s().errors).toEqual([]);
    expect(s().saved).toBeUndefined();
    // Yes: the same save with overwrite, and its result shows.
    answer = true;
    s().save('/tmp/out.pcap');
    host.fail(host.waiting('save')[0]!, exists);
    await tick();
    expect(host.waiting('save').map((r) => r.args)).toEqual([{ path: '/tmp/out.pcap', format: 'pcap', overwrite: true }]);
    host.answerAll('save');
    await tick();
    expect(s().saved).toEqual({ path: '/tmp/out.pcap', format: 'pcap' });
    // Other refusals are shown, never asked about.
    s().save('/tmp/in.pcap');
    host.fail(host.waiting('save')[0]!, { code: 'FILE_SAME_AS_INPUT', message: 'cannot write /tmp/in.pcap: it is the file being read' });
    await tick();
    expect(asked).toHaveLength(2);
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['save', 'FILE_SAME_AS_INPUT']]);
  });

  it('a run that ends with an error says so; stats of other runs are ignored', async () => {
    const { host, s } = await opened();
    s().receive({ type: 'stats', stats: host.stats({ runId: 7, packets: 5 }) });
    expect(s().stats).toBeUndefined();
    s().receive({ type: 'stats', stats: host.stats({ packets: 40 }) });
    expect(s().stats?.packets).toBe(40);
    s().receive({
      type: 'done',
      stats: host.stats({ state: 'failed' }),
      error: { code: 'CAPTURE_TRUNCATED', message: 'sample.pcapng: the file ends inside a block' },
    });
    expect(s().runState).toBe('failed');
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['open', 'CAPTURE_TRUNCATED']]);
    s().dismissError(s().errors[0]!.id);
    expect(s().errors).toEqual([]);
  });
});

describe('renderer store: rows by range', () => {
  it('asks only for the rows it neither holds nor waits for, and holds real summaries', async () => {
    const t = await opened();
    const { host, s, store } = t;
    s().ensureRows(-5, 40);
    s().ensureRows(0, 40); // asked already: nothing more
    s().ensureRows(20, 60); // only 40..59 is new
    expect(rowsArgs(host)).toEqual([
      { runId: 1, viewId: 0, first: 0, count: 40 },
      { runId: 1, viewId: 0, first: 40, count: 20 },
    ]);
    host.answerAll();
    await tick();
    expect(numbers(t, 0, 60)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Row 2 is frame 3, the DNS query of `wirepool read samples/sample.pcapng`.
    expect(store.data.rows.packet(2)).toMatchObject({ number: 3, wireLen: 75, sec: 1_767_225_600, nsec: 1_301_424 });
    expect(rowText(store.data.rows.data(2)!)).toEqual({
      src: '192.0.2.10',
      dst: '198.51.100.53',
      protocol: 'DNS',
      info: 'Standard query 0x1234 A www.example.com',
    });
    // Past the view's end is never asked for; only the rows still missing are.
    s().ensureRows(0, 1000);
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 0, first: 60, count: SAMPLE_PACKETS - 60 });
    host.answerAll();
    await tick();
    s().ensureRows(0, 1000);
    expect(host.waiting()).toEqual([]);
    expect(s().dataVersion).toBeGreaterThan(0);
  });

  it('asks for whole aligned blocks, so a list scrolled a few rows a frame asks once a block', async () => {
    const { host, s } = await opened({ rowBlock: 32 });
    s().ensureRows(40, 50);
    expect(rowsArgs(host)).toEqual([{ runId: 1, viewId: 0, first: 32, count: 32 }]);
    host.answerAll();
    await tick();
    for (let top = 41; top < 62; top += 3) s().ensureRows(top, top + 2); // inside the block held: nothing
    expect(rowsArgs(host)).toHaveLength(1);
    s().ensureRows(60, 70); // into the next block: all of it
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 0, first: 64, count: 32 });
    s().ensureRows(100, 200); // the last block ends with the view
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 0, first: 96, count: SAMPLE_PACKETS - 96 });
  });

  it('asks again from where a partial reply stopped', async () => {
    const t = await opened({ rowBytes: 2048 });
    const { host, s, store } = t;
    s().ensureRows(0, SAMPLE_PACKETS);
    host.answerAll();
    await tick();
    expect(rowsArgs(host)).toEqual([{ runId: 1, viewId: 0, first: 0, count: SAMPLE_PACKETS }]);
    // One batch of at most 2 KiB: a part of the rows.
    const got = numbers(t, 0, SAMPLE_PACKETS).indexOf(undefined);
    expect(got).toBeGreaterThan(0);
    expect(numbers(t, 0, got)).toEqual(Array.from({ length: got }, (_, i) => i + 1));
    // Each reply holds at least one row (the sample's Redis rows take up to 4 KiB each): at most a round a row.
    for (let round = 0; round < SAMPLE_PACKETS && !store.data.rows.has(SAMPLE_PACKETS - 1); round++) {
      s().ensureRows(0, SAMPLE_PACKETS);
      host.answerAll();
      await tick();
    }
    // Each request started where the previous reply stopped; no row was asked for twice.
    const asked = rowsArgs(host);
    expect(asked.length).toBeGreaterThan(2);
    expect(asked[1]!.first).toBe(got);
    for (let i = 1; i < asked.length; i++) expect(asked[i]!.first + asked[i]!.count).toBe(SAMPLE_PACKETS);
    expect(new Set(asked.map((a) => a.first)).size).toBe(asked.length);
    expect(numbers(t, 0, SAMPLE_PACKETS)).toEqual(Array.from({ length: SAMPLE_PACKETS }, (_, i) => i + 1));
  });

  it(`never asks for more than MAX_ROWS (${MAX_ROWS}) rows at once`, async () => {
    const frames = manyFrames(MAX_ROWS + 2500);
    const { host, s, store } = await opened({ frames });
    expect(s().rows).toBe(frames.length);
    s().ensureRows(0, frames.length);
    expect(rowsArgs(host)).toEqual([
      { runId: 1, viewId: 0, first: 0, count: MAX_ROWS },
      { runId: 1, viewId: 0, first: MAX_ROWS, count: 2500 },
    ]);
    // The engine answers what fits one buffer of its largest tier (64 KiB): far fewer.
    host.answer(host.waiting('rows')[0]!);
    await tick();
    const held = Array.from({ length: MAX_ROWS }, (_, i) => store.data.rows.has(i)).indexOf(false);
    expect(held).toBeGreaterThan(100);
    expect(held).toBeLessThan(MAX_ROWS);
    expect(store.data.rows.packet(held - 1)?.number).toBe(held);
    s().ensureRows(0, frames.length);
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 0, first: held, count: MAX_ROWS - held });
  }, 30_000);

  /**
   * Rows 0..29, 30..59 and 60..89 asked for one range after the other, under a budget that
   * holds two of the three batches; `touch` reads rows 0..29 again after the second arrived.
   */
  async function threeBatches(touch: (rows: BatchCache) => void) {
    const probe = await opened();
    const sizes: number[] = [];
    for (const first of [0, 30, 60]) {
      const before = probe.store.data.rows.bytes;
      probe.s().ensureRows(first, first + 30);
      probe.host.answerAll();
      await tick();
      sizes.push(probe.store.data.rows.bytes - before);
    }
    const [a, b, c] = sizes as [number, number, number];
    const t = await opened({ budget: a + c + Math.floor(b / 2) });
    for (const first of [0, 30, 60]) {
      t.s().ensureRows(first, first + 30);
      t.host.answerAll();
      await tick();
      if (first === 30) touch(t.store.data.rows);
    }
    return t;
  }

  it('keeps row batches under the budget, least recently used out, and asks for evicted rows again', async () => {
    const t = await threeBatches((rows) => rows.data(0));
    const { host, s, store } = t;
    const rows = store.data.rows;
    expect(rows.bytes).toBeLessThanOrEqual(rows.budget);
    expect(rows.batches).toBe(2);
    expect(rows.evictions).toBe(1);
    // 30..59 went (least recently used), not 0..29 (read since) nor 60..89 (the newest).
    expect([rows.has(0), rows.has(29), rows.has(30), rows.has(59), rows.has(60), rows.has(89)]).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
    ]);
    s().ensureRows(0, 90);
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 0, first: 30, count: 30 });
    host.answerAll();
    await tick();
    expect(numbers(t, 30, 32)).toEqual([31, 32]);
    expect(rows.bytes).toBeLessThanOrEqual(rows.budget);
  });

  it('a row read through packet() (the list drawing it) counts as used too', async () => {
    // The list decodes a row's text once (RowTexts); drawing it again reads only its packet (No., time, length).
    const { store } = await threeBatches((rows) => rows.packet(0));
    const rows = store.data.rows;
    expect([rows.has(0), rows.has(30), rows.has(60)]).toEqual([true, false, true]);
  });

  it('drops replies and stale-view/run errors of earlier views silently, shows other errors', async () => {
    const { host, s, store } = await opened();
    s().ensureRows(0, 50); // view 0
    s().setFilterText('frame.len > 1500');
    s().applyFilter();
    host.answer(host.waiting('filter')[0]!); // the engine makes view 1 and says so
    expect(s().view?.viewId).toBe(1);
    s().ensureRows(0, 50); // the list asks for view 1's rows
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 1, first: 0, count: 39 });
    // The engine answers view 0's request now: ENGINE_STALE_VIEW, expected, not shown.
    host.answer(host.waiting('rows')[0]!);
    await tick();
    expect(s().errors).toEqual([]);
    // View 1's request (for the same first row) is still waiting: asking again sends nothing.
    s().ensureRows(0, 50);
    expect(rowsArgs(host)).toHaveLength(2);
    // It is answered, but another filter's view comes in before the reply's turn: dropped.
    host.answer(host.waiting('rows')[0]!);
    host.applyFilter('dns');
    await tick();
    expect(s().view?.viewId).toBe(2);
    expect(store.data.rows.has(0)).toBe(false);
    s().ensureRows(0, 50);
    host.answerAll();
    await tick();
    expect([store.data.rows.number(0), store.data.rows.number(1)]).toEqual([3, 4]);

    // Any other error is the user's to see, and the rows may be asked for again.
    host.applyFilter('frame.len > 1500');
    s().ensureRows(0, 10);
    host.fail(host.waiting('rows')[0]!, { code: 'ENGINE_REREAD', message: 'rows could not be read back', hint: 'open the file again' });
    await tick();
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['rows', 'ENGINE_REREAD']]);
    s().ensureRows(0, 10);
    expect(host.waiting('rows').map((r) => r.args)).toEqual([{ runId: 1, viewId: 3, first: 0, count: 10 }]);

    // A request of a run that is over answers ENGINE_STALE_RUN: not shown either.
    s().replay();
    host.answer(host.waiting('replay')[0]!);
    expect(s().run?.runId).toBe(2);
    host.answerAll('rows'); // view 3's request above (run 1), and any the new run's list made
    await tick();
    expect(s().errors).toHaveLength(1);
  });

  it('a view change clears the rows and the selection; a new run clears everything', async () => {
    const { host, s, store } = await opened();
    s().ensureRows(0, SAMPLE_PACKETS);
    host.answerAll();
    await tick();
    s().select(4);
    host.answerAll();
    await tick();
    expect(s().detail?.number).toBe(5);
    const version = s().dataVersion;
    s().setFilterText('frame.len > 1500');
    s().applyFilter();
    expect(host.sent.at(-1)).toEqual({
      type: 'request',
      id: host.sent.length,
      op: 'filter',
      args: { runId: 1, filter: 'frame.len > 1500' },
    });
    host.answerAll();
    await tick();
    expect(s().view).toMatchObject({
      viewId: 1,
      packets: SAMPLE_PACKETS,
      displayed: 39,
      scanned: SAMPLE_PACKETS,
      filter: 'frame.len > 1500',
    });
    expect(s().rows).toBe(39);
    expect(store.data.rows.batches).toBe(0);
    expect(store.data.rows.has(0)).toBe(false);
    expect(s().dataVersion).toBeGreaterThan(version);
    expect(s().selected).toBeUndefined();
    // The packet shown stays until another is picked.
    expect(s().detail?.number).toBe(5);
    s().ensureRows(0, 100);
    host.answerAll();
    await tick();
    expect(Array.from({ length: 5 }, (_, i) => store.data.rows.number(i))).toEqual([9, 10, 12, 13, 15]);

    // Progress events of the same view keep the rows.
    s().receive({ type: 'view', view: host.view() });
    expect(store.data.rows.has(0)).toBe(true);

    s().replay();
    expect(host.sent.at(-1)).toMatchObject({ op: 'replay', args: { speed: 'max', filter: 'frame.len > 1500' } });
    host.answerAll();
    await tick();
    expect(s()).toMatchObject({ run: { runId: 2 }, selected: undefined, selectedNumber: undefined, detail: undefined });
    expect(s().view).toMatchObject({ runId: 2, viewId: 1, displayed: 39 });
    expect(store.data.rows.batches).toBe(0);
  });

  it('publishes view changes at most every flushMs', async () => {
    vi.useFakeTimers();
    try {
      const { host, s, store } = setup({ flushMs: 50, arrived: 10 });
      s().open(SAMPLE);
      host.answerAll();
      s().setFollow(false);
      vi.advanceTimersByTime(60);
      const listener = vi.fn();
      store.subscribe(listener);
      for (const n of [20, 40, 80, SAMPLE_PACKETS]) host.arrive(n);
      const publishes = () => listener.mock.calls.filter(([a, b]) => a.rows !== b.rows).length;
      const version = s().dataVersion;
      expect(publishes()).toBe(0);
      expect(s().view?.packets).toBe(SAMPLE_PACKETS); // the view is current at once
      vi.advanceTimersByTime(60);
      expect(publishes()).toBe(1);
      expect(s().rows).toBe(SAMPLE_PACKETS);
      // Only the count changed: the rows on screen need not render again.
      expect(s().dataVersion).toBe(version);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('renderer store: the selected packet', () => {
  it('asks the engine for the selected frame and shows its tree and bytes', async () => {
    const { host, s } = await opened();
    s().ensureRows(0, 20);
    host.answerAll();
    await tick();
    s().select(2);
    expect(s()).toMatchObject({ selected: 2, selectedNumber: 3 });
    expect(host.sent.at(-1)).toMatchObject({ op: 'packet', args: { runId: 1, number: 3 } });
    host.answerAll();
    await tick();
    const d = s().detail!;
    expect(d.number).toBe(3);
    expect(d.nodes.filter((n) => n.parent === -1).map((n) => n.label)).toEqual([
      'Frame 3: 75 bytes on wire, 75 bytes captured',
      'Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:fe',
      'Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.53',
      'User Datagram Protocol, Src Port: 53001, Dst Port: 53',
      'Domain Name System (query)',
    ]);
    expect(d.sources.map((x) => x.name)).toEqual(['Frame']);
    expect(d.sources[0]!.bytes).toEqual(sampleFrames()[2]!.bytes);
    const src = d.nodes.find((n) => n.abbrev === 'ip.src')!;
    expect([src.source, src.start, src.length]).toEqual([0, 26, 4]);
    // The same packet again: no second request.
    s().select(2);
    expect(host.waiting()).toEqual([]);
  });

  it('a row selected before its rows arrived: rows first, then its packet', async () => {
    const { host, s } = await opened();
    s().select(50);
    expect(s()).toMatchObject({ selected: 50, selectedNumber: undefined });
    expect(host.waiting().map((r) => [r.op, r.args])).toEqual([['rows', { runId: 1, viewId: 0, first: 50, count: 1 }]]);
    host.answerAll();
    await tick();
    expect(s().selectedNumber).toBe(51);
    expect(host.waiting().map((r) => [r.op, r.args])).toEqual([['packet', { runId: 1, number: 51 }]]);
    host.answerAll();
    await tick();
    expect(s().detail?.number).toBe(51);
  });

  it('a newer selection supersedes an older reply, whichever comes first', async () => {
    const { host, s } = await opened();
    s().ensureRows(0, 20);
    host.answerAll();
    await tick();
    s().select(2);
    s().select(4);
    const [a, b] = host.waiting('packet');
    expect([a!.args.number, b!.args.number]).toEqual([3, 5]);
    host.answer(b!);
    host.answer(a!); // late: frame 3's reply after frame 5's
    await tick();
    expect(s().detail?.number).toBe(5);

    s().select(6);
    s().select(7);
    host.answer(host.waiting('packet')[0]!); // frame 7's reply first...
    await tick();
    expect(s().detail?.number).toBe(5); // ...is not frame 8's
    host.answerAll();
    await tick();
    expect(s().detail?.number).toBe(8);

    // Back to the packet on show while another is on its way: that one must not replace it.
    s().select(9);
    s().select(7);
    host.answerAll();
    await tick();
    expect(s()).toMatchObject({ selectedNumber: 8, detail: { number: 8 } });

    // A failed request that was superseded is not shown either.
    s().select(1);
    s().select(7);
    host.fail(host.waiting('packet')[0]!, { code: 'ENGINE_REREAD', message: 'packet 2 could not be read back' });
    await tick();
    expect(s().errors).toEqual([]);
    s().select(3);
    host.fail(host.waiting('packet')[0]!, { code: 'ENGINE_REREAD', message: 'packet 4 could not be read back' });
    await tick();
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['packet', 'ENGINE_REREAD']]);
  });

  it('a packet asked for in a run that is over: its stale-run answer is not shown', async () => {
    const { host, s } = await opened();
    s().ensureRows(0, 20);
    host.answerAll();
    await tick();
    s().replay(); // the user clicks a row while the engine starts the new run
    s().select(2);
    host.answer(host.waiting('replay')[0]!);
    expect(s().run?.runId).toBe(2);
    const old = host.waiting('packet')[0]!;
    expect(old.args).toEqual({ runId: 1, number: 3 });
    host.answer(old); // ENGINE_STALE_RUN: the engine is on run 2 now
    await tick();
    expect(s()).toMatchObject({ detail: undefined, errors: [] });
  });

  it('a damaged packet batch is an error to show, not an exception', async () => {
    const { host, s } = await opened();
    s().ensureRows(0, 20);
    host.answerAll();
    await tick();
    s().select(2);
    const req = host.waiting('packet')[0]!;
    host.emit({
      type: 'reply',
      id: req.id,
      op: 'packet',
      result: { runId: 1, number: 3, nodes: [], actions: [], sources: [], buffer: new ArrayBuffer(64) },
    });
    await tick();
    expect(s().detail).toBeUndefined();
    expect(s().errors.map((e) => [e.about, e.code])).toEqual([['packet', 'BATCH_MALFORMED']]);
  });

  it('carries a reassembled datagram as a second data source', async () => {
    const { host, s, store } = await opened({ frames: fragmentFrames() });
    s().ensureRows(0, 3);
    host.answerAll();
    await tick();
    expect(rowText(store.data.rows.data(2)!).protocol).toBe('UDP');
    s().select(2);
    host.answerAll();
    await tick();
    const d = s().detail!;
    expect(d.sources.map((x) => [x.name, x.bytes.length])).toEqual([
      ['Frame', 14 + 20 + 176],
      ['Reassembled IPv4', 1200],
    ]);
    const udp = d.nodes.find((n) => n.abbrev === 'udp')!;
    expect([udp.source, udp.start, udp.length]).toEqual([1, 0, 8]);
  });
});

describe('renderer store: display filter and runs', () => {
  it('checks the filter as you type; applies it to the run in the engine with its runId', async () => {
    const { host, s } = setup();
    s().setFilterText('tcp.port == ');
    expect(s().filterError).toEqual({ column: 12, length: 1, message: 'expected a value after "=="' });
    s().applyFilter();
    expect(host.sent).toEqual([]); // a filter that does not compile is never sent
    s().setFilterText('frame.len > 1500');
    s().applyFilter();
    expect(host.sent).toEqual([]);
    expect(s().errors.at(-1)).toMatchObject({ about: 'ui', code: 'UI_NO_FILE' });
    // Before a run the filter goes with the file opened.
    s().open(SAMPLE);
    expect(host.sent.at(-1)).toMatchObject({ op: 'open', args: { path: SAMPLE, speed: 'max', filter: 'frame.len > 1500' } });
    host.answerAll();
    await tick();
    expect(s().view).toMatchObject({ viewId: 1, displayed: 39, filter: 'frame.len > 1500' });
    s().setFilterText('  dns ');
    s().applyFilter();
    expect(host.sent.at(-1)).toMatchObject({ op: 'filter', args: { runId: 1, filter: 'dns' } });
    host.answerAll();
    await tick();
    expect(s().view).toMatchObject({ viewId: 2, displayed: 2, filter: 'dns' });
    s().setFilterText('');
    s().applyFilter();
    host.answerAll();
    await tick();
    expect(s().view).toEqual(expect.objectContaining({ viewId: 3, displayed: SAMPLE_PACKETS }));
    expect(s().view?.filter).toBeUndefined();
  });

  it('follows a filter as it scans: the rows grow in the same view', async () => {
    const { host, s, store } = await opened();
    host.applyFilter('frame.len > 1500', 30);
    expect(s().view).toMatchObject({ viewId: 1, scanned: 30, displayed: 15, packets: SAMPLE_PACKETS });
    s().ensureRows(0, 100);
    host.answerAll();
    await tick();
    host.scan();
    expect(s().rows).toBe(39);
    expect(store.data.rows.has(14)).toBe(true); // kept: the same view
    s().ensureRows(0, 100);
    expect(rowsArgs(host).at(-1)).toEqual({ runId: 1, viewId: 1, first: 15, count: 24 });
  });

  it('an unsaved capture is not discarded without asking; a saved one is', async () => {
    const asked: string[] = [];
    let answer = false;
    const { host, s } = setup({
      capture: { available: true },
      interfaces: [],
      confirm: (m) => {
        asked.push(m);
        return answer;
      },
    });
    s().hello();
    host.answerAll();
    await tick();
    s().captureStart(['lo'], '  tcp port 80 ');
    expect(host.sent.at(-1)).toMatchObject({ op: 'captureStart', args: { ifaces: ['lo'], filter: 'tcp port 80' } });
    expect(s().starting).toBe(true);
    host.answerAll();
    await tick();
    expect(s()).toMatchObject({ starting: false, run: { source: { kind: 'capture', name: 'lo' } } });
    const temporary = { path: '/tmp/wirepool-capture-1.pcapng', bytes: 9000, temporary: true };
    s().receive({ type: 'stats', stats: host.stats({ kind: 'capture', spool: temporary }) });
    const sent = host.sent.length;
    s().open('/tmp/a.pcap');
    s().captureStart(['lo']);
    s().openDialog();
    expect(host.sent).toHaveLength(sent); // no: nothing sent
    expect(asked).toHaveLength(3);
    expect(asked[0]).toMatch(/capture on lo \(113 packets\) has not been saved/);
    answer = true;
    s().openDialog();
    expect(host.sent.at(-1)?.op).toBe('openDialog'); // yes: it goes ahead
    host.answerAll();

    // Saved once: another run may replace it without asking.
    answer = false;
    s().save('  /tmp/keep.pcapng ');
    expect(host.sent.at(-1)).toMatchObject({ op: 'save', args: { path: '/tmp/keep.pcapng', format: 'pcapng' } });
    host.answerAll();
    await tick();
    expect(s()).toMatchObject({ saved: { path: '/tmp/keep.pcapng', format: 'pcapng' }, savedRunId: 1 });
    s().open('/tmp/a.pcap');
    expect(asked).toHaveLength(4);
    expect(host.sent.at(-1)).toMatchObject({ op: 'open', args: { path: '/tmp/a.pcap' } });
    host.answerAll();
    await tick();

    // A capture spooled to a file the user named is kept anyway: no question either.
    s().captureStart(['lo'], undefined, '/home/me/mine.pcapng');
    expect(host.sent.at(-1)).toMatchObject({ op: 'captureStart', args: { ifaces: ['lo'], file: '/home/me/mine.pcapng' } });
    host.answerAll();
    await tick();
    s().receive({ type: 'stats', stats: host.stats({ kind: 'capture', spool: { ...temporary, temporary: false } }) });
    s().replay();
    expect(asked).toHaveLength(4);
    expect(host.sent.at(-1)?.op).toBe('replay');
  });

  it('refuses to start a capture where capture is unavailable, with the reason', async () => {
    const { host, s } = setup();
    s().hello();
    host.answerAll();
    await tick();
    s().captureStart(['eth0']);
    expect(host.sent).toHaveLength(1);
    expect(s().errors.at(-1)).toMatchObject({ code: 'CAPTURE_UNAVAILABLE', message: 'libpcap is not installed' });
  });
});
