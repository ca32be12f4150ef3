import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * AppleTalk Address Resolution Protocol (EtherType 0x80f3): hardware and protocol types and
 * the opcode; the addresses are not decoded.
 */
const P = fieldTable.register('aarp', 'Appletalk Address Resolution Protocol', [
  { abbrev: 'aarp.hard.type', name: 'Hardware type', type: 'uint', bits: 16 },
  { abbrev: 'aarp.proto.type', name: 'Protocol type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'aarp.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: { 1: 'request', 2: 'reply', 3: 'probe' } },
]);
const f = P.f;

const aarp: Dissector = {
  name: 'aarp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AARP';
    pinfo.setInfo(''); // TShark clears Info before it reads
    // TShark reads the fixed part and the four addresses (for the Info column) before its node.
    const before = tvb.has(0, 6) ? 8 + 2 * (tvb.u8(4) + tvb.u8(5)) : 8;
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, before);
    tree.add(node, f['hard.type'], tvb, 0, 2, tvb.u16(0));
    tree.add(node, f['proto.type'], tvb, 2, 2, tvb.u16(2));
    const op = tvb.u16(6);
    tree.add(node, f.opcode, tvb, 6, 2, op);
    pinfo.setInfo(op === 1 ? 'AARP request' : op === 2 ? 'AARP reply' : op === 3 ? 'AARP probe' : 'Unknown AARP opcode');
  },
};

dissectorTable('ethertype').add(0x80f3, aarp);
