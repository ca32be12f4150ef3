import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Virtual eXtensible Local Area Network (RFC 7348, UDP 4789): flags, the 24-bit network
 * identifier (`vxlan.vni`), then an Ethernet frame, whose fields filter as any other frame's.
 */
const P = fieldTable.register('vxlan', 'Virtual eXtensible Local Area Network', [
  { abbrev: 'vxlan.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'vxlan.flags.gbp', name: 'GBP Extension', type: 'bool' },
  { abbrev: 'vxlan.flags.vni', name: 'VXLAN Network ID (VNI)', type: 'bool' },
  { abbrev: 'vxlan.gbp', name: 'Group Policy ID', type: 'uint', bits: 16 },
  { abbrev: 'vxlan.vni', name: 'VXLAN Network Identifier (VNI)', type: 'uint', bits: 24 },
  { abbrev: 'vxlan.reserved_8', name: 'Reserved', type: 'uint' },
]);
const f = P.f;

const vxlan: Dissector = {
  name: 'vxlan',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'VXLAN';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 8);
    const flags = tvb.u16(0);
    tree.add(node, f.flags, tvb, 0, 2, flags);
    tree.add(node, f['flags.gbp'], tvb, 0, 2, (flags & 0x8000) !== 0);
    tree.add(node, f['flags.vni'], tvb, 0, 2, (flags & 0x0800) !== 0);
    tree.add(node, f.gbp, tvb, 2, 2, tvb.u16(2));
    const w = tvb.u32(4);
    tree.add(node, f.vni, tvb, 4, 3, w >>> 8);
    tree.add(node, f.reserved_8, tvb, 7, 1, w & 0xff);
    if (tvb.length > 8) dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, tvb.sub(8), pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(4789, vxlan);
