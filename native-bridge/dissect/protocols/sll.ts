import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString, ipv4String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { callEthertype } from './eth.js';

/**
 * Linux "cooked" capture (LINKTYPE_LINUX_SLL, 113): the header libpcap writes for the `any`
 * device. TShark decodes v1 and v2 (sll2.ts) under the one protocol name `sll`.
 */
export const SLL = fieldTable.register('sll', 'Linux cooked capture', [
  {
    abbrev: 'sll.pkttype',
    name: 'Packet type',
    type: 'uint',
    strings: { 0: 'Unicast to us', 1: 'Broadcast', 2: 'Multicast', 3: 'Unicast to another host', 4: 'Sent by us' },
  },
  { abbrev: 'sll.hatype', name: 'Link-layer address type', type: 'uint' },
  { abbrev: 'sll.halen', name: 'Link-layer address length', type: 'uint' },
  { abbrev: 'sll.src.eth', name: 'Source', type: 'ether' },
  { abbrev: 'sll.src.ipv4', name: 'Source', type: 'ipv4' },
  { abbrev: 'sll.src.other', name: 'Source', type: 'bytes' },
  { abbrev: 'sll.unused', name: 'Unused', type: 'bytes' },
  { abbrev: 'sll.ltype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.gretype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.etype', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sll.ifindex', name: 'Interface index', type: 'uint' },
]);

const ARPHRD_IPGRE = 778;
const LINUX_SLL_P_802_2 = 0x0004;

/** The 8-byte address slot: `halen` bytes of address (shown by type), the rest unused. */
export function sllAddress(tvb: Tvb, tree: ProtoTree, node: number, pinfo: PacketInfo, off: number, halen: number): void {
  const f = SLL.f;
  const len = Math.min(halen, 8);
  if (len === 6) {
    const a = tvb.view(off, 6);
    tree.add(node, f['src.eth'], tvb, off, 6, a);
    pinfo.dlSrc = etherString(a);
    pinfo.src = pinfo.dlSrc;
  } else if (len === 4) {
    const a = tvb.u32(off);
    tree.add(node, f['src.ipv4'], tvb, off, 4, a);
    pinfo.src = ipv4String(a);
  } else if (len > 0) {
    tree.add(node, f['src.other'], tvb, off, len, tvb.view(off, len));
  }
  if (len < 8) tree.add(node, f.unused, tvb, off + len, 8 - len, tvb.view(off + len, 8 - len));
}

/** Where SLL sends the payload: by link-layer type for GRE tunnels, Linux pseudo-protocols below 1536, else by EtherType. */
export function sllPayload(
  hatype: number,
  proto: number,
  protoOff: number,
  tvb: Tvb,
  payload: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  parent: number,
): void {
  const f = SLL.f;
  if (hatype === ARPHRD_IPGRE) {
    // GRE's protocol numbers are EtherTypes, but TShark shows no `ethertype` step here.
    tree.add(node, f.gretype, tvb, protoOff, 2, proto);
    dispatchPayload({ table: 'ethertype', keys: [proto] }, payload, pinfo, tree, parent);
  } else if (proto <= 1536) {
    tree.add(node, f.ltype, tvb, protoOff, 2, proto);
    dispatchPayload(
      { table: proto === LINUX_SLL_P_802_2 ? 'llc' : 'sll.ltype', keys: [proto === LINUX_SLL_P_802_2 ? 0 : proto] },
      payload,
      pinfo,
      tree,
      parent,
    );
  } else {
    tree.add(node, f.etype, tvb, protoOff, 2, proto);
    callEthertype(proto, payload, pinfo, tree, parent);
  }
}

const sll: Dissector = {
  name: 'sll',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(SLL, tvb, pinfo, tree, parent, 16);
    tree.setText(node, 'Linux cooked capture v1');
    const f = SLL.f;
    const pkttype = tvb.u16(0);
    const hatype = tvb.u16(2);
    const halen = tvb.u16(4);
    tree.add(node, f.pkttype, tvb, 0, 2, pkttype);
    tree.add(node, f.hatype, tvb, 2, 2, hatype);
    tree.add(node, f.halen, tvb, 4, 2, halen);
    sllAddress(tvb, tree, node, pinfo, 6, halen);
    const proto = tvb.u16(14);
    sllPayload(hatype, proto, 14, tvb, tvb.sub(16), pinfo, tree, node, parent);
  },
};

dissectorTable('link_type').add(113, sll);
