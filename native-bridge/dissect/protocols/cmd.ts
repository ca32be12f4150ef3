import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { callGreProto } from './gre.js';

/**
 * Cisco MetaData (EtherType 0x8909, also over GRE): version, length, one option (the
 * security group tag), and the EtherType of what follows (first over GRE, last over Ethernet), which is handed on without an
 * `ethertype` step, as TShark stacks it (`gre:cmd:ip`).
 */
const P = fieldTable.register('cmd', 'Cisco MetaData', [
  { abbrev: 'cmd.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'cmd.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'cmd.option', name: 'Option', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'cmd.sgt', name: 'SGT', type: 'uint', bits: 16 },
  { abbrev: 'cmd.type', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

/** Over Ethernet the EtherType of what follows ends the header; over GRE it leads. */
function cmdOf(typeFirst: boolean): Dissector {
  return {
    name: 'cmd',
    dissect(tvb, pinfo, tree, parent) {
      const node = beginProtocol(P, tvb, pinfo, tree, parent, 8);
      const h = typeFirst ? 2 : 0;
      const t = typeFirst ? 0 : 6;
      tree.add(node, f.version, tvb, h, 1, tvb.u8(h));
      tree.add(node, f.length, tvb, h + 1, 1, tvb.u8(h + 1));
      tree.add(node, f.option, tvb, h + 2, 2, tvb.u16(h + 2));
      tree.add(node, f.sgt, tvb, h + 4, 2, tvb.u16(h + 4));
      const type = tvb.u16(t);
      tree.add(node, f.type, tvb, t, 2, type);
      if (tvb.length > 8) callGreProto(type, tvb.sub(8), pinfo, tree, parent);
    },
  };
}

dissectorTable('gre.proto').add(0x8909, cmdOf(true));
dissectorTable('ethertype').add(0x8909, cmdOf(false));
