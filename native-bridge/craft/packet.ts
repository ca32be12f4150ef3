import { finish, sum16, sumView } from '../common/index.js';
import { BuildError, badSpec, noRoom } from './errors.js';
import { ArpLayer, EthLayer, IcmpLayer, Ipv4Layer, Ipv6Layer, TcpLayer, UdpLayer, VlanTag } from './layers.js';
import type { PacketSpec, VlanSpec } from './spec.js';
import { ipv4Pseudo, ipv6Pseudo, writeArp, writeEth, writeIcmp, writeIpv4, writeIpv6, writeTcp, writeUdp } from './writers.js';

const NET_NONE = 0;
const NET_ARP = 1;
const NET_IP4 = 2;
const NET_IP6 = 3;
const L4_NONE = 0;
const L4_TCP = 1;
const L4_UDP = 2;
const L4_ICMP = 3;
const L4_ICMP6 = 4;
const EMPTY = new Uint8Array(0);

let lastTarget: Uint8Array | undefined;
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/**
 * A DataView over exactly the target's bytes, kept while the same target comes back (a pooled
 * lease's `bytes`, a batch buffer), so building many packets into it allocates nothing.
 */
function viewOf(target: Uint8Array): DataView {
  if (target !== lastTarget) {
    lastView = new DataView(target.buffer, target.byteOffset, target.byteLength);
    lastTarget = target;
  }
  return lastView;
}

/** LINKTYPE_ETHERNET and LINKTYPE_RAW (IPv4 or IPv6 without a link header). */
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;

/**
 * A packet compiled from a spec: which layers, their lengths and option layouts are fixed; the
 * field values (`packet.tcp.seq`, `packet.ip.id`, `packet.payload`, ...) may change between
 * builds. `build()` returns a new buffer; `buildInto(target, offset)` writes into a given one
 * (a pool lease's `bytes`, a batch) without allocating, computes every length and checksum in
 * place, and returns the bytes written.
 */
export class Packet {
  readonly eth: EthLayer | undefined;
  readonly vlan: readonly VlanTag[];
  readonly arp: ArpLayer | undefined;
  readonly ip: Ipv4Layer | undefined;
  readonly ipv6: Ipv6Layer | undefined;
  readonly tcp: TcpLayer | undefined;
  readonly udp: UdpLayer | undefined;
  readonly icmp: IcmpLayer | undefined;
  readonly icmpv6: IcmpLayer | undefined;
  /** The bytes after the headers; replace it freely between builds (kept by reference). */
  payload: Uint8Array;
  /** LINKTYPE_ value of the frames this packet makes. */
  readonly linkType: number;

  readonly #net: number;
  readonly #l4: number;
  readonly #l4Proto: number;
  readonly #etherType: number;
  readonly #linkLen: number;
  readonly #netLen: number;
  readonly #l4hl: number;
  #scratch = EMPTY;
  #scratchView = new DataView(new ArrayBuffer(0));
  #fragCount = 0;
  #fragFirst = 0;
  #fragRest = 0;
  #fragData = 0;

  constructor(spec: PacketSpec) {
    this.eth = spec.eth === undefined ? undefined : new EthLayer(spec.eth);
    const tags: readonly VlanSpec[] = spec.vlan === undefined ? [] : 'id' in spec.vlan ? [spec.vlan] : spec.vlan;
    this.vlan = tags.map((t, i) => new VlanTag(t, i));
    if (this.vlan.length > 0 && this.eth === undefined) throw badSpec('vlan', 'a tag without eth', 'an eth layer to carry the 802.1Q tag');
    const nets = (['arp', 'ip', 'ipv6'] as const).filter((k) => spec[k] !== undefined);
    if (nets.length > 1) throw badSpec('spec', nets.join(' + '), 'at most one of arp, ip, ipv6');
    const l4s = (['tcp', 'udp', 'icmp', 'icmpv6'] as const).filter((k) => spec[k] !== undefined);
    if (l4s.length > 1) throw badSpec('spec', l4s.join(' + '), 'at most one of tcp, udp, icmp, icmpv6');
    this.arp = spec.arp === undefined ? undefined : new ArpLayer(spec.arp);
    this.ip = spec.ip === undefined ? undefined : new Ipv4Layer(spec.ip);
    this.ipv6 = spec.ipv6 === undefined ? undefined : new Ipv6Layer(spec.ipv6);
    this.tcp = spec.tcp === undefined ? undefined : new TcpLayer(spec.tcp);
    this.udp = spec.udp === undefined ? undefined : new UdpLayer(spec.udp);
    this.icmp = spec.icmp === undefined ? undefined : new IcmpLayer(spec.icmp, 'icmp');
    this.icmpv6 = spec.icmpv6 === undefined ? undefined : new IcmpLayer(spec.icmpv6, 'icmpv6');
    this.payload = spec.payload ?? EMPTY;
    this.#net = this.arp ? NET_ARP : this.ip ? NET_IP4 : this.ipv6 ? NET_IP6 : NET_NONE;
    this.#l4 = this.tcp ? L4_TCP : this.udp ? L4_UDP : this.icmp ? L4_ICMP : this.icmpv6 ? L4_ICMP6 : L4_NONE;
    if (this.#l4 !== L4_NONE && this.#net !== NET_IP4 && this.#net !== NET_IP6)
      throw badSpec(l4s[0]!, 'without ip or ipv6', 'an ip or ipv6 layer below it');
    if (this.#l4 === L4_ICMP && this.#net !== NET_IP4) throw badSpec('icmp', 'over ipv6', 'icmpv6 for IPv6');
    if (this.#l4 === L4_ICMP6 && this.#net !== NET_IP6) throw badSpec('icmpv6', 'over ip', 'icmp for IPv4');
    if (this.#net === NET_ARP && spec.payload !== undefined && spec.payload.length > 0)
      throw badSpec('payload', 'after arp', 'no payload after ARP');
    if (this.eth === undefined && this.#net !== NET_IP4 && this.#net !== NET_IP6)
      throw badSpec('eth', undefined, 'an eth layer (only IPv4/IPv6 packets may go without a link header)');
    const l4Proto = [-1, 6, 17, 1, 58][this.#l4]!;
    const given = this.ip ? this.ip.proto : this.ipv6 ? this.ipv6.nxt : -1;
    if (given < 0 && this.#l4 === L4_NONE && (this.#net === NET_IP4 || this.#net === NET_IP6)) {
      throw badSpec(this.ip ? 'ip.proto' : 'ipv6.nxt', undefined, 'a protocol number when no transport layer is given');
    }
    this.#l4Proto = given >= 0 ? given : l4Proto;
    const netType = [0x88b5, 0x0806, 0x0800, 0x86dd][this.#net]!;
    this.#etherType = this.eth !== undefined && this.eth.type !== 0 ? this.eth.type : netType;
    this.#linkLen = this.eth === undefined ? 0 : 14 + 4 * this.vlan.length;
    this.linkType = this.eth === undefined ? LINKTYPE_RAW : LINKTYPE_ETHERNET;
    this.#netLen = [0, 28, 20 + (this.ip?.options.length ?? 0), 40 + (this.ipv6?.ext.length ?? 0)][this.#net]!;
    this.#l4hl = [0, 20 + (this.tcp?.options.length ?? 0), 8, 8, 8][this.#l4]!;
  }

  /** Bytes before the payload. */
  get headerLength(): number {
    return this.#linkLen + this.#netLen + this.#l4hl;
  }

  /** Bytes `build()` returns and `buildInto()` writes. */
  get length(): number {
    return this.headerLength + this.payload.length;
  }

  build(): Uint8Array {
    const out = new Uint8Array(this.length);
    this.buildInto(out, 0);
    return out;
  }

  /**
   * Writes the packet at `target[offset]` and returns its length. When it does not fit, throws
   * BUILD_NO_ROOM (needed, available) before writing anything.
   */
  buildInto(target: Uint8Array, offset = 0): number {
    const payload = this.payload;
    const plen = payload.length;
    const l4Len = this.#l4hl + plen;
    const total = this.#linkLen + this.#netLen + l4Len;
    if (!(offset >= 0 && offset + total <= target.length)) throw noRoom('the packet', total, target, offset);
    if (l4Len > 65515) this.#checkSize(l4Len);
    const v = viewOf(target);
    const o = this.eth === undefined ? offset : writeEth(v, offset, this.eth, this.vlan, this.#etherType);
    let l4At: number;
    switch (this.#net) {
      case NET_ARP:
        writeArp(target, v, o, this.arp!);
        return total;
      case NET_IP4: {
        const ip = this.ip!;
        l4At = writeIpv4(target, v, o, ip, ip.options, ip.optionsSum, l4Len, this.#l4Proto, ip.df, ip.mf, ip.frag_offset);
        break;
      }
      case NET_IP6:
        l4At = writeIpv6(target, v, o, this.ipv6!, this.ipv6!.ext.length + l4Len, this.#l4Proto);
        break;
      default:
        l4At = o;
    }
    const headerSum = this.#writeL4Header(target, v, l4At, l4Len);
    const payloadAt = l4At + this.#l4hl;
    // TypedArray.set costs a builtin call; a short payload is cheaper copied by hand.
    if (plen > 32) target.set(payload, payloadAt);
    else for (let i = 0; i < plen; i++) target[payloadAt + i] = payload[i]!;
    if (this.#l4 !== L4_NONE) {
      // The header's words are known; only the payload is read back (the transport header has an even length, so words line up).
      const sum = plen === 0 ? headerSum + this.#pseudo(l4Len) : sumView(v, payloadAt, payloadAt + plen, headerSum + this.#pseudo(l4Len));
      this.#storeChecksum(v, l4At, finish(sum));
    }
    return total;
  }

  /**
   * Prepares fragmenting the IP datagram for links of `mtu` bytes (IP header included) and
   * returns how many fragments it makes (1: it fits, and the fragment is the packet itself).
   * The transport checksum covers the whole datagram and is computed here once; change the
   * packet's fields or payload only before calling this.
   */
  fragment(mtu: number): number {
    if (this.#net !== NET_IP4 && this.#net !== NET_IP6) throw badSpec('fragment', 'a packet without ip or ipv6', 'an IPv4 or IPv6 packet');
    if (this.ipv6?.hasFragment) throw badSpec('ipv6.ext', 'a fragment header', 'no fragment header when fragment() makes them');
    const l4hl = this.#l4hl;
    const data = l4hl + this.payload.length;
    this.#checkSize(data);
    if (this.#scratch.length < l4hl) {
      this.#scratch = new Uint8Array(60);
      this.#scratchView = new DataView(this.#scratch.buffer);
    }
    if (this.#l4 !== L4_NONE) {
      const headerSum = this.#writeL4Header(this.#scratch, this.#scratchView, 0, data);
      const sum = sum16(this.payload, 0, this.payload.length, headerSum + this.#pseudo(data));
      this.#storeChecksum(this.#scratchView, 0, finish(sum));
    }
    let count: number;
    if (this.#net === NET_IP4) {
      const ip = this.ip!;
      const h0 = 20 + ip.options.length;
      const hr = 20 + ip.copiedOptions.length;
      this.#fragFirst = ((mtu - h0) >>> 3) << 3;
      this.#fragRest = ((mtu - hr) >>> 3) << 3;
      if (!Number.isInteger(mtu) || this.#fragFirst < 8 || this.#fragRest < 8)
        throw badSpec('mtu', mtu, `an MTU of at least ${h0 + 8} bytes`);
      count = h0 + data <= mtu ? 1 : 1 + Math.ceil((data - this.#fragFirst) / this.#fragRest);
    } else {
      const unf = 40 + this.ipv6!.ext.length;
      this.#fragFirst = this.#fragRest = ((mtu - unf - 8) >>> 3) << 3;
      if (!Number.isInteger(mtu) || this.#fragFirst < 8) throw badSpec('mtu', mtu, `an MTU of at least ${unf + 16} bytes`);
      count = unf + data <= mtu ? 1 : Math.ceil(data / this.#fragFirst);
    }
    this.#fragData = data;
    this.#fragCount = count;
    return count;
  }

  /** Writes fragment `index` of those `fragment(mtu)` prepared; returns its length. */
  buildFragmentInto(index: number, target: Uint8Array, offset = 0): number {
    const count = this.#fragCount;
    if (count === 0)
      throw new BuildError(
        'BUILD_BAD_SPEC',
        'buildFragmentInto() before fragment(mtu)',
        'call packet.fragment(mtu) first; it returns the fragment count',
      );
    if (!(Number.isInteger(index) && index >= 0 && index < count)) throw badSpec('index', index, `a fragment index 0..${count - 1}`);
    if (count === 1) return this.buildInto(target, offset);
    const start = index === 0 ? 0 : this.#fragFirst + (index - 1) * this.#fragRest;
    const size = Math.min(index === 0 ? this.#fragFirst : this.#fragRest, this.#fragData - start);
    const more = index < count - 1;
    const ip = this.ip;
    const hdr = ip !== undefined ? 20 + (index === 0 ? ip.options.length : ip.copiedOptions.length) : 48 + this.ipv6!.ext.length;
    const total = this.#linkLen + hdr + size;
    if (!(offset >= 0 && offset + total <= target.length)) throw noRoom(`fragment ${index + 1} of ${count}`, total, target, offset);
    const v = viewOf(target);
    let o = this.eth === undefined ? offset : writeEth(v, offset, this.eth, this.vlan, this.#etherType);
    if (ip !== undefined) {
      const first = index === 0;
      o = writeIpv4(
        target,
        v,
        o,
        ip,
        first ? ip.options : ip.copiedOptions,
        first ? ip.optionsSum : ip.copiedOptionsSum,
        size,
        this.#l4Proto,
        false,
        more,
        start,
      );
    } else {
      const ip6 = this.ipv6!;
      o = writeIpv6(target, v, o, ip6, ip6.ext.length + 8 + size, 44);
      v.setUint32(o, ((this.#l4Proto << 24) | start | (more ? 1 : 0)) >>> 0);
      v.setUint32(o + 4, ip6.ident >>> 0);
      o += 8;
    }
    // The fragment's slice of (transport header, payload).
    const l4hl = this.#l4hl;
    const end = start + size;
    for (let i = start; i < end && i < l4hl; i++) target[o + i - start] = this.#scratch[i]!;
    if (end > l4hl) {
      const from = Math.max(start, l4hl);
      target.set(this.payload.subarray(from - l4hl, end - l4hl), o + from - start);
    }
    return total;
  }

  /** The simple path: every fragment as a new buffer. */
  fragments(mtu: number): Uint8Array[] {
    const n = this.fragment(mtu);
    const out: Uint8Array[] = [];
    const buf = new Uint8Array(this.#linkLen + mtu);
    for (let i = 0; i < n; i++) out.push(buf.slice(0, this.buildFragmentInto(i, buf, 0)));
    return out;
  }

  #checkSize(l4Len: number): void {
    const max =
      this.#net === NET_IP4 ? 0xffff - 20 - this.ip!.options.length : this.#net === NET_IP6 ? 0xffff - this.ipv6!.ext.length : Infinity;
    if (l4Len > max) {
      throw new BuildError(
        'BUILD_TOO_LARGE',
        `the ${this.#net === NET_IP4 ? 'IPv4' : 'IPv6'} payload is ${l4Len} bytes, over the ${max}-byte maximum of one datagram`,
        'send a smaller payload (fragmenting cannot exceed the datagram limit either)',
      );
    }
  }

  #pseudo(l4Len: number): number {
    if (this.#net === NET_IP4) return this.#l4 === L4_ICMP ? 0 : ipv4Pseudo(this.ip!, l4Len, this.#l4Proto);
    return ipv6Pseudo(this.ipv6!, l4Len, this.#l4Proto);
  }

  /** Writes the transport header (checksum 0) and returns its word sum. */
  #writeL4Header(t: Uint8Array, v: DataView, o: number, l4Len: number): number {
    switch (this.#l4) {
      case L4_TCP:
        return writeTcp(t, v, o, this.tcp!);
      case L4_UDP:
        return writeUdp(v, o, this.udp!, l4Len);
      case L4_ICMP:
        return writeIcmp(v, o, this.icmp!);
      case L4_ICMP6:
        return writeIcmp(v, o, this.icmpv6!);
      default:
        return 0;
    }
  }

  #storeChecksum(v: DataView, l4At: number, c: number): void {
    switch (this.#l4) {
      case L4_TCP:
        v.setUint16(l4At + 16, c);
        break;
      case L4_UDP:
        // 0 would mean "no checksum": RFC 768 sends its complement, 0xffff.
        v.setUint16(l4At + 6, this.udp!.checksum || this.#net === NET_IP6 ? c || 0xffff : 0);
        break;
      default:
        v.setUint16(l4At + 2, c);
    }
  }
}
