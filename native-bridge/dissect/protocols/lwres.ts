import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * BIND 9's lightweight resolver protocol (UDP 921): the header. Info is Wireshark's
 * (`REQUEST , opcode=Noop, serial=0x0`); the requests and answers are not decoded.
 */
const OPCODES: Record<number, string> = {
  0x00000000: 'Noop',
  0x00010001: 'getaddrbyname',
  0x00010002: 'getnamebyaddr',
  0x00010003: 'getrdatabyname',
};
const P = fieldTable.register('lwres', 'Light Weight DNS RESolver (BIND9)', [
  { abbrev: 'lwres.length', name: 'Length', type: 'uint', bits: 32 },
  { abbrev: 'lwres.version', name: 'Version', type: 'uint', bits: 16 },
  { abbrev: 'lwres.flags', name: 'Packet Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'lwres.serial', name: 'Serial', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'lwres.opcode', name: 'Operation code', type: 'uint', bits: 32, strings: OPCODES },
  { abbrev: 'lwres.result', name: 'Result', type: 'uint', bits: 32 },
]);
const f = P.f;

const lwres: Dissector = {
  name: 'lwres',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'lw_res';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.length, tvb, 0, 4, tvb.u32(0));
    tree.add(node, f.version, tvb, 4, 2, tvb.u16(4));
    const flags = tvb.u16(6);
    tree.add(node, f.flags, tvb, 6, 2, flags);
    const serial = tvb.u32(8);
    tree.add(node, f.serial, tvb, 8, 4, serial);
    const opcode = tvb.u32(12);
    tree.add(node, f.opcode, tvb, 12, 4, opcode);
    pinfo.setInfo(`${flags & 1 ? 'RESPONSE' : 'REQUEST '}, opcode=${OPCODES[opcode] ?? 'unknown'}, serial=0x${serial.toString(16)}`);
    tree.add(node, f.result, tvb, 16, 4, tvb.u32(16));
  },
};

dissectorTable('udp.port').add(921, lwres);
