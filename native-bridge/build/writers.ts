import { finish, sum16, write16, write32 } from './checksum.js';
import type { ArpLayer, EthLayer, IcmpLayer, Ipv4Layer, Ipv6Layer, TcpLayer, UdpLayer, VlanTag } from './layers.js';

/**
 * Writers of one header each, at a given offset of a target the caller has already checked to
 * be large enough. No allocation: fields are stored byte by byte, option bytes copied by loop
 * (at most 40), and each returns the offset after what it wrote.
 */

function copy(t: Uint8Array, at: number, src: Uint8Array): void {
  for (let i = 0; i < src.length; i++) t[at + i] = src[i]!;
}

/** Ethernet II with its 802.1Q/802.1ad tags; `innerType` is the type after the last tag. */
export function writeEth(t: Uint8Array, o: number, eth: EthLayer, tags: readonly VlanTag[], innerType: number): number {
  copy(t, o, eth.dst);
  copy(t, o + 6, eth.src);
  o += 12;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    write16(t, o, tag.tpid);
    write16(t, o + 2, (tag.priority << 13) | (tag.dei ? 0x1000 : 0) | tag.id);
    o += 4;
  }
  write16(t, o, innerType);
  return o + 2;
}

export function writeArp(t: Uint8Array, o: number, a: ArpLayer): number {
  write16(t, o, 1); // arp.hw.type: Ethernet
  write16(t, o + 2, 0x0800); // arp.proto.type: IPv4
  t[o + 4] = 6;
  t[o + 5] = 4;
  write16(t, o + 6, a.opcode);
  copy(t, o + 8, a.src_hw_mac);
  write32(t, o + 14, a.src_proto_ipv4);
  copy(t, o + 18, a.dst_hw_mac);
  write32(t, o + 24, a.dst_proto_ipv4);
  return o + 28;
}

/** The IPv4 header with `options`, its checksum computed in place. `payloadLen` follows the header. */
export function writeIpv4(
  t: Uint8Array, o: number, ip: Ipv4Layer, options: Uint8Array, payloadLen: number, proto: number, df: boolean, mf: boolean, fragOffset: number,
): number {
  const hl = 20 + options.length;
  t[o] = 0x40 | (hl >>> 2);
  t[o + 1] = ip.dsfield;
  write16(t, o + 2, hl + payloadLen);
  write16(t, o + 4, ip.id);
  write16(t, o + 6, (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (fragOffset >>> 3));
  t[o + 8] = ip.ttl;
  t[o + 9] = proto;
  t[o + 10] = 0;
  t[o + 11] = 0;
  write32(t, o + 12, ip.src);
  write32(t, o + 16, ip.dst);
  copy(t, o + 20, options);
  write16(t, o + 10, finish(sum16(t, o, o + hl)));
  return o + hl;
}

/**
 * The fixed IPv6 header and the extension headers; the last header's next-header value is
 * `chainEnd` (the transport protocol, or 44 when a fragment header follows).
 */
export function writeIpv6(t: Uint8Array, o: number, ip: Ipv6Layer, plen: number, chainEnd: number): number {
  t[o] = 0x60 | (ip.tclass >>> 4);
  t[o + 1] = ((ip.tclass & 0x0f) << 4) | (ip.flow >>> 16);
  t[o + 2] = (ip.flow >>> 8) & 0xff;
  t[o + 3] = ip.flow & 0xff;
  write16(t, o + 4, plen);
  t[o + 6] = ip.lastNextAt < 0 ? chainEnd : ip.firstExt;
  t[o + 7] = ip.hlim;
  copy(t, o + 8, ip.src);
  copy(t, o + 24, ip.dst);
  copy(t, o + 40, ip.ext);
  if (ip.lastNextAt >= 0) t[o + 40 + ip.lastNextAt] = chainEnd;
  return o + 40 + ip.ext.length;
}

/** The IPv6 pseudo-header sum (RFC 8200 8.1): source, final destination, upper-layer length, next header. */
export function ipv6Pseudo(ip: Ipv6Layer, l4Len: number, proto: number): number {
  const dst = ip.finalDst ?? ip.dst;
  return sum16(ip.src, 0, 16, sum16(dst, 0, 16)) + (l4Len >>> 16) + (l4Len & 0xffff) + proto;
}

export function ipv4Pseudo(ip: Ipv4Layer, l4Len: number, proto: number): number {
  return (ip.src >>> 16) + (ip.src & 0xffff) + (ip.dst >>> 16) + (ip.dst & 0xffff) + proto + l4Len;
}

/** TCP header with options; checksum left 0. */
export function writeTcp(t: Uint8Array, o: number, h: TcpLayer): number {
  const hl = 20 + h.options.length;
  write16(t, o, h.srcport);
  write16(t, o + 2, h.dstport);
  write32(t, o + 4, h.seq);
  write32(t, o + 8, h.ack);
  t[o + 12] = ((hl >>> 2) << 4) | ((h.flags >>> 8) & 1);
  t[o + 13] = h.flags & 0xff;
  write16(t, o + 14, h.window_size_value);
  t[o + 16] = 0;
  t[o + 17] = 0;
  write16(t, o + 18, h.urgent_pointer);
  copy(t, o + 20, h.options);
  if (h.tsAt >= 0) {
    write32(t, o + 20 + h.tsAt, h.tsval);
    write32(t, o + 24 + h.tsAt, h.tsecr);
  }
  return o + hl;
}

/** UDP header; checksum left 0. */
export function writeUdp(t: Uint8Array, o: number, h: UdpLayer, l4Len: number): number {
  write16(t, o, h.srcport);
  write16(t, o + 2, h.dstport);
  write16(t, o + 4, l4Len);
  t[o + 6] = 0;
  t[o + 7] = 0;
  return o + 8;
}

/** ICMP/ICMPv6 header (echo layout: identifier, sequence); checksum left 0. */
export function writeIcmp(t: Uint8Array, o: number, h: IcmpLayer): number {
  t[o] = h.type;
  t[o + 1] = h.code;
  t[o + 2] = 0;
  t[o + 3] = 0;
  write16(t, o + 4, h.ident);
  write16(t, o + 6, h.seq);
  return o + 8;
}
