import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import { callEthertype } from './eth.js';

/**
 * BSD loopback encapsulation: LINKTYPE_NULL (0) carries a 4-byte address family in the byte
 * order of the machine that captured; LINKTYPE_LOOP (108, OpenBSD) the same in network order.
 * TShark names both `null`. Families go through the `null.type` table (IPv4 2; IPv6 24, 28,
 * 30 for the BSDs and 10 for Linux), where IP and IPv6 register themselves.
 */
const P = fieldTable.register('null', 'Null/Loopback', [
  { abbrev: 'null.family', name: 'Family', type: 'uint', bits: 32 },
  { abbrev: 'null.type', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
]);

const MAX_802_3_LEN = 1500;

function make(networkOrder: boolean): Dissector {
  return {
    name: 'null',
    dissect(tvb, pinfo, tree, parent) {
      const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
      let family = tvb.u32(0, !networkOrder);
      // Written on a machine of the other byte order: the value sits in the upper half.
      if (!networkOrder && (family & 0xffff0000) !== 0 && (family & 0xffff) === 0) family = tvb.u32(0, false);
      if (family > MAX_802_3_LEN && family <= 0xffff) {
        // Some captures carry an EtherType here instead of a family.
        tree.add(node, P.f.type, tvb, 0, 4, family, `Type: ${hex(family, 4)}`);
        callEthertype(family, tvb.sub(4), pinfo, tree, parent);
        return;
      }
      tree.add(node, P.f.family, tvb, 0, 4, family);
      dispatchPayload({ table: 'null.type', keys: [family] }, tvb.sub(4), pinfo, tree, parent);
    },
  };
}

const links = dissectorTable('link_type');
links.add(0, make(false));
links.add(108, make(true));
