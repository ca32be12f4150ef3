import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex, macText } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
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
]);

/** The `ethertype` step TShark 4.0 shows between a link layer and the protocol it carries. */
const E = fieldTable.register('ethertype', 'EtherType', []);

export const LINKTYPE_ETHERNET = 1;

/** Hands `tvb` to the protocol registered for EtherType `type`; shared by Ethernet, VLAN tags, SLL. */
export function callEthertype(type: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocols.push(E.proto.abbrev);
  dispatchPayload({ table: 'ethertype', keys: [type] }, tvb, pinfo, tree, parent);
}

const eth: Dissector = {
  name: 'eth',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 14, 14); // on the stack even when cut short, as in TShark
    tvb.check(0, 6); // each address whole, as a view of it would (the malformed mark's offset)
    const dstText = macText(tvb.u16(0), tvb.u32(2));
    tvb.check(6, 6);
    const srcText = macText(tvb.u16(6), tvb.u32(8));
    const type = tvb.u16(12);
    if (tree.building) tree.setText(node, `Ethernet II, Src: ${srcText}, Dst: ${dstText}`);
    // The addresses' values are views of the frame: made only for a tree that keeps them.
    if (tree.wants(P.f.dst) || tree.wants(P.f.src) || tree.wants(P.f.addr)) {
      const dst = tvb.view(0, 6);
      const src = tvb.view(6, 6);
      tree.add(node, P.f.dst, tvb, 0, 6, dst);
      tree.add(node, P.f.addr, tvb, 0, 6, dst);
      tree.add(node, P.f.src, tvb, 6, 6, src);
      tree.add(node, P.f.addr, tvb, 6, 6, src);
    }
    pinfo.dlSrc = srcText;
    pinfo.dlDst = dstText;
    pinfo.src = pinfo.dlSrc;
    pinfo.dst = pinfo.dlDst;
    // A zero type is not a length: Wireshark reads it as EtherType 0 (ETHERTYPE_UNK).
    if (type <= 1500 && type !== 0) {
      tree.add(node, P.f.len, tvb, 12, 2, type);
      dispatchPayload({ table: 'llc', keys: [0] }, tvb.sub(14, Math.min(type, tvb.length - 14)), pinfo, tree, parent);
      return;
    }
    tree.add(node, P.f.type, tvb, 12, 2, type, `Type: ${hex(type, 4)}`);
    callEthertype(type, tvb.sub(14), pinfo, tree, parent);
  },
};

dissectorTable('link_type', 'LINKTYPE_ values').add(LINKTYPE_ETHERNET, eth);
dissectorTable('ip.proto').add(143, eth); // Ethernet as an IPv6 next header (RFC 8986 segment routing)
