import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { BatchBuilder, type BatchBuilderOptions, type SealedBatch } from '../batch/index.js';
import type { CaptureFormat, Frame, InterfaceInfo } from '../formats/index.js';
import { BufferPool, combineStats, type GiveBackResult, type PoolStats } from '../pool/index.js';
import { Pacer, WirepoolError, checkSpeed, type Speed } from '../common/index.js';
import { DissectSession, ProtoTree, countDisplayedOnly, dissectFrame, frameDisplayed } from '../dissect/index.js';
import { compileFilter, type CompiledFilter } from '../filter/index.js';
import { ChunkBatcher, tally, type StepCounts } from './chunk-batcher.js';

export interface ReplayOptions {
  /** The pool for file chunks and batches; a default pool when omitted. */
  pool?: BufferPool;
  /** A multiple of the recorded timing, or 'max' (the default) for as fast as possible. */
  speed?: Speed;
  /** How often onStats fires, in ms. */
  statsIntervalMs?: number;
  /**
   * When frames are taken one at a time (paced or filtered), a batch never waits longer than
   * this for more packets, in ms. At max speed batches are sealed when full, before a pause
   * and at the end, never by the clock, so two runs of a file make the same batches.
   */
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
  /** Sees every frame that goes into a batch, in file order, before it does (valid during the call). */
  onFrame?: (frame: Frame) => void;
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
  /** The packet pool: packed batches, and packets that travel alone. */
  pool: PoolStats;
  /**
   * The run's hit rate over every tier it used, packet tiers and file chunks alike: all hits
   * over all acquisitions, oversize ones counted as misses (`combineStats(pool, chunks)`). At max
   * speed the chunks of large packets are the batches themselves, so `pool.hitRate` alone
   * leaves most of the traffic out.
   */
  hitRate: number;
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
  /** One tree for every frame the filter looks at, keeping only the nodes it reads. */
  readonly #tree: ProtoTree;
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
    // Dissection state (IP reassembly buffers) lives in a pool of the session's own: it outlives
    // batches (completed datagrams are kept for later fragments) and has no end of its own, so in
    // the packet pool it would stay outstanding after the run and count as batch traffic. The
    // filter sees each frame once, in order: the session keeps nothing per frame for revisits.
    this.#session = this.#filter === undefined ? undefined : new DissectSession(new BufferPool(), { revisits: false });
    this.#tree = new ProtoTree({ summary: true, keep: this.#filter?.fields ?? [] });
    if (this.#session !== undefined) countDisplayedOnly(this.#session); // frame.time_delta_displayed counts from the frames passed
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
      onFrame: options.onFrame,
    });
  }

  /**
   * Takes back a batch buffer that left through `lease.transfer()`, into the pool that lent it:
   * the one with a buffer of its length away (a zero-copy batch is a chunk-pool buffer, tier or
   * oversize; a packed one a packet-pool buffer). The pools' tiers may share a size; then,
   * when both have one of that size away, either takes it back: buffers of one size are alike,
   * and the other's, when it comes, goes to the pool still missing one. A buffer neither lent
   * (a stranger, a second give-back) goes by size: a chunk-tier size to the chunk pool.
   */
  giveBack(buffer: ArrayBuffer): GiveBackResult {
    const len = buffer.byteLength;
    const chunks = this.chunkPool;
    const toChunks = chunks.hasAway(len) || (!this.pool.hasAway(len) && chunks.tierSizes.includes(len));
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

  /**
   * Ends the replay after the current slice; what was read so far is still delivered. Before
   * run(), the file is closed at once (its first chunk, read when the engine was made, goes
   * back), so an engine stopped and never run holds nothing.
   */
  stop(): void {
    if (this.#state === 'running' || this.#state === 'paused') {
      this.#state = 'stopped';
      if (this.#startMs < 0) this.#source.close();
      this.#resume?.();
    }
  }

  stats(): ReplayStats {
    const pool = this.pool.stats();
    const chunks = this.chunkPool.stats();
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
      chunks,
      state: this.#state,
      pool,
      hitRate: combineStats(pool, chunks).hitRate,
    };
  }

  async run(): Promise<ReplaySummary> {
    if (this.#startMs >= 0)
      throw new WirepoolError('ENGINE_ALREADY_RUN', `the replay of ${this.#file} was already started`, {
        hint: 'create a new ReplayEngine for each replay',
      });
    this.#startMs = performance.now();
    this.#nextStats = this.#startMs + this.#statsInterval;
    let error: WirepoolError | undefined;
    try {
      error = await this.#read();
      this.#builder.flush({ last: true });
    } catch (e) {
      // Not the file's fault: a bug, ours or the consumer's (onBatch threw, also for the
      // closing batch). It propagates once the engine has let go of every buffer it holds.
      this.#builder.discard();
      this.#state = 'failed';
      throw e;
    } finally {
      this.#source.close();
      this.#endMs = performance.now();
    }
    if (this.#state !== 'stopped') this.#state = error ? 'failed' : 'done';
    const summary: ReplaySummary = { ...this.stats(), error };
    this.#opts.onStats?.(summary);
    return summary;
  }

  /**
   * Reads the file into batches, slice by slice, until its end or a stop. A malformed file or a
   * failed read (CaptureFormatError, CaptureIoError) ends it too, with every frame before the
   * fault delivered: that error is returned; anything else is thrown.
   */
  async #read(): Promise<WirepoolError | undefined> {
    const { flushIntervalMs = 50 } = this.#opts;
    const source = this.#source;
    let lastFlush = this.#startMs;
    try {
      for (;;) {
        const sliceEnd = performance.now() + SLICE_MS;
        if (!this.#pacer.paced && this.#filter === undefined) {
          // As fast as possible: a file chunk at a time, zero-copy where packets are large.
          while (this.#state === 'running' && performance.now() < sliceEnd) {
            if (!source.step(this.#counts)) return undefined;
          }
        } else if (!(await this.#frames(sliceEnd))) {
          return undefined;
        }
        // Frames taken one at a time (paced or filtered) may trickle in: a batch goes out at
        // least every flushIntervalMs. At max speed a batch fills at once, so the clock is kept
        // out: batches (and so the pool's counters) depend on the file alone, run after run.
        const now = performance.now();
        if (now - lastFlush >= flushIntervalMs && (this.#pacer.paced || this.#filter !== undefined)) {
          this.#builder.flush({ idle: true });
          lastFlush = now;
        }
        this.#maybeStats();
        if (this.#state === 'paused') {
          this.#builder.flush({ idle: true }); // no packet waits out a pause in an open batch
          await this.#whilePaused();
        }
        if (this.#stopped()) return undefined;
        await nextTurn();
      }
    } catch (e) {
      if (e instanceof WirepoolError) return e;
      throw e;
    }
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
        const d = dissectFrame(frame, frame.data.bytes, this.#session!, this.#tree);
        if (!this.#filter.matches(d.tree)) {
          this.#filteredOut++;
          continue;
        }
        frameDisplayed(this.#session!, frame);
      }
      const due = this.#pacer.paced ? this.#pacer.next(frame.sec, frame.nsec, performance.now()) : 0;
      if (due > performance.now()) {
        builder.flush({ idle: true }); // what is packed goes out before the pause
        await this.#waitFor(frame.sec, frame.nsec, due); // the frame stays valid: the source moves on only at nextFrame()
        if (this.#stopped()) return false;
      }
      this.#opts.onFrame?.(frame);
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
    // onStats may have resumed or stopped the run already: then there is nothing to wait for.
    if (this.#state === 'paused') {
      await new Promise<void>((resolve) => (this.#resume = resolve));
      this.#resume = undefined;
    }
    const ms = performance.now() - this.#pauseStarted;
    this.#pacer.paused(ms);
    return ms;
  }
}
