import type { ErrorInfo, InterfaceInfo } from '../protocol/index.js';

/** What the capture process is asked to do (its argv[2], JSON). */
export type ChildRequest =
  | { mode: 'list' }
  | {
      mode: 'capture';
      iface: string;
      /** The file the pcapng stream is written to (the spool: -w FILE, or a temporary file). */
      out: string;
      filter?: string;
      snaplen?: number;
      bufferSize?: number;
      /** Stop after this many packets (checked per packet, inside cap's drain loop). */
      count?: number;
      /** Stop after this many seconds. */
      seconds?: number;
    };

/** Capture process → engine worker, over the IPC channel (packets go into the `out` file). */
export type ChildMessage =
  | { type: 'opened'; linkType: number }
  /** The stream file holds this many bytes, complete up to there (whole writes). */
  | { type: 'written'; bytes: number }
  | { type: 'interfaces'; interfaces: InterfaceInfo[] }
  | { type: 'error'; error: ErrorInfo }
  /** Packets this process had to drop so far because the engine fell too far behind. */
  | { type: 'dropped'; count: number }
  | { type: 'end'; seen: number; dropped: number };
