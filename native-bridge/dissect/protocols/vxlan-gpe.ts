import type { Dissector } from '../core/dissector.js';
import { dispatchPayload } from '../core/dispatch.js';
import { type FieldInfo, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { LINKTYPE_ETHERNET } from './eth.js';
import './vxlan.js'; // registers `vxlan`, whose next-protocol field this adds

/**
 * VXLAN Generic Protocol Extension (UDP 4790): the VXLAN header with a next protocol (1 IPv4,
 * 2 IPv6, 3 Ethernet, 4 NSH, 5 MPLS) that carries on through its table. TShark 4.0 shows the
 * header in the tree but leaves it off `frame.protocols` (`udp:nsh`), and so does this decoder.
 */
const vxlanProto = fieldTable.get('vxlan') as FieldInfo;
const [nextProto, vni] = fieldTable
  .extend('vxlan', [
    {
      abbrev: 'vxlan.next_proto',
      name: 'Next Protocol',
      type: 'uint',
      bits: 8,
      strings: { 1: 'IPv4', 2: 'IPv6', 3: 'Ethernet', 4: 'Network Service Header', 5: 'MPLS' },
    },
  ])
  .concat(fieldTable.get('vxlan.vni') as FieldInfo) as [FieldInfo, FieldInfo];

const AS_ETHERTYPE: Readonly<Record<number, number>> = { 1: 0x0800, 2: 0x86dd, 4: 0x894f, 5: 0x8847 };

const vxlanGpe: Dissector = {
  name: 'vxlan',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'VXLAN';
    const node = tree.add(parent, vxlanProto, tvb, 0, Math.min(8, tvb.length));
    const next = tvb.u8(3);
    tree.add(node, nextProto, tvb, 3, 1, next);
    tree.add(node, vni, tvb, 4, 3, tvb.u24(4));
    if (tvb.length <= 8) return;
    const payload = tvb.sub(8);
    if (next === 3) dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
    else dispatchPayload({ table: 'ethertype', keys: [AS_ETHERTYPE[next] ?? -1] }, payload, pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(4790, vxlanGpe);
