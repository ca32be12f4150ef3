import { loadCap, type CapHandle, type KernelCounts } from './binding.js';
import { openError } from './errors.js';
import { KERNEL_BUFFER } from './limits.js';
import { SNAPLEN } from './limits.js';
import { linkTypeOf } from './wire-length.js';

export interface LiveOptions {
  iface: string;
  /** A BPF capture filter (pcap-filter syntax); '' for everything. */
  filter?: string | undefined;
  /** The kernel ring's size in bytes (KERNEL_BUFFER: 64 MiB by default). */
  bufferSize?: number | undefined;
  /** Bytes kept of each packet, by the kernel (default SNAPLEN.default). */
  snaplen?: number | undefined;
  /** Promiscuous mode (default true). */
  promiscuous?: boolean | undefined;
  /**
   * Immediate mode (default false): the kernel hands packets over in blocks, at the latest after
   * `timeoutMs` (100 by default), as tcpdump does; on loopback under a flood of small packets that
   * takes a quarter of the CPU of one wake-up per packet (bench/capture.ts).
   */
  immediate?: boolean | undefined;
  timeoutMs?: number | undefined;
}

/**
 * What libpcap says of one packet beyond its bytes: the kernel's timestamp and the length on
 * the wire. Undefined fields: the binding does not say (a stock cap, a test's stand-in).
 */
export interface PacketHeader {
  sec: number | undefined;
  nsec: number | undefined;
  wireLen: number | undefined;
}

/**
 * One interface opened through the `cap` binding, on the calling thread's event loop (the
 * engine worker's). `onPacket(bytes, length, header)` runs for every packet with `bytes` the
 * buffer libpcap copied it into (valid during the call only), `length` its captured length and
 * `header` the kernel's timestamp and wire length (one object, rewritten for each packet).
 *
 * cap keeps only a raw pointer to that buffer, so this object holds it, and the handle, for the
 * whole capture (Wirepool's build of cap holds it too). cap drains the kernel ring in one native
 * loop: under a flood the thread's event loop gets no turn until the ring is empty, so whoever
 * needs to act during a flood (stop, take buffers back) must do it from inside onPacket.
 */
export class LiveCapture {
  readonly linkType: number;
  readonly iface: string;
  readonly #handle: CapHandle;
  readonly #buffer: Buffer;
  #open = true;

  constructor(o: LiveOptions, onPacket: (bytes: Buffer, length: number, header: PacketHeader) => void) {
    const cap = loadCap();
    this.iface = o.iface;
    this.#buffer = Buffer.alloc(o.snaplen ?? SNAPLEN.default);
    this.#handle = new cap.Cap();
    let linkName: string;
    try {
      linkName = this.#handle.open(o.iface, o.filter ?? '', o.bufferSize ?? KERNEL_BUFFER.default, this.#buffer, {
        snaplen: o.snaplen ?? SNAPLEN.default,
        promiscuous: o.promiscuous ?? true,
        immediate: o.immediate ?? false,
        timeout: o.timeoutMs ?? 100,
      });
    } catch (e) {
      throw openError(e, o.iface, o.filter ?? '');
    }
    this.linkType = linkTypeOf(linkName);
    const bytes = this.#buffer;
    const header: PacketHeader = { sec: undefined, nsec: undefined, wireLen: undefined };
    this.#handle.on('packet', (length: number, _truncated: boolean, sec?: number, nsec?: number, wireLen?: number) => {
      if (!this.#open) return;
      header.sec = sec;
      header.nsec = nsec;
      header.wireLen = wireLen;
      onPacket(bytes, length, header);
    });
  }

  /** libpcap's counters so far (pcap_stats); undefined when the binding cannot say. */
  kernelCounts(): KernelCounts | undefined {
    return this.#open ? this.#handle.stats?.() : undefined;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Stops capturing; safe from inside onPacket (cap then leaves its drain loop). */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#handle.close();
  }
}
