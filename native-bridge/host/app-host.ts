/**
 * AppHost: the UI protocol on top of the engine, one per connected UI (an Electron window, a
 * browser tab). Validated UI messages become engine calls; engine events become messages.
 * Every failure becomes an `error` or `done` message; nothing a UI sends can crash the host.
 *
 *   UI ──ClientMessage──▶ transport ──▶ AppHost ──▶ Engine (worker thread)
 *   UI ◀──HostMessage─── transport ◀── AppHost ◀── batch (transferred) … giveBack(buffer)
 */
import { performance } from 'node:perf_hooks';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  type ClientMessage,
  type ErrorInfo,
  type HostMessage,
  type RunStats,
  type SourceInfo,
  type Speed,
} from '../protocol/index.js';
import type { Engine, EngineBatch, EngineFactory, EngineListener } from './engine-contract.js';
import { HostError, errorInfo } from './errors.js';
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
  /** The transport's backlog above which the engine is held (paused) until it drains. */
  highWaterBytes?: number;
}

const DEFAULT_HIGH_WATER = 16 * 1024 * 1024;
const DRAIN_POLL_MS = 10;

export class AppHost {
  readonly #transport: HostTransport;
  readonly #opts: AppHostOptions;
  readonly #meter = new PathMeter();
  readonly #ready: Promise<Engine | undefined>;
  #engine: Engine | undefined;
  #closed = false;
  /** The file of the last `open`, for `replay`. */
  #file: string | undefined;
  /** Speed and filter the next `run` event reports (set by the request that starts it). */
  #speed: Speed = 'max';
  #filter: string | undefined;
  #held = false;
  /** The current run when it is a live capture: what a new run would discard unless it was saved. */
  #capture: { runId: number; iface: string; packets: number; temporary: boolean; saved: boolean } | undefined;
  #drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: HostTransport, options: AppHostOptions) {
    this.#transport = transport;
    this.#opts = options;
    this.#ready = options.engine(this.#listener()).then(
      (engine) => {
        if (this.#closed) {
          void engine.close();
          return undefined;
        }
        this.#engine = engine;
        return engine;
      },
      (e: unknown) => {
        this.#send({ type: 'error', about: 'host', error: errorInfo(e) });
        return undefined;
      },
    );
    // Messages are handled in arrival order, each after the engine is up.
    let queue: Promise<void> = Promise.resolve();
    transport.onMessage((m) => {
      queue = queue.then(() => this.#handle(m));
    });
    transport.onClose(() => void this.close());
  }

  /** Bytes/s, batches/s and the main thread's time per batch through this host. */
  pathStats(): PathStats {
    return this.#meter.stats();
  }

  resetPathStats(): void {
    this.#meter.reset();
  }

  /** Electron's menu: Open and Open Recent act as if the UI had sent `open`. */
  async open(path: string): Promise<void> {
    await this.#handle({ type: 'open', path });
  }

  /** Electron's Save As: writes the current run's packets. Throws a WirepoolError on failure. */
  async save(path: string, format: 'pcap' | 'pcapng'): Promise<void> {
    const engine = await this.#ready;
    if (!engine) throw new HostError('HOST_INTERNAL', 'the engine did not start', 'restart the app');
    const capture = this.#capture;
    await engine.save(path, format);
    if (capture !== undefined) capture.saved = true;
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

  /** Ends this UI's session: stops the engine's worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#drainTimer);
    const engine = await this.#ready;
    this.#engine = undefined;
    await engine?.close();
  }

  async #handle(m: ClientMessage | ProtocolError): Promise<void> {
    if (m instanceof ProtocolError) {
      this.#send({ type: 'error', about: 'host', error: errorInfo(m) });
      return;
    }
    const engine = await this.#ready;
    if (this.#closed) return;
    if (!engine) {
      this.#send({
        type: 'error',
        about: m.type,
        error: { code: 'HOST_NO_ENGINE', message: 'the engine did not start', hint: 'see the first error; restart the app' },
      });
      return;
    }
    try {
      await this.#dispatch(engine, m);
    } catch (e) {
      this.#send({ type: 'error', about: m.type, error: errorInfo(e) });
    }
  }

  async #dispatch(engine: Engine, m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'hello': {
        this.#send({
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          version: this.#opts.version,
          capture: engine.captureAvailable(),
          desktop: this.#opts.desktop,
        });
        if (this.#opts.openOnWelcome !== undefined) await this.#dispatch(engine, { type: 'open', path: this.#opts.openOnWelcome });
        return;
      }
      case 'open':
        this.#file = m.path;
        this.#startReplay(engine, m.path, m.speed ?? 'max', m.filter);
        return;
      case 'openDialog': {
        if (!this.#opts.openDialog)
          throw new HostError('HOST_UNSUPPORTED', 'no native Open dialog in serve mode', 'type the path of a capture file on the host');
        const path = await this.#opts.openDialog();
        if (path !== undefined) await this.#dispatch(engine, { type: 'open', path });
        return;
      }
      case 'replay':
        if (this.#file === undefined)
          throw new HostError('HOST_NOTHING_OPEN', 'nothing to replay: no file is open', 'open a capture file first');
        this.#startReplay(engine, this.#file, m.speed, m.filter);
        return;
      case 'pause':
        engine.pause();
        return;
      case 'resume':
        engine.resume();
        return;
      case 'stop':
        engine.stop();
        return;
      case 'speed':
        engine.setSpeed(m.speed);
        this.#speed = m.speed;
        return;
      case 'fetch':
        engine.fetch(m.runId, m.first, m.count);
        return;
      case 'interfaces': {
        try {
          this.#send({ type: 'interfaces', interfaces: await engine.interfaces() });
        } catch (e) {
          this.#send({ type: 'interfaces', interfaces: [], error: errorInfo(e) });
        }
        return;
      }
      case 'save':
        await this.save(m.path, m.format);
        this.#send({ type: 'saved', path: m.path, format: m.format });
        return;
      case 'captureStart':
        this.#speed = 'max';
        this.#filter = m.filter;
        engine.capture({ iface: m.iface, filter: m.filter, ...(m.file !== undefined ? { file: m.file } : {}) });
        return;
      case 'captureStop':
        engine.stop();
        return;
    }
  }

  #startReplay(engine: Engine, file: string, speed: Speed, filter: string | undefined): void {
    this.#speed = speed;
    this.#filter = filter === '' ? undefined : filter;
    engine.replay(file, this.#filter === undefined ? { speed } : { speed, filter: this.#filter });
  }

  #listener(): EngineListener {
    return {
      batch: (b) => this.#relay(b),
      stats: (stats: RunStats) => {
        const c = this.#capture;
        if (c !== undefined && stats.runId === c.runId) {
          c.packets = stats.packets;
          c.temporary = stats.spool === undefined || stats.spool.temporary;
        }
        this.#send({ type: 'stats', stats });
      },
      run: (runId: number, source: SourceInfo) => {
        this.#meter.reset();
        this.#capture = source.kind === 'capture' ? { runId, iface: source.name, packets: 0, temporary: true, saved: false } : undefined;
        this.#send(
          this.#filter === undefined
            ? { type: 'run', runId, source, speed: this.#speed }
            : { type: 'run', runId, source, speed: this.#speed, filter: this.#filter },
        );
      },
      done: (stats: RunStats, error?: ErrorInfo) => this.#send(error ? { type: 'done', stats, error } : { type: 'done', stats }),
    };
  }

  /**
   * One batch from the engine to the UI: exactly one copy of its used bytes (by the transport
   * when it copies anyway, else here), then the engine's buffer goes back to its pool.
   */
  #relay(b: EngineBatch): void {
    const start = performance.now();
    try {
      if (this.#closed) return;
      if (this.#transport.copies) {
        this.#transport.send({ type: 'batch', runId: b.runId, buffer: b.buffer, first: b.first, count: b.count, refetch: b.refetch });
      } else {
        const copy = b.buffer.slice(0, b.usedBytes);
        this.#transport.send({ type: 'batch', runId: b.runId, buffer: copy, first: b.first, count: b.count, refetch: b.refetch }, [copy]);
      }
    } catch (e) {
      this.#send({ type: 'error', about: 'host', error: errorInfo(e) });
    } finally {
      this.#engine?.giveBack(b.buffer);
      this.#meter.record(start, performance.now(), b.usedBytes, b.count);
    }
    this.#checkBacklog();
  }

  /** Holds the engine while the transport's queue is above the high-water mark. */
  #checkBacklog(): void {
    const high = this.#opts.highWaterBytes ?? DEFAULT_HIGH_WATER;
    if (this.#held || this.#transport.backlog() <= high) return;
    this.#held = true;
    this.#engine?.hold(true);
    const poll = (): void => {
      if (this.#closed) return;
      if (this.#transport.backlog() > high / 2) {
        this.#drainTimer = setTimeout(poll, DRAIN_POLL_MS);
        return;
      }
      this.#held = false;
      this.#engine?.hold(false);
    };
    this.#drainTimer = setTimeout(poll, DRAIN_POLL_MS);
  }

  #send(msg: HostMessage): void {
    if (this.#closed) return;
    try {
      this.#transport.send(msg);
    } catch {
      // The UI went away mid-send; onClose follows.
    }
  }
}
