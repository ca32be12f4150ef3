import type { Dissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { OF, dissectCarriedFrame } from './openflow.js';

/**
 * OpenFlow 1.0 messages (openflow.ts cuts them from the stream): the header, Info
 * `Type: OFPT_FLOW_MOD`, and the bodies TShark 4.0 decodes: features, switch config, the match
 * and fields of a FLOW_MOD, stats requests, and the Ethernet frame a PACKET_IN or PACKET_OUT
 * carries (which locks the columns for the rest of the frame, as Wireshark's does). As in
 * TShark 4.0, a FLOW_MOD reads an action header after its fields even when it has none, so a
 * FLOW_MOD of 72 bytes is malformed.
 */
const TYPES = [
  'OFPT_HELLO',
  'OFPT_ERROR',
  'OFPT_ECHO_REQUEST',
  'OFPT_ECHO_REPLY',
  'OFPT_VENDOR',
  'OFPT_FEATURES_REQUEST',
  'OFPT_FEATURES_REPLY',
  'OFPT_GET_CONFIG_REQUEST',
  'OFPT_GET_CONFIG_REPLY',
  'OFPT_SET_CONFIG',
  'OFPT_PACKET_IN',
  'OFPT_FLOW_REMOVED',
  'OFPT_PORT_STATUS',
  'OFPT_PACKET_OUT',
  'OFPT_FLOW_MOD',
  'OFPT_PORT_MOD',
  'OFPT_STATS_REQUEST',
  'OFPT_STATS_REPLY',
  'OFPT_BARRIER_REQUEST',
  'OFPT_BARRIER_REPLY',
  'OFPT_QUEUE_GET_CONFIG_REQUEST',
  'OFPT_QUEUE_GET_CONFIG_REPLY',
];
const P = fieldTable.register('openflow_v1', 'OpenFlow 1.0', []);
// TShark names the type field apart from the protocol and from the other fields (`openflow.*`).
const T = fieldTable.register('openflow_1_0', 'OpenFlow 1.0 message type', [
  { abbrev: 'openflow_1_0.type', name: 'Type', type: 'uint', bits: 8, strings: { ...TYPES } },
]).f;
const f = OF.f;

const FEATURES_REPLY = 6;
const GET_CONFIG_REPLY = 8;
const SET_CONFIG = 9;
const PACKET_IN = 10;
const PACKET_OUT = 13;
const FLOW_MOD = 14;
const STATS_REQUEST = 16;
const STATS_REPLY = 17;
const PORT_LENGTH = 48;

/** A field of `bits` at `off` (8, 16 or 32); returns the offset after it. */
function uint(tree: ProtoTree, node: number, field: (typeof f)['xid'], tvb: Tvb, off: number, bytes: 1 | 2 | 4): number {
  const v = bytes === 1 ? tvb.u8(off) : bytes === 2 ? tvb.u16(off) : tvb.u32(off);
  tree.add(node, field, tvb, off, bytes, v);
  return off + bytes;
}

function bytes(tree: ProtoTree, node: number, field: (typeof f)['xid'], tvb: Tvb, off: number, n: number): number {
  tvb.check(off, n);
  tree.add(node, field, tvb, off, n, tree.wants(field) ? tvb.view(off, n) : undefined);
  return off + n;
}

/** The 40-byte ofp_match; returns the offset after it. */
function match(tvb: Tvb, tree: ProtoTree, node: number, at: number): number {
  let off = uint(tree, node, f.wildcards, tvb, at, 4);
  off = uint(tree, node, f.in_port, tvb, off, 2);
  off = bytes(tree, node, f.eth_src, tvb, off, 6);
  off = bytes(tree, node, f.eth_dst, tvb, off, 6);
  off = uint(tree, node, f.dl_vlan, tvb, off, 2);
  off = uint(tree, node, f.dl_vlan_pcp, tvb, off, 1);
  off = bytes(tree, node, f['ofp_match.pad'], tvb, off, 1);
  off = uint(tree, node, f['ofp_match.dl_type'], tvb, off, 2);
  off = uint(tree, node, f['ofp_match.tos'], tvb, off, 1);
  off = uint(tree, node, f['ofp_match.nw_proto'], tvb, off, 1);
  off = bytes(tree, node, f['ofp_match.pad'], tvb, off, 2);
  off = uint(tree, node, f['ofp_match.source_addr'], tvb, off, 4);
  off = uint(tree, node, f['ofp_match.dest_addr'], tvb, off, 4);
  off = uint(tree, node, f['ofp_match.source_port'], tvb, off, 2);
  return uint(tree, node, f['ofp_match.dest_port'], tvb, off, 2);
}

/** One action: an OUTPUT's port and length, any other's length skipped; returns the offset after it. */
function action(tvb: Tvb, tree: ProtoTree, node: number, at: number): number {
  const type = tvb.u16(at);
  tree.add(node, f.action_typ, tvb, at, 2, type);
  const len = tvb.u16(at + 2);
  tree.add(node, f.action_len, tvb, at + 2, 2, len);
  if (type !== 0) return at + len;
  uint(tree, node, f.output_port, tvb, at + 4, 2);
  return uint(tree, node, f.max_len, tvb, at + 6, 2);
}

function features(tvb: Tvb, tree: ProtoTree, node: number, length: number): void {
  const id = tree.add(node, f.datapath_id, tvb, 8, 8, tvb.u64(8));
  bytes(tree, id, f.datapath_mac, tvb, 8, 6);
  uint(tree, id, f.datapath_imp, tvb, 14, 2);
  uint(tree, node, f.n_buffers, tvb, 16, 4);
  uint(tree, node, f.n_tables, tvb, 20, 1);
  bytes(tree, node, f['features_reply.pad'], tvb, 21, 3);
  uint(tree, node, f.capabilities, tvb, 24, 4);
  uint(tree, node, f.actions, tvb, 28, 4);
  const ports = Math.floor(Math.max(0, length - 32) / PORT_LENGTH);
  for (let i = 0, off = 32; i < ports; i++, off += PORT_LENGTH) port(tvb, tree, node, off, i + 1);
}

function port(tvb: Tvb, tree: ProtoTree, parent: number, at: number, n: number): void {
  const node = tree.add(parent, textItem, tvb, at, PORT_LENGTH, undefined, `Port data ${n}`);
  uint(tree, node, f.port_no, tvb, at, 2);
  bytes(tree, node, f.hw_add, tvb, at + 2, 6);
  tvb.check(at + 8, 16);
  tree.add(node, f.port_name, tvb, at + 8, 16, tree.wants(f.port_name) ? tvb.ascii(at + 8, 16).replace(/\0.*$/s, '') : undefined);
  let off = at + 24;
  for (const field of [f.port_config, f.port_state, f.port_curr, f.port_advertised, f.port_supported, f.port_peer])
    off = uint(tree, node, field, tvb, off, 4);
}

function packetIn(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, length: number): void {
  uint(tree, node, f.buffer_id, tvb, 8, 4);
  uint(tree, node, f.total_len, tvb, 12, 2);
  uint(tree, node, f.in_port, tvb, 14, 2);
  uint(tree, node, f.reason, tvb, 16, 1);
  bytes(tree, node, f['pkt_in.pad'], tvb, 17, 1);
  carried(tvb, pinfo, tree, node, 18, length);
}

function packetOut(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, length: number): void {
  const buffer = tvb.u32(8);
  uint(tree, node, f.buffer_id, tvb, 8, 4);
  uint(tree, node, f.in_port, tvb, 12, 2);
  uint(tree, node, f.actions_len, tvb, 14, 2);
  // TShark 4.0 reads one action whatever the actions' length says.
  const off = action(tvb, tree, node, 16);
  if (buffer === 0xffffffff) carried(tvb, pinfo, tree, node, off, length);
}

/** The Ethernet frame from `off` to the message's end (as much of it as was captured). */
function carried(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, length: number): void {
  const n = length - off;
  if (n < -1) tvb.check(off, n); // a length before the body: Wireshark cannot cut the frame out
  dissectCarriedFrame(tvb.sub(off, n < 0 ? tvb.remaining(off) : Math.min(n, tvb.remaining(off))), pinfo, tree, node);
}

function flowMod(tvb: Tvb, tree: ProtoTree, node: number): void {
  let off = match(tvb, tree, node, 8);
  tree.add(node, f.cookie, tvb, off, 8, tvb.u64(off));
  off = uint(tree, node, f.command, tvb, off + 8, 2);
  off = uint(tree, node, f.idle_timeout, tvb, off, 2);
  off = uint(tree, node, f.hard_timeout, tvb, off, 2);
  off = uint(tree, node, f.priority, tvb, off, 2);
  off = uint(tree, node, f.buffer_id, tvb, off, 4);
  off = uint(tree, node, f.out_port, tvb, off, 2);
  off = uint(tree, node, f.flags, tvb, off, 2);
  action(tvb, tree, node, off);
}

function statsRequest(tvb: Tvb, tree: ProtoTree, node: number): void {
  const type = tvb.u16(8);
  uint(tree, node, f['stats.type'], tvb, 8, 2);
  uint(tree, node, f.flags, tvb, 10, 2);
  if (type !== 1) return; // OFPST_FLOW: a match, the table, the output port
  const off = match(tvb, tree, node, 12);
  uint(tree, node, f.table_id, tvb, off, 1);
  uint(tree, node, f['stats.request_pad'], tvb, off + 1, 1);
  uint(tree, node, f.out_port, tvb, off + 2, 2);
}

const v1: Dissector = {
  name: 'openflow_v1',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocols.push(P.proto.abbrev);
    const type = tvb.u8(1);
    pinfo.appendInfo(`Type: ${TYPES[type] ?? 'Unknown message type'}`, '');
    // Wireshark's keeps the carried frame from writing the columns by making them read-only for
    // the rest of the frame: later messages of the segment leave them as they are.
    if (type === PACKET_IN || type === PACKET_OUT) pinfo.columnsWritable = false;
    const node = tree.add(parent, P.proto, tvb, 0, tvb.length);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0) & 0x7f);
    tree.add(node, T.type, tvb, 1, 1, type);
    const length = tvb.u16(2);
    tree.add(node, f.length, tvb, 2, 2, length);
    tree.add(node, f.xid, tvb, 4, 4, tvb.u32(4));
    switch (type) {
      case FEATURES_REPLY:
        features(tvb, tree, node, length);
        break;
      case GET_CONFIG_REPLY:
      case SET_CONFIG:
        uint(tree, node, f.config_flags, tvb, 8, 2);
        uint(tree, node, f.miss_send_len, tvb, 10, 2);
        break;
      case PACKET_IN:
        packetIn(tvb, pinfo, tree, node, length);
        break;
      case PACKET_OUT:
        packetOut(tvb, pinfo, tree, node, length);
        break;
      case FLOW_MOD:
        flowMod(tvb, tree, node);
        break;
      case STATS_REQUEST:
      case STATS_REPLY:
        // A reply's body is not decoded; a reply of 12 bytes has none.
        if (type === STATS_REQUEST) statsRequest(tvb, tree, node);
        else {
          uint(tree, node, f['stats.type'], tvb, 8, 2);
          uint(tree, node, f.flags, tvb, 10, 2);
        }
        break;
    }
  },
};

dissectorTable('openflow.version').add(1, v1);
