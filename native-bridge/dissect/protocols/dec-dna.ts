import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * DECnet Phase IV routing layer (EtherType 0x6003): the length and routing flags. Info says
 * whether it is a control or a data packet; the routing messages and NSP are not decoded.
 */
const P = fieldTable.register('dec_dna', 'DEC DNA Routing Protocol', [
  { abbrev: 'dec_dna.flags', name: 'Routing flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'dec_dna.flags.control', name: 'Control packet', type: 'bool', mask: 0x01, maskBits: 8 },
]);
const f = P.f;

const decDna: Dissector = {
  name: 'dec_dna',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DEC DNA';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    // A little-endian length, then padding bytes (high bit set), then the flags.
    let off = 2;
    while ((tvb.u8(off) & 0x80) !== 0) off++;
    const flags = tvb.u8(off);
    tree.add(node, f.flags, tvb, off, 1, flags);
    tree.add(node, f['flags.control'], tvb, off, 1, (flags & 1) !== 0);
    pinfo.setInfo(flags & 1 ? 'Routing control message' : 'Routing data message');
  },
};

dissectorTable('ethertype').add(0x6003, decDna);
