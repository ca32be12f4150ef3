import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { BatchBuilder, type BatchBuilderOptions, type SealedBatch } from '../batch/index.js';
import type { CaptureFormat, InterfaceInfo } from '../formats/index.js';
import { BufferPool, type GiveBackResult, type PoolStats } from '../pool/index.js';
import { Pacer, WirepoolError, checkSpeed, type Speed } from '../common/index.js';
import { DissectSession, dissectFrame } from '../dissect/index.js';
import { compileFilter, type CompiledFilter } from '../filter/index.js';
import { ChunkBatcher, tally, type StepCounts } from './chunk-batcher.js';

export interface ReplayOptions {
  /** The pool for file chunks and batches; a default pool when omitted. */
  pool?: BufferPool;
  /** A multiple of the recorded timing, or 'max' (the default) for as fast as possible. */
  speed?: Speed;
  /** How often onStats fires, in ms. */
  statsIntervalMs?: number;
  /** A batch never waits longer than this for more packets, in ms. */
  flushIntervalMs?: number;
  /**
   * Where file chunks come from: by default a pool of its own with one 256 KiB tier, so reads
   * are large (few syscalls, few records straddling two chunks) and the packet tiers' stats
   * show packets and batches only.
   */
  chunkPool?: BufferPool;
  /** File read size; defaults to the chunk pool's largest tier. */
  chunkSize?: number;
  batch?: BatchBuilderOptions;
  /**
   * At max speed without a filter, from this average record size (bytes) on a file chunk
   * travels whole as its own batch, so large packets are never copied after the kernel's
   * read. Default 2048 (the size above which the packer would send a packet alone anyway);
   * Infinity always packs.
   */
  zeroCopyMin?: number;
  /** Receives each batch and owns its lease: release it, or transfer() it and give it back. */
  onBatch: (batch: SealedBatch) => void;
  /**
   * A display filter (Wireshark's syntax): only the frames it passes go into batches. Compiled
   * once when the engine is made, so a bad filter fails there with its column.
   */
  filter?: string;
  onStats?: (stats: ReplayStats) => void;
}

export interface ReplayStats {
  file: string;
  packets: number;
  /** Captured bytes delivered. */
  bytes: number;
  /** Bytes on the wire (frame.len) of those packets. */
  wireBytes: number;
  batches: number;
  seconds: number;
  fileBytesRead: number;
  fileSize: number;
  /** Frames the display filter did not pass (not in `packets`). */
  filteredOut: number;
  /** The file-chunk pool: one acquisition per read. */
  chunks: PoolStats;
  state: 'running' | 'paused' | 'done' | 'stopped' | 'failed';
  pool: PoolStats;
}

export interface ReplaySummary extends ReplayStats {
  /**
   * Set when the file is malformed past some point (a CaptureFormatError, with the offset) or
   * could not be read further (a CaptureIoError); every frame before it was delivered.
   */
  error: WirepoolError | undefined;
}

export const DEFAULT_CHUNK_SIZE = 256 * 1024;

/** The speed, if valid; else ENGINE_BAD_SPEED (thrown by EngineThread at once, and by the engine). */
export function checkReplaySpeed(speed: unknown): Speed {
  return checkSpeed(speed, (message, hint) => new WirepoolError('ENGINE_BAD_SPEED', `replay ${message}`, { hint }));
}
const SLICE_MS = 8; // longest run of work before the event loop gets a turn

/**
 * Replays a capture file through the pool: file chunks are read into pooled buffers, frames
 * (zero-copy views into them) are packed into pooled batches, and batches go to `onBatch`.
 * Work runs in short slices so timers and messages keep flowing during a max-speed replay.
 */
export class ReplayEngine {
  readonly pool: BufferPool;
  readonly chunkPool: BufferPool;
  readonly #file: string;
  readonly #opts: ReplayOptions;
  readonly #source: ChunkBatcher;
  readonly #builder: BatchBuilder;
  readonly #counts: StepCounts = { packets: 0, bytes: 0, wireBytes: 0 };
  #batches = 0;
  #startMs = -1;
  #endMs = -1;
  #state: ReplayStats['state'] = 'running';
  #resume: (() => void) | undefined;
  #pauseStarted = 0;
  #pacer: Pacer;
  readonly #statsInterval: number;
  #nextStats = 0;
  readonly #filter: CompiledFilter | undefined;
  readonly #session: DissectSession | undefined;
  #filteredOut = 0;

  /** Opens the file at once, so a missing or unreadable file fails here with a clear error. */
  constructor(file: string, options: ReplayOptions) {
    this.#file = file;
    this.#opts = options;
    this.#pacer = new Pacer(checkReplaySpeed(options.speed ?? 'max'));
    this.#statsInterval = options.statsIntervalMs ?? 250;
    this.#filter = options.filter === undefined ? undefined : compileFilter(options.filter);
    this.pool = options.pool ?? new BufferPool();
    this.chunkPool = options.chunkPool ?? new BufferPool({ tiers: [DEFAULT_CHUNK_SIZE], capacity: 4 });
    // The filter sees each frame once, in order: the session keeps nothing per frame for revisits.
    this.#session = this.#filter === undefined ? undefined : new DissectSession(this.pool, { revisits: false });
    this.#builder = new BatchBuilder(
      this.pool,
      (batch) => {
        this.#batches++;
        options.onBatch(batch);
      },
      options.batch,
    );
    const chunkSize = options.chunkSize ?? this.chunkPool.maxPooledSize;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1024)
      throw new RangeError(`chunkSize must be a whole number >= 1024, got ${String(options.chunkSize)}`);
    this.#source = new ChunkBatcher(file, {
      pool: this.pool,
      chunkPool: this.chunkPool,
      chunkSize,
      builder: this.#builder,
      emit: (batch) => {
        this.#batches++;
        options.onBatch(batch);
      },
      zeroCopyMin: options.zeroCopyMin ?? 2048,
    });
  }

  /**
   * Takes back a batch buffer that left through `lease.transfer()`, into the pool it came
   * from: a chunk-sized one (a zero-copy batch) to the chunk pool, the others to the packet
   * pool. An oversize buffer (a record larger than a chunk) is counted back where one is out.
   */
  giveBack(buffer: ArrayBuffer): GiveBackResult {
    const len = buffer.byteLength;
    const chunks = this.chunkPool;
    const toChunks =
      chunks.tierSizes.includes(len) ||
      (len > chunks.maxPooledSize && len > this.pool.maxPooledSize && chunks.stats().oversize.outstanding > 0);
    return (toChunks ? chunks : this.pool).giveBack(buffer);
  }

  /** The file's format and interfaces (pcapng: those described so far). */
  get format(): CaptureFormat {
    return this.#source.format;
  }

  get interfaces(): readonly InterfaceInfo[] {
    return this.#source.interfaces;
  }

  /**
   * Changes the speed while running: from the next frame on, frames are due at the new
   * multiple of their recorded spacing, counted from the frame where the change happened.
   */
  setSpeed(speed: Speed): void {
    this.#pacer = new Pacer(checkReplaySpeed(speed));
  }

  pause(): void {
    if (this.#state !== 'running') return;
    this.#state = 'paused';
    this.#pauseStarted = performance.now();
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#state = 'running';
    this.#resume?.();
  }

  /** Ends the replay after the current slice; what was read so far is still delivered. */
  stop(): void {
    if (this.#state === 'running' || this.#state === 'paused') {
      this.#state = 'stopped';
      this.#resume?.();
    }
  }

  stats(): ReplayStats {
    return {
      file: this.#file,
      packets: this.#counts.packets,
      bytes: this.#counts.bytes,
      wireBytes: this.#counts.wireBytes,
      batches: this.#batches,
      filteredOut: this.#filteredOut,
      seconds: this.#startMs < 0 ? 0 : ((this.#endMs < 0 ? performance.now() : this.#endMs) - this.#startMs) / 1000,
      fileBytesRead: this.#source.bytesRead,
      fileSize: this.#source.fileSize,
      chunks: this.chunkPool.stats(),
      state: this.#state,
      pool: this.pool.stats(),
    };
  }

  async run(): Promise<ReplaySummary> {
    if (this.#startMs >= 0)
      throw new WirepoolError('ENGINE_ALREADY_RUN', `the replay of ${this.#file} was already started`, {
        hint: 'create a new ReplayEngine for each replay',
      });
    const { flushIntervalMs = 50 } = this.#opts;
    const source = this.#source;
    const builder = this.#builder;
    this.#startMs = performance.now();
    this.#nextStats = this.#startMs + this.#statsInterval;
    let lastFlush = this.#startMs;
    let error: WirepoolError | undefined;
    try {
      outer: for (;;) {
        const sliceEnd = performance.now() + SLICE_MS;
        if (!this.#pacer.paced && this.#filter === undefined) {
          // As fast as possible: a file chunk at a time, zero-copy where packets are large.
          while (this.#state === 'running' && performance.now() < sliceEnd) {
            if (!source.step(this.#counts)) break outer;
          }
        } else if (!(await this.#frames(sliceEnd))) {
          break;
        }
        const now = performance.now();
        if (now - lastFlush >= flushIntervalMs) {
          builder.flush({ idle: true });
          lastFlush = now;
        }
        this.#maybeStats();
        if (this.#state === 'paused') await this.#whilePaused();
        if (this.#stopped()) break;
        await nextTurn();
      }
    } catch (e) {
      // A malformed file or a failed read (CaptureFormatError, CaptureIoError) ends the replay
      // with what was read; anything else is a bug and propagates.
      if (!(e instanceof WirepoolError)) {
        builder.discard();
        source.close();
        this.#endMs = performance.now();
        this.#state = 'failed';
        throw e;
      }
      error = e;
    }
    builder.flush({ last: true });
    source.close();
    this.#endMs = performance.now();
    if (this.#state !== 'stopped') this.#state = error ? 'failed' : 'done';
    const summary: ReplaySummary = { ...this.stats(), error };
    this.#opts.onStats?.(summary);
    return summary;
  }

  /**
   * One slice of frame-at-a-time replay (paced, or filtered: every frame is looked at).
   * Returns false at the end of the file or when stopped.
   */
  async #frames(sliceEnd: number): Promise<boolean> {
    const source = this.#source;
    const builder = this.#builder;
    const counts = this.#counts;
    for (let n = 1; this.#state === 'running'; n++) {
      // At the top, so frames the filter skips count towards the slice too.
      if ((n & 63) === 0 && performance.now() >= sliceEnd) break;
      const frame = source.nextFrame();
      if (frame === undefined) return false;
      if (this.#filter !== undefined) {
        // Every frame is dissected, in order, so reassembly and stream state see them all;
        // only the ones the filter passes travel on.
        const d = dissectFrame(frame, frame.data.bytes, this.#session!);
        if (!this.#filter.matches(d.tree)) {
          this.#filteredOut++;
          continue;
        }
      }
      const due = this.#pacer.paced ? this.#pacer.next(frame.sec, frame.nsec, performance.now()) : 0;
      if (due > performance.now()) {
        builder.flush({ idle: true }); // what is packed goes out before the pause
        await this.#waitFor(frame.sec, frame.nsec, due); // the frame stays valid: the source moves on only at nextFrame()
        if (this.#stopped()) return false;
      }
      builder.add(frame, frame.data.bytes);
      tally(counts, frame);
    }
    return true;
  }

  /** A method, not an inline test: the state changes across awaits, which narrowing cannot see. */
  #stopped(): boolean {
    return this.#state === 'stopped';
  }

  #maybeStats(): void {
    const now = performance.now();
    if (this.#opts.onStats === undefined || now < this.#nextStats) return;
    this.#opts.onStats(this.stats());
    this.#nextStats = Math.max(this.#nextStats + this.#statsInterval, now);
  }

  /**
   * Sleeps until the frame stamped (sec, nsec) is due (at `due` ms), in steps short enough to
   * keep stats on schedule. A pause moves it on; a new speed schedules it anew (due at once,
   * the new schedule counted from it).
   */
  async #waitFor(sec: number, nsec: number, due: number): Promise<void> {
    let pacer = this.#pacer;
    for (;;) {
      if (this.#state === 'paused') due += await this.#whilePaused();
      if (this.#state === 'stopped') return;
      const now = performance.now();
      if (this.#pacer !== pacer) {
        pacer = this.#pacer;
        due = pacer.next(sec, nsec, now);
      }
      const wait = due - now;
      if (wait <= 0) return;
      await sleep(Math.max(1, Math.min(wait, this.#nextStats - now)));
      this.#maybeStats();
    }
  }

  /** Waits while paused; returns how long the pause was (ms), by which the schedule moved. */
  async #whilePaused(): Promise<number> {
    this.#opts.onStats?.(this.stats());
    await new Promise<void>((resolve) => (this.#resume = resolve));
    this.#resume = undefined;
    const ms = performance.now() - this.#pauseStarted;
    this.#pacer.paused(ms);
    return ms;
  }
}
