import { BatchView } from '../batch/index.js';
import { WirepoolError } from '../common/errors.js';
import { openCapture, type CaptureReader } from '../formats/index.js';
import { BufferPool } from '../pool/index.js';
import type { RunStats, SourceInterface, Speed } from '../protocol/index.js';
import { ReplayEngine, type ReplayStats } from './replay.js';
import { FileBytes, type PacketLocator, type RereadOptions } from './worker-records.js';
import { refetch, reread, saveRun, type Run, type RunContext } from './worker-run.js';
import { errorInfo } from './worker-protocol.js';

const REREAD_CHUNK = 256 * 1024;

/**
 * Run index → record offset for a replay. Frame numbers come from the batches as they go
 * out (8 bytes a packet); offsets by frame number are learnt lazily, by one scan of the file
 * up to the highest packet asked for, the first time fetch or save needs them.
 */
class ReplayLocator implements PacketLocator {
  #numbers = new Float64Array(1024);
  #count = 0;
  #offsets = new Float64Array(1024); // by frame number - 1
  #scanned = 0;
  #scan: CaptureReader | undefined;
  firstOffset = -1;
  #ifacesAtFirst = 0;
  headerOnly = true;
  readonly #file: string;
  readonly #pool = new BufferPool({ tiers: [REREAD_CHUNK], capacity: 2 });

  constructor(file: string) {
    this.#file = file;
  }

  get count(): number {
    return this.#count;
  }

  addBatch(view: BatchView): void {
    if (this.#count + view.count > this.#numbers.length) this.#numbers = grow(this.#numbers, this.#count + view.count);
    for (let i = 0; i < view.count; i++) this.#numbers[this.#count++] = view.packet(i).number;
  }

  number(i: number): number {
    return this.#numbers[i]!;
  }

  offset(i: number): number {
    return this.#offsets[this.#numbers[i]! - 1]!;
  }

  /** Makes offsets known for run indexes below `end`. */
  prepare(end: number): void {
    if (end <= 0) return;
    let upTo = 0;
    for (let i = Math.max(0, end - 1); i < end; i++) upTo = Math.max(upTo, this.#numbers[i]!);
    if (upTo <= this.#scanned) return;
    this.#scan ??= openCapture(this.#file, { pool: this.#pool, chunkPool: this.#pool });
    const r = this.#scan;
    while (this.#scanned < upTo) {
      const f = r.next();
      if (f === undefined)
        throw new WirepoolError('ENGINE_REREAD', `${this.#file} has ${this.#scanned} frames now, fewer than the ${upTo} replayed`, {
          hint: 'the file changed since the replay; open it again',
        });
      if (this.firstOffset < 0) {
        this.firstOffset = f.fileOffset;
        this.#ifacesAtFirst = r.interfaces.length;
      }
      if (this.#scanned === this.#offsets.length) this.#offsets = grow(this.#offsets, this.#scanned + 1);
      this.#offsets[this.#scanned++] = f.fileOffset;
    }
    // An interface described after the first packet: the bytes before it are not a full primer.
    this.headerOnly = r.interfaces.length === this.#ifacesAtFirst;
  }

  close(): void {
    this.#scan?.close();
    this.#scan = undefined;
  }
}

function grow(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

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

/** A replay of a capture file inside the worker: ReplayEngine, plus fetch and save. */
export class ReplayRun implements Run {
  readonly runId: number;
  readonly engine: ReplayEngine;
  readonly #ctx: RunContext;
  readonly #file: string;
  readonly #locator: ReplayLocator;
  #delivered = 0;
  #userPaused = false;
  #held = false;
  #bytes: FileBytes | undefined;

  constructor(ctx: RunContext, runId: number, file: string, speed: Speed, filter: string | undefined) {
    this.runId = runId;
    this.#ctx = ctx;
    this.#file = file;
    this.#locator = new ReplayLocator(file);
    this.engine = new ReplayEngine(file, {
      pool: ctx.pool,
      speed,
      filter,
      statsIntervalMs: 200,
      onBatch: (batch) => {
        const view = new BatchView(batch.lease.buffer);
        this.#locator.addBatch(view);
        const first = this.#delivered;
        this.#delivered += batch.count;
        ctx.batch(batch, first, false, view.last);
      },
      onStats: (s) => ctx.stats(this.#runStats(s)),
    });
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

  fetch(first: number, count: number): void {
    refetch(this.#ctx, first, reread(this.#reread(first + count), first, count));
  }

  save(path: string, format: 'pcap' | 'pcapng'): void {
    const o = this.#reread(this.#locator.count);
    const ifaces = this.engine.interfaces.map((i) => ({ linkType: i.linkType, name: i.name, snaplen: i.snaplen }));
    saveRun(o, path, format, ifaces);
  }

  close(): void {
    this.#locator.close();
    this.#bytes?.close();
    this.#bytes = undefined;
  }

  #reread(end: number): RereadOptions {
    const loc = this.#locator;
    loc.prepare(Math.min(end, loc.count));
    this.#bytes ??= new FileBytes(this.#file);
    return {
      source: this.#bytes,
      index: loc,
      primerEnd: loc.firstOffset,
      headerOnly: loc.headerOnly,
      pool: this.#ctx.pool,
      chunkPool: this.engine.chunkPool,
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
