import { beginProtocol, callData } from '../core/dispatch.js';
import type { Dissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * TIPC (Transparent Inter Process Communication), EtherType 0x88ca, as TShark 4.0's packet-tipc.c
 * reads it: as far as the stack and columns need. Word 0 gives the version, user, header size and
 * message size. Version 2 (or user 7, the old configuration protocol) shows Info as the user's
 * short name padded to 12 (`Payld:Low`), then the message type, a payload's error and port name
 * (`NamedMsg type:1000 inst:0`); a payload message's data after its header goes to `data`.
 * Versions 0 and 1 show ` USER(n) TYPE(n) `; other versions no Info, and are read with version
 * 1's layout (so a cut capture ends where TShark's does). Not decoded: the internal users' words
 * beyond the common header (bundles, fragments, link state, name distribution), the TIPC
 * addresses as Source and Destination, TIPC over UDP and TCP.
 */
const P = fieldTable.register('tipc', 'Transparent Inter Process Communication(TIPC)', [
  { abbrev: 'tipc.ver', name: 'Version', type: 'uint', bits: 32, mask: 0xe0000000, maskBits: 32 },
  { abbrev: 'tipc.usr', name: 'User', type: 'uint', bits: 32, mask: 0x1e000000, maskBits: 32 },
  { abbrev: 'tipc.hdr_size', name: 'Header size', type: 'uint', bits: 32, mask: 0x01e00000, maskBits: 32 },
  { abbrev: 'tipc.msg_size', name: 'Message size', type: 'uint', bits: 32, mask: 0x0001ffff, maskBits: 32 },
  { abbrev: 'tipc.org_port', name: 'Originating port', type: 'uint', bits: 32 },
  { abbrev: 'tipc.dst_port', name: 'Destination port', type: 'uint', bits: 32 },
  { abbrev: 'tipc.data_type', name: 'Message type', type: 'uint', bits: 32, mask: 0xe0000000, maskBits: 32 },
  { abbrev: 'tipc.data', name: 'Data', type: 'bytes' },
]);
const f = P.f;

/** Version 2 users' short names (Wireshark's tipcv2_user_short_str_vals). */
const V2_USERS: Readonly<Record<number, string>> = {
  0: 'Payld:Low',
  1: 'Payld:Normal',
  2: 'Payld:High',
  3: 'Payld:NoRej',
  5: 'Broadcast',
  6: 'Bundler',
  7: 'Link State',
  8: 'Conn Mgr',
  9: 'Route Dist',
  10: 'Changeover',
  11: 'Name Dist',
  12: 'Fragmenter',
  13: 'Ngbr Disc',
};
const V2_DATA_TYPES: Readonly<Record<number, string>> = { 0: 'ConnMsg', 1: 'McastMsg', 2: 'NamedMsg', 3: 'DirectMsg' };
const V2_ERRORS: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'ErrNoName',
  2: 'ErrNoPort',
  3: 'ErrNoNode',
  4: 'ErrOverload',
  5: 'ConnShutdown',
  6: 'ConnError',
};
/** Each version 2 internal user's message type names. */
const V2_TYPES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  5: { 0: 'Bcast' },
  7: { 0: 'State', 1: 'Reset', 2: 'Activate' },
  8: { 0: 'Probe', 1: 'ProbeReply', 2: 'Ack' },
  9: { 0: 'ExtRoutingTab', 1: 'LocalRoutingTab', 2: 'SecRoutingTab', 3: 'RouteAddition', 4: 'RouteRemoval' },
  10: { 0: 'Duplicate', 1: 'Original' },
  12: { 0: 'First', 1: 'Fragment', 2: 'Last' },
  13: { 0: 'Request', 1: 'Response' },
};
const NAMING_TYPES: Readonly<Record<number, string>> = { 0: 'Publication', 1: 'Withdrawal' };
const CONN_MANAGER_V2 = 8;
const NAME_DISTRIBUTOR_V2 = 11;
const LINK_PROTOCOL_V2 = 7;

/** Version 1 users and their message types (Wireshark's tipc_user_values and the per-user tables). */
const V1_USERS: Readonly<Record<number, string>> = {
  0: 'DATA_PRIO_0',
  1: 'DATA_PRIO_1',
  2: 'DATA_PRIO_2',
  3: 'DATA_NON_REJECTABLE',
  8: 'ROUTING_MANAGER',
  9: 'NAME_DISTRIBUTOR',
  10: 'CONNECTION_MANAGER',
  11: 'LINK_PROTOCOL',
  13: 'CHANGEOVER_PROTOCOL',
  14: 'SEGMENTATION_MANAGER',
  15: 'MSG_BUNDLER',
};
const V1_DATA_TYPES: Readonly<Record<number, string>> = { 0: 'CONN_MSG', 2: 'NAMED_MSG', 3: 'DIRECT_MSG', 4: 'OVERLOAD_W_MSG' };
const V1_TYPES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  8: { 0: 'EXT_ROUTING_TABLE', 1: 'LOCAL_ROUTING_TABLE', 2: 'DP_ROUTING_TABLE', 3: 'ROUTE_ADDITION', 4: 'ROUTE_REMOVAL' },
  9: { 0: 'PUBLICATION', 1: 'WITHDRAWAL' },
  10: { 0: 'CONNECTION_PROBE', 1: 'CONNECTION_PROBE_REPLY' },
  11: { 10: 'RESET_MSG', 11: 'ACTIVATE_MSG', 12: 'STATE_MSG' },
  13: { 0: 'DUPLICATE_MSG', 1: 'ORIGINAL_MSG', 2: 'INFO_MSG' },
  14: { 1: 'FIRST_SEGMENT', 2: 'SEGMENT' },
};
/** Version 1 users whose messages are internal (read by another layout). */
const V1_INTERNAL = new Set([8, 11, 13, 14, 15]);
const V1_NAME_DISTRIBUTOR = 9;
const V1_BUNDLER = 15;

/** A TIPC address `zone.cluster.node`. */
function addressText(w: number): string {
  return `${(w >>> 24) & 0xff}.${(w >>> 12) & 0xfff}.${w & 0xfff}`;
}

function addNode(tree: ProtoTree, node: number, label: string, tvb: Tvb, off: number): void {
  tree.add(node, textItem, tvb, off, 4, undefined, `${label}: ${addressText(tvb.u32(off))}`);
}

/** Info of a version 2 message (Wireshark's tipc_v2_set_info_col). */
function v2Info(tvb: Tvb, pinfo: PacketInfo, user: number, type: number, hdrSize: number): void {
  let info = (V2_USERS[user] ?? 'unknown').padEnd(12);
  pinfo.setInfo(info);
  if (user < 4) {
    info += ` ${V2_DATA_TYPES[type] ?? 'unknown'}`;
    pinfo.setInfo(info);
    const error = (tvb.u32(4) >>> 25) & 0xf;
    if (error > 0) info += ` ${V2_ERRORS[error] ?? 'unknown'}`;
    if (hdrSize > 8) {
      pinfo.setInfo(info);
      info += ` type:${tvb.u32(32) | 0}`;
      if (hdrSize > 9) {
        pinfo.setInfo(info);
        info += ` inst:${tvb.u32(36) | 0}`;
        if (hdrSize > 10) {
          pinfo.setInfo(info);
          info += `-${tvb.u32(40) | 0}`;
        }
      }
    }
  } else if (user === CONN_MANAGER_V2) {
    const error = (tvb.u32(4) >>> 25) & 0xf;
    if (error > 0) info += ` ${V2_ERRORS[error] ?? 'unknown'}`;
    info += ` ${V2_TYPES[user]![type] ?? 'unknown'}`;
  } else if (user === NAME_DISTRIBUTOR_V2) {
    const name = tvb.u32(40) | 0;
    const low = tvb.u32(44) | 0;
    const high = tvb.u32(48) | 0;
    const t = NAMING_TYPES[type] ?? 'unknown';
    info += low === high ? ` ${t} type:${name} inst:${low}` : ` ${t} type:${name} seq:${low}-${high}`;
  } else if (V2_TYPES[user] !== undefined) info += ` ${V2_TYPES[user]![type] ?? 'unknown'}`;
  pinfo.setInfo(info);
}

/** A version 2 message's header words and, for a payload message, its data. */
function v2(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, user: number, hdrSize: number, parent: number): void {
  addItem(tree, node, f.ver, tvb, 0, 4);
  addItem(tree, node, f.usr, tvb, 0, 4);
  const h = addItem(tree, node, f.hdr_size, tvb, 0, 4);
  tree.setText(h, `Header size: ${hdrSize} = ${hdrSize * 4} bytes`);
  addItem(tree, node, f.msg_size, tvb, 0, 4);
  if (user < 4) addItem(tree, node, f.data_type, tvb, 4, 4);
  else tvb.check(4, 4);
  tvb.check(8, 4);
  addNode(tree, node, 'Previous Node', tvb, 12);
  if (user >= 4) {
    // Internal users: their own words follow, up to the header's end.
    tvb.check(16, Math.max(0, hdrSize * 4 - 16));
    return;
  }
  addItem(tree, node, f.org_port, tvb, 16, 4);
  addItem(tree, node, f.dst_port, tvb, 20, 4);
  let off = 24;
  if (hdrSize > 6) {
    addNode(tree, node, 'Originating Node', tvb, 24);
    addNode(tree, node, 'Destination Node', tvb, 28);
    off = 32;
    if (hdrSize > 8) {
      tvb.check(32, 4);
      tvb.check(36, 4);
      off = hdrSize * 4;
    }
  }
  off = Math.max(off, hdrSize * 4);
  // TShark reads the whole payload before handing it on: a capture that cut it ends the frame here.
  if (off < tvb.reported) tvb.check(off, tvb.reported - off);
  if (off < tvb.length) callData(tvb.sub(off), pinfo, tree, parent);
}

/** A message of another version, read with version 1's layout as far as TShark reads it. */
function v1(tvb: Tvb, tree: ProtoTree, node: number, user: number, hdrSize: number): void {
  addItem(tree, node, f.ver, tvb, 0, 4);
  addItem(tree, node, f.usr, tvb, 0, 4);
  addItem(tree, node, f.hdr_size, tvb, 0, 4);
  addItem(tree, node, f.msg_size, tvb, 0, 4);
  tvb.check(4, 4);
  addNode(tree, node, 'Previous processor', tvb, 8);
  if (V1_INTERNAL.has(user)) return;
  addItem(tree, node, f.org_port, tvb, 12, 4);
  if (user !== V1_NAME_DISTRIBUTOR) addItem(tree, node, f.dst_port, tvb, 16, 4);
  if (hdrSize <= 6) return;
  tvb.check(20, 4);
  addNode(tree, node, 'Originating processor', tvb, 24);
  addNode(tree, node, 'Destination processor', tvb, 28);
  if (hdrSize > 8 && user !== V1_NAME_DISTRIBUTOR) {
    tvb.check(32, 4);
    tvb.check(36, 4);
  }
}

const tipc: Dissector = {
  name: 'tipc',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'TIPC';
    pinfo.setInfo('');
    pinfo.protocols.push(P.proto.abbrev);
    const w0 = tvb.u32(0);
    let version = w0 >>> 29;
    const hdrSize = (w0 >>> 21) & 0xf;
    const user = (w0 >>> 25) & 0xf;
    const msgSize = w0 & 0x1ffff;
    // The message alone when the bytes report it all, else everything there is.
    const msg = tvb.reported < msgSize ? tvb : tvb.pdu(0, msgSize, false);
    if (user === LINK_PROTOCOL_V2) version = 2;
    if (version === 2) v2Info(msg, pinfo, user, msg.u8(4) >> 5, hdrSize);
    else if (version <= 1) {
      const type = msg.u8(20) >> 4;
      let info = ` ${V1_USERS[user] ?? 'unknown'}(${user}) `;
      if (user < 4) info += `${V1_DATA_TYPES[type] ?? 'unknown'}(${type}) `;
      else if (user !== V1_BUNDLER && V1_TYPES[user] !== undefined) info += `${V1_TYPES[user]![type] ?? 'unknown'}(${type}) `;
      pinfo.setInfo(info);
    }
    const node = tree.add(parent, P.proto, msg, 0, msg.length);
    if (version === 2) v2(msg, pinfo, tree, node, user, hdrSize, parent);
    else v1(msg, tree, node, user, hdrSize);
  },
};

dissectorTable('ethertype').add(0x88ca, tipc);
