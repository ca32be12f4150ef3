import { sum16 } from '../common/index.js';
import { parseIpv4, parseIpv6, parseMac, type Ipv6Input, type MacInput } from './address.js';
import { badSpec } from './errors.js';
import { encodeIpv4Options, encodeTcpOptions, tcpFlags } from './options.js';
import type { ArpSpec, EthSpec, IcmpSpec, Ipv4Spec, Ipv6Ext, Ipv6Spec, TcpSpec, UdpSpec, VlanSpec } from './spec.js';

/**
 * Each layer's state once a spec is compiled: plain objects of one shape per layer, fields
 * mutable between builds (`packet.tcp.seq = n`), layouts (option bytes, extension headers)
 * fixed. Field names follow Wireshark's.
 */

export function uint(field: string, v: number | undefined, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0 || v > max) throw badSpec(field, v, `an integer 0..${max}`);
  return v;
}

/** A MAC address as the words the writer stores: 32 high bits, 16 low bits. */
function macWords(m: Uint8Array): [number, number] {
  return [((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0, (m[4]! << 8) | m[5]!];
}

/** The MAC address those words hold (macWords read back). */
function macBytes(hi: number, lo: number): Uint8Array {
  return Uint8Array.of(hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 8, lo & 0xff);
}

export class EthLayer {
  /** 0: the next layer's ethertype. */
  type: number;
  dstHi = 0;
  dstLo = 0;
  srcHi = 0;
  srcLo = 0;
  constructor(s: EthSpec) {
    this.dst = s.dst;
    this.src = s.src;
    this.type = uint('eth.type', s.type, 0xffff, 0);
  }
  get dst(): Uint8Array {
    return macBytes(this.dstHi, this.dstLo);
  }
  set dst(v: MacInput) {
    [this.dstHi, this.dstLo] = macWords(parseMac(v, 'eth.dst'));
  }
  get src(): Uint8Array {
    return macBytes(this.srcHi, this.srcLo);
  }
  set src(v: MacInput) {
    [this.srcHi, this.srcLo] = macWords(parseMac(v, 'eth.src'));
  }
}

export class VlanTag {
  tpid: number;
  priority: number;
  dei: boolean;
  id: number;
  constructor(s: VlanSpec, i: number) {
    this.tpid = uint(`vlan[${i}].tpid`, s.tpid, 0xffff, 0x8100);
    this.priority = uint(`vlan[${i}].priority`, s.priority, 7, 0);
    this.dei = s.dei ?? false;
    this.id = uint(`vlan[${i}].id`, s.id, 4095, 0);
  }
}

export class ArpLayer {
  opcode: number;
  src_hw_mac: Uint8Array;
  src_proto_ipv4: number;
  dst_hw_mac: Uint8Array;
  dst_proto_ipv4: number;
  constructor(s: ArpSpec) {
    this.opcode = uint('arp.opcode', s.opcode, 0xffff, 1);
    this.src_hw_mac = parseMac(s.src_hw_mac, 'arp.src.hw_mac');
    this.src_proto_ipv4 = parseIpv4(s.src_proto_ipv4, 'arp.src.proto_ipv4');
    this.dst_hw_mac = s.dst_hw_mac === undefined ? new Uint8Array(6) : parseMac(s.dst_hw_mac, 'arp.dst.hw_mac');
    this.dst_proto_ipv4 = parseIpv4(s.dst_proto_ipv4, 'arp.dst.proto_ipv4');
  }
}

export class Ipv4Layer {
  src: number;
  dst: number;
  ttl: number;
  id: number;
  dsfield: number;
  df: boolean;
  mf: boolean;
  frag_offset: number;
  /** -1: the transport layer's. */
  proto: number;
  readonly options: Uint8Array;
  readonly copiedOptions: Uint8Array;
  constructor(s: Ipv4Spec) {
    this.src = parseIpv4(s.src, 'ip.src');
    this.dst = parseIpv4(s.dst, 'ip.dst');
    this.ttl = uint('ip.ttl', s.ttl, 255, 64);
    this.id = uint('ip.id', s.id, 0xffff, 0);
    this.dsfield = uint('ip.dsfield', s.dsfield, 255, 0);
    this.mf = s.mf ?? false;
    this.frag_offset = uint('ip.frag_offset', s.frag_offset, 0xfff8, 0);
    if (this.frag_offset % 8 !== 0) throw badSpec('ip.frag_offset', s.frag_offset, 'a multiple of 8 bytes');
    this.df = s.df ?? (!this.mf && this.frag_offset === 0);
    this.proto = uint('ip.proto', s.proto, 255, -1);
    const o = encodeIpv4Options(s.options);
    this.options = o.all;
    this.copiedOptions = o.copied;
    this.optionsSum = sum16(o.all);
    this.copiedOptionsSum = sum16(o.copied);
  }
  /** 16-bit word sums of the option bytes (fixed), for the header checksum. */
  readonly optionsSum: number;
  readonly copiedOptionsSum: number;
}

const EXT_TYPE = { hopopts: 0, routing: 43, fragment: 44, dstopts: 60 } as const;

/** An IPv6 address as four 32-bit words (what the writer stores) and their 16-bit word sum (for pseudo-headers). */
export class Ipv6Address {
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;
  sum = 0;
  set(bytes: Uint8Array): void {
    const w = (i: number) => ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    this.w0 = w(0);
    this.w1 = w(4);
    this.w2 = w(8);
    this.w3 = w(12);
    let s = 0;
    for (let i = 0; i < 16; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
    this.sum = s;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(16);
    for (const [k, v] of [this.w0, this.w1, this.w2, this.w3].entries())
      out.set([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], 4 * k);
    return out;
  }
}

export class Ipv6Layer {
  readonly srcAddr = new Ipv6Address();
  readonly dstAddr = new Ipv6Address();
  tclass: number;
  flow: number;
  hlim: number;
  /** -1: the transport layer's. */
  nxt: number;
  /** Fragment identification used by `packet.fragment()` (ipv6.fraghdr.ident). */
  ident: number;
  /** Extension headers, encoded; the last one's next-header byte is patched per build. */
  readonly ext: Uint8Array;
  /** ipv6.nxt of the fixed header when there are extension headers, else -1. */
  readonly firstExt: number;
  /** Offset in `ext` of the last extension header's next-header byte, -1 without any. */
  readonly lastNextAt: number;
  /** Whether `ext` holds a fragment header already (then the packet cannot be fragmented again). */
  readonly hasFragment: boolean;
  /** The 16-bit word sum of the destination the upper-layer checksum covers: the last routing address while segments are left (RFC 8200 8.1), else -1 (ipv6.dst). */
  readonly finalDstSum: number;
  constructor(s: Ipv6Spec) {
    this.src = s.src;
    this.dst = s.dst;
    this.tclass = uint('ipv6.tclass', s.tclass, 255, 0);
    this.flow = uint('ipv6.flow', s.flow, 0xfffff, 0);
    this.hlim = uint('ipv6.hlim', s.hlim, 255, 64);
    this.nxt = uint('ipv6.nxt', s.nxt, 255, -1);
    this.ident = 0;
    const parts: Uint8Array[] = (s.ext ?? []).map((e, i) => encodeExt(e, i));
    let total = 0;
    for (const p of parts) total += p.length;
    this.ext = new Uint8Array(total);
    let at = 0;
    let lastNextAt = -1;
    (s.ext ?? []).forEach((e, i) => {
      if (lastNextAt >= 0) this.ext[lastNextAt] = EXT_TYPE[e.type];
      this.ext.set(parts[i]!, at);
      lastNextAt = at;
      at += parts[i]!.length;
    });
    this.lastNextAt = lastNextAt;
    this.firstExt = s.ext !== undefined && s.ext.length > 0 ? EXT_TYPE[s.ext[0]!.type] : -1;
    this.hasFragment = (s.ext ?? []).some((e) => e.type === 'fragment');
    let finalDstSum = -1;
    for (const [i, e] of (s.ext ?? []).entries()) {
      if (e.type === 'routing' && (e.segleft ?? 0) > 0 && e.addresses.length > 0) {
        const a = new Ipv6Address();
        a.set(parseIpv6(e.addresses[e.addresses.length - 1]!, `ipv6.ext[${i}].addresses`));
        finalDstSum = a.sum;
      }
    }
    this.finalDstSum = finalDstSum;
  }
  get src(): Uint8Array {
    return this.srcAddr.bytes();
  }
  set src(v: Ipv6Input) {
    this.srcAddr.set(parseIpv6(v, 'ipv6.src'));
  }
  get dst(): Uint8Array {
    return this.dstAddr.bytes();
  }
  set dst(v: Ipv6Input) {
    this.dstAddr.set(parseIpv6(v, 'ipv6.dst'));
  }
}

/** One extension header with its next-header byte left 0 (filled by the chain). */
function encodeExt(e: Ipv6Ext, i: number): Uint8Array {
  const field = `ipv6.ext[${i}]`;
  switch (e.type) {
    case 'hopopts':
    case 'dstopts': {
      const opts = e.options ?? new Uint8Array(0);
      const len = Math.max(8, (2 + opts.length + 7) & ~7);
      if (len > 2048) throw badSpec(`${field}.options`, `${opts.length} bytes`, 'at most 2046 bytes');
      const out = new Uint8Array(len);
      out[1] = len / 8 - 1;
      out.set(opts, 2);
      const pad = len - 2 - opts.length;
      if (pad === 1)
        out[2 + opts.length] = 0; // Pad1
      else if (pad > 1) {
        out[2 + opts.length] = 1; // PadN
        out[3 + opts.length] = pad - 2;
      }
      return out;
    }
    case 'routing': {
      const n = e.addresses.length;
      const out = new Uint8Array(8 + 16 * n);
      out[1] = 2 * n;
      out[2] = uint(`${field}.routing_type`, e.routing_type, 255, 0);
      out[3] = uint(`${field}.segleft`, e.segleft, n, 0);
      for (const [k, a] of e.addresses.entries()) out.set(parseIpv6(a, `${field}.addresses[${k}]`), 8 + 16 * k);
      return out;
    }
    case 'fragment': {
      const out = new Uint8Array(8);
      const off = uint(`${field}.offset`, e.offset, 0xfff8, 0);
      if (off % 8 !== 0) throw badSpec(`${field}.offset`, off, 'a multiple of 8 bytes');
      const w = off | (e.more ? 1 : 0);
      out[2] = w >>> 8;
      out[3] = w & 0xff;
      const id = uint(`${field}.ident`, e.ident, 0xffffffff, 0);
      out[4] = id >>> 24;
      out[5] = (id >>> 16) & 0xff;
      out[6] = (id >>> 8) & 0xff;
      out[7] = id & 0xff;
      return out;
    }
  }
}

export class TcpLayer {
  srcport: number;
  dstport: number;
  seq: number;
  ack: number;
  flags: number;
  window_size_value: number;
  urgent_pointer: number;
  /** Timestamps option values (used when the packet has that option). */
  tsval: number;
  tsecr: number;
  readonly options: Uint8Array;
  readonly optionsSum: number;
  /** Offset of tsval in `options`, -1 without timestamps. */
  readonly tsAt: number;
  constructor(s: TcpSpec) {
    this.srcport = uint('tcp.srcport', s.srcport, 0xffff, 0);
    this.dstport = uint('tcp.dstport', s.dstport, 0xffff, 0);
    this.seq = uint('tcp.seq_raw', s.seq, 0xffffffff, 0);
    this.ack = uint('tcp.ack_raw', s.ack, 0xffffffff, 0);
    this.flags = tcpFlags(s.flags);
    this.window_size_value = uint('tcp.window_size_value', s.window_size_value, 0xffff, 65535);
    this.urgent_pointer = uint('tcp.urgent_pointer', s.urgent_pointer, 0xffff, 0);
    const o = encodeTcpOptions(s.options);
    this.options = o.bytes;
    this.tsAt = o.tsAt;
    this.optionsSum = sum16(o.bytes); // timestamp values are 0 there, added per build
    const ts = s.options instanceof Uint8Array ? undefined : s.options?.timestamp;
    this.tsval = uint('tcp.options.timestamp.tsval', ts?.tsval, 0xffffffff, 0);
    this.tsecr = uint('tcp.options.timestamp.tsecr', ts?.tsecr, 0xffffffff, 0);
  }
}

export class UdpLayer {
  srcport: number;
  dstport: number;
  checksum: boolean;
  constructor(s: UdpSpec) {
    this.srcport = uint('udp.srcport', s.srcport, 0xffff, 0);
    this.dstport = uint('udp.dstport', s.dstport, 0xffff, 0);
    this.checksum = s.checksum ?? true;
  }
}

export class IcmpLayer {
  type: number;
  code: number;
  ident: number;
  seq: number;
  constructor(s: IcmpSpec, name: 'icmp' | 'icmpv6') {
    this.type = uint(`${name}.type`, s.type, 255, 8);
    this.code = uint(`${name}.code`, s.code, 255, 0);
    this.ident = uint(`${name}.ident`, s.ident, 0xffff, 0);
    this.seq = uint(`${name}.seq`, s.seq, 0xffff, 0);
  }
}
