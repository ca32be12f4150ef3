import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

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

/** A first-level encoded NetBIOS name at `off` (a 32-byte label; a scope may follow). Returns the name and the end offset. */
function netbiosName(tvb: Tvb, off: number): { name: string; end: number } {
  const len = tvb.u8(off);
  let name = '';
  if (len === 32) {
    const raw: number[] = [];
    for (let i = 0; i < 16; i++) raw.push((((tvb.u8(off + 1 + 2 * i) - 0x41) & 0xf) << 4) | ((tvb.u8(off + 2 + 2 * i) - 0x41) & 0xf));
    let n = 15;
    while (n > 0 && raw[n - 1] === 0x20) n--;
    for (let i = 0; i < n; i++) {
      const c = raw[i]!;
      name += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `<${c.toString(16).padStart(2, '0')}>`;
    }
    name += `<${raw[15]!.toString(16).padStart(2, '0')}>`;
  } else name = tvb.ascii(off + 1, len);
  let end = off + 1 + len;
  // The scope: further DNS-style labels, dot-joined after the name.
  for (let guard = 0; guard < 128; guard++) {
    const l = tvb.u8(end);
    end++;
    if (l === 0 || l >= 0xc0) {
      if (l >= 0xc0) end++;
      break;
    }
    name += `.${tvb.ascii(end, l)}`;
    end += l;
  }
  return { name, end };
}

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
      const { name, end } = netbiosName(tvb, off);
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
