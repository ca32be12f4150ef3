import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable, type ProtocolFields } from '../core/fields.js';
import { hex, ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { inError, reassembleAndDispatch } from './ip-common.js';
import { IPV6, IPV6_DST, IPV6_FIRST_EXT, IPV6_JUMBO, IPV6_NODE, IPV6_SRC, ipv6Next } from './ipv6.js';

/**
 * IPv6 extension headers: hop-by-hop options (0), routing (43), fragment (44) and destination
 * options (60). Wireshark keeps them in packet-ipv6.c as four small protocols, each its own
 * layer in frame.protocols; they share this file for the same reason. Every header is at least
 * 8 bytes and consumed whole before the next is looked at, so a chain always makes progress,
 * and ip-common's depth limit ends crafted chains.
 */
const HOP = fieldTable.register('ipv6.hopopts', 'IPv6 Hop-by-Hop Option', [
  { abbrev: 'ipv6.hopopts.nxt', name: 'Next Header', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.hopopts.len', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.hopopts.len_oct', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'ipv6.hopopts.not_first', name: 'IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header', type: 'none' },
]);
const DST = fieldTable.register('ipv6.dstopts', 'Destination Options for IPv6', [
  { abbrev: 'ipv6.dstopts.nxt', name: 'Next Header', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.dstopts.len', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.dstopts.len_oct', name: 'Length', type: 'uint', bits: 16 },
]);
const RT = fieldTable.register('ipv6.routing', 'Routing Header for IPv6', [
  { abbrev: 'ipv6.routing.nxt', name: 'Next Header', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.routing.len', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.routing.len_oct', name: 'Length', type: 'uint', bits: 16 },
  {
    abbrev: 'ipv6.routing.type',
    name: 'Type',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Source Route', 2: 'Type 2 Routing', 3: 'RPL Source Route Header', 4: 'Segment Routing' },
  },
  { abbrev: 'ipv6.routing.segleft', name: 'Segments Left', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.routing.src.addr', name: 'Address', type: 'ipv6' },
  { abbrev: 'ipv6.routing.mipv6.home_address', name: 'Home Address', type: 'ipv6' },
  { abbrev: 'ipv6.routing.unknown_data', name: 'Type-Specific Data', type: 'bytes' },
]);
const FRAG = fieldTable.register('ipv6.fraghdr', 'Fragment Header for IPv6', [
  { abbrev: 'ipv6.fraghdr.nxt', name: 'Next header', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.fraghdr.reserved_octet', name: 'Reserved octet', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ipv6.fraghdr.offset', name: 'Offset', type: 'uint', bits: 16 },
  { abbrev: 'ipv6.fraghdr.reserved_bits', name: 'Reserved bits', type: 'uint', bits: 16 },
  { abbrev: 'ipv6.fraghdr.more', name: 'More Fragments', type: 'bool' },
  { abbrev: 'ipv6.fraghdr.ident', name: 'Identification', type: 'uint', base: 'hex', bits: 32 },
]);

const v6 = IPV6.f;

/** Where an extension header's subtree goes: inside its IPv6 header's (the payload after it stays at `parent`). */
function headerParent(pinfo: PacketInfo, parent: number): number {
  return (pinfo.data.get(IPV6_NODE) as number | undefined) ?? parent;
}

/** A header with the next header and length fields: all but the fragment header. */
type ExtHeader = ProtocolFields<'nxt' | 'len' | 'len_oct'>;

/**
 * Next header and length, common to all but the fragment header; returns the header length in
 * bytes. TShark reads the two bytes, then adds the header's node over its whole length: a
 * header longer than what was captured leaves no node, only the mark.
 */
function extHead(P: ExtHeader, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): { node: number; nxt: number; len: number } {
  const whole = tvb.has(0, 2) ? (tvb.bytes[1]! + 1) * 8 : 2;
  const node = beginProtocol(P, tvb, pinfo, tree, headerParent(pinfo, parent), whole, whole);
  const nxt = tvb.u8(0);
  const raw = tvb.u8(1);
  const len = (raw + 1) * 8;
  tree.add(node, P.f.nxt, tvb, 0, 1, nxt);
  tree.add(node, P.f.len, tvb, 1, 1, raw, `Length: ${raw} (${len} bytes)`);
  tree.add(node, P.f.len_oct, tvb, 1, 1, len);
  return { node, nxt, len };
}

const PAD1 = 0x00;
const PADN = 0x01;
const JUMBO = 0xc2;
const ROUTER_ALERT = 0x05;
const OPTION_NAMES: Readonly<Record<number, string>> = {
  [PADN]: 'PadN',
  [ROUTER_ALERT]: 'Router Alert',
  [JUMBO]: 'Jumbo Payload',
  0x30: 'Path MTU Option',
};
/**
 * Bytes TShark reads of an option's value by its type, whatever the option's length says (a
 * Path MTU option reads its 4 bytes even when its length is 0): jumbo payload, RPL, tunnel
 * encapsulation limit, path MTU, router alert, quick-start, home address, DFF. Any value is
 * also read over its stated length.
 */
const OPTION_READS: Readonly<Record<number, number>> = {
  [JUMBO]: 4,
  0x63: 4,
  0x04: 1,
  0x30: 4,
  [ROUTER_ALERT]: 2,
  0x26: 6,
  0xc9: 16,
  0xee: 3,
};

/**
 * The type-length-value options of a hop-by-hop or destination options header, walked as TShark
 * walks them: while the offset is inside the header, read the type and the length byte (even a
 * Pad1's), then the value by its type and over its length, wherever that ends. An option takes
 * at least one byte, so the walk ends within the header's length steps.
 */
function options(tvb: Tvb, start: number, end: number, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  let o = start;
  while (o < end) {
    const type = tvb.u8(o);
    const len = tvb.u8(o + 1);
    if (type === PAD1) {
      const n = tree.add(node, v6.opt, tvb, o, 1, undefined, 'Pad1');
      tree.add(n, v6['opt.type'], tvb, o, 1, type);
      tree.add(n, v6['opt.pad1'], tvb, o, 1);
      o++;
      continue;
    }
    const n = tree.add(node, v6.opt, tvb, o, 2 + len, undefined, OPTION_NAMES[type] ?? `Unknown IPv6 Option (${hex(type, 2)})`);
    tree.add(n, v6['opt.type'], tvb, o, 1, type);
    tree.add(n, v6['opt.length'], tvb, o + 1, 1, len);
    const value = o + 2;
    tvb.check(value, Math.max(len, OPTION_READS[type] ?? 0));
    if (type === PADN) tree.add(n, v6['opt.padn'], tvb, value, len, tvb.view(value, len));
    else if (type === ROUTER_ALERT) tree.add(n, v6['opt.router_alert'], tvb, value, 2, tvb.u16(value));
    else if (type === JUMBO) {
      tree.add(n, v6['opt.jumbo'], tvb, value, 4, tvb.u32(value));
      if (len === 4) pinfo.data.set(IPV6_JUMBO, true);
    } else if (len > 0) tree.add(n, v6['opt.unknown'], tvb, value, len, tvb.view(value, len));
    o = value + len;
  }
}

function optionsHeader(P: ExtHeader): Dissector {
  return {
    name: P.proto.abbrev,
    dissect(tvb, pinfo, tree, parent) {
      // Hop-by-hop options belong right after the fixed header; elsewhere Wireshark stops
      // there without showing another layer.
      if (P === HOP && pinfo.data.get(IPV6_FIRST_EXT) !== true) {
        tree.add(parent, HOP.f.not_first, tvb, 0, 0);
        return;
      }
      const { node, nxt, len } = extHead(P, tvb, pinfo, tree, parent);
      options(tvb, 2, len, pinfo, tree, node);
      ipv6Next(nxt, tvb.sub(len), tvb.length - len, pinfo, tree, parent);
    },
  };
}

const routing: Dissector = {
  name: 'ipv6.routing',
  dissect(tvb, pinfo, tree, parent) {
    const { node, nxt, len } = extHead(RT, tvb, pinfo, tree, parent);
    const f = RT.f;
    const type = tvb.u8(2);
    tree.add(node, f.type, tvb, 2, 1, type);
    tree.add(node, f.segleft, tvb, 3, 1, tvb.u8(3));
    if (type === 0) for (let a = 8; a + 16 <= len; a += 16) tree.add(node, f['src.addr'], tvb, a, 16, tvb.view(a, 16));
    else if (type === 2 && len >= 24) tree.add(node, f['mipv6.home_address'], tvb, 8, 16, tvb.view(8, 16));
    else if (len > 4) tree.add(node, f.unknown_data, tvb, 4, len - 4, tvb.view(4, len - 4));
    ipv6Next(nxt, tvb.sub(len), tvb.length - len, pinfo, tree, parent);
  },
};

const fragment: Dissector = {
  name: 'ipv6.fraghdr',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(FRAG, tvb, pinfo, tree, headerParent(pinfo, parent), 8);
    const f = FRAG.f;
    const nxt = tvb.u8(0);
    const w = tvb.u16(2);
    const ident = tvb.u32(4);
    const offset = w & 0xfff8;
    const more = (w & 1) !== 0;
    tree.add(node, f.nxt, tvb, 0, 1, nxt);
    tree.add(node, f.reserved_octet, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.offset, tvb, 2, 2, offset >>> 3, `Offset: ${offset >>> 3} (${offset} bytes)`);
    tree.add(node, f.reserved_bits, tvb, 2, 2, (w >>> 1) & 3);
    tree.add(node, f.more, tvb, 2, 2, more);
    tree.add(node, f.ident, tvb, 4, 4, ident, `Identification: ${hex(ident, 8)}`);
    const payload = tvb.sub(8);
    // An atomic fragment (offset 0, no more) is a whole datagram (RFC 6946).
    if (offset === 0 && !more) {
      ipv6Next(nxt, payload, payload.length, pinfo, tree, parent);
      return;
    }
    const error = inError(pinfo);
    const src = pinfo.data.get(IPV6_SRC) as Uint8Array | undefined;
    const dst = pinfo.data.get(IPV6_DST) as Uint8Array | undefined;
    const whole = pinfo.frame.capLen === pinfo.frame.wireLen;
    if (!error) pinfo.setInfo(`IPv6 fragment (off=${offset} more=${more ? 'y' : 'n'} ident=${hex(ident, 8)} nxt=${nxt})`);
    if (error || !whole || src === undefined || dst === undefined || payload.length === 0) {
      callData(payload, pinfo, tree, parent);
      return;
    }
    const key = `6|${ipv6String(src)}|${ipv6String(dst)}|${ident}`;
    reassembleAndDispatch(key, nxt, offset, more, payload, 'IPv6', v6, pinfo, tree, node, parent);
  },
};

const ipProto = dissectorTable('ip.proto');
ipProto.add(0, optionsHeader(HOP));
ipProto.add(60, optionsHeader(DST));
ipProto.add(43, routing);
ipProto.add(44, fragment);
