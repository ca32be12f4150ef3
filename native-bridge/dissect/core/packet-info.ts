/** What the dissectors learn about one packet besides the tree (Wireshark's packet_info). */
import type { PacketMeta } from '../../common/index.js';

export interface Malformed {
  /** Frame offset where decoding stopped. */
  offset: number;
  /** The protocol that was being decoded. */
  protocol: string;
  reason: string;
}

import type { DissectSession } from './session.js';

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

  constructor(frame: PacketMeta, session: DissectSession) {
    this.frame = frame;
    this.session = session;
  }

  /** Replaces the Info column. */
  setInfo(text: string): void {
    this.info = text;
  }

  /** Appends to the Info column, separated by a space (or `sep`). */
  appendInfo(text: string, sep = ' '): void {
    this.info = this.info === '' ? text : `${this.info}${sep}${text}`;
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
