import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectTag } from './vlan.js';

/**
 * IEEE 802.1ad provider bridging (Q-in-Q), TPID 0x88a8: the service tag in front of a customer
 * 802.1Q tag. TShark names it `ieee8021ad` (not `vlan`), so it is its own protocol; the tag
 * layout and what follows it are the 802.1Q ones.
 */
const P = fieldTable.register('ieee8021ad', 'IEEE 802.1ad', [
  { abbrev: 'ieee8021ad.priority', name: 'Priority', type: 'uint', bits: 16 },
  { abbrev: 'ieee8021ad.dei', name: 'DEI', type: 'uint', bits: 16 },
  { abbrev: 'ieee8021ad.id', name: 'ID', type: 'uint', bits: 16 },
]);

/** The service tag's priority, DEI and ID (all numbers in TShark's `ieee8021ad` fields). */
function showTci(tci: number, tvb: Tvb, tree: ProtoTree, node: number): void {
  const id = tci & 0x0fff;
  tree.setText(node, `IEEE 802.1ad, ID: ${id}`);
  tree.add(node, P.f.priority, tvb, 0, 2, tci >>> 13);
  tree.add(node, P.f.dei, tvb, 0, 2, (tci >>> 12) & 1);
  tree.add(node, P.f.id, tvb, 0, 2, id);
}

const ieee8021ad: Dissector = {
  name: 'ieee8021ad',
  dissect(tvb, pinfo, tree, parent) {
    dissectTag(P, showTci, tvb, pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x88a8, ieee8021ad);
