/**
 * AppHost: the UI protocol on top of the engine, one per connected UI (an Electron window, a
 * browser tab). Validated requests are carried out by the host itself (hello, openDialog) or
 * relayed to the engine as they are; replies and engine events go back to the UI. Every
 * failure becomes an error reply (or an `error` notice when no request can be answered);
 * nothing a UI sends can crash the host.
 *
 *   UI ──request──▶ transport ──▶ AppHost ──▶ Engine (worker thread)
 *   UI ◀──reply──── transport ◀── AppHost ◀── result (its buffer transferred) … giveBack(buffer)
 *   UI ◀──event──── transport ◀── AppHost ◀── run, stats, done, view
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchView } from '../batch/index.js';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  isBufferOp,
  isEngineOp,
  opPaths,
  resultBuffer,
  type CommandName,
  type EngineEvent,
  type EngineOp,
  type HostMessage,
  type HostOp,
  type Notice,
  type OpArgs,
  type OpName,
  type OpResult,
  type Reply,
  type Request,
} from '../protocol/index.js';
import type { Engine, EngineFactory, EngineListener } from './engine-contract.js';
import { HostError, errorInfo } from './errors.js';
import type { PathRule } from './folder-rule.js';
import { PathMeter, type PathStats } from './path-meter.js';
import type { HostTransport } from './transport.js';

export interface AppHostOptions {
  engine: EngineFactory;
  /** The app's version, sent in `welcome`. */
  version: string;
  /** Electron (native dialogs and menu) or serve mode. */
  desktop: boolean;
  /** Opened (replayed) for this UI right after `welcome` (`wirepool serve FILE`, the desktop's command line). */
  openOnWelcome?: string;
  /** Electron: shows the native Open dialog; resolves to the chosen path or undefined. */
  openDialog?: () => Promise<string | undefined>;
  /**
   * Serve mode: every path a request names (OPS marks them: open's, save's, a capture's file) is
   * checked and resolved by this rule before the engine sees it (FolderRule: `--root`). None in
   * Electron, where the user picks files in native dialogs.
   */
  paths?: PathRule;
  /**
   * The transport's backlog (bytes queued for a UI that does not read) above which the host
   * takes no more requests until it has drained to half: replies never pile up without bound.
   */
  highWaterBytes?: number;
  /** Requests taken from a UI and not answered yet, past which the host stops reading it (default 32). */
  maxInflight?: number;
  /** Serve mode: the BPF filter matching this UI's own connection, left out of live captures unless asked (Welcome.ownTraffic). */
  ownTraffic?: string;
}

/** A capture filter that leaves out `own` (the UI's connection), combined with the user's. */
export function withoutOwn(filter: string | undefined, own: string): string {
  return filter === undefined || filter.trim() === '' ? `not (${own})` : `(${filter}) and not (${own})`;
}

const DEFAULT_HIGH_WATER = 16 * 1024 * 1024;
const DEFAULT_MAX_INFLIGHT = 32;
const DRAIN_POLL_MS = 10;
/** Events that only say how things stand now: while a UI does not read, the newest of each replaces the one held. */
const LATEST_ONLY = new Set<string>(['stats', 'view']);

export class AppHost {
  readonly #transport: HostTransport;
  readonly #opts: AppHostOptions;
  readonly #meter = new PathMeter();
  readonly #ready: Promise<Engine | undefined>;
  #closed = false;
  /** The transport's backlog past which no more is queued for the UI (highWaterBytes). */
  readonly #high: number;
  /** Unanswered requests past which the UI is not read (maxInflight). */
  readonly #maxInflight: number;
  /** Requests taken from the UI and not answered yet. */
  #inflight = 0;
  /** Whether the transport was told to stop reading the UI (too many requests waiting, or replies queued). */
  #paused = false;
  #poll: ReturnType<typeof setTimeout> | undefined;
  /** The newest stats and view events not sent while the UI's queue was over the high-water mark. */
  readonly #held = new Map<string, EngineEvent | Notice>();
  /** The current run when it is a live capture: what a new run would discard unless it was saved. */
  #capture: { runId: number; iface: string; packets: number; temporary: boolean; saved: boolean } | undefined;

  constructor(transport: HostTransport, options: AppHostOptions) {
    this.#transport = transport;
    this.#opts = options;
    this.#high = options.highWaterBytes ?? DEFAULT_HIGH_WATER;
    this.#maxInflight = options.maxInflight ?? DEFAULT_MAX_INFLIGHT;
    this.#ready = options.engine(this.#listener()).then(
      (engine) => {
        if (this.#closed) {
          void engine.close();
          return undefined;
        }
        return engine;
      },
      (e: unknown) => {
        this.#send({ type: 'error', error: errorInfo(e) });
        return undefined;
      },
    );
    // Requests go to the engine in arrival order, each once the engine is up, and are answered
    // as the engine answers them: a request the engine takes long over (a filter during a flood)
    // holds up no other (stop). Those whose answer carries a buffer (rows, packet) take turns,
    // one at a time behind the transport's backlog (#drained), so a UI that asks and does not
    // read cannot pile up replies.
    //
    // Flow control (#flow): past maxInflight unanswered requests, or with more than the
    // high-water mark queued toward the UI, the transport stops reading the UI until both are
    // down to half. What a UI can make the host hold is so bounded whatever it sends (requests,
    // invalid messages) and whether or not it reads: maxInflight requests, the high-water mark
    // of replies, and one held stats and view event.
    let bulk: Promise<void> = Promise.resolve();
    transport.onMessage((m) => {
      this.#inflight++;
      this.#flow();
      const answered = (): void => {
        this.#inflight--;
        this.#flow();
      };
      if (!(m instanceof ProtocolError) && isBufferOp(m.op)) bulk = bulk.then(() => this.#handle(m, true)).then(answered, answered);
      else void this.#handle(m, false).then(answered, answered);
    });
    transport.onClose(() => void this.close());
  }

  /** Bytes/s, replies/s and the main thread's time per reply buffer through this host. */
  pathStats(): PathStats {
    return this.#meter.stats();
  }

  resetPathStats(): void {
    this.#meter.reset();
  }

  /**
   * Electron's menu (Open, Open Recent) and `openOnWelcome`: opens a file as the UI's `open`
   * would. A failure reaches the UI as an `error` message (no request waits for it); resolves to
   * the new run's id, or undefined when it failed.
   */
  async open(path: string): Promise<number | undefined> {
    try {
      const engine = await this.#engineNow();
      return (await engine.request('open', { path })).runId;
    } catch (e) {
      this.#send({ type: 'error', error: errorInfo(e) });
      return undefined;
    }
  }

  /**
   * Electron's Save As: writes the current run's packets. `overwrite`: the native dialog already
   * asked about an existing file. Throws a WirepoolError on failure.
   */
  async save(path: string, format: 'pcap' | 'pcapng', overwrite: boolean): Promise<void> {
    const engine = await this.#engineNow();
    const capture = this.#capture;
    await engine.request('save', { path, format, overwrite });
    if (capture !== undefined) capture.saved = true;
  }

  async #engineNow(): Promise<Engine> {
    const engine = await this.#ready;
    if (!engine) throw new HostError('HOST_INTERNAL', 'the engine did not start', 'restart the app');
    return engine;
  }

  /**
   * The live capture a new run (or closing the window) would discard: one with packets, spooled
   * only to a temporary file, not saved since. Electron asks before opening another file.
   */
  unsavedCapture(): { iface: string; packets: number } | undefined {
    const c = this.#capture;
    if (c === undefined || c.saved || !c.temporary || c.packets === 0) return undefined;
    return { iface: c.iface, packets: c.packets };
  }

  /** Electron's menu: the user chose `command`; the UI carries it out (protocol/commands.ts). */
  command(command: CommandName): void {
    this.#send({ type: 'command', command });
  }

  /** Ends this UI's session: stops the engine's worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#held.clear();
    const engine = await this.#ready;
    await engine?.close();
  }

  async #handle(m: Request | ProtocolError, bulk: boolean): Promise<void> {
    if (m instanceof ProtocolError) {
      await this.#ready; // answered in its turn, after the requests that came before it
      // A request that could not be read: an error reply when it named its id and a known
      // operation, else a notice (with its id, if readable).
      const error = errorInfo(m);
      const op = m.op as OpName | undefined;
      if (m.requestId !== undefined && op !== undefined) this.#send({ type: 'reply', id: m.requestId, op, error } as Reply);
      else this.#send(m.requestId === undefined ? { type: 'error', error } : { type: 'error', error, id: m.requestId });
      return;
    }
    const engine = await this.#ready;
    if (this.#closed) return;
    if (bulk) {
      await this.#drained();
      if (this.#closed) return;
    }
    if (!engine) {
      this.#answer(m, { code: 'HOST_NO_ENGINE', message: 'the engine did not start', hint: 'see the first error; restart the app' });
      return;
    }
    try {
      if (isEngineOp(m.op)) await this.#relay(engine, m as Request<EngineOp>);
      else this.#reply(m, await this.#host[m.op as HostOp](engine, m.args as never));
    } catch (e) {
      this.#answer(m, errorInfo(e));
    }
  }

  /** The operations the host carries out itself; every other one goes to the engine. */
  readonly #host: { [K in HostOp]: (engine: Engine, args: OpArgs<K>) => Promise<OpResult<K>> | OpResult<K> } = {
    hello: (engine) => {
      if (this.#opts.openOnWelcome !== undefined) {
        const path = this.#opts.openOnWelcome;
        // After the welcome goes out: the UI learns of the run from its `run` event.
        queueMicrotask(() => void this.open(path));
      }
      const own = this.#opts.ownTraffic;
      return {
        protocol: PROTOCOL_VERSION,
        version: this.#opts.version,
        capture: engine.captureAvailable(),
        desktop: this.#opts.desktop,
        ...(own === undefined ? {} : { ownTraffic: own }),
      };
    },
    openDialog: async (engine) => {
      if (!this.#opts.openDialog)
        throw new HostError('HOST_UNSUPPORTED', 'no native Open dialog in serve mode', 'type the path of a capture file on the host');
      const path = await this.#opts.openDialog();
      return path === undefined ? {} : await engine.request('open', { path });
    },
  };

  /**
   * One engine operation: relayed as it is; its answer goes back to the UI. A result's buffer
   * crosses once more (exactly one copy: by the transport when it copies anyway, else here),
   * then the engine's buffer goes back to its pool.
   */
  async #relay(engine: Engine, m: Request<EngineOp>): Promise<void> {
    const result = await engine.request(m.op, this.#engineArgs(m, await this.#allowed(m)));
    if (m.op === 'save' && this.#capture !== undefined) this.#capture.saved = true;
    const buffer = resultBuffer({ type: 'reply', id: m.id, op: m.op, result } as Reply);
    if (buffer === undefined || buffer.byteLength === 0) {
      this.#reply(m, result);
      return;
    }
    const runId = (result as { runId: number }).runId;
    const start = performance.now();
    let used = buffer.byteLength;
    try {
      used = new BatchView(buffer).usedBytes;
      if (this.#transport.copies) this.#reply(m, result);
      else {
        const copy = buffer.slice(0, used);
        this.#reply(m, { ...(result as object), buffer: copy } as unknown as typeof result, [copy]);
      }
    } finally {
      engine.giveBack(buffer, runId, 'view');
      this.#meter.record(start, performance.now(), used, 1);
    }
  }

  /** A request's arguments as the engine gets them: a capture leaves the UI's own connection out unless it asked for it. */
  #engineArgs(m: Request<EngineOp>, args: OpArgs<EngineOp>): never {
    const own = this.#opts.ownTraffic;
    if (m.op !== 'captureStart' || own === undefined || m.args.own === true) return args as never;
    return { ...args, filter: withoutOwn(m.args.filter, own) } as never;
  }

  /** The request's arguments with every path checked and resolved by the host's rule (serve's folders). */
  async #allowed(m: Request<EngineOp>): Promise<OpArgs<EngineOp>> {
    const rule = this.#opts.paths;
    const fields = opPaths(m.op);
    if (rule === undefined || fields.length === 0) return m.args;
    const args: Record<string, unknown> = { ...m.args };
    for (const [key, use] of fields) {
      const v = args[key];
      if (typeof v === 'string') args[key] = await rule.check(use, v);
    }
    return args as OpArgs<EngineOp>;
  }

  #reply<K extends OpName>(m: Request<K>, result: OpResult<K>, transfer?: ArrayBuffer[]): void {
    this.#send({ type: 'reply', id: m.id, op: m.op, result } as Reply, transfer);
  }

  #answer(m: Request, error: ReturnType<typeof errorInfo>): void {
    this.#send({ type: 'reply', id: m.id, op: m.op, error } as Reply);
  }

  #listener(): EngineListener {
    return {
      event: (e: EngineEvent | Notice) => {
        if (e.type === 'run') {
          this.#meter.reset();
          this.#capture =
            e.source.kind === 'capture' ? { runId: e.runId, iface: e.source.name, packets: 0, temporary: true, saved: false } : undefined;
        } else if (e.type === 'stats') {
          const c = this.#capture;
          if (c !== undefined && e.stats.runId === c.runId) {
            c.packets = e.stats.packets;
            c.temporary = e.stats.spool === undefined || e.stats.spool.temporary;
          }
        }
        this.#event(e);
      },
    };
  }

  /**
   * An engine event to the UI. While more than the high-water mark waits for a UI, a stats or
   * view event is held (a newer one replaces it) instead of queued; any other event (run, done,
   * error) goes out after the ones held, so the UI sees them in order.
   */
  #event(e: EngineEvent | Notice): void {
    const high = this.#high;
    if (LATEST_ONLY.has(e.type) && this.#transport.backlog() > high) {
      this.#held.set(e.type, e);
      this.#flow();
      return;
    }
    this.#sendHeld();
    this.#send(e);
  }

  #sendHeld(): void {
    if (this.#held.size === 0) return;
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const e of held) this.#send(e);
  }

  /**
   * Flow control, after every request taken or answered and every DRAIN_POLL_MS while paused:
   * pauses the transport past maxInflight requests or the high-water mark, resumes it when both
   * are down to half, sends the events held once the queue has drained, and cuts off a UI whose
   * queue still grows past four times the mark (it reads nothing at all).
   */
  #flow(): void {
    if (this.#closed) return;
    const high = this.#high;
    const max = this.#maxInflight;
    const backlog = this.#transport.backlog();
    if (backlog > Math.max(4 * high, high + 8 * 1024 * 1024)) {
      this.#transport.abort(`the client does not read: ${Math.round(backlog / 2 ** 20)} MiB waiting for it`);
      return;
    }
    if (!this.#paused && (this.#inflight >= max || backlog > high)) {
      this.#paused = true;
      this.#transport.pause();
    } else if (this.#paused && this.#inflight <= max / 2 && backlog <= high / 2) {
      this.#paused = false;
      this.#transport.resume();
    }
    if (backlog <= high / 2) this.#sendHeld();
    if ((this.#paused || this.#held.size > 0) && this.#poll === undefined)
      this.#poll = setTimeout(() => {
        this.#poll = undefined;
        this.#flow();
      }, DRAIN_POLL_MS);
  }

  /**
   * Backpressure: while more than the high-water mark waits in the transport's queue (a UI that
   * asks and does not read), the next request for rows or a packet waits until half of it has
   * drained. Those are taken one at a time, so the replies queued for a UI stay bounded; the
   * engine's runs go on, and control requests (stop, pause…) are not held up.
   */
  async #drained(): Promise<void> {
    const high = this.#high;
    if (this.#transport.backlog() <= high) return;
    while (!this.#closed && this.#transport.backlog() > high / 2) await sleep(DRAIN_POLL_MS);
  }

  #send(msg: HostMessage, transfer?: ArrayBuffer[]): void {
    if (this.#closed) return;
    try {
      this.#transport.send(msg, transfer);
    } catch {
      // The UI went away mid-send; onClose follows.
    }
  }
}
