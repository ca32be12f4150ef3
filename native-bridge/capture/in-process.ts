import { BatchBuilder } from '../batch/index.js';
import type { PacketMeta } from '../common/index.js';
import type { BufferPool } from '../pool/index.js';
import type { KernelCounts } from './binding.js';
import { LiveCapture, type LiveOptions } from './live.js';
import { EpbFraming } from './pcapng-spool.js';
import type { CaptureSource, OnBatch } from './source.js';

export interface SourceOptions extends LiveOptions {
  snaplen: number;
  /** The capture's number for this interface (its IDB in the pcapng). */
  interfaceId: number;
}

/**
 * Capture through the `cap` binding in this thread (the engine worker's): each packet is
 * copied from libpcap's buffer into a pooled batch, framed as a pcapng block.
 */
export class InProcessCapture implements CaptureSource {
  readonly iface: string;
  readonly linkType: number;
  readonly snaplen: number;
  readonly #live: LiveCapture;
  readonly #builder: BatchBuilder;
  readonly #meta: PacketMeta;

  constructor(o: SourceOptions, pool: BufferPool, onBatch: OnBatch) {
    this.iface = o.iface;
    this.snaplen = o.snaplen;
    this.#builder = new BatchBuilder(pool, onBatch, { framing: new EpbFraming() });
    this.#meta = { number: 0, sec: 0, nsec: 0, wireLen: 0, capLen: 0, interfaceId: o.interfaceId, linkType: 1 };
    const meta = this.#meta;
    const builder = this.#builder;
    const snaplen = o.snaplen;
    this.#live = new LiveCapture(o, (bytes, length, header) => {
      const captured = Math.min(length, snaplen);
      meta.sec = header.sec ?? 0;
      meta.nsec = header.nsec ?? 0;
      meta.capLen = captured;
      meta.wireLen = header.wireLen ?? length;
      builder.add(meta, bytes.subarray(0, captured));
    });
    this.linkType = this.#live.linkType;
    this.#meta.linkType = this.linkType;
  }

  get open(): boolean {
    return this.#live.open;
  }

  kernelCounts(): KernelCounts | undefined {
    return this.#live.kernelCounts();
  }

  flush(): void {
    if (this.#live.open) this.#builder.flush({ idle: true });
  }

  close(): void {
    if (!this.#live.open) return;
    this.#live.close();
    this.#builder.discard();
  }
}
