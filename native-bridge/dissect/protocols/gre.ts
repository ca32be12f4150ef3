import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Generic Routing Encapsulation (RFC 2784/2890, and version 1, PPTP's enhanced GRE of RFC
 * 2637): flags, the protocol type, then the optional checksum, key, sequence and
 * acknowledgment numbers. The payload goes to `gre.proto` (ERSPAN, NHRP, Cisco metadata), else
 * to `ethertype` by the protocol type (IP, IPv6, OSI, PPP, transparent Ethernet bridging).
 */
const TYPE_NAMES: Record<number, string> = {
  0x0800: 'IP',
  0x86dd: 'IPv6',
  0x0806: 'ARP',
  0x6558: 'Transparent Ethernet bridging',
  0x880b: 'PPP',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN',
  0x2001: 'NHRP',
  0x8847: 'MPLS label switched packet',
  0x00fe: 'OSI',
  0x8909: 'Cisco MetaData',
  0x0000: 'Possible GRE keepalive packet',
  0x2000: 'CDP',
};
const P = fieldTable.register('gre', 'Generic Routing Encapsulation', [
  { abbrev: 'gre.flags_and_version', name: 'Flags and Version', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'gre.flags.checksum', name: 'Checksum Bit', type: 'bool' },
  { abbrev: 'gre.flags.routing', name: 'Routing Bit', type: 'bool' },
  { abbrev: 'gre.flags.key', name: 'Key Bit', type: 'bool' },
  { abbrev: 'gre.flags.sequence_number', name: 'Sequence Number Bit', type: 'bool' },
  { abbrev: 'gre.flags.ack', name: 'Acknowledgment', type: 'bool' },
  { abbrev: 'gre.flags.version', name: 'Version', type: 'uint', bits: 16 },
  { abbrev: 'gre.proto', name: 'Protocol Type', type: 'uint', base: 'hex', bits: 16, strings: TYPE_NAMES },
  { abbrev: 'gre.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'gre.offset', name: 'Offset', type: 'uint', bits: 16 },
  { abbrev: 'gre.key', name: 'Key', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'gre.key.payload_length', name: 'Payload Length', type: 'uint', bits: 16 },
  { abbrev: 'gre.key.call_id', name: 'Call ID', type: 'uint', bits: 16 },
  { abbrev: 'gre.sequence_number', name: 'Sequence Number', type: 'uint', bits: 32 },
  { abbrev: 'gre.ack_number', name: 'Acknowledgment Number', type: 'uint', bits: 32 },
]);
const f = P.f;

/** Set in pinfo.data when the GRE header carried a sequence number (ERSPAN type I has none). */
export const GRE_HAS_SEQUENCE = 'gre.sequence';

/** Hands a payload to `gre.proto`, then to `ethertype`, by a GRE-style protocol type (shared with Cisco metadata). */
export function callGreProto(type: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  if (tvb.length === 0) return;
  const d = dissectorTable('gre.proto').get(type);
  if (d !== undefined && d.dissect(tvb, pinfo, tree, parent) !== false) return;
  dispatchPayload({ table: 'ethertype', keys: [type] }, tvb, pinfo, tree, parent);
}

const gre: Dissector = {
  name: 'gre',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'GRE';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const fv = tvb.u16(0);
    const type = tvb.u16(2);
    const version = fv & 7;
    tree.add(node, f.flags_and_version, tvb, 0, 2, fv);
    tree.add(node, f['flags.checksum'], tvb, 0, 2, (fv & 0x8000) !== 0);
    tree.add(node, f['flags.routing'], tvb, 0, 2, (fv & 0x4000) !== 0);
    tree.add(node, f['flags.key'], tvb, 0, 2, (fv & 0x2000) !== 0);
    tree.add(node, f['flags.sequence_number'], tvb, 0, 2, (fv & 0x1000) !== 0);
    if (version === 1) tree.add(node, f['flags.ack'], tvb, 0, 2, (fv & 0x0080) !== 0);
    tree.add(node, f['flags.version'], tvb, 0, 2, version);
    tree.add(node, f.proto, tvb, 2, 2, type);
    const name = TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(4, '0')} (unknown)`;
    pinfo.setInfo(`Encapsulated ${name}`);
    let off = 4;
    if (fv & 0xc000) {
      tree.add(node, f.checksum, tvb, off, 2, tvb.u16(off));
      tree.add(node, f.offset, tvb, off + 2, 2, tvb.u16(off + 2));
      off += 4;
    }
    if (fv & 0x2000) {
      if (version === 1) {
        tree.add(node, f['key.payload_length'], tvb, off, 2, tvb.u16(off));
        tree.add(node, f['key.call_id'], tvb, off + 2, 2, tvb.u16(off + 2));
      } else tree.add(node, f.key, tvb, off, 4, tvb.u32(off));
      off += 4;
    }
    if (fv & 0x1000) {
      tree.add(node, f.sequence_number, tvb, off, 4, tvb.u32(off));
      off += 4;
      pinfo.data.set(GRE_HAS_SEQUENCE, true);
    }
    if (version === 1 && fv & 0x0080) {
      tree.add(node, f.ack_number, tvb, off, 4, tvb.u32(off));
      off += 4;
    }
    tvb.check(0, off);
    tree.setLength(node, off);
    if (off >= tvb.length) return;
    callGreProto(type, tvb.sub(off), pinfo, tree, parent);
  },
};

dissectorTable('ip.proto').add(47, gre);
// Transparent Ethernet bridging: the payload is an Ethernet frame (found through its link type).
dissectorTable('gre.proto').add(0x6558, {
  name: 'eth',
  dissect: (tvb, pinfo, tree, parent) => dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, tvb, pinfo, tree, parent),
});
