import type { Lease } from '../pool/index.js';
import type { KernelCounts } from './binding.js';

/**
 * A batch of captured packets, sealed in the batch layout (native-bridge/batch/layout.ts) in a
 * pooled buffer: the body is pcapng Enhanced Packet Blocks back to back (so it goes to the
 * spool file as it is), the index follows. Frame numbers (E_NUMBER) and the batch sequence
 * number (H_SEQ) are left 0: the capture numbers packets across all its interfaces when the
 * batch reaches it.
 */
export interface CapturedBatch {
  lease: Lease;
  count: number;
  /** Bytes of the buffer that carry the batch. */
  usedBytes: number;
  /** Bytes of blocks after the header (the spool's part). */
  dataBytes: number;
}

/**
 * Where a live capture's batches come from: the `cap` binding in this thread (in-process), or
 * the capture helper process (capture without privileges in this process). Either delivers
 * sealed batches through the `onBatch` given when it was opened; under a flood it may call
 * onBatch from inside a native drain loop, so onBatch is where the capture looks at its messages.
 */
export interface CaptureSource {
  readonly iface: string;
  /** The interface's link type (LINKTYPE_*). */
  readonly linkType: number;
  /** Bytes kept of each packet. */
  readonly snaplen: number;
  /** libpcap's counters so far (pcap_stats); undefined when closed or not known. */
  kernelCounts(): KernelCounts | undefined;
  /** Seals and delivers the packets waiting in a partly filled batch, if any. */
  flush(): void;
  /** Stops capturing; safe from inside onBatch. Packets not yet delivered are dropped. */
  close(): void;
  /**
   * A source whose packets reach this thread later than it is told to stop (the helper process,
   * across a pipe): stops it and delivers what it still holds through onBatch, resolving once
   * the last batch is in. Sources without it deliver everything on flush().
   */
  end?(): Promise<void>;
  readonly open: boolean;
}

export type OnBatch = (batch: CapturedBatch) => void;
