import { closeSync, openSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchBuilder, batchBytesFor } from '../batch/index.js';
import { CaptureProcess, MAX_SNAPLEN } from '../capture/index.js';
import { createCaptureParser, type CaptureParser } from '../formats/index.js';
import { BufferPool, type SharedPacket } from '../pool/index.js';
import type { ErrorInfo, RunState, RunStats, Speed } from '../protocol/index.js';
import { errorInfo, type CaptureRequest, type FromWorker } from './worker-protocol.js';
import { FileBytes, RecordIndex, type RereadOptions } from './worker-records.js';
import { refetch, saveRun, type Run, type RunContext } from './worker-run.js';
import { StreamReader } from './worker-stream-store.js';

const CHUNK = 256 * 1024;
const FLUSH_MS = 50;
const STATS_MS = 200;
/** Most stream bytes read per event-loop turn (~32 64 KiB frames). */
const READ_SLICE = 2 * 1024 * 1024;

export interface CaptureEnv {
  post(m: FromWorker): void;
}

/**
 * A live capture inside the engine worker. The capture process writes a pcapng file as packets
 * arrive (the spool the user named, or a temporary file, as dumpcap does for Wireshark); the
 * worker reads it behind the writer by offset into pooled slabs, parses in place (frames are
 * views into the slab) and copies every frame once into a batch. fetch and save read packets
 * back from the same file by offset. When more batch bytes are away at the host than the
 * engine's budget, packets are dropped (counted) instead of batched: a slow consumer never makes
 * memory grow.
 */
export class WorkerCapture implements Run {
  readonly runId: number;
  readonly #ctx: RunContext;
  readonly #req: CaptureRequest;
  readonly #env: CaptureEnv;
  readonly #chunkPool = new BufferPool({ tiers: [CHUNK], capacity: 4 });
  readonly #index = new RecordIndex();
  readonly #path: string;
  readonly #temporary: boolean;
  #reader: StreamReader | undefined;
  #readFd: number | undefined;
  #failure: ErrorInfo | undefined;
  /** Bytes the capture process has written; the reader follows. */
  #target = 0;
  #pumping = false;
  readonly #builder: BatchBuilder;
  #proc: CaptureProcess | undefined;
  #parser: CaptureParser | undefined;
  #linkType = 1;
  #fileBytes: FileBytes | undefined;
  #firstOffset = -1;
  #seen = 0;
  #dropped = 0;
  /** Dropped in the capture process (its queue to us was full): never seen here. */
  #processDropped = 0;
  #delivered = 0;
  #emitted = 0;
  #bytes = 0;
  #batches = 0;
  #state: RunState = 'running';
  #paused = false;
  #dropping = false;
  #stopRequested = false;
  #startMs = performance.now();
  #endMs = -1;
  #timers: NodeJS.Timeout[] = [];

  constructor(ctx: RunContext, runId: number, req: CaptureRequest, env: CaptureEnv) {
    this.runId = runId;
    this.#ctx = ctx;
    this.#req = req;
    this.#env = env;
    this.#temporary = req.file === undefined;
    this.#path = req.file ?? path.join(tmpdir(), `wirepool-capture-${process.pid}-${runId}-${Date.now()}.pcapng`);
    this.#builder = new BatchBuilder(ctx.pool, (batch) => {
      const first = this.#emitted;
      this.#emitted += batch.count;
      this.#batches++;
      ctx.batch(batch, first, false, false);
    });
  }

  /** Starts the capture process; resolves when the capture has ended (done was sent). */
  start(): Promise<void> {
    return new Promise((resolve) => {
      try {
        const { iface, filter, bufferSize, count, seconds } = this.#req;
        const snaplen = this.#snaplen;
        this.#proc = new CaptureProcess(
          { mode: 'capture', iface, out: this.#path, filter, snaplen, bufferSize, count, seconds },
          {
            opened: (linkType) => this.#opened(linkType),
            written: (bytes) => this.#written(bytes),
            dropped: (count) => (this.#processDropped = count),
            end: (error) => {
              this.#end(error);
              resolve();
            },
          },
        );
      } catch (e) {
        this.#end(errorInfo(e));
        resolve();
      }
    });
  }

  pause(): void {
    if (this.#state !== 'running') return;
    this.#paused = true;
    this.#state = 'paused';
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#paused = false;
    this.#state = 'running';
  }

  stop(): void {
    this.#stopRequested = true;
    this.#proc?.stop();
  }

  setSpeed(_speed: Speed): void {
    // A live capture has no pace to change.
  }

  hold(on: boolean): void {
    this.#dropping = on;
  }

  /**
   * The snap length: as asked, else the largest frame that travels alone in the pool's
   * largest tier with its batch header and index (65469 bytes with the default 64 KiB tier),
   * so even jumbo loopback frames recycle pooled buffers instead of going oversize.
   */
  get #snaplen(): number {
    return this.#req.snaplen ?? Math.min(MAX_SNAPLEN, this.#ctx.pool.maxPooledSize - batchBytesFor(1, 0));
  }

  fetch(first: number, count: number): void {
    refetch(this.#ctx, this.#reread(first + count), first, count);
  }

  save(path: string, format: 'pcap' | 'pcapng'): void {
    saveRun(this.#reread(this.#index.count), path, format, [{ linkType: this.#linkType, name: this.#req.iface, snaplen: this.#snaplen }]);
  }

  close(): void {
    this.stop();
    this.#fileBytes?.close();
    this.#fileBytes = undefined;
    this.#closeReader();
    if (this.#temporary) {
      try {
        unlinkSync(this.#path);
      } catch {
        // never created (the capture did not open)
      }
    }
  }

  #closeReader(): void {
    this.#reader?.close();
    this.#reader = undefined;
    if (this.#readFd !== undefined) closeSync(this.#readFd);
    this.#readFd = undefined;
  }

  stats(): RunStats {
    return {
      runId: this.runId,
      kind: 'capture',
      state: this.#state,
      packets: this.#delivered,
      bytes: this.#bytes,
      batches: this.#batches,
      seconds: ((this.#endMs < 0 ? performance.now() : this.#endMs) - this.#startMs) / 1000,
      filteredOut: 0,
      seen: this.#seen + this.#processDropped,
      dropped: this.#dropped + this.#processDropped,
      pool: this.#ctx.pool.stats(),
      at: Date.now(),
    };
  }

  #opened(linkType: number): void {
    this.#linkType = linkType;
    this.#startMs = performance.now();
    this.#env.post({ type: 'run', runId: this.runId, source: { kind: 'capture', name: this.#req.iface, format: 'pcapng', interfaces: [{ id: 0, name: this.#req.iface, linkType }] } });
    this.#timers.push(setInterval(() => this.#builder.flush({ idle: true }), FLUSH_MS));
    this.#timers.push(setInterval(() => this.#ctx.stats(this.stats()), STATS_MS));
  }

  /** The file holds `bytes` now: read on, a slice per event-loop turn (see #pump). */
  #written(bytes: number): void {
    this.#target = Math.max(this.#target, bytes);
    if (!this.#pumping) this.#pump();
  }

  /**
   * Reads at most READ_SLICE bytes, then yields, so batches sent go back to the pool before the
   * next slice takes buffers: the number of buffers away stays near a tier's capacity and
   * steady-state capture keeps hitting the pool instead of allocating.
   */
  #pump(): void {
    this.#pumping = false;
    if (this.#failure !== undefined) return;
    try {
      this.#readFd ??= openSync(this.#path, 'r');
      this.#reader ??= new StreamReader(this.#readFd, this.#path);
      const reader = this.#reader;
      reader.readTo(Math.min(this.#target, reader.position + READ_SLICE), (view) => this.#parse(view));
      if (reader.position < this.#target) {
        this.#pumping = true;
        setImmediate(() => this.#pump());
      }
    } catch (e) {
      // A stream we cannot read or parse ends the capture with the reason.
      this.#failure = errorInfo(e);
      this.stop();
    }
  }

  /** At the end: everything written is read before the last batch. */
  #drain(): void {
    if (this.#failure !== undefined || this.#reader === undefined) return;
    try {
      this.#reader.readTo(this.#target, (view) => this.#parse(view));
    } catch (e) {
      this.#failure = errorInfo(e);
    }
  }

  #parse(chunk: SharedPacket): void {
    if (this.#parser === undefined) {
      try {
        this.#parser = createCaptureParser(chunk.bytes, { name: `capture on ${this.#req.iface}`, pool: this.#ctx.pool });
      } catch (e) {
        chunk.release();
        throw e;
      }
    }
    const parser = this.#parser;
    parser.append(chunk);
    for (let f = parser.next(); f !== undefined; f = parser.next()) {
      this.#seen++;
      if (this.#firstOffset < 0) this.#firstOffset = f.fileOffset;
      if (this.#paused) {
        // not shown while paused (the stream, spool and memory copy still have it)
      } else if (this.#dropping) {
        this.#dropped++;
      } else {
        this.#index.add(f.fileOffset, f.number);
        this.#delivered++;
        this.#bytes += f.capLen;
        this.#builder.add(f, f.data.bytes);
      }
      f.data.release();
    }
    if (parser.fault !== undefined) throw parser.fault;
  }

  #end(error: ErrorInfo | undefined): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#drain();
    this.#parser?.end();
    this.#parser?.close();
    this.#builder.flush({ last: true });
    this.#closeReader();
    error ??= this.#failure;
    this.#endMs = performance.now();
    this.#state = error ? 'failed' : this.#stopRequested ? 'stopped' : 'done';
    this.#ctx.done(this.stats(), error);
  }

  #reread(end: number): RereadOptions {
    const source = (this.#fileBytes ??= new FileBytes(this.#path));
    return { source, index: this.#index, primerEnd: this.#firstOffset, headerOnly: true, pool: this.#ctx.pool, chunkPool: this.#chunkPool, chunkSize: CHUNK };
  }
}
