import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { extensionParent } from './ipv6.js';

/** Mobile IPv6 mobility header (RFC 6275), IPv6 next header 135: Info names the message type. */
const TYPES: Record<number, string> = {
  0: 'Binding Refresh Request',
  1: 'Home Test Init',
  2: 'Care-of Test Init',
  3: 'Home Test',
  4: 'Care-of Test',
  5: 'Binding Update',
  6: 'Binding Acknowledgement',
  7: 'Binding Error',
  8: 'Fast Binding Update',
  9: 'Fast Binding Acknowledgment',
  10: 'Fast Neighbor Advertisement',
  11: 'Experimental Mobility Header',
  12: 'Home Agent Switch',
  13: 'Heartbeat',
};
const P = fieldTable.register('mipv6', 'Mobile IPv6', [
  { abbrev: 'mipv6.proto', name: 'Payload protocol', type: 'uint' },
  { abbrev: 'mipv6.hlen', name: 'Header length', type: 'uint' },
  { abbrev: 'mipv6.mhtype', name: 'Mobility Header Type', type: 'uint', strings: TYPES },
  { abbrev: 'mipv6.csum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

/**
 * The Mobility header. Under its own number (135) TShark counts it an IPv6 extension header and
 * puts it inside the IPv6 node; under the drafts' number (62) it is an upper protocol, at the
 * top level.
 */
function mipv6Of(extension: boolean): Dissector {
  return {
    name: 'mipv6',
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = 'MIPv6';
      const hlen = tvb.u8(1);
      const node = beginProtocol(P, tvb, pinfo, tree, extension ? extensionParent(pinfo, parent) : parent, (hlen + 1) * 8);
      tree.add(node, f.proto, tvb, 0, 1, tvb.u8(0));
      tree.add(node, f.hlen, tvb, 1, 1, hlen);
      const type = tvb.u8(2);
      tree.add(node, f.mhtype, tvb, 2, 1, type);
      pinfo.setInfo(TYPES[type] ?? `Unknown MH Type (${type})`);
      tree.add(node, f.csum, tvb, 4, 2, tvb.u16(4));
      // TShark goes on through the message and its options to the header's end: a capture cut
      // before it is short there (the message itself is not decoded here).
      tvb.check(0, (hlen + 1) * 8);
    },
  };
}

dissectorTable('ip.proto').add(135, mipv6Of(true));
dissectorTable('ip.proto').add(62, mipv6Of(false)); // the drafts' number, which Wireshark still decodes
