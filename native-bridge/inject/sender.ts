import { readFileSync } from 'node:fs';
import { linkTypeOf, loadCap, openError, type CapHandle } from '../capture/index.js';

/** What `cap` offers for sending (pcap_sendpacket on an opened handle). */
type SendHandle = CapHandle & { send(buffer: Buffer, nBytes?: number): void };

/**
 * `cap` keeps a raw pointer to the buffer given to open() and frees its handle on collection,
 * so every handle and its buffer stay referenced until the process ends, closed or not (a few
 * kilobytes per opened interface).
 */
const KEEP: { handle: CapHandle; buffer: Buffer }[] = [];

/** A capture filter no frame passes (libpcap refuses one it can prove empty): the handle is opened to send, not to capture. */
const MATCH_NOTHING = 'greater 262145';

/**
 * An interface opened for sending through the optional `cap` binding (loaded and its errors
 * explained by native-bridge/capture). Frames are sent from views of the caller's buffers:
 * a Buffer over the same memory, never a copy.
 */
export class Sender {
  readonly iface: string;
  /** LINKTYPE_ value of the interface. */
  readonly linkType: number;
  /** The interface MTU (largest packet after the link header), or Infinity when unknown. */
  readonly mtu: number;
  #handle: SendHandle | undefined;

  constructor(iface: string) {
    const cap = loadCap();
    const handle = new cap.Cap() as SendHandle;
    const buffer = Buffer.alloc(1024);
    KEEP.push({ handle, buffer });
    let linkName: string;
    try {
      linkName = handle.open(iface, MATCH_NOTHING, 1 << 20, buffer);
    } catch (e) {
      throw openError(e, iface, '');
    }
    this.#handle = handle;
    this.iface = iface;
    this.linkType = linkTypeOf(linkName);
    this.mtu = interfaceMtu(iface);
  }

  /** Sends bytes[0, length) of the view; throws what libpcap says when it cannot. */
  send(bytes: Uint8Array): void {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#handle!.send(b, b.length);
  }

  close(): void {
    this.#handle?.close();
    this.#handle = undefined;
  }
}

/** Linux: /sys/class/net/IFACE/mtu. Elsewhere, or unreadable: no limit known (libpcap refuses what is too big). */
export function interfaceMtu(iface: string): number {
  try {
    const v = Number(readFileSync(`/sys/class/net/${iface}/mtu`, 'utf8').trim());
    return Number.isInteger(v) && v > 0 ? v : Infinity;
  } catch {
    return Infinity;
  }
}
