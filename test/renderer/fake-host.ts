import { type PackedBatch, packOne } from '../../native-bridge/batch/index.js';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame, shownTree } from '../../native-bridge/dissect/index.js';
import { FilterView } from '../../native-bridge/engine/filter-view.js';
import { PacketStore } from '../../native-bridge/engine/packet-store.js';
import { FrameFlags } from '../../native-bridge/engine/frame-flags.js';
import { ViewOrder } from '../../native-bridge/engine/sort-view.js';
import { rowExtras } from '../../native-bridge/engine/worker-list.js';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import {
  type ErrorInfo,
  type HostMessage,
  type InterfaceInfo,
  type OpArgs,
  type OpName,
  type OpResult,
  PROTOCOL_VERSION,
  type Request,
  type RunStats,
  type SourceInfo,
  type ViewState,
  type Welcome,
} from '../../native-bridge/protocol/index.js';
import { type HostFrame, runStats, SAMPLE, sampleFrames } from './helpers.js';

export interface FakeHostOptions {
  /** The frames every run replays (default: samples/sample.pcapng). */
  frames?: readonly HostFrame[];
  /** The name runs report as their source (default: the sample's path). */
  name?: string;
  /** Frames in the store when a run starts (default: all): `arrive()` adds the rest. */
  arrived?: number;
  /** Most bytes of one `rows` reply's batch (packOne's maxBytes): small values make partial replies. */
  rowBytes?: number;
  capture?: Welcome['capture'];
  desktop?: boolean;
  /** Serve mode's own connection, as `hello` names it. */
  ownTraffic?: string;
  interfaces?: InterfaceInfo[];
}

/** The requests of operation K. */
export type RequestOf<K extends OpName> = Extract<Request, { op: K }>;

/** An error as the engine throws it (WirepoolError: a code, a message, a hint). */
class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The host and engine worker as the renderer sees them, in the test's hands: the UI's requests
 * wait until the test answers them (`answer`, `answerAll`, `fail`), in any order, and the
 * answers are real: a run's frames go through the engine's first pass (PacketStore on a
 * DissectSession), `rows` are packed from its summaries with packOne, `packet` is the frame
 * dissected again on the store's session (dissectFrame + shownTree), and a display filter is a
 * FilterView over the store, as native-bridge/engine/worker.ts does. Buffers are copied out of
 * their pooled lease to `usedBytes`, as the host's copy to the UI is.
 */
export class FakeHost {
  /** Every request the UI sent, in order. */
  readonly sent: Request[] = [];
  /** The run's view pool: row batches and packet bytes are packed in it. */
  readonly pool = new BufferPool();
  readonly frames: readonly HostFrame[];
  readonly #queue: Request[] = [];
  readonly #opts: FakeHostOptions;
  #deliver: ((msg: HostMessage) => void) | undefined;
  /** Frames in the store when a run starts (undefined: all); `arrive()` adds the rest. */
  startWith: number | undefined;
  runId = 0;
  viewId = 0;
  #store: PacketStore | undefined;
  #filter: FilterView | undefined;

  constructor(opts: FakeHostOptions = {}) {
    this.#opts = opts;
    this.frames = opts.frames ?? sampleFrames();
    this.startWith = opts.arrived;
  }

  /** Where the host's messages go (the store's `receive`, or a socket). */
  connect(deliver: (msg: HostMessage) => void): void {
    this.#deliver = deliver;
  }

  /** The UI's side of the link (UiStoreOptions.send). */
  readonly send = (msg: Request): void => {
    this.sent.push(msg);
    this.#queue.push(msg);
  };

  /** Requests of `op` the UI sent, in order. */
  requests<K extends OpName>(op: K): RequestOf<K>[] {
    return this.sent.filter((m): m is RequestOf<K> => m.op === op);
  }

  /** Requests (of `op`) not answered yet, oldest first. */
  waiting<K extends OpName = OpName>(op?: K): RequestOf<K>[] {
    return this.#queue.filter((m): m is RequestOf<K> => op === undefined || m.op === op);
  }

  /** Carries request `req` out and replies (with its result, or the error the engine would answer). */
  answer(req: Request): void {
    this.#take(req);
    let result: unknown;
    try {
      result = this.#carryOut(req);
    } catch (e) {
      const x = e as EngineError;
      this.#reply(req, { error: { code: x.code, message: x.message, ...(x.hint !== undefined ? { hint: x.hint } : {}) } });
      return;
    }
    this.#reply(req, { result });
  }

  /** Answers every waiting request (of `op`), oldest first; returns how many. */
  answerAll(op?: OpName): number {
    const list = this.waiting(op);
    for (const r of list) this.answer(r);
    return list.length;
  }

  /** Replies to `req` with `result` (computed by the test: the engine's follow is asynchronous). */
  reply<K extends OpName>(req: RequestOf<K>, result: OpResult<K>): void {
    this.#take(req);
    this.#reply(req, { result });
  }

  /** Replies to `req` with `error`. */
  fail(req: Request, error: ErrorInfo): void {
    this.#take(req);
    this.#reply(req, { error });
  }

  /** The reply to `req` (its op's result type is the handler's business: #carryOut). */
  #reply(req: Request, answer: { result: unknown } | { error: ErrorInfo }): void {
    this.emit({ type: 'reply', id: req.id, op: req.op, ...answer } as HostMessage);
  }

  emit(msg: HostMessage): void {
    if (this.#deliver === undefined) throw new Error('FakeHost: connect() it to the UI first');
    this.#deliver(msg);
  }

  // ─── the engine's side ──────────────────────────────────────────────────────────────────────

  /** The store of the current run (frames that arrived so far, with their summaries). */
  get store(): PacketStore {
    if (this.#store === undefined) throw new Error('FakeHost: no run yet');
    return this.#store;
  }

  /** What the engine says of the run's view (worker.ts viewState). */
  view(): ViewState {
    const s = this.store;
    const f = this.#filter;
    const first = s.firstTime;
    return {
      runId: this.runId,
      viewId: this.viewId,
      packets: s.count,
      displayed: f === undefined ? s.count : f.displayed,
      scanned: f === undefined ? s.count : f.scanned,
      ...(f !== undefined ? { filter: f.text } : {}),
      ...(first !== undefined ? { firstTime: first } : {}),
    };
  }

  /** Starts a run as the worker does: the `run` event, the filter if any, the first `view`. */
  startRun(source: SourceInfo, filter?: string): number {
    this.runId++;
    this.viewId = 0;
    this.#filter = undefined;
    this.#store = new PacketStore(new DissectSession(this.pool));
    this.emit({ type: 'run', runId: this.runId, source, speed: 'max' });
    this.#add(this.startWith ?? this.frames.length);
    if (filter !== undefined && filter.trim() !== '') this.#setFilter(filter);
    this.emit({ type: 'view', view: this.view() });
    return this.runId;
  }

  /** More frames reach the store (up to `count` in all); the view says so. */
  arrive(count: number): void {
    this.#add(count);
    this.emit({ type: 'view', view: this.view() });
  }

  /** Applies a filter as the engine does (a new view), scanning the store up to `scan` packets (default: all). */
  applyFilter(text: string, scan?: number): void {
    this.#setFilter(text, scan);
    this.emit({ type: 'view', view: this.view() });
  }

  /** The filter scans on, up to `until` packets (default: all); the view says how far it got. */
  scan(until = this.store.count): void {
    this.#filter?.step((first, count) => this.#read(first, count), until, Number.POSITIVE_INFINITY);
    this.emit({ type: 'view', view: this.view() });
  }

  /** The run's counters from the view pool (its real hits and misses so far). */
  stats(over: Partial<RunStats> = {}): RunStats {
    return runStats(this.pool, { runId: this.runId, packets: this.#store?.count ?? 0, ...over });
  }

  sampleSource(): SourceInfo {
    return {
      kind: 'replay',
      name: this.#opts.name ?? SAMPLE,
      format: 'pcapng',
      size: this.frames.reduce((n, f) => n + f.bytes.length, 0),
      interfaces: [{ id: 0, name: 'eth0', linkType: 1 }],
    };
  }

  #take(req: Request): void {
    const i = this.#queue.indexOf(req);
    if (i < 0) throw new Error(`FakeHost: request ${req.id} (${req.op}) is not waiting`);
    this.#queue.splice(i, 1);
  }

  #carryOut(req: Request): unknown {
    switch (req.op) {
      case 'hello':
        return {
          protocol: PROTOCOL_VERSION,
          version: '0.1.0',
          capture: this.#opts.capture ?? { available: false, reason: 'libpcap is not installed' },
          desktop: this.#opts.desktop ?? false,
          ...(this.#opts.ownTraffic === undefined ? {} : { ownTraffic: this.#opts.ownTraffic }),
        } satisfies OpResult<'hello'>;
      case 'open':
        return { runId: this.startRun({ ...this.sampleSource(), name: req.args.path }, req.args.filter) } satisfies OpResult<'open'>;
      case 'replay':
        if (this.#store === undefined) throw new EngineError('ENGINE_NOTHING_OPEN', 'nothing to replay: no file is open');
        return { runId: this.startRun(this.sampleSource(), req.args.filter) } satisfies OpResult<'replay'>;
      case 'captureStart':
        return {
          runId: this.startRun({
            kind: 'capture',
            name: req.args.ifaces.join(', '),
            format: 'pcapng',
            interfaces: req.args.ifaces.map((name, id) => ({ id, name, linkType: 1 })),
          }),
        } satisfies OpResult<'captureStart'>;
      case 'rows':
        return this.#rows(req.args);
      case 'packet':
        return this.#packet(req.args);
      case 'filter':
        this.#current(req.args.runId, 'filter');
        this.applyFilter(req.args.filter);
        return { runId: this.runId, viewId: this.viewId } satisfies OpResult<'filter'>;
      case 'interfaces':
        return { interfaces: this.#opts.interfaces ?? [] } satisfies OpResult<'interfaces'>;
      case 'save':
        return { path: req.args.path, format: req.args.format } satisfies OpResult<'save'>;
      case 'openDialog':
        return {};
      default:
        return {};
    }
  }

  #current(runId: number, what: string): PacketStore {
    if (this.#store === undefined || runId !== this.runId)
      throw new EngineError(
        'ENGINE_STALE_RUN',
        `${what}: run ${runId} is over (run ${this.runId} replaced it)`,
        'ask again for the current run',
      );
    return this.#store;
  }

  /** worker.ts `rows`: rows first.. of the view, as many as fit one batch. */
  #rows(a: OpArgs<'rows'>): OpResult<'rows'> {
    const s = this.#current(a.runId, 'rows');
    if (a.viewId !== this.viewId)
      throw new EngineError('ENGINE_STALE_VIEW', `rows: view ${a.viewId} was replaced by view ${this.viewId} (another filter)`);
    const f = this.#filter;
    const total = f === undefined ? s.count : f.displayed;
    const n = Math.min(a.count, total - a.first);
    if (n <= 0) return { runId: this.runId, viewId: this.viewId, first: a.first, count: 0, buffer: new ArrayBuffer(0) };
    const at = f === undefined ? (k: number) => a.first + k : (k: number) => f.index(a.first + k);
    const packed = packOne(
      this.pool,
      n,
      (k) => s.meta(at(k)),
      (k) => s.summary(at(k)),
      this.#opts.rowBytes,
    );
    // What the worker adds: the times the rows count from (no sort or flags here).
    const view = { runId: this.runId, store: s, filter: f, viewId: this.viewId, order: new ViewOrder(), flags: new FrameFlags() };
    const extras = rowExtras(view, a.first, packed.count, a.time);
    return { runId: this.runId, viewId: this.viewId, first: a.first, count: packed.count, buffer: copyOut(packed), ...extras };
  }

  /**
   * worker.ts `packet`: the frame's detail tree, with its bytes and extra sources in one batch.
   * The tree is the one the first pass made of the frame: frames 1..number dissected in order
   * on a fresh session. (Dissecting the frame alone again on the store's session, which has
   * moved on past it, is not the same: a SYN opens a new stream, a segment looks out of order,
   * a completed reassembly is gone.)
   */
  #packet(a: OpArgs<'packet'>): OpResult<'packet'> {
    const s = this.#current(a.runId, 'packet');
    const frame = this.frames[a.number - 1];
    if (frame === undefined || a.number > s.count)
      throw new EngineError('ENGINE_NO_PACKET', `packet ${a.number}: the run has ${s.count} packets`);
    const session = new DissectSession(this.pool);
    for (let i = 0; i < a.number - 1; i++) dissectFrame(this.frames[i]!.meta, this.frames[i]!.bytes, session);
    const { tree } = dissectFrame(frame.meta, frame.bytes, session);
    const extra = tree.extraSources;
    const metaOf = (k: number): PacketMeta =>
      k === 0 ? frame.meta : { ...frame.meta, capLen: extra[k - 1]!.bytes.length, wireLen: extra[k - 1]!.bytes.length };
    const packed = packOne(
      this.pool,
      1 + extra.length,
      metaOf,
      (k) => (k === 0 ? frame.bytes : extra[k - 1]!.bytes),
      Number.POSITIVE_INFINITY,
    );
    return {
      runId: this.runId,
      number: a.number,
      nodes: shownTree(tree),
      actions: [],
      sources: extra.map((x) => x.name),
      buffer: copyOut(packed),
    };
  }

  #add(count: number): void {
    const s = this.store;
    for (let i = s.count; i < Math.min(count, this.frames.length); i++) s.add(this.frames[i]!.meta, this.frames[i]!.bytes, -1);
    this.#filter?.step((first, n) => this.#read(first, n), s.count, Number.POSITIVE_INFINITY);
  }

  #setFilter(text: string, scan?: number): void {
    const t = text.trim();
    this.viewId++;
    this.#filter = t === '' ? undefined : new FilterView(this.viewId, t, compileFilter(t), this.pool);
    this.#filter?.step((first, n) => this.#read(first, n), scan ?? this.store.count, Number.POSITIVE_INFINITY);
  }

  /** Packets first..first+count-1 read back (the run's file, here the frames kept). */
  #read(first: number, count: number) {
    return (add: (meta: PacketMeta, bytes: Uint8Array) => void): void => {
      for (let i = first; i < first + count; i++) add(this.frames[i]!.meta, this.frames[i]!.bytes);
    };
  }
}

/** The host's copy of a pooled batch (its used bytes), the lease given back to the pool. */
function copyOut(packed: PackedBatch): ArrayBuffer {
  const copy = packed.lease.buffer.slice(0, packed.usedBytes);
  packed.lease.release();
  return copy;
}
