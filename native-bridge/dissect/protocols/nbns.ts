import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { readEncodedName } from './netbios-names.js';

/**
 * NetBIOS Name Service (RFC 1002), UDP 137: a DNS-shaped header, then questions whose names are
 * NetBIOS names in first-level encoding (32 letters for 16 bytes: 15 name bytes and a suffix).
 * Info is Wireshark's: the opcode, ` response` for a response, and each question
 * (`Name query NB ARBEITSGRUPPE<1b>`; bytes outside printable ASCII as `<02>`).
 */
const OPCODES: Record<number, string> = {
  0: 'Name query',
  5: 'Registration',
  6: 'Release',
  7: 'Wait for acknowledgment',
  8: 'Refresh',
  9: 'Refresh (alternate opcode)',
  15: 'Multi-homed registration',
};
const RR_TYPES: Record<number, string> = { 0x20: 'NB', 0x21: 'NBSTAT' };
const P = fieldTable.register('nbns', 'NetBIOS Name Service', [
  { abbrev: 'nbns.id', name: 'Transaction ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nbns.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nbns.flags.response', name: 'Response', type: 'bool' },
  { abbrev: 'nbns.flags.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: OPCODES },
  { abbrev: 'nbns.count.queries', name: 'Questions', type: 'uint', bits: 16 },
  { abbrev: 'nbns.count.answers', name: 'Answer RRs', type: 'uint', bits: 16 },
  { abbrev: 'nbns.count.auth_rr', name: 'Authority RRs', type: 'uint', bits: 16 },
  { abbrev: 'nbns.count.add_rr', name: 'Additional RRs', type: 'uint', bits: 16 },
  { abbrev: 'nbns.name', name: 'Name', type: 'string' },
  { abbrev: 'nbns.type', name: 'Type', type: 'uint', bits: 16, strings: RR_TYPES },
]);
const f = P.f;

const nbns: Dissector = {
  name: 'nbns',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NBNS';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.id, tvb, 0, 2, tvb.u16(0));
    const flags = tvb.u16(2);
    const response = (flags & 0x8000) !== 0;
    const opcode = (flags >> 11) & 0xf;
    tree.add(node, f.flags, tvb, 2, 2, flags);
    tree.add(node, f['flags.response'], tvb, 2, 2, response);
    tree.add(node, f['flags.opcode'], tvb, 2, 2, opcode);
    pinfo.setInfo(`${OPCODES[opcode] ?? `Unknown operation (${opcode})`}${response ? ' response' : ''}`);
    const qd = tvb.u16(4);
    const an = tvb.u16(6);
    tree.add(node, f['count.queries'], tvb, 4, 2, qd);
    tree.add(node, f['count.answers'], tvb, 6, 2, an);
    tree.add(node, f['count.auth_rr'], tvb, 8, 2, tvb.u16(8));
    tree.add(node, f['count.add_rr'], tvb, 10, 2, tvb.u16(10));
    let off = 12;
    // Requests list their questions; responses their answers (a name and its type).
    const records = response ? an : qd;
    for (let i = 0; i < records && i < 64; i++) {
      const { name, end } = readEncodedName(tvb, off);
      const type = tvb.u16(end);
      tree.add(node, f.name, tvb, off, end - off, name);
      tree.add(node, f.type, tvb, end, 2, type);
      pinfo.appendInfo(`${RR_TYPES[type] ?? `Unknown (${type})`} ${name}`);
      off = end + 4;
      if (response) {
        off += 4; // TTL
        off += 2 + tvb.u16(off);
      }
    }
  },
};

dissectorTable('udp.port').add(137, nbns);
