import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { callGreProto } from './gre.js';

/**
 * Generic Network Virtualization Encapsulation (RFC 8926, UDP 6081): version, options length,
 * flags, the protocol type of the payload (an EtherType; 0x6558 Ethernet), the 24-bit network
 * identifier (`geneve.vni`) and options (not decoded). The payload goes on as GRE's does.
 */
const P = fieldTable.register('geneve', 'Generic Network Virtualization Encapsulation', [
  { abbrev: 'geneve.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'geneve.options_len', name: 'Options Length', type: 'uint' },
  { abbrev: 'geneve.flags.oam', name: 'Operations, Administration and Management Frame', type: 'bool' },
  { abbrev: 'geneve.flags.critical', name: 'Critical Options Present', type: 'bool' },
  { abbrev: 'geneve.proto_type', name: 'Protocol Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'geneve.vni', name: 'Virtual Network Identifier (VNI)', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'geneve.options', name: 'Options', type: 'bytes' },
]);
const f = P.f;

const geneve: Dissector = {
  name: 'geneve',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'Geneve';
    const b0 = tvb.u8(0);
    const optLen = (b0 & 0x3f) * 4;
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 8 + optLen);
    tree.add(node, f.version, tvb, 0, 1, b0 >> 6);
    tree.add(node, f.options_len, tvb, 0, 1, optLen);
    const b1 = tvb.u8(1);
    tree.add(node, f['flags.oam'], tvb, 1, 1, (b1 & 0x80) !== 0);
    tree.add(node, f['flags.critical'], tvb, 1, 1, (b1 & 0x40) !== 0);
    const type = tvb.u16(2);
    tree.add(node, f.proto_type, tvb, 2, 2, type);
    tree.add(node, f.vni, tvb, 4, 3, tvb.u24(4));
    if (optLen > 0) tree.add(node, f.options, tvb, 8, optLen, tvb.view(8, optLen));
    tvb.check(0, 8 + optLen);
    if (tvb.length > 8 + optLen) callGreProto(type, tvb.sub(8 + optLen), pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(6081, geneve);
