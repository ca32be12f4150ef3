import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * RIP for IPv6 (RFC 2080, UDP 521): command, version, then route table entries while bytes are
 * reported (each read whole: prefix, tag, prefix length, metric), as TShark reads them. Info as
 * Wireshark's (` Command Request, Version 1`).
 */
const P = fieldTable.register('ripng', 'RIPng', [
  { abbrev: 'ripng.cmd', name: 'Command', type: 'uint', bits: 8, strings: { 1: 'Request', 2: 'Response' } },
  { abbrev: 'ripng.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'ripng.reserved', name: 'Reserved', type: 'bytes' },
  { abbrev: 'ripng.rte', name: 'Route Table Entry', type: 'none' },
  { abbrev: 'ripng.rte.ipv6_prefix', name: 'IPv6 Prefix', type: 'ipv6' },
  { abbrev: 'ripng.rte.route_tag', name: 'Route Tag', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ripng.rte.prefix_length', name: 'Prefix Length', type: 'uint', bits: 8 },
  { abbrev: 'ripng.rte.metric', name: 'Metric', type: 'uint', bits: 8 },
]);
const f = P.f;
const RTE = 20;

const ripng: Dissector = {
  name: 'ripng',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RIPng';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const cmd = tvb.u8(0);
    tree.add(node, f.cmd, tvb, 0, 1, cmd);
    const version = tvb.u8(1);
    tree.add(node, f.version, tvb, 1, 1, version);
    pinfo.setInfo(` Command ${cmd === 1 ? 'Request' : cmd === 2 ? 'Response' : 'Unknown'}, Version ${version}`);
    tree.add(node, f.reserved, tvb, 2, 2, tvb.view(2, 2));
    // Each entry is 20 bytes, so this ends within the reported length / 20 steps.
    for (let off = 4; tvb.reported - off > 0; off += RTE) {
      tvb.check(off, RTE);
      const rte = tree.add(node, f.rte, tvb, off, RTE);
      tree.add(rte, f['rte.ipv6_prefix'], tvb, off, 16, tvb.view(off, 16));
      tree.add(rte, f['rte.route_tag'], tvb, off + 16, 2, tvb.u16(off + 16));
      tree.add(rte, f['rte.prefix_length'], tvb, off + 18, 1, tvb.u8(off + 18));
      tree.add(rte, f['rte.metric'], tvb, off + 19, 1, tvb.u8(off + 19));
    }
  },
};

dissectorTable('udp.port').add(521, ripng);
