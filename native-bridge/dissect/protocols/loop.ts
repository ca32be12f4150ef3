import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Ethernet Configuration Testing Protocol (EtherType 0x9000, the "loopback" of Ethernet v2):
 * the skip count, then functions (little-endian) from the one it points at; Info names that
 * one (`Forward Data`, `Reply`), the rest after a reply is `data`.
 */
const FUNCTIONS: Record<number, string> = { 1: 'Reply', 2: 'Forward Data' };
const P = fieldTable.register('loop', 'Configuration Test Protocol (loopback)', [
  { abbrev: 'loop.skipcount', name: 'skipCount', type: 'uint', bits: 16 },
  { abbrev: 'loop.function', name: 'Function', type: 'uint', bits: 16, strings: FUNCTIONS },
  { abbrev: 'loop.receipt_number', name: 'Receipt number', type: 'uint', bits: 16 },
  { abbrev: 'loop.forwarding_address', name: 'Forwarding address', type: 'ether' },
]);
const f = P.f;

const loop: Dissector = {
  name: 'loop',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LOOP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const skip = tvb.u16(0, true);
    tree.add(node, f.skipcount, tvb, 0, 2, skip);
    let off = 2;
    let more = true;
    while (more && tvb.has(off, 2)) {
      const fn = tvb.u16(off, true);
      if (off === skip + 2) pinfo.setInfo(FUNCTIONS[fn] ?? 'Unknown function');
      tree.add(node, f.function, tvb, off, 2, fn);
      off += 2;
      if (fn === 1) {
        tree.add(node, f.receipt_number, tvb, off, 2, tvb.u16(off, true));
        off += 2;
        more = false;
      } else if (fn === 2) {
        tree.add(node, f.forwarding_address, tvb, off, 6, tvb.view(off, 6));
        off += 6;
      } else more = false;
    }
    tree.setLength(node, Math.min(off, tvb.length));
    if (off < tvb.length) callData(tvb.sub(off), pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x9000, loop);
