import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco's Enhanced Interior Gateway Routing Protocol (RFC 7868, IP protocol 88): the fixed
 * header. Info is the opcode's name, `Hello (Ack)` for a hello that acknowledges; TLVs are not
 * decoded.
 */
const OPCODES: Record<number, string> = {
  1: 'Update',
  2: 'Request',
  3: 'Query',
  4: 'Reply',
  5: 'Hello',
  6: 'IPX SAP',
  10: 'SIA-Query',
  11: 'SIA-Reply',
};
const P = fieldTable.register('eigrp', 'Cisco EIGRP', [
  { abbrev: 'eigrp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'eigrp.opcode', name: 'Opcode', type: 'uint', bits: 8, strings: OPCODES },
  { abbrev: 'eigrp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'eigrp.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'eigrp.seq', name: 'Sequence', type: 'uint', bits: 32 },
  { abbrev: 'eigrp.ack', name: 'Acknowledge', type: 'uint', bits: 32 },
  { abbrev: 'eigrp.vrid', name: 'Virtual Router ID', type: 'uint', bits: 16 },
  { abbrev: 'eigrp.as', name: 'Autonomous System', type: 'uint', bits: 16 },
]);
const f = P.f;

const eigrp: Dissector = {
  name: 'eigrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'EIGRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    const opcode = tvb.u8(1);
    tree.add(node, f.opcode, tvb, 1, 1, opcode);
    const name = OPCODES[opcode] ?? `Unknown (0x${opcode.toString(16).padStart(2, '0')})`;
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.flags, tvb, 4, 4, tvb.u32(4));
    tree.add(node, f.seq, tvb, 8, 4, tvb.u32(8));
    const ack = tvb.u32(12);
    tree.add(node, f.ack, tvb, 12, 4, ack);
    pinfo.setInfo(opcode === 5 && ack !== 0 ? `${name} (Ack)` : name);
    tree.add(node, f.vrid, tvb, 16, 2, tvb.u16(16));
    tree.add(node, f.as, tvb, 18, 2, tvb.u16(18));
  },
};

dissectorTable('ip.proto').add(88, eigrp);
