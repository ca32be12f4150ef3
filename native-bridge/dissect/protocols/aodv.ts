import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Ad hoc On-Demand Distance Vector routing (RFC 3561, UDP 654): the message type. Info is the
 * type's name; the message fields are not decoded.
 */
const TYPES: Record<number, string> = {
  1: 'Route Request',
  2: 'Route Reply',
  3: 'Route Error',
  4: 'Route Reply Acknowledgment',
};
const P = fieldTable.register('aodv', 'Ad hoc On-demand Distance Vector Routing Protocol', [
  { abbrev: 'aodv.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
]);

const aodv: Dissector = {
  name: 'aodv',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AODV';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u8(0);
    tree.add(node, P.f.type, tvb, 0, 1, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown AODV Packet Type (${type})`);
  },
};

dissectorTable('udp.port').add(654, aodv);
