import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { dissectTagPayload, enterTag } from './vlan.js';

/**
 * IEEE 802.1ad provider bridging (Q-in-Q), TPID 0x88a8: the service tag in front of a customer
 * 802.1Q tag. TShark names it `ieee8021ad` (not `vlan`), so it is its own protocol; the tag
 * layout and what follows it are the 802.1Q ones.
 */
const P = fieldTable.register('ieee8021ad', 'IEEE 802.1ad', [
  { abbrev: 'ieee8021ad.priority', name: 'Priority', type: 'uint' },
  { abbrev: 'ieee8021ad.dei', name: 'DEI', type: 'uint' },
  { abbrev: 'ieee8021ad.id', name: 'ID', type: 'uint' },
]);

const ieee8021ad: Dissector = {
  name: 'ieee8021ad',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
    if (!enterTag(pinfo, tree, node, tvb)) return;
    const tci = tvb.u16(0);
    const type = tvb.u16(2);
    const id = tci & 0x0fff;
    tree.setText(node, `IEEE 802.1ad, ID: ${id}`);
    tree.add(node, P.f.priority, tvb, 0, 2, tci >>> 13);
    tree.add(node, P.f.dei, tvb, 0, 2, (tci >>> 12) & 1);
    tree.add(node, P.f.id, tvb, 0, 2, id);
    // The type is shown under the tag's tree by Wireshark with the vlan.etype field.
    dissectTagPayload(type, tvb, pinfo, tree, node, parent);
  },
};

dissectorTable('ethertype').add(0x88a8, ieee8021ad);
