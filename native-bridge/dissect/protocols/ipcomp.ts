import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IP Payload Compression (RFC 3173, IP protocol 108): next header, flags and CPI; the
 * compressed payload stays inside the layer.
 */
const P = fieldTable.register('ipcomp', 'IP Payload Compression', [
  { abbrev: 'ipcomp.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ipcomp.cpi', name: 'CPI', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const ipcomp: Dissector = {
  name: 'ipcomp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IPComp';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, 4); // TShark copies the header first
    tree.add(node, f.flags, tvb, 1, 1, tvb.u8(1));
    const cpi = tvb.u16(2);
    tree.add(node, f.cpi, tvb, 2, 2, cpi);
    pinfo.setInfo(`IPComp (CPI=0x${cpi.toString(16).padStart(4, '0')})`);
  },
};

dissectorTable('ip.proto').add(108, ipcomp);
