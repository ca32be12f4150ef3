import type { Dissector, HeuristicDissector } from '../core/dissector.js';
import { dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { conversationKey } from './conversations.js';
import { LINKTYPE_ETHERNET } from './eth.js';
import { inError } from './ip-common.js';
import { CUT_PAYLOAD_READ } from './tcp.js';
import { dissectTcpPdus, type TcpPdus } from './tcp-pdus.js';

/**
 * OpenFlow over TCP (port 6653; 6633 and 6634 found by a heuristic on the destination port
 * that then claims the conversation, as Wireshark's does). A segment may hold several messages
 * and a message may span segments: `dissectTcpPdus` (Wireshark's tcp_dissect_pdus) cuts each by
 * the 8-byte header's length, has TCP reassemble one cut short, and marks one that breaks off
 * (`showException`) before going on with the next. Each message goes to its version's decoder
 * (table `openflow.version`: 1.0, 1.3, 1.4, 1.5), which names the message type in Info after
 * clearing it, so a segment shows its last message's type, unless a PACKET_IN or PACKET_OUT
 * made the columns read-only (see `dissectCarriedFrame`).
 *
 * The OpenFlow 1.0 fields are `openflow.*` (registered here, with the version); the later
 * versions' are `openflow_v4.*` and so on.
 */
const VERSIONS: Record<number, string> = { 1: '1.0', 2: '1.1', 3: '1.2', 4: '1.3', 5: '1.4', 6: '1.5' };
const STATS_TYPES: Record<number, string> = {
  0: 'OFPST_DESC',
  1: 'OFPST_FLOW',
  2: 'OFPST_AGGREGATE',
  3: 'OFPST_TABLE',
  4: 'OFPST_PORT',
  5: 'OFPST_QUEUE',
  65535: 'OFPST_VENDOR',
};
const ACTION_TYPES: Record<number, string> = {
  0: 'Output to switch port',
  1: 'Set the 802.1q VLAN id',
  2: 'Set the 802.1q priority',
  3: 'Strip the 802.1q header',
  4: 'Ethernet source address',
  5: 'Ethernet destination address',
  6: 'IP source address',
  7: 'IP destination address',
  8: 'TCP/UDP source port',
  9: 'TCP/UDP destination port',
  65535: 'Vendor specific action',
};
const COMMANDS: Record<number, string> = {
  0: 'New flow',
  1: 'Modify all matching flows',
  2: 'Modify entry strictly matching wildcards',
  3: 'Delete all matching flows',
  4: 'Strictly match wildcards and priority',
};
const REASONS: Record<number, string> = {
  0: 'No matching flow (table-miss flow entry)',
  1: 'Action explicitly output to controller',
  2: 'Packet has invalid TTL',
};
const u8 = 8;
const u16 = 16;
const u32 = 32;
export const OF = fieldTable.register('openflow', 'OpenFlow', [
  { abbrev: 'openflow.version', name: 'Version', type: 'uint', base: 'hex', bits: u8, strings: VERSIONS, mask: 0x7f, maskBits: 8 },
  { abbrev: 'openflow.xid', name: 'Transaction ID', type: 'uint', bits: u32 },
  { abbrev: 'openflow.length', name: 'Length', type: 'uint', bits: u16 },
  { abbrev: 'openflow.datapath_id', name: 'Datapath unique ID', type: 'uint', base: 'hex', bits: 64 },
  { abbrev: 'openflow.datapath_mac', name: 'MAC addr', type: 'ether' },
  { abbrev: 'openflow.datapath_imp', name: 'Implementers part', type: 'uint', base: 'hex', bits: u16 },
  { abbrev: 'openflow.n_buffers', name: 'n_buffers', type: 'uint', bits: u32 },
  { abbrev: 'openflow.n_tables', name: 'n_tables', type: 'uint', bits: u8 },
  { abbrev: 'openflow.features_reply.pad', name: 'Pad', type: 'bytes' },
  { abbrev: 'openflow.capabilities', name: 'capabilities', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.actions', name: 'actions', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_no', name: 'Port number', type: 'uint', bits: u16 },
  { abbrev: 'openflow.hw_add', name: 'HW Address', type: 'ether' },
  { abbrev: 'openflow.port_name', name: 'Port Name', type: 'string' },
  { abbrev: 'openflow.port_config', name: 'Config flags', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_state', name: 'State flags', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_curr', name: 'Current features', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_advertised', name: 'Advertised features', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_supported', name: 'Features supported', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.port_peer', name: 'Features advertised by peer', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.config_flags', name: 'Config flags', type: 'uint', base: 'hex', bits: u16 },
  { abbrev: 'openflow.miss_send_len', name: 'Max bytes of packet', type: 'uint', base: 'hex', bits: u16 },
  { abbrev: 'openflow.buffer_id', name: 'Buffer Id', type: 'uint', base: 'hex', bits: u32 },
  { abbrev: 'openflow.total_len', name: 'Total length', type: 'uint', bits: u16 },
  { abbrev: 'openflow.in_port', name: 'In port', type: 'uint', bits: u16 },
  { abbrev: 'openflow.reason', name: 'Reason', type: 'uint', bits: u8, strings: REASONS },
  { abbrev: 'openflow.pkt_in.pad', name: 'Pad', type: 'bytes' },
  { abbrev: 'openflow.actions_len', name: 'Actions length', type: 'uint', bits: u16 },
  { abbrev: 'openflow.action_typ', name: 'Actions type', type: 'uint', bits: u16, strings: ACTION_TYPES },
  { abbrev: 'openflow.action_len', name: 'Action length', type: 'uint', bits: u16 },
  { abbrev: 'openflow.output_port', name: 'Output port', type: 'uint', bits: u16 },
  { abbrev: 'openflow.max_len', name: 'Max length', type: 'uint', bits: u16 },
  { abbrev: 'openflow.wildcards', name: 'Wildcards', type: 'uint', bits: u32 },
  { abbrev: 'openflow.eth_src', name: 'Ethernet source address', type: 'ether' },
  { abbrev: 'openflow.eth_dst', name: 'Ethernet destination address', type: 'ether' },
  { abbrev: 'openflow.dl_vlan', name: 'Input VLAN id', type: 'uint', bits: u16 },
  { abbrev: 'openflow.dl_vlan_pcp', name: 'Input VLAN priority', type: 'uint', bits: u8 },
  { abbrev: 'openflow.ofp_match.pad', name: 'Pad', type: 'bytes' },
  { abbrev: 'openflow.ofp_match.dl_type', name: 'Dl type', type: 'uint', bits: u16 },
  { abbrev: 'openflow.ofp_match.tos', name: 'IP ToS', type: 'uint', bits: u8 },
  { abbrev: 'openflow.ofp_match.nw_proto', name: 'IP protocol', type: 'uint', bits: u8 },
  { abbrev: 'openflow.ofp_match.source_addr', name: 'Source Address', type: 'ipv4' },
  { abbrev: 'openflow.ofp_match.dest_addr', name: 'Destination Address', type: 'ipv4' },
  { abbrev: 'openflow.ofp_match.source_port', name: 'Source Port', type: 'uint', bits: u16 },
  { abbrev: 'openflow.ofp_match.dest_port', name: 'Destination Port', type: 'uint', bits: u16 },
  { abbrev: 'openflow.cookie', name: 'Cookie', type: 'uint', base: 'hex', bits: 64 },
  { abbrev: 'openflow.command', name: 'Command', type: 'uint', bits: u16, strings: COMMANDS },
  { abbrev: 'openflow.idle_timeout', name: 'Idle time-out', type: 'uint', bits: u16 },
  { abbrev: 'openflow.hard_timeout', name: 'hard time-out', type: 'uint', bits: u16 },
  { abbrev: 'openflow.priority', name: 'Priority', type: 'uint', bits: u16 },
  { abbrev: 'openflow.out_port', name: 'Out port', type: 'uint', bits: u32 },
  { abbrev: 'openflow.flags', name: 'Flags', type: 'uint', bits: u16 },
  { abbrev: 'openflow.table_id', name: 'Table Id', type: 'uint', bits: u8 },
  { abbrev: 'openflow.stats.type', name: 'Type', type: 'uint', bits: u16, strings: STATS_TYPES },
  { abbrev: 'openflow.stats.request_pad', name: 'Pad', type: 'uint', bits: u8 },
]);

export const HEADER = 8;
const PORTS = [6633, 6634, 6653];

/**
 * Decodes the Ethernet frame a PACKET_IN or PACKET_OUT carries with the columns read-only, as
 * Wireshark's does (col_set_writable): they keep saying what OpenFlow wrote. They are writable
 * again afterwards only if they were before (an OpenFlow 1.0 PACKET_IN or PACKET_OUT has made
 * them read-only for the rest of the frame) and only if the frame did not break off: Wireshark
 * sets them back on return, so an exception leaves them read-only, and the "[Malformed Packet]"
 * of the frame that broke off is not shown in Info. The frame's addresses and ports are the
 * outer packet's again afterwards in any case.
 */
export function dissectCarriedFrame(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const writable = pinfo.columnsWritable;
  pinfo.columnsWritable = false;
  const addresses = pinfo.saveAddresses();
  try {
    dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, tvb, pinfo, tree, parent);
  } finally {
    // The Source and Destination columns are the outer packet's even when the frame breaks off.
    pinfo.restoreAddresses(addresses);
  }
  pinfo.columnsWritable = writable;
}

/** One message: the version's decoder, or the version alone for one no decoder knows. */
function dissectMessage(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocol = 'OpenFlow';
  pinfo.setInfo('');
  const version = tvb.u8(0);
  const d = dissectorTable('openflow.version').get(version);
  if (d !== undefined) d.dissect(tvb, pinfo, tree, parent);
  else tree.add(parent, OF.f.version, tvb, 0, 1, version & 0x7f);
}

/** Messages cut by their header's length (Wireshark's tcp_dissect_pdus with get_openflow_pdu_length). */
const MESSAGES: TcpPdus = { fixed: HEADER, length: (tvb, offset) => tvb.u16(offset + 2), dissect: dissectMessage };

/** The messages of a segment (or of reassembled bytes). */
function dissectSegment(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocols.push(OF.proto.abbrev);
  pinfo.data.set(CUT_PAYLOAD_READ, true);
  dissectTcpPdus(MESSAGES, tvb, pinfo, tree, parent);
}

const openflow: Dissector = { name: 'openflow', dissect: dissectSegment };

/** Conversations the heuristic claimed: from which frame on (Infinity: not claimed). */
const newClaims = (): Map<string, { claimedFrom: number }> => new Map();

/**
 * Wireshark's OpenFlow heuristic: any segment to port 6633, 6634 or 6653 is OpenFlow, and so is
 * the rest of its conversation from then on, either way (conversation_set_dissector).
 */
const heuristic: HeuristicDissector = {
  name: 'openflow',
  tryDissect(tvb, pinfo, tree, parent) {
    if (inError(pinfo)) return false;
    const claims = pinfo.session.state('openflow.conversations', newClaims);
    const key = conversationKey(pinfo);
    let c = claims.get(key);
    // On a revisit the claim reads as it did on the first pass (see claimingHeuristic).
    if (c === undefined || pinfo.frame.number < c.claimedFrom) {
      if (!PORTS.includes(pinfo.dstPort)) return false;
      if (c === undefined) {
        c = { claimedFrom: Infinity };
        claims.set(key, c);
      }
      if (!pinfo.visited) c.claimedFrom = Math.min(c.claimedFrom, pinfo.frame.number);
    }
    dissectSegment(tvb, pinfo, tree, parent);
    return true;
  },
};

dissectorTable('tcp.port').add(6653, openflow);
heuristicList('tcp').push(heuristic);
