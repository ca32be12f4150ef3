import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Open Shortest Path First, versions 2 (RFC 2328) and 3 (RFC 5340), IP protocol 89: the
 * common header; Info names the packet type as Wireshark does (`Hello Packet`). Bodies and
 * LSAs are not decoded.
 */
const TYPES: Record<number, string> = { 1: 'Hello Packet', 2: 'DB Description', 3: 'LS Request', 4: 'LS Update', 5: 'LS Acknowledge' };
const P = fieldTable.register('ospf', 'Open Shortest Path First', [
  { abbrev: 'ospf.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'ospf.msg', name: 'Message Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'ospf.packet_length', name: 'Packet Length', type: 'uint', bits: 16 },
  { abbrev: 'ospf.srcrouter', name: 'Source OSPF Router', type: 'ipv4' },
  { abbrev: 'ospf.area_id', name: 'Area ID', type: 'ipv4' },
  { abbrev: 'ospf.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ospf.auth.type', name: 'Auth Type', type: 'uint', bits: 16, strings: { 0: 'Null', 1: 'Simple password', 2: 'Cryptographic' } },
  { abbrev: 'ospf.instance_id', name: 'Instance ID', type: 'uint', bits: 8 },
]);
const f = P.f;

const ospf: Dissector = {
  name: 'ospf',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'OSPF';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const version = tvb.u8(0);
    const type = tvb.u8(1);
    tree.add(node, f.version, tvb, 0, 1, version);
    tree.add(node, f.msg, tvb, 1, 1, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown (${type})`);
    tree.add(node, f.packet_length, tvb, 2, 2, tvb.u16(2));
    const router = tvb.u32(4);
    tree.add(node, f.srcrouter, tvb, 4, 4, router, `Source OSPF Router: ${ipv4String(router)}`);
    const area = tvb.u32(8);
    tree.add(node, f.area_id, tvb, 8, 4, area, `Area ID: ${ipv4String(area)}`);
    tree.add(node, f.checksum, tvb, 12, 2, tvb.u16(12));
    if (version === 3) tree.add(node, f.instance_id, tvb, 14, 1, tvb.u8(14));
    else tree.add(node, f['auth.type'], tvb, 14, 2, tvb.u16(14));
  },
};

dissectorTable('ip.proto').add(89, ospf);
