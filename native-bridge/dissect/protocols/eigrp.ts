import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Cisco's Enhanced Interior Gateway Routing Protocol (RFC 7868, IP protocol 88): the fixed
 * header, then the TLVs, each read within its own length (the general ones' fields; route TLVs
 * are not read). Info is the opcode's name, `Hello (Ack)` for a hello that acknowledges.
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

const TLVS: Record<number, string> = {
  0x0001: 'Parameters',
  0x0002: 'Authentication',
  0x0003: 'Sequence',
  0x0004: 'Software Version',
  0x0005: 'Next Multicast Sequence',
  0x0006: 'Peer Stub Information',
  0x0007: 'Peer Termination',
  0x0008: 'Peer TID List',
};

/**
 * The reads of a general TLV's value (Wireshark's dissect_eigrp_general_tlv) for the fixed ones:
 * parameters, sequence addresses, software version, next multicast sequence, stub flags. The
 * others are not read.
 */
function generalTlv(v: Tvb, type: number): void {
  switch (type) {
    case 0x0001:
      for (let k = 0; k < 6; k++) v.u8(k);
      v.u16(6);
      break;
    case 0x0003:
      for (let off = 0; v.reportedRemaining(off) > 0; ) {
        const len = v.u8(off);
        off += 1;
        if (v.reportedRemaining(off) < len) break;
        if (len === 4 || len === 16) v.check(off, len);
        // TShark reads an IPX address from the value's start, whatever the entry.
        else if (len === 10) {
          v.u32(1);
          v.u16(5);
          v.u16(7);
          v.u16(9);
        }
        off += len;
      }
      break;
    case 0x0004:
      for (let k = 0; k < 4; k++) v.u8(k);
      break;
    case 0x0005:
      v.u32(0);
      break;
    case 0x0006:
      v.u16(0);
      break;
  }
}

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
    // IPX SAP packets carry SAP, not TLVs.
    if (opcode === 6) return;
    for (let off = 20; tvb.reportedRemaining(off) > 0; ) {
      const type = tvb.u16(off);
      const size = tvb.u16(off + 2);
      // A length shorter than the TLV's own header ends the walk (an error item in TShark).
      if (size < 4) return;
      tree.add(node, textItem, tvb, off, size, undefined, TLVS[type] ?? `Unknown TLV (0x${type.toString(16).padStart(4, '0')})`);
      // The value is read within its own length, cut to what the packet reports.
      const value = tvb.pdu(off + 4, Math.min(size - 4, tvb.reportedRemaining(off + 4)), false);
      if ((type & 0xff00) === 0) generalTlv(value, type);
      off += size;
    }
  },
};

dissectorTable('ip.proto').add(88, eigrp);
