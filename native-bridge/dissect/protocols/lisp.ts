import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Locator/ID Separation Protocol control messages (RFC 9301, UDP 4342): the type. Info is the
 * type's name (`Map-Register`). Map-Register and Map-Notify records are walked (not shown) to
 * find where they end, as TShark does: bytes after them, or from a record whose EID family it
 * cannot read, go to `data`.
 */
const TYPES: Record<number, string> = {
  0: 'Reserved',
  1: 'Map-Request',
  2: 'Map-Reply',
  3: 'Map-Register',
  4: 'Map-Notify',
  5: 'Map-Referral',
  6: 'Info',
  8: 'Encapsulated Control Message',
};
const P = fieldTable.register('lisp', 'Locator/ID Separation Protocol', [
  { abbrev: 'lisp.type', name: 'Type', type: 'uint', bits: 24, strings: TYPES },
]);
const f = P.f;

/** An address of family `afi` at `off`: its length, or -1 for a family not known. */
function addressLength(tvb: Tvb, afi: number, off: number): number {
  if (afi === 0) return 0;
  if (afi === 1) return 4;
  if (afi === 2) return 16;
  if (afi === 16387) return 6 + tvb.u16(off + 4); // LISP Canonical Address Format
  return -1;
}

/** Where a Map-Register's or Map-Notify's records (and xTR-ID, site-ID) end, or the record TShark cannot read starts. */
function recordsEnd(tvb: Tvb, xtrId: boolean): number {
  const records = tvb.u8(3);
  let off = 16 + tvb.u16(14); // nonce, key id and the authentication data
  // TShark reads each record's and locator's fields, its addresses, and the xTR-ID and site-ID.
  for (let r = 0; r < records; r++) {
    tvb.check(off, 12);
    const locators = tvb.u8(off + 4);
    const eid = addressLength(tvb, tvb.u16(off + 10), off + 12);
    if (eid < 0) return off;
    tvb.check(off + 12, eid);
    let next = off + 12 + eid;
    for (let l = 0; l < locators; l++) {
      tvb.check(next, 8);
      const loc = addressLength(tvb, tvb.u16(next + 6), next + 8);
      if (loc < 0) return next;
      tvb.check(next + 8, loc);
      next += 8 + loc;
    }
    off = next;
  }
  if (xtrId) tvb.check(off, 24);
  return xtrId ? off + 24 : off;
}

const lisp: Dissector = {
  name: 'lisp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LISP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u8(0) >> 4;
    tree.add(node, f.type, tvb, 0, 3, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown LISP Control Packet (${type})`);
    if (type !== 3 && type !== 4) return;
    // The I bit (xTR-ID and site-ID follow the records): 0x02 in a Map-Register, 0x08 in a Map-Notify.
    const end = recordsEnd(tvb, (tvb.u8(0) & (type === 3 ? 0x02 : 0x08)) !== 0);
    // Left-over bytes are data inside LISP's own tree, as Wireshark shows them.
    if (end < tvb.length) callData(tvb.sub(end), pinfo, tree, node);
  },
};

dissectorTable('udp.port').add(4342, lisp);
