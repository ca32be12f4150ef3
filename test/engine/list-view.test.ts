/**
 * The packet list's order and navigation in the engine worker, on the sample: sorts by every
 * column against `wirepool read`'s rows sorted the same way, sort and filter together, go to
 * packet, marks, time references and the times each row counts from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORT_COLUMNS, type SortColumn, type SortSpec } from '../../native-bridge/protocol/index.js';
import { addressKey, SortJob } from '../../native-bridge/engine/sort-view.js';
import { EngineRecorder, SAMPLE, readRows, type Row } from '../helpers/engine.js';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../helpers/corpus.js';

/** `wirepool read`'s epoch time and wire length per frame. */
const epoch = new Map<number, { time: string; len: number }>(
  execFileSync(process.execPath, ['bin/wirepool', 'read', SAMPLE], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'))
    .map((c) => [Number(c[0]), { time: c[1]!, len: Number(c[2]) }]),
);

/** The key `wirepool read`'s row sorts by, for `column`. */
function keyOf(column: SortColumn, r: Row): string | number {
  const [n, src, dst, proto, info] = r;
  switch (column) {
    case 'number':
      return n;
    case 'time': {
      const [s, ns] = epoch.get(n)!.time.split('.');
      return Number(s) * 1e9 + Number(ns); // the sample's times differ well above a float's rounding
    }
    case 'length':
      return epoch.get(n)!.len;
    case 'source':
      return addressKey(src);
    case 'destination':
      return addressKey(dst);
    case 'protocol':
      return proto;
    case 'info':
      return info;
  }
}

function sortedRows(rows: Row[], spec: SortSpec): Row[] {
  const sign = spec.order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = keyOf(spec.column, a);
    const kb = keyOf(spec.column, b);
    return ka < kb ? -sign : ka > kb ? sign : a[0] - b[0];
  });
}

let rec: EngineRecorder;
let runId: number;
beforeAll(async () => {
  rec = await EngineRecorder.start();
  ({ runId } = await rec.engine.request('open', { path: SAMPLE }));
  await rec.done(runId);
});
afterAll(() => rec.close());

async function sortBy(spec: SortSpec | undefined): Promise<number> {
  const before = rec.views(runId).at(-1)!.viewId;
  await rec.engine.request('sort', { runId, ...(spec ? { column: spec.column, order: spec.order } : {}) });
  const v = await rec.view(
    runId,
    (x) =>
      x.sorting === undefined &&
      (spec === undefined ? x.sort === undefined : x.sort?.column === spec.column && x.sort.order === spec.order),
  );
  if (spec !== undefined || before !== v.viewId) expect(v.viewId).toBeGreaterThan(before);
  return v.viewId;
}

describe('sorting the view', () => {
  const all = readRows(SAMPLE);
  for (const column of SORT_COLUMNS)
    it(`by ${column}: ascending, descending, then frame order again, as wirepool read's rows sorted the same way`, async () => {
      for (const order of ['asc', 'desc'] as const) {
        const viewId = await sortBy({ column, order });
        expect(await rec.rows(runId, viewId, 113)).toEqual(sortedRows(all, { column, order }));
      }
      const viewId = await sortBy(undefined);
      expect(await rec.rows(runId, viewId, 113)).toEqual(all);
    });

  it('holds for a new filter: its rows come sorted the same way once it has caught up', async () => {
    await sortBy({ column: 'length', order: 'desc' });
    const { viewId } = await rec.engine.request('filter', { runId, filter: 'tcp' });
    const v = await rec.view(runId, (x) => x.viewId > viewId && x.sort?.column === 'length');
    expect(v).toMatchObject({ filter: 'tcp', sort: { column: 'length', order: 'desc' } });
    expect(await rec.rows(runId, v.viewId, v.displayed)).toEqual(sortedRows(readRows(SAMPLE, 'tcp'), { column: 'length', order: 'desc' }));
    await rec.engine.request('filter', { runId, filter: '' });
    await sortBy(undefined);
  });

  it('a sort in slices gives the same order as one in a single go', () => {
    const n = 5000;
    const lens = Array.from({ length: n }, (_, i) => (i * 7919) % 97);
    const source = {
      meta: (i: number) => ({ number: i + 1, sec: 0, nsec: 0, wireLen: lens[i]!, capLen: 0, interfaceId: -1, linkType: 1 }),
      summary: () => new Uint8Array(0),
    };
    const job = new SortJob({ column: 'length', order: 'asc' }, { displayed: n, index: (r) => r }, source);
    let steps = 0;
    while (!job.step(0)) steps++; // a deadline already past: one unit of work a step
    expect(steps).toBeGreaterThan(5);
    const want = Array.from({ length: n }, (_, i) => i).sort((a, b) => lens[a]! - lens[b]! || a - b);
    expect(Array.from(job.rows)).toEqual(want);
    expect(job.progress().done).toBe(job.progress().total);
  });
});

describe('go to packet, marks and time references', () => {
  it('locate: the row of a frame in the sorted or filtered view, or why there is none', async () => {
    const viewId = await sortBy({ column: 'info', order: 'asc' });
    const rows = await rec.rows(runId, viewId, 113);
    const loc = await rec.engine.request('locate', { runId, number: 50 });
    expect(rows[loc.row]![0]).toBe(50);
    await expect(rec.engine.request('locate', { runId, number: 500 })).rejects.toMatchObject({
      code: 'ENGINE_NO_PACKET',
      message: expect.stringContaining('no such frame'),
    });
    const f = await rec.engine.request('filter', { runId, filter: 'dns' });
    await rec.view(runId, (x) => x.viewId > f.viewId);
    await expect(rec.engine.request('locate', { runId, number: 1 })).rejects.toMatchObject({
      code: 'ENGINE_NOT_DISPLAYED',
      message: expect.stringContaining('not displayed'),
    });
    await rec.engine.request('filter', { runId, filter: '' });
    await sortBy(undefined);
  });

  it('marks: held by frames through sorts, found in view order (wrapping), cleared at once', async () => {
    for (const n of [10, 40, 90]) await rec.engine.request('mark', { runId, kind: 'mark', number: n });
    const viewId = await sortBy({ column: 'number', order: 'desc' });
    const r = await rec.engine.request('rows', { runId, viewId, first: 0, count: 113 });
    expect(r.marked?.map((k) => 113 - k)).toEqual([90, 40, 10]);
    const next = await rec.engine.request('findMark', { runId, viewId, from: r.marked![0]! });
    expect(next.row).toBe(r.marked![1]);
    const wrapped = await rec.engine.request('findMark', { runId, viewId, from: r.marked![0]!, back: true });
    expect(wrapped.row).toBe(r.marked![2]);
    expect(await rec.engine.request('mark', { runId, kind: 'mark' })).toMatchObject({ marks: 0 });
    await expect(rec.engine.request('findMark', { runId, viewId, from: 0 })).rejects.toMatchObject({ code: 'ENGINE_NO_MARK' });
    await sortBy(undefined);
  });

  it('time bases: previous captured, previous displayed, and relative to the latest reference', async () => {
    const ts = (n: number) => epoch.get(n)!.time.split('.').map(Number);
    const r = await rec.engine.request('rows', { runId, viewId: rec.views(runId).at(-1)!.viewId, first: 0, count: 20, time: 'delta' });
    expect(r.bases!.slice(0, 6)).toEqual([...ts(1), ...ts(1), ...ts(2)]);
    await rec.engine.request('mark', { runId, kind: 'ref', number: 5 });
    const rel = await rec.engine.request('rows', { runId, viewId: rec.views(runId).at(-1)!.viewId, first: 3, count: 3, time: 'relative' });
    expect(rel.bases).toEqual([...ts(1), ...ts(5), ...ts(5)]);
    expect(rel.refs).toEqual([1]);
    await rec.engine.request('mark', { runId, kind: 'ref' });
    const f = await rec.engine.request('filter', { runId, filter: 'dns' });
    const v = await rec.view(runId, (x) => x.viewId === f.viewId && x.scanned === 113);
    const dd = await rec.engine.request('rows', { runId, viewId: v.viewId, first: 0, count: 2, time: 'deltaDisplayed' });
    const dns = readRows(SAMPLE, 'dns').map((x) => x[0]);
    expect(dd.bases).toEqual([...ts(dns[0]!), ...ts(dns[0]!)]);
    await rec.engine.request('filter', { runId, filter: '' });
  });
});

describe('the frame fields the list sets: frame.marked, frame.time_delta_displayed', () => {
  const label = async (number: number, abbrev: string): Promise<string | undefined> => {
    const p = await rec.engine.request('packet', { runId, number });
    rec.engine.giveBack(p.buffer, runId, 'view');
    return p.nodes.find((n) => n.abbrev === abbrev)?.label;
  };

  it('filters on the marks and shows them in the detail', async () => {
    for (const n of [3, 7]) await rec.engine.request('mark', { runId, kind: 'mark', number: n });
    const f = await rec.engine.request('filter', { runId, filter: 'frame.marked == 1' });
    const v = await rec.view(runId, (x) => x.viewId === f.viewId && x.scanned === 113);
    expect((await rec.rows(runId, v.viewId, v.displayed)).map((r) => r[0])).toEqual([3, 7]);
    expect(await label(7, 'frame.marked')).toBe('[Frame is marked: True]');
    expect(await label(8, 'frame.marked')).toBe('[Frame is marked: False]');
    await rec.engine.request('mark', { runId, kind: 'mark' });
    await rec.engine.request('filter', { runId, filter: '' });
  });

  it("counts frame.time_delta_displayed from the filter's previous row, as wirepool read -Y does", async () => {
    // `wirepool read -Y FILTER` agrees with TShark's single pass (test/dissect/time-fields.test.ts).
    const cli = execFileSync(
      process.execPath,
      [
        'bin/wirepool',
        'read',
        SAMPLE,
        '-Y',
        'frame.len == 54',
        '-e',
        'frame.number',
        '-e',
        'frame.time_delta_displayed',
        '-e',
        'frame.time_delta',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const f = await rec.engine.request('filter', { runId, filter: 'frame.len == 54' });
    await rec.view(runId, (x) => x.viewId === f.viewId && x.scanned === 113);
    for (const [n, shown, delta] of cli.slice(0, 5)) {
      expect(await label(Number(n), 'frame.time_delta_displayed')).toBe(`[Time delta from previous displayed frame: ${shown} seconds]`);
      expect(await label(Number(n), 'frame.time_delta')).toBe(`[Time delta from previous captured frame: ${delta} seconds]`);
    }
    expect(cli[3]![1]).not.toBe(cli[3]![2]); // frame 11 counts from 7, not 10
    // Without the filter every frame is displayed: the previous captured one.
    await rec.engine.request('filter', { runId, filter: '' });
    const [n, , delta] = cli[1]!;
    expect(await label(Number(n), 'frame.time_delta_displayed')).toBe(`[Time delta from previous displayed frame: ${delta} seconds]`);
    // A time reference on frame 5: frame 6 counts its relative time from it (its delta), frame 5 from itself.
    expect(n).toBe('6');
    await rec.engine.request('mark', { runId, kind: 'ref', number: 5 });
    expect(await label(6, 'frame.time_relative')).toBe(`[Time since reference or first frame: ${delta} seconds]`);
    expect(await label(5, 'frame.time_relative')).toBe('[Time since reference or first frame: 0.000000000 seconds]');
    await rec.engine.request('mark', { runId, kind: 'ref' });
  });
});

describe('text columns', () => {
  it('sort by rank with few distinct values and by string with many, the same way', () => {
    const enc = new TextEncoder();
    for (const distinct of [50, 70_000]) {
      const n = 80_000;
      const info = Array.from({ length: n }, (_, i) => `v${(i * 7919) % distinct}`);
      const summaries = info.map((x) => enc.encode(`a\u001fb\u001fc\u001f${x}`));
      const source = {
        meta: () => ({ number: 0, sec: 0, nsec: 0, wireLen: 0, capLen: 0, interfaceId: -1, linkType: 1 }),
        summary: (i: number) => summaries[i]!,
      };
      const job = new SortJob({ column: 'info', order: 'desc' }, { displayed: n, index: (r) => r }, source);
      while (!job.step(Number.POSITIVE_INFINITY));
      const want = info.map((_, i) => i).sort((a, b) => (info[a]! < info[b]! ? 1 : info[a]! > info[b]! ? -1 : a - b));
      expect(Array.from(job.rows)).toEqual(want);
    }
  });
});

describe('address keys', () => {
  it('sort addresses by type (Ethernet, IPv4, IPv6, other), then numerically', () => {
    const sorted = ['2001:db8::10', 'ff:ff:ff:ff:ff:ff', '10.0.0.10', 'n/a', '2001:db8::9', '10.0.0.9', '02:00:00:00:00:01', '::1'].sort(
      (a, b) => (addressKey(a) < addressKey(b) ? -1 : 1),
    );
    expect(sorted).toEqual([
      '02:00:00:00:00:01',
      'ff:ff:ff:ff:ff:ff',
      '10.0.0.9',
      '10.0.0.10',
      '::1',
      '2001:db8::9',
      '2001:db8::10',
      'n/a',
    ]);
  });
});
