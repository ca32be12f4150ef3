/**
 * The messages between the user interface (the renderer, in Electron or a browser) and the
 * app host (Electron's main process, or `wirepool serve`). One protocol for both: in Electron
 * it travels over a MessagePort, in serve mode over a WebSocket. Runtime-free: the renderer
 * imports this file.
 *
 * Batches travel as the WPB1 batch layout (native-bridge/batch/layout.ts) in an ArrayBuffer:
 * the UI reads them with BatchView, never copies them again, and dissects the packets it shows.
 */
import type { Speed } from '../common/index.js';
import type { PoolStats } from '../pool/index.js';

export type { Speed };

export const PROTOCOL_VERSION = 1;

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

// ─── UI → host ────────────────────────────────────────────────────────────────────────────────

export type ClientMessage =
  /** First message; the host answers `welcome`. */
  | { type: 'hello' }
  /** Opens a capture file by path (on the host's machine) and replays it at once. */
  | { type: 'open'; path: string; speed?: Speed; filter?: string }
  /** Electron: the host shows its native Open dialog. Serve mode answers with an error. */
  | { type: 'openDialog' }
  /** Replays the open file again from the start (a new run), with a speed and display filter. */
  | { type: 'replay'; speed: Speed; filter?: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'speed'; speed: Speed }
  /**
   * Asks again for packets the UI let go of (its memory budget): the host answers with one or
   * more `batch` messages (refetch: true) holding rows first..first+count-1 of the run. Rows
   * are 0-based positions in the run's delivered packets (with a display filter, not the
   * frame numbers, which keep the file's numbering).
   */
  | { type: 'fetch'; runId: number; first: number; count: number }
  | { type: 'interfaces' }
  /**
   * Starts a live capture. `file`: a .pcapng path on the host the capture is written to as it
   * arrives (kept after the run); without it the host spools to a temporary file.
   */
  | { type: 'captureStart'; iface: string; filter?: string; file?: string }
  | { type: 'captureStop' }
  /**
   * Writes the current run's packets (a replay's, or everything captured so far) to a file on
   * the host, pcap or pcapng; the host answers `saved`, or an `error` about 'save'.
   */
  | { type: 'save'; path: string; format: 'pcap' | 'pcapng' };

// ─── host → UI ────────────────────────────────────────────────────────────────────────────────

export type HostMessage =
  | {
      type: 'welcome';
      protocol: number;
      version: string;
      /** Whether live capture can work here, and why not. */
      capture: { available: boolean; reason?: string };
      /** True in Electron (native dialogs and menu), false in serve mode. */
      desktop: boolean;
    }
  /** A new run began: everything the UI holds from earlier runs is stale. */
  | { type: 'run'; runId: number; source: SourceInfo; speed: Speed; filter?: string }
  /**
   * One WPB1 batch. `first` (the 0-based row of its first packet in the run) and `count`
   * route it without parsing. The buffer belongs to the UI (the host gave its own back to
   * the engine's pool).
   */
  | { type: 'batch'; runId: number; buffer: ArrayBuffer; first: number; count: number; refetch: boolean }
  | { type: 'stats'; stats: RunStats }
  /**
   * The run ended. If some of its batches were still on their way back to the pool, one more
   * `stats` of the same run follows once they are all back (its pool numbers are the final ones).
   */
  | { type: 'done'; stats: RunStats; error?: ErrorInfo }
  | { type: 'interfaces'; interfaces: InterfaceInfo[]; error?: ErrorInfo }
  | { type: 'saved'; path: string; format: 'pcap' | 'pcapng' }
  /** Something the user asked for failed; `about` names the request type. */
  | { type: 'error'; about: ClientMessage['type'] | 'host'; error: ErrorInfo };
