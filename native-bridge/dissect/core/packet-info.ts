/** What the dissectors learn about one packet besides the tree (Wireshark's packet_info). */
import type { PacketMeta } from '../../common/index.js';

export interface Malformed {
  /** Frame offset where decoding stopped. */
  offset: number;
  /** The protocol that was being decoded. */
  protocol: string;
  reason: string;
}

import { type DissectSession, type FrameSlot, SESSION_KEY_COUNT } from './session.js';

export type AddressType = 'ether' | 'ipv4' | 'ipv6' | 'none';

export class PacketInfo {
  readonly frame: PacketMeta;
  /** Summary columns, as Wireshark's packet list shows them. */
  src = '';
  dst = '';
  protocol = '';
  info = '';
  /** The protocol stack, link to top, as TShark's frame.protocols names it (`eth:ethertype:ip:tcp`). */
  readonly protocols: string[] = [];
  malformed: Malformed | undefined;
  /** Link-layer addresses (Ethernet), for conversations and endpoints. */
  dlSrc: string | undefined;
  dlDst: string | undefined;
  /** Network addresses, printed (`192.0.2.1`, `2001:db8::1`). */
  netType: AddressType = 'none';
  netSrc: string | undefined;
  netDst: string | undefined;
  /** Transport ports. */
  ptype: 'tcp' | 'udp' | undefined;
  srcPort = 0;
  dstPort = 0;
  /** Scratch space between layers (IP hands TCP/UDP its pseudo-header, TCP hands HTTP its stream). */
  get data(): Map<string, unknown> {
    this.#data ??= new Map();
    return this.#data;
  }

  #data: Map<string, unknown> | undefined; // most packets never need it: made on first use

  /** Cross-packet state of the capture this frame belongs to. */
  readonly session: DissectSession;
  /**
   * Whether the session dissected this frame before (Wireshark's PINFO_FD_VISITED): then
   * protocols read their decisions back (`frameData`) and leave the session's state alone.
   */
  readonly visited: boolean;
  /** On a revisit: how many entries of each key this dissection has read so far. */
  #reads: Uint16Array | undefined;

  constructor(frame: PacketMeta, session: DissectSession) {
    this.frame = frame;
    this.session = session;
    this.visited = session.enter(frame.number);
  }

  /**
   * What a protocol decided for this frame from the session's state (Wireshark's per-frame
   * proto data). The first time the frame is dissected, runs `compute` (which may update the
   * state) and records its result; on a revisit, returns the recorded result without running
   * it. A frame may ask several times under one slot: the n-th call gets the n-th result.
   * `compute` must not read the packet (a read past the end would throw before the result is
   * recorded): read first, decide in `compute`.
   */
  frameData<T>(slot: FrameSlot<T>, compute: () => T): T {
    if (!this.visited) {
      const value = compute();
      this.session.record(slot, this.frame.number, value);
      return value;
    }
    this.#reads ??= new Uint16Array(SESSION_KEY_COUNT);
    const ordinal = this.#reads[slot.id]!++;
    const value = this.session.recorded(slot, this.frame.number, ordinal);
    if (value === undefined)
      throw new Error(
        this.session.revisits
          ? `frame ${this.frame.number} has no ${slot.key} decision #${ordinal + 1} from its first dissection on this session`
          : `frame ${this.frame.number} comes again on a session made for one pass (revisits: false)`,
      );
    return value;
  }

  /** Length of the Info column's fenced start (TCP's analysis notes), which setInfo keeps. */
  #fence = 0;

  /** Replaces the Info column (after its fenced start, if any). */
  setInfo(text: string): void {
    this.info = this.#fence === 0 ? text : this.info.slice(0, this.#fence) + text;
  }

  /**
   * Puts `text` before the Info column and behind a fence: protocols above replacing the column
   * keep it (Wireshark's col_prepend_fence_fstr: `[TCP Window Full] HTTP/1.1 200 OK`).
   */
  prependInfoFenced(text: string): void {
    this.info = text + this.info;
    this.#fence += text.length;
  }

  /** Appends to the Info column, separated by a space (or `sep`). */
  appendInfo(text: string, sep = ' '): void {
    this.info = this.info.length <= this.#fence ? this.info + text : `${this.info}${sep}${text}`;
  }

  /** Sets the network addresses and the Source/Destination columns. */
  setNet(type: AddressType, src: string, dst: string): void {
    this.netType = type;
    this.netSrc = src;
    this.netDst = dst;
    this.src = src;
    this.dst = dst;
  }
}
