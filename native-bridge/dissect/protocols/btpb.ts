import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * The Basic Transport Protocol, type B (ETSI EN 302 636-5-1: non-interactive, a destination
 * port and its info), GeoNetworking's next header 2, as TShark 4.0 reads it: Info ` → 2001`,
 * the payload to the `btpb.port` table by the destination port, else data. (TShark's ITS
 * messages on ports 2001–2013 are not decoded here: data.)
 */
const P = fieldTable.register('btpb', 'BTP-B', [
  { abbrev: 'btpb.dstport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'btpb.dstportinf', name: 'Destination Port info', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const btpb: Dissector = {
  name: 'btpb',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BTPB';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
    const dst = tvb.u16(0);
    tree.add(node, f.dstport, tvb, 0, 2, dst);
    tree.add(node, f.dstportinf, tvb, 2, 2, tvb.u16(2));
    pinfo.dstPort = dst;
    // TShark appends to the column it cleared: the arrow comes after a space.
    pinfo.setInfo(` → ${dst}`);
    dispatchPayload({ table: 'btpb.port', keys: [dst] }, tvb.sub(4), pinfo, tree, parent);
  },
};

dissectorTable('geonw.ch.nh').add(2, btpb);
