import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Resource Reservation Protocol (RFC 2205, IP protocol 46): the common header. Info is
 * Wireshark's message name (`HELLO Message. `); the objects are not decoded.
 */
const MESSAGES: Record<number, string> = {
  1: 'PATH',
  2: 'RESV',
  3: 'PATH ERROR',
  4: 'RESV ERROR',
  5: 'PATH TEAR',
  6: 'RESV TEAR',
  7: 'RESV CONFIRM',
  12: 'BUNDLE',
  13: 'ACK',
  15: 'SREFRESH',
  20: 'HELLO',
  25: 'NOTIFY',
};
const P = fieldTable.register('rsvp', 'Resource ReserVation Protocol (RSVP)', [
  { abbrev: 'rsvp.version', name: 'RSVP Version', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'rsvp.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8, mask: 0x0f, maskBits: 8 },
  { abbrev: 'rsvp.msg', name: 'Message Type', type: 'uint', bits: 8, strings: MESSAGES },
  { abbrev: 'rsvp.checksum', name: 'Message Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'rsvp.sending_ttl', name: 'Sending TTL', type: 'uint', bits: 8 },
  { abbrev: 'rsvp.length', name: 'Message length', type: 'uint', bits: 16 },
]);
const f = P.f;

/**
 * TShark walks the objects up to the message length and adds each one's item over its whole
 * length before decoding it: a capture cut inside an object (or its header) is short there,
 * a message longer than the packet malformed. Each object is at least 4 bytes, so the walk
 * ends within length / 4 steps.
 */
function requireObjects(tvb: Tvb, length: number): void {
  for (let off = 8; off < length; ) {
    tvb.check(off, 4);
    const objLength = tvb.u16(off);
    tvb.check(off, objLength);
    if (objLength < 4) return;
    off += objLength;
  }
}

const rsvp: Dissector = {
  name: 'rsvp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RSVP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const msg = tvb.u8(1);
    tree.add(node, f.version, tvb, 0, 1, b0 >> 4);
    tree.add(node, f.flags, tvb, 0, 1, b0 & 0x0f);
    tree.add(node, f.msg, tvb, 1, 1, msg);
    pinfo.setInfo(`${MESSAGES[msg] ?? `Unknown (${msg})`} Message. `);
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.sending_ttl, tvb, 4, 1, tvb.u8(4));
    const length = tvb.u16(6);
    tree.add(node, f.length, tvb, 6, 2, length);
    requireObjects(tvb, length);
  },
};

dissectorTable('ip.proto').add(46, rsvp);
