import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * ARCNET (LINKTYPE_ARCNET_BSD 7, LINKTYPE_ARCNET_LINUX 129, whose header adds a 2-byte
 * offset): one-byte addresses, the protocol id, and for RFC 1201 ids the split flag and
 * sequence. The payload goes to the `ethertype` table under the EtherType of its protocol.
 */
const P = fieldTable.register('arcnet', 'ARC Network', [
  { abbrev: 'arcnet.src', name: 'Source', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'arcnet.dst', name: 'Dest', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'arcnet.offset', name: 'Offset', type: 'bytes' },
  { abbrev: 'arcnet.protID', name: 'Protocol ID', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'arcnet.split_flag', name: 'Split Flag', type: 'uint', bits: 8 },
  { abbrev: 'arcnet.sequence', name: 'Sequence', type: 'uint', bits: 16 },
]);
const f = P.f;

/** Protocol ids and the EtherType each stands for; RFC 1051's ids have no split flag or sequence. */
const RFC1051: Readonly<Record<number, number>> = { 240: 0x0800, 241: 0x0806 };
const RFC1201: Readonly<Record<number, number>> = { 212: 0x0800, 213: 0x0806, 214: 0x8035, 196: 0x86dd, 221: 0x809b };

function arcnetOf(hasOffset: boolean): Dissector {
  return {
    name: 'arcnet',
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = 'ARCNET';
      const node = beginProtocol(P, tvb, pinfo, tree, parent);
      const src = tvb.u8(0);
      const dst = tvb.u8(1);
      tree.add(node, f.src, tvb, 0, 1, src);
      tree.add(node, f.dst, tvb, 1, 1, dst);
      pinfo.src = hex(src, 2);
      pinfo.dst = hex(dst, 2);
      let off = 2;
      if (hasOffset) {
        tree.add(node, f.offset, tvb, 2, 2, tvb.view(2, 2));
        off = 4;
      }
      const id = tvb.u8(off);
      tree.add(node, f.protID, tvb, off, 1, id);
      off++;
      let type = RFC1051[id];
      if (type === undefined) {
        tree.add(node, f.split_flag, tvb, off, 1, tvb.u8(off));
        tree.add(node, f.sequence, tvb, off + 1, 2, tvb.u16(off + 1));
        off += 3;
        type = RFC1201[id] ?? -1;
      }
      tree.setLength(node, off);
      if (off < tvb.length) dispatchPayload({ table: 'ethertype', keys: [type] }, tvb.sub(off), pinfo, tree, parent);
    },
  };
}

dissectorTable('link_type').add(7, arcnetOf(false)); // LINKTYPE_ARCNET_BSD
dissectorTable('link_type').add(129, arcnetOf(true)); // LINKTYPE_ARCNET_LINUX
