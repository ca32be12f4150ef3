import type { Dissector } from '../core/dissector.js';
import { dispatchPayload } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Juniper's capture header (LINKTYPE_JUNIPER_*): the `MGC` magic, flags (direction, whether an
 * L2 header follows) and the extension TLVs' total length. Under LINKTYPE_JUNIPER_ETHER the
 * Ethernet frame follows; the ATM1 variant stops at the header (its cookies are not decoded,
 * only required: a capture that ends before them is short, as in TShark).
 *
 * As TShark 4.0, the header's node is a text item ("Juniper Ethernet"), not the protocol's:
 * the stack says `juniper`, while the protocol hierarchy counts `text` and the filter
 * `juniper` matches nothing.
 */
const P = fieldTable.register('juniper', 'Juniper', [
  { abbrev: 'juniper.magic-number', name: 'Magic Number', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'juniper.direction', name: 'Direction', type: 'uint', base: 'hex', bits: 8, strings: { 0: 'Out', 1: 'In' } },
  { abbrev: 'juniper.l2hdr', name: 'L2 header presence', type: 'uint', base: 'hex', bits: 8, strings: { 0: 'Present', 1: 'none' } },
  { abbrev: 'juniper.ext_total_len', name: 'Extension(s) Total length', type: 'uint', bits: 16 },
]);
const f = P.f;

const MAGIC = 0x4d4743; // "MGC"
const FLAG_EXT = 0x80;
const FLAG_NO_L2 = 0x02;

/** The header: its length, or -1 where the magic is missing. */
function header(tvb: Parameters<Dissector['dissect']>[0], tree: Parameters<Dissector['dissect']>[2], node: number): number {
  const magic = tvb.u24(0);
  tree.add(node, f['magic-number'], tvb, 0, 3, magic);
  if (magic !== MAGIC) return -1;
  const flags = tvb.u8(3);
  tree.add(node, f.direction, tvb, 3, 1, flags & 1);
  tree.add(node, f.l2hdr, tvb, 3, 1, (flags & FLAG_NO_L2) >> 1);
  if ((flags & FLAG_EXT) === 0) return 4;
  const ext = tvb.u16(4);
  tree.add(node, f.ext_total_len, tvb, 4, 2, ext);
  return 6 + ext;
}

/** What TShark reads of the ATM1 cookie right after the header (as one 64-bit number). */
const ATM1_COOKIE = 8;

function juniperOf(protocol: string, title: string, inner: number | undefined): Dissector {
  return {
    name: 'juniper',
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = protocol;
      pinfo.protocols.push(P.proto.abbrev);
      const node = tree.add(parent, textItem, tvb, 0, Math.min(3, tvb.length), undefined, title);
      const len = header(tvb, tree, node);
      tree.setLength(node, Math.max(3, Math.min(len, tvb.length)));
      if (len < 0) return;
      if (inner === undefined) {
        tvb.check(len, ATM1_COOKIE);
        return;
      }
      tvb.check(len, 1);
      dispatchPayload({ table: 'link_type', keys: [inner] }, tvb.sub(len), pinfo, tree, parent);
    },
  };
}

dissectorTable('link_type').add(178, juniperOf('Juniper Ethernet', 'Juniper Ethernet', LINKTYPE_ETHERNET)); // LINKTYPE_JUNIPER_ETHER
dissectorTable('link_type').add(137, juniperOf('Juniper ATM1', 'Juniper ATM1 PIC', undefined)); // LINKTYPE_JUNIPER_ATM1
