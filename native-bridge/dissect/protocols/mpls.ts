import type { Dissector } from '../core/dissector.js';
import { callData, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * MultiProtocol Label Switching (RFC 3032, EtherType 0x8847/0x8848): the label stack, one node
 * per label entry at the top level as TShark shows it (`mpls` once on the stack), read while
 * bytes are reported up to the bottom of the stack; then the payload by its first nibble (4:
 * IPv4, 6: IPv6), as Wireshark guesses it by default, which is read even when nothing follows.
 */
const P = fieldTable.register('mpls', 'MultiProtocol Label Switching Header', [
  { abbrev: 'mpls.label', name: 'MPLS Label', type: 'uint', bits: 32 },
  { abbrev: 'mpls.exp', name: 'MPLS Experimental Bits', type: 'uint', bits: 32 },
  { abbrev: 'mpls.bottom', name: 'MPLS Bottom Of Label Stack', type: 'uint', bits: 32 },
  { abbrev: 'mpls.ttl', name: 'MPLS TTL', type: 'uint', bits: 32 },
]);
const f = P.f;
const ENTRY = 4;

const mpls: Dissector = {
  name: 'mpls',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'MPLS';
    pinfo.setInfo('MPLS Label Switched Packet');
    pinfo.protocols.push(P.proto.abbrev);
    let off = 0;
    // Each entry is 4 bytes: the walk ends within the reported length / 4 steps.
    while (tvb.reported - off > 0) {
      const e = tvb.u32(off);
      const node = tree.add(parent, P.proto, tvb, off, ENTRY);
      tree.add(node, f.label, tvb, off, 4, e >>> 12);
      tree.add(node, f.exp, tvb, off, 4, (e >> 9) & 7);
      tree.add(node, f.bottom, tvb, off, 4, (e >> 8) & 1);
      tree.add(node, f.ttl, tvb, off, 4, e & 0xff);
      off += ENTRY;
      if (e & 0x100) break;
    }
    const nibble = tvb.u8(off) >> 4;
    const payload = tvb.sub(off);
    if (nibble === 4) dispatchPayload({ table: 'ethertype', keys: [0x0800] }, payload, pinfo, tree, parent);
    else if (nibble === 6) dispatchPayload({ table: 'ethertype', keys: [0x86dd] }, payload, pinfo, tree, parent);
    else callData(payload, pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x8847, mpls);
dissectorTable('ethertype').add(0x8848, mpls);
dissectorTable('udp.port').add(6635, mpls); // MPLS in UDP (RFC 7510)
