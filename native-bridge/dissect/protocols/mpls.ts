import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * MultiProtocol Label Switching (RFC 3032, EtherType 0x8847/0x8848): the label stack, then the
 * payload by its first nibble (4: IPv4, 6: IPv6), as Wireshark guesses it by default.
 */
const P = fieldTable.register('mpls', 'MultiProtocol Label Switching Header', [
  { abbrev: 'mpls.label', name: 'MPLS Label', type: 'uint', bits: 32 },
  { abbrev: 'mpls.exp', name: 'MPLS Experimental Bits', type: 'uint', bits: 32 },
  { abbrev: 'mpls.bottom', name: 'MPLS Bottom Of Label Stack', type: 'uint', bits: 32 },
  { abbrev: 'mpls.ttl', name: 'MPLS TTL', type: 'uint', bits: 32 },
]);
const f = P.f;
/** Wireshark gives up after this many labels (a crafted stack must not run on). */
const MAX_LABELS = 64;

const mpls: Dissector = {
  name: 'mpls',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'MPLS';
    pinfo.setInfo('MPLS Label Switched Packet');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    let off = 0;
    for (let n = 0; n < MAX_LABELS; n++) {
      const e = tvb.u32(off);
      tree.add(node, f.label, tvb, off, 4, e >>> 12);
      tree.add(node, f.exp, tvb, off, 4, (e >> 9) & 7);
      tree.add(node, f.bottom, tvb, off, 4, (e >> 8) & 1);
      tree.add(node, f.ttl, tvb, off, 4, e & 0xff);
      off += 4;
      if (e & 0x100) break;
    }
    tree.setLength(node, off);
    if (off >= tvb.length) return;
    const payload = tvb.sub(off);
    const nibble = payload.u8(0) >> 4;
    if (nibble === 4) dispatchPayload({ table: 'ethertype', keys: [0x0800] }, payload, pinfo, tree, parent);
    else if (nibble === 6) dispatchPayload({ table: 'ethertype', keys: [0x86dd] }, payload, pinfo, tree, parent);
    else callData(payload, pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x8847, mpls);
dissectorTable('ethertype').add(0x8848, mpls);
dissectorTable('udp.port').add(6635, mpls); // MPLS in UDP (RFC 7510)
