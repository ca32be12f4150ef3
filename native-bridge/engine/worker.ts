/**
 * The engine worker thread: runs replays and live captures off the main thread and keeps each
 * run's packets in a store (PacketStore: the frame index and the summaries of one in-order,
 * stateful dissection). The UI asks for what it shows (`rows` of the current view, one
 * `packet`'s detail and bytes, a display `filter` over the store) through the operations of
 * native-bridge/protocol/ops.ts; `handlers` below carries each one out, and the compiler checks
 * that every engine operation has one.
 *
 * Every run has pools of its own (packet pool, a replay's chunk pool, and the view pool for what
 * the UI asks), so a run's counters start at zero and a replay's equal `wirepool replay`'s.
 * Buffers sent away (reply buffers; batches delivered to an owner that asked for them, the CLI)
 * come back with `giveBack` into the pool of the run they came from; a run that ended is
 * reported once more when its last buffer is back, with nothing outstanding.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { packOne, type SealedBatch } from '../batch/index.js';
import { CAPTURE_LARGE_TIER, CAPTURE_TIERS, captureAvailability, checkInterfaces, deviceInterfaces, loadCap } from '../capture/index.js';
import { WirepoolError } from '../common/errors.js';
import type { PacketMeta } from '../common/index.js';
import '../codecs/index.js';
import { DissectSession, dissectFrame, setFrameViewer, shownTree } from '../dissect/index.js';
import { Colorizer, type CompiledFilter, compileFilter, DEFAULT_COLORING_RULES } from '../filter/index.js';
import { checkOutput } from '../formats/index.js';
import { BufferPool, DEFAULT_TIERS, defaultCapacity, sumStats, type PoolStats } from '../pool/index.js';
import {
  resultBuffer,
  type EngineOp,
  type ErrorInfo,
  type OpArgs,
  type OpResult,
  type Reply,
  type Request,
  type RunStats,
  type ViewState,
} from '../protocol/index.js';
import { FilterView } from './filter-view.js';
import { FrameFlags } from './frame-flags.js';
import { ViewOrder } from './sort-view.js';
import { baseRows, filterViewer, findMark, listViewer, locate, rowExtras, viewIndex } from './worker-list.js';
import { type FindView, findStep, findTest } from './find.js';
import { nodeActions } from './node-actions.js';
import { RowColors } from './row-colors.js';
import { type FollowMemo, followStream } from './worker-follow.js';
import { PacketStore } from './packet-store.js';
import { FilteredIo, StatsView, ioStats } from './stats-view.js';
import { WorkerCapture } from './worker-capture.js';
import {
  DEFAULT_MEMORY_BUDGET,
  errorInfo,
  type BatchMessage,
  type CaptureRequest,
  type FromWorker,
  type PoolName,
  type ToWorker,
  type WorkerOptions,
} from './worker-protocol.js';
import { ReplayRun, sourceInterfaces } from './worker-replay.js';
import type { Run, RunContext } from './worker-run.js';

const port = parentPort!;
const options = (workerData ?? {}) as WorkerOptions;
const budget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
const tiers = options.pool?.tiers ?? DEFAULT_TIERS;
// Up to `budget` bytes of batches may be away at the owner at once, and they all come back. Each
// tier keeps as many free buffers as the budget holds (at least its usual capacity), so a flood
// that fills the budget with one tier's buffers finds them all again on the next burst instead
// of dropping them on return and allocating anew: steady-state capture allocates nothing.
const capacity =
  options.pool?.capacity ?? tiers.map((size, i) => Math.max(defaultCapacity(options.pool?.tiers, i), Math.ceil(budget / size)));
/**
 * A capture's pool: the packet tiers and, above them, the capture tiers (frames over 64 KiB, and
 * the large batches of a flood, when the budget holds at least four: the memory store keeps and
 * evicts whole batches), each keeping as many free buffers as the budget holds.
 */
const extraTiers = CAPTURE_TIERS.filter((size) => size > tiers.at(-1)! && (size === CAPTURE_LARGE_TIER || size * 4 <= budget));
const captureTiers = [...tiers, ...extraTiers];
const captureCapacity = [
  ...capacity,
  ...extraTiers.map((size, i) => Math.max(defaultCapacity(captureTiers, tiers.length + i), Math.ceil(budget / size))),
];
/** The view pool: rows and packet bytes (packet tiers) and packets read back from the file (256 KiB chunks). */
const VIEW_TIERS = [...DEFAULT_TIERS, 256 * 1024];
/** How often the UI hears that the store or its view grew. */
const VIEW_EVERY_MS = 100;
/** Longest slice of filtering before the worker looks at its messages again. */
const FILTER_SLICE_MS = 8;
/**
 * How long a new run waits for the one it replaces to end (a replay stops within a slice or a
 * stats interval, a capture at once), so everything about the old run reaches the owner before
 * the new run's `run`. Only a bug would make it wait this long.
 */
const END_WAIT_MS = 5000;

/** One run and what the worker keeps for it. */
interface Slot {
  readonly runId: number;
  readonly run: Run;
  readonly store: PacketStore;
  readonly pool: BufferPool;
  readonly viewPool: BufferPool;
  /** A replay's chunk pool (batches of large packets are its chunks). */
  chunks: (() => BufferPool) | undefined;
  /** True when the owner asked for the run's batches (the CLI's capture). */
  readonly deliver: boolean;
  /** Settles once the run has ended (its `done` was sent). */
  finished: Promise<void>;
  filter: FilterView | undefined;
  viewId: number;
  /** The order of the view's rows (a sort of the column the user clicked) and the flags set on frames (marks, time references). */
  readonly order: ViewOrder;
  readonly flags: FrameFlags;
  /** The statistics window's counts, made when first asked for. */
  stats: StatsView | undefined;
  /** I/O graph lines with a display filter, by interval and filter, the latest asked for last. */
  readonly ioLines: Map<string, FilteredIo>;
  /** Buffers of this run away at the owner. */
  away: number;
  /** The run's last stats, once it ended. */
  ended: RunStats | undefined;
  /** When the last stats after the end went (performance.now(); 0: none yet), and the one waiting. */
  endStatsAt: number;
  endStatsTimer: ReturnType<typeof setTimeout> | undefined;
  /** The store or view changed since the UI last heard. */
  dirty: boolean;
  /** Neither current nor retired any more: its counters are in the since-start total's `gone`. */
  letGo: boolean;
  /** Each packet's coloring rule, found as rows are asked for. */
  readonly colors: RowColors;
}

/**
 * The coloring rules (`coloring` sets them; Wireshark's defaults until a UI changes them, so a
 * page with the default rules asks nothing): every run's rows carry their rule.
 */
let colorizer: Colorizer | undefined = new Colorizer(DEFAULT_COLORING_RULES.map((r) => (r.enabled ? r.filter : '')));

let current: Slot | undefined;
/** The run before `current` was ended (closing a run leaves its pool stats readable). */
let last: Slot | undefined;
/** Runs that ended or were replaced while some of their buffers were away. */
const retired = new Map<number, Slot>();
let lastFile: string | undefined;
/** Bytes of buffers at the owner now (all runs). */
let awayBytes = 0;
/** Why a delivering run is held back: too many batch bytes away, or the owner's transport is backed up. */
let budgetHeld = false;
let hostHeld = false;
let nextRunId = 1;

/**
 * Backpressure concerns runs whose batches go to the owner (the CLI's capture): over the
 * budget, or while the owner's consumer is backed up, a capture drops and counts. The app's
 * runs send the UI only what it asks for (rows, a packet): nothing to hold them back for.
 */
function setHeld(budgetOn: boolean, hostOn: boolean): void {
  if (budgetOn === budgetHeld && hostOn === hostHeld) return;
  const was = budgetHeld || hostHeld;
  budgetHeld = budgetOn;
  hostHeld = hostOn;
  if (was !== (budgetOn || hostOn) && current?.deliver) current.run.hold(budgetOn || hostOn);
}

/** True until a newer run was announced: after that, the owner hears nothing more of this one. */
function isLatest(s: Slot): boolean {
  return current === undefined || current === s;
}

// ─── posting ──────────────────────────────────────────────────────────────────────────────────

// Delivered batches (a capture's, to the CLI) leave together, at most every FLUSH_EVERY_MS (or
// every 256): each message wakes the owner, whose give-back wakes this thread again, and a flood
// of 64 KiB frames retires a kernel block every ~0.6 ms. Measured on TCP bulk, one message per
// block cost more CPU than copying the frames.
let queued: BatchMessage[] = [];
let transfers: ArrayBuffer[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/** When batches last left (pollMessages, called once a batch inside a flood, sends them on at most this often too). */
let lastFlush = 0;
const FLUSH_EVERY_MS = 20;

function flushBatches(): void {
  if (flushTimer !== undefined) clearTimeout(flushTimer);
  flushTimer = undefined;
  lastFlush = performance.now();
  if (queued.length === 0) return;
  port.postMessage({ type: 'batches', list: queued } satisfies FromWorker, transfers);
  queued = [];
  transfers = [];
}

function queueBatch(m: BatchMessage): void {
  queued.push(m);
  transfers.push(m.buffer);
  if (queued.length >= 256) flushBatches();
  else flushTimer ??= setTimeout(flushBatches, Math.max(0, lastFlush + FLUSH_EVERY_MS - performance.now()));
}

/** Any other message goes after the batches queued before it. */
function post(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  flushBatches();
  port.postMessage(m, transfer);
}

// ─── runs ─────────────────────────────────────────────────────────────────────────────────────

function withPools(slot: Slot, stats: RunStats): RunStats {
  const pools = { pool: slot.pool.stats(), ...(slot.chunks ? { chunks: slot.chunks().stats() } : {}), view: slot.viewPool.stats() };
  return { ...stats, ...pools, total: sinceStart() };
}

// ─── since the engine started ─────────────────────────────────────────────────────────────────

/** The counters of the pools of every run let go of so far (their buffers are gone: no gauges). */
let gone: PoolStats | undefined;

/** Every pool of a run as one, tiers of one size summed. */
function runPools(s: Slot): PoolStats {
  const chunks = s.chunks?.();
  const packets = chunks === undefined ? s.pool.stats() : sumStats(s.pool.stats(), chunks.stats());
  return sumStats(packets, s.viewPool.stats());
}

/** A run no longer reachable: its counters join `gone`, what its pools held (free, outstanding) is no more. */
function letGo(s: Slot): void {
  if (s.letGo) return;
  s.letGo = true;
  retired.delete(s.runId);
  const p = runPools(s);
  const counters: PoolStats = {
    ...p,
    tiers: p.tiers.map((t) => ({ ...t, capacity: 0, outstanding: 0, away: 0, free: 0 })),
    oversize: { ...p.oversize, outstanding: 0 },
    freeBytes: 0,
  };
  gone = gone === undefined ? counters : sumStats(gone, counters);
}

/** Every pool of every run since the engine started (RunStats.total): the runs let go of, and the live ones as they stand. */
function sinceStart(): PoolStats | undefined {
  let total = gone;
  const live = new Set([...retired.values(), ...(current ? [current] : [])]);
  for (const s of live) total = total === undefined ? runPools(s) : sumStats(total, runPools(s));
  return total;
}

function contextFor(slot: () => Slot, pool: BufferPool, viewPool: BufferPool, deliver: boolean): RunContext {
  return {
    pool,
    viewPool,
    firstPass: !deliver,
    batch(batch: SealedBatch, first: number, last: boolean) {
      const s = slot();
      if (!deliver) {
        // The app's runs keep their packets in the store and the file: the batch has done its
        // work (it carried the packets through the pool). A replay's goes back to the pool that
        // lent it (a packet tier, or the chunk pool for a chunk sent whole), as the CLI's
        // consumer releases it; a live capture keeps it in memory.
        if (s.run.takeBack === undefined) {
          batch.lease.release();
          return;
        }
        const buffer = batch.lease.transfer();
        if (!s.run.takeBack(buffer)) s.pool.giveBack(buffer);
        return;
      }
      const buffer = batch.lease.transfer();
      s.away++;
      awayBytes += buffer.byteLength;
      queueBatch({ runId: s.runId, buffer, usedBytes: batch.usedBytes, first, count: batch.count, last });
      if (awayBytes > budget) setHeld(true, hostHeld);
    },
    frame(meta: PacketMeta, bytes: Uint8Array, offset: number) {
      const s = slot();
      s.store.add(meta, bytes, offset);
      s.dirty = true;
      if (s.store.count === 1) setImmediate(() => s.dirty && s === current && postView(s)); // the first rows without waiting for the interval
      if (s.filter !== undefined) scheduleFilter();
    },
    started: (event) => post(event),
    stats: (stats: RunStats) => {
      const s = slot();
      if (isLatest(s)) post({ type: 'stats', stats: withPools(s, stats) });
    },
    done: (stats: RunStats, error?: ErrorInfo) => {
      const s = slot();
      // The pass over the run is over: its session's buffers (half-reassembled datagrams) go
      // back; the per-frame log stays for the packets the user selects.
      s.store.session.endPass();
      if (s.filter !== undefined && s.filter.scanned >= s.store.count) s.filter.close();
      const final = withPools(s, stats);
      s.ended = final;
      if (!isLatest(s)) return;
      if (!s.deliver) postView(s);
      post(error ? { type: 'done', stats: final, error } : { type: 'done', stats: final });
    },
    away: () => awayBytes,
  };
}

function newSlot(make: (ctx: RunContext, runId: number, store: PacketStore) => Run, deliver: boolean, pool: BufferPool): Slot {
  const runId = nextRunId++;
  const viewPool = new BufferPool({ tiers: VIEW_TIERS });
  let slot: Slot | undefined;
  const ctx = contextFor(() => slot!, pool, viewPool, deliver);
  // The store's session keeps, per frame, what its first pass decided (Wireshark's per-frame
  // data), so a packet dissected again for its detail comes out as it did then; a reassembled
  // datagram is rebuilt from its fragments' frames, read back from the run's file.
  const session = new DissectSession(viewPool, { frameBytes: (n) => frameBytes(slot, n) });
  const store = new PacketStore(session);
  const run = make(ctx, runId, store);
  slot = {
    runId,
    run,
    store,
    pool,
    viewPool,
    chunks: undefined,
    deliver,
    finished: Promise.resolve(),
    filter: undefined,
    viewId: 0,
    order: new ViewOrder(),
    flags: new FrameFlags(),
    stats: undefined,
    ioLines: new Map(),
    away: 0,
    ended: undefined,
    dirty: true,
    endStatsAt: 0,
    endStatsTimer: undefined,
    letGo: false,
    colors: new RowColors(),
  };
  slot.colors.reset(colorizer);
  // A packet's detail shows the list's marks, references and filter (frame.marked, the times).
  const list = slot;
  setFrameViewer(
    session,
    listViewer(() => list),
  );
  return slot;
}

/** Starting and ending runs happen one at a time, in the order asked (each may wait for a run to end). */
let runChange: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
  const p = runChange.then(change);
  runChange = p.catch(() => {});
  return p;
}

/**
 * Ends the current run and waits until it has (its last stats and `done` sent), then lets go of
 * its files and memory. It stays reachable while buffers of it are away at the owner.
 */
async function replaceRun(): Promise<void> {
  const s = current;
  current = undefined;
  if (s === undefined) return;
  last = s;
  retired.set(s.runId, s);
  s.run.stop();
  const timer = sleep(END_WAIT_MS, undefined, { ref: false });
  await Promise.race([s.finished, timer]);
  s.run.close();
  s.filter?.close();
  s.stats?.close();
  for (const line of s.ioLines.values()) line.close();
  s.store.session.close();
  if (s.away === 0) letGo(s);
}

/** A display filter compiled, or undefined for none ('' or blanks); a bad one throws its FilterError (with the column). */
function compileView(text: string | undefined): { text: string; filter: CompiledFilter } | undefined {
  const t = text?.trim() ?? '';
  return t === '' ? undefined : { text: t, filter: compileFilter(t) };
}

async function startReplay(file: string, speed: OpArgs<'open'>['speed'], filter: string | undefined): Promise<number> {
  // A bad filter, or a missing or unreadable file, throws before anything changes: the
  // request's reply says so, and the current run goes on.
  const view = compileView(filter);
  const pool = new BufferPool();
  let replay: ReplayRun | undefined;
  const slot = newSlot(
    (ctx, runId, store) => {
      replay = new ReplayRun(ctx, runId, file, speed ?? 'max', store);
      return replay;
    },
    false,
    pool,
  );
  const r = replay!;
  slot.chunks = () => r.chunkPool;
  const source = {
    kind: 'replay' as const,
    name: file,
    format: r.engine.format,
    size: r.engine.stats().fileSize,
    interfaces: sourceInterfaces(file),
  };
  await replaceRun();
  current = slot;
  lastFile = file;
  post({ type: 'run', runId: slot.runId, source, speed: speed ?? 'max' });
  if (view !== undefined) setFilter(slot, view);
  postView(slot);
  slot.finished = r.run();
  return slot.runId;
}

async function startCapture(opts: CaptureRequest, deliver: boolean): Promise<number> {
  await replaceRun();
  const pool = new BufferPool({ tiers: captureTiers, capacity: captureCapacity });
  let capture: WorkerCapture | undefined;
  const slot = newSlot(
    (ctx, runId) => {
      capture = new WorkerCapture(ctx, runId, opts, { poll: pollMessages }, budget);
      return capture;
    },
    deliver,
    pool,
  );
  current = slot;
  if (deliver && (budgetHeld || hostHeld)) slot.run.hold(true);
  slot.finished = capture!.start();
  return slot.runId;
}

// ─── the view: rows, packets, the display filter ──────────────────────────────────────────────

function slotFor(runId: number, what: string): Slot {
  const s = current;
  if (s === undefined || s.runId !== runId)
    throw new WirepoolError('ENGINE_STALE_RUN', `${what}: run ${runId} is over${s ? ` (run ${s.runId} replaced it)` : ''}`, {
      hint: 'ask again for the current run',
    });
  return s;
}

function viewState(s: Slot): ViewState {
  const packets = s.store.count;
  const f = s.filter;
  const first = s.store.firstTime;
  return {
    runId: s.runId,
    viewId: s.viewId,
    packets,
    displayed: f === undefined ? packets : f.displayed,
    scanned: f === undefined ? packets : f.scanned,
    ...(f !== undefined ? { filter: f.text } : {}),
    ...(first !== undefined ? { firstTime: first } : {}),
    ...(s.order.sort !== undefined ? { sort: s.order.sort } : {}),
    ...(s.order.busy ? { sorting: s.order.sorting! } : {}),
  };
}

let lastView = 0;

function postView(s: Slot): void {
  s.dirty = false;
  lastView = performance.now();
  post({ type: 'view', view: viewState(s) });
}

setInterval(() => {
  if (current?.dirty) postView(current);
}, VIEW_EVERY_MS).unref();

/** A new view of the run's store: every packet (no filter), or those `view` passes, found from the first packet on. */
function setFilter(s: Slot, view: ReturnType<typeof compileView>): void {
  s.filter?.close();
  s.viewId++;
  const viewer = filterViewer(() => s);
  s.filter = view === undefined ? undefined : new FilterView(s.viewId, view.text, view.filter, s.viewPool, viewer);
  s.order.rebase(); // the new rows are sorted as the old ones were, once the filter has caught up
  s.dirty = true;
  scheduleFilter();
  scheduleSort();
}

let filterScheduled = false;

function scheduleFilter(): void {
  if (filterScheduled) return;
  filterScheduled = true;
  setImmediate(pumpFilter);
}

/** Filters the current run's store a slice at a time until the view has caught up with it. */
function pumpFilter(): void {
  filterScheduled = false;
  const s = current;
  const f = s?.filter;
  if (s === undefined || f === undefined || f.scanned >= s.store.count) return;
  try {
    f.step((first, count) => s.run.packets(first, count), s.store.count, performance.now() + FILTER_SLICE_MS);
  } catch (e) {
    // The file changed or went away under the filter: the view falls back to every packet, and the UI hears why.
    setFilter(s, undefined);
    postView(s);
    post({ type: 'error', error: errorInfo(e) });
    return;
  }
  s.dirty = true;
  if (f.scanned < s.store.count) scheduleFilter();
  else {
    if (s.ended !== undefined) f.close(); // the whole run seen: no packet will come
    postView(s);
    scheduleSort();
  }
}

let sortScheduled = false;

function scheduleSort(): void {
  if (sortScheduled) return;
  sortScheduled = true;
  setImmediate(pumpSort);
}

/**
 * Sorts the current run's view a slice at a time, once its filter (if any) has caught up with
 * the store; when the sort is done its rows are a new view (the UI asks for them again).
 */
function pumpSort(): void {
  sortScheduled = false;
  const s = current;
  if (s === undefined || !s.order.busy) return;
  if (s.filter !== undefined && s.filter.scanned < s.store.count) return; // pumpFilter calls again when it has caught up
  s.dirty = true;
  if (s.order.pump(baseRows(s), s.store, performance.now() + FILTER_SLICE_MS)) {
    s.viewId++;
    postView(s);
  } else scheduleSort();
}

/** Rows of an older view are not this view's rows (another filter or order replaced it). */
function checkView(s: Slot, viewId: number, what: string): void {
  if (viewId !== s.viewId)
    throw new WirepoolError('ENGINE_STALE_VIEW', `${what}: view ${viewId} was replaced by view ${s.viewId} (another filter or order)`, {
      hint: 'ask again for the current view',
    });
}

/** Rows first.. of the view, as one batch from the view pool: each packet's data is its summary. */
function rows(a: OpArgs<'rows'>): OpResult<'rows'> {
  const s = slotFor(a.runId, 'rows');
  checkView(s, a.viewId, 'rows');
  const total = baseRows(s).displayed;
  const n = Math.min(a.count, total - a.first);
  if (n <= 0) return { runId: s.runId, viewId: s.viewId, first: a.first, count: 0, buffer: new ArrayBuffer(0) };
  const at = (k: number): number => viewIndex(s, a.first + k);
  const packed = packOne(
    s.viewPool,
    n,
    (k) => s.store.meta(at(k)),
    (k) => s.store.summary(at(k)),
  );
  const extras = rowExtras(s, a.first, packed.count, a.time);
  let colors: number[] | undefined;
  if (a.colors === true)
    try {
      colors = s.colors.colors(
        Array.from({ length: packed.count }, (_, k) => at(k)),
        (first, count) => s.run.packets(first, count),
        s.store.session,
      );
    } catch {
      colors = undefined; // packets no longer readable (a capture without a spool let them go): rows without colors
    }
  const buffer = away(s, packed.lease.transfer());
  return { runId: s.runId, viewId: s.viewId, first: a.first, count: packed.count, buffer, ...extras, ...(colors ? { colors } : {}) };
}

/** Frame `n`'s captured bytes, read back from where the run keeps them (a copy), for a revisit that rebuilds a datagram. */
function frameBytes(s: Slot | undefined, n: number): Uint8Array | undefined {
  if (s === undefined || n < 1 || n > s.store.count) return undefined;
  let out: Uint8Array | undefined;
  try {
    s.run.packets(
      n - 1,
      1,
    )((_, bytes) => {
      out = bytes.slice();
    });
  } catch {
    return undefined; // no longer readable (a capture without a spool let it go): the tree says so
  }
  return out;
}

/**
 * One packet read back and dissected again on the store's session: a revisit, so it shows what
 * the in-order first pass decided at that packet (stream, relative numbers, analysis,
 * reassembly), in any order, as `wirepool read` and TShark show it.
 */
function packet(a: OpArgs<'packet'>): OpResult<'packet'> {
  const s = slotFor(a.runId, 'packet');
  const i = a.number - 1;
  // A run whose batches go to its owner (the CLI's capture) keeps no store: its packets are
  // still read back, and dissected each on its own (no first pass to revisit).
  const count = s.deliver ? s.run.count() : s.store.count;
  if (i >= count)
    throw new WirepoolError('ENGINE_NO_PACKET', `packet ${a.number}: the run has ${count} packets`, {
      hint: 'pick a packet of the list',
    });
  const session = s.deliver ? new DissectSession(s.viewPool, { revisits: false }) : s.store.session;
  let out: OpResult<'packet'> | undefined;
  const read = s.run.packets(i, 1);
  read((meta, bytes) => {
    const { tree } = dissectFrame(meta, bytes, session);
    const extra = tree.extraSources;
    const metaOf = (k: number): PacketMeta =>
      k === 0 ? meta : { ...meta, capLen: extra[k - 1]!.bytes.length, wireLen: extra[k - 1]!.bytes.length };
    const packed = packOne(s.viewPool, 1 + extra.length, metaOf, (k) => (k === 0 ? bytes : extra[k - 1]!.bytes), Number.POSITIVE_INFINITY);
    out = {
      runId: s.runId,
      number: a.number,
      nodes: shownTree(tree),
      actions: nodeActions(tree),
      sources: extra.map((x) => x.name),
      buffer: away(s, packed.lease.transfer()),
    };
  });
  if (out === undefined)
    throw new WirepoolError('ENGINE_REREAD', `packet ${a.number} could not be read back`, {
      hint: 'the file changed since the run; open it again',
    });
  return out;
}

/** How long a `stats` request counts before it answers with what it has (the UI asks again for more). */
const STATS_ANSWER_MS = 300;
const ONE_SECOND_NS = 1_000_000_000;

/** A statistic of the run's store: I/O of every packet from the frame index, the rest counted by a pass over the run. */
async function stats(a: OpArgs<'stats'>): Promise<OpResult<'stats'>> {
  const s = slotFor(a.runId, 'stats');
  const packets = (): number => s.store.count;
  if (a.kind === 'io') {
    const intervalNs = a.intervalNs ?? ONE_SECOND_NS;
    const filter = compileView(a.filter);
    if (filter === undefined) {
      const n = packets();
      return { runId: s.runId, packets: n, scanned: n, stats: ioStats(n, (i) => s.store.meta(i), intervalNs) };
    }
    const line = ioLine(s, intervalNs, filter);
    await countInSlices(s, line);
    return { runId: s.runId, packets: packets(), scanned: line.scanned, stats: line.snapshot() };
  }
  s.stats ??= new StatsView(s.viewPool);
  const v = s.stats;
  await countInSlices(s, v);
  return { runId: s.runId, packets: packets(), scanned: v.scanned, stats: v.snapshot(a.kind, a.type ?? 'ip') };
}

/** I/O graph lines with a filter a run keeps counting (the window shows a few; older ones are dropped). */
const IO_LINES_KEPT = 8;

/** The run's I/O line for this interval and filter, made (and counted from the first packet) when first asked for. */
function ioLine(s: Slot, intervalNs: number, view: NonNullable<ReturnType<typeof compileView>>): FilteredIo {
  const key = `${intervalNs} ${view.text}`;
  const line = s.ioLines.get(key) ?? new FilteredIo(view.filter, intervalNs, s.viewPool);
  s.ioLines.delete(key);
  s.ioLines.set(key, line);
  for (const [k, old] of s.ioLines) {
    if (s.ioLines.size <= IO_LINES_KEPT) break;
    old.close();
    s.ioLines.delete(k);
  }
  return line;
}

/**
 * Counts the run's packets into `pass`, in slices of FILTER_SLICE_MS with the event loop
 * turning in between (rows and packets are answered meanwhile), for at most STATS_ANSWER_MS:
 * the request then answers what was counted, and the next one goes on from there.
 */
async function countInSlices(s: Slot, pass: StatsView | FilteredIo): Promise<void> {
  const until = performance.now() + STATS_ANSWER_MS;
  for (;;) {
    pass.step((first, count) => s.run.packets(first, count), s.store.count, Math.min(until, performance.now() + FILTER_SLICE_MS));
    if (pass.scanned >= s.store.count) {
      // The whole of a run that ended: no packet will come, the session's buffers go back (as a filter view's).
      if (s.ended !== undefined) pass.close();
      return;
    }
    if (performance.now() >= until) return;
    await new Promise<void>((done) => setImmediate(done));
    slotFor(s.runId, 'stats'); // a new run while counting: this one's numbers are stale
  }
}

/** Bumped by each find request: an older one still going stops at its next slice. */
let findTicket = 0;

/**
 * Find Packet over the current view, in slices of FILTER_SLICE_MS with the event loop turning
 * in between, for at most STATS_ANSWER_MS: then it answers how far it got, and the UI asks
 * again from there (its progress). A newer find or another view or run ends it.
 */
async function find(a: OpArgs<'find'>): Promise<OpResult<'find'>> {
  const s = slotFor(a.runId, 'find');
  const test = findTest(a);
  const ticket = ++findTicket;
  const until = performance.now() + STATS_ANSWER_MS;
  let args = a;
  for (;;) {
    if (a.viewId !== s.viewId || current !== s || ticket !== findTicket)
      throw new WirepoolError('ENGINE_STALE_VIEW', `find: view ${a.viewId} was replaced (another filter, run or search)`, {
        hint: 'search again',
      });
    // Rows in the order the list shows them (a sort's order too): "next" is the row below.
    const view: FindView = {
      total: baseRows(s).displayed,
      index: (r) => viewIndex(s, r),
      read: (first, count) => s.run.packets(first, count),
      summary: (i) => s.store.summary(i),
      session: s.store.session,
    };
    const r = findStep(view, test, args, Math.min(until, performance.now() + FILTER_SLICE_MS));
    if (r.done || performance.now() >= until) return { runId: s.runId, viewId: s.viewId, ...r };
    args = { ...args, examined: r.examined };
    await new Promise<void>((done) => setImmediate(done));
  }
}

function away(s: Slot, buffer: ArrayBuffer): ArrayBuffer {
  s.away++;
  awayBytes += buffer.byteLength;
  return buffer;
}

function giveBack(buffer: ArrayBuffer, runId: number, pool: PoolName): void {
  const s = current?.runId === runId ? current : retired.get(runId);
  if (s === undefined) return; // not a buffer of a run this worker knows
  s.away = Math.max(0, s.away - 1);
  awayBytes = Math.max(0, awayBytes - buffer.byteLength);
  if (pool === 'view') s.viewPool.giveBack(buffer);
  // Only a capture delivers its batches (the CLI's): kept by its memory store, else back to its packet pool.
  else if (s.run.takeBack?.(buffer) !== true) s.pool.giveBack(buffer);
  if (awayBytes <= budget / 2) setHeld(false, hostHeld);
  if (s.away === 0 && s.ended !== undefined) {
    if (s !== current) letGo(s);
    endStats(s);
  }
}

/** After a run's end, the UI's own traffic (rows, packets) still moves its view pool: at most one stats a second then. */
const END_STATS_MS = 1000;

/**
 * Every buffer of the ended run is back: its last word, with nothing outstanding. The first
 * goes at once; later ones (the list still asks for rows after the end) at most once a second,
 * the last of a burst included, so the pool view neither misses the final numbers nor redraws
 * its charts for every row batch.
 */
function endStats(s: Slot): void {
  const send = (): void => {
    s.endStatsTimer = undefined;
    s.endStatsAt = performance.now();
    if (s.ended === undefined || !isLatest(s) || s.away > 0) return;
    const memory = s.run.memory?.();
    post({ type: 'stats', stats: { ...withPools(s, s.ended), ...(memory ? { memory } : {}), at: Date.now() } });
  };
  if (s.endStatsTimer !== undefined) return;
  const wait = s.endStatsAt + END_STATS_MS - performance.now();
  if (s.endStatsAt === 0 || wait <= 0) send();
  else s.endStatsTimer = setTimeout(send, wait);
}

// ─── the operations ───────────────────────────────────────────────────────────────────────────

function currentRun(what: string): Run {
  if (current === undefined)
    throw new WirepoolError('ENGINE_NO_RUN', `nothing to ${what}: no file was replayed and no capture was made`, {
      hint: 'open a capture file or start a capture first',
    });
  return current.run;
}

/** Bumped by each follow request: an older one still going stops at its next slice. */
let followTicket = 0;
/** The last stream followed: the same stream in another format needs no second pass. */
const followMemo: FollowMemo = {};

type Handlers = { [K in EngineOp]: (args: OpArgs<K>) => OpResult<K> | Promise<OpResult<K>> };

const handlers: Handlers = {
  open: (a) => oneAtATime(async () => ({ runId: await startReplay(a.path, a.speed, a.filter) })),
  replay: (a) =>
    oneAtATime(async () => {
      if (lastFile === undefined)
        throw new WirepoolError('ENGINE_NOTHING_OPEN', 'nothing to replay: no file is open', { hint: 'open a capture file first' });
      return { runId: await startReplay(lastFile, a.speed, a.filter) };
    }),
  pause: () => {
    current?.run.pause();
    return {};
  },
  resume: () => {
    current?.run.resume();
    return {};
  },
  stop: () => {
    current?.run.stop();
    return {};
  },
  speed: (a) => {
    current?.run.setSpeed(a.speed);
    return {};
  },
  rows,
  packet,
  stats,
  find,
  filter: (a) => {
    const s = slotFor(a.runId, 'filter');
    setFilter(s, compileView(a.filter));
    postView(s);
    return { runId: s.runId, viewId: s.viewId };
  },
  sort: (a) => {
    const s = slotFor(a.runId, 'sort');
    if (s.order.want(a.column === undefined ? undefined : { column: a.column, order: a.order ?? 'asc' })) s.viewId++;
    postView(s);
    scheduleSort();
    return { runId: s.runId };
  },
  locate: (a) => {
    const s = slotFor(a.runId, 'locate');
    return { runId: s.runId, viewId: s.viewId, row: locate(s, a.number) };
  },
  findMark: (a) => {
    const s = slotFor(a.runId, 'findMark');
    checkView(s, a.viewId, 'findMark');
    return { runId: s.runId, viewId: s.viewId, row: findMark(s, a.from, a.back === true) };
  },
  mark: (a) => {
    const s = slotFor(a.runId, 'mark');
    if (a.number === undefined) s.flags.clear(a.kind);
    else {
      if (a.number > s.store.count)
        throw new WirepoolError('ENGINE_NO_PACKET', `mark: no frame ${a.number} (the run has ${s.store.count} packets)`, {
          hint: 'pick a packet of the list',
        });
      s.flags.toggle(a.kind, a.number - 1);
    }
    return { runId: s.runId, marks: s.flags.marks, refs: s.flags.refs };
  },
  interfaces: () => ({ interfaces: deviceInterfaces(loadCap()) }),
  captureStart: (a) => {
    // Interfaces a capture cannot take, or a file that may not be written, fail the request
    // before the current run is replaced (the CLI's EngineThread.capture checks the same).
    checkInterfaces(a.ifaces);
    if (a.file) checkOutput(a.file, { overwrite: a.overwrite === true });
    return oneAtATime(async () => ({
      runId: await startCapture(
        {
          ifaces: a.ifaces,
          ...(a.filter ? { filter: a.filter } : {}),
          ...(a.file ? { file: a.file, overwrite: a.overwrite === true } : {}),
        },
        false,
      ),
    }));
  },
  captureStop: () => {
    current?.run.stop();
    return {};
  },
  save: async (a) => {
    await currentRun(`save to ${a.path}`).save(a.path, a.format, a.overwrite === true);
    return { path: a.path, format: a.format };
  },
  coloring: (a) => {
    const c = new Colorizer(a.filters);
    colorizer = c.active ? c : undefined;
    current?.colors.reset(colorizer);
    return { errors: c.errors };
  },
  follow: (a) => {
    const s = slotFor(a.runId, 'follow');
    // One follow at a time: a newer one (the dialog switched streams) or another run ends it.
    const ticket = ++followTicket;
    const src = { runId: s.runId, run: s.run, count: () => s.store.count, session: s.store.session, viewPool: s.viewPool };
    return followStream(src, a, () => current === s && ticket === followTicket, followMemo);
  },
};

function request<K extends EngineOp>(m: Request<K>): void {
  const { id, op } = m;
  const reply = (result: OpResult<K>): void => {
    const m = { type: 'reply', id, op, result } as Reply<EngineOp>;
    const buffer = resultBuffer(m);
    post(m, buffer !== undefined && buffer.byteLength > 0 ? [buffer] : []);
  };
  const fail = (e: unknown): void => post({ type: 'reply', id, op, error: errorInfo(e) } as FromWorker);
  try {
    const r = (handlers[op] as (args: OpArgs<K>) => OpResult<K> | Promise<OpResult<K>>)(m.args);
    if (r instanceof Promise) r.then(reply, fail);
    else reply(r);
  } catch (e) {
    fail(e);
  }
}

/**
 * Messages that arrive while a live capture drains libpcap are taken in from inside its packet
 * handler (pollMessages). Only those that cannot disturb the run there are handled at once;
 * the rest wait for the next turn of the event loop, in order.
 */
// `rows` and `packet` only read what the store and the capture hold already, so the list keeps
// up during a flood, when the worker's event loop gets no turn for long.
const NOW_IN_CAPTURE = new Set<string>([
  'giveBack',
  'stop',
  'pause',
  'resume',
  'hold',
  'poolStats',
  'speed',
  'captureStop',
  'rows',
  'packet',
]);
let deferred: ToWorker[] = [];

function kind(m: ToWorker): string {
  return m.type === 'request' ? m.op : m.type;
}

function pollMessages(): void {
  const now = performance.now();
  // Inside a long drain setImmediate waits: batches still leave every FLUSH_EVERY_MS.
  if (now - lastFlush >= FLUSH_EVERY_MS) flushBatches();
  const s = current;
  if (s?.dirty && now - lastView >= VIEW_EVERY_MS) postView(s); // timers wait for the event loop
  for (let r = receiveMessageOnPort(port); r !== undefined; r = receiveMessageOnPort(port)) {
    const m = r.message as ToWorker;
    if (deferred.length === 0 && NOW_IN_CAPTURE.has(kind(m))) handle(m);
    else if (deferred.push(m) === 1) setImmediate(runDeferred);
  }
}

function runDeferred(): void {
  const list = deferred;
  deferred = [];
  for (const m of list) handle(m);
}

port.on('message', (m: ToWorker) => {
  if (deferred.length > 0)
    deferred.push(m); // keep the order of those waiting
  else handle(m);
});

function handle(m: ToWorker): void {
  switch (m.type) {
    case 'request':
      request(m);
      return;
    case 'giveBack':
      for (const g of m.list) giveBack(g.buffer, g.runId, g.pool);
      return;
    case 'hold':
      setHeld(budgetHeld, m.on);
      return;
    case 'capture':
      oneAtATime(() => startCapture(m.opts, true)).then(
        (runId) => post({ type: 'answer', id: m.id, runId }),
        (e: unknown) => post({ type: 'answer', id: m.id, error: errorInfo(e) }),
      );
      return;
    case 'poolStats':
      {
        const s = current ?? last;
        post({ type: 'answer', id: m.id, ...(s ? { pool: s.pool.stats() } : {}) });
      }
      return;
    case 'close':
      void oneAtATime(replaceRun).then(() => post({ type: 'answer', id: m.id }));
      return;
  }
}

post({ type: 'ready', capture: captureAvailability() });
