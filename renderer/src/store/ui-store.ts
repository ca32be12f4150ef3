import { createStore, type StoreApi } from 'zustand/vanilla';
import { BatchView } from '../../../native-bridge/batch/index.js';
import { FILE_EXISTS, withHint } from '../../../native-bridge/common/index.js';
import { checkFilter, DEFAULT_COLORING_RULES } from '../../../native-bridge/filter/index.js';
import {
  MAX_ROWS,
  type DetailNode,
  type ErrorInfo,
  type HostMessage,
  type InterfaceInfo,
  type NodeAction,
  type OpArgs,
  type OpName,
  type OpResult,
  type RunState,
  type CommandName,
  type Request,
  type RunStats,
  type SourceInfo,
  type SortColumn,
  type Speed,
  type TimeBase,
  type ViewState,
} from '../../../native-bridge/protocol/index.js';
import { type TimeFormat, timeBase } from '../lib/time.js';
import { BatchCache } from './batch-cache.js';
import type { ErrorAbout } from './error-about.js';
import { RowTexts } from './row-texts.js';
import { StatsHistory } from './stats-history.js';
import { type Coloring, coloringActions, type ColoringActions, loadColoring } from './coloring.js';
import { findActions, type FindActions, type FindBar } from './find.js';
import { RowColors } from './row-colors.js';
import { streamActions, type StreamActions, type StreamDialog } from './stream.js';

export const DEFAULT_BUDGET = 16 * 1024 * 1024;
/** Rows are asked for in aligned blocks of this many (a request covers the missing rows of whole blocks). */
export const ROW_BLOCK = 256;

export type { ErrorAbout } from './error-about.js';

export interface UiError extends ErrorInfo {
  id: number;
  about: ErrorAbout;
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
}

/** The selected packet as the engine dissected it: its tree, and its bytes (source 0: the frame; i: sources[i]). */
export interface Detail {
  number: number;
  nodes: DetailNode[];
  /** Per node: its display filter and value text (the context menu's). */
  actions: NodeAction[];
  sources: { name: string; bytes: Uint8Array }[];
}

/** The statistics window's tabs (Wireshark's Statistics windows, and Analyze ▸ Expert Information). */
export const STATS_TABS = {
  hierarchy: 'Protocol Hierarchy',
  conversations: 'Conversations',
  endpoints: 'Endpoints',
  io: 'I/O Graph',
  expert: 'Expert Information',
} as const;
export type StatsTab = keyof typeof STATS_TABS;

/**
 * Everything the views render from. The packets themselves stay in the engine: the renderer
 * holds the rows on screen and around them (`data.rows`, a bounded cache of row batches) and
 * the selected packet's detail. The state carries counters (`rows`, `dataVersion`,
 * `statsVersion`) that change when the data does, so React re-renders only what depends on them.
 */
export interface UiState {
  connected: boolean;
  desktop: boolean;
  capture: { available: boolean; reason?: string };
  /** Serve mode: the capture filter matching this page's own connection, which captures leave out unless asked. */
  ownTraffic: string | undefined;
  interfaces: InterfaceInfo[];
  /** A request that starts a run (open, replay, captureStart) is on its way: its buttons wait. */
  starting: boolean;
  run: CurrentRun | undefined;
  runState: RunState | undefined;
  stats: RunStats | undefined;
  statsVersion: number;
  /** The run's store as the engine last described it: packets, displayed, the filter and its progress. */
  view: ViewState | undefined;
  /** Rows of the list (the view's displayed packets). */
  rows: number;
  /** Bumped when row batches arrive or go: placeholders re-render. */
  dataVersion: number;
  selected: number | undefined;
  /** The frame number of the selected row. */
  selectedNumber: number | undefined;
  detail: Detail | undefined;
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
  /** The Follow Stream dialog, while it is open (store/stream.ts). */
  stream: StreamDialog | undefined;
  /** The statistics window is open. */
  statsOpen: boolean;
  /** The statistics window's tab. */
  statsTab: StatsTab;
  /** The Go to packet box, while it is open, and why the last frame asked for could not be shown. */
  goTo: { error?: string } | undefined;
  /** Bumped when the list must scroll to show the selected row (Go to packet, next mark, an expert item's frame). */
  reveal: number;
  /** Frames of the run marked, and time references. */
  marks: number;
  refs: number;
  /** The find bar (Ctrl-F), while it is open (store/find.ts). */
  find: FindBar | undefined;
  /** Colorize Packet List and the coloring rules (store/coloring.ts); the Coloring Rules dialog is open. */
  coloring: Coloring;
  coloringOpen: boolean;
}

export interface UiActions extends StreamActions, FindActions, ColoringActions {
  /** Feeds one message from the host. */
  receive(msg: HostMessage): void;
  /** Publishes buffered changes now (they are published at most every `flushMs`). */
  flush(): void;
  /** Says hello to the host (the first request). */
  hello(): void;
  open(path: string): void;
  openDialog(): void;
  replay(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  /** Starts a live capture; `file`, a .pcapng path on the host, keeps it there as it arrives. */
  /** `own`: capture this page's own connection too (serve mode leaves it out). */
  /** Starts a capture on `ifaces` (one or several: one store, one pcapng with an IDB each). */
  captureStart(ifaces: string[], filter?: string, file?: string, own?: boolean): void;
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
  /** Applies the display filter to the run's store in the engine (or to the next file opened). */
  applyFilter(): void;
  /** Asks the engine for rows in [from, to) the renderer does not hold. */
  ensureRows(from: number, to: number): void;
  /** Opens or closes the statistics window; `tab`: on that tab (Statistics ▸ Conversations…). */
  setStatsOpen(open: boolean, tab?: StatsTab): void;
  /** Selects row `row` of the list and scrolls to it unless it is on screen (Go to packet, marks, Find, Go ▸ Next Packet…). */
  revealRow(row: number): void;
  /**
   * Selects frame `number` in the list and scrolls to it (the expert information's frames):
   * 'shown', or 'hidden' when the display filter does not show it; rejects with the engine's error.
   */
  goToFrame(number: number): Promise<'shown' | 'hidden'>;
  /** Asks the engine for a statistic of the current run (the statistics window shows it); rejects with the engine's error. */
  requestStats(args: OpArgs<'stats'>): Promise<OpResult<'stats'>>;
  /** Sets the display filter's text and applies it (the statistics window's "Apply as filter"). */
  filterBy(text: string): void;
  /** A click on column `column`'s header: ascending, then descending, then frame order again (Wireshark's cycle). */
  sortBy(column: SortColumn): void;
  /** Opens or closes the Go to packet box. */
  setGoTo(open: boolean): void;
  /** Selects frame `number`'s row and scrolls to it, or says in the box why it is not in the list. */
  goToPacket(number: number): void;
  /** Toggles the selected packet's mark or time reference (Ctrl-M, Ctrl-T). */
  toggleFlag(kind: 'mark' | 'ref'): void;
  /** Clears every mark (or time reference) of the run. */
  clearFlags(kind: 'mark' | 'ref'): void;
  /** Selects the next (or previous) marked row of the list, wrapping around. */
  nextMark(back: boolean): void;
  reportError(about: ErrorAbout, error: ErrorInfo): void;
  dismissError(id: number): void;
}

export interface UiData {
  /** Row batches from the engine, least recently used first out past the budget. */
  rows: BatchCache;
  /** Decoded summary columns of rows shown lately. */
  texts: RowTexts;
  history: StatsHistory;
  /** Each row's coloring rule, as the engine's rows replies say. */
  colors: RowColors;
}

export type UiStore = StoreApi<UiState & UiActions> & { data: UiData };

export interface UiStoreOptions {
  send(msg: Request): void;
  /** Bytes of row batches the renderer keeps (default 16 MiB). */
  budget?: number;
  /** Row arrivals and view changes are published at most this often (ms; 0 = at once; default 50). */
  flushMs?: number;
  /** Rows are asked for in aligned blocks of this many (default ROW_BLOCK). */
  rowBlock?: number;
  /**
   * Asks the user to confirm (window.confirm in the app). Starting another run while a live
   * capture has not been saved asks first: the engine discards the capture's temporary spool.
   */
  confirm?: (message: string) => boolean;
  /** Electron's menu chose a command: the page carries it out (views/commands.tsx). */
  onCommand?: (command: CommandName) => void;
  /** Colorize Packet List at start (default: as kept in localStorage, else on). */
  colorize?: boolean;
}

interface Pending {
  first: number;
  end: number;
}

interface Waiting {
  resolve(result: unknown): void;
  reject(error: ErrorInfo): void;
}

/**
 * The renderer's state and the protocol logic behind it, without React (zustand's vanilla
 * core; views bind through store/react.ts). `send` is the transport's.
 */
export function createUiStore(options: UiStoreOptions): UiStore {
  const { send } = options;
  const flushMs = options.flushMs ?? 50;
  const block = options.rowBlock ?? ROW_BLOCK;
  const confirm = options.confirm ?? (() => true);
  const data: UiData = {
    rows: new BatchCache(options.budget ?? DEFAULT_BUDGET),
    texts: new RowTexts(),
    history: new StatsHistory(),
    colors: new RowColors(),
  };
  // The engine colors with Wireshark's defaults until a page sends other rules (after hello).
  data.colors.setPalette(DEFAULT_COLORING_RULES);
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  /**
   * Row ranges asked for and not answered yet (of the current run and view). An answer removes
   * its own range: one of an earlier view may start at the same row as one of this view.
   */
  let pending: Pending[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  /** Rows arrived or went since the last publish (not only the view's count changed). */
  let rowsChanged = false;
  let errorId = 0;
  let startingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The detail request the selection is waiting for (a newer selection supersedes it). */
  let detailFor = 0;
  /** The end of the last rows that arrived for the view's tail: while following, the list ends there. */
  let tailEnd = 0;

  /** Sends a request; resolves with its result or rejects with the error the host answered. */
  function request<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      send({ type: 'request', id, op, args } as Request);
    });
  }

  const store = createStore<UiState & UiActions>()((set, get) => {
    const pushError = (about: ErrorAbout, error: ErrorInfo): void => {
      // The same error twice in a row (a retried request) shows once.
      const last = get().errors.at(-1);
      if (last !== undefined && last.about === about && last.code === error.code && last.message === error.message) return;
      // A lost connection fails every request that was waiting: it shows once.
      if (error.code === 'UI_DISCONNECTED' && get().errors.some((e) => e.code === 'UI_DISCONNECTED')) return;
      set({ errors: [...get().errors, { ...error, id: ++errorId, about }] });
    };

    /** Sends a request whose failure the user must see (as an error about `op`). */
    const ask = <K extends OpName>(op: K, args: OpArgs<K>, then?: (r: OpResult<K>) => void): void => {
      request(op, args).then(
        (r) => then?.(r),
        (e: ErrorInfo) => {
          if (op === 'open' || op === 'replay' || op === 'captureStart' || op === 'openDialog') set({ starting: false });
          pushError(op, e);
        },
      );
    };

    /**
     * A request that writes a file on the host (save, a capture's file). The host never replaces
     * a file unasked: when it answers FILE_EXISTS, the user is asked, and a yes sends the request
     * again with `overwrite` (a no leaves the file and says nothing more).
     */
    const askWrite = <K extends 'save' | 'captureStart'>(
      op: K,
      args: OpArgs<K>,
      file: string,
      replaces: string,
      then?: (r: OpResult<K>) => void,
    ): void => {
      request(op, args).then(
        (r) => then?.(r),
        (e: ErrorInfo) => {
          if (e.code === FILE_EXISTS && confirm(`${file} exists already. ${replaces}\n\nReplace it?`)) {
            ask(op, { ...args, overwrite: true }, then);
            return;
          }
          if (op === 'captureStart') set({ starting: false });
          if (e.code !== FILE_EXISTS) pushError(op, e);
        },
      );
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
      // While following, the list grows as far as the rows that are here: new rows arrive faster
      // than a round trip at max speed, and the newest ones must not be blank placeholders.
      const displayed = get().view?.displayed ?? 0;
      const rows = get().follow ? Math.min(displayed, tailEnd) : displayed;
      // The rows on screen render again only when rows arrived or went, not at every count.
      if (rowsChanged) set({ rows, dataVersion: get().dataVersion + 1 });
      else if (rows !== get().rows) set({ rows });
      rowsChanged = false;
    };

    /** Marks the view changed (`rows`: its rows too) and publishes now or within flushMs. */
    const changed = (rows = false): void => {
      dirty = true;
      rowsChanged ||= rows;
      if (flushMs === 0) publish();
      else flushTimer ??= setTimeout(publish, flushMs);
    };

    /**
     * Whether a new run may replace the current one: a live capture that is not in a file the
     * user chose (its spool is temporary) and was not saved is lost when another run starts, so
     * the user is asked first, as Wireshark does.
     */
    const mayDiscard = (): boolean => {
      const { run, stats, view, savedRunId } = get();
      const packets = view?.packets ?? 0;
      if (run === undefined || run.source.kind !== 'capture' || packets === 0 || savedRunId === run.runId) return true;
      if (stats?.runId === run.runId && stats.spool !== undefined && !stats.spool.temporary) return true;
      return confirm(
        `The capture on ${run.source.name} (${packets} packets) has not been saved. Starting another run discards it.\n\nDiscard the capture?`,
      );
    };

    const clearRows = (): void => {
      data.rows.clear();
      data.texts.clear();
      data.colors.clear();
      pending = [];
      tailEnd = 0;
      dirty = true;
      rowsChanged = true;
    };

    /** Rows asked for at the end of the view while following. */
    const FOLLOW_TAIL = 128;

    const onView = (view: ViewState): void => {
      const run = get().run;
      if (run === undefined || view.runId !== run.runId) return;
      const old = get().view;
      if (old === undefined || old.viewId !== view.viewId) {
        // Another filter: other rows. The selected packet stays shown until another is picked.
        clearRows();
        set({ view, selected: undefined });
        if (old !== undefined && old.filter === view.filter) {
          // Another order of the same rows: the list stays where it is (following would jump to
          // the end), and the selected packet stays selected, where it went.
          set({ follow: false });
          const number = get().selectedNumber;
          if (number !== undefined) revealFrame(number, false);
        }
        // The rows of the old view go from the screen with it (not up to flushMs later).
        publish();
      } else {
        set({ view });
      }
      // Following, the list grows when the tail's rows arrive (onRows publishes then): one render
      // per arrival instead of two.
      if (get().follow) get().ensureRows(Math.max(0, view.displayed - FOLLOW_TAIL), view.displayed);
      else changed();
      if (old === undefined || old.displayed === 0) publish(); // the first rows: no wait
    };

    const onRows = (asked: Pending, r: OpResult<'rows'>): void => {
      const view = get().view;
      pending = pending.filter((p) => p !== asked);
      if (view === undefined || r.runId !== view.runId || r.viewId !== view.viewId || r.count === 0) return;
      let batch: BatchView;
      try {
        batch = new BatchView(r.buffer);
      } catch (e) {
        pushError('rows', { code: 'BATCH_MALFORMED', message: (e as Error).message, hint: 'the host sent a damaged batch; report it' });
        return;
      }
      data.rows.put(r.first, batch, r);
      if (r.colors !== undefined) data.colors.put(r.first, r.colors);
      const grows = r.first + batch.count > tailEnd;
      tailEnd = Math.max(tailEnd, r.first + batch.count);
      changed(true);
      if (grows && get().follow) publish(); // the newest rows, on screen without another wait
      // A row selected before its batch was here: its packet's detail now.
      const sel = get().selected;
      if (sel !== undefined && get().selectedNumber === undefined && sel >= r.first && sel < r.first + batch.count) get().select(sel);
    };

    /**
     * What the rows' Time column counts from, asked of the engine with them: none for a clock
     * time, nor for times since the first frame while no time reference is set (the view's
     * firstTime says it).
     */
    const rowsTime = (): TimeBase | undefined => {
      const base = timeBase(get().timeFormat);
      return base === 'relative' && get().refs === 0 ? undefined : base;
    };

    /** The rows held are out of date (a mark, a time format): drop them; the list asks again. */
    const refreshRows = (): void => {
      // The same rows, to be asked for again: the list keeps its length meanwhile (placeholders).
      const tail = tailEnd;
      clearRows();
      tailEnd = tail;
      publish();
    };

    /**
     * Selects frame `number`'s row of the current view and scrolls the list to it; `loud`: say
     * why not in the Go to packet box (a frame the filter hides, or no such frame).
     */
    const revealFrame = (number: number, loud: boolean): void => {
      const run = get().run;
      if (run === undefined) return;
      request('locate', { runId: run.runId, number }).then(
        (r) => {
          if (r.viewId !== get().view?.viewId) return;
          get().revealRow(r.row);
          if (loud) set({ goTo: undefined });
        },
        (e: ErrorInfo) => {
          if (loud) set({ goTo: { error: withHint(e.message, e.hint) } });
        },
      );
    };

    const flagged = (r: OpResult<'mark'>): void => {
      if (r.runId !== get().run?.runId) return;
      set({ marks: r.marks, refs: r.refs });
      refreshRows();
    };

    const onStats = (raw: RunStats): void => {
      // The run's own pools, as the engine counts them (the pool view lists packet pool, file chunks and the UI's pool apart).
      const run = get().run;
      if (run !== undefined && raw.runId !== run.runId) return;
      data.history.push(raw);
      set({ stats: raw, runState: raw.state, statsVersion: get().statsVersion + 1 });
    };

    const showDetail = (number: number): void => {
      const run = get().run;
      if (run === undefined) return;
      const ticket = ++detailFor;
      request('packet', { runId: run.runId, number }).then(
        (p) => {
          if (ticket !== detailFor) return;
          let batch: BatchView;
          try {
            batch = new BatchView(p.buffer);
          } catch (e) {
            pushError('packet', {
              code: 'BATCH_MALFORMED',
              message: (e as Error).message,
              hint: 'the host sent a damaged batch; report it',
            });
            return;
          }
          const sources = [{ name: 'Frame', bytes: batch.data(0) }, ...p.sources.map((name, i) => ({ name, bytes: batch.data(i + 1) }))];
          set({ detail: { number: p.number, nodes: p.nodes, actions: p.actions, sources }, selectedField: undefined });
        },
        (e: ErrorInfo) => {
          if (ticket === detailFor) pushError('packet', e);
        },
      );
    };

    return {
      connected: false,
      desktop: false,
      capture: { available: false, reason: 'not connected to the host yet' },
      ownTraffic: undefined,
      interfaces: [],
      starting: false,
      run: undefined,
      runState: undefined,
      stats: undefined,
      statsVersion: 0,
      view: undefined,
      rows: 0,
      dataVersion: 0,
      selected: undefined,
      selectedNumber: undefined,
      detail: undefined,
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
      stream: undefined,
      statsOpen: false,
      statsTab: 'hierarchy',
      goTo: undefined,
      reveal: 0,
      marks: 0,
      refs: 0,
      find: undefined,
      coloring: options.colorize === undefined ? loadColoring() : { ...loadColoring(), enabled: options.colorize },
      coloringOpen: false,

      receive(msg) {
        switch (msg.type) {
          case 'reply': {
            const w = waiting.get(msg.id);
            waiting.delete(msg.id);
            if (w === undefined) return;
            if ('error' in msg) w.reject(msg.error);
            else w.resolve(msg.result);
            return;
          }
          case 'run':
            clearRows();
            data.history.clear();
            // A packet asked for in the old run is not wanted any more (nor its stale-run error).
            detailFor++;
            set({
              starting: false,
              run: { runId: msg.runId, source: msg.source, speed: msg.speed },
              runState: 'running',
              stats: undefined,
              // "saved to …" was about the run before: a new run starts without it.
              saved: undefined,
              view: undefined,
              rows: 0,
              dataVersion: get().dataVersion + 1,
              selected: undefined,
              selectedNumber: undefined,
              detail: undefined,
              selectedField: undefined,
              speed: msg.speed,
              follow: true,
              // A stream of the old run is not this run's.
              stream: undefined,
              marks: 0,
              refs: 0,
            });
            dirty = false;
            return;
          case 'view':
            onView(msg.view);
            return;
          case 'stats':
            onStats(msg.stats);
            return;
          case 'done':
            if (msg.error !== undefined) set({ starting: false });
            onStats(msg.stats);
            publish();
            if (msg.error !== undefined) pushError(msg.stats.kind === 'capture' ? 'captureStart' : 'open', msg.error);
            return;
          case 'command':
            options.onCommand?.(msg.command);
            return;
          case 'error':
            if (msg.error.code === 'UI_DISCONNECTED') {
              // Nothing will answer now: every request waiting fails with the same error.
              for (const w of waiting.values()) w.reject(msg.error);
              waiting.clear();
            }
            pushError('host', msg.error);
            return;
        }
      },
      flush: publish,
      hello() {
        ask('hello', {}, (w) => {
          set({ connected: true, desktop: w.desktop, capture: w.capture, ownTraffic: w.ownTraffic });
          get().helloColoring();
          if (w.capture.available) get().refreshInterfaces();
        });
      },
      open(path) {
        const p = path.trim();
        if (p === '') {
          pushError('ui', { code: 'UI_NO_PATH', message: 'type the path of a capture file on the host first' });
          return;
        }
        const filter = get().filterError === undefined && get().filterText.trim() !== '' ? get().filterText.trim() : undefined;
        if (!mayDiscard()) return;
        markStarting();
        ask('open', { path: p, speed: get().speed, ...(filter !== undefined ? { filter } : {}) });
      },
      openDialog() {
        if (mayDiscard()) ask('openDialog', {});
      },
      replay() {
        const filter = get().view?.filter;
        if (!mayDiscard()) return;
        markStarting();
        ask('replay', { speed: get().speed, ...(filter !== undefined ? { filter } : {}) });
      },
      pause() {
        ask('pause', {});
        set({ runState: 'paused' });
      },
      resume() {
        ask('resume', {});
        set({ runState: 'running' });
      },
      stop: () => ask('stop', {}),
      setSpeed(speed) {
        set({ speed });
        const s = get().runState;
        if (s === 'running' || s === 'paused') ask('speed', { speed });
      },
      captureStart(ifaces, filter, file, own) {
        if (!get().capture.available) {
          pushError('ui', { code: 'CAPTURE_UNAVAILABLE', message: get().capture.reason ?? 'live capture is not available here' });
          return;
        }
        const f = filter?.trim();
        const out = file?.trim();
        if (!mayDiscard()) return;
        markStarting();
        const args = { ifaces, ...(f ? { filter: f } : {}), ...(own ? { own: true } : {}) };
        if (out) askWrite('captureStart', { ...args, file: out }, out, 'The capture replaces it when it ends.');
        else ask('captureStart', args);
      },
      captureStop: () => ask('captureStop', {}),
      save(path) {
        const p = path.trim();
        if (p === '') {
          pushError('ui', { code: 'UI_NO_PATH', message: 'type the path on the host to save the packets to first' });
          return;
        }
        set({ saved: undefined });
        askWrite('save', { path: p, format: /\.pcap$/i.test(p) ? 'pcap' : 'pcapng' }, p, 'Saving replaces it.', (r) =>
          set({ saved: r, savedRunId: get().run?.runId }),
        );
      },
      refreshInterfaces: () =>
        request('interfaces', {}).then(
          (r) => set({ interfaces: r.interfaces }),
          (e: ErrorInfo) => pushError('interfaces', e),
        ),
      select(row) {
        const n = get().rows;
        if (row !== undefined) row = Math.max(0, Math.min(row, n - 1));
        if (row !== undefined && row < 0) row = undefined;
        const number = row === undefined ? undefined : data.rows.number(row);
        // The same row again (a right click on it) keeps its selected field: the row's menu filters on it.
        const selectedField = row !== undefined && row === get().selected ? get().selectedField : undefined;
        set({ selected: row, selectedNumber: number, selectedField });
        if (number !== undefined && number !== get().detail?.number) {
          showDetail(number);
          return;
        }
        // No request now (the packet on show, or its row not here yet): the detail on its way is not the one wanted.
        detailFor++;
        if (row !== undefined && number === undefined) get().ensureRows(row, row + 1);
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
      setTimeFormat(timeFormat) {
        const was = rowsTime();
        set({ timeFormat });
        // Rows asked with another time base count from other times: ask for them again.
        if (rowsTime() !== was) refreshRows();
      },
      setFollow: (follow) => {
        if (get().follow === follow) return;
        set({ follow });
        const view = get().view;
        if (follow && view !== undefined) get().ensureRows(Math.max(0, view.displayed - FOLLOW_TAIL), view.displayed);
        dirty = true;
        publish();
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
        if (run === undefined) {
          pushError('ui', {
            code: 'UI_NO_FILE',
            message: 'the display filter applies to the packets of a file or capture: open one first',
          });
          return;
        }
        ask('filter', { runId: run.runId, filter: filterText.trim() });
      },
      ensureRows(from, to) {
        const view = get().view;
        if (view === undefined) return;
        // Whole blocks: a list scrolled a few rows a frame asks once a block, not every frame.
        const end = Math.min(Math.ceil(to / block) * block, view.displayed);
        let r = Math.max(0, Math.floor(from / block) * block);
        const busy = (row: number): boolean => data.rows.has(row) || pending.some((p) => row >= p.first && row < p.end);
        while (r < end) {
          if (busy(r)) {
            r++;
            continue;
          }
          let e = r + 1;
          while (e < end && e - r < MAX_ROWS && !busy(e)) e++;
          const asked: Pending = { first: r, end: e };
          pending.push(asked);
          const time = rowsTime();
          request('rows', {
            runId: view.runId,
            viewId: view.viewId,
            first: r,
            count: e - r,
            ...(time !== undefined ? { time } : {}),
            ...(get().coloring.enabled ? { colors: true } : {}),
          }).then(
            (rows) => onRows(asked, rows),
            (err: ErrorInfo) => {
              pending = pending.filter((p) => p !== asked);
              // A stale view or run is expected when the user moves faster than the engine answers.
              if (err.code !== 'ENGINE_STALE_VIEW' && err.code !== 'ENGINE_STALE_RUN') pushError('rows', err);
            },
          );
          r = e;
        }
      },
      setStatsOpen: (statsOpen, tab) => set(tab === undefined ? { statsOpen } : { statsOpen, statsTab: tab }),
      revealRow(row) {
        if (get().rows === 0) return;
        get().setFollow(false);
        get().select(row);
        set({ reveal: get().reveal + 1 });
      },
      async goToFrame(number) {
        const run = get().run;
        if (run === undefined) return 'hidden';
        try {
          const r = await request('locate', { runId: run.runId, number });
          if (r.viewId !== get().view?.viewId) return 'hidden';
          get().revealRow(r.row);
          return 'shown';
        } catch (e) {
          if ((e as ErrorInfo).code === 'ENGINE_NOT_DISPLAYED') return 'hidden';
          throw e;
        }
      },
      requestStats: (args) => request('stats', args),
      filterBy(text) {
        get().setFilterText(text);
        get().applyFilter();
      },
      sortBy(column) {
        const { run, view } = get();
        if (run === undefined || view === undefined) return;
        const now = view.sorting?.sort ?? view.sort;
        const order = now?.column !== column ? 'asc' : now.order === 'asc' ? 'desc' : undefined;
        ask('sort', { runId: run.runId, ...(order !== undefined ? { column, order } : {}) });
      },
      setGoTo: (open) => set({ goTo: open ? {} : undefined }),
      goToPacket: (number) => revealFrame(number, true),
      toggleFlag(kind) {
        const { run, selectedNumber } = get();
        if (run === undefined || selectedNumber === undefined) {
          pushError('ui', {
            code: 'UI_NO_PACKET',
            message: `select a packet in the list first, then ${kind === 'mark' ? 'mark it' : 'make it the time reference'}`,
          });
          return;
        }
        ask('mark', { runId: run.runId, kind, number: selectedNumber }, flagged);
      },
      clearFlags(kind) {
        const run = get().run;
        if (run !== undefined) ask('mark', { runId: run.runId, kind }, flagged);
      },
      nextMark(back) {
        const { run, view, selected } = get();
        if (run === undefined || view === undefined || view.displayed === 0) return;
        // Nothing selected: the first mark from the top (or the bottom, going back).
        const from = selected ?? (back ? 0 : view.displayed - 1);
        ask('findMark', { runId: run.runId, viewId: view.viewId, from, back }, (r) => {
          if (r.viewId === get().view?.viewId) get().revealRow(r.row);
        });
      },
      reportError: pushError,
      dismissError: (id) => set({ errors: get().errors.filter((e) => e.id !== id) }),
      ...streamActions({ get, set, request: (op, args) => request(op, args), pushError }),
      ...findActions({ get, set, request: (op, args) => request(op, args) }),
      ...coloringActions({
        get,
        set,
        request: (op, args) => request(op, args),
        pushError,
        recolor(rules) {
          data.colors.setPalette(rules);
          clearRows();
          publish();
          // Following, the list shows as far as the tail's rows: ask for them again (the list asks for the rest).
          const view = get().view;
          if (get().follow && view !== undefined) get().ensureRows(Math.max(0, view.displayed - FOLLOW_TAIL), view.displayed);
        },
      }),
    };
  });
  return Object.assign(store, { data });
}
