import { createStore, type StoreApi } from 'zustand/vanilla';
import { BatchView } from '../../../native-bridge/batch/index.js';
import { withHint } from '../../../native-bridge/common/index.js';
import { checkFilter } from '../../../native-bridge/filter/index.js';
import { combineStats } from '../../../native-bridge/pool/index.js';
import type {
  ClientMessage,
  ErrorInfo,
  HostMessage,
  InterfaceInfo,
  RunState,
  RunStats,
  SourceInfo,
  Speed,
} from '../../../native-bridge/protocol/index.js';
import { SummaryCache } from '../lib/dissect.js';
import type { TimeFormat } from '../lib/time.js';
import { BatchCache } from './batch-cache.js';
import { PacketIndex } from './packet-index.js';
import { StatsHistory } from './stats-history.js';

export const DEFAULT_BUDGET = 64 * 1024 * 1024;

export interface UiError extends ErrorInfo {
  id: number;
  /** The request that failed (`open`, `captureStart`…), `host`, or `ui` for the renderer's own. */
  about: string;
}

export interface FilterCheck {
  /** What is wrong (and the suggested fix), without the `filter:COLUMN:` prefix. */
  message: string;
  /** 1-based column and length of the offending text. */
  column: number;
  length: number;
}

export interface CurrentRun {
  runId: number;
  source: SourceInfo;
  speed: Speed;
  filter?: string;
}

/**
 * Everything the views render from. Big per-packet data lives outside the reactive state
 * (`data`: typed-array index, batch LRU, summary cache, stats ring); the state carries
 * counters (`rows`, `dataVersion`, `statsVersion`) that change when it does, so React
 * re-renders only what depends on them.
 */
export interface UiState {
  connected: boolean;
  desktop: boolean;
  capture: { available: boolean; reason?: string };
  interfaces: InterfaceInfo[];
  /** A request that starts a run (open, replay, captureStart) is on its way: its buttons wait. */
  starting: boolean;
  run: CurrentRun | undefined;
  runState: RunState | undefined;
  stats: RunStats | undefined;
  statsVersion: number;
  /** Packets of the run in the index. */
  rows: number;
  /** Bumped when bytes arrive or go (refetch, eviction): placeholders re-render. */
  dataVersion: number;
  selected: number | undefined;
  selectedField: number | undefined;
  /** Detail-tree subtrees open, by field (filter name): they stay open from packet to packet, as in Wireshark. */
  expandedFields: ReadonlySet<string>;
  timeFormat: TimeFormat;
  follow: boolean;
  speed: Speed;
  filterText: string;
  filterError: FilterCheck | undefined;
  errors: UiError[];
  /** The last file the host saved the run to (a confirmation in the status bar). */
  saved: { path: string; format: 'pcap' | 'pcapng' } | undefined;
  /** The run that was last saved (a capture saved once may be discarded without asking). */
  savedRunId: number | undefined;
}

export interface UiActions {
  /** Feeds one message from the host. */
  receive(msg: HostMessage): void;
  /** Publishes buffered packet arrivals now (they are published at most every `flushMs`). */
  flush(): void;
  open(path: string): void;
  openDialog(): void;
  replay(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  /** Starts a live capture; `file`, a .pcapng path on the host, keeps it there as it arrives. */
  captureStart(iface: string, filter?: string, file?: string): void;
  captureStop(): void;
  /** Saves the run's packets to a path on the host: pcap for a .pcap name, else pcapng. */
  save(path: string): void;
  refreshInterfaces(): void;
  select(row: number | undefined): void;
  selectField(node: number | undefined): void;
  /** Opens (or, with open false, closes) the subtrees of these fields. */
  expandFields(fields: readonly string[], open: boolean): void;
  setTimeFormat(f: TimeFormat): void;
  setFollow(follow: boolean): void;
  setFilterText(text: string): void;
  /** Applies the display filter: a new replay run with it (if it compiles). */
  applyFilter(): void;
  /** Asks the host again for rows in [from, to) whose bytes the budget let go. */
  ensureRows(from: number, to: number): void;
  reportError(about: string, error: ErrorInfo): void;
  dismissError(id: number): void;
}

export interface UiData {
  index: PacketIndex;
  cache: BatchCache;
  summaries: SummaryCache;
  history: StatsHistory;
}

export type UiStore = StoreApi<UiState & UiActions> & { data: UiData };

export interface UiStoreOptions {
  send(msg: ClientMessage): void;
  /** Bytes of batch buffers the renderer keeps (default 64 MiB). */
  budget?: number;
  /** Packet arrivals are published at most this often (ms; 0 = at once; default 100, up to 5× that for long runs). */
  flushMs?: number;
  /** A fetch not answered in this time may be asked again (ms). */
  fetchRetryMs?: number;
  /**
   * Asks the user to confirm (window.confirm in the app). Starting another run while a live
   * capture has not been saved asks first: the host discards the capture's temporary spool.
   */
  confirm?: (message: string) => boolean;
}

interface Pending {
  runId: number;
  first: number;
  end: number;
  at: number;
}

/**
 * The renderer's state and the protocol logic behind it, without React (zustand's vanilla
 * core; views bind through store/react.ts). `send` is the transport's.
 */
export function createUiStore(options: UiStoreOptions): UiStore {
  const { send } = options;
  const flushMs = options.flushMs ?? 100;
  const retryMs = options.fetchRetryMs ?? 5000;
  const confirm = options.confirm ?? (() => true);
  const data: UiData = {
    index: new PacketIndex(),
    cache: new BatchCache(options.budget ?? DEFAULT_BUDGET),
    summaries: new SummaryCache(),
    history: new StatsHistory(),
  };
  let pending: Pending[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let errorId = 0;
  let startingTimer: ReturnType<typeof setTimeout> | undefined;

  const store = createStore<UiState & UiActions>()((set, get) => {
    const pushError = (about: string, error: ErrorInfo): void => {
      // The same error twice in a row (a retried request) shows once.
      const last = get().errors.at(-1);
      if (last !== undefined && last.code === error.code && last.message === error.message) return;
      set({ errors: [...get().errors, { ...error, id: ++errorId, about }] });
    };

    // A request that starts a run waits for its `run` (or error); a host that never answers
    // must not leave the buttons disabled for good.
    const markStarting = (): void => {
      set({ starting: true });
      if (startingTimer !== undefined) clearTimeout(startingTimer);
      startingTimer = setTimeout(() => set({ starting: false }), 10_000);
    };

    const publish = (): void => {
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      flushTimer = undefined;
      if (!dirty) return;
      dirty = false;
      set({ rows: data.index.length, dataVersion: get().dataVersion + 1 });
    };

    const changed = (): void => {
      dirty = true;
      if (flushMs === 0) publish();
      // The list's virtualizer lays out all rows again when the count changes (O(rows)), so
      // a long run publishes less often: 100 ms at first, 500 ms from 1 M rows on.
      else flushTimer ??= setTimeout(publish, Math.min(flushMs * 5, flushMs + data.index.length / 2500));
    };

    /**
     * Whether a new run may replace the current one: a live capture that is not in a file the
     * user chose (its spool is temporary) and was not saved is lost when another run starts, so
     * the user is asked first, as Wireshark does.
     */
    const mayDiscard = (): boolean => {
      const { run, stats, rows, savedRunId } = get();
      if (run === undefined || run.source.kind !== 'capture' || rows === 0 || savedRunId === run.runId) return true;
      if (stats?.runId === run.runId && stats.spool !== undefined && !stats.spool.temporary) return true;
      return confirm(
        `The capture on ${run.source.name} (${rows} packets) has not been saved. Starting another run discards it.\n\nDiscard the capture?`,
      );
    };

    const resetRun = (): void => {
      data.index.clear();
      data.cache.clear();
      data.summaries.clear();
      data.history.clear();
      pending = [];
      dirty = false;
    };

    const onBatch = (msg: Extract<HostMessage, { type: 'batch' }>): void => {
      const run = get().run;
      if (run === undefined || msg.runId !== run.runId) return; // a late batch of an earlier run
      let view: BatchView;
      try {
        view = new BatchView(msg.buffer);
      } catch (e) {
        pushError('host', { code: 'BATCH_MALFORMED', message: (e as Error).message, hint: 'the host sent a damaged batch; report it' });
        return;
      }
      if (view.count === 0) return;
      data.index.put(msg.first, view);
      data.cache.put(msg.first, view);
      if (msg.refetch) pending = pending.filter((p) => !(p.runId === msg.runId && p.first >= msg.first && p.end <= msg.first + view.count));
      changed();
    };

    const onStats = (raw: RunStats): void => {
      const run = get().run;
      if (run !== undefined && raw.runId !== run.runId) return;
      const stats = withChunkTier(raw);
      data.history.push(stats);
      set({ stats, runState: stats.state, statsVersion: get().statsVersion + 1 });
    };

    return {
      connected: false,
      desktop: false,
      capture: { available: false, reason: 'not connected to the host yet' },
      interfaces: [],
      starting: false,
      run: undefined,
      runState: undefined,
      stats: undefined,
      statsVersion: 0,
      rows: 0,
      dataVersion: 0,
      selected: undefined,
      selectedField: undefined,
      expandedFields: new Set<string>(),
      timeFormat: 'relative',
      follow: true,
      speed: 'max',
      filterText: '',
      filterError: undefined,
      errors: [],
      saved: undefined,
      savedRunId: undefined,

      receive(msg) {
        switch (msg.type) {
          case 'welcome':
            set({ connected: true, desktop: msg.desktop, capture: msg.capture });
            if (msg.capture.available) send({ type: 'interfaces' });
            break;
          case 'run':
            resetRun();
            set({
              starting: false,
              run: { runId: msg.runId, source: msg.source, speed: msg.speed, filter: msg.filter },
              // `stats` stays until the run's first sample: the pool is the engine's, its counters
              // carry over from run to run, and showing 0 % meanwhile would be wrong.
              runState: 'running',
              rows: 0,
              dataVersion: get().dataVersion + 1,
              selected: undefined,
              selectedField: undefined,
              speed: msg.speed,
              follow: true,
            });
            break;
          case 'batch':
            onBatch(msg);
            break;
          case 'stats':
            onStats(msg.stats);
            break;
          case 'done':
            if (msg.error !== undefined) set({ starting: false });
            onStats(msg.stats);
            publish();
            if (msg.error !== undefined) pushError(msg.stats.kind === 'capture' ? 'captureStart' : 'open', msg.error);
            break;
          case 'saved':
            set({ saved: { path: msg.path, format: msg.format }, savedRunId: get().run?.runId });
            break;
          case 'interfaces':
            set({ interfaces: msg.interfaces });
            if (msg.error !== undefined) pushError('interfaces', msg.error);
            break;
          case 'error':
            if (msg.about !== 'fetch' && msg.about !== 'interfaces') set({ starting: false });
            pushError(msg.about, msg.error);
            break;
        }
      },
      flush: publish,
      open(path) {
        const p = path.trim();
        if (p === '') {
          pushError('ui', { code: 'UI_NO_PATH', message: 'type the path of a capture file on the host first' });
          return;
        }
        const filter = get().filterError === undefined && get().filterText.trim() !== '' ? get().filterText.trim() : undefined;
        if (!mayDiscard()) return;
        markStarting();
        send({ type: 'open', path: p, speed: get().speed, ...(filter !== undefined ? { filter } : {}) });
      },
      openDialog() {
        if (mayDiscard()) send({ type: 'openDialog' });
      },
      replay() {
        const filter = get().run?.filter;
        if (!mayDiscard()) return;
        send({ type: 'replay', speed: get().speed, ...(filter !== undefined ? { filter } : {}) });
      },
      pause() {
        send({ type: 'pause' });
        set({ runState: 'paused' });
      },
      resume() {
        send({ type: 'resume' });
        set({ runState: 'running' });
      },
      stop: () => send({ type: 'stop' }),
      setSpeed(speed) {
        set({ speed });
        const s = get().runState;
        if (s === 'running' || s === 'paused') send({ type: 'speed', speed });
      },
      captureStart(iface, filter, file) {
        if (!get().capture.available) {
          pushError('ui', { code: 'CAPTURE_UNAVAILABLE', message: get().capture.reason ?? 'live capture is not available here' });
          return;
        }
        const f = filter?.trim();
        const out = file?.trim();
        if (!mayDiscard()) return;
        markStarting();
        send({ type: 'captureStart', iface, ...(f ? { filter: f } : {}), ...(out ? { file: out } : {}) });
      },
      captureStop: () => send({ type: 'captureStop' }),
      save(path) {
        const p = path.trim();
        if (p === '') {
          pushError('ui', { code: 'UI_NO_PATH', message: 'type the path on the host to save the packets to first' });
          return;
        }
        set({ saved: undefined });
        send({ type: 'save', path: p, format: /\.pcap$/i.test(p) ? 'pcap' : 'pcapng' });
      },
      refreshInterfaces: () => send({ type: 'interfaces' }),
      select(row) {
        if (row !== undefined) row = Math.max(0, Math.min(row, data.index.length - 1));
        if (row !== undefined && row < 0) row = undefined;
        set({ selected: row, selectedField: undefined });
      },
      selectField: (node) => set({ selectedField: node }),
      expandFields(fields, open) {
        const old = get().expandedFields;
        if (fields.every((f) => old.has(f) === open)) return;
        const next = new Set(old);
        for (const f of fields) {
          if (open) next.add(f);
          else next.delete(f);
        }
        set({ expandedFields: next });
      },
      setTimeFormat: (timeFormat) => set({ timeFormat }),
      setFollow: (follow) => {
        if (get().follow !== follow) set({ follow });
      },
      setFilterText(text) {
        const err = text.trim() === '' ? undefined : checkFilter(text);
        set({
          filterText: text,
          filterError: err === undefined ? undefined : { message: withHint(err.reason, err.hint), column: err.column, length: err.length },
        });
      },
      applyFilter() {
        const { filterText, filterError, run } = get();
        if (filterError !== undefined) return;
        const filter = filterText.trim();
        if (run === undefined || run.source.kind !== 'replay') {
          pushError('ui', { code: 'UI_NO_FILE', message: 'a display filter applies to a replayed file: open one first' });
          return;
        }
        send({ type: 'replay', speed: get().speed, ...(filter !== '' ? { filter } : {}) });
      },
      ensureRows(from, to) {
        const run = get().run;
        if (run === undefined) return;
        const end = Math.min(to, data.index.length);
        const now = Date.now();
        pending = pending.filter((p) => now - p.at < retryMs && p.runId === run.runId);
        let r = Math.max(0, from);
        while (r < end) {
          if (data.cache.has(r) || pending.some((p) => r >= p.first && r < p.end)) {
            r++;
            continue;
          }
          let e = r + 1;
          while (e < end && !data.cache.has(e) && !pending.some((p) => e >= p.first && e < p.end)) e++;
          pending.push({ runId: run.runId, first: r, end: e, at: now });
          send({ type: 'fetch', runId: run.runId, first: r, count: e - r });
          r = e;
        }
      },
      reportError: pushError,
      dismissError: (id) => set({ errors: get().errors.filter((e) => e.id !== id) }),
    };
  });
  return Object.assign(store, { data });
}

/**
 * A replay's file-chunk pool (one 256 KiB tier) shown as one more tier of the pool: at max
 * speed, chunks of large packets are the batches themselves, so that is where their hits are.
 * The hit rate is recomputed over all tiers (oversize requests count as misses, as the pool does).
 */
export function withChunkTier(stats: RunStats): RunStats {
  return stats.chunks === undefined ? stats : { ...stats, pool: combineStats(stats.pool, stats.chunks) };
}
