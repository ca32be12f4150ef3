import { loadCap, type CapHandle } from './binding.js';
import { openError } from './errors.js';
import { KERNEL_BUFFER } from './limits.js';
import { MAX_SNAPLEN, linkTypeOf } from './wire-length.js';

export interface LiveOptions {
  iface: string;
  /** A BPF capture filter (pcap-filter syntax); '' for everything. */
  filter?: string | undefined;
  /** The kernel ring's size in bytes (KERNEL_BUFFER: 64 MiB by default). */
  bufferSize?: number | undefined;
}

/**
 * One interface opened through the `cap` binding, on the calling thread's event loop (the
 * engine worker's). `onPacket(bytes, length)` runs for every packet with `bytes` the buffer
 * libpcap copied it into (valid during the call only) and `length` its captured length.
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

  constructor(o: LiveOptions, onPacket: (bytes: Buffer, length: number) => void) {
    const cap = loadCap();
    this.iface = o.iface;
    this.#buffer = Buffer.alloc(MAX_SNAPLEN);
    this.#handle = new cap.Cap();
    let linkName: string;
    try {
      linkName = this.#handle.open(o.iface, o.filter ?? '', o.bufferSize ?? KERNEL_BUFFER.default, this.#buffer);
    } catch (e) {
      throw openError(e, o.iface, o.filter ?? '');
    }
    this.linkType = linkTypeOf(linkName);
    const bytes = this.#buffer;
    this.#handle.on('packet', (length: number) => {
      if (this.#open) onPacket(bytes, length);
    });
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
