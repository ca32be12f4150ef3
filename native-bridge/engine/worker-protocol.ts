/**
 * Messages between EngineThread (the spawning thread) and the engine worker. Internal to the
 * engine: the UI protocol is native-bridge/protocol/messages.ts.
 */
import { WirepoolError, errorParts } from '../common/index.js';
import type { PoolStats } from '../pool/index.js';
import type { ErrorInfo, InterfaceInfo, RunStats, SourceInfo, Speed } from '../protocol/index.js';

export interface CaptureRequest {
  iface: string;
  filter?: string;
  snaplen?: number;
  bufferSize?: number;
  /** The pcapng file the capture is spooled to as it arrives. */
  file?: string;
  /**
   * Without `file`: spool to a temporary file (removed with the run), the default, so nothing is
   * lost when the memory budget is full; false keeps the capture in memory only (the oldest
   * packets are evicted past the budget).
   */
  spool?: boolean;
  /** Stop after this many packets. */
  count?: number;
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

export type ToWorker =
  | { type: 'replay'; runId: number; file: string; speed: Speed; filter?: string }
  | { type: 'capture'; runId: number; opts: CaptureRequest }
  | { type: 'pause' }
  | { type: 'resume' }
  /** The host's transport is backed up (on) or drained (off). */
  | { type: 'hold'; on: boolean }
  | { type: 'stop' }
  | { type: 'speed'; speed: Speed }
  | { type: 'fetch'; runId: number; first: number; count: number }
  | { type: 'giveBack'; buffer: ArrayBuffer }
  | { type: 'interfaces'; id: number }
  | { type: 'save'; id: number; path: string; format: 'pcap' | 'pcapng' }
  | { type: 'poolStats'; id: number }
  | { type: 'close'; id: number };

export interface BatchMessage {
  runId: number;
  buffer: ArrayBuffer;
  usedBytes: number;
  first: number;
  count: number;
  refetch: boolean;
  last: boolean;
}

export type FromWorker =
  | { type: 'ready'; capture: { available: boolean; reason?: string } }
  /** Batches in order, posted together: one message per event-loop turn, not per batch. */
  | { type: 'batches'; list: BatchMessage[] }
  | { type: 'stats'; stats: RunStats }
  | { type: 'run'; runId: number; source: SourceInfo }
  | { type: 'done'; stats: RunStats; error?: ErrorInfo }
  | { type: 'reply'; id: number; interfaces?: InterfaceInfo[]; pool?: PoolStats; error?: ErrorInfo };

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
