import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * RADIUS (RFC 2865/2866/5176) on UDP 1812/1813 and the old 1645/1646, 3799 (dynamic
 * authorization): code, identifier, length, authenticator. Info is Wireshark's
 * (`Access-Request id=240`). Attributes are not decoded.
 */
const CODES: Record<number, string> = {
  1: 'Access-Request',
  2: 'Access-Accept',
  3: 'Access-Reject',
  4: 'Accounting-Request',
  5: 'Accounting-Response',
  11: 'Access-Challenge',
  12: 'Status-Server',
  13: 'Status-Client',
  40: 'Disconnect-Request',
  41: 'Disconnect-ACK',
  42: 'Disconnect-NAK',
  43: 'CoA-Request',
  44: 'CoA-ACK',
  45: 'CoA-NAK',
};
const P = fieldTable.register('radius', 'RADIUS Protocol', [
  { abbrev: 'radius.code', name: 'Code', type: 'uint', bits: 8, strings: CODES },
  { abbrev: 'radius.id', name: 'Packet identifier', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'radius.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'radius.authenticator', name: 'Authenticator', type: 'bytes' },
]);
const f = P.f;

const radius: Dissector = {
  name: 'radius',
  dissect(tvb, pinfo, tree, parent) {
    // As Wireshark: refuse what cannot be RADIUS (short, an unknown code, a length out of range).
    if (tvb.length < 20 || CODES[tvb.u8(0)] === undefined) return false;
    const length = tvb.u16(2);
    if (length < 20 || length > 4096) return false;
    pinfo.protocol = 'RADIUS';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const code = tvb.u8(0);
    const id = tvb.u8(1);
    tree.add(node, f.code, tvb, 0, 1, code);
    tree.add(node, f.id, tvb, 1, 1, id);
    pinfo.setInfo(`${CODES[code] ?? `Unknown Packet(${code})`} id=${id}`);
    tree.add(node, f.length, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.authenticator, tvb, 4, 16, tvb.view(4, 16));
    // TShark puts the attribute-value pairs in a subtree over what the length leaves, so a
    // length past the datagram is malformed there (the pairs themselves are not decoded here).
    if (length > 20) {
      tvb.check(20, length - 20);
      tree.add(node, textItem, tvb, 20, length - 20, undefined, 'Attribute Value Pairs');
    }
  },
};

for (const port of [1645, 1646, 1700, 1812, 1813, 3799]) dissectorTable('udp.port').add(port, radius);
