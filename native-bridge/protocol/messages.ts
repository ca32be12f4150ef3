/**
 * The data the UI protocol carries (ops.ts has the operations, events and messages): errors,
 * sources, interfaces and a run's counters. One protocol for Electron (a MessagePort) and
 * serve mode (a WebSocket). Runtime-free: the renderer imports this file.
 */
import type { Speed } from '../common/index.js';
import type { PoolStats } from '../pool/index.js';

export type { Speed };

/** Every error the UI shows: what happened, where, and how to fix it. */
export interface ErrorInfo {
  code: string;
  message: string;
  hint?: string;
}

export type RunKind = 'replay' | 'capture';
export type RunState = 'running' | 'paused' | 'done' | 'stopped' | 'failed';

export interface InterfaceInfo {
  name: string;
  description: string;
  addresses: string[];
  up: boolean;
  loopback: boolean;
}

/** A capture interface of the source (pcapng IDB, pcap header, or the live interface). */
export interface SourceInterface {
  id: number;
  name: string;
  linkType: number;
}

export interface SourceInfo {
  kind: RunKind;
  /** File path, or the live interface name. */
  name: string;
  format?: 'pcap' | 'pcapng';
  /** File size in bytes (replay). */
  size?: number;
  interfaces: SourceInterface[];
}

/** Counters of one run, streamed at a fixed interval (at least 4 times a second). */
export interface RunStats {
  runId: number;
  kind: RunKind;
  state: RunState;
  /** Packets delivered in batches. */
  packets: number;
  /** Captured bytes delivered. */
  bytes: number;
  batches: number;
  /** Seconds since the run started, pauses included. */
  seconds: number;
  /** Replay: progress through the file. */
  fileBytesRead?: number;
  fileSize?: number;
  /** Frames the display filter did not pass. */
  filteredOut: number;
  /** Capture: packets seen on the interface, and those the engine had to drop (backpressure). */
  seen?: number;
  dropped?: number;
  /**
   * Capture: libpcap's own counters (pcap_stats): packets its filter passed, dropped by the
   * kernel (the capture buffer was full: `-B`), dropped by the interface. Beside `dropped`,
   * which counts the engine's own drops.
   */
  kernel?: { received: number; dropped: number; ifDropped: number };
  /**
   * Capture: the packets kept in memory (batches the viewer gave back, kept for fetch and save)
   * against the memory budget; past it the oldest are evicted (still in the spool, if any).
   */
  memory?: { budget: number; keptBytes: number; keptPackets: number; evictedPackets: number };
  /** Capture: the pcapng file it is written to as it arrives (a temporary one unless the user named it). */
  spool?: { path: string; bytes: number; temporary: boolean };
  /**
   * This run's packet pool (tiers 4/16/64 KiB by default): every run has pools of its own, so
   * these counters start at zero with the run, and a replay's equal `wirepool replay --json`'s.
   */
  pool: PoolStats;
  /**
   * Replay: the run's file-chunk pool (one 256 KiB tier). At max speed, chunks of large packets
   * are the batches themselves (zero-copy), so their hits show here rather than in `pool`.
   */
  chunks?: PoolStats;
  /** The run's pool for what goes to the UI: the list's row batches and the selected packet's bytes. */
  view?: PoolStats;
  /**
   * Since the engine started: every pool of every run so far, this one included, tiers of one
   * size summed (`sumStats`). The pool view shows it when the user asks for totals.
   */
  total?: PoolStats;
  /** Milliseconds since the epoch when the numbers were taken. */
  at: number;
}
