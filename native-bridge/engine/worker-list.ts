import { WirepoolError } from '../common/errors.js';
import type { FrameViewer } from '../dissect/index.js';
import type { RowsResult, TimeBase } from '../protocol/index.js';
import type { FilterView } from './filter-view.js';
import type { FrameFlags } from './frame-flags.js';
import type { PacketStore } from './packet-store.js';
import type { BaseRows, ViewOrder } from './sort-view.js';

/**
 * The packet list's view of a run as the worker's operations see it: the store, the display
 * filter's rows (or every packet) in frame order, the order they are shown in, and the flags
 * the user set on frames. Row r of the view is store index `viewIndex(v, r)`.
 */
export interface ListView {
  readonly runId: number;
  readonly store: PacketStore;
  readonly filter: FilterView | undefined;
  readonly viewId: number;
  readonly order: ViewOrder;
  readonly flags: FrameFlags;
}

/** The view's rows in frame order (before the sort). */
export function baseRows(v: ListView): BaseRows {
  const f = v.filter;
  if (f !== undefined) return f;
  const count = v.store.count;
  return { displayed: count, index: (r) => r };
}

/** The store index of view row r. */
export function viewIndex(v: ListView, r: number): number {
  const b = v.order.baseRow(r);
  return v.filter === undefined ? b : v.filter.index(b);
}

/** The filter's row of store index i (frame order), or -1 when it does not pass it. */
function filterRow(f: FilterView, i: number): number {
  let lo = 0;
  let hi = f.displayed;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (f.index(mid) < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < f.displayed && f.index(lo) === i ? lo : -1;
}

/** The store index packet i's Time column counts from, under `time`. */
function baseIndex(v: ListView, i: number, time: TimeBase): number {
  switch (time) {
    case 'relative': {
      const ref = v.flags.refAtOrBefore(i);
      return Math.max(ref, 0);
    }
    case 'delta':
      return Math.max(0, i - 1);
    case 'deltaDisplayed': {
      const f = v.filter;
      if (f === undefined) return Math.max(0, i - 1);
      const r = filterRow(f, i);
      return r <= 0 ? i : f.index(r - 1);
    }
  }
}

/** What a `rows` reply carries besides the batch for rows first..first+n-1: the times they count from, marks, references. */
export function rowExtras(
  v: ListView,
  first: number,
  n: number,
  time: TimeBase | undefined,
): Pick<RowsResult, 'bases' | 'marked' | 'refs'> {
  const marked: number[] = [];
  const refs: number[] = [];
  const bases: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = viewIndex(v, first + k);
    if (v.flags.marked(i)) marked.push(k);
    if (v.flags.isRef(i)) refs.push(k);
    if (time !== undefined) {
      const m = v.store.meta(baseIndex(v, i, time));
      bases.push(m.sec, m.nsec);
    }
  }
  return { ...(time !== undefined ? { bases } : {}), ...(marked.length > 0 ? { marked } : {}), ...(refs.length > 0 ? { refs } : {}) };
}

/** The view row showing frame `number` (Go to packet), or an error saying why there is none. */
export function locate(v: ListView, number: number): number {
  const i = number - 1;
  if (i >= v.store.count)
    throw new WirepoolError('ENGINE_NO_PACKET', `go to packet ${number}: no such frame (the run has ${v.store.count} packets)`, {
      hint: `type a frame number from 1 to ${v.store.count}`,
    });
  const f = v.filter;
  const b = f === undefined ? i : filterRow(f, i);
  if (b < 0)
    throw new WirepoolError(
      'ENGINE_NOT_DISPLAYED',
      `go to packet ${number}: frame ${number} is not displayed (the filter “${f!.text}” hides it${f!.scanned <= i ? ', or has not reached it yet' : ''})`,
      { hint: 'clear or change the display filter to show it' },
    );
  return v.order.rowOf(b);
}

/** The next (or previous) view row after `from` whose frame is marked, wrapping around. */
export function findMark(v: ListView, from: number, back: boolean): number {
  const rows = baseRows(v).displayed;
  if (v.flags.marks > 0 && rows > 0) {
    const start = Math.min(from, rows - 1);
    for (let step = 1; step <= rows; step++) {
      const r = (((back ? start - step : start + step) % rows) + rows) % rows;
      if (v.flags.marked(viewIndex(v, r))) return r;
    }
  }
  throw new WirepoolError('ENGINE_NO_MARK', 'no marked packet is displayed', {
    hint: 'mark a packet first (Ctrl-M on the selected one), or clear the filter that hides the marked ones',
  });
}

/**
 * The list as the dissectors see it (frame.marked, frame.time_delta_displayed,
 * frame.time_relative), by frame number: the user's marks and time references, and the frame the
 * current filter displays before it. Frames past the store (its first pass) count as the pass does.
 */
export function listViewer(view: () => ListView): FrameViewer {
  return {
    marked: (n) => view().flags.marked(n - 1),
    displayedBase(n) {
      const v = view();
      return n - 1 < v.store.count ? v.store.time(baseIndex(v, n - 1, 'deltaDisplayed')) : undefined;
    },
    relativeBase(n) {
      const v = view();
      const ref = v.flags.refAtOrBefore(n - 1);
      return ref < 0 ? undefined : v.store.time(ref);
    },
  };
}

/** What a filter's own pass needs of the list: marks and references (it counts the frames it displays itself). */
export function filterViewer(view: () => ListView): FrameViewer {
  const list = listViewer(view);
  return { marked: list.marked, relativeBase: list.relativeBase };
}
