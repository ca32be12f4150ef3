import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IEEE 802.1ag Connectivity Fault Management / Y.1731 OAM (EtherType 0x8902): the common
 * header. Info is the OpCode's name (`Type Unknown (0xcc)` for one not known); the PDUs' bodies
 * are not decoded.
 */
const OPCODES: Record<number, string> = {
  1: 'Continuity Check Message (CCM)',
  2: 'Loopback Reply (LBR)',
  3: 'Loopback Message (LBM)',
  4: 'Linktrace Reply (LTR)',
  5: 'Linktrace Message (LTM)',
  33: 'Alarm Indication Signal (AIS)',
  35: 'Lock Signal (LCK)',
  37: 'Test Signal (TST)',
  39: 'Automatic Protection Switching (APS)',
  41: 'Maintenance Communication Channel (MCC)',
  43: 'Loss Measurement Message (LMM)',
  42: 'Loss Measurement Reply (LMR)',
  45: 'One Way Delay Measurement (1DM)',
  47: 'Delay Measurement Message (DMM)',
  46: 'Delay Measurement Reply (DMR)',
};
const P = fieldTable.register('cfm', 'CFM EOAM IEEE 802.1Q/ITU-T Y.1731 Protocol', [
  { abbrev: 'cfm.md.level', name: 'CFM MD Level', type: 'uint', bits: 8, mask: 0xe0, maskBits: 8 },
  { abbrev: 'cfm.version', name: 'CFM Version', type: 'uint', bits: 8, mask: 0x1f, maskBits: 8 },
  { abbrev: 'cfm.opcode', name: 'CFM OpCode', type: 'uint', base: 'hex', bits: 8, strings: OPCODES },
  { abbrev: 'cfm.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'cfm.first.tlv.offset', name: 'First TLV Offset', type: 'uint', bits: 8 },
]);
const f = P.f;

const cfm: Dissector = {
  name: 'cfm',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'CFM';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    tree.add(node, f['md.level'], tvb, 0, 1, b0 >> 5);
    tree.add(node, f.version, tvb, 0, 1, b0 & 0x1f);
    const op = tvb.u8(1);
    tree.add(node, f.opcode, tvb, 1, 1, op);
    pinfo.setInfo(OPCODES[op] ?? `Type Unknown (0x${op.toString(16).padStart(2, '0')})`);
    tree.add(node, f.flags, tvb, 2, 1, tvb.u8(2));
    tree.add(node, f['first.tlv.offset'], tvb, 3, 1, tvb.u8(3));
  },
};

dissectorTable('ethertype').add(0x8902, cfm);
