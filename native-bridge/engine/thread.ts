/**
 * EngineThread: the engine's worker thread, as the thread that spawned and owns it sees it
 * (Electron's main process, `wirepool serve`, the CLI): it starts the worker, passes it the UI's
 * engine operations (`request`) and hands its events to a listener. A result's buffer and a
 * delivered batch arrive transferred; the owner holds each until it calls giveBack(), which
 * transfers it back into the pool of the run it came from.
 */
import { Worker } from 'node:worker_threads';
import { WirepoolError, errorParts } from '../common/index.js';
import { checkCaptureOptions } from '../capture/index.js';
import type { PoolStats } from '../pool/index.js';
import type { EngineEvent, EngineOp, ErrorInfo, Notice, OpArgs, OpResult, Reply } from '../protocol/index.js';
import { workerUrl } from './worker-url.js';
import type { BatchMessage, CaptureRequest, FromWorker, GivenBack, PoolName, ToWorker, WorkerOptions } from './worker-protocol.js';

/** One batch as the owning thread receives it: the worker's message, the buffer now the listener's. */
export type EngineBatch = BatchMessage;

export interface EngineListener {
  /** What the engine says on its own: a run began, its stats, its end, the view changed, or an error no request waits for. */
  event(e: EngineEvent | Notice): void;
  /** A batch of a run started with `capture()` (delivered runs only). The listener owns b.buffer until giveBack(b.buffer, b.runId). */
  batch?(b: EngineBatch): void;
}

export type EngineOptions = WorkerOptions;

type Answer = FromWorker & { type: 'answer' };

/**
 * The young generation of each engine worker, MB (V8's default lets it grow to 48). Six pages
 * of serve hold six engine threads: with the default they reached 336-354 MB after the
 * decoders of 2026-12-08, past serve's 345 MB bound (test/serve/abuse.test.ts); with 6 MB,
 * 283-291 MB. The engine's first pass over the 300 k mixed capture took the same time either
 * way (3.95-4.43 s against 4.13 s), as `read` did with the same young generation.
 */
const ENGINE_YOUNG_GENERATION_MB = 6;

/** How long close() lets the worker end its run and close its files before terminating it. */
const CLOSE_GRACE_MS = 1000;

function toError(e: ErrorInfo): WirepoolError {
  return new WirepoolError(e.code, e.message, { hint: e.hint });
}

export class EngineThread {
  readonly #worker: Worker;
  readonly #listener: EngineListener;
  readonly #pending = new Map<number, { reply(m: Reply<EngineOp> | Answer): void }>();
  #capture: { available: boolean; reason?: string } = { available: false, reason: 'the engine is starting' };
  #nextId = 1;
  /** Buffers given back this turn, not yet sent. */
  #given: GivenBack[] = [];
  #closed = false;
  #exitError: WirepoolError | undefined;

  private constructor(worker: Worker, listener: EngineListener) {
    this.#worker = worker;
    this.#listener = listener;
  }

  /** Starts the engine worker; resolves once it is ready. */
  static start(listener: EngineListener, options: EngineOptions = {}): Promise<EngineThread> {
    const worker = new Worker(workerUrl(), {
      workerData: options,
      resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB },
    });
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

  /**
   * Carries out one of the UI's engine operations (native-bridge/protocol/ops.ts); resolves
   * with its result (a result's `buffer` is the caller's until giveBack(buffer, runId, 'view')),
   * rejects with the WirepoolError the engine answered.
   */
  request<K extends EngineOp>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    return this.#ask((id) => ({ type: 'request', id, op, args }) as ToWorker).then((m) => {
      if (m.type !== 'reply') throw new Error(`internal: the engine answered ${op} with ${m.type}`);
      if ('error' in m) throw toError(m.error);
      return m.result as OpResult<K>;
    });
  }

  /**
   * Starts a live capture whose batches come to the listener's `batch` (the CLI's capture);
   * stops the current run first. Bad options throw here; failures to open arrive as a `done`
   * event with an error.
   */
  async capture(opts: CaptureRequest): Promise<number> {
    this.#open();
    checkCaptureOptions(opts);
    const m = await this.#ask((id) => ({ type: 'capture', id, runId: 0, opts }));
    if (m.type !== 'answer' || m.runId === undefined)
      throw toError(m.type === 'answer' && m.error ? m.error : { code: 'ENGINE_INTERNAL', message: 'no run id' });
    return m.runId;
  }

  stop(): Promise<void> {
    return this.request('stop', {}).then(() => undefined);
  }

  /** Writes the current run's packets to `path`; an existing file only with `overwrite` (never the run's own). */
  save(path: string, format: 'pcap' | 'pcapng', overwrite = false): Promise<void> {
    return this.request('save', { path, format, overwrite }).then(() => undefined);
  }

  /** Holds a delivering run back while the consumer is backed up: a capture drops and counts. */
  hold(on: boolean): void {
    this.#send({ type: 'hold', on });
  }

  /** Hands a buffer back to the pool of run `runId` it came from (transferred: the caller must not use it after). */
  giveBack(buffer: ArrayBuffer, runId: number, pool: PoolName = 'run'): void {
    if (this.#closed || buffer.byteLength === 0) return;
    // Given back together once per event-loop turn: a message costs more than a batch, and each
    // wakes the worker.
    if (this.#given.push({ buffer, runId, pool }) === 1) setImmediate(this.#flushGiven);
  }

  readonly #flushGiven = (): void => {
    if (this.#given.length === 0) return;
    const list = this.#given;
    this.#given = [];
    if (this.#closed) return;
    this.#worker.postMessage(
      { type: 'giveBack', list } satisfies ToWorker,
      list.map((g) => g.buffer),
    );
  };

  captureAvailable(): { available: boolean; reason?: string } {
    return { ...this.#capture };
  }

  /** The current run's packet pool stats now (after every buffer given back so far was taken in). */
  async poolStats(): Promise<PoolStats | undefined> {
    const m = await this.#ask((id) => ({ type: 'poolStats', id }));
    return m.type === 'answer' ? m.pool : undefined;
  }

  /**
   * Stops the run and lets go of what it keeps (a capture's packets in memory, its temporary
   * spool file); the worker stays for the next run.
   */
  async endRun(): Promise<void> {
    await this.#ask((id) => ({ type: 'close', id }));
  }

  /** Stops the run and ends the worker. */
  /**
   * Ends the worker: it stops its run and closes its files (a temporary spool is removed), or,
   * if it has not done so within CLOSE_GRACE_MS (busy with a step, or stuck), it is terminated.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    let grace: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.#ask((id) => ({ type: 'close', id })),
        new Promise((resolve) => {
          grace = setTimeout(resolve, CLOSE_GRACE_MS);
        }),
      ]);
    } catch {
      // the worker is gone already
    } finally {
      clearTimeout(grace);
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
    this.#flushGiven(); // what was given back before goes first (poolStats counts it)
    this.#worker.postMessage(m);
  }

  #ask(make: (id: number) => ToWorker): Promise<Reply<EngineOp> | Answer> {
    try {
      this.#open();
    } catch (e) {
      return Promise.reject(e);
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        reply: (m) => (m.type === 'answer' && m.error ? reject(toError(m.error)) : resolve(m)),
      });
      this.#send(make(id));
    });
  }

  #dispatch(m: FromWorker): void {
    switch (m.type) {
      case 'batches':
        for (const b of m.list) {
          if (this.#listener.batch) this.#listener.batch(b);
          else this.giveBack(b.buffer, b.runId);
        }
        return;
      case 'reply':
      case 'answer': {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        p?.reply(m);
        return;
      }
      case 'ready':
        return;
      default:
        this.#listener.event(m);
    }
  }

  #died(e: Error): void {
    if (this.#closed) return;
    this.#exitError = new WirepoolError('ENGINE_DIED', `the engine worker stopped: ${e.message}`, {
      hint: 'start a new EngineThread; please report this',
      cause: e,
    });
    const info: ErrorInfo = errorParts(this.#exitError);
    for (const p of this.#pending.values()) p.reply({ type: 'answer', id: -1, error: info });
    this.#pending.clear();
    this.#listener.event({ type: 'error', error: info });
  }
}
