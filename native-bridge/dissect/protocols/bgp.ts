import type { Dissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { isShort, showException } from '../core/frame.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { NestingError, ReportedBoundsError, type Tvb } from '../core/tvb.js';

/**
 * Border Gateway Protocol (RFC 4271) on TCP port 179, read as far as TShark reads it: bytes
 * before the first marker are a continuation; then message by message (one node each), its
 * header, and the OPEN message's parameters and capabilities, the UPDATE message's withdrawn
 * routes, path attributes (each checked against the attributes' length, then its value read by
 * type: AS paths, next hops, communities, MP_REACH/MP_UNREACH NLRI of the common address
 * families, attribute sets, PMSI tunnels, AIGP) and NLRI, NOTIFICATION, ROUTE-REFRESH and
 * CAPABILITY messages. A message whose reads run past its length is marked malformed and the
 * next one is read (Wireshark's dissect_bgp). Info lists the messages (`UPDATE Message,
 * KEEPALIVE Message`).
 */
const TYPES: Record<number, string> = {
  1: 'OPEN Message',
  2: 'UPDATE Message',
  3: 'NOTIFICATION Message',
  4: 'KEEPALIVE Message',
  5: 'ROUTE-REFRESH Message',
  6: 'CAPABILITY Message',
  128: 'Cisco ROUTE-REFRESH Message',
};
const ATTRS: Record<number, string> = {
  1: 'ORIGIN',
  2: 'AS_PATH',
  3: 'NEXT_HOP',
  4: 'MULTI_EXIT_DISC',
  5: 'LOCAL_PREF',
  6: 'ATOMIC_AGGREGATE',
  7: 'AGGREGATOR',
  8: 'COMMUNITIES',
  9: 'ORIGINATOR_ID',
  10: 'CLUSTER_LIST',
  14: 'MP_REACH_NLRI',
  15: 'MP_UNREACH_NLRI',
  16: 'EXTENDED_COMMUNITIES',
  17: 'AS4_PATH',
  18: 'AS4_AGGREGATOR',
  19: 'SAFI_SPECIFIC_ATTRIBUTE',
  22: 'PMSI_TUNNEL_ATTRIBUTE',
  23: 'TUNNEL_ENCAPSULATION_ATTRIBUTE',
  26: 'AIGP',
  29: 'BGP-LS Attribute',
  32: 'LARGE_COMMUNITY',
  128: 'ATTR_SET',
};
const P = fieldTable.register('bgp', 'Border Gateway Protocol', [
  { abbrev: 'bgp.marker', name: 'Marker', type: 'bytes' },
  { abbrev: 'bgp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'bgp.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'bgp.continuation', name: 'Continuation', type: 'none' },
  { abbrev: 'bgp.open.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'bgp.open.myas', name: 'My AS', type: 'uint', bits: 16 },
  { abbrev: 'bgp.open.holdtime', name: 'Hold Time', type: 'uint', bits: 16 },
  { abbrev: 'bgp.open.identifier', name: 'BGP Identifier', type: 'ipv4' },
  { abbrev: 'bgp.open.opt.len', name: 'Optional Parameters Length', type: 'uint', bits: 8 },
  { abbrev: 'bgp.open.opt', name: 'Optional Parameters', type: 'none' },
  { abbrev: 'bgp.open.opt.param', name: 'Optional Parameter', type: 'none' },
  { abbrev: 'bgp.open.opt.param.type', name: 'Parameter Type', type: 'uint', bits: 8 },
  { abbrev: 'bgp.open.opt.param.len', name: 'Parameter Length', type: 'uint', bits: 8 },
  { abbrev: 'bgp.cap', name: 'Capability', type: 'none' },
  { abbrev: 'bgp.cap.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'bgp.cap.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'bgp.notify.major_error', name: 'Major error Code', type: 'uint', bits: 8 },
  { abbrev: 'bgp.notify.minor_error', name: 'Minor error Code', type: 'uint', bits: 8 },
  { abbrev: 'bgp.update.withdrawn_routes.length', name: 'Withdrawn Routes Length', type: 'uint', bits: 16 },
  { abbrev: 'bgp.update.withdrawn_routes', name: 'Withdrawn Routes', type: 'none' },
  { abbrev: 'bgp.update.path_attributes.length', name: 'Total Path Attribute Length', type: 'uint', bits: 16 },
  { abbrev: 'bgp.update.path_attributes', name: 'Path attributes', type: 'none' },
  { abbrev: 'bgp.update.path_attribute', name: 'Path Attribute', type: 'none' },
  { abbrev: 'bgp.update.path_attribute.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'bgp.update.path_attribute.type_code', name: 'Type Code', type: 'uint', bits: 8, strings: ATTRS },
  { abbrev: 'bgp.update.path_attribute.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'bgp.update.path_attribute.origin', name: 'Origin', type: 'uint', bits: 8 },
  { abbrev: 'bgp.update.path_attribute.next_hop', name: 'Next hop', type: 'ipv4' },
  { abbrev: 'bgp.update.path_attribute.multi_exit_disc', name: 'Multiple exit discriminator', type: 'uint', bits: 32 },
  { abbrev: 'bgp.update.path_attribute.local_pref', name: 'Local preference', type: 'uint', bits: 32 },
  { abbrev: 'bgp.update.path_attribute.mp_reach_nlri.afi', name: 'Address family identifier (AFI)', type: 'uint', bits: 16 },
  { abbrev: 'bgp.update.path_attribute.mp_reach_nlri.safi', name: 'Subsequent address family identifier (SAFI)', type: 'uint', bits: 8 },
  { abbrev: 'bgp.update.path_attribute.mp_reach_nlri', name: 'Network Layer Reachability Information (NLRI)', type: 'none' },
  { abbrev: 'bgp.update.path_attribute.mp_unreach_nlri', name: 'Withdrawn Routes', type: 'none' },
  { abbrev: 'bgp.update.nlri', name: 'Network Layer Reachability Information (NLRI)', type: 'none' },
]);
const f = P.f;

const HEADER = 19;
const MAX_LENGTH = 4096;
const MARKER_SIZE = 16;
const MAX_DEPTH = 256;

enum Afi {
  Inet = 1,
  Inet6 = 2,
  L2vpn = 25,
  L2vpnOld = 196,
  BgpLs = 16388,
}

/** The bytes a read of `length` at `offset` needs (Wireshark's proto_tree_add_item length check): a negative length is past any end. */
function need(tvb: Tvb, offset: number, length: number): void {
  if (length < 0) throw new ReportedBoundsError(tvb.base + offset, length, tvb.remaining(offset));
  tvb.check(offset, length);
}

/** A label-only item where TShark adds one (no read, no check). */
function text(tree: ProtoTree, node: number, tvb: Tvb, offset: number, length: number, label: string): number {
  return tree.building ? tree.add(node, textItem, tvb, offset, Math.max(0, length), undefined, label) : -1;
}

/**
 * An error item over `length` bytes at `offset` (Wireshark's proto_tree_add_expert_format): added,
 * then the bytes it covers must exist, so one running past the message ends it.
 */
function expert(tree: ProtoTree, node: number, tvb: Tvb, offset: number, length: number, label: string): void {
  text(tree, node, tvb, offset, length, label);
  need(tvb, offset, length);
}

/** `n byte(s)`, as TShark's length messages put it. */
const bytes = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;

/** Reads a prefix of `bits` (at most `max`) at `offset`: its byte count, or -1 when too long (tvb_get_ipv4_addr_with_prefix_len). */
function prefixBytes(tvb: Tvb, offset: number, bits: number, max: number): number {
  if (bits > max) return -1;
  const n = (bits + 7) >> 3;
  tvb.check(offset, n);
  return n;
}

/** Wireshark's detect_add_path_prefix46: whether prefixes from `offset` to `end` read as add-path ones and not as plain ones. */
function addPath(tvb: Tvb, offset: number, end: number, max: number): boolean {
  for (let o = offset + 4; o < end; o += 4) {
    const plen = tvb.u8(o);
    if (plen > max) return false;
    o += 1 + ((plen + 7) >> 3);
    if (o > end) return false;
    if (plen % 8 && tvb.u8(o - 1) & (0xff >> (plen % 8))) return false;
  }
  for (let o = offset; o < end; ) {
    const plen = tvb.u8(o);
    if (plen === 0 && end - offset > 1) return true;
    if (plen > max) return true;
    o += 1 + ((plen + 7) >> 3);
    if (o > end) return true;
    if (plen % 8 && tvb.u8(o - 1) & (0xff >> (plen % 8))) return true;
  }
  return false;
}

/** An IPv4 prefix (length byte and address bytes) at `offset`: its size, or -1 for a length over 32 (decode_prefix4). */
function prefix4(tvb: Tvb, tree: ProtoTree, node: number, offset: number, tag: string): number {
  const plen = tvb.u8(offset);
  const n = prefixBytes(tvb, offset + 1, plen, 32);
  if (n < 0) {
    text(tree, node, tvb, offset, 1, `${tag} length ${plen} invalid (> 32)`);
    return -1;
  }
  if (tree.building) {
    const addr = new Uint8Array(4);
    for (let k = 0; k < n; k++) addr[k] = tvb.u8(offset + 1 + k);
    text(tree, node, tvb, offset, 1 + n, `${addr.join('.')}/${plen}`);
  }
  return 1 + n;
}

/** The same with a 4-byte path identifier first (decode_path_prefix4). */
function pathPrefix4(tvb: Tvb, tree: ProtoTree, node: number, offset: number, tag: string): number {
  tvb.u32(offset);
  const plen = tvb.u8(offset + 4);
  const n = prefixBytes(tvb, offset + 5, plen, 32);
  if (n < 0) {
    text(tree, node, tvb, offset + 4, 1, `${tag} length ${plen} invalid (> 32)`);
    return -1;
  }
  return 5 + n;
}

/** An IPv6 prefix, with or without a path identifier (decode_prefix6, decode_path_prefix6). */
function prefix6(tvb: Tvb, offset: number, pathId: boolean): number {
  const at = pathId ? offset + 4 : offset;
  if (pathId) tvb.u32(offset);
  const n = prefixBytes(tvb, at + 1, tvb.u8(at), 128);
  if (n < 0) return -1;
  return at - offset + 1 + n;
}

/** A route distinguisher's reads (decode_bgp_rd). */
function rd(tvb: Tvb, offset: number): void {
  const type = tvb.u16(offset);
  if (type === 0) {
    tvb.u16(offset + 2);
    tvb.u32(offset + 4);
  } else if (type === 1) {
    tvb.u32(offset + 2);
    tvb.u16(offset + 6);
  } else if (type === 2) {
    tvb.u32(offset + 2);
    tvb.u16(offset + 6);
  }
}

/** An MPLS label stack at `offset`: the number of labels (decode_MPLS_stack; a withdrawn first label counts one). */
function labelStack(tvb: Tvb, offset: number): number {
  let at = offset;
  for (;;) {
    const entry = tvb.u24(at);
    if (at === offset && (entry === 0 || entry === 0x800000)) return 1;
    at += 3;
    if (entry & 1) return (at - offset) / 3;
  }
}

/** The next hop of an MP_REACH_NLRI attribute, `nhlen` bytes after its length byte at `at` (decode_mp_next_hop). */
function nextHop(tvb: Tvb, at: number, afi: number, safi: number, nhlen: number): void {
  const off = at + 1;
  const v4 = (): number => {
    if (nhlen !== 4) return 0;
    need(tvb, off, 4);
    return 4;
  };
  const v6 = (): number => {
    if (nhlen !== 16 && nhlen !== 32) return 0;
    need(tvb, off, 16);
    if (nhlen === 32) need(tvb, off + 16, 16);
    return nhlen;
  };
  const vpn4 = (): number => {
    if (nhlen !== 12) return 0;
    rd(tvb, off);
    need(tvb, off + 8, 4);
    return 12;
  };
  const vpn6 = (): number => {
    if (nhlen !== 24 && nhlen !== 48) return 0;
    rd(tvb, off);
    need(tvb, off + 8, 16);
    if (nhlen === 48) {
      rd(tvb, off + 24);
      need(tvb, off + 32, 16);
    }
    return nhlen;
  };
  let length = 0;
  if (afi === Afi.Inet) {
    if ([1, 2, 3, 4, 5, 7, 132].includes(safi)) length = v4() || v6();
    else if (safi === 64) length = v4();
    else if (safi >= 128 && safi <= 130) length = vpn4() || vpn6();
  } else if (afi === Afi.Inet6) {
    if ([1, 2, 3, 4, 5, 7, 64].includes(safi)) length = v6();
    else if (safi >= 128 && safi <= 130) length = vpn6();
  } else if (afi === Afi.L2vpn || afi === Afi.L2vpnOld) {
    // TShark's test here keeps the comparison, not the length: a good IPv4 hop reads as none.
    if ([128, 129, 130, 65, 70].includes(safi)) length = v4() === 0 ? 1 : v6();
  } else if (afi === Afi.BgpLs) {
    if (safi === 71) length = v4() || v6();
    else if (safi === 72) length = vpn4() || vpn6();
  }
  // An unknown length shows the hop's bytes.
  if (length === 0) need(tvb, off, nhlen);
}

/** One MCAST-VPN NLRI (decode_mcast_vpn_nlri): its size, or -1. */
function mcastVpn(tvb: Tvb, tree: ProtoTree, node: number, offset: number, afi: number): number {
  const ipLength = afi === Afi.Inet ? 4 : 16;
  const type = tvb.u8(offset);
  const length = tvb.u8(offset + 1);
  let at = offset + 2;
  if (length > tvb.reportedRemaining(at)) return -1;
  need(tvb, at, length);
  text(tree, node, tvb, at, length, `Route Type ${type} (${length} bytes)`);
  const addresses = (from: number): number => {
    // decode_mcast_vpn_nlri_addresses: source and group, each a length in bits then the address.
    let o = from;
    for (let k = 0; k < 2; k++) {
      const bits = tvb.u8(o);
      o += 1;
      if (bits === 32) need(tvb, o, 4);
      else if (bits === 128) need(tvb, o, 16);
      else if (bits !== 0) return -1;
      o += bits / 8;
    }
    return o;
  };
  switch (type) {
    case 1:
      need(tvb, at, 8);
      rd(tvb, at);
      need(tvb, at + 8, ipLength);
      break;
    case 2:
      need(tvb, at, 8);
      rd(tvb, at);
      need(tvb, at + 8, 4);
      break;
    case 3: {
      need(tvb, at, 8);
      rd(tvb, at);
      const end = addresses(at + 8);
      if (end < 0) return -1;
      need(tvb, end, ipLength);
      break;
    }
    case 4: {
      const key = length - ipLength;
      need(tvb, at, key);
      at += key;
      need(tvb, at, ipLength);
      break;
    }
    case 5:
      need(tvb, at, 8);
      rd(tvb, at);
      if (addresses(at + 8) < 0) return -1;
      break;
    case 6:
    case 7:
      need(tvb, at, 8);
      rd(tvb, at);
      need(tvb, at + 8, 4);
      if (addresses(at + 12) < 0) return -1;
      break;
  }
  return 2 + length;
}

/** One NLRI of an MP_REACH/MP_UNREACH attribute at `offset`, `tlen` bytes left (decode_prefix_MP): its size, or -1 to stop. */
function prefixMp(tvb: Tvb, tree: ProtoTree, node: number, afi: number, safi: number, tlen: number, offset: number, tag: string): number {
  const start = offset;
  if (afi === Afi.Inet || afi === Afi.Inet6) {
    const v4 = afi === Afi.Inet;
    const max = v4 ? 32 : 128;
    switch (safi) {
      case 1:
      case 2:
      case 3:
        if (v4)
          return addPath(tvb, offset, offset + tlen, 32)
            ? pathPrefix4(tvb, tree, node, offset, tag)
            : prefix4(tvb, tree, node, offset, tag);
        return prefix6(tvb, offset, addPath(tvb, offset, offset + tlen, 128));
      case 4: {
        let total = 0;
        if (addPath(tvb, offset, offset + tlen, 255)) {
          tvb.u32(offset);
          offset += 4;
          total = 4;
        }
        let plen = tvb.u8(offset);
        const labels = labelStack(tvb, offset + 1);
        offset += 1 + labels * 3;
        if (plen <= labels * 24) return -1;
        plen -= labels * 24;
        const n = prefixBytes(tvb, offset, plen, max);
        if (n < 0) return -1;
        if (total > 0) need(tvb, start, 4);
        return total + 1 + labels * 3 + n;
      }
      case 5:
        return mcastVpn(tvb, tree, node, offset, afi);
      case 7: {
        const plen = tvb.u8(offset);
        if (plen !== (v4 ? 32 : 128)) return -1;
        need(tvb, offset + 1, v4 ? 4 : 16);
        return v4 ? 5 : 17;
      }
      case 64: {
        let plen = tvb.u8(offset);
        if (plen <= 16) return -1;
        tvb.u16(offset + 1);
        offset += 3;
        plen -= 16;
        const n = prefixBytes(tvb, offset, plen, max);
        if (n < 0) return -1;
        need(tvb, start, 1);
        need(tvb, start + 1, 2);
        return 3 + n;
      }
      case 66: {
        if (!v4) return -1;
        if (tvb.u8(offset) !== 128) return -1;
        need(tvb, offset + 1, 8);
        rd(tvb, offset + 1);
        need(tvb, offset + 9, 4);
        need(tvb, offset + 13, 4);
        return 17;
      }
      case 73:
        need(tvb, offset, 1);
        need(tvb, offset + 1, 4);
        need(tvb, offset + 5, 4);
        need(tvb, offset + 9, 4);
        return v4 ? 13 : 25;
      case 128:
      case 129:
      case 130: {
        let plen = tvb.u8(offset);
        const labels = labelStack(tvb, offset + 1);
        offset += 1 + labels * 3;
        if (plen <= labels * 24) {
          text(tree, node, tvb, start, 1, `${tag} Labeled VPN IPv${v4 ? 4 : 6} prefix length ${plen} invalid`);
          return -1;
        }
        plen -= labels * 24;
        const rdType = v4 ? 0 : tvb.u16(offset);
        if (plen < 64) return -1;
        plen -= 64;
        if (rdType > 2) return -1;
        const n = prefixBytes(tvb, offset + 8, plen, max);
        if (n < 0) return -1;
        if (v4) need(tvb, start, 1);
        rd(tvb, offset);
        return 1 + labels * 3 + 8 + n;
      }
      case 132: {
        if (!v4) return -1;
        const plen = tvb.u8(offset);
        if (plen === 0) return 1;
        if (plen < 32 || plen > 96) {
          text(tree, node, tvb, offset, 1, `${tag} Route target length ${plen} invalid`);
          return -1;
        }
        const length = (plen + 7) >> 3;
        const rt = tvb.u16(offset + 5);
        if (rt === 0x0002) {
          tvb.u16(offset + 7);
          tvb.u32(offset + 9);
        } else if (rt === 0x0102) {
          tvb.u32(offset + 7);
          tvb.u16(offset + 11);
        } else if (rt === 0x0202) {
          // TShark reads the AS from the message's sixth byte, not the NLRI's.
          tvb.u32(6);
          tvb.u16(offset + 11);
        }
        tvb.u32(offset + 1);
        need(tvb, offset, 1);
        need(tvb, offset + 1, 4);
        return 1 + length;
      }
      default:
        return -1;
    }
  }
  if (afi === Afi.L2vpn || afi === Afi.L2vpnOld) {
    if ((safi >= 128 && safi <= 130) || safi === 65) {
      const plen = tvb.u16(offset);
      rd(tvb, offset + 2);
      if (plen === 12) need(tvb, offset + 10, 4);
      else {
        need(tvb, offset + 10, 2);
        need(tvb, offset + 12, 2);
        need(tvb, offset + 14, 2);
        labelStack(tvb, offset + 16);
      }
      return plen + 2;
    }
    return -1;
  }
  return -1;
}

/** The AS size an AS_PATH's segments read with, and how many segments (heuristic_as2_or_4_from_as_path); 255 when none fits. */
function asSize(tvb: Tvb, start: number, end: number, four: boolean): { size: number; segments: number } {
  let k = start;
  let segments = 0;
  if (four) {
    while (k < end) {
      k++;
      const length = tvb.u8(k);
      k++;
      k += length * 4;
      segments++;
    }
    return { size: 4, segments };
  }
  if (start === end) return { size: 0, segments: 0 };
  k++;
  const length = tvb.u8(k++);
  const check = k + 2 * length;
  const next = tvb.u8(check);
  let size: number;
  if (check === end) size = 2;
  else if (next >= 1 && next <= 4) {
    size = 2;
    for (let j = 0; j < length; j++) {
      if (tvb.u16(k + 2 * j) === 0) {
        size = 4;
        break;
      }
    }
  } else size = 4;
  k = start;
  while (k < end) {
    k++;
    const n = tvb.u8(k);
    k++;
    k += n * size;
    segments++;
  }
  return k === end ? { size, segments } : { size: 255, segments: 0 };
}

/** The PMSI tunnel attribute's reads (dissect_bgp_update_pmsi_attr). */
function pmsi(tvb: Tvb, q: number): void {
  need(tvb, q, 1);
  need(tvb, q + 1, 1);
  need(tvb, q + 2, 3);
  tvb.check(q + 5, 0);
  switch (tvb.u8(q + 1)) {
    case 0:
      need(tvb, q + 1, 1);
      break;
    case 1:
      need(tvb, q + 5, 4);
      need(tvb, q + 11, 2);
      need(tvb, q + 13, 4);
      break;
    case 2:
    case 7: {
      need(tvb, q + 5, 1);
      need(tvb, q + 6, 2);
      need(tvb, q + 8, 1);
      const rn = tvb.u8(q + 8);
      need(tvb, q + 9, 4);
      need(tvb, q + 9 + rn, 2);
      need(tvb, q + 11 + rn, 1);
      const opaque = tvb.u8(q + 11 + rn);
      if (opaque === 1) {
        need(tvb, q + 12 + rn, 2);
        need(tvb, q + 14 + rn, 4);
        tvb.u8(q + 5);
        tvb.u32(q + 9);
        tvb.u32(q + 14 + rn);
      } else if (opaque === 255) {
        need(tvb, q + 12 + rn, 2);
        need(tvb, q + 14 + rn, 2);
        need(tvb, q + 16 + rn, tvb.u16(q + 14 + rn));
      }
      break;
    }
    case 3:
    case 4:
    case 5:
      need(tvb, q + 5, 4);
      need(tvb, q + 9, 4);
      break;
    case 6:
      need(tvb, q + 5, 4);
      break;
  }
}

/** Path attributes: `length` bytes from `start` (dissect_bgp_path_attr). */
function pathAttributes(tvb: Tvb, tree: ProtoTree, node: number, length: number, start: number, depth = 0): void {
  // Attribute sets nest; past this depth the frame is given up (TShark recurses without a limit).
  if (depth > MAX_DEPTH) throw new NestingError(tvb.base + start, 'BGP attribute sets nest too deep');
  const o = start;
  for (let i = 0; i < length; ) {
    const flags = tvb.u8(o + i);
    const type = tvb.u8(o + i + 1);
    const extended = (flags & 0x10) !== 0;
    const alen = extended ? tvb.u16(o + i + 2) : tvb.u8(o + i + 2);
    const aoff = extended ? 4 : 3;
    let tlen = alen;
    tvb.check(o + i, 0);
    const name = ATTRS[type] ?? `Unknown (${type})`;
    const pa = tree.add(
      node,
      f['update.path_attribute'],
      tvb,
      o + i,
      Math.min(tlen + aoff, tvb.remaining(o + i)),
      undefined,
      `Path Attribute - ${name}`,
    );
    tree.add(pa, f['update.path_attribute.flags'], tvb, o + i, 1, flags);
    tree.add(pa, f['update.path_attribute.type_code'], tvb, o + i + 1, 1, type);
    tree.add(pa, f['update.path_attribute.length'], tvb, o + i + 2, aoff - 2, alen);
    if (aoff + tlen > length - i) {
      expert(tree, pa, tvb, o + i + aoff, tlen, `Path attribute length is invalid: ${bytes(tlen)}`);
      return;
    }
    const q = o + i + aoff;
    switch (type) {
      case 1:
        if (tlen === 1) tree.add(pa, f['update.path_attribute.origin'], tvb, q, 1, tvb.u8(q));
        else expert(tree, pa, tvb, q, tlen, `Origin (invalid): ${bytes(tlen)}`);
        break;
      case 2:
      case 17: {
        const { size, segments } = asSize(tvb, q, q + tlen, type === 17);
        if (size === 255) break;
        let at = q;
        for (let k = 0; k < segments; k++) {
          tvb.u8(at);
          const n = tvb.u8(at + 1);
          tvb.check(at, 0);
          at += 2;
          for (let j = 0; j < n; j++) {
            if (size === 2) tvb.u16(at);
            else if (size === 4) tvb.u32(at);
            at += size;
          }
        }
        break;
      }
      case 3:
        if (tlen === 4) tree.add(pa, f['update.path_attribute.next_hop'], tvb, q, 4, tvb.u32(q));
        else expert(tree, pa, tvb, q, tlen, `Next hop (invalid): ${bytes(tlen)}`);
        break;
      case 4:
      case 5:
        if (tlen === 4)
          tree.add(
            pa,
            type === 4 ? f['update.path_attribute.multi_exit_disc'] : f['update.path_attribute.local_pref'],
            tvb,
            q,
            4,
            tvb.u32(q),
          );
        else expert(tree, pa, tvb, q, tlen, `${type === 4 ? 'Multiple exit discriminator' : 'Local preference'} (invalid): ${bytes(tlen)}`);
        break;
      case 6:
        if (tlen !== 0) expert(tree, pa, tvb, q, tlen, `Atomic aggregate (invalid): ${bytes(tlen)}`);
        break;
      case 7:
      case 18:
        if ((type === 7 && tlen !== 6 && tlen !== 8) || (type === 18 && tlen !== 8)) {
          expert(tree, pa, tvb, q, tlen, `Aggregator (invalid): ${bytes(tlen)}`);
          break;
        }
        if (tlen === 6) tvb.u16(q);
        else tvb.u32(q);
        tvb.u32(q + tlen - 4);
        break;
      case 8:
        if (tlen % 4 !== 0) {
          expert(tree, pa, tvb, q, tlen, `Communities (invalid): ${bytes(tlen)}`);
          break;
        }
        tvb.check(q, 0);
        for (let at = q; at < q + tlen; at += 4) tvb.u32(at);
        break;
      case 9:
        if (tlen === 4) tvb.u32(q);
        else expert(tree, pa, tvb, q, tlen, `Originator identifier (invalid): ${bytes(tlen)}`);
        break;
      case 10:
        if (tlen % 4 !== 0) {
          expert(tree, pa, tvb, q, tlen, `Cluster list (invalid): ${bytes(tlen)}`);
          break;
        }
        tvb.check(q, 0);
        // TShark reads each identifier from 3 bytes before it plus the attribute's header size.
        for (let at = q; at < q + tlen; at += 4) tvb.u32(at - 3 + aoff);
        break;
      case 14: {
        const afi = tvb.u16(q);
        const safi = tvb.u8(q + 2);
        const nhlen = tvb.u8(q + 3);
        tree.add(pa, f['update.path_attribute.mp_reach_nlri.afi'], tvb, q, 2, afi);
        tree.add(pa, f['update.path_attribute.mp_reach_nlri.safi'], tvb, q + 2, 1, safi);
        nextHop(tvb, q + 3, afi, safi, nhlen);
        // `at` walks the SNPAs and NLRI (TShark's aoff, put back after).
        tlen -= nhlen + 4;
        let at = q + nhlen + 4;
        let off = 0;
        let snpa = tvb.u8(at);
        off++;
        for (; snpa > 0; snpa--) {
          const sl = tvb.u8(at + off);
          off++;
          need(tvb, at + off, sl);
          off += sl;
        }
        tlen -= off;
        at += off;
        tvb.check(at, 0);
        const nlri = tree.add(pa, f['update.path_attribute.mp_reach_nlri'], tvb, at, Math.max(0, Math.min(tlen, tvb.remaining(at))));
        if (tlen !== 0 && afi !== Afi.Inet && afi !== Afi.Inet6 && afi !== Afi.L2vpn && afi !== Afi.BgpLs) {
          expert(tree, nlri, tvb, at, tlen, `Unknown AFI (${afi}) value`);
        } else if (tlen !== 0) {
          while (tlen > 0) {
            const advance = prefixMp(tvb, tree, nlri, afi, safi, tlen, at, 'MP Reach NLRI');
            if (advance < 0) break;
            tlen -= advance;
            at += advance;
          }
        }
        break;
      }
      case 15: {
        const afi = tvb.u16(q);
        const safi = tvb.u8(q + 2);
        tvb.check(q + 3, 0);
        const nlri = tree.add(
          pa,
          f['update.path_attribute.mp_unreach_nlri'],
          tvb,
          q + 3,
          Math.max(0, Math.min(tlen - 3, tvb.remaining(q + 3))),
        );
        tlen -= 3;
        for (let at = q + 3; tlen > 0; ) {
          const advance = prefixMp(tvb, tree, nlri, afi, safi, tlen, at, 'MP Unreach NLRI');
          if (advance < 0) break;
          tlen -= advance;
          at += advance;
        }
        break;
      }
      case 16:
        if (tlen % 8 !== 0) break;
        tvb.check(q, 0);
        for (let at = q; at < q + tlen; at += 8) {
          tvb.u8(at);
          tvb.u8(at + 1);
          need(tvb, at, 8);
        }
        break;
      case 19: {
        const end = q + tlen;
        for (let at = q; at < end; ) {
          tvb.u16(at);
          const ssaLen = tvb.u16(at + 2);
          const ssaType = tvb.u16(at) & 0x7fff;
          if (ssaLen === 0 || at + ssaLen > end) {
            expert(tree, pa, tvb, at + 2, end - at - 2, `Invalid Length of ${ssaLen}`);
            break;
          }
          if (ssaType === 1) {
            need(tvb, at + 4, 2);
            need(tvb, at + 6, 1);
            const cookie = tvb.u8(at + 7);
            if (cookie + 8 === ssaLen) {
              need(tvb, at + 8, 4);
              if (cookie) need(tvb, at + 12, cookie);
            }
            at += ssaLen + 4;
          } else if (ssaType === 5 || ssaType === 6) at += 4;
          else {
            need(tvb, at + 4, ssaLen);
            at += ssaLen + 4;
          }
        }
        break;
      }
      case 22:
        pmsi(tvb, q);
        break;
      case 26:
        tvb.check(q, 0);
        if (tvb.u8(q) === 1) {
          need(tvb, q + 1, 2);
          need(tvb, q + 3, 8);
        }
        break;
      case 32:
        if (tlen === 0 || tlen % 12) break;
        for (let at = q; at < q + tlen; at += 12) need(tvb, at, 12);
        break;
      case 128:
        if (alen >= 4) {
          tvb.u32(q);
          if (alen > 4) {
            tvb.check(q + 4, 0);
            const set = tree.add(pa, f['update.path_attributes'], tvb, q + 4, Math.min(alen - 4, tvb.remaining(q + 4)));
            pathAttributes(tvb, tree, set, alen - 4, q + 4, depth + 1);
          }
        } else expert(tree, pa, tvb, q, alen, `Attribute set (invalid): ${bytes(alen)}`);
        break;
      case 23:
      case 29:
      case 33:
      case 36:
      case 40:
      case 99:
        // Read by TShark in detail (tunnel encapsulation, BGP-LS, BGPsec, D-PATH, prefix SIDs):
        // within the attribute's length as far as it goes here.
        tvb.check(q, 0);
        break;
      default:
        tvb.check(q, 0);
        break;
    }
    i += alen + aoff;
  }
}

/** An UPDATE message (dissect_bgp_update). */
function update(tvb: Tvb, tree: ProtoTree, node: number): void {
  const hlen = tvb.u16(MARKER_SIZE);
  let o = HEADER;
  let len = tvb.u16(o);
  tree.add(node, f['update.withdrawn_routes.length'], tvb, o, 2, len);
  o += 2;
  if (len > 0) {
    tvb.check(o, 0);
    const sub = tree.add(node, f['update.withdrawn_routes'], tvb, o, Math.min(len, tvb.remaining(o)));
    const end = o + len;
    const withPath = addPath(tvb, o, end, 32);
    while (o < end) {
      const n = withPath ? pathPrefix4(tvb, tree, sub, o, 'Withdrawn route') : prefix4(tvb, tree, sub, o, 'Withdrawn route');
      if (n < 0) return;
      o += n;
    }
  }
  len = tvb.u16(o);
  tree.add(node, f['update.path_attributes.length'], tvb, o, 2, len);
  if (len === 0) return;
  tvb.check(o + 2, 0);
  const attrs = tree.add(node, f['update.path_attributes'], tvb, o + 2, Math.min(len, tvb.remaining(o + 2)));
  pathAttributes(tvb, tree, attrs, len, o + 2);
  o += 2 + len;
  // TShark keeps the NLRI's length in 16 bits: attributes running past the message wrap it.
  const nlriLen = (hlen - o) & 0xffff;
  if (nlriLen === 0) return;
  tvb.check(o, 0);
  const sub = tree.add(node, f['update.nlri'], tvb, o, Math.min(nlriLen, tvb.remaining(o)));
  const end = o + nlriLen;
  const withPath = nlriLen > 4 && addPath(tvb, o, end, 32);
  while (o < end) {
    const n = withPath ? pathPrefix4(tvb, tree, sub, o, 'NLRI') : prefix4(tvb, tree, sub, o, 'NLRI');
    if (n < 0) return;
    o += n;
  }
}

/** One capability at `offset` (dissect_bgp_capability_item): the offset after it. */
function capability(tvb: Tvb, tree: ProtoTree, node: number, offset: number, action: boolean): number {
  tvb.check(offset, 0);
  const ctype = tvb.u8(offset);
  const cap = tree.add(node, f.cap, tvb, offset, Math.min(2, tvb.remaining(offset)), undefined, `Capability: ${ctype}`);
  tree.add(cap, f['cap.type'], tvb, offset, 1, ctype);
  offset += 1;
  const clen = tvb.u8(offset);
  tree.add(cap, f['cap.length'], tvb, offset, 1, clen);
  offset += 1;
  if (action) {
    tvb.u8(offset);
    offset += 1;
  }
  const unknown = (): number => {
    need(tvb, offset, clen);
    return offset + clen;
  };
  switch (ctype) {
    case 0:
    case 2:
    case 70:
    case 72:
    case 128:
      if (clen !== 0) need(tvb, offset, clen);
      return offset + clen;
    case 1:
      if (clen !== 4) return unknown();
      need(tvb, offset, 4);
      return offset + 4;
    case 5: {
      const end = offset + clen;
      while (offset <= end - 6) {
        need(tvb, offset, 6);
        offset += 6;
      }
      if (offset !== end) {
        need(tvb, offset, end - offset);
        offset = end;
      }
      return offset;
    }
    case 64: {
      if (clen < 6 && clen !== 2) return unknown();
      const end = offset + clen;
      tvb.u16(offset);
      offset += 2;
      while (offset < end) {
        need(tvb, offset, 2);
        need(tvb, offset + 2, 1);
        tvb.u8(offset + 3);
        offset += 4;
      }
      return offset;
    }
    case 65:
      if (clen !== 4) return unknown();
      need(tvb, offset, 4);
      return offset + 4;
    case 67: {
      const end = offset + clen;
      while (offset < end) {
        need(tvb, offset, 1);
        offset += 1;
      }
      return offset;
    }
    case 69: {
      if (clen % 4 !== 0) return unknown();
      const end = offset + clen;
      while (offset < end) {
        need(tvb, offset, 4);
        offset += 4;
      }
      return offset;
    }
    case 73: {
      const host = tvb.u8(offset);
      offset += 1;
      need(tvb, offset, host);
      offset += host;
      const domain = tvb.u8(offset);
      offset += 1;
      need(tvb, offset, domain);
      return offset + domain;
    }
    case 3:
    case 130: {
      if (clen < 6) return unknown();
      need(tvb, offset, 4);
      offset += 4;
      const orfs = tvb.u8(offset);
      offset += 1;
      for (let k = 0; k < orfs; k++) {
        need(tvb, offset, 2);
        offset += 2;
      }
      return offset;
    }
    case 131:
      if (clen < 1) return unknown();
      need(tvb, offset, 1);
      return offset + 1;
    case 7:
      if (clen !== 3) return unknown();
      tvb.u8(offset);
      need(tvb, offset + 1, 2);
      return offset + 3;
    default:
      if (clen !== 0) need(tvb, offset, clen);
      return offset + clen;
  }
}

/** An OPEN message (dissect_bgp_open). */
function open(tvb: Tvb, tree: ProtoTree, node: number): void {
  let offset = HEADER;
  tree.add(node, f['open.version'], tvb, offset, 1, tvb.u8(offset));
  tree.add(node, f['open.myas'], tvb, offset + 1, 2, tvb.u16(offset + 1));
  tree.add(node, f['open.holdtime'], tvb, offset + 3, 2, tvb.u16(offset + 3));
  const id = tvb.u32(offset + 5);
  tree.add(node, f['open.identifier'], tvb, offset + 5, 4, id, tree.building ? `BGP Identifier: ${ipv4String(id)}` : undefined);
  const optlen = tvb.u8(offset + 9);
  tree.add(node, f['open.opt.len'], tvb, offset + 9, 1, optlen);
  offset += 10;
  if (optlen === 0) return;
  const oend = offset + optlen;
  tvb.check(offset, 0);
  const opts = tree.add(node, f['open.opt'], tvb, offset, Math.min(optlen, tvb.remaining(offset)));
  while (offset < oend) {
    tvb.check(offset, 0);
    const ptype = tvb.u8(offset);
    const param = tree.add(opts, f['open.opt.param'], tvb, offset, Math.min(2, tvb.remaining(offset)));
    tree.add(param, f['open.opt.param.type'], tvb, offset, 1, ptype);
    offset += 1;
    const plen = tvb.u8(offset);
    tree.add(param, f['open.opt.param.len'], tvb, offset, 1, plen);
    offset += 1;
    if (ptype === 1) {
      need(tvb, offset, plen);
      offset += plen;
    } else if (ptype === 2) {
      const cend = offset + plen;
      while (offset < cend) offset = capability(tvb, tree, param, offset, false);
    } else {
      // TShark shows an unknown parameter's bytes and reads on from them.
      need(tvb, offset, plen);
    }
  }
}

/** A NOTIFICATION message (dissect_bgp_notification). */
function notification(tvb: Tvb, tree: ProtoTree, node: number): void {
  const hlen = tvb.u16(MARKER_SIZE);
  const major = tvb.u8(HEADER);
  tree.add(node, f['notify.major_error'], tvb, HEADER, 1, major);
  tree.add(node, f['notify.minor_error'], tvb, HEADER + 1, 1, tvb.u8(HEADER + 1));
  let offset = HEADER + 2;
  if (hlen <= 21) return;
  const minor = tvb.u8(offset - 1);
  const clen = tvb.u8(offset);
  if (hlen - 22 === clen && major === 6 && (minor === 2 || minor === 4)) need(tvb, offset + 1, clen);
  else if (major === 2 && minor === 7) {
    while (offset < hlen) offset = capability(tvb, tree, node, offset, false);
  } else need(tvb, offset, hlen - 21);
}

/** A ROUTE-REFRESH message (dissect_bgp_route_refresh). */
function routeRefresh(tvb: Tvb, tree: ProtoTree, node: number): void {
  const hlen = tvb.u16(MARKER_SIZE);
  let p = HEADER;
  need(tvb, p, 4);
  p += 4;
  if (hlen === HEADER + 4) return;
  while (p < hlen) {
    tvb.check(p, 0);
    tvb.u8(p);
    p += 1;
    const type = tvb.u8(p);
    p += 1;
    const orflen = tvb.u16(p);
    p += 2;
    if (type !== 0x80) {
      p += orflen;
      continue;
    }
    const pend = p + orflen;
    while (p < pend) {
      tvb.check(p, 0);
      const flag = tvb.u8(p);
      if ((flag & 0xc0) >> 6 === 2) {
        p++;
        continue;
      }
      p++;
      need(tvb, p, 4);
      p += 4;
      need(tvb, p, 2);
      p += 2;
      const advance = prefix4(tvb, tree, node, p, 'ORF');
      if (advance < 0) break;
      p += advance;
    }
  }
}

/** One message in `tvb` (its length reported; dissect_bgp_pdu). */
function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, first: boolean): void {
  const length = tvb.u16(MARKER_SIZE);
  const type = tvb.u8(MARKER_SIZE + 2);
  const name = TYPES[type] ?? `Unknown message type (0x${type.toString(16).padStart(2, '0')})`;
  if (first) pinfo.setInfo(name);
  else pinfo.appendInfo(name, ', ');
  const node = tree.add(parent, P.proto, tvb, 0, tvb.length, undefined, tree.building ? `Border Gateway Protocol - ${name}` : undefined);
  need(tvb, 0, MARKER_SIZE);
  if (tree.building) tree.add(node, f.marker, tvb, 0, MARKER_SIZE, tvb.view(0, MARKER_SIZE));
  tree.add(node, f.length, tvb, MARKER_SIZE, 2, length);
  if (length < HEADER || length > MAX_LENGTH) return;
  tree.add(node, f.type, tvb, MARKER_SIZE + 2, 1, type);
  switch (type) {
    case 1:
      open(tvb, tree, node);
      break;
    case 2:
      update(tvb, tree, node);
      break;
    case 3:
      notification(tvb, tree, node);
      break;
    case 5:
    case 128:
      routeRefresh(tvb, tree, node);
      break;
    case 6: {
      const end = tvb.u16(MARKER_SIZE);
      for (let offset = HEADER; offset < end; ) offset = capability(tvb, tree, node, offset, true);
      break;
    }
  }
}

const bgp: Dissector = {
  name: 'bgp',
  readsAsTShark: true,
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BGP';
    pinfo.setInfo('');
    pinfo.protocols.push(P.proto.abbrev);
    const root = tree.root(parent);
    // Bytes before a marker (or the start of one running to the end) continue an earlier message.
    let offset = 0;
    for (; tvb.reportedRemaining(offset) > 0; offset++) {
      const n = Math.min(tvb.reportedRemaining(offset), MARKER_SIZE);
      tvb.check(offset, n);
      let ones = true;
      for (let k = 0; k < n && ones; k++) ones = tvb.u8(offset + k) === 0xff;
      if (ones) break;
    }
    if (offset > 0) {
      const node = tree.add(parent, P.proto, tvb, 0, tvb.length);
      tree.add(node, f.continuation, tvb, 0, offset);
    }
    for (let first = true; tvb.reportedRemaining(offset) > 0; first = false) {
      tvb.check(offset, 1);
      const held = tvb.length - offset;
      if (pinfo.canDesegment && held < HEADER && pinfo.desegment(offset, DESEGMENT_ONE_MORE_SEGMENT, true)) return;
      const length = tvb.u16(offset + MARKER_SIZE);
      if (length < HEADER) {
        // A length shorter than the header: malformed here, and nothing more is read.
        showException(new ReportedBoundsError(tvb.base + offset + MARKER_SIZE, 2, held), pinfo, tree, root, tvb.source);
        return;
      }
      if (pinfo.canDesegment && held < length && pinfo.desegment(offset, DESEGMENT_ONE_MORE_SEGMENT, true)) return;
      try {
        message(tvb.pdu(offset, length, false), pinfo, tree, parent, first);
      } catch (e) {
        if (isShort(e, pinfo)) throw e;
        showException(e, pinfo, tree, root, tvb.source);
      }
      offset += length;
    }
  },
};

dissectorTable('tcp.port').add(179, bgp);
