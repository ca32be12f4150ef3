import type { ArpLayer, EthLayer, IcmpLayer, Ipv4Layer, Ipv6Layer, TcpLayer, UdpLayer, VlanTag } from './layers.js';

/**
 * Writers of one header each, at offset `o` of a target the caller has already checked to be
 * large enough; `v` is a DataView over exactly the target's bytes (same offsets). No
 * allocation: fields go in as 16/32-bit stores from numbers prepared when the packet was made
 * (MAC and IPv6 address words, option sums); only option and extension bytes are copied.
 * Headers whose every word is known (IPv4, TCP, UDP, ICMP) return their checksum sum computed
 * from the values, not read back.
 */

function copy(t: Uint8Array, at: number, src: Uint8Array): void {
  for (let i = 0; i < src.length; i++) t[at + i] = src[i]!;
}

/** Ethernet II with its 802.1Q/802.1ad tags; `innerType` is the type after the last tag. */
export function writeEth(v: DataView, o: number, eth: EthLayer, tags: readonly VlanTag[], innerType: number): number {
  v.setUint32(o, eth.dstHi);
  v.setUint16(o + 4, eth.dstLo);
  v.setUint32(o + 6, eth.srcHi);
  v.setUint16(o + 10, eth.srcLo);
  o += 12;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    v.setUint16(o, tag.tpid);
    v.setUint16(o + 2, (tag.priority << 13) | (tag.dei ? 0x1000 : 0) | tag.id);
    o += 4;
  }
  v.setUint16(o, innerType);
  return o + 2;
}

export function writeArp(t: Uint8Array, v: DataView, o: number, a: ArpLayer): number {
  v.setUint32(o, 0x00010800); // arp.hw.type Ethernet, arp.proto.type IPv4
  v.setUint32(o + 4, 0x06040000 | a.opcode);
  copy(t, o + 8, a.src_hw_mac);
  v.setUint32(o + 14, a.src_proto_ipv4);
  copy(t, o + 18, a.dst_hw_mac);
  v.setUint32(o + 24, a.dst_proto_ipv4);
  return o + 28;
}

/** The IPv4 header with `options` (whose word sum is `optionsSum`), its checksum computed from the field values. */
export function writeIpv4(
  t: Uint8Array,
  v: DataView,
  o: number,
  ip: Ipv4Layer,
  options: Uint8Array,
  optionsSum: number,
  payloadLen: number,
  proto: number,
  df: boolean,
  mf: boolean,
  fragOffset: number,
): number {
  const hl = 20 + options.length;
  const w0 = ((0x40 | (hl >>> 2)) << 8) | ip.dsfield;
  const total = hl + payloadLen;
  const w3 = (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (fragOffset >>> 3);
  const w4 = (ip.ttl << 8) | proto;
  const src = ip.src;
  const dst = ip.dst;
  v.setUint32(o, ((w0 << 16) | total) >>> 0);
  v.setUint32(o + 4, ((ip.id << 16) | w3) >>> 0);
  let s = w0 + total + ip.id + w3 + w4 + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + optionsSum;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  v.setUint32(o + 8, ((w4 << 16) | (~s & 0xffff)) >>> 0);
  v.setUint32(o + 12, src);
  v.setUint32(o + 16, dst);
  if (options.length > 0) copy(t, o + 20, options);
  return o + hl;
}

/**
 * The fixed IPv6 header and the extension headers; the last header's next-header value is
 * `chainEnd` (the transport protocol, or 44 when a fragment header follows).
 */
export function writeIpv6(t: Uint8Array, v: DataView, o: number, ip: Ipv6Layer, plen: number, chainEnd: number): number {
  v.setUint32(o, (0x60000000 | (ip.tclass << 20) | ip.flow) >>> 0);
  v.setUint32(o + 4, ((plen << 16) | ((ip.lastNextAt < 0 ? chainEnd : ip.firstExt) << 8) | ip.hlim) >>> 0);
  const s = ip.srcAddr;
  const d = ip.dstAddr;
  v.setUint32(o + 8, s.w0);
  v.setUint32(o + 12, s.w1);
  v.setUint32(o + 16, s.w2);
  v.setUint32(o + 20, s.w3);
  v.setUint32(o + 24, d.w0);
  v.setUint32(o + 28, d.w1);
  v.setUint32(o + 32, d.w2);
  v.setUint32(o + 36, d.w3);
  if (ip.ext.length > 0) {
    copy(t, o + 40, ip.ext);
    if (ip.lastNextAt >= 0) t[o + 40 + ip.lastNextAt] = chainEnd;
  }
  return o + 40 + ip.ext.length;
}

/** The IPv6 pseudo-header sum (RFC 8200 8.1): source, final destination, upper-layer length, next header. */
export function ipv6Pseudo(ip: Ipv6Layer, l4Len: number, proto: number): number {
  return ip.srcAddr.sum + (ip.finalDstSum >= 0 ? ip.finalDstSum : ip.dstAddr.sum) + (l4Len >>> 16) + (l4Len & 0xffff) + proto;
}

export function ipv4Pseudo(ip: Ipv4Layer, l4Len: number, proto: number): number {
  return (ip.src >>> 16) + (ip.src & 0xffff) + (ip.dst >>> 16) + (ip.dst & 0xffff) + proto + l4Len;
}

/** TCP header with options, checksum field 0; returns the header's word sum. */
export function writeTcp(t: Uint8Array, v: DataView, o: number, h: TcpLayer): number {
  const hl = 20 + h.options.length;
  const w6 = ((((hl >>> 2) << 4) | ((h.flags >>> 8) & 1)) << 8) | (h.flags & 0xff);
  v.setUint32(o, ((h.srcport << 16) | h.dstport) >>> 0);
  v.setUint32(o + 4, h.seq);
  v.setUint32(o + 8, h.ack);
  v.setUint32(o + 12, ((w6 << 16) | h.window_size_value) >>> 0);
  v.setUint32(o + 16, h.urgent_pointer);
  let s =
    h.srcport +
    h.dstport +
    (h.seq >>> 16) +
    (h.seq & 0xffff) +
    (h.ack >>> 16) +
    (h.ack & 0xffff) +
    w6 +
    h.window_size_value +
    h.urgent_pointer +
    h.optionsSum;
  if (h.options.length > 0) {
    copy(t, o + 20, h.options);
    if (h.tsAt >= 0) {
      v.setUint32(o + 20 + h.tsAt, h.tsval);
      v.setUint32(o + 24 + h.tsAt, h.tsecr);
      // tsAt is even (after kind and length): the values sit on word boundaries.
      s += (h.tsval >>> 16) + (h.tsval & 0xffff) + (h.tsecr >>> 16) + (h.tsecr & 0xffff);
    }
  }
  return s;
}

/** UDP header, checksum field 0; returns its word sum. */
export function writeUdp(v: DataView, o: number, h: UdpLayer, l4Len: number): number {
  v.setUint32(o, ((h.srcport << 16) | h.dstport) >>> 0);
  v.setUint32(o + 4, (l4Len << 16) >>> 0);
  return h.srcport + h.dstport + l4Len;
}

/** ICMP/ICMPv6 header (echo layout: identifier, sequence), checksum field 0; returns its word sum. */
export function writeIcmp(v: DataView, o: number, h: IcmpLayer): number {
  v.setUint32(o, ((h.type << 24) | (h.code << 16)) >>> 0);
  v.setUint32(o + 4, ((h.ident << 16) | h.seq) >>> 0);
  return ((h.type << 8) | h.code) + h.ident + h.seq;
}
