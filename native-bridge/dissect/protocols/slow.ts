import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IEEE 802.3 Slow Protocols (EtherType 0x8809): the subtype, which picks the protocol through
 * the `slow.subtype` table (1 LACP); the subtype byte stays part of the payload, as LACP counts
 * its offsets from it.
 */
const SUBTYPES: Record<number, string> = {
  1: 'LACP',
  2: 'Marker Protocol',
  3: 'OAM',
  10: 'Organization Specific Slow Protocol',
};
const P = fieldTable.register('slow', 'Slow Protocols', [
  { abbrev: 'slow.subtype', name: 'Slow Protocols subtype', type: 'uint', base: 'hex', bits: 8, strings: SUBTYPES },
]);

const slow: Dissector = {
  name: 'slow',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'Slow Protocols';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 1);
    const subtype = tvb.u8(0);
    tree.add(node, P.f.subtype, tvb, 0, 1, subtype);
    pinfo.setInfo(`Subtype = ${subtype}.`);
    dispatchPayload({ table: 'slow.subtype', keys: [subtype] }, tvb, pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x8809, slow);
