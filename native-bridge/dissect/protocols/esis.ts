import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * ISO 9542 ES-IS (OSI NLPID 0x82): the fixed header. Info is the PDU type (`ES HELLO`); the
 * addresses and options are not decoded.
 */
const TYPES: Record<number, string> = { 2: 'ES HELLO', 4: 'IS HELLO', 6: 'RD REQUEST' };
const P = fieldTable.register('esis', 'ISO 9542 ESIS Routeing Information Exchange Protocol', [
  { abbrev: 'esis.nlpi', name: 'Network Layer Protocol Identifier', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'esis.res', name: 'Length Indicator', type: 'uint', bits: 8 },
  { abbrev: 'esis.ver', name: 'Version (==1)', type: 'uint', bits: 8 },
  { abbrev: 'esis.type', name: 'PDU Type', type: 'uint', bits: 8, mask: 0x1f, maskBits: 8, strings: TYPES },
  { abbrev: 'esis.htime', name: 'Holding Time', type: 'uint', bits: 16 },
  { abbrev: 'esis.chksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const esis: Dissector = {
  name: 'esis',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'ESIS';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.nlpi, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.res, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.ver, tvb, 2, 1, tvb.u8(2));
    const type = tvb.u8(4) & 0x1f;
    tree.add(node, f.type, tvb, 4, 1, type);
    pinfo.setInfo(TYPES[type] ?? 'UNKNOWN');
    tree.add(node, f.htime, tvb, 5, 2, tvb.u16(5));
    tree.add(node, f.chksum, tvb, 7, 2, tvb.u16(7));
  },
};

dissectorTable('osi.nlpid').add(0x82, esis);
