import { unlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BatchView, FLAG_LAST, HEADER_BYTES, type SealedBatch, numberBatch, truncateBatch, writeHeader } from '../batch/index.js';
import {
  type CaptureSource,
  type CapturedBatch,
  EPB_HEAD,
  epbTail,
  openSource,
  type KernelCounts,
  LINKTYPE_LINUX_SLL2,
  SNAPLEN,
  Spool,
  pcapngHead,
  removeStaleSpools,
  temporarySpoolPath,
} from '../capture/index.js';
import { WirepoolError } from '../common/index.js';
import type { ErrorInfo, RunState, RunStats, Speed } from '../protocol/index.js';
import { CaptureStore } from './capture-store.js';
import { errorInfo, type CaptureRequest } from './worker-protocol.js';
import { FileBytes, RecordIndex, type RereadOptions } from './worker-records.js';
import { reread, saveRun, type PacketSource, type Run, type RunContext } from './worker-run.js';
import { saveFrames } from './worker-save.js';

const CHUNK = 256 * 1024;
const FLUSH_MS = 50;
const STATS_MS = 200;
/** How often the timers are looked at while the event loop runs (cap's drain loop checks on its own). */
const TICK_MS = 25;
/** Spool writes on their way at once (libuv's thread pool has four threads). */
const WRITES_AT_ONCE = 3;
/** Batch sequence numbers wrap here. */
const SEQ_WRAP = 0x80000000;

export interface CaptureEnv {
  /**
   * Takes in the messages waiting for the worker (giveBack, stop, pause…) and sends the batches
   * queued for the host. Called from inside cap's drain loop: under a flood the worker's event
   * loop gets no turn until the kernel ring is empty, so nothing would arrive otherwise.
   */
  poll(): void;
}

/**
 * A live capture in the engine worker thread, from one interface or several (an IDB each in its
 * pcapng, as dumpcap writes them). Each interface's source fills pooled batch buffers with
 * packets framed as pcapng Enhanced Packet Blocks (small packets packed together, a large one
 * alone in a buffer of its tier); the capture numbers them in the order their batches arrive.
 * The batch is appended to the spool file as it is (when there is one), then transferred to the
 * host; when the host gives it back it is kept in memory (CaptureStore) up to the memory budget,
 * oldest evicted first. So fetch and save read packets from memory, or from the spool for what
 * was evicted.
 *
 * Backpressure: when more batch bytes are away at the host than the budget, packets are dropped
 * and counted instead of batched; a slow consumer never makes memory grow.
 */
export class WorkerCapture implements Run {
  /**
   * Batch sequence numbers go on from one capture to the next, so a buffer of an earlier run
   * that comes back late is never taken for one of this run's (the store knows its own by it).
   */
  static #nextSeq = 0;
  readonly runId: number;
  readonly #ctx: RunContext;
  readonly #req: CaptureRequest;
  readonly #env: CaptureEnv;
  readonly #budget: number;
  readonly #store: CaptureStore;
  #seq: number;
  /** Spool offsets of every packet's block (for fetch and save of what memory no longer holds). */
  readonly #index = new RecordIndex();
  #sources: CaptureSource[] = [];
  #spool: Spool | undefined;
  readonly #spoolPath: string | undefined;
  readonly #temporary: boolean;
  #fileBytes: FileBytes | undefined;
  #failure: ErrorInfo | undefined;
  readonly #snaplen: number;
  #seen = 0;
  #dropped = 0;
  #lastKernel: KernelCounts | undefined;
  #delivered = 0;
  #emitted = 0;
  /** Batches on their way to the spool, oldest first (each goes on once written), and their buffers' bytes. */
  readonly #writing: { batch: SealedBatch; at: number; state: 'waiting' | 'writing' | 'written' }[] = [];
  #writingBytes = 0;
  /** Of #writing, those whose write is on its way (a batch leaves #writing only once written). */
  #writesOut = 0;
  /** What waits for every batch emitted so far to be written (the end, a save). */
  readonly #whenWritten: (() => void)[] = [];
  /** The run was let go of: batches still being written are released, not passed on. */
  #letGo = false;
  #bytes = 0;
  #batches = 0;
  #state: RunState = 'running';
  #paused = false;
  #dropping = false;
  #stopRequested = false;
  /** Waiting for late sources to deliver their last batches (#endSources). */
  #ending = false;
  #ended = false;
  #startMs = performance.now();
  #endMs = -1;
  #deadline = Infinity;
  #nextFlush = 0;
  #nextStats = 0;
  #timer: NodeJS.Timeout | undefined;
  #resolveEnd: (() => void) | undefined;

  constructor(ctx: RunContext, runId: number, req: CaptureRequest, env: CaptureEnv, budget: number) {
    this.runId = runId;
    this.#ctx = ctx;
    this.#req = req;
    this.#env = env;
    this.#budget = budget;
    this.#store = new CaptureStore(ctx.pool);
    this.#temporary = req.file === undefined && req.spool !== false;
    this.#spoolPath = req.file ?? (this.#temporary ? temporarySpoolPath(runId) : undefined);
    if (this.#temporary) WorkerCapture.#sweep();
    this.#seq = WorkerCapture.#nextSeq;
    // As asked, else tcpdump's (frames over 64 KiB go to the pool's large capture tier).
    this.#snaplen = req.snaplen ?? SNAPLEN.default;
  }

  static #swept = false;

  /** Once per process, before its first temporary spool: those a killed process left behind go. */
  static #sweep(): void {
    if (WorkerCapture.#swept) return;
    WorkerCapture.#swept = true;
    removeStaleSpools();
  }

  /** Opens the interface and captures until stopped; resolves when the capture has ended (done was sent). */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.#resolveEnd = resolve;
      this.#open().catch((e: unknown) => {
        this.#failure ??= errorInfo(e);
        this.#end();
      });
    });
  }

  async #open(): Promise<void> {
    const r = this.#req;
    const sources = this.#sources;
    try {
      for (const [interfaceId, iface] of r.ifaces.entries()) {
        const o = {
          iface,
          filter: r.filter,
          bufferSize: r.bufferSize,
          snaplen: this.#snaplen,
          promiscuous: r.promiscuous,
          immediate: r.immediate,
          timeoutMs: r.timeoutMs,
          tstampType: r.tstampType,
          // libpcap's "any" in Linux cooked v2, as tcpdump takes it (v1 has no interface index).
          linkType: iface === 'any' ? LINKTYPE_LINUX_SLL2 : undefined,
          interfaceId,
        };
        const source = await openSource(
          o,
          this.#ctx.pool,
          (batch) => this.#batch(batch, interfaceId),
          (e) => this.#lost(e),
          r.via,
        );
        sources.push(source);
        if (this.#ended) {
          // Stopped while it opened (the run already said it is done).
          for (const s of sources) s.close();
          return;
        }
      }
      if (this.#spoolPath !== undefined) {
        const head = pcapngHead(this.#interfaces(), 'Wirepool live capture');
        this.#spool = new Spool(this.#spoolPath, head, { overwrite: r.overwrite === true });
      }
    } catch (e) {
      for (const s of sources) s.close();
      throw e;
    }
    const now = performance.now();
    this.#startMs = now;
    this.#deadline = r.seconds === undefined ? Infinity : now + r.seconds * 1000;
    this.#nextFlush = now + FLUSH_MS;
    this.#nextStats = now + STATS_MS;
    this.#ctx.started({
      type: 'run',
      runId: this.runId,
      source: {
        kind: 'capture',
        name: r.ifaces.join(', '),
        format: 'pcapng',
        interfaces: sources.map((s, id) => ({ id, name: s.iface, linkType: s.linkType })),
      },
      speed: 'max',
    });
    this.#timer = setInterval(() => this.#due(performance.now()), TICK_MS);
  }

  /** A source failed while capturing (its helper process died): the capture ends and says why. */
  #lost(e: unknown): void {
    this.#failure ??= errorInfo(e);
    this.#finishSoon();
  }

  /** The capture's interfaces, in interface id order (its pcapng's IDBs). */
  #interfaces(): { linkType: number; snaplen: number; name: string }[] {
    return this.#sources.map((s) => ({ linkType: s.linkType, snaplen: s.snaplen, name: s.iface }));
  }

  /**
   * A batch from interface `interfaceId`'s source, maybe from inside cap's drain loop: numbered
   * and sent on, or dropped (paused, held back), then the worker's messages and timers are looked
   * at, since under a flood the event loop gets no turn until the kernel ring is empty.
   */
  #batch(b: CapturedBatch, interfaceId: number): void {
    const limit = this.#req.count;
    let count = b.count;
    if (this.#ended) count = 0;
    else if (limit !== undefined) count = Math.min(count, limit - this.#seen);
    this.#seen += count;
    // The disk behind: past half the budget waiting to be written, packets are dropped and counted.
    if (count === 0 || this.#paused || this.#dropping || this.#writingBytes > this.#budget / 2) {
      // Not recorded while paused (counted as seen); counted as dropped while held back.
      if (!this.#paused && !this.#ended) this.#dropped += count;
      b.lease.release();
    } else {
      const { dataBytes, usedBytes } = count < b.count ? truncateBatch(b.lease.buffer, count, epbTail) : b;
      const source = this.#sources[interfaceId]!;
      const seq = this.#seq;
      this.#seq = (this.#seq + 1) % SEQ_WRAP;
      this.#bytes += numberBatch(b.lease.buffer, this.#delivered + 1, seq, interfaceId, source.linkType);
      this.#delivered += count;
      this.#emit({ lease: b.lease, seq, count, usedBytes, dataBytes });
    }
    if (limit !== undefined && this.#seen >= limit) this.#finish();
    else {
      this.#env.poll();
      this.#due(performance.now());
    }
  }

  /**
   * A sealed batch: to the spool (written on libuv's thread pool while the capture goes on), then,
   * once written and in the order they came, to the store's first pass and on (to the owner, or
   * kept at once). Without a spool it goes on at once (after any still being written).
   */
  #emit(batch: SealedBatch): void {
    this.#batches++;
    const spool = this.#spool;
    let at = -1;
    if (spool !== undefined && this.#failure === undefined && batch.dataBytes > 0) at = spool.reserve(batch.dataBytes);
    if (at < 0 && this.#writing.length === 0) {
      this.#passOn(batch, -1);
      return;
    }
    this.#writing.push({ batch, at, state: 'waiting' });
    this.#writingBytes += batch.lease.size;
    this.#writeMore();
  }

  /**
   * Starts writes of waiting batches, up to WRITES_AT_ONCE on their way (each at its own place in
   * the file, so they may finish in any order); passes on, in order, those at the front that are
   * written. When nothing waits any more, what waited for that runs.
   */
  #writeMore(): void {
    const writing = this.#writing;
    for (;;) {
      while (writing.length > 0 && writing[0]!.state === 'written') {
        const head = writing.shift()!;
        this.#writingBytes -= head.batch.lease.size;
        this.#passOn(head.batch, this.#failure === undefined ? head.at : -1);
      }
      let settled = false;
      for (let i = 0; i < writing.length && this.#writesOut < WRITES_AT_ONCE; i++) {
        const w = writing[i]!;
        if (w.state !== 'waiting') continue;
        if (w.at < 0 || this.#failure !== undefined || this.#spool === undefined) {
          w.state = 'written'; // nothing to write (an empty batch, or the spool failed)
          settled = true;
          continue;
        }
        w.state = 'writing';
        this.#writesOut++;
        const b = w.batch;
        this.#spool.write(b.lease.bytes, HEADER_BYTES, HEADER_BYTES + b.dataBytes, w.at, (e) => {
          this.#writesOut--;
          w.state = 'written';
          if (e !== undefined) {
            // The disk is full or the file went away: what was written stays, the capture ends and says why.
            this.#failure ??= errorInfo(e);
            if (!this.#ended) this.#finishSoon();
          }
          this.#writeMore();
        });
      }
      if (!settled) break;
    }
    if (writing.length === 0) for (const f of this.#whenWritten.splice(0)) f();
  }

  /** Runs `f` once every batch emitted so far is written and passed on (at once when none waits). */
  #afterWrites(f: () => void): void {
    if (this.#writing.length === 0) f();
    else this.#whenWritten.push(f);
  }

  /** A batch written to the spool at file offset `at` (-1: not spooled) goes to the index, the store's first pass and on. */
  #passOn(batch: SealedBatch, at: number): void {
    if (this.#letGo) {
      batch.lease.release();
      return;
    }
    const first = this.#emitted;
    this.#emitted += batch.count;
    // The batch is read here only for the spool index or the store's first pass (not by `wirepool capture` without -w).
    const view = at >= 0 || this.#ctx.firstPass ? new BatchView(batch.lease.buffer) : undefined;
    if (view !== undefined && at >= 0)
      for (let i = 0; i < batch.count; i++) this.#index.add(at + view.offset(i) - EPB_HEAD - HEADER_BYTES, first + i + 1);
    if (view !== undefined && this.#ctx.firstPass)
      for (let i = 0; i < batch.count; i++)
        this.#ctx.frame(view.packet(i), view.data(i), at < 0 ? -1 : at + view.offset(i) - EPB_HEAD - HEADER_BYTES);
    this.#store.sent(first, batch.count, batch.seq);
    this.#ctx.batch(batch, first, false);
    this.#store.evictTo(this.#budget - this.#ctx.away());
  }

  /** The empty batch that ends the capture's stream (flagged last). */
  #lastBatch(): SealedBatch {
    const lease = this.#ctx.pool.acquire(HEADER_BYTES);
    const seq = this.#seq;
    this.#seq = (this.#seq + 1) % SEQ_WRAP;
    const usedBytes = writeHeader(lease.buffer, 0, HEADER_BYTES, seq, FLAG_LAST);
    return { lease, seq, count: 0, usedBytes, dataBytes: 0 };
  }

  /** Flushes a batch that waited long enough, posts stats, ends at the deadline. */
  #due(now: number): void {
    if (this.#ended) return;
    if (now >= this.#nextFlush) {
      this.#nextFlush = now + FLUSH_MS;
      for (const s of this.#sources) s.flush();
    }
    if (now >= this.#nextStats) {
      this.#nextStats = now + STATS_MS;
      this.#ctx.stats(this.stats());
    }
    if (now >= this.#deadline) this.#endSources();
  }

  takeBack(buffer: ArrayBuffer): boolean {
    if (!this.#store.takeBack(buffer)) return false;
    this.#store.evictTo(this.#budget - this.#ctx.away());
    return true;
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
    this.#endSources();
  }

  /**
   * Ends the capture without losing packets on their way: sources that deliver late (the capture
   * helper) are ended and waited for, then the run finishes (within about a second: the helper is
   * killed if it does not end).
   */
  #endSources(): void {
    if (this.#ended || this.#ending) return;
    const late = this.#sources.filter((s) => s.open && s.end !== undefined);
    if (late.length === 0) {
      this.#finish();
      return;
    }
    this.#ending = true;
    void Promise.all(late.map((s) => s.end!())).then(() => this.#finish());
  }

  setSpeed(_speed: Speed): void {
    // A live capture has no pace to change.
  }

  hold(on: boolean): void {
    this.#dropping = on;
  }

  /**
   * Stops capturing: what the sources hold is delivered first (unless the capture is over),
   * libpcap's counters are read last (they go with the handles).
   */
  #closeLive(): void {
    if (!this.#ended) for (const s of this.#sources) if (s.open) s.flush();
    this.#kernel();
    for (const s of this.#sources) s.close();
  }

  /** Ends on the next turn (from places that must not end the run in the middle of their work). */
  #finishSoon(): void {
    this.#closeLive();
    setImmediate(() => this.#finish());
  }

  /** Stops capturing, seals the last batch and reports; safe from inside cap's drain loop. */
  #finish(): void {
    if (this.#ended) return;
    this.#closeLive();
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#timer);
    this.#closeLive();
    this.#emit(this.#lastBatch());
    WorkerCapture.#nextSeq = this.#seq;
    this.#endMs = performance.now();
    this.#afterWrites(() => {
      try {
        this.#spool?.close(); // a file replaced with `overwrite` is put in place now
      } catch (e) {
        this.#failure ??= errorInfo(e);
      }
      const error = this.#failure;
      this.#state = error ? 'failed' : this.#stopRequested ? 'stopped' : 'done';
      this.#ctx.done(this.stats(), error);
      this.#resolveEnd?.();
    });
  }

  count(): number {
    return this.#emitted;
  }

  packets(first: number, count: number): PacketSource {
    const n = Math.min(first + count, this.#emitted) - first;
    if (n <= 0) return () => {};
    if (this.#store.holds(first, n)) return (add) => this.#store.read(first, n, (view, i) => add(view.packet(i), view.data(i)));
    return reread(this.#reread('read packets back'), first, n);
  }

  async save(to: string, format: 'pcap' | 'pcapng', overwrite: boolean): Promise<void> {
    if (!this.#ended) for (const s of this.#sources) s.flush(); // packets captured so far are all in sealed batches
    await new Promise<void>((resolve) => this.#afterWrites(resolve)); // and in the spool
    const interfaces = this.#interfaces();
    // Never over the spool the packets are read back from (a temporary one, or the capture's file).
    const out = { overwrite, protect: this.#spool?.ids ?? [] };
    if (this.#spool !== undefined) {
      saveRun(this.#reread('save'), to, format, interfaces, out);
      return;
    }
    const count = this.#emitted;
    // Memory only: the batches at the host come back within moments; wait for them.
    if (!(await this.#store.settled(5000))) {
      throw new WirepoolError('ENGINE_SAVE_BUSY', `cannot save ${to}: the capture's last batches have not come back from the viewer`, {
        hint: 'try again in a moment',
      });
    }
    if (!this.#store.holds(0, count)) {
      throw new WirepoolError(
        'ENGINE_SAVE_EVICTED',
        `cannot save ${to}: ${this.#store.evictedPackets} of the ${count} captured packets no longer fit the memory budget (${this.#budget} bytes) and this capture has no spool file`,
        {
          hint: 'capture with a spool file (wirepool capture -w FILE; the app spools to a temporary file unless told not to) or a larger memory budget',
        },
      );
    }
    saveFrames(
      to,
      format,
      interfaces,
      (write) =>
        this.#store.read(0, count, (view, i) => {
          const p = view.packet(i);
          write({ ...p, interfaceIndex: Math.max(0, p.interfaceId) }, view.data(i));
        }),
      out,
    );
  }

  close(): void {
    // The run is being let go of: no waiting for late sources' last batches.
    this.#stopRequested = true;
    this.#finish();
    this.#letGo = true; // batches still being written are released once written (the file is closed after them)
    this.#store.release();
    this.#fileBytes?.close();
    this.#fileBytes = undefined;
    if (this.#temporary && this.#spoolPath !== undefined) {
      try {
        unlinkSync(this.#spoolPath);
      } catch {
        // never created (the capture did not open)
      }
    }
  }

  memory(): NonNullable<RunStats['memory']> {
    return {
      budget: this.#budget,
      keptBytes: this.#store.keptBytes,
      keptPackets: this.#store.keptPackets,
      evictedPackets: this.#store.evictedPackets,
    };
  }

  /** libpcap's counters (all interfaces'), read now while the capture is open and kept for after it closed. */
  #kernel(): { kernel?: KernelCounts } {
    let now: KernelCounts | undefined;
    for (const s of this.#sources) {
      const k = s.kernelCounts();
      if (k === undefined) continue;
      now ??= { received: 0, dropped: 0, ifDropped: 0 };
      now.received += k.received;
      now.dropped += k.dropped;
      now.ifDropped += k.ifDropped;
    }
    if (now !== undefined) this.#lastKernel = now;
    return this.#lastKernel === undefined ? {} : { kernel: this.#lastKernel };
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
      seen: this.#seen,
      dropped: this.#dropped,
      ...this.#kernel(),
      memory: this.memory(),
      ...(this.#spoolPath !== undefined
        ? { spool: { path: this.#spoolPath, bytes: this.#spool?.size ?? 0, temporary: this.#temporary } }
        : {}),
      pool: this.#ctx.pool.stats(),
      at: Date.now(),
    };
  }

  #reread(what: string): RereadOptions {
    if (this.#spool === undefined || this.#spoolPath === undefined) {
      throw new WirepoolError(
        'ENGINE_REREAD',
        `cannot ${what}: those packets no longer fit the memory budget (${this.#budget} bytes) and this capture has no spool file`,
        {
          hint: 'capture with a spool file (wirepool capture -w FILE; the app spools to a temporary file unless told not to) or a larger memory budget',
        },
      );
    }
    this.#fileBytes ??= new FileBytes(this.#spool.readPath);
    const source = this.#fileBytes;
    return {
      source,
      index: this.#index,
      primerEnd: this.#spool.firstRecord,
      headerOnly: true,
      pool: this.#ctx.viewPool,
      chunkPool: this.#ctx.viewPool,
      chunkSize: CHUNK,
    };
  }
}
