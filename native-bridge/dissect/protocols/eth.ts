import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchKeys, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex, macText } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { isShort, showException } from '../core/frame.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/** Ethernet II, and IEEE 802.3 length frames (handed to the `llc` table). */
const P = fieldTable.register('eth', 'Ethernet II', [
  { abbrev: 'eth.dst', name: 'Destination', type: 'ether' },
  { abbrev: 'eth.src', name: 'Source', type: 'ether' },
  { abbrev: 'eth.addr', name: 'Address', type: 'ether', description: 'source or destination' },
  { abbrev: 'eth.type', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'eth.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'eth.padding', name: 'Padding', type: 'bytes' },
  { abbrev: 'eth.trailer', name: 'Trailer', type: 'bytes' },
  { abbrev: 'eth.fcs', name: 'Frame check sequence', type: 'uint', base: 'hex', bits: 32 },
]);

/** The `ethertype` step TShark 4.0 shows between a link layer and the protocol it carries. */
const E = fieldTable.register('ethertype', 'EtherType', []);

export const LINKTYPE_ETHERNET = 1;

/** The EtherType step's payload while its protocol runs, and the length that protocol gave it. */
const PAYLOAD = 'ethertype.payload';
const CUT = 'ethertype.cut';
const ETHERTYPES = dissectorTable('ethertype');

/**
 * Called by a network protocol (IPv4, IPv6) with the length its header gives the datagram in
 * `tvb` (Wireshark's set_actual_length): when `tvb` is the EtherType step's payload, what lies
 * after that length is the Ethernet trailer.
 */
export function setActualLength(pinfo: PacketInfo, tvb: Tvb, length: number): void {
  if (pinfo.data.get(PAYLOAD) === tvb) pinfo.data.set(CUT, length);
}

/** The trailer a link layer reads after its EtherType's payload (Wireshark's add_dix_trailer). */
export interface TrailerSpec {
  /** The link layer's own bytes (the whole Ethernet frame), and its tree node. */
  link: Tvb;
  node: number;
  /** Where the payload starts in `link`. */
  offset: number;
  /** 4: an FCS ends the frame; 0: none; -1: guessed (Wireshark's "maybe"). */
  fcsLen: number;
}

/**
 * Hands `tvb` to the protocol registered for EtherType `type`; shared by Ethernet, VLAN tags, SLL.
 * As Wireshark's EtherType step, it shows an exception of the payload's decoders itself and goes
 * on (a read past the capture's end excepted, which ends the frame): with `trailer`, to the
 * bytes after the length the payload's protocol gave itself, when some of them were captured.
 */
export function callEthertype(type: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, trailer?: TrailerSpec): void {
  pinfo.protocols.push(E.proto.abbrev);
  const outerPayload = pinfo.data.get(PAYLOAD);
  const outerCut = pinfo.data.get(CUT);
  pinfo.data.set(PAYLOAD, tvb);
  pinfo.data.set(CUT, undefined);
  try {
    // No decoder for the type: the bytes are data, and the Protocol column is the type
    // (Wireshark's ethertype dissector: `0x3030`).
    if (dispatchKeys(ETHERTYPES, type, undefined, undefined, tvb, pinfo, tree, parent) === 'data') pinfo.protocol = hex(type, 4);
  } catch (e) {
    if (isShort(e, pinfo)) throw e;
    showException(e, pinfo, tree, parent);
  }
  const cut = pinfo.data.get(CUT) as number | undefined;
  pinfo.data.set(PAYLOAD, outerPayload);
  pinfo.data.set(CUT, outerCut);
  if (trailer !== undefined && cut !== undefined && cut < tvb.reported && cut < tvb.length)
    addTrailer(trailer, trailer.offset + cut, pinfo, tree);
}

/**
 * The Ethernet trailer from `start` of the link layer's bytes, read as Wireshark reads it
 * (add_ethernet_trailer, with zero padding assumed): padding up to a 60-byte frame if its bytes
 * are zeros, then, when an FCS is known or guessed (a frame of 64 bytes or more with 4 trailer
 * bytes), the FCS after what was captured of the trailer. In a frame cut short by the capture
 * that FCS read ends it short.
 */
function addTrailer(spec: TrailerSpec, start: number, pinfo: PacketInfo, tree: ProtoTree): void {
  const link = spec.link;
  let captured = link.length - start;
  let left = link.reported - start;
  const pktLen = pinfo.frame.wireLen;
  let padding = 0;
  if (pktLen >= 60 && pktLen - left < 60) {
    padding = 60 - (pktLen - left);
    for (let i = 0; i < padding; i++)
      if (link.u8(start + i) !== 0) {
        padding = 0;
        break;
      }
    if (padding > 0) {
      tree.add(spec.node, P.f.padding, link, start, padding, tree.wants(P.f.padding) ? link.view(start, padding) : undefined);
      captured -= padding;
      left -= padding;
    }
  }
  let fcs = false;
  if (spec.fcsLen !== 0 && (spec.fcsLen === 4 || (link.reported >= 64 && left >= 4))) {
    if (captured < left) {
      left -= 4;
      captured = Math.min(captured, left);
    } else {
      captured -= 4;
      left -= 4;
    }
    fcs = true;
  }
  const at = start + padding;
  if (captured > 0 && tree.wants(P.f.trailer)) tree.add(spec.node, P.f.trailer, link, at, captured, link.view(at, captured));
  if (fcs) tree.add(spec.node, P.f.fcs, link, at + captured, 4, link.u32(at + captured));
}

/**
 * An IEEE 802.3 frame's payload of `length` bytes (bounded by what the frame reports) to LLC, as
 * Wireshark's dissect_802_3: its failure shown and passed over, then the trailer after it (a
 * trailer that starts past what was captured ends the frame short).
 */
function ieee8023(length: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, spec: TrailerSpec): void {
  const len = Math.min(length, tvb.reported - 14);
  const payload = tvb.pdu(14, len, false);
  try {
    dispatchPayload({ table: 'llc', keys: [0] }, payload, pinfo, tree, parent);
  } catch (e) {
    if (isShort(e, pinfo)) throw e;
    showException(e, pinfo, tree, parent);
  }
  tvb.check(14 + len, 0);
  addTrailer(spec, 14 + len, pinfo, tree);
}

const eth: Dissector = {
  name: 'eth',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 14, 14); // on the stack even when cut short, as in TShark
    tvb.check(0, 6); // each address whole, as a view of it would (the malformed mark's offset)
    const dstHi = tvb.u16(0);
    const dstLo = tvb.u32(2);
    tvb.check(6, 6);
    const srcHi = tvb.u16(6);
    const srcLo = tvb.u32(8);
    const type = tvb.u16(12);
    if (tree.building) tree.setText(node, `Ethernet II, Src: ${macText(srcHi, srcLo)}, Dst: ${macText(dstHi, dstLo)}`);
    // The addresses' values are views of the frame: made only for a tree that keeps them.
    if (tree.wants(P.f.dst) || tree.wants(P.f.src) || tree.wants(P.f.addr)) {
      const dst = tvb.view(0, 6);
      const src = tvb.view(6, 6);
      tree.add(node, P.f.dst, tvb, 0, 6, dst);
      tree.add(node, P.f.addr, tvb, 0, 6, dst);
      tree.add(node, P.f.src, tvb, 6, 6, src);
      tree.add(node, P.f.addr, tvb, 6, 6, src);
    }
    pinfo.setMacs(srcHi, srcLo, dstHi, dstLo);
    // A zero type is not a length: Wireshark reads it as EtherType 0 (ETHERTYPE_UNK).
    if (type <= 1500 && type !== 0) {
      tree.add(node, P.f.len, tvb, 12, 2, type);
      ieee8023(type, tvb, pinfo, tree, parent, { link: tvb, node, offset: 14, fcsLen: -1 });
      return;
    }
    tree.add(node, P.f.type, tvb, 12, 2, type, tree.building ? `Type: ${hex(type, 4)}` : undefined);
    // What Info says when no layer above writes it (an EtherType nobody decodes), as TShark's.
    pinfo.setInfo('Ethernet II');
    callEthertype(type, tvb.sub(14), pinfo, tree, parent, { link: tvb, node, offset: 14, fcsLen: -1 });
  },
};

dissectorTable('link_type', 'LINKTYPE_ values').add(LINKTYPE_ETHERNET, eth);
dissectorTable('ip.proto').add(143, eth); // Ethernet as an IPv6 next header (RFC 8986 segment routing)
