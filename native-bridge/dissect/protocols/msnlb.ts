import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Microsoft Network Load Balancing (EtherType 0x886f): the header, then what the signature
 * says, read as TShark reads it: a cluster membership heartbeat's fixed fields and its seven
 * tables of 33 entries, an extended heartbeat's host name or address records while bytes are
 * reported. Info: `MS NLB heartbeat - NLB Cluster Membership HeartBeat`.
 */
const HEARTBEAT = 0xc0de01bf;
const EXTENDED = 0xc0de01c0;
const SIGNATURES: Record<number, string> = {
  [HEARTBEAT]: 'NLB Cluster Membership HeartBeat',
  [EXTENDED]: 'NLB Extended HeartBeat',
  0xc0de01de: 'NLB Reliable Protocol',
};
const P = fieldTable.register('msnlb', 'MS Network Load Balancing', [
  { abbrev: 'msnlb.signature', name: 'Signature', type: 'uint', base: 'hex', bits: 32, strings: SIGNATURES },
  { abbrev: 'msnlb.version', name: 'Version', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'msnlb.unique_host_id', name: 'Unique Host ID', type: 'uint', bits: 32 },
  { abbrev: 'msnlb.cluster_ip', name: 'Cluster IP', type: 'ipv4' },
  { abbrev: 'msnlb.host_ip', name: 'Host IP', type: 'ipv4' },
  { abbrev: 'msnlb.signature_data', name: 'Signature Data', type: 'none' },
  { abbrev: 'msnlb.number_of_port_rules', name: 'Number of Port Rules', type: 'uint', bits: 16 },
  { abbrev: 'msnlb.packets_handled', name: 'Packets Handled', type: 'uint', bits: 32 },
  { abbrev: 'msnlb.portruleconfiguration', name: 'Port Rule Configuration', type: 'none' },
  { abbrev: 'msnlb.currentmap', name: 'Current Map', type: 'none' },
  { abbrev: 'msnlb.newmap', name: 'New Map', type: 'none' },
  { abbrev: 'msnlb.idlemap', name: 'Idle Map', type: 'none' },
  { abbrev: 'msnlb.readymap', name: 'Ready Map', type: 'none' },
  { abbrev: 'msnlb.loadweights', name: 'Load Weights', type: 'none' },
  { abbrev: 'msnlb.reserved2', name: 'Reserved', type: 'none' },
  { abbrev: 'msnlb.extended_hb', name: 'Extended HB', type: 'none' },
  { abbrev: 'msnlb.extended_hb.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'msnlb.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'msnlb.address_family', name: 'Address Family', type: 'uint', base: 'hex', bits: 8 },
]);
const f = P.f;
const ENTRIES = 33;

/** A table of 33 entries of `size` bytes each, read entry by entry; returns the offset after it. */
function table(tvb: Tvb, tree: ProtoTree, node: number, field: FieldInfo, off: number, size: number): number {
  tree.add(node, field, tvb, off, ENTRIES * size);
  for (let i = 0; i < ENTRIES; i++) tvb.check(off + i * size, size);
  return off + ENTRIES * size;
}

/** The extended heartbeat's records while bytes are reported; each record takes at least its type byte. */
function extended(tvb: Tvb, tree: ProtoTree, node: number, start: number): void {
  let off = start;
  while (tvb.reported - off > 0) {
    const rec = tree.add(node, f.extended_hb, tvb, off, Math.max(0, tvb.length - off));
    const type = tvb.u8(off++);
    tree.add(rec, f['extended_hb.type'], tvb, off - 1, 1, type);
    if (type === 1) {
      // Length, 6 reserved bytes, then a NUL-terminated UTF-16 host name and 6 more bytes.
      tree.add(rec, f.length, tvb, off, 1, tvb.u8(off));
      tvb.check(off + 1, 6);
      off += 7;
      let end = off;
      while (tvb.u16(end, true) !== 0) end += 2;
      off = end + 2 + 6;
    } else if (type === 2) {
      tree.add(rec, f.length, tvb, off, 1, tvb.u8(off));
      tvb.check(off + 1, 6);
      off += 7;
      const family = tvb.u16(off, true);
      tree.add(rec, f.address_family, tvb, off, 2, family);
      off += 2;
      if (family === 0x2) tvb.check(off, 4);
      else if (family === 0x17) tvb.check(off, 16);
      tvb.check(off, 0);
      off = tvb.reported;
    } else {
      tvb.check(off, 0);
      off = tvb.reported;
    }
  }
}

const msnlb: Dissector = {
  name: 'msnlb',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'MS NLB';
    pinfo.setInfo('MS NLB heartbeat');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const signature = tvb.u32(0, true);
    tree.add(node, f.signature, tvb, 0, 4, signature);
    tree.add(node, f.version, tvb, 4, 4, tvb.u32(4, true));
    tree.add(node, f.unique_host_id, tvb, 8, 4, tvb.u32(8, true));
    tree.add(node, f.cluster_ip, tvb, 12, 4, tvb.u32(12));
    tree.add(node, f.host_ip, tvb, 16, 4, tvb.u32(16));
    pinfo.appendInfo(` - ${SIGNATURES[signature] ?? `Unknown (${signature})`}`, '');
    const data = tree.add(node, f.signature_data, tvb, 20, Math.max(0, tvb.length - 20));
    tvb.check(20, 0);
    if (signature === HEARTBEAT) {
      // Host ids, convergence state, port rule count, host code, packets, teaming, reserved.
      tvb.check(20, 24);
      tree.add(data, f.number_of_port_rules, tvb, 26, 2, tvb.u16(26, true));
      tree.add(data, f.packets_handled, tvb, 32, 4, tvb.u32(32, true));
      let off = table(tvb, tree, data, f.portruleconfiguration, 44, 4);
      off = table(tvb, tree, data, f.currentmap, off, 8);
      off = table(tvb, tree, data, f.newmap, off, 8);
      off = table(tvb, tree, data, f.idlemap, off, 8);
      off = table(tvb, tree, data, f.readymap, off, 8);
      off = table(tvb, tree, data, f.loadweights, off, 4);
      table(tvb, tree, data, f.reserved2, off, 4);
    } else if (signature === EXTENDED) extended(tvb, tree, data, 20);
  },
};

dissectorTable('ethertype').add(0x886f, msnlb);
