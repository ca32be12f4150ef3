import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Distance Vector Multicast Routing Protocol (RFC 1075, draft version 3), IGMP type 0x13: the
 * code and version. Info is Wireshark's (`V3 Ask Neighbors 2`); reports are not decoded.
 */
const CODES: Record<number, string> = {
  1: 'Probe',
  2: 'Report',
  3: 'Ask Neighbors',
  4: 'Neighbors',
  5: 'Ask Neighbors 2',
  6: 'Neighbors 2',
  7: 'Prune',
  8: 'Graft',
  9: 'Graft Ack',
};
const P = fieldTable.register('dvmrp', 'Distance Vector Multicast Routing Protocol', [
  { abbrev: 'dvmrp.type', name: 'Type', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'dvmrp.v3.code', name: 'Code', type: 'uint', bits: 8, strings: CODES },
  { abbrev: 'dvmrp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dvmrp.min_ver', name: 'Minor Version', type: 'uint', bits: 8 },
  { abbrev: 'dvmrp.maj_ver', name: 'Major Version', type: 'uint', bits: 8 },
]);
const f = P.f;

const dvmrp: Dissector = {
  name: 'dvmrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DVMRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.type, tvb, 0, 1, tvb.u8(0));
    const code = tvb.u8(1);
    tree.add(node, f['v3.code'], tvb, 1, 1, code);
    pinfo.setInfo(`V3 ${CODES[code] ?? `Unknown Type:0x${code.toString(16).padStart(2, '0')}`}`);
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.min_ver, tvb, 6, 1, tvb.u8(6));
    tree.add(node, f.maj_ver, tvb, 7, 1, tvb.u8(7));
  },
};

dissectorTable('igmp.type').add(0x13, dvmrp);
