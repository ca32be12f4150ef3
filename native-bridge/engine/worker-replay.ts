import { BatchView } from '../batch/index.js';
import { WirepoolError } from '../common/errors.js';
import { type FileId, openCapture } from '../formats/index.js';
import { BufferPool } from '../pool/index.js';
import type { RunStats, SourceInterface, Speed } from '../protocol/index.js';
import { ReplayEngine, type ReplayStats } from './replay.js';
import { FileBytes, type PacketLocator, type RereadOptions } from './worker-records.js';
import { reread, saveRun, type PacketSource, type Run, type RunContext } from './worker-run.js';
import { errorInfo } from './worker-protocol.js';

const REREAD_CHUNK = 256 * 1024;

/**
 * The interfaces a file describes before its first packet (pcapng IDBs, or pcap's one), as
 * the run message names them (pcapng: the id within the section, as batches carry it; pcap: 0).
 */
export function sourceInterfaces(file: string): SourceInterface[] {
  const pool = new BufferPool({ tiers: [64 * 1024], capacity: 1 });
  const r = openCapture(file, { pool });
  try {
    return r.interfaces.map((i) => ({ id: i.id, name: i.name ?? '', linkType: i.linkType }));
  } finally {
    r.close();
  }
}

/**
 * A replay of a capture file inside the worker: ReplayEngine drives the file's packets through
 * the run's pools at the chosen pace, and every frame goes to the store's first pass on its way
 * (ctx.frame, with its record's offset, so any packet can be read back from the file).
 */
export class ReplayRun implements Run {
  readonly runId: number;
  readonly engine: ReplayEngine;
  readonly #ctx: RunContext;
  readonly #file: string;
  readonly #locator: PacketLocator;
  #delivered = 0;
  #userPaused = false;
  #held = false;
  #bytes: FileBytes | undefined;
  /** The file replayed (device and inode): a save never replaces it. */
  readonly #fileId: FileId;
  /** Interfaces the file had described when its first packet came: more later means the bytes before that packet are not a full primer. */
  #ifacesAtFirst = -1;

  /** `locator`: where the store says each packet is (it learns that from ctx.frame). */
  constructor(ctx: RunContext, runId: number, file: string, speed: Speed, locator: PacketLocator) {
    this.runId = runId;
    this.#ctx = ctx;
    this.#file = file;
    this.#locator = locator;
    this.engine = new ReplayEngine(file, {
      pool: ctx.pool,
      speed,
      statsIntervalMs: 200,
      onFrame: (frame) => {
        if (this.#ifacesAtFirst < 0) this.#ifacesAtFirst = this.engine.interfaces.length;
        ctx.frame(frame, frame.data.bytes, frame.fileOffset);
      },
      onBatch: (batch) => {
        const first = this.#delivered;
        this.#delivered += batch.count;
        ctx.batch(batch, first, new BatchView(batch.lease.buffer).last);
      },
      onStats: (s) => ctx.stats(this.#runStats(s)),
    });
    try {
      this.#bytes = new FileBytes(file);
    } catch (e) {
      this.engine.stop(); // never run: its file closes and its first chunk goes back
      throw e;
    }
    this.#fileId = this.#bytes.id;
  }

  get chunkPool(): BufferPool {
    return this.engine.chunkPool;
  }

  async run(): Promise<void> {
    try {
      const summary = await this.engine.run();
      this.#ctx.done(this.#runStats(summary), summary.error ? errorInfo(summary.error) : undefined);
    } catch (e) {
      this.#ctx.done(this.#runStats(this.engine.stats()), errorInfo(e));
    }
  }

  pause(): void {
    this.#userPaused = true;
    this.engine.pause();
  }

  resume(): void {
    this.#userPaused = false;
    if (!this.#held) this.engine.resume();
  }

  stop(): void {
    this.engine.stop();
  }

  setSpeed(speed: Speed): void {
    this.engine.setSpeed(speed);
  }

  hold(on: boolean): void {
    if (on === this.#held) return;
    this.#held = on;
    if (on) this.engine.pause();
    else if (!this.#userPaused) this.engine.resume();
  }

  count(): number {
    return this.#locator.count;
  }

  packets(first: number, count: number): PacketSource {
    return reread(this.#reread(), first, Math.max(0, Math.min(count, this.#locator.count - first)));
  }

  save(path: string, format: 'pcap' | 'pcapng', overwrite: boolean): void {
    const ifaces = this.engine.interfaces.map((i) => ({ linkType: i.linkType, name: i.name, snaplen: i.snaplen }));
    saveRun(this.#reread(), path, format, ifaces, { overwrite, protect: [this.#fileId] });
  }

  close(): void {
    this.#bytes?.close();
    this.#bytes = undefined;
  }

  #reread(): RereadOptions {
    if (this.#locator.count === 0)
      throw new WirepoolError('ENGINE_NO_PACKETS', `${this.#file}: no packet was read yet`, { hint: 'wait for the replay to start' });
    this.#bytes ??= new FileBytes(this.#file);
    return {
      source: this.#bytes,
      index: this.#locator,
      primerEnd: this.#locator.offset(0),
      headerOnly: this.engine.interfaces.length === this.#ifacesAtFirst,
      pool: this.#ctx.viewPool,
      chunkPool: this.#ctx.viewPool,
      chunkSize: REREAD_CHUNK,
    };
  }

  #runStats(s: ReplayStats): RunStats {
    const state = s.state === 'paused' && !this.#userPaused ? 'running' : s.state;
    return {
      runId: this.runId,
      kind: 'replay',
      state,
      packets: s.packets,
      bytes: s.bytes,
      batches: s.batches,
      seconds: s.seconds,
      fileBytesRead: s.fileBytesRead,
      fileSize: s.fileSize,
      filteredOut: s.filteredOut,
      pool: s.pool,
      chunks: s.chunks,
      at: Date.now(),
    };
  }
}
