import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IP over InfiniBand (LINKTYPE_IPOIB 242): the source and destination addresses (20 bytes
 * each: queue pair number and GID), an EtherType and two reserved bytes; the packet goes to the
 * `ethertype` table (TShark shows no `ethertype` step here).
 */
const P = fieldTable.register('ipoib', 'IP over Infiniband', [
  { abbrev: 'ipoib.type', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ipoib.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const TYPE_AT = 40;
const HEADER_LENGTH = 44;

const ipoib: Dissector = {
  name: 'ipoib',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IPoIB';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, HEADER_LENGTH);
    const type = tvb.u16(TYPE_AT);
    tree.add(node, f.type, tvb, TYPE_AT, 2, type);
    tree.add(node, f.reserved, tvb, TYPE_AT + 2, 2, tvb.u16(TYPE_AT + 2));
    dispatchPayload({ table: 'ethertype', keys: [type] }, tvb.sub(HEADER_LENGTH), pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(242, ipoib); // LINKTYPE_IPOIB
