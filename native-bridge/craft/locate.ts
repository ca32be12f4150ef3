import { read16 } from './bytes.js';

/**
 * Where the layers of an existing frame are, found without the dissector and without
 * allocating (the inject loop runs it per frame into one reused `FrameLayout`).
 */
export class FrameLayout {
  /** Offset of the Ethernet header, -1 when the link type has none. */
  ethAt = -1;
  /** Offset of the IPv4/IPv6 header, -1 when there is none. */
  netAt = -1;
  /** 4, 6 or 0. */
  ipVersion = 0;
  /** Offset of the transport header, -1 when absent (not IP, a later fragment, unknown extension). */
  l4At = -1;
  /** IP protocol of the transport header (6, 17, 1, 58), -1 when unknown. */
  l4Proto = -1;
  /** The datagram is a fragment (its transport checksum covers bytes of other frames). */
  fragment = false;
  /** IPv6 with a routing header whose segments are not done: ipv6.dst is not the checksummed destination. */
  routed = false;
  /** Bytes of the link header (what an MTU check leaves out). */
  linkLen = 0;

  reset(): void {
    this.ethAt = this.netAt = this.l4At = this.l4Proto = -1;
    this.ipVersion = this.linkLen = 0;
    this.fragment = this.routed = false;
  }
}

/** Link types whose IP header we can find. */
export function linkHeader(linkType: number, b: Uint8Array, out: FrameLayout): number {
  switch (linkType) {
    case 1: {
      // Ethernet II, through any 802.1Q / 802.1ad / QinQ tags.
      if (b.length < 14) return -1;
      out.ethAt = 0;
      let o = 12;
      let type = read16(b, o);
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && o + 6 <= b.length) {
        o += 4;
        type = read16(b, o);
      }
      out.linkLen = o + 2;
      return type;
    }
    case 101:
    case 228:
    case 229:
      out.linkLen = 0;
      return b.length > 0 ? (b[0]! >>> 4 === 6 ? 0x86dd : 0x0800) : -1;
    case 0: {
      // BSD loopback: the address family in host byte order (2 = IPv4; 24, 28, 30 = IPv6).
      if (b.length < 4) return -1;
      out.linkLen = 4;
      const fam = b[0]! === 0 ? b[3]! : b[0]!;
      return fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : -1;
    }
    case 113:
      if (b.length < 16) return -1;
      out.linkLen = 16;
      return read16(b, 14);
    case 276:
      if (b.length < 20) return -1;
      out.linkLen = 20;
      return read16(b, 0);
    default:
      return -1;
  }
}

export function locate(b: Uint8Array, linkType: number, out: FrameLayout): FrameLayout {
  out.reset();
  const type = linkHeader(linkType, b, out);
  let o = out.linkLen;
  if (type === 0x0800) {
    if (o + 20 > b.length || b[o]! >>> 4 !== 4) return out;
    const hl = (b[o]! & 0x0f) * 4;
    if (hl < 20 || o + hl > b.length) return out;
    out.netAt = o;
    out.ipVersion = 4;
    const frag = read16(b, o + 6);
    out.fragment = (frag & 0x3fff) !== 0;
    if ((frag & 0x1fff) !== 0) return out; // a later fragment: no transport header here
    out.l4Proto = b[o + 9]!;
    out.l4At = o + hl;
  } else if (type === 0x86dd) {
    if (o + 40 > b.length || b[o]! >>> 4 !== 6) return out;
    out.netAt = o;
    out.ipVersion = 6;
    let nxt = b[o + 6]!;
    o += 40;
    for (;;) {
      if (nxt === 0 || nxt === 60 || nxt === 43) {
        if (o + 8 > b.length) return out;
        if (nxt === 43 && b[o + 3]! > 0) out.routed = true;
        const len = (b[o + 1]! + 1) * 8;
        nxt = b[o]!;
        o += len;
      } else if (nxt === 44) {
        if (o + 8 > b.length) return out;
        out.fragment = true;
        if ((read16(b, o + 2) & 0xfff8) !== 0) return out;
        nxt = b[o]!;
        o += 8;
      } else break;
    }
    if (o > b.length) return out;
    out.l4Proto = nxt;
    out.l4At = o;
  }
  return out;
}
