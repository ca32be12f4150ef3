import { ENTRY_BYTES, ENTRY_WORDS, HEADER_BYTES, indexOffsetAfter, writeHeader } from '../batch/index.js';
import type { BufferPool, Lease } from '../pool/index.js';
import { type CapHandle, type KernelCounts, loadCap } from './binding.js';
import { CaptureError, openError } from './errors.js';
import { KERNEL_BUFFER, SNAPLEN } from './limits.js';
import { linkTypeOf } from './link-types.js';
import type { CaptureSource, OnBatch } from './source.js';

/** How one interface of a capture is opened (libpcap's choices, with tcpdump's meaning). */
export interface SourceOptions {
  iface: string;
  /** A BPF capture filter (pcap-filter syntax); '' or undefined for everything. */
  filter?: string | undefined;
  /** The kernel ring's size in bytes (KERNEL_BUFFER: 64 MiB by default). */
  bufferSize?: number | undefined;
  /** Bytes kept of each packet (SNAPLEN.default: 262144, as tcpdump). */
  snaplen: number;
  /** Promiscuous mode (default true; tcpdump's -p turns it off). */
  promiscuous?: boolean | undefined;
  /**
   * Immediate mode (default false): the kernel hands packets over in blocks, at the latest after
   * `timeoutMs` (100 by default), as tcpdump does; under a flood of small packets that takes a
   * quarter of the CPU of one wake-up per packet.
   */
  immediate?: boolean | undefined;
  timeoutMs?: number | undefined;
  /** libpcap's time stamp type by name (tcpdump's -j); undefined: the interface's default. */
  tstampType?: string | undefined;
  /** The link-layer header type (LINKTYPE_, tcpdump's -y); undefined: the interface's default. */
  linkType?: number | undefined;
  /** The capture's number for this interface (its IDB in the pcapng). */
  interfaceId: number;
}

/** Most packets in one batch (bounds its index). */
const MAX_PACKETS = 4096;

/**
 * Capture through the `cap` binding in this thread (the engine worker's), in cap's batch mode:
 * libpcap's packets are copied once, by the binding, from the kernel's ring into a pooled batch
 * buffer this class lends it, as pcapng blocks with their index entries; JavaScript runs once a
 * batch, not once a packet. The batch size follows the flow as the BatchBuilder's does: a batch
 * that fills up makes the next one a tier larger, a mostly empty one flushed by the clock a tier
 * smaller. A packet too big for the next batch gets a buffer of its own size.
 */
export class InProcessCapture implements CaptureSource {
  readonly iface: string;
  readonly linkType: number;
  readonly snaplen: number;
  readonly #handle: CapHandle;
  readonly #pool: BufferPool;
  readonly #onBatch: OnBatch;
  readonly #index = new Uint32Array(MAX_PACKETS * ENTRY_WORDS);
  #lease: Lease | undefined;
  /** Buffers this source has filled before (their pages are mapped; a new one is prefaulted). */
  readonly #filled = new WeakSet<ArrayBuffer>();
  #tier = 0;
  #flushing = false;
  #open = true;

  constructor(o: SourceOptions, pool: BufferPool, onBatch: OnBatch) {
    const cap = loadCap();
    this.iface = o.iface;
    this.snaplen = o.snaplen;
    this.#pool = pool;
    this.#onBatch = onBatch;
    this.#handle = new cap.Cap();
    const handle = this.#handle;
    if (typeof handle.fill !== 'function' || typeof handle.flush !== 'function')
      throw new CaptureError(
        'CAPTURE_NO_BINDING',
        "live capture is not available: the `cap` binding has no batch mode (an older build of Wirepool's cap)",
        'reinstall with `npm ci` so npm builds cap from vendor/cap (see vendor/cap/WIREPOOL.md)',
      );
    let linkName: string;
    try {
      linkName = handle.open(o.iface, o.filter ?? '', o.bufferSize ?? KERNEL_BUFFER.default, undefined, {
        snaplen: o.snaplen ?? SNAPLEN.default,
        promiscuous: o.promiscuous ?? true,
        immediate: o.immediate ?? false,
        timeout: o.timeoutMs ?? 100,
        batch: true,
        interfaceId: o.interfaceId,
        ...(o.tstampType !== undefined ? { tstampType: o.tstampType } : {}),
        ...(o.linkType !== undefined ? { linkType: o.linkType } : {}),
      });
    } catch (e) {
      throw openError(e, o.iface, o.filter ?? '');
    }
    this.linkType = linkTypeOf(linkName);
    handle.on('batch', (count, dataEnd, needBytes) => this.#handed(count, dataEnd, needBytes));
    this.#give(this.#pool.tierSizes[0]!);
  }

  get open(): boolean {
    return this.#open;
  }

  /**
   * Lends the binding a pooled buffer of `size` bytes at least (the whole of its tier, so the
   * lease covers every byte the binding may write) for the next packets.
   */
  #give(size: number): void {
    const pool = this.#pool;
    const lease = pool.acquire(pool.tierSizes[pool.tierFor(size)] ?? size);
    this.#lease = lease;
    const buffer = lease.buffer;
    const fresh = !this.#filled.has(buffer);
    if (fresh) this.#filled.add(buffer);
    this.#handle.fill!(buffer, HEADER_BYTES, lease.bytes.byteLength, this.#index, MAX_PACKETS, ENTRY_BYTES, fresh);
  }

  /** The binding hands the lent buffer back: `count` packets end at `dataEnd`; `need` > 0: a packet waits that needs that much. */
  #handed(count: number, dataEnd: number, need: number): void {
    const lease = this.#lease!;
    this.#lease = undefined;
    if (count === 0) {
      // Not even one packet fitted: lend a buffer that holds the waiting one alone.
      lease.release();
      if (this.#open) this.#give(need);
      return;
    }
    const buffer = lease.buffer;
    const indexOffset = indexOffsetAfter(dataEnd);
    const words = count * ENTRY_WORDS;
    new Uint32Array(buffer, indexOffset, words).set(this.#index.subarray(0, words));
    const usedBytes = writeHeader(buffer, count, indexOffset, 0, 0);
    const sizes = this.#pool.tierSizes;
    if (need > 0 || count === MAX_PACKETS) this.#tier = Math.min(this.#tier + 1, sizes.length - 1);
    else if (this.#flushing && this.#tier > 0 && usedBytes * 4 < buffer.byteLength) this.#tier--;
    if (this.#open) this.#give(Math.max(sizes[this.#tier]!, need));
    this.#onBatch({ lease, count, usedBytes, dataBytes: dataEnd - HEADER_BYTES });
  }

  kernelCounts(): KernelCounts | undefined {
    if (!this.#open) return undefined;
    const s = this.#handle.stats?.();
    return s === undefined ? undefined : { received: s.received, dropped: s.dropped, ifDropped: s.ifDropped };
  }

  flush(): void {
    if (!this.#open) return;
    this.#flushing = true;
    try {
      this.#handle.flush!();
    } finally {
      this.#flushing = false;
    }
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#handle.close();
    this.#lease?.release();
    this.#lease = undefined;
  }
}
