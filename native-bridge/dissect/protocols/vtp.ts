import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/** Cisco's VLAN Trunking Protocol (SNAP, Cisco OUI, PID 0x2003): the message header. */
const CODES: Record<number, string> = {
  1: 'Summary Advertisement',
  2: 'Subset Advertisement',
  3: 'Advertisement Request',
  4: 'Join/Prune Message',
};
const P = fieldTable.register('vtp', 'VLAN Trunking Protocol', [
  { abbrev: 'vtp.version', name: 'Version', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'vtp.code', name: 'Code', type: 'uint', base: 'hex', bits: 8, strings: CODES },
  { abbrev: 'vtp.md_len', name: 'Management Domain Length', type: 'uint', bits: 8 },
  { abbrev: 'vtp.md', name: 'Management Domain', type: 'string' },
  { abbrev: 'vtp.conf_rev_num', name: 'Configuration Revision Number', type: 'uint', bits: 32 },
]);
const f = P.f;

const vtp: Dissector = {
  name: 'vtp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'VTP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    const code = tvb.u8(1);
    tree.add(node, f.code, tvb, 1, 1, code);
    pinfo.setInfo(CODES[code] ?? `Unknown message type (0x${code.toString(16).padStart(2, '0')})`);
    const mdLen = tvb.u8(3);
    tree.add(node, f.md_len, tvb, 3, 1, mdLen);
    tree.add(node, f.md, tvb, 4, Math.min(mdLen, 32), tvb.ascii(4, Math.min(mdLen, 32)));
    if (code === 1) {
      const rev = tvb.u32(36);
      tree.add(node, f.conf_rev_num, tvb, 36, 4, rev);
      pinfo.appendInfo(`, Revision: ${rev}`, '');
    }
  },
};

dissectorTable('llc.cisco_pid').add(0x2003, vtp);
