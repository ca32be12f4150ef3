/**
 * Packet builders: a spec (Ethernet II + 802.1Q, ARP, IPv4 with options, IPv6 with extension
 * headers, TCP, UDP, ICMP, ICMPv6) compiled once into a `Packet` that writes itself into any
 * buffer (`buildInto`, no allocation) or a new one (`build`), fragments large datagrams, and
 * rewrites fields of existing frames in place with incremental checksum updates (RFC 1624).
 * Runtime-free: no Node imports.
 */
export { Packet, LINKTYPE_ETHERNET, LINKTYPE_RAW } from './packet.js';
export type {
  PacketSpec,
  EthSpec,
  VlanSpec,
  ArpSpec,
  Ipv4Spec,
  Ipv4Option,
  Ipv6Spec,
  Ipv6Ext,
  TcpSpec,
  TcpOptionsSpec,
  UdpSpec,
  IcmpSpec,
} from './spec.js';
export { BuildError, type BuildErrorCode } from './errors.js';
// The Internet checksum lives in common (the dissectors check with it too); craft's face keeps offering it.
export { internetChecksum, sum16, finish, updateChecksum, updateChecksum32 } from '../common/index.js';
export { parseIpv4, parseIpv6, parseMac, ipv4Text } from './address.js';
export { FrameLayout, locate } from './locate.js';
export { Rewriter, REWRITABLE_FIELDS } from './rewrite.js';
