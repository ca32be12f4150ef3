import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Microsoft Network Load Balancing heartbeats (EtherType 0x886f): the signature and cluster
 * fields. Info: `MS NLB heartbeat`.
 */
const P = fieldTable.register('msnlb', 'MS Network Load Balancing', [
  { abbrev: 'msnlb.signature', name: 'Signature', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'msnlb.version', name: 'Version', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'msnlb.unique_host_id', name: 'Unique Host ID', type: 'uint', bits: 32 },
  { abbrev: 'msnlb.clusterip', name: 'Cluster IP', type: 'ipv4' },
]);
const f = P.f;

const msnlb: Dissector = {
  name: 'msnlb',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'MS NLB';
    pinfo.setInfo('MS NLB heartbeat');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.signature, tvb, 0, 4, tvb.u32(0, true));
    tree.add(node, f.version, tvb, 4, 4, tvb.u32(4, true));
    tree.add(node, f.unique_host_id, tvb, 8, 4, tvb.u32(8, true));
    tree.add(node, f.clusterip, tvb, 12, 4, tvb.u32(12));
  },
};

dissectorTable('ethertype').add(0x886f, msnlb);
