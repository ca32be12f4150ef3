import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/** Cisco's Dynamic Trunk Protocol (SNAP, Cisco OUI, PID 0x2004): a version and TLVs. */
const P = fieldTable.register('dtp', 'Dynamic Trunk Protocol', [
  { abbrev: 'dtp.version', name: 'Version', type: 'uint', base: 'hex', bits: 8 },
  {
    abbrev: 'dtp.tlv_type',
    name: 'Type',
    type: 'uint',
    base: 'hex',
    bits: 16,
    strings: { 1: 'Domain', 2: 'Status', 3: 'DTP Type', 4: 'Neighbor' },
  },
  { abbrev: 'dtp.tlv_len', name: 'Length', type: 'uint', bits: 16 },
]);
const f = P.f;

const dtp: Dissector = {
  name: 'dtp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DTP';
    pinfo.setInfo('Dynamic Trunk Protocol');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    let off = 1;
    while (tvb.has(off, 4)) {
      const len = tvb.u16(off + 2);
      tree.add(node, f.tlv_type, tvb, off, 2, tvb.u16(off));
      tree.add(node, f.tlv_len, tvb, off + 2, 2, len);
      if (len < 4) break;
      off += len;
    }
  },
};

dissectorTable('llc.cisco_pid').add(0x2004, dtp);
