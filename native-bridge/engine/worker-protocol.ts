/**
 * Messages between EngineThread (the spawning thread) and the engine worker: the UI protocol's
 * engine operations and events (native-bridge/protocol/ops.ts) pass through as they are; the
 * rest is the owner's own (batches for the CLI, buffers given back, backpressure, closing).
 */
import { WirepoolError, errorParts } from '../common/index.js';
import type { PoolStats } from '../pool/index.js';
import type { CaptureVia } from '../capture/index.js';
import type { EngineEvent, EngineOp, ErrorInfo, Notice, Reply, Request } from '../protocol/index.js';

export interface CaptureRequest {
  /** The interfaces to capture on, in interface id order (one IDB each in the pcapng). */
  ifaces: string[];
  filter?: string;
  snaplen?: number;
  bufferSize?: number;
  /** Promiscuous mode (default true; tcpdump's `-p` turns it off). */
  promiscuous?: boolean;
  /**
   * libpcap's immediate mode: each packet handed over as it arrives. Default false: the kernel
   * fills a block first and hands it over within `timeoutMs`, as tcpdump does (a live view
   * waits at most that long; a flood costs a quarter of the CPU).
   */
  immediate?: boolean;
  /** Without immediate mode: how long the kernel may hold packets before handing them over (ms; default 100). */
  timeoutMs?: number;
  /** libpcap's time stamp type by name (tcpdump's -j, e.g. adapter_unsynced); default the interface's own. */
  tstampType?: string;
  /** The pcapng file the capture is spooled to as it arrives. */
  file?: string;
  /** Replace `file` if it exists (else FILE_EXISTS); the old file stays until the capture ends. */
  overwrite?: boolean;
  /**
   * Without `file`: spool to a temporary file (removed with the run), the default, so nothing is
   * lost when the memory budget is full; false keeps the capture in memory only (the oldest
   * packets are evicted past the budget).
   */
  spool?: boolean;
  /** Stop after this many packets. */
  count?: number;
  /** How to reach libpcap (default auto: in this process when it may capture, else through the capture helper). */
  via?: CaptureVia;
  /** Stop after this many seconds. */
  seconds?: number;
}

/** Bytes of batches away at the host, and kept by a capture, before the engine holds back or evicts. */
export const DEFAULT_MEMORY_BUDGET = 64 * 1024 * 1024;

export interface WorkerOptions {
  pool?: { tiers?: number[]; capacity?: number[] };
  /** Bytes of batches away at the host (not yet given back) before the engine holds back; DEFAULT_MEMORY_BUDGET. */
  memoryBudget?: number;
}

/** Which of a run's pools a buffer given back belongs to: its packet pool (a batch delivered to the owner) or its view pool (a reply's). */
export type PoolName = 'run' | 'view';

/**
 * What the owning thread sends the worker: the UI's engine operations as they are (validated by
 * the host), and the owner's own requests.
 */
export type ToWorker =
  | Request<EngineOp>
  /** A live capture whose batches go to the owner (the CLI, benches). */
  | { type: 'capture'; id: number; runId: number; opts: CaptureRequest }
  /** The owner's transport is backed up (on) or drained (off). */
  | { type: 'hold'; on: boolean }
  /** Buffers handed back, in the order the owner gave them (one message for all given in one turn). */
  | { type: 'giveBack'; list: GivenBack[] }
  | { type: 'poolStats'; id: number }
  | { type: 'close'; id: number };

/** One buffer handed back by the owner: into the pool `pool` of run `runId`. */
export interface GivenBack {
  buffer: ArrayBuffer;
  runId: number;
  pool: PoolName;
}

export interface BatchMessage {
  runId: number;
  buffer: ArrayBuffer;
  usedBytes: number;
  first: number;
  count: number;
  last: boolean;
}

export type FromWorker =
  | { type: 'ready'; capture: { available: boolean; reason?: string } }
  | Reply<EngineOp>
  | EngineEvent
  | Notice
  /** Delivered batches in order, posted together: one message per event-loop turn, not per batch. */
  | { type: 'batches'; list: BatchMessage[] }
  /** The answer to one of the owner's own requests. */
  | { type: 'answer'; id: number; runId?: number; pool?: PoolStats; error?: ErrorInfo };

/** An error as it crosses threads: code, message (what and where) and hint (how to fix). */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof WirepoolError) return errorParts(e);
  // Node's own errors (ENOENT, ...) have a code and no hint.
  const code = (e as { code?: unknown } | undefined)?.code;
  if (e instanceof Error && typeof code === 'string') return { code, message: e.message };
  return {
    code: 'ENGINE_INTERNAL',
    message: `internal error in the engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    hint: 'please report this with the capture that caused it',
  };
}
