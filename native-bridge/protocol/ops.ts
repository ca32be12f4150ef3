/**
 * The one vocabulary between the UI and the engine: every operation the UI can ask for, with
 * its arguments (declared as checks: the type and the validation are one declaration) and the
 * type of its result, and every event the engine sends on its own. The UI's requests, the
 * host's relay and the engine worker's dispatch are all derived from `OPS`, so adding an
 * operation touches this table and the handler that carries it out (the compiler finds the
 * rest). Runtime-free: the renderer imports it.
 *
 *   UI ──request {id, op, args}──▶ host ──(engine ops, relayed as they are)──▶ engine worker
 *   UI ◀──reply {id, op, result | error}── host ◀────────────────────────────── engine worker
 *   UI ◀──event (run, stats, done, view)─── host ◀────────────────────────────── engine worker
 *
 * A result may carry one pooled `buffer` (row batches, a packet's bytes): it travels by
 * transfer, and the host gives the engine's buffer back to the engine's pool once it has sent
 * the UI its copy.
 */
import type { Speed } from '../common/index.js';
import type { ShownNode } from '../dissect/index.js';
import type { CommandName } from './commands.js';
import { MAX_COLORING_RULES } from '../filter/index.js';
import type { ErrorInfo, InterfaceInfo, RunStats, SourceInfo } from './messages.js';
import { FIND_KINDS, FIND_SCOPES } from './find.js';
import { STATS_KINDS, TABLE_TYPES, type PlainStats } from './stats.js';
import {
  FLAG_KINDS,
  SORT_COLUMNS,
  SORT_ORDERS,
  TIME_BASES,
  type FlagCounts,
  type Located,
  type SortProgress,
  type SortSpec,
} from './list.js';
import { type FieldChecks, type Infer, type PathUse, bool, hostPath, int, list, oneOf, opt, pathFields, speed, str } from './schema.js';

export const PROTOCOL_VERSION = 2;

/** A path on the host's machine (PATH_MAX on Linux is 4096). */
export const MAX_PATH = 4096;
/** Display and capture filters. */
export const MAX_FILTER = 4096;
/** Interface names (Windows NPF names are long GUID paths). */
export const MAX_IFACE = 256;
/** Interfaces one capture may take at once (each holds a kernel ring of its own). */
export const MAX_CAPTURE_INTERFACES = 16;
/** Rows one `rows` request may ask for (the reply holds as many as fit one batch buffer). */
export const MAX_ROWS = 10_000;
const MAX_U32 = 0xffff_ffff;

declare const resultType: unique symbol;

/** Where an operation is carried out: by the host itself, or by the engine worker (relayed). */
export type OpSite = 'host' | 'engine';

export interface OpSpec<F extends FieldChecks, R, S extends OpSite = OpSite> {
  readonly args: F;
  readonly site: S;
  /** Phantom: the result's type. */
  readonly [resultType]?: R;
}

/** An operation the engine worker carries out, answering R. */
const op =
  <R>() =>
  <const F extends FieldChecks>(args: F): OpSpec<F, R, 'engine'> => ({ args, site: 'engine' });
/** An operation the host carries out itself, answering R. */
const hostOp =
  <R>() =>
  <const F extends FieldChecks>(args: F): OpSpec<F, R, 'host'> => ({ args, site: 'host' });

// ─── results ──────────────────────────────────────────────────────────────────────────────────

export interface Welcome {
  protocol: number;
  version: string;
  /** Whether live capture can work here, and why not. */
  capture: { available: boolean; reason?: string };
  /** True in Electron (native dialogs and menu), false in serve mode. */
  desktop: boolean;
  /**
   * Serve mode: the capture filter (BPF) that matches this UI's own connection to the host, say
   * `tcp port 8080`. A live capture leaves that traffic out unless captureStart's `own` is true:
   * on the interface the page connects over, the capture would otherwise record the UI's own
   * traffic, which grows with what it shows.
   */
  ownTraffic?: string;
}

/** A request that starts a run answers with the run's id (its `run` event follows). */
export interface RunStarted {
  runId: number;
}

/**
 * Rows first..first+count-1 of the run's view (every packet, or those the display filter
 * passes), as one WPB1 batch: each packet's entry holds its frame number, times, wire length,
 * interface and link type, its data the summary columns in UTF-8, separated by ROW_SEPARATOR:
 * source, destination, protocol, info (so the entry's captured length is the summary's).
 * `count` may be less than asked (what fit the buffer; ask again from there).
 */
export interface RowsResult {
  runId: number;
  viewId: number;
  first: number;
  count: number;
  buffer: ArrayBuffer;
  /** With `time` asked: per row, the (sec, nsec) its Time column counts from, as pairs [sec0, nsec0, sec1, …]. */
  bases?: number[];
  /** Rows (offsets from `first`) whose frame is marked, and those that are time references (shown `*REF*`). */
  marked?: number[];
  refs?: number[];
  /**
   * With coloring rules set (the `coloring` operation): per row of the batch, the index of the
   * first rule its packet passes, -1 for none.
   */
  colors?: number[];
}
export const ROW_SEPARATOR = 0x1f;

/** One node of a packet's detail tree, as shown (dissect's `shownTree` makes them): `parent` -1 for a top-level protocol. */
export type DetailNode = ShownNode;

/**
 * What the context menu offers for one detail node: the display filter that selects the field
 * (`ip.src == 10.0.0.1`, `tcp`; none for a text-only label), and its value as text.
 */
export interface NodeAction {
  filter?: string;
  value: string;
}

/**
 * One packet, dissected by the engine with the state of the run's first pass (as `wirepool
 * read` and TShark show it): its detail tree, and its bytes as a WPB1 batch whose packet 0 is
 * the frame and packet i the data source `sources[i - 1]` (a reassembled datagram…).
 */
export interface PacketResult {
  runId: number;
  number: number;
  nodes: DetailNode[];
  /** Per node (parallel to `nodes`): its display filter and value text, for the context menu. */
  actions: NodeAction[];
  sources: string[];
  buffer: ArrayBuffer;
}

export interface FilterResult {
  runId: number;
  /** The view the filter makes; `view` events report its progress and size. */
  viewId: number;
}

/**
 * A statistic of the run as counted so far: over store packets 0..scanned-1 of `packets`. The
 * engine answers within ~0.3 s; while `scanned < packets` the count goes on and asking again
 * gives more (a progress bar), as it does during a live capture once packets arrive.
 */
export interface StatsResult {
  runId: number;
  packets: number;
  scanned: number;
  stats: PlainStats;
}
/** Shortest and longest I/O interval the `stats` operation takes (1 µs, one day), in nanoseconds. */
export const MIN_IO_INTERVAL_NS = 1_000;
export const MAX_IO_INTERVAL_NS = 86_400_000_000_000;

export interface Saved {
  path: string;
  format: 'pcap' | 'pcapng';
}

/** Follow stream: bytes of a stream a `follow` reply holds by default, and at most (the rest is cut, and the reply says so). */
export const FOLLOW_LIMIT = 1024 * 1024;
export const MAX_FOLLOW_LIMIT = 16 * 1024 * 1024;

/**
 * One TCP or UDP stream of the run, as `wirepool follow` prints it (`tshark -z follow`), in
 * parts: the header and the closing rule (no `node`), and each chunk of the conversation with
 * its node (0: the client, which sent the stream's first packet; 1: the server). The parts'
 * texts, one after the other, are the command's output.
 */
export interface Followed {
  runId: number;
  protocol: 'tcp' | 'udp';
  stream: number;
  format: 'ascii' | 'hex' | 'raw';
  /** The display filter that selects the stream (`tcp.stream eq 3`). */
  filter: string;
  /** Streams of this protocol in the run so far (stream indexes 0..streams-1). */
  streams: number;
  parts: { node?: 0 | 1; text: string }[];
  /** Bytes of the stream the parts hold. */
  bytes: number;
  /** The limit, when the stream has more bytes than the parts hold. */
  truncated?: number;
}

/**
 * How far a `find` got: the row found (and its frame number), or none. The engine answers
 * within ~0.3 s; while `done` is false it has looked at `examined` of `total` rows and the UI
 * asks again with `examined` to go on (a progress bar on big files).
 */
export interface FindResult {
  runId: number;
  viewId: number;
  done: boolean;
  examined: number;
  total: number;
  row?: number;
  number?: number;
  /** The row found lies past the end (or the start, searching backwards): the search wrapped around. */
  wrapped?: boolean;
}

type Empty = Record<string, never>;

// ─── the operations ───────────────────────────────────────────────────────────────────────────

const runId = int(0, MAX_U32);
const filterText = str(MAX_FILTER, true);

export const OPS = {
  /** First request; answers what the host can do. */
  hello: hostOp<Welcome>()({}),
  /** Electron: the host shows its native Open dialog and opens the chosen file (runId undefined when cancelled). */
  openDialog: hostOp<Partial<RunStarted>>()({}),
  /** Opens a capture file (a path on the host's machine) and replays it into the run's store at `speed` (default max). */
  open: op<RunStarted>()({ path: hostPath(MAX_PATH, 'read'), speed: opt(speed), filter: opt(filterText) }),
  /** Replays the open file again from the start: a new run. */
  replay: op<RunStarted>()({ speed, filter: opt(filterText) }),
  pause: op<Empty>()({}),
  resume: op<Empty>()({}),
  stop: op<Empty>()({}),
  speed: op<Empty>()({ speed }),
  /** Rows of the current view of run `runId` (stale views and runs answer an error). */
  rows: op<RowsResult>()({
    runId,
    viewId: int(0, MAX_U32),
    first: int(0, MAX_U32),
    count: int(1, MAX_ROWS),
    time: opt(oneOf(...TIME_BASES)),
    /** Also each row's coloring rule (`colors`): the packets not colored yet are read back for it. */
    colors: opt(bool),
  }),
  /**
   * Sorts the run's view (every packet, or the filter's rows) by `column` in `order` (no column:
   * frame order), in the engine, in slices; `view` events report its progress (`sorting`) and,
   * once it is done, a new view in that order (`sort`). The order holds for later filters; rows
   * that arrive later (a replay still going, a live capture) are appended in frame order.
   */
  sort: op<{ runId: number }>()({ runId, column: opt(oneOf(...SORT_COLUMNS)), order: opt(oneOf(...SORT_ORDERS)) }),
  /** The row of frame `number` in the current view (Go to packet); an error when the view does not show it or the run has no such frame. */
  locate: op<Located>()({ runId, number: int(1, MAX_U32) }),
  /** The next (or, `back`, previous) row after row `from` of view `viewId` whose frame is marked, wrapping around; an error when none is. */
  findMark: op<Located>()({ runId, viewId: int(0, MAX_U32), from: int(0, MAX_U32), back: opt(bool) }),
  /** Toggles flag `kind` (a mark, a time reference) on frame `number`; without a number, clears it on every frame. */
  mark: op<FlagCounts>()({ runId, kind: oneOf(...FLAG_KINDS), number: opt(int(1, MAX_U32)) }),
  /** The detail tree and bytes of frame `number` of the run. */
  packet: op<PacketResult>()({ runId, number: int(1, MAX_U32) }),
  /** Applies a display filter to the run's store ('' shows every packet); a live capture's new packets are filtered too. */
  filter: op<FilterResult>()({ runId, filter: filterText }),
  /**
   * A statistic of the run's store (Wireshark's Statistics menu, `wirepool stats`): the protocol
   * hierarchy, the conversations or endpoints of table `type` (default ip), or packets per
   * `intervalNs` (io, default 1 s) of every packet or of those a display `filter` passes (an
   * I/O graph line; a bad filter answers its FilterError).
   */
  stats: op<StatsResult>()({
    runId,
    kind: oneOf(...STATS_KINDS),
    type: opt(oneOf(...TABLE_TYPES)),
    intervalNs: opt(int(MIN_IO_INTERVAL_NS, MAX_IO_INTERVAL_NS)),
    filter: opt(filterText),
  }),
  /**
   * Finds the next (or previous, `backward`) row of view `viewId` after row `origin` (from the
   * first or last row without one) whose packet a display filter passes, whose bytes hold a hex
   * value, or that holds a string (in its bytes, its list columns or its detail lines), wrapping
   * around once. `examined`: rows already looked at by an earlier answer (go on from there).
   */
  find: op<FindResult>()({
    runId,
    viewId: int(0, MAX_U32),
    kind: oneOf(...FIND_KINDS),
    text: str(MAX_FILTER),
    scope: opt(oneOf(...FIND_SCOPES)),
    caseSensitive: opt(bool),
    backward: opt(bool),
    origin: opt(int(0, MAX_U32)),
    examined: opt(int(0, MAX_U32)),
  }),
  /**
   * Sets the coloring rules (View ▸ Coloring Rules), as their display filters in order ('' for a
   * disabled rule; none: no coloring): from now on `rows` replies carry each row's rule. Answers
   * each filter's error ('' when it compiles; a rule that does not never matches).
   */
  coloring: op<{ errors: string[] }>()({ filters: list(str(MAX_FILTER, true), 0, MAX_COLORING_RULES) }),
  interfaces: op<{ interfaces: InterfaceInfo[] }>()({}),
  /**
   * Starts a live capture. `file`: a .pcapng path on the host the capture is written to as it
   * arrives (kept after the run); without it the engine spools to a temporary file. An existing
   * `file` is refused (FILE_EXISTS) unless `overwrite` (it is then replaced when the capture ends).
   * `own`: in serve mode, capture the UI's own connection too (Welcome.ownTraffic; left out by default).
   */
  captureStart: op<RunStarted>()({
    /** One capture on several interfaces: one store, one pcapng with an IDB each. */
    ifaces: list(str(MAX_IFACE), 1, MAX_CAPTURE_INTERFACES),
    filter: opt(filterText),
    file: opt(hostPath(MAX_PATH, 'write')),
    overwrite: opt(bool),
    own: opt(bool),
  }),
  captureStop: op<Empty>()({}),
  /**
   * Writes the current run's packets (a replay's, or everything captured so far) to a file on the
   * host (an absolute path), through a temporary file renamed into place. An existing file is
   * refused (FILE_EXISTS) unless `overwrite`; the file the run reads from never is replaced.
   */
  save: op<Saved>()({ path: hostPath(MAX_PATH, 'write'), format: oneOf('pcap', 'pcapng'), overwrite: opt(bool) }),
  /**
   * Follows TCP or UDP stream `stream` of the run, or the stream packet `packet` belongs to (one
   * of the two), over the packets in the store now, in `format`; at most `limit` bytes
   * (default FOLLOW_LIMIT). The engine dissects the whole run again for it, in slices.
   */
  follow: op<Followed>()({
    runId,
    protocol: oneOf('tcp', 'udp'),
    stream: opt(int(0, MAX_U32)),
    packet: opt(int(1, MAX_U32)),
    format: oneOf('ascii', 'hex', 'raw'),
    limit: opt(int(1, MAX_FOLLOW_LIMIT)),
  }),
} as const;

export type Ops = typeof OPS;
export type OpName = keyof Ops;
export type OpArgs<K extends OpName> = Infer<Ops[K]['args']>;
export type OpResult<K extends OpName> = Ops[K] extends OpSpec<FieldChecks, infer R> ? R : never;
/** The operations the engine worker carries out (the host relays them). */
export type EngineOp = { [K in OpName]: Ops[K] extends OpSpec<FieldChecks, unknown, 'engine'> ? K : never }[OpName];
export type HostOp = Exclude<OpName, EngineOp>;

export const OP_NAMES = Object.keys(OPS) as OpName[];
/** The operations whose result carries a pooled buffer (row batches, a packet's bytes). */
export type BufferOp = { [K in OpName]: OpResult<K> extends { buffer: ArrayBuffer } ? K : never }[OpName];
// A Record over BufferOp: the compiler checks that this lists exactly those operations.
const BUFFER_OPS: Record<BufferOp, true> = { rows: true, packet: true };
export const isBufferOp = (name: OpName): name is BufferOp => Object.hasOwn(BUFFER_OPS, name);
export const isEngineOp = (name: OpName): name is EngineOp => OPS[name].site === 'engine';
/** The fields of operation `name` that name a file on the host, and whether it is read or written. */
export const opPaths = (name: OpName): readonly [string, PathUse][] => OP_PATHS[name];
const OP_PATHS = Object.fromEntries(OP_NAMES.map((n) => [n, pathFields(OPS[n].args)])) as Record<OpName, [string, PathUse][]>;

// ─── messages ─────────────────────────────────────────────────────────────────────────────────

/** A request: the UI's only message. */
export type Request<K extends OpName = OpName> = { [P in K]: { type: 'request'; id: number; op: P; args: OpArgs<P> } }[K];

/** The answer to request `id`: its result, or the error saying what failed, where, and how to fix it. */
export type Reply<K extends OpName = OpName> = {
  [P in K]: { type: 'reply'; id: number; op: P; result: OpResult<P> } | { type: 'reply'; id: number; op: P; error: ErrorInfo };
}[K];

/**
 * What the display shows of the run's store: `packets` in it, `displayed` by the filter (all
 * when there is none), and how far the filter has got (`scanned` of `packets`). `firstTime`
 * is the run's first frame's time: times are shown relative to it, filter or not.
 */
export interface ViewState {
  runId: number;
  viewId: number;
  packets: number;
  displayed: number;
  scanned: number;
  filter?: string;
  firstTime?: { sec: number; nsec: number };
  /** The order of the view's rows (none: frame order). Rows that arrived after the sort follow in frame order. */
  sort?: SortSpec;
  /** A sort on its way (the rows keep `sort`'s order until it is done). */
  sorting?: SortProgress;
}

/** What the engine says on its own. */
export type EngineEvent =
  /** A new run began: everything the UI holds from earlier runs is stale. */
  | { type: 'run'; runId: number; source: SourceInfo; speed: Speed }
  /** Counters of the run, at least 4 times a second while it goes. */
  | { type: 'stats'; stats: RunStats }
  /**
   * The run ended. If some of its buffers were still on their way back, one more `stats` of
   * the same run follows once they are all back (its pool numbers are the final ones).
   */
  | { type: 'done'; stats: RunStats; error?: ErrorInfo }
  /** The store or its view changed (packets arrived, a filter progressed). */
  | { type: 'view'; view: ViewState };

/**
 * Something went wrong that no reply can say: a message that could not be read as a request of
 * a known operation (`id`: its request id, when it had a readable one), a filter that failed
 * part-way, the engine stopping. A request of a known operation that fails validation gets an
 * error reply instead.
 */
export type Notice = { type: 'error'; error: ErrorInfo; id?: number };

/** Electron's menu: the user chose `command` (the UI carries it out as if its own menu or keys asked). */
export type MenuCommand = { type: 'command'; command: CommandName };

/**
 * A port's acknowledgement: the UI has read `read` host messages in all since the port opened.
 * Over a MessagePort (Electron's, a worker's) postMessage queues at the UI's end, where the host
 * cannot see it; the host counts what it posted and the UI has not acknowledged as its backlog
 * (PortTransport), as it reads a socket's send buffer in serve mode, and AppHost's flow control
 * holds on that. The UI acknowledges every message once it has handled it, so `read` only grows.
 * Not sent over a WebSocket (its socket's buffer is the backlog; a host ignores one there).
 */
export const ACK_FIELDS = { read: int(0, Number.MAX_SAFE_INTEGER) } as const;
export type Ack = { type: 'ack' } & Infer<typeof ACK_FIELDS>;

/** What the UI sends: requests, and over a port its acknowledgements. */
export type ClientMessage = Request | Ack;
export type HostMessage = Reply | EngineEvent | Notice | MenuCommand;

/** The pooled buffer a reply's result carries, if any. */
export function resultBuffer(m: Reply): ArrayBuffer | undefined {
  if (!('result' in m)) return undefined;
  const b = (m.result as { buffer?: unknown }).buffer;
  return b instanceof ArrayBuffer ? b : undefined;
}
