import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco's Serial Line ARP over Cisco HDLC (protocol 0x8035): address requests and replies, and
 * line keepalives with their sequence numbers (`Line keepalive, outgoing sequence 5, returned
 * sequence 2`).
 */
const P = fieldTable.register('slarp', 'Cisco SLARP', [
  { abbrev: 'slarp.ptype', name: 'Packet type', type: 'uint', bits: 32, strings: { 0: 'Request', 1: 'Reply', 2: 'Line keepalive' } },
  { abbrev: 'slarp.address', name: 'Address', type: 'ipv4' },
  { abbrev: 'slarp.mysequence', name: 'Outgoing sequence number', type: 'uint', bits: 32 },
  { abbrev: 'slarp.yoursequence', name: 'Returned sequence number', type: 'uint', bits: 32 },
]);
const f = P.f;

const slarp: Dissector = {
  name: 'slarp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'SLARP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u32(0);
    tree.add(node, f.ptype, tvb, 0, 4, type);
    if (type === 0 || type === 1) {
      const addr = tvb.u32(4);
      tree.add(node, f.address, tvb, 4, 4, addr);
      pinfo.setInfo(`${type === 0 ? 'Request' : 'Reply'}, from ${ipv4String(addr)}, mask ${ipv4String(tvb.u32(8))}`);
    } else if (type === 2) {
      const mine = tvb.u32(4);
      const yours = tvb.u32(8);
      tree.add(node, f.mysequence, tvb, 4, 4, mine);
      tree.add(node, f.yoursequence, tvb, 8, 4, yours);
      pinfo.setInfo(`Line keepalive, outgoing sequence ${mine}, returned sequence ${yours}`);
    } else pinfo.setInfo(`Unknown packet type 0x${type.toString(16).padStart(8, '0')}`);
  },
};

dissectorTable('chdlc.protocol').add(0x8035, slarp);
