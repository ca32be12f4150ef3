/**
 * The engine worker thread: runs replays and live captures off the main thread. Batches go to
 * the host by transfer (zero copy) and come back with `giveBack`, into the pool they came
 * from (a live capture keeps its own in its memory store first). When more than `memoryBudget`
 * bytes of batches are away, or the host says its transport is backed up (`hold`), the run
 * holds back (a replay waits, a capture drops and counts) until the host gives enough back.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { SealedBatch } from '../batch/index.js';
import { WirepoolError } from '../common/errors.js';
import { BufferPool, DEFAULT_TIERS, defaultCapacity } from '../pool/index.js';
import type { ErrorInfo, RunStats } from '../protocol/index.js';
import { captureAvailability, deviceInterfaces, loadCap } from '../capture/index.js';
import { WorkerCapture } from './worker-capture.js';
import {
  DEFAULT_MEMORY_BUDGET,
  errorInfo,
  type BatchMessage,
  type FromWorker,
  type ToWorker,
  type WorkerOptions,
} from './worker-protocol.js';
import { ReplayRun, sourceInterfaces } from './worker-replay.js';
import type { Run, RunContext } from './worker-run.js';

const port = parentPort!;
const options = (workerData ?? {}) as WorkerOptions;
const budget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
const tiers = options.pool?.tiers ?? DEFAULT_TIERS;
// Up to `budget` bytes of batches may be away at the host at once, and they all come back. Each
// tier keeps as many free buffers as the budget holds (at least its usual capacity), so a flood
// that fills the budget with one tier's buffers finds them all again on the next burst instead
// of dropping them on return and allocating anew: steady-state capture allocates nothing.
const capacity =
  options.pool?.capacity ?? tiers.map((size, i) => Math.max(defaultCapacity(options.pool?.tiers, i), Math.ceil(budget / size)));
const pool = new BufferPool({ tiers, capacity });

let run: Run | undefined;
/** Bytes of batches at the host now. */
let awayBytes = 0;
/** Why the run is held back: too many batch bytes away, or the host's transport is backed up. */
let budgetHeld = false;
let hostHeld = false;

function setHeld(budget: boolean, host: boolean): void {
  if (budget === budgetHeld && host === hostHeld) return;
  const was = budgetHeld || hostHeld;
  budgetHeld = budget;
  hostHeld = host;
  if (was !== (budget || host)) run?.hold(budget || host);
}
/** Buffers of a run's own pool (replay file chunks sent whole) away, by size: they go back there. */
const foreignAway = new Map<number, { pool: BufferPool; count: number }>();

// Batches leave together, once per event-loop turn (or every 256): a postMessage costs far
// more than a batch, and a flood of 64 KiB frames makes one batch per frame.
let queued: BatchMessage[] = [];
let transfers: ArrayBuffer[] = [];
let flushScheduled = false;

function flushBatches(): void {
  flushScheduled = false;
  if (queued.length === 0) return;
  port.postMessage({ type: 'batches', list: queued } satisfies FromWorker, transfers);
  queued = [];
  transfers = [];
}

function queueBatch(m: BatchMessage): void {
  queued.push(m);
  transfers.push(m.buffer);
  if (queued.length >= 256) flushBatches();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushBatches);
  }
}

/** Any other message goes after the batches queued before it. */
function post(m: FromWorker): void {
  flushBatches();
  port.postMessage(m);
}

function contextFor(runId: number, foreign?: () => BufferPool): RunContext {
  return {
    pool,
    batch(batch: SealedBatch, first: number, refetch: boolean, last: boolean) {
      const buffer = batch.lease.transfer();
      const size = buffer.byteLength;
      if (foreign !== undefined && !pool.tierSizes.includes(size)) {
        const entry = foreignAway.get(size) ?? { pool: foreign(), count: 0 };
        entry.count++;
        foreignAway.set(size, entry);
      }
      awayBytes += size;
      queueBatch({ runId, buffer, usedBytes: batch.usedBytes, first, count: batch.count, refetch, last });
      if (awayBytes > budget) setHeld(true, hostHeld);
    },
    stats: (stats: RunStats) => post({ type: 'stats', stats }),
    done: (stats: RunStats, error?: ErrorInfo) => {
      post(error ? { type: 'done', stats, error } : { type: 'done', stats });
      ended = awayBytes > 0 ? { stats, chunks: foreign?.() } : undefined;
    },
    away: () => awayBytes,
  };
}

/**
 * The last stats of a run that ended while some of its batches were still at the host. The
 * pool's numbers in them show those buffers outstanding; once every buffer is back, the run's
 * stats go out once more, so the last word on the pool is the true one (nothing outstanding).
 */
let ended: { stats: RunStats; chunks: BufferPool | undefined } | undefined;

function giveBack(buffer: ArrayBuffer): void {
  const size = buffer.byteLength;
  awayBytes = Math.max(0, awayBytes - size);
  const foreign = foreignAway.get(size);
  if (foreign !== undefined && foreign.count > 0) {
    foreign.count--;
    foreign.pool.giveBack(buffer);
  } else if (run?.takeBack?.(buffer) !== true) {
    pool.giveBack(buffer);
  }
  if (awayBytes <= budget / 2) setHeld(false, hostHeld);
  if (ended !== undefined && awayBytes === 0) {
    const { stats, chunks } = ended;
    const memory = run?.runId === stats.runId ? run.memory?.() : undefined;
    post({
      type: 'stats',
      stats: { ...stats, pool: pool.stats(), ...(chunks ? { chunks: chunks.stats() } : {}), ...(memory ? { memory } : {}), at: Date.now() },
    });
    ended = undefined;
  }
}

function startReplay(runId: number, file: string, speed: ToWorker & { type: 'replay' }): void {
  let r: ReplayRun;
  const ctx = contextFor(runId, () => r.chunkPool);
  try {
    r = new ReplayRun(ctx, runId, file, speed.speed, speed.filter);
  } catch (e) {
    post({ type: 'done', stats: emptyStats(runId, 'replay'), error: errorInfo(e) });
    return;
  }
  run = r;
  if (budgetHeld || hostHeld) r.hold(true);
  const e = r.engine;
  post({
    type: 'run',
    runId,
    source: { kind: 'replay', name: file, format: e.format, size: e.stats().fileSize, interfaces: sourceInterfaces(file) },
  });
  void r.run();
}

function emptyStats(runId: number, kind: 'replay' | 'capture'): RunStats {
  return { runId, kind, state: 'failed', packets: 0, bytes: 0, batches: 0, seconds: 0, filteredOut: 0, pool: pool.stats(), at: Date.now() };
}

function replaceRun(): void {
  ended = undefined;
  if (run === undefined) return;
  run.stop();
  run.close();
  run = undefined;
}

/**
 * Messages that arrive while a live capture drains libpcap are taken in from inside its packet
 * handler (pollMessages). Only those that cannot disturb the run there are handled at once;
 * the rest wait for the next turn of the event loop, in order.
 */
const NOW_IN_CAPTURE = new Set<ToWorker['type']>(['giveBack', 'stop', 'pause', 'resume', 'hold', 'poolStats', 'speed']);
let deferred: ToWorker[] = [];

function pollMessages(): void {
  flushBatches();
  for (let r = receiveMessageOnPort(port); r !== undefined; r = receiveMessageOnPort(port)) {
    const m = r.message as ToWorker;
    if (deferred.length === 0 && NOW_IN_CAPTURE.has(m.type)) handle(m);
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
    case 'giveBack':
      giveBack(m.buffer);
      return;
    case 'replay':
      replaceRun();
      startReplay(m.runId, m.file, m);
      return;
    case 'capture': {
      replaceRun();
      const c = new WorkerCapture(contextFor(m.runId), m.runId, m.opts, { post, poll: pollMessages }, budget);
      run = c;
      if (budgetHeld || hostHeld) c.hold(true);
      void c.start();
      return;
    }
    case 'pause':
      run?.pause();
      return;
    case 'resume':
      run?.resume();
      return;
    case 'hold':
      setHeld(budgetHeld, m.on);
      return;
    case 'stop':
      run?.stop();
      return;
    case 'speed':
      run?.setSpeed(m.speed);
      return;
    case 'fetch':
      if (run === undefined || run.runId !== m.runId) return; // a stale request for an old run
      try {
        run.fetch(m.first, m.count);
      } catch (e) {
        post({ type: 'reply', id: -1, error: errorInfo(e) });
      }
      return;
    case 'save': {
      const { id, path, format } = m;
      const saving = async (): Promise<void> => {
        if (run === undefined)
          throw new WirepoolError('ENGINE_NO_RUN', `nothing to save to ${path}: no file was replayed and no capture was made`, {
            hint: 'replay a file or capture first',
          });
        await run.save(path, format);
      };
      saving().then(
        () => post({ type: 'reply', id }),
        (e: unknown) => post({ type: 'reply', id, error: errorInfo(e) }),
      );
      return;
    }
    case 'interfaces':
      try {
        post({ type: 'reply', id: m.id, interfaces: deviceInterfaces(loadCap()) });
      } catch (e) {
        post({ type: 'reply', id: m.id, error: errorInfo(e) });
      }
      return;
    case 'poolStats':
      post({ type: 'reply', id: m.id, pool: pool.stats() });
      return;
    case 'close':
      replaceRun();
      post({ type: 'reply', id: m.id });
      return;
  }
}

post({ type: 'ready', capture: captureAvailability() });
