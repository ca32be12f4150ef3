import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Spanning Tree Protocol BPDUs (IEEE 802.1D), rapid (802.1w, version 2) and multiple (802.1s,
 * version 3) spanning tree, over LLC SAP 0x42 and Cisco's PVST+ SNAP id 0x010b. Info is
 * Wireshark's: `RST. TC + Root = 32768/1/00:19:06:ea:b8:80  Cost = 0  Port = 0x800c`.
 */
const P = fieldTable.register('stp', 'Spanning Tree Protocol', [
  { abbrev: 'stp.protocol', name: 'Protocol Identifier', type: 'uint', base: 'hex', bits: 16, strings: { 0: 'Spanning Tree Protocol' } },
  {
    abbrev: 'stp.version',
    name: 'Protocol Version Identifier',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Spanning Tree', 2: 'Rapid Spanning Tree', 3: 'Multiple Spanning Tree', 4: 'Shortest Path Tree' },
  },
  {
    abbrev: 'stp.type',
    name: 'BPDU Type',
    type: 'uint',
    base: 'hex',
    bits: 8,
    strings: { 0: 'Configuration', 0x80: 'Topology Change Notification', 2: 'Rapid/Multiple Spanning Tree' },
  },
  { abbrev: 'stp.flags', name: 'BPDU flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'stp.flags.tcack', name: 'Topology Change Acknowledgment', type: 'bool' },
  { abbrev: 'stp.flags.agreement', name: 'Agreement', type: 'bool' },
  { abbrev: 'stp.flags.forwarding', name: 'Forwarding', type: 'bool' },
  { abbrev: 'stp.flags.learning', name: 'Learning', type: 'bool' },
  {
    abbrev: 'stp.flags.port_role',
    name: 'Port Role',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Unknown', 1: 'Alternate or Backup', 2: 'Root', 3: 'Designated' },
  },
  { abbrev: 'stp.flags.proposal', name: 'Proposal', type: 'bool' },
  { abbrev: 'stp.flags.tc', name: 'Topology Change', type: 'bool' },
  { abbrev: 'stp.root.prio', name: 'Root Bridge Priority', type: 'uint', bits: 16 },
  { abbrev: 'stp.root.ext', name: 'Root Bridge System ID Extension', type: 'uint', bits: 16 },
  { abbrev: 'stp.root.hw', name: 'Root Bridge System ID', type: 'ether' },
  { abbrev: 'stp.root.cost', name: 'Root Path Cost', type: 'uint', bits: 32 },
  { abbrev: 'stp.bridge.prio', name: 'Bridge Priority', type: 'uint', bits: 16 },
  { abbrev: 'stp.bridge.ext', name: 'Bridge System ID Extension', type: 'uint', bits: 16 },
  { abbrev: 'stp.bridge.hw', name: 'Bridge System ID', type: 'ether' },
  { abbrev: 'stp.port', name: 'Port identifier', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'stp.msg_age', name: 'Message Age', type: 'double' },
  { abbrev: 'stp.max_age', name: 'Max Age', type: 'double' },
  { abbrev: 'stp.hello', name: 'Hello Time', type: 'double' },
  { abbrev: 'stp.forward', name: 'Forward Delay', type: 'double' },
  { abbrev: 'stp.version_1_length', name: 'Version 1 Length', type: 'uint', bits: 8 },
  { abbrev: 'stp.version_3_length', name: 'Version 3 Length', type: 'uint' },
]);
const f = P.f;

const TYPE_CONFIG = 0;
const TYPE_RST = 2;
const TYPE_TCN = 0x80;

/** A bridge identifier: priority (high 4 bits), system id extension (12 bits), MAC. */
function bridgeId(tvb: Tvb, tree: ProtoTree, node: number, off: number, which: 'root' | 'bridge'): string {
  const pe = tvb.u16(off);
  const mac = etherString(tvb.view(off + 2, 6));
  const prio = pe & 0xf000;
  const ext = pe & 0x0fff;
  tree.add(node, which === 'root' ? f['root.prio'] : f['bridge.prio'], tvb, off, 1, prio);
  tree.add(node, which === 'root' ? f['root.ext'] : f['bridge.ext'], tvb, off, 2, ext);
  tree.add(node, which === 'root' ? f['root.hw'] : f['bridge.hw'], tvb, off + 2, 6, tvb.view(off + 2, 6));
  return `${prio}/${ext}/${mac}`;
}

function timer(tvb: Tvb, tree: ProtoTree, node: number, off: number, field: (typeof f)['hello']): void {
  tree.add(node, field, tvb, off, 2, tvb.u16(off) / 256);
}

const stp: Dissector = {
  name: 'stp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'STP';
    // TShark reads the type, and for a configuration or RST BPDU everything through the port
    // identifier (offset 25), before it adds its node.
    const before = tvb.has(3, 1) && (tvb.u8(3) === TYPE_CONFIG || tvb.u8(3) === TYPE_RST) ? 27 : 4;
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, before);
    tree.add(node, f.protocol, tvb, 0, 2, tvb.u16(0));
    const version = tvb.u8(2);
    const type = tvb.u8(3);
    tree.add(node, f.version, tvb, 2, 1, version);
    tree.add(node, f.type, tvb, 3, 1, type);
    if (type === TYPE_TCN) {
      pinfo.setInfo('Topology Change Notification');
      tree.setLength(node, 4);
      return;
    }
    const flags = tvb.u8(4);
    tree.add(node, f.flags, tvb, 4, 1, flags);
    tree.add(node, f['flags.tcack'], tvb, 4, 1, (flags & 0x80) !== 0);
    if (type !== TYPE_CONFIG) {
      tree.add(node, f['flags.agreement'], tvb, 4, 1, (flags & 0x40) !== 0);
      tree.add(node, f['flags.forwarding'], tvb, 4, 1, (flags & 0x20) !== 0);
      tree.add(node, f['flags.learning'], tvb, 4, 1, (flags & 0x10) !== 0);
      tree.add(node, f['flags.port_role'], tvb, 4, 1, (flags >> 2) & 3);
      tree.add(node, f['flags.proposal'], tvb, 4, 1, (flags & 0x02) !== 0);
    }
    tree.add(node, f['flags.tc'], tvb, 4, 1, (flags & 0x01) !== 0);
    const root = bridgeId(tvb, tree, node, 5, 'root');
    const cost = tvb.u32(13);
    tree.add(node, f['root.cost'], tvb, 13, 4, cost);
    bridgeId(tvb, tree, node, 17, 'bridge');
    const port = tvb.u16(25);
    tree.add(node, f.port, tvb, 25, 2, port);
    timer(tvb, tree, node, 27, f.msg_age);
    timer(tvb, tree, node, 29, f.max_age);
    timer(tvb, tree, node, 31, f.hello);
    timer(tvb, tree, node, 33, f.forward);
    let len = 35;
    if (type !== TYPE_CONFIG && tvb.has(35, 1)) {
      tree.add(node, f.version_1_length, tvb, 35, 1, tvb.u8(35));
      len = 36;
      if (version >= 3 && tvb.has(36, 2)) {
        const v3 = tvb.u16(36);
        tree.add(node, f.version_3_length, tvb, 36, 2, v3);
        len = Math.min(tvb.length, 38 + v3);
      }
    }
    tree.setLength(node, len);
    const kind = type === TYPE_CONFIG ? 'Conf' : version === 3 ? 'MST' : version === 4 ? 'SPT' : 'RST';
    const tc = flags & 0x01 ? 'TC + ' : '';
    const tca = flags & 0x80 ? 'TCAck + ' : '';
    pinfo.setInfo(`${kind}. ${tca}${tc}Root = ${root}  Cost = ${cost}  Port = 0x${port.toString(16).padStart(4, '0')}`);
  },
};

dissectorTable('llc.dsap').add(0x42, stp);
dissectorTable('llc.cisco_pid').add(0x010b, stp); // PVST+
