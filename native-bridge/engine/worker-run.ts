import { BatchBuilder, type SealedBatch } from '../batch/index.js';
import { packetMeta, type PacketMeta } from '../common/index.js';
import type { BufferPool } from '../pool/index.js';
import type { ErrorInfo, RunStats, Speed } from '../protocol/index.js';
import { rereadPackets, type RereadOptions } from './worker-records.js';
import { saveFrames, type SaveInterface } from './worker-save.js';

/** What a run needs from the worker around it. */
export interface RunContext {
  readonly pool: BufferPool;
  /** Sends a sealed batch to the host (transferred); `first` is the run index of its first packet. */
  batch(batch: SealedBatch, first: number, refetch: boolean, last: boolean): void;
  stats(s: RunStats): void;
  done(s: RunStats, error?: ErrorInfo): void;
  /** Bytes of batches at the host now (all runs). */
  away(): number;
}

/** One replay or capture, as the worker drives it. */
export interface Run {
  readonly runId: number;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  /** Holds back (or lets go) because too many batch bytes are away at the host. */
  hold(on: boolean): void;
  /** Re-sends packets first..first+count-1 as batches with refetch set. */
  fetch(first: number, count: number): void;
  save(path: string, format: 'pcap' | 'pcapng'): void | Promise<void>;
  /** A buffer the host gave back: true when the run keeps it (a live capture's memory), else it goes to the pool. */
  takeBack?(buffer: ArrayBuffer): boolean;
  /** A live capture's memory store now (for the last word on a run once every batch is back). */
  memory?(): RunStats['memory'];
  /** Lets go of files and memory kept for fetch/save (a new run replaces this one). */
  close(): void;
}

/** Hands packets, in order, to `add` (valid during the call). */
export type PacketSource = (add: (meta: PacketMeta, bytes: Uint8Array) => void) => void;

/**
 * Packs the packets `source` hands over into refetch batches, numbering them by their run index
 * from `first` (batch sequence from `firstSeq`).
 */
export function refetch(ctx: RunContext, first: number, source: PacketSource, firstSeq = 0): void {
  let next = first;
  const builder = new BatchBuilder(
    ctx.pool,
    (batch) => {
      ctx.batch(batch, next, true, false);
      next += batch.count;
    },
    { firstSeq },
  );
  try {
    source((meta, bytes) => builder.add(meta, bytes));
    builder.flush();
  } catch (e) {
    builder.discard();
    throw e;
  }
}

/** Packets first..first+count-1 of a run, read again from its file (numbered by their frame numbers). */
export function reread(o: RereadOptions, first: number, count: number): PacketSource {
  return (add) => rereadPackets(o, first, count, (frame, number) => add(packetMeta(frame, number), frame.data.bytes));
}

/** Writes every packet of the run to a capture file. */
export function saveRun(o: RereadOptions, path: string, format: 'pcap' | 'pcapng', interfaces: readonly SaveInterface[]): void {
  saveFrames(path, format, interfaces, (write) => rereadPackets(o, 0, o.index.count, (frame) => write(frame, frame.data.bytes)));
}
