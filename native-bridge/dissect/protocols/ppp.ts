import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Point-to-Point Protocol (RFC 1661) as a link type (LINKTYPE_PPP 9, LINKTYPE_PPP_HDLC 50, and
 * over GRE): an optional HDLC address/control (ff 03), then the protocol, one byte when
 * compressed (odd first byte). The payload goes to `ppp.protocol` (LCP, IPCP), else to
 * `ethertype` for the network protocols PPP numbers differently (0x0021 IPv4, 0x0057 IPv6,
 * 0x0281 MPLS, 0x0023 OSI). Unknown protocols show as Wireshark shows them (Protocol
 * `0x7e08`, Info `PPP Unknown (0x7e08)`).
 */
const NAMES: Record<number, string> = {
  0x0021: 'Internet Protocol version 4',
  0x0023: 'OSI Network Layer',
  0x003d: 'PPP Multilink',
  0x0057: 'Internet Protocol version 6',
  0x0281: 'MPLS Unicast',
  0x0283: 'MPLS Multicast',
  0x8021: 'Internet Protocol Control Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
};
/** PPP numbers of network protocols, as the EtherType their decoders are registered under. */
const AS_ETHERTYPE: Record<number, number> = { 0x0021: 0x0800, 0x0057: 0x86dd, 0x0281: 0x8847, 0x0283: 0x8848, 0x0023: 0x00fe };

const P = fieldTable.register('ppp', 'Point-to-Point Protocol', [
  { abbrev: 'ppp.address', name: 'Address', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ppp.control', name: 'Control', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ppp.protocol', name: 'Protocol', type: 'uint', base: 'hex', bits: 16, strings: NAMES },
]);
const f = P.f;

/** Hands a payload on by its PPP protocol number; shared with other PPP framings. */
export function callPppProtocol(proto: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  if (tvb.length === 0) return;
  const d = dissectorTable('ppp.protocol').get(proto);
  if (d !== undefined && d.dissect(tvb, pinfo, tree, parent) !== false) return;
  const et = AS_ETHERTYPE[proto];
  const e = et === undefined ? undefined : dissectorTable('ethertype').get(et);
  if (e !== undefined && e.dissect(tvb, pinfo, tree, parent) !== false) return;
  if (d === undefined && e === undefined) {
    const hex = `0x${proto.toString(16).padStart(4, '0')}`;
    pinfo.protocol = hex;
    pinfo.setInfo(`PPP ${NAMES[proto] ?? 'Unknown'} (${hex})`);
  }
  callData(tvb, pinfo, tree, parent);
}

/**
 * PPP's header and its payload. Carried in PPPoE or L2TP (RFC 1661), TShark adds the node
 * before it reads; as a link type (HDLC-like framing, RFC 1662) it reads the first byte (Cisco
 * HDLC or PPP) first, so an empty frame names neither the column nor a node (`hdlc`).
 */
function dissectPpp(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, hdlc: boolean): void {
  if (!hdlc) pinfo.protocol = 'PPP';
  const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, hdlc ? 1 : 0);
  pinfo.protocol = 'PPP';
  let off = 0;
  if (tvb.has(0, 2) && tvb.u8(0) === 0xff && tvb.u8(1) === 0x03) {
    tree.add(node, f.address, tvb, 0, 1, 0xff);
    tree.add(node, f.control, tvb, 1, 1, 0x03);
    off = 2;
  }
  const first = tvb.u8(off);
  const proto = first & 1 ? first : tvb.u16(off);
  const plen = first & 1 ? 1 : 2;
  tree.add(node, f.protocol, tvb, off, plen, proto);
  off += plen;
  tree.setLength(node, off);
  callPppProtocol(proto, tvb.sub(off), pinfo, tree, parent);
}

export const ppp: Dissector = {
  name: 'ppp',
  dissect(tvb, pinfo, tree, parent) {
    dissectPpp(tvb, pinfo, tree, parent, false);
  },
};

const pppHdlc: Dissector = {
  name: 'ppp',
  dissect(tvb, pinfo, tree, parent) {
    dissectPpp(tvb, pinfo, tree, parent, true);
  },
};

dissectorTable('link_type').add(9, pppHdlc); // LINKTYPE_PPP
dissectorTable('link_type').add(50, pppHdlc); // LINKTYPE_PPP_HDLC
dissectorTable('gre.proto').add(0x880b, ppp);
