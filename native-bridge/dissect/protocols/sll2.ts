import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { dissectorTable } from '../core/tables.js';
import { SLL, sllAddress, sllPayload } from './sll.js';

/**
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): the v1 fields reordered, plus the
 * interface index. TShark names it `sll` like v1, so it shares v1's protocol and fields.
 */
const sll2: Dissector = {
  name: 'sll',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(SLL, tvb, pinfo, tree, parent, 20);
    tree.setText(node, 'Linux cooked capture v2');
    const f = SLL.f;
    const proto = tvb.u16(0);
    const ifindex = tvb.u32(4);
    const hatype = tvb.u16(8);
    const pkttype = tvb.u8(10);
    const halen = tvb.u8(11);
    tree.add(node, f.ifindex, tvb, 4, 4, ifindex);
    tree.add(node, f.hatype, tvb, 8, 2, hatype);
    tree.add(node, f.pkttype, tvb, 10, 1, pkttype);
    tree.add(node, f.halen, tvb, 11, 1, halen);
    sllAddress(tvb, tree, node, pinfo, 12, halen);
    sllPayload(hatype, proto, 0, tvb, tvb.sub(20), pinfo, tree, node, parent);
  },
};

dissectorTable('link_type').add(276, sll2);
