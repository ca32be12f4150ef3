import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco HDLC (LINKTYPE_C_HDLC 104): address, control, then a protocol that is an EtherType
 * except Cisco's own (`chdlc.protocol`: 0x8035 SLARP). TShark stacks the payload directly
 * (`chdlc:ip`, `chdlc:osi`), no `ethertype` step.
 */
const P = fieldTable.register('chdlc', 'Cisco HDLC', [
  { abbrev: 'chdlc.address', name: 'Address', type: 'uint', base: 'hex', bits: 8, strings: { 0x0f: 'Unicast', 0x8f: 'Multicast' } },
  { abbrev: 'chdlc.control', name: 'Control', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'chdlc.protocol', name: 'Protocol', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const chdlc: Dissector = {
  name: 'chdlc',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'CHDLC';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
    tree.add(node, f.address, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.control, tvb, 1, 1, tvb.u8(1));
    const proto = tvb.u16(2);
    tree.add(node, f.protocol, tvb, 2, 2, proto);
    // TShark reads the byte after the header (an OSI padding byte or not) whatever the protocol:
    // a capture that stops at the header is short, an empty payload malformed.
    tvb.check(4, 1);
    const payload = tvb.sub(4);
    const own = dissectorTable('chdlc.protocol').get(proto);
    if (own !== undefined && own.dissect(payload, pinfo, tree, parent) !== false) return;
    if (dissectorTable('ethertype').get(proto) === undefined) {
      // Wireshark's column for a protocol it does not know: the number itself.
      pinfo.protocol = `0x${proto.toString(16).padStart(4, '0')}`;
      pinfo.setInfo('');
    }
    dispatchPayload({ table: 'ethertype', keys: [proto] }, payload, pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(104, chdlc); // LINKTYPE_C_HDLC
