import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { LINKTYPE_ETHERNET } from './eth.js';
import { GRE_HAS_SEQUENCE } from './gre.js';

/**
 * Cisco's Encapsulated Remote SPAN over GRE: type I (protocol 0x88be without a GRE sequence
 * number: no header of its own), type II (0x88be, 8 bytes) and type III (0x22eb, 12 bytes and
 * an optional 8-byte platform sub-header). The mirrored frame is Ethernet (type III's frame
 * type 0), anything else is data.
 */
const P = fieldTable.register('erspan', 'Encapsulated Remote Switch Packet ANalysis', [
  { abbrev: 'erspan.version', name: 'Version', type: 'uint', bits: 16, strings: { 1: 'Type II', 2: 'Type III' } },
  { abbrev: 'erspan.vlan', name: 'Vlan', type: 'uint', bits: 16 },
  { abbrev: 'erspan.cos', name: 'COS', type: 'uint', bits: 16 },
  { abbrev: 'erspan.encap', name: 'Encap', type: 'uint', bits: 16 },
  { abbrev: 'erspan.bso', name: 'Bad/Short/Oversized', type: 'uint', bits: 16 },
  { abbrev: 'erspan.truncated', name: 'Truncated', type: 'uint', bits: 16 },
  { abbrev: 'erspan.spanid', name: 'SpanID', type: 'uint', bits: 16 },
  { abbrev: 'erspan.index', name: 'Index', type: 'uint', bits: 32 },
  { abbrev: 'erspan.timestamp', name: 'Timestamp', type: 'uint', bits: 32 },
  { abbrev: 'erspan.sgt', name: 'Security Group Tag', type: 'uint', bits: 16 },
  { abbrev: 'erspan.p', name: 'P', type: 'bool' },
  { abbrev: 'erspan.ft', name: 'FrameType', type: 'uint', bits: 16 },
  { abbrev: 'erspan.hwid', name: 'Hardware ID', type: 'uint' },
  { abbrev: 'erspan.o', name: 'Optional Sub-headers', type: 'bool' },
]);
const f = P.f;

function erspanOf(typeIII: boolean): Dissector {
  return {
    name: 'erspan',
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocol = 'ERSPAN';
      pinfo.setInfo('ERSPAN:');
      if (!typeIII && pinfo.data.get(GRE_HAS_SEQUENCE) !== true) {
        const node = beginProtocol(P, tvb, pinfo, tree, parent, 0);
        tree.setText(node, 'Encapsulated Remote Switch Packet ANalysis Type I');
        dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, tvb, pinfo, tree, parent);
        return;
      }
      const node = beginProtocol(P, tvb, pinfo, tree, parent, typeIII ? 12 : 8);
      tree.setText(node, `Encapsulated Remote Switch Packet ANalysis Type ${typeIII ? 'III' : 'II'}`);
      const w0 = tvb.u16(0);
      const w1 = tvb.u16(2);
      tree.add(node, f.version, tvb, 0, 2, w0 >> 12);
      tree.add(node, f.vlan, tvb, 0, 2, w0 & 0x0fff);
      tree.add(node, f.cos, tvb, 2, 2, w1 >> 13);
      tree.add(node, typeIII ? f.bso : f.encap, tvb, 2, 2, (w1 >> 11) & 3);
      tree.add(node, f.truncated, tvb, 2, 2, (w1 >> 10) & 1);
      tree.add(node, f.spanid, tvb, 2, 2, w1 & 0x3ff);
      let off = 8;
      let ft = 0;
      if (!typeIII) tree.add(node, f.index, tvb, 4, 4, tvb.u32(4) & 0xfffff);
      else {
        tree.add(node, f.timestamp, tvb, 4, 4, tvb.u32(4));
        tree.add(node, f.sgt, tvb, 8, 2, tvb.u16(8));
        const w5 = tvb.u16(10);
        ft = (w5 >> 10) & 0x1f;
        tree.add(node, f.p, tvb, 10, 2, (w5 & 0x8000) !== 0);
        tree.add(node, f.ft, tvb, 10, 2, ft);
        tree.add(node, f.hwid, tvb, 10, 2, (w5 >> 4) & 0x3f);
        tree.add(node, f.o, tvb, 10, 2, (w5 & 1) !== 0);
        off = w5 & 1 ? 20 : 12;
        tvb.check(0, off);
        tree.setLength(node, off);
      }
      if (off >= tvb.length) return;
      const payload = tvb.sub(off);
      if (ft === 0) dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
      else callData(payload, pinfo, tree, parent);
    },
  };
}

dissectorTable('gre.proto').add(0x88be, erspanOf(false));
dissectorTable('gre.proto').add(0x22eb, erspanOf(true));
