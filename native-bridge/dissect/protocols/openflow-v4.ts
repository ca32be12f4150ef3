import type { Dissector } from '../core/dissector.js';
import { type FieldInfo, fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectCarriedFrame } from './openflow.js';

/**
 * OpenFlow 1.3 messages (openflow.ts cuts them from the stream), and the decoder OpenFlow 1.4
 * and 1.5 share with it (`laterVersion`): the header, Info `Type: OFPT_PACKET_IN` (1.3 adds the
 * multipart type: `Type: OFPT_MULTIPART_REPLY, OFPMP_PORT_DESC`), the fixed fields of the
 * common messages, a PACKET_IN's match and a PACKET_OUT's actions walked by their lengths to the
 * Ethernet frame they carry (decoded with the columns locked), and an ERROR's copy of the
 * failed request's header. Other bodies are not decoded.
 */

/** Names for consecutive numbers from 0 (`undefined`: a number with no name). */
export function names(list: readonly (string | undefined)[]): Record<number, string> {
  const out: Record<number, string> = {};
  list.forEach((name, i) => {
    if (name !== undefined) out[i] = name;
  });
  return out;
}

// biome-ignore format: name lists
const TYPES_V4 = ['OFPT_HELLO', 'OFPT_ERROR', 'OFPT_ECHO_REQUEST', 'OFPT_ECHO_REPLY', 'OFPT_EXPERIMENTER',
  'OFPT_FEATURES_REQUEST', 'OFPT_FEATURES_REPLY', 'OFPT_GET_CONFIG_REQUEST', 'OFPT_GET_CONFIG_REPLY', 'OFPT_SET_CONFIG',
  'OFPT_PACKET_IN', 'OFPT_FLOW_REMOVED', 'OFPT_PORT_STATUS', 'OFPT_PACKET_OUT', 'OFPT_FLOW_MOD', 'OFPT_GROUP_MOD',
  'OFPT_PORT_MOD', 'OFPT_TABLE_MOD', 'OFPT_MULTIPART_REQUEST', 'OFPT_MULTIPART_REPLY', 'OFPT_BARRIER_REQUEST',
  'OFPT_BARRIER_REPLY', 'OFPT_QUEUE_GET_CONFIG_REQUEST', 'OFPT_QUEUE_GET_CONFIG_REPLY', 'OFPT_ROLE_REQUEST',
  'OFPT_ROLE_REPLY', 'OFPT_GET_ASYNC_REQUEST', 'OFPT_GET_ASYNC_REPLY', 'OFPT_SET_ASYNC', 'OFPT_METER_MOD'];
// biome-ignore format: name lists
const MULTIPART_V4 = ['OFPMP_DESC', 'OFPMP_FLOW', 'OFPMP_AGGREGATE', 'OFPMP_TABLE', 'OFPMP_PORT_STATS', 'OFPMP_QUEUE',
  'OFPMP_GROUP', 'OFPMP_GROUP_DESC', 'OFPMP_GROUP_FEATURES', 'OFPMP_METER', 'OFPMP_METER_CONFIG', 'OFPMP_METER_FEATURES',
  'OFPMP_TABLE_FEATURES', 'OFPMP_PORT_DESC'];
// biome-ignore format: name lists
const ERRORS = ['OFPET_HELLO_FAILED', 'OFPET_BAD_REQUEST', 'OFPET_BAD_ACTION', 'OFPET_BAD_INSTRUCTION', 'OFPET_BAD_MATCH',
  'OFPET_FLOW_MOD_FAILED', 'OFPET_GROUP_MOD_FAILED', 'OFPET_PORT_MOD_FAILED', 'OFPET_TABLE_MOD_FAILED',
  'OFPET_QUEUE_OP_FAILED', 'OFPET_SWITCH_CONFIG_FAILED', 'OFPET_ROLE_REQUEST_FAILED', 'OFPET_METER_MOD_FAILED',
  'OFPET_TABLE_FEATURES_FAILED'];
const EXPERIMENTER = 0xffff;
const OXM_CLASSES = { 0: 'OFPXMC_NMX_0', 1: 'OFPXMC_NXM_1', 0x8000: 'OFPXMC_OPENFLOW_BASIC', 0xffff: 'OFPXMC_EXPERIMENTER' };

/** A later version: its protocol name and title, its names, and how its messages differ from 1.3's. */
export interface LaterVersion<P extends string> {
  name: P;
  title: string;
  types: Readonly<Record<number, string>>;
  multipart: Readonly<Record<number, string>>;
  /** Whether Info names the multipart type too (1.3 does, 1.4 and 1.5 do not). */
  multipartInfo: boolean;
  /** Whether a PACKET_OUT carries a match instead of an input port (1.5). */
  packetOutMatch: boolean;
  /**
   * TShark 4.0's 1.5 decoder reads an OpenFlow-basic OXM field's number at 8 times its offset
   * (a bit offset given as a byte offset), so such a match is malformed unless the message
   * happens to be that long: reproduced, as TShark is the reference.
   */
  oxmFieldAtBitOffset: boolean;
}

function register<const P extends string>(v: LaterVersion<P>) {
  const p = v.name;
  return fieldTable.register(p, v.title, [
    { abbrev: `${p}.version`, name: 'Version', type: 'uint', base: 'hex', bits: 8 },
    { abbrev: `${p}.type`, name: 'Type', type: 'uint', bits: 8, strings: v.types },
    { abbrev: `${p}.length`, name: 'Length', type: 'uint', bits: 16 },
    { abbrev: `${p}.xid`, name: 'Transaction ID', type: 'uint', bits: 32 },
    {
      abbrev: `${p}.error.type`,
      name: 'Type',
      type: 'uint',
      bits: 16,
      strings: { ...names(ERRORS), [EXPERIMENTER]: 'OFPET_EXPERIMENTER' },
    },
    { abbrev: `${p}.error.code`, name: 'Code', type: 'uint', bits: 16 },
    { abbrev: `${p}.echo.data`, name: 'Data', type: 'bytes' },
    { abbrev: `${p}.switch_features.datapath_id`, name: 'datapath_id', type: 'uint', base: 'hex', bits: 64 },
    { abbrev: `${p}.switch_features.n_buffers`, name: 'n_buffers', type: 'uint', bits: 32 },
    { abbrev: `${p}.switch_features.n_tables`, name: 'n_tables', type: 'uint', bits: 8 },
    { abbrev: `${p}.switch_features.auxiliary_id`, name: 'auxiliary_id', type: 'uint', bits: 8 },
    { abbrev: `${p}.switch_features.capabilities`, name: 'capabilities', type: 'uint', base: 'hex', bits: 32 },
    { abbrev: `${p}.switch_config.flags`, name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
    { abbrev: `${p}.switch_config.miss_send_len`, name: 'Miss send length', type: 'uint', bits: 16 },
    { abbrev: `${p}.packet_in.buffer_id`, name: 'Buffer ID', type: 'uint', bits: 32 },
    { abbrev: `${p}.packet_in.total_len`, name: 'Total length', type: 'uint', bits: 16 },
    { abbrev: `${p}.packet_in.reason`, name: 'Reason', type: 'uint', bits: 8 },
    { abbrev: `${p}.packet_in.table_id`, name: 'Table ID', type: 'uint', bits: 8 },
    { abbrev: `${p}.packet_in.cookie`, name: 'Cookie', type: 'uint', base: 'hex', bits: 64 },
    { abbrev: `${p}.packet_in.pad`, name: 'Pad', type: 'bytes' },
    { abbrev: `${p}.match.type`, name: 'Type', type: 'uint', bits: 16, strings: { 0: 'OFPMT_STANDARD', 1: 'OFPMT_OXM' } },
    { abbrev: `${p}.match.length`, name: 'Length', type: 'uint', bits: 16 },
    { abbrev: `${p}.match.pad`, name: 'Pad', type: 'bytes' },
    { abbrev: `${p}.oxm.class`, name: 'Class', type: 'uint', base: 'hex', bits: 16, strings: OXM_CLASSES },
    { abbrev: `${p}.oxm.field`, name: 'Field', type: 'uint', bits: 8 },
    { abbrev: `${p}.oxm.hm`, name: 'Has mask', type: 'bool' },
    { abbrev: `${p}.oxm.length`, name: 'Length', type: 'uint', bits: 8 },
    { abbrev: `${p}.oxm.value`, name: 'Value', type: 'bytes' },
    { abbrev: `${p}.packet_out.buffer_id`, name: 'Buffer ID', type: 'uint', bits: 32 },
    { abbrev: `${p}.packet_out.in_port`, name: 'In port', type: 'uint', bits: 32 },
    { abbrev: `${p}.packet_out.acts_len`, name: 'Actions length', type: 'uint', bits: 16 },
    { abbrev: `${p}.packet_out.pad`, name: 'Pad', type: 'bytes' },
    { abbrev: `${p}.action.type`, name: 'Type', type: 'uint', bits: 16 },
    { abbrev: `${p}.action.length`, name: 'Length', type: 'uint', bits: 16 },
    { abbrev: `${p}.flow_removed.cookie`, name: 'Cookie', type: 'uint', base: 'hex', bits: 64 },
    { abbrev: `${p}.flow_removed.priority`, name: 'Priority', type: 'uint', bits: 16 },
    { abbrev: `${p}.flow_removed.reason`, name: 'Reason', type: 'uint', bits: 8 },
    { abbrev: `${p}.flow_removed.table_id`, name: 'Table ID', type: 'uint', bits: 8 },
    { abbrev: `${p}.multipart_request.type`, name: 'Type', type: 'uint', bits: 16, strings: v.multipart },
    { abbrev: `${p}.multipart_request.flags`, name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
    { abbrev: `${p}.multipart_reply.type`, name: 'Type', type: 'uint', bits: 16, strings: v.multipart },
    { abbrev: `${p}.multipart_reply.flags`, name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  ]).f;
}
type Fields = ReturnType<typeof register<'openflow_v4'>>;

const ERROR = 1;
const ECHO_REQUEST = 2;
const ECHO_REPLY = 3;
const FEATURES_REPLY = 6;
const GET_CONFIG_REPLY = 8;
const SET_CONFIG = 9;
const PACKET_IN = 10;
const FLOW_REMOVED = 11;
const PACKET_OUT = 13;
const MULTIPART_REQUEST = 18;
const MULTIPART_REPLY = 19;
const OFPMT_OXM = 1;
const OXM_BASIC = 0x8000;

/** A field of 1, 2, 4 or 8 bytes at `off`; returns the offset after it. */
function num(c: Message, field: FieldInfo, off: number, bytes: 1 | 2 | 4 | 8): number {
  const { tvb } = c;
  const v = bytes === 1 ? tvb.u8(off) : bytes === 2 ? tvb.u16(off) : bytes === 4 ? tvb.u32(off) : tvb.u64(off);
  c.tree.add(c.node, field, tvb, off, bytes, v);
  return off + bytes;
}

function bytes(c: Message, field: FieldInfo, off: number, n: number): number {
  c.tvb.check(off, n);
  c.tree.add(c.node, field, c.tvb, off, n, c.tree.wants(field) ? c.tvb.view(off, n) : undefined);
  return off + n;
}

interface Message {
  tvb: Tvb;
  pinfo: PacketInfo;
  tree: ProtoTree;
  node: number;
  f: Fields;
  /** The message's length from its header. */
  length: number;
  v: LaterVersion<string>;
}

/** A match (1.3 `ofp_match`): its OXM fields walked by their lengths, padded to 8 bytes; returns the offset after it. */
function match(c: Message, at: number): number {
  const { tvb, tree, f } = c;
  const type = tvb.u16(at);
  const len = tvb.u16(at + 2);
  const padded = Math.ceil(len / 8) * 8;
  const node = tree.add(c.node, textItem, tvb, at, padded, undefined, 'Match');
  const m = { ...c, node };
  num(m, f['match.type'], at, 2);
  num(m, f['match.length'], at + 2, 2);
  let off = at + 4;
  if (type === OFPMT_OXM) {
    // Each OXM field is at least its 4-byte header long, so the walk ends.
    for (const end = at + len; off < end; ) off = oxm(m, off);
  } else if (len > 4) off += len - 4;
  return padded > len ? bytes(m, f['match.pad'], off, padded - len) : off;
}

function oxm(c: Message, at: number): number {
  const { tvb, tree, f } = c;
  const fieldHm = tvb.u8(at + 2);
  const len = tvb.u8(at + 3);
  const node = tree.add(c.node, textItem, tvb, at, len + 4, undefined, 'OXM field');
  const o = { ...c, node };
  const cls = tvb.u16(at);
  num(o, f['oxm.class'], at, 2);
  if (c.v.oxmFieldAtBitOffset && cls === OXM_BASIC) {
    const wrong = (at + 2) * 8;
    tvb.check(wrong, 7);
    tree.add(node, f['oxm.field'], tvb, wrong, 7, tvb.u8(wrong) >> 1);
  } else tree.add(node, f['oxm.field'], tvb, at + 2, 1, fieldHm >> 1);
  tree.add(node, f['oxm.hm'], tvb, at + 2, 1, (fieldHm & 1) !== 0);
  num(o, f['oxm.length'], at + 3, 1);
  return bytes(o, f['oxm.value'], at + 4, len);
}

/** Actions from `at`, `len` bytes of them, each walked by its length; returns the offset after them. */
function actions(c: Message, at: number, len: number): number {
  const { tvb, tree, f } = c;
  let off = at;
  for (const end = at + len; off < end; ) {
    const actLen = tvb.u16(off + 2);
    const node = tree.add(c.node, textItem, tvb, off, actLen, undefined, 'Action');
    const a = { ...c, node };
    num(a, f['action.type'], off, 2);
    num(a, f['action.length'], off + 2, 2);
    if (actLen < 4) break; // a length that would not move on: the rest is not walked
    off += actLen;
  }
  return off;
}

/** The Ethernet frame from `off` to the message's end, if any. */
function data(c: Message, off: number): void {
  if (off >= c.length) return;
  const n = Math.min(c.length - off, c.tvb.remaining(off));
  const node = c.tree.add(c.node, textItem, c.tvb, off, n, undefined, 'Data');
  dissectCarriedFrame(c.tvb.sub(off, n), c.pinfo, c.tree, node);
}

function packetIn(c: Message): void {
  const { f } = c;
  num(c, f['packet_in.buffer_id'], 8, 4);
  num(c, f['packet_in.total_len'], 12, 2);
  num(c, f['packet_in.reason'], 14, 1);
  num(c, f['packet_in.table_id'], 15, 1);
  num(c, f['packet_in.cookie'], 16, 8);
  const off = bytes(c, f['packet_in.pad'], match(c, 24), 2);
  data(c, off);
}

function packetOut(c: Message, withMatch: boolean): void {
  const { tvb, f } = c;
  num(c, f['packet_out.buffer_id'], 8, 4);
  let off = 12;
  if (!withMatch) off = num(c, f['packet_out.in_port'], off, 4);
  const actsLen = tvb.u16(off);
  off = num(c, f['packet_out.acts_len'], off, 2);
  off = bytes(c, f['packet_out.pad'], off, withMatch ? 2 : 6);
  if (withMatch) off = match(c, off);
  data(c, actions(c, off, actsLen));
}

/** An ERROR's type and code, and the header of the failed request it quotes. */
function error(c: Message): void {
  const { tvb, tree, f } = c;
  const type = tvb.u16(8);
  num(c, f['error.type'], 8, 2);
  num(c, f['error.code'], 10, 2);
  if (type === 0 || type === EXPERIMENTER || ERRORS[type] === undefined || c.length <= 12) return;
  const node = tree.add(c.node, textItem, tvb, 12, Math.max(0, Math.min(c.length - 12, tvb.remaining(12))), undefined, 'Body');
  const q = { ...c, node };
  if (tvb.remaining(12) < 8) return;
  num(q, f.version, 12, 1);
  num(q, f.type, 13, 1);
  num(q, f.length, 14, 2);
  num(q, f.xid, 16, 4);
}

function body(c: Message, type: number): void {
  const { tvb, f, v } = c;
  switch (type) {
    case ERROR:
      error(c);
      break;
    case ECHO_REQUEST:
    case ECHO_REPLY:
      if (c.length > 8) bytes(c, f['echo.data'], 8, Math.min(c.length - 8, tvb.remaining(8)));
      break;
    case FEATURES_REPLY:
      num(c, f['switch_features.datapath_id'], 8, 8);
      num(c, f['switch_features.n_buffers'], 16, 4);
      num(c, f['switch_features.n_tables'], 20, 1);
      num(c, f['switch_features.auxiliary_id'], 21, 1);
      num(c, f['switch_features.capabilities'], 24, 4);
      break;
    case GET_CONFIG_REPLY:
    case SET_CONFIG:
      num(c, f['switch_config.flags'], 8, 2);
      num(c, f['switch_config.miss_send_len'], 10, 2);
      break;
    case PACKET_IN:
      packetIn(c);
      break;
    case PACKET_OUT:
      packetOut(c, v.packetOutMatch);
      break;
    case FLOW_REMOVED:
      num(c, f['flow_removed.cookie'], 8, 8);
      num(c, f['flow_removed.priority'], 16, 2);
      num(c, f['flow_removed.reason'], 18, 1);
      num(c, f['flow_removed.table_id'], 19, 1);
      break;
    case MULTIPART_REQUEST:
    case MULTIPART_REPLY: {
      const mp = tvb.u16(8);
      num(c, type === MULTIPART_REQUEST ? f['multipart_request.type'] : f['multipart_reply.type'], 8, 2);
      if (v.multipartInfo) c.pinfo.appendInfo(`, ${v.multipart[mp] ?? 'Unknown type'}`, '');
      num(c, type === MULTIPART_REQUEST ? f['multipart_request.flags'] : f['multipart_reply.flags'], 10, 2);
      break;
    }
  }
}

/** The decoder of OpenFlow 1.3 and the later versions, which differ in names and little else. */
export function laterVersion<const P extends string>(v: LaterVersion<P>): Dissector {
  const f = register(v) as Fields;
  const proto = fieldTable.get(v.name)!;
  return {
    name: v.name,
    dissect(tvb, pinfo, tree, parent) {
      pinfo.protocols.push(v.name);
      const type = tvb.u8(1);
      pinfo.appendInfo(`Type: ${v.types[type] ?? 'Unknown message type'}`, '');
      const node = tree.add(parent, proto, tvb, 0, tvb.length);
      const length = tvb.u16(2);
      const c: Message = { tvb, pinfo, tree, node, f, length, v };
      num(c, f.version, 0, 1);
      num(c, f.type, 1, 1);
      num(c, f.length, 2, 2);
      num(c, f.xid, 4, 4);
      body(c, type);
    },
  };
}

dissectorTable('openflow.version').add(
  4,
  laterVersion({
    name: 'openflow_v4',
    title: 'OpenFlow 1.3',
    types: names(TYPES_V4),
    multipart: { ...names(MULTIPART_V4), [EXPERIMENTER]: 'OFPMP_EXPERIMENTER' },
    multipartInfo: true,
    packetOutMatch: false,
    oxmFieldAtBitOffset: false,
  }),
);
