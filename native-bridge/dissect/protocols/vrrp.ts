import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/** Virtual Router Redundancy Protocol, versions 2 (RFC 3768) and 3 (RFC 5798), IP protocol 112. */
const P = fieldTable.register('vrrp', 'Virtual Router Redundancy Protocol', [
  { abbrev: 'vrrp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.type', name: 'Packet type', type: 'uint', bits: 8, strings: { 1: 'Advertisement' } },
  { abbrev: 'vrrp.virt_rtr_id', name: 'Virtual Rtr ID', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.prio', name: 'Priority', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.addr_count', name: 'Addr Count', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const vrrp: Dissector = {
  name: 'vrrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'VRRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const version = b0 >> 4;
    const type = b0 & 0x0f;
    tree.add(node, f.version, tvb, 0, 1, version);
    tree.add(node, f.type, tvb, 0, 1, type);
    pinfo.setInfo(`${type === 1 ? 'Announcement' : `Unknown (${type})`} (v${version})`);
    tree.add(node, f.virt_rtr_id, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.prio, tvb, 2, 1, tvb.u8(2));
    tree.add(node, f.addr_count, tvb, 3, 1, tvb.u8(3));
    tree.add(node, f.checksum, tvb, 6, 2, tvb.u16(6));
  },
};

dissectorTable('ip.proto').add(112, vrrp);
