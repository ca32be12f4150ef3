import type { SealedBatch } from '../batch/index.js';
import { packetMeta, type PacketMeta } from '../common/index.js';
import type { BufferPool } from '../pool/index.js';
import type { EngineEvent, ErrorInfo, RunStats, Speed } from '../protocol/index.js';
import type { OutputOptions } from '../formats/index.js';
import { rereadPackets, type RereadOptions } from './worker-records.js';
import { saveFrames, type SaveInterface } from './worker-save.js';

/** What a run needs from the worker around it. */
export interface RunContext {
  /** The run's packet pool (a fresh one for each run: its counters are the run's). */
  readonly pool: BufferPool;
  /**
   * The run's pool for what the UI asks of it: packets read back from the run's file (256 KiB
   * chunks), the list's row batches, a selected packet's bytes. Kept apart from `pool`, so a
   * replay's packet and chunk pools count exactly what `wirepool replay` counts.
   */
  readonly viewPool: BufferPool;
  /**
   * A sealed batch of the run's packets, `first` the run index of its first packet: sent to the
   * engine's owner when it asked for batches (the CLI), else done with at once (the app's runs
   * keep their packets in the store and the file).
   */
  batch(batch: SealedBatch, first: number, last: boolean): void;
  /**
   * False when the run's packets go to the owner instead of a store (the CLI's capture: it asks
   * for no rows, and the first pass would cost more than the rest of the capture path).
   */
  readonly firstPass: boolean;
  /** The next packet of the run, in order (valid during the call), for the store's first pass; `offset` its record's place in the run's file (-1: none). */
  frame(meta: PacketMeta, bytes: Uint8Array, offset: number): void;
  /** Tells the owner the run began. */
  started(event: Extract<EngineEvent, { type: 'run' }>): void;
  stats(s: RunStats): void;
  done(s: RunStats, error?: ErrorInfo): void;
  /** Bytes of batches at the owner now (all runs). */
  away(): number;
}

/** One replay or capture, as the worker drives it. */
export interface Run {
  readonly runId: number;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  /** Holds back (or lets go) because too many batch bytes are away at the owner. */
  hold(on: boolean): void;
  /** Packets of the run so far (each can be read back with `packets`). */
  count(): number;
  /** Packets first..first+count-1 of the run (run indexes, 0-based), read back from where the run keeps them. */
  packets(first: number, count: number): PacketSource;
  /** Writes every packet of the run to `path` (an existing file only with `overwrite`; never the one it reads back from). */
  save(path: string, format: 'pcap' | 'pcapng', overwrite: boolean): void | Promise<void>;
  /** A buffer the owner gave back: true when the run keeps it (a live capture's memory), else it goes to the pool. */
  takeBack?(buffer: ArrayBuffer): boolean;
  /** A live capture's memory store now (for the last word on a run once every batch is back). */
  memory?(): RunStats['memory'];
  /** Lets go of files and memory kept for reading back and saving (a new run replaces this one). */
  close(): void;
}

/** Hands packets, in order, to `add` (valid during the call). */
export type PacketSource = (add: (meta: PacketMeta, bytes: Uint8Array) => void) => void;

/** Packets first..first+count-1 of a run, read again from its file (numbered by their frame numbers). */
export function reread(o: RereadOptions, first: number, count: number): PacketSource {
  return (add) => rereadPackets(o, first, count, (frame, number) => add(packetMeta(frame, number), frame.data.bytes));
}

/** Writes every packet of the run to a capture file. */
export function saveRun(
  o: RereadOptions,
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly SaveInterface[],
  out: OutputOptions,
): void {
  saveFrames(path, format, interfaces, (write) => rereadPackets(o, 0, o.index.count, (frame) => write(frame, frame.data.bytes)), out);
}
