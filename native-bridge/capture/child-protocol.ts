import type { ErrorInfo, InterfaceInfo } from '../protocol/index.js';

/** What the capture process is asked to do (its argv[2], JSON). */
export type ChildRequest =
  | { mode: 'list' }
  | {
      mode: 'capture';
      iface: string;
      filter?: string;
      snaplen?: number;
      bufferSize?: number;
      /** Stop after this many packets (checked per packet, inside cap's drain loop). */
      count?: number;
      /** Stop after this many seconds. */
      seconds?: number;
    };

/** Capture process → engine worker, over the IPC channel (packets go over stdout). */
export type ChildMessage =
  | { type: 'opened'; linkType: number }
  | { type: 'interfaces'; interfaces: InterfaceInfo[] }
  | { type: 'error'; error: ErrorInfo }
  /** Packets this process had to drop so far because the engine fell too far behind. */
  | { type: 'dropped'; count: number }
  | { type: 'end'; seen: number; dropped: number };
