import type { FieldInfo } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { addItem, addText } from '../core/items.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { ospfFields } from './ospf-fields.js';

/**
 * OSPF link state advertisements, read as TShark 4.0 reads them: the header, then (in an LS
 * Update) the body by type, with TShark's length arithmetic. That arithmetic is what decides
 * where a bogus LSA stops the packet: an OSPFv2 LSA shorter than its type allows makes TShark
 * go on at offset -1 (from the end), an OSPFv3 LSA's length wraps in 16 bits, an unknown type
 * skips its length. MPLS traffic engineering TLVs are not decoded (their bytes are skipped).
 */
const f = ospfFields.f;
const HEADER = 20;

/** What an OSPFv2 LSA's length must at least be, by type (TShark's ls_length_constraints). */
const V2_MIN_LENGTH = [0, 24, 28, 28, 28, 36, 20, 36, 20, 20, 20, 20];
const V2_TYPES: Record<number, string> = {
  1: 'Router-LSA',
  2: 'Network-LSA',
  3: 'Summary-LSA (IP network)',
  4: 'Summary-LSA (ASBR)',
  5: 'AS-External-LSA (ASBR)',
  6: 'Group Membership LSA',
  7: 'NSSA AS-External-LSA',
  8: 'External Attributes LSA',
  9: 'Opaque LSA, Link-local scope',
  10: 'Opaque LSA, Area-local scope',
  11: 'Opaque LSA, AS-wide scope',
};
const V3_TYPES: Record<number, string> = {
  0x2001: 'Router-LSA',
  0x2002: 'Network-LSA',
  0x2003: 'Inter-Area-Prefix-LSA',
  0x2004: 'Inter-Area-Router-LSA',
  0x4005: 'AS-External-LSA',
  0x2006: 'Group-Membership-LSA',
  0x2007: 'NSSA-LSA',
  0x0008: 'Link-LSA',
  0x2009: 'Intra-Area-Prefix-LSA',
  0x800c: 'Router Information Opaque-LSA',
};

/** Where the next LSA starts; -1 after an OSPFv2 LSA too short for its type (TShark carries on from there). */
export type NextLsa = number;

/**
 * TShark reads the LSA after a too-short OSPFv2 one at offset -1, which its buffers count from
 * the end of what was captured: the first two-byte read there runs past the end.
 */
function afterTooShort(tvb: Tvb): never {
  tvb.check(tvb.length - 1, 2);
  throw new Error('unreachable: a read of 2 bytes from the last one always fails');
}

/** A bitfield TShark adds with proto_tree_add_bitmask: its bytes must be there. */
function bits(tvb: Tvb, off: number, length: number): void {
  tvb.check(off, length);
}

/** An OSPFv2 LSA at `off` under `tree`; with `body` (LS Update) its body too. */
export function v2Lsa(tvb: Tvb, tree: ProtoTree, parent: number, off: number, body: boolean): NextLsa {
  if (off < 0) afterTooShort(tvb);
  const type = tvb.u8(off + 3);
  const length = tvb.u16(off + 18);
  const end = off + length;
  const node = addText(tree, parent, tvb, off, body ? length : HEADER, `LSA-type ${type} (${V2_TYPES[type] ?? 'Unknown'}), len ${length}`);
  addItem(tree, node, f['lsa.age'], tvb, off, 2);
  bits(tvb, off + 2, 1);
  addItem(tree, node, f.lsa, tvb, off + 3, 1);
  const opaque = type === 9 || type === 10 || type === 11;
  let opaqueType = 0;
  if (opaque) {
    opaqueType = tvb.u8(off + 4);
    // The RI LSA's id must have zeros after its type; anything else is an unknown opaque LSA.
    if (opaqueType === 4 && tvb.u8(off + 5) !== 0) opaqueType = -1;
    tvb.check(off + 5, 3);
  } else addItem(tree, node, f['lsa.id'], tvb, off + 4, 4);
  addItem(tree, node, f.advrouter, tvb, off + 8, 4);
  addItem(tree, node, f['lsa.seqnum'], tvb, off + 12, 4);
  addItem(tree, node, f['lsa.chksum'], tvb, off + 16, 2);
  addItem(tree, node, f['lsa.length'], tvb, off + 18, 2);
  if (type > 0 && type <= 11 ? length < V2_MIN_LENGTH[type]! : length < 20) return -1;
  off += HEADER;
  if (length <= HEADER || !body) return off;
  const rest = length - HEADER;
  switch (type) {
    case 1: {
      bits(tvb, off, 1);
      const links = tvb.u16(off + 2);
      addItem(tree, node, f['lsa.number_of_links'], tvb, off + 2, 2);
      off += 4;
      for (let i = 0; i < links; i++) {
        const linkType = tvb.u8(off + 8);
        const metrics = tvb.u8(off + 9);
        const label = `Type: ${linkType} ID: ${ipv4String(tvb.u32(off))} Data: ${ipv4String(tvb.u32(off + 4))} Metric: ${tvb.u16(off + 10)}`;
        const link = addText(tree, node, tvb, off, 12 + 4 * metrics, label);
        addItem(tree, link, f['lsa.router.linkid'], tvb, off, 4);
        addItem(tree, link, f['lsa.router.linkdata'], tvb, off + 4, 4);
        addItem(tree, link, f['lsa.router.linktype'], tvb, off + 8, 1);
        addItem(tree, link, f['lsa.router.nummetrics'], tvb, off + 9, 1);
        addItem(tree, link, f['lsa.router.metric0'], tvb, off + 10, 2);
        off += 12;
        for (let m = 0; m < metrics; m++) {
          tvb.u8(off);
          tvb.u16(off + 2);
          off += 4;
        }
      }
      break;
    }
    case 2:
      addItem(tree, node, f['lsa.network.netmask'], tvb, off, 4);
      off += 4;
      for (; off < end; off += 4) addItem(tree, node, f['lsa.network.attchrtr'], tvb, off, 4);
      break;
    case 3:
    case 4:
      addItem(tree, node, f['lsa.asbr.netmask'], tvb, off, 4);
      off += 4;
      for (; off < end; off += 4) {
        addItem(tree, node, f['lsa.tos'], tvb, off, 1);
        addItem(tree, node, f.metric, tvb, off + 1, 3);
      }
      break;
    case 5:
    case 7:
      addItem(tree, node, f['lsa.asext.netmask'], tvb, off, 4);
      off += 4;
      for (; off < end; off += 12) {
        addItem(tree, node, f['lsa.tos'], tvb, off, 1);
        addItem(tree, node, f.metric, tvb, off + 1, 3);
        addItem(tree, node, f['lsa.asext.fwdaddr'], tvb, off + 4, 4);
        addItem(tree, node, f['lsa.asext.extrttag'], tvb, off + 8, 4);
      }
      break;
    case 9:
    case 10:
    case 11:
      opaqueBody(tvb, tree, node, off, opaqueType, rest);
      off += rest;
      break;
    default:
      off += rest;
      break;
  }
  return off;
}

/** An opaque LSA's body (RFC 5250) by its opaque type: router information and grace TLVs are walked; TE is skipped. */
function opaqueBody(tvb: Tvb, tree: ProtoTree, node: number, off: number, opaqueType: number, length: number): void {
  if (opaqueType === 4) routerInformation(tvb, tree, node, off, length);
  else if (opaqueType === 3) grace(tvb, tree, node, off, length);
  else if (opaqueType !== 1) addText(tree, node, tvb, off, length, `Unknown LSA Type ${opaqueType < 0 ? 4 : opaqueType}`);
}

/** Router information TLVs (RFC 7770), padded to four bytes; TShark counts what is left in 32 bits, so it wraps. */
function routerInformation(tvb: Tvb, tree: ProtoTree, node: number, off: number, length: number): void {
  const ri = addText(tree, node, tvb, off, length, 'Opaque Router Information LSA');
  let left = length >>> 0;
  while (left > 0) {
    const type = tvb.u16(off);
    const len = tvb.u16(off + 2);
    const tlv = addText(
      tree,
      ri,
      tvb,
      off,
      len + 4,
      type === 1 ? 'RI TLV' : type === 7 ? 'Dynamic Hostname TLV' : 'Unknown Opaque RI LSA TLV',
    );
    addItem(tree, tlv, f.tlv_type, tvb, off, 2);
    addItem(tree, tlv, f.tlv_length, tvb, off + 2, 2);
    if (type === 1) bits(tvb, off + 4, 4);
    else tvb.check(off + 4, len);
    const padded = len + 4 + ((4 - (len % 4)) % 4);
    off += padded;
    left = (left - padded) >>> 0;
  }
}

/** Grace-LSA TLVs (RFC 3623), padded to four bytes; the count of what is left wraps as TShark's does. */
function grace(tvb: Tvb, tree: ProtoTree, node: number, off: number, length: number): void {
  let left = length >>> 0;
  while (left > 0) {
    const type = tvb.u16(off);
    const len = tvb.u16(off + 2);
    const padded = len + 4 + ((4 - (len % 4)) % 4);
    const tlv = addText(tree, node, tvb, off, padded, 'Grace-LSA TLV');
    addItem(tree, tlv, f.tlv_type, tvb, off, 2);
    addItem(tree, tlv, f.tlv_length, tvb, off + 2, 2);
    if (type === 1) tvb.u32(off + 4);
    else if (type === 2) tvb.u8(off + 4);
    else if (type === 3) tvb.u32(off + 4);
    if (type >= 1 && type <= 3) tvb.check(off + 4, len);
    off += padded;
    left = (left - padded) >>> 0;
  }
}

/**
 * `count` OSPFv3 prefixes from `off` (RFC 5340 A.4.1): length, options, then `third` (a link
 * LSA's reserved bits, an intra-area prefix LSA's metric) and the prefix. Returns the end.
 */
function prefixList(tvb: Tvb, tree: ProtoTree, node: number, off: number, count: number, third: FieldInfo, ipv6: boolean): number {
  let at = off;
  for (let left = count; left > 0; left--) {
    const plen = tvb.u8(at);
    addItem(tree, node, f.prefix_length, tvb, at, 1);
    bits(tvb, at + 1, 1);
    addItem(tree, node, third, tvb, at + 2, 2);
    at = addressPrefix(tvb, tree, node, at + 4, plen, ipv6);
  }
  return at;
}

/** An OSPFv3 address prefix (RFC 5340 A.4.1) of `bits` bits at `off`, in the packet's address family. */
function addressPrefix(tvb: Tvb, tree: ProtoTree, node: number, off: number, bitsLength: number, ipv6: boolean): number {
  const bytes = Math.trunc((bitsLength + 31) / 32) * 4;
  if (bitsLength > 128) {
    addText(tree, node, tvb, off, bytes, `Address Prefix: length is invalid (${bitsLength}, should be <= 128)`);
    return off + bytes;
  }
  const prefix = new Uint8Array(16);
  if (bytes !== 0) tvb.copyTo(off, bytes, prefix, 0);
  if (bitsLength % 8 !== 0) prefix[bytes - 1] = (prefix[bytes - 1] ?? 0) & (0xff00 >> (bitsLength % 8)) & 0xff;
  if (ipv6) tree.add(node, f['v3.address_prefix.ipv6'], tvb, off, bytes, prefix);
  else addItem(tree, node, f['v3.address_prefix.ipv4'], tvb, off, 4);
  return off + bytes;
}

/** An OSPFv3 LSA at `off`; with `body` its body too. `ipv6`: the packet's address family (by its instance id). */
export function v3Lsa(tvb: Tvb, tree: ProtoTree, parent: number, off: number, body: boolean, ipv6: boolean): NextLsa {
  const type = tvb.u16(off + 2);
  const length = tvb.u16(off + 18);
  const end = off + length;
  const node = addText(tree, parent, tvb, off, body ? length : HEADER, `LSA-type ${type} (${V3_TYPES[type] ?? 'Unknown'}), len ${length}`);
  addItem(tree, node, f['lsa.age'], tvb, off, 2);
  addItem(tree, node, f['v3.lsa'], tvb, off + 2, 2);
  addItem(tree, node, f.link_state_id, tvb, off + 4, 4);
  addItem(tree, node, f.advrouter, tvb, off + 8, 4);
  addItem(tree, node, f['lsa.seqnum'], tvb, off + 12, 4);
  addItem(tree, node, f['lsa.chksum'], tvb, off + 16, 2);
  addItem(tree, node, f['lsa.length'], tvb, off + 18, 2);
  off += HEADER;
  // TShark keeps the body's length in 16 bits: an LSA shorter than its header leaves it near 65536.
  let rest = (length - HEADER) & 0xffff;
  if (!body) return off;
  switch (type) {
    case 0x2001: {
      bits(tvb, off, 1);
      bits(tvb, off + 1, 3);
      off += 4;
      rest = (rest - 4) & 0xffff;
      const interfaces = rest > 0 ? addText(tree, node, tvb, off, rest, 'Router Interfaces') : node;
      while (rest > 0) {
        tvb.check(off, 1);
        addItem(tree, interfaces, f.reserved, tvb, off + 1, 1);
        addItem(tree, interfaces, f.metric, tvb, off + 2, 2);
        addItem(tree, interfaces, f['v3.lsa.interface_id'], tvb, off + 4, 4);
        addItem(tree, interfaces, f['v3.lsa.neighbor_interface_id'], tvb, off + 8, 4);
        addItem(tree, interfaces, f['v3.lsa.neighbor_router_id'], tvb, off + 12, 4);
        off += 16;
        rest = (rest - 16) & 0xffff;
      }
      break;
    }
    case 0x2002:
      addItem(tree, node, f.reserved, tvb, off, 1);
      bits(tvb, off + 1, 3);
      off += 4;
      rest = (rest - 4) & 0xffff;
      while (rest > 0) {
        addItem(tree, node, f['v3.lsa.attached_router'], tvb, off, 4);
        off += 4;
        rest = (rest - 4) & 0xffff;
      }
      break;
    case 0x2003: {
      addItem(tree, node, f.reserved, tvb, off, 1);
      addItem(tree, node, f.metric, tvb, off + 1, 3);
      const plen = tvb.u8(off + 4);
      addItem(tree, node, f.prefix_length, tvb, off + 4, 1);
      bits(tvb, off + 5, 1);
      addItem(tree, node, f.reserved, tvb, off + 6, 2);
      off = addressPrefix(tvb, tree, node, off + 8, plen, ipv6);
      break;
    }
    case 0x2004:
      addItem(tree, node, f.reserved, tvb, off, 1);
      bits(tvb, off + 1, 3);
      addItem(tree, node, f.reserved, tvb, off + 4, 1);
      addItem(tree, node, f.metric, tvb, off + 5, 3);
      addItem(tree, node, f['v3.lsa.destination_router_id'], tvb, off + 8, 4);
      off += 12;
      break;
    case 0x2007:
    case 0x4005: {
      bits(tvb, off, 1);
      const flags = tvb.u8(off);
      addItem(tree, node, f.metric, tvb, off + 1, 3);
      const plen = tvb.u8(off + 4);
      addItem(tree, node, f.prefix_length, tvb, off + 4, 1);
      bits(tvb, off + 5, 1);
      const referenced = tvb.u16(off + 6);
      addItem(tree, node, f['v3.lsa.referenced_ls_type'], tvb, off + 6, 2);
      off = addressPrefix(tvb, tree, node, off + 8, plen, ipv6);
      if (off < end && (flags & 0x02) !== 0) {
        if (ipv6) addItem(tree, node, f['v3.lsa.forwarding_address.ipv6'], tvb, off, 16);
        else tvb.check(off, 4);
        off += 16;
      }
      if (off < end && (flags & 0x01) !== 0) {
        addItem(tree, node, f['v3.lsa.external_route_tag'], tvb, off, 4);
        off += 4;
      }
      if (off < end && referenced !== 0) {
        addItem(tree, node, f['v3.lsa.referenced_link_state_id'], tvb, off, 4);
        off += 4;
      }
      break;
    }
    case 0x0008: {
      addItem(tree, node, f['v3.lsa.router_priority'], tvb, off, 1);
      bits(tvb, off + 1, 3);
      if (ipv6) addItem(tree, node, f['v3.lsa.link_local_interface_address.ipv6'], tvb, off + 4, 16);
      else tvb.check(off + 4, 4);
      addItem(tree, node, f['v3.lsa.num_prefixes'], tvb, off + 20, 4);
      off = prefixList(tvb, tree, node, off + 24, tvb.u32(off + 20), f.reserved, ipv6);
      break;
    }
    case 0x2009: {
      const prefixes = tvb.u16(off);
      addItem(tree, node, f['v3.lsa.num_prefixes'], tvb, off, 2);
      addItem(tree, node, f['v3.lsa.referenced_ls_type'], tvb, off + 2, 2);
      addItem(tree, node, f['v3.lsa.referenced_link_state_id'], tvb, off + 4, 4);
      addItem(tree, node, f['v3.lsa.referenced_advertising_router'], tvb, off + 8, 4);
      off = prefixList(tvb, tree, node, off + 12, prefixes, f.metric, ipv6);
      break;
    }
    case 0x800c:
      routerInformation(tvb, tree, node, off, rest);
      break;
    default:
      off += rest;
      break;
  }
  return off;
}
