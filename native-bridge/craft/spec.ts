import type { Ipv4Input, Ipv6Input, MacInput } from './address.js';

/**
 * What a packet is made of. Keys are Wireshark's protocol names and each layer's keys are the
 * last part of its Wireshark field names (`ip.ttl` is `ip: { ttl }`, `tcp.window_size_value`
 * is `tcp: { window_size_value }`). Sequence and acknowledgment numbers are raw (`tcp.seq_raw`).
 * Lengths, protocol numbers and checksums are filled in unless given.
 */
export interface PacketSpec {
  eth?: EthSpec;
  /** 802.1Q tags (outermost first); `tpid` 0x88a8 makes an 802.1ad service tag. */
  vlan?: VlanSpec | readonly VlanSpec[];
  arp?: ArpSpec;
  ip?: Ipv4Spec;
  ipv6?: Ipv6Spec;
  tcp?: TcpSpec;
  udp?: UdpSpec;
  icmp?: IcmpSpec;
  icmpv6?: IcmpSpec;
  /** The bytes after the last header (kept by reference, copied at each build). */
  payload?: Uint8Array;
}

export interface EthSpec {
  src: MacInput;
  dst: MacInput;
  /** eth.type; defaults to the next layer's (0x0800, 0x86dd, 0x0806, 0x8100). */
  type?: number;
}

export interface VlanSpec {
  id: number;
  priority?: number;
  dei?: boolean;
  /** Tag protocol identifier: 0x8100 (802.1Q, the default) or 0x88a8 (802.1ad). */
  tpid?: number;
}

export interface ArpSpec {
  /** 1 request, 2 reply. */
  opcode: number;
  src_hw_mac: MacInput;
  src_proto_ipv4: Ipv4Input;
  dst_hw_mac?: MacInput;
  dst_proto_ipv4: Ipv4Input;
}

export type Ipv4Option =
  | { type: 'nop' }
  | { type: 'eol' }
  /** Record route with room for `slots` addresses (filled with `addresses` first). */
  | { type: 'rr'; slots: number; addresses?: readonly Ipv4Input[] }
  /** Router alert (RFC 2113), copied into every fragment. */
  | { type: 'ra'; value?: number }
  /** Any option: kind byte (copy flag included), then its data (length is added). */
  | { type: 'raw'; kind: number; data: Uint8Array };

export interface Ipv4Spec {
  src: Ipv4Input;
  dst: Ipv4Input;
  ttl?: number;
  id?: number;
  dsfield?: number;
  /** ip.flags.df; defaults to true unless the packet is fragmented. */
  df?: boolean;
  /** ip.flags.mf and ip.frag_offset (bytes, a multiple of 8) for a hand-made fragment. */
  mf?: boolean;
  frag_offset?: number;
  /** ip.proto; defaults to the transport layer's. */
  proto?: number;
  options?: readonly Ipv4Option[];
}

export type Ipv6Ext =
  | { type: 'hopopts'; options?: Uint8Array }
  | { type: 'dstopts'; options?: Uint8Array }
  /** Routing header: type 0 lists `addresses`, type 2 carries one home address. */
  | { type: 'routing'; routing_type?: number; segleft?: number; addresses: readonly Ipv6Input[] }
  /** A fragment header written as given (for a hand-made fragment or an atomic fragment). */
  | { type: 'fragment'; offset?: number; more?: boolean; ident: number };

export interface Ipv6Spec {
  src: Ipv6Input;
  dst: Ipv6Input;
  tclass?: number;
  flow?: number;
  hlim?: number;
  /** ipv6.nxt of the last header; defaults to the transport layer's. */
  nxt?: number;
  /** Extension headers in order. */
  ext?: readonly Ipv6Ext[];
}

export interface TcpOptionsSpec {
  mss?: number;
  wscale?: number;
  sack_perm?: boolean;
  /** Timestamps option (tsval, tsecr); both can change per packet through `packet.tcp`. */
  timestamp?: { tsval: number; tsecr: number };
  /** SACK blocks: raw left and right edges. */
  sack?: readonly (readonly [number, number])[];
}

export interface TcpSpec {
  srcport: number;
  dstport: number;
  seq?: number;
  ack?: number;
  /** tcp.flags as a number (0x012 = SYN, ACK) or letters: "S", "SA", "PA", "FA", "R", "U", "E", "C". */
  flags?: number | string;
  window_size_value?: number;
  urgent_pointer?: number;
  options?: TcpOptionsSpec | Uint8Array;
}

export interface UdpSpec {
  srcport: number;
  dstport: number;
  /** false: send no checksum (0, IPv4 only). */
  checksum?: boolean;
}

/** ICMP and ICMPv6: echo request/reply by default; `ident`/`seq` fill the 4 bytes after the checksum. */
export interface IcmpSpec {
  type: number;
  code?: number;
  ident?: number;
  seq?: number;
}
