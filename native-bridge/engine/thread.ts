/**
 * EngineThread: the engine's worker thread, as the thread that spawned and owns it sees it
 * (Electron's main process, `wirepool serve`, the CLI): it starts the worker, sends it requests
 * and hands its events to a listener. Batches arrive transferred; the listener owns each
 * buffer until it calls giveBack(), which transfers it back into the worker's pool.
 */
import { Worker } from 'node:worker_threads';
import { WirepoolError, errorParts } from '../common/index.js';
import { checkCaptureOptions } from '../capture/index.js';
import { compileFilter } from '../filter/index.js';
import type { PoolStats } from '../pool/index.js';
import type { ErrorInfo, InterfaceInfo, RunStats, SourceInfo, Speed } from '../protocol/index.js';
import { workerUrl } from './worker-url.js';
import { checkReplaySpeed } from './replay.js';
import type { BatchMessage, CaptureRequest, FromWorker, ToWorker, WorkerOptions } from './worker-protocol.js';

/** One batch as the owning thread receives it: the worker's message, the buffer now the listener's. */
export type EngineBatch = BatchMessage;

export interface EngineListener {
  /** The listener owns b.buffer until giveBack(b.buffer). */
  batch(b: EngineBatch): void;
  /** At least 4 per second while a run is going. */
  stats(s: RunStats): void;
  /** A run started (file opened / capture started). */
  run(runId: number, source: SourceInfo): void;
  done(s: RunStats, error?: ErrorInfo): void;
}

export type EngineOptions = WorkerOptions;

interface Pending {
  resolve(m: FromWorker & { type: 'reply' }): void;
}

function toError(e: ErrorInfo): WirepoolError {
  return new WirepoolError(e.code, e.message, { hint: e.hint });
}

export class EngineThread {
  readonly #worker: Worker;
  readonly #listener: EngineListener;
  readonly #pending = new Map<number, Pending>();
  #capture: { available: boolean; reason?: string } = { available: false, reason: 'the engine is starting' };
  #nextRun = 1;
  #nextId = 1;
  #closed = false;
  #exitError: WirepoolError | undefined;

  private constructor(worker: Worker, listener: EngineListener) {
    this.#worker = worker;
    this.#listener = listener;
  }

  /** Starts the engine worker; resolves once it is ready. */
  static start(listener: EngineListener, options: EngineOptions = {}): Promise<EngineThread> {
    const worker = new Worker(workerUrl(), { workerData: options });
    const thread = new EngineThread(worker, listener);
    return new Promise((resolve, reject) => {
      const fail = (e: unknown): void =>
        reject(
          new WirepoolError('ENGINE_START', `the engine worker failed to start: ${e instanceof Error ? e.message : String(e)}`, {
            hint: 'run `npm run build` so dist/ holds the engine',
            cause: e,
          }),
        );
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`it exited with code ${code}`)));
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          thread.#capture = m.capture;
          worker.removeAllListeners('error');
          worker.removeAllListeners('exit');
          worker.on('error', (e) => thread.#died(e));
          worker.on('exit', (code) => thread.#died(new Error(`exit code ${code}`)));
          resolve(thread);
          return;
        }
        thread.#dispatch(m);
      });
    });
  }

  /** Replays a capture file; stops the current run first. A bad speed or filter throws here. */
  replay(file: string, opts: { speed: Speed; filter?: string }): number {
    this.#open();
    checkReplaySpeed(opts.speed);
    if (opts.filter !== undefined) compileFilter(opts.filter); // a FilterError with the column, at once
    const runId = this.#nextRun++;
    this.#send({ type: 'replay', runId, file, speed: opts.speed, filter: opts.filter });
    return runId;
  }

  /** Starts a live capture; stops the current run first. Errors (permission, filter, no binding) arrive as done(stats, error). */
  capture(opts: CaptureRequest): number {
    this.#open();
    checkCaptureOptions(opts);
    const runId = this.#nextRun++;
    this.#send({ type: 'capture', runId, opts });
    return runId;
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  resume(): void {
    this.#send({ type: 'resume' });
  }

  /** Holds the run back while the consumer is backed up: a replay waits, a capture drops and counts. */
  hold(on: boolean): void {
    this.#send({ type: 'hold', on });
  }

  stop(): void {
    this.#send({ type: 'stop' });
  }

  setSpeed(speed: Speed): void {
    checkReplaySpeed(speed);
    this.#send({ type: 'speed', speed });
  }

  /** Re-sends packets first..first+count-1 of the run as batches with refetch: true. */
  fetch(runId: number, first: number, count: number): void {
    this.#send({ type: 'fetch', runId, first, count });
  }

  /** Hands a batch buffer back to the engine's pool (transferred: the caller must not use it after). */
  giveBack(buffer: ArrayBuffer): void {
    if (this.#closed || buffer.byteLength === 0) return;
    this.#worker.postMessage({ type: 'giveBack', buffer } satisfies ToWorker, [buffer]);
  }

  interfaces(): Promise<InterfaceInfo[]> {
    return this.#request((id) => ({ type: 'interfaces', id })).then((m) => m.interfaces ?? []);
  }

  captureAvailable(): { available: boolean; reason?: string } {
    return { ...this.#capture };
  }

  /** Saves the current (or last) run's packets. */
  async save(path: string, format: 'pcap' | 'pcapng'): Promise<void> {
    await this.#request((id) => ({ type: 'save', id, path, format }));
  }

  /** The engine pool's stats now (after every buffer given back so far was taken in). */
  async poolStats(): Promise<PoolStats> {
    const m = await this.#request((id) => ({ type: 'poolStats', id }));
    return m.pool!;
  }

  /**
   * Stops the run and lets go of what it keeps for fetch and save (a capture's packets in
   * memory, its temporary spool file); the worker stays for the next run.
   */
  async endRun(): Promise<void> {
    await this.#request((id) => ({ type: 'close', id }));
  }

  /** Stops the run and ends the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#request((id) => ({ type: 'close', id }));
    } catch {
      // the worker is gone already
    }
    this.#closed = true;
    await this.#worker.terminate();
  }

  #open(): void {
    if (this.#closed) throw new WirepoolError('ENGINE_CLOSED', 'the engine was closed', { hint: 'start a new EngineThread' });
    if (this.#exitError) throw this.#exitError;
  }

  #send(m: ToWorker): void {
    if (this.#closed) return;
    this.#worker.postMessage(m);
  }

  #request(make: (id: number) => ToWorker): Promise<FromWorker & { type: 'reply' }> {
    this.#open();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (m) => (m.error ? reject(toError(m.error)) : resolve(m)),
      });
      this.#send(make(id));
    });
  }

  #dispatch(m: FromWorker): void {
    switch (m.type) {
      case 'batches':
        for (const b of m.list) this.#listener.batch(b);
        return;
      case 'stats':
        this.#listener.stats(m.stats);
        return;
      case 'run':
        this.#listener.run(m.runId, m.source);
        return;
      case 'done':
        if (m.error) this.#listener.done(m.stats, m.error);
        else this.#listener.done(m.stats);
        return;
      case 'reply': {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        p?.resolve(m);
        return;
      }
      case 'ready':
        return;
    }
  }

  #died(e: Error): void {
    if (this.#closed) return;
    this.#exitError = new WirepoolError('ENGINE_DIED', `the engine worker stopped: ${e.message}`, {
      hint: 'start a new EngineThread; please report this',
      cause: e,
    });
    const info: ErrorInfo = errorParts(this.#exitError);
    for (const p of this.#pending.values()) p.resolve({ type: 'reply', id: -1, error: info });
    this.#pending.clear();
  }
}
