import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Locator/ID Separation Protocol control messages (RFC 9301, UDP 4342): the type. Info is the
 * type's name (`Map-Register`); records are not decoded.
 */
const TYPES: Record<number, string> = {
  0: 'Reserved',
  1: 'Map-Request',
  2: 'Map-Reply',
  3: 'Map-Register',
  4: 'Map-Notify',
  5: 'Map-Referral',
  6: 'Info',
  8: 'Encapsulated Control Message',
};
const P = fieldTable.register('lisp', 'Locator/ID Separation Protocol', [
  { abbrev: 'lisp.type', name: 'Type', type: 'uint', bits: 24, strings: TYPES },
]);
const f = P.f;

const lisp: Dissector = {
  name: 'lisp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LISP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u8(0) >> 4;
    tree.add(node, f.type, tvb, 0, 3, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown LISP Control Packet (${type})`);
  },
};

dissectorTable('udp.port').add(4342, lisp);
