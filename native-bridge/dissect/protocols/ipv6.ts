import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { setActualLength } from './eth.js';
import { type AddressFormat, addAddresses, dispatchIpPayload, enterIpLayer, inError, protoName } from './ip-common.js';

/**
 * Internet Protocol version 6 (RFC 8200): the fixed header, then the next header through the
 * `ip.proto` table, where the extension headers (ipv6-ext.ts) register like any upper protocol,
 * each showing as its own layer (`ipv6:ipv6.hopopts:icmpv6`) as in TShark.
 */
export const IPV6 = fieldTable.register('ipv6', 'Internet Protocol Version 6', [
  { abbrev: 'ipv6.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.tclass', name: 'Traffic Class', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'ipv6.tclass.dscp', name: 'Differentiated Services Codepoint', type: 'uint', bits: 32 },
  { abbrev: 'ipv6.tclass.ecn', name: 'Explicit Congestion Notification', type: 'uint', bits: 32 },
  { abbrev: 'ipv6.flow', name: 'Flow Label', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'ipv6.plen', name: 'Payload Length', type: 'uint', bits: 16 },
  { abbrev: 'ipv6.nxt', name: 'Next Header', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.hlim', name: 'Hop Limit', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.src', name: 'Source Address', type: 'ipv6' },
  { abbrev: 'ipv6.dst', name: 'Destination Address', type: 'ipv6' },
  { abbrev: 'ipv6.addr', name: 'Source or Destination Address', type: 'ipv6' },
  // Options of the hop-by-hop and destination options headers are IPv6's fields in Wireshark.
  { abbrev: 'ipv6.opt', name: 'IPv6 Option', type: 'none' },
  { abbrev: 'ipv6.opt.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.opt.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'ipv6.opt.pad1', name: 'Pad1', type: 'none' },
  { abbrev: 'ipv6.opt.padn', name: 'PadN', type: 'bytes' },
  { abbrev: 'ipv6.opt.router_alert', name: 'Router Alert', type: 'uint', bits: 16 },
  { abbrev: 'ipv6.opt.jumbo', name: 'Payload Length', type: 'uint', bits: 32 },
  { abbrev: 'ipv6.opt.unknown', name: 'Unknown Option Payload', type: 'bytes' },
  { abbrev: 'ipv6.fragments', name: 'IPv6 Fragments', type: 'none' },
  { abbrev: 'ipv6.fragment', name: 'IPv6 Fragment', type: 'framenum' },
  { abbrev: 'ipv6.fragment.count', name: 'Fragment count', type: 'uint', bits: 32 },
  { abbrev: 'ipv6.fragment.overlap', name: 'Fragment overlap', type: 'bool' },
  { abbrev: 'ipv6.fragment.overlap.conflict', name: 'Conflicting data in fragment overlap', type: 'bool' },
  { abbrev: 'ipv6.fragment.error', name: 'Defragmentation error', type: 'framenum' },
  { abbrev: 'ipv6.reassembled.length', name: 'Reassembled IPv6 length', type: 'uint', bits: 32 },
  { abbrev: 'ipv6.bogus_ipv6_version', name: 'Bogus IP version', type: 'none' },
  { abbrev: 'ipv6.plen_exceeds_framing', name: 'IPv6 payload length does not match expected framing length', type: 'none' },
  { abbrev: 'ipv6.plen_zero', name: 'IPv6 payload length equals 0', type: 'none' },
]);

/** Where the fragment header finds the addresses for its reassembly key. */
export const IPV6_SRC = 'ipv6.src';
export const IPV6_DST = 'ipv6.dst';
/** True while the next header is the one right after the fixed header (hop-by-hop must be there). */
export const IPV6_FIRST_EXT = 'ipv6.first_ext';
/** Set when a hop-by-hop Jumbo Payload option was seen (UDP may then carry length 0). */
export const IPV6_JUMBO = 'ipv6.jumbo';
/** The hop limit, for ICMPv6's echo Info text. */
export const IPV6_HLIM = 'ipv6.hlim';
/** The IPv6 header's node: its extension headers go inside it, as in Wireshark's tree (and so out of `-z io,phs`'s top level). */
export const IPV6_NODE = 'ipv6.node';

/**
 * Where a header Wireshark counts as an IPv6 extension header (AH, Mobility) puts its subtree:
 * inside its IPv6 header's node when the innermost IP layer is IPv6, as TShark does (so `-z io,phs`
 * shows `ipv6 › ospf`, not `ipv6 › ah › ospf`), else at `parent` (AH over IPv4).
 */
export function extensionParent(pinfo: PacketInfo, parent: number): number {
  const stack = pinfo.protocols;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i] === 'ip') return parent;
    if (stack[i] === 'ipv6') return (pinfo.data.get(IPV6_NODE) as number | undefined) ?? parent;
  }
  return parent;
}

/**
 * Dispatches an IPv6 next header (from the fixed header or an extension header). Unknown
 * protocols go to `data` with Wireshark's `Name (number)` Info.
 */
export function ipv6Next(
  nxt: number,
  payload: Tvb,
  announced: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  first = false,
): void {
  pinfo.data.set(IPV6_FIRST_EXT, first);
  if (nxt === 59) {
    // No Next Header: anything left over is data.
    callData(payload, pinfo, tree, parent);
    return;
  }
  enterIpLayer(pinfo, payload);
  const taken = dispatchIpPayload(nxt, payload, announced, pinfo, tree, parent);
  if (taken === 'data' && !inError(pinfo)) pinfo.setInfo(`${protoName(nxt)} (${nxt})`);
}

const f = IPV6.f;
const V6: AddressFormat<Uint8Array> = {
  version: 6,
  size: 16,
  read: (tvb, offset) => tvb.view(offset, 16),
  text: ipv6String,
  words: 4,
  toWords: (b, into, at) => {
    for (let i = 0; i < 4; i++) into[at + i] = (b[4 * i]! << 24) | (b[4 * i + 1]! << 16) | (b[4 * i + 2]! << 8) | b[4 * i + 3]!;
  },
  setNet: (pinfo, src, dst) => pinfo.setNet('ipv6', ipv6String(src), ipv6String(dst), 4),
};

/**
 * The length a hop-by-hop Jumbo Payload option (after the fixed header) gives, when over 65535
 * (RFC 2675), else 0: Wireshark's ipv6_get_jumbo_plen, which looks only at options whose type
 * and 4 more bytes were captured. Each step moves at least one byte.
 */
function jumboLength(tvb: Tvb): number {
  if (!tvb.has(40, 2)) return 0;
  const end = 40 + (tvb.u8(41) + 1) * 8;
  let o = 42;
  while (o < end && tvb.has(o, 6)) {
    const type = tvb.u8(o++);
    if (type === 0) continue;
    const len = tvb.u8(o++);
    if (type === 0xc2 && len === 4) {
      const jumbo = tvb.u32(o);
      return jumbo > 0xffff ? jumbo : 0;
    }
    o += len;
  }
  return 0;
}

/**
 * A packet whose version is not 6 is refused: not on the stack, after an EtherType it becomes
 * `data`, as a link type (229) nothing, as TShark does. TShark has by then added its IPv6
 * node and version, which stay in the tree (and so in `-z io,phs`, with `data` beside it), and
 * its columns: `Bogus IPv6 version` for the link type, the EtherType's number and name after
 * one.
 */
function makeIpv6(refusedAsData: boolean): Dissector {
  return {
    name: 'ipv6',
    dissect(tvb, pinfo, tree, parent) {
      if (tvb.length > 0 && tvb.bytes[0]! >>> 4 !== 6) {
        const version = tvb.bytes[0]! >>> 4;
        const refused = tree.add(parent, IPV6.proto, tvb, 0, Math.min(40, tvb.length));
        tree.add(refused, f.version, tvb, 0, 1, version);
        tree.add(refused, f.bogus_ipv6_version, tvb, 0, 1);
        if (refusedAsData) {
          pinfo.protocol = '0x86dd';
          pinfo.setInfo('IPv6');
          callData(tvb, pinfo, tree, parent);
        } else {
          pinfo.protocol = 'IPv6';
          pinfo.setInfo(`Bogus IPv6 version (${version}, must be 6)`);
        }
        return;
      }
      const error = inError(pinfo);
      const node = beginProtocol(IPV6, tvb, pinfo, tree, parent, 40);
      pinfo.data.set(IPV6_NODE, node);
      if (!error) {
        pinfo.protocol = 'IPv6';
        pinfo.setInfo('');
      }
      const w0 = tvb.u32(0);
      const version = w0 >>> 28;
      tree.add(node, f.version, tvb, 0, 1, version);
      const tclass = (w0 >>> 20) & 0xff;
      tree.add(node, f.tclass, tvb, 0, 2, tclass);
      tree.add(node, f['tclass.dscp'], tvb, 0, 2, tclass >>> 2);
      tree.add(node, f['tclass.ecn'], tvb, 0, 2, tclass & 3);
      tree.add(node, f.flow, tvb, 1, 3, w0 & 0xfffff);
      let plen = tvb.u16(4);
      tree.add(node, f.plen, tvb, 4, 2, plen);
      const nxt = tvb.u8(6);
      tree.add(node, f.nxt, tvb, 6, 1, nxt);
      const hlim = tvb.u8(7);
      tree.add(node, f.hlim, tvb, 7, 1, hlim);
      if (!error) pinfo.data.set(IPV6_HLIM, hlim);
      const [src, dst] = addAddresses(V6, f, 8, tvb, pinfo, tree, node);
      pinfo.data.set(IPV6_SRC, src);
      pinfo.data.set(IPV6_DST, dst);
      const avail = tvb.length - 40;
      pinfo.data.set(IPV6_JUMBO, false);
      if (plen === 0) {
        // A jumbogram's length is in its hop-by-hop option; otherwise segmentation offload left
        // it unset, and TShark then takes the payload as empty.
        tree.add(node, f.plen_zero, tvb, 4, 2);
        if (nxt === 0) plen = jumboLength(tvb);
      }
      if (plen > avail && pinfo.frame.wireLen === pinfo.frame.capLen) tree.add(node, f.plen_exceeds_framing, tvb, 4, 2);
      setActualLength(pinfo, tvb, 40 + plen);
      // Cut by the capture, the payload still reports the datagram's length, as in Wireshark.
      const payload = plen > avail ? tvb.pdu(40, Math.min(plen, tvb.reported - 40), false) : tvb.sub(40, plen);
      ipv6Next(nxt, payload, plen === 0 ? 1 : plen, pinfo, tree, parent, true);
    },
  };
}

const ipv6 = makeIpv6(true);

dissectorTable('ethertype').add(0x86dd, ipv6);
dissectorTable('ip.proto').add(41, ipv6); // IPv6 in IP
dissectorTable('link_type').add(229, makeIpv6(false)); // LINKTYPE_IPV6
for (const family of [10, 24, 28, 30]) dissectorTable('null.type').add(family, ipv6);
