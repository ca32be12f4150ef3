import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * The Basic Transport Protocol, type A (ETSI EN 302 636-5-1: interactive, with both ports),
 * GeoNetworking's next header 1, as TShark 4.0 reads it: Info `1234 → 2001`, the payload to the
 * `btpa.port` table by the lower port, then the higher, else data. (TShark registers its ITS
 * messages, CAM and DENM, there; Wirepool decodes none, so they show as data.)
 */
const P = fieldTable.register('btpa', 'BTP-A', [
  { abbrev: 'btpa.dstport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'btpa.srcport', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'btpa.port', name: 'Port', type: 'uint', bits: 16, hidden: true },
]);
const f = P.f;

const btpa: Dissector = {
  name: 'btpa',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BTPA';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
    const dst = tvb.u16(0);
    tree.add(node, f.dstport, tvb, 0, 2, dst);
    const src = tvb.u16(2);
    tree.add(node, f.srcport, tvb, 2, 2, src);
    pinfo.srcPort = src;
    pinfo.dstPort = dst;
    pinfo.setInfo(`${src} → ${dst}`);
    tree.add(node, f.port, tvb, 0, 2, dst);
    tree.add(node, f.port, tvb, 2, 2, src);
    const keys = src > dst ? [dst, src] : [src, dst];
    dispatchPayload({ table: 'btpa.port', keys }, tvb.sub(4), pinfo, tree, parent);
  },
};

dissectorTable('geonw.ch.nh').add(1, btpa);
