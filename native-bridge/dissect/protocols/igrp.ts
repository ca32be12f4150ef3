import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco's Interior Gateway Routing Protocol (IP protocol 9): version and opcode, Info
 * `Request` or `Update`; routes are not decoded.
 */
const P = fieldTable.register('igrp', 'Cisco IGRP', [
  { abbrev: 'igrp.update', name: 'Update Release', type: 'uint', bits: 8 },
  { abbrev: 'igrp.as', name: 'Autonomous System', type: 'uint', bits: 16 },
]);
const f = P.f;

const HEADER_LENGTH = 12;
const ENTRY_LENGTH = 14;

const igrp: Dissector = {
  name: 'igrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IGRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    // Version 1 in the high nibble; opcode 1 request, 2 update.
    const op = b0 & 0x0f;
    pinfo.setInfo(b0 >> 4 === 1 && (op === 1 || op === 2) ? (op === 1 ? 'Request' : 'Update') : 'Unknown version or opcode');
    tree.add(node, f.update, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.as, tvb, 2, 2, tvb.u16(2));
    // TShark reads the interior, system and exterior route counts and then that many 14-byte
    // route entries after the 12-byte header, one by one: a capture cut inside them ends short
    // there, a count past the datagram's end is malformed where it passes it. The walk stops at
    // the first entry not there, so at most the bytes' length / 14 of them are looked at.
    const routes = tvb.u16(4) + tvb.u16(6) + tvb.u16(8);
    for (let i = 0; i < routes; i++) tvb.check(HEADER_LENGTH + i * ENTRY_LENGTH, ENTRY_LENGTH);
  },
};

dissectorTable('ip.proto').add(9, igrp);
