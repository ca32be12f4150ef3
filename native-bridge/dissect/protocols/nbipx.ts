import type { Dissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { nameTypeText, printName } from './netbios-names.js';
import { IPX_PACKET_TYPE } from './ipx.js';

/**
 * NetBIOS over IPX (socket 0x0455), as TShark 4.0's packet-nbipx.c reads it. There is no
 * public specification: a WAN broadcast (IPX type 20), or a 50-byte packet whose byte 33 is a
 * name operation, starts with 8 IPX networks; then a name type flag or connection control
 * byte, the data stream type, and the NetBIOS name(s) or the session header. Like TShark's,
 * IPX calls it from its socket table without putting it on the protocol stack, while its node
 * is a top-level protocol the hierarchy counts. The fields are TShark's `nmpi.*` and
 * `netbios.*` ones. Datagrams and session data (SMB in TShark) are not decoded.
 */
const P = fieldTable.register('nbipx', 'NetBIOS over IPX', []);
const TYPES: Readonly<Record<number, string>> = {
  1: 'Find name',
  2: 'Name recognized',
  3: 'Check name',
  4: 'Name in use',
  5: 'Deregister name',
  6: 'Session data',
  7: 'Session end',
  8: 'Session end ACK',
  9: 'Status query',
  10: 'Status response',
  11: 'Directed datagram',
};
const N = fieldTable.register('nmpi', 'Name Management Protocol over IPX', [
  { abbrev: 'nmpi.packettype', name: 'Packet Type', type: 'uint', base: 'hex', bits: 8, strings: TYPES },
  { abbrev: 'nmpi.name_flags', name: 'Name type flag', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'nmpi.name_flags.group', name: 'Name', type: 'bool', mask: 0x80, maskBits: 8 },
  { abbrev: 'nmpi.name_flags.in_use', name: 'In use', type: 'bool', mask: 0x40, maskBits: 8 },
  { abbrev: 'nmpi.name_flags.registered', name: 'Registered', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'nmpi.name_flags.duplicated', name: 'Duplicated', type: 'bool', mask: 0x02, maskBits: 8 },
  { abbrev: 'nmpi.name_flags.deregistered', name: 'Deregistered', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'nmpi.conn_control', name: 'Connection control', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'nmpi.conn_control.sys_packet', name: 'Packet', type: 'bool', mask: 0x80, maskBits: 8 },
  { abbrev: 'nmpi.conn_control.ack', name: 'Acknowledgement', type: 'bool', mask: 0x40, maskBits: 8 },
  { abbrev: 'nmpi.conn_control.attention', name: 'Attention', type: 'bool', mask: 0x20, maskBits: 8 },
  { abbrev: 'nmpi.conn_control.end_msg', name: 'End of message', type: 'bool', mask: 0x10, maskBits: 8 },
  { abbrev: 'nmpi.conn_control.resend', name: 'Resend', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'nmpi.session.src_conn_id', name: 'Source connection ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nmpi.session.dest_conn_id', name: 'Destination connection ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nmpi.session.send_seq_number', name: 'Send sequence number', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.session.total_data_length', name: 'Total data length', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.session.offset', name: 'Offset', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.session.data_length', name: 'Data length', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.session.recv_seq_number', name: 'Receive sequence number', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.session.bytes_received', name: 'Bytes received', type: 'uint', bits: 16 },
  { abbrev: 'nmpi.ipx_network', name: 'IPX Network', type: 'bytes' },
]);
const NB = fieldTable.register('netbios', 'NetBIOS', [
  { abbrev: 'netbios.nb_name', name: 'NetBIOS Name', type: 'string' },
  { abbrev: 'netbios.nb_name_type', name: 'NetBIOS Name Type', type: 'uint', base: 'hex', bits: 8 },
]);
const f = N.f;

const WAN_BROADCAST = 20;
const NAME_LENGTH = 16;
const SESSION_FIELDS = [
  'session.src_conn_id',
  'session.dest_conn_id',
  'session.send_seq_number',
  'session.total_data_length',
  'session.offset',
  'session.data_length',
  'session.recv_seq_number',
  'session.bytes_received',
] as const;

function addName(label: string, tvb: Tvb, off: number, tree: ProtoTree, node: number): string {
  tvb.check(off, NAME_LENGTH);
  const name = printName(tvb.view(off, NAME_LENGTH - 1));
  const type = tvb.u8(off + NAME_LENGTH - 1);
  const full = `${name}<${hex(type, 2).slice(2)}>`;
  const sub = tree.add(node, textItem, tvb, off, NAME_LENGTH, undefined, `${label}: ${full} (${nameTypeText(type)})`);
  tree.add(sub, NB.f.nb_name, tvb, off, NAME_LENGTH - 1, name, name);
  tree.add(sub, NB.f.nb_name_type, tvb, off + NAME_LENGTH - 1, 1, type, `${hex(type, 2)} (${nameTypeText(type)})`);
  return full;
}

/** A flags byte under its field, one bit field each. */
function addFlags(tree: ProtoTree, node: number, tvb: Tvb, off: number, keys: readonly (keyof typeof f)[], masks: readonly number[]): void {
  const v = tvb.u8(off);
  const top = tree.add(node, f[keys[0]!], tvb, off, 1, v);
  for (let i = 1; i < keys.length; i++) tree.add(top, f[keys[i]!], tvb, off, 1, (v & masks[i - 1]!) !== 0);
}

const NAME_FLAGS = [
  'name_flags',
  'name_flags.group',
  'name_flags.in_use',
  'name_flags.registered',
  'name_flags.duplicated',
  'name_flags.deregistered',
] as const;
const CONN_CONTROL = [
  'conn_control',
  'conn_control.sys_packet',
  'conn_control.ack',
  'conn_control.attention',
  'conn_control.end_msg',
  'conn_control.resend',
] as const;

const nbipx: Dissector = {
  name: 'nbipx',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NBIPX';
    pinfo.setInfo('');
    // The 8 IPX networks: in a WAN broadcast, or in a 50-byte name reply (the type read first).
    let routes = pinfo.data.get(IPX_PACKET_TYPE) === WAN_BROADCAST;
    if (!routes && tvb.reported === 50) routes = tvb.u8(33) >= 1 && tvb.u8(33) <= 5;
    const node = tree.add(parent, P.proto, tvb, 0, tvb.length);
    let off = 0;
    if (routes) {
      for (let i = 0; i < 8; i++) {
        const net = tvb.view(i * 4, 4);
        if (tvb.u32(i * 4) !== 0) tree.add(node, f.ipx_network, tvb, i * 4, 4, net);
      }
      off = 32;
    }
    const type = tvb.u8(off + 1);
    const typeName = TYPES[type] ?? 'Unknown';
    if (type >= 1 && type <= 5) {
      addFlags(tree, node, tvb, off, NAME_FLAGS, [0x80, 0x40, 0x04, 0x02, 0x01]);
      tree.add(node, f.packettype, tvb, off + 1, 1, type);
      const name = addName('Name', tvb, off + 2, tree, node);
      pinfo.setInfo(`${typeName} ${name}`);
      off += 2 + NAME_LENGTH;
    } else if (type >= 6 && type <= 8) {
      pinfo.setInfo(typeName);
      addFlags(tree, node, tvb, off, CONN_CONTROL, [0x80, 0x40, 0x20, 0x10, 0x08]);
      tree.add(node, f.packettype, tvb, off + 1, 1, type);
      off += 2;
      for (const key of SESSION_FIELDS) {
        tree.add(node, f[key], tvb, off, 2, tvb.u16(off, true));
        off += 2;
      }
    } else if (type === 11) {
      pinfo.setInfo(typeName);
      addFlags(tree, node, tvb, off, CONN_CONTROL, [0x80, 0x40, 0x20, 0x10, 0x08]);
      tree.add(node, f.packettype, tvb, off + 1, 1, type);
      addName("Receiver's Name", tvb, off + 2, tree, node);
      addName("Sender's Name", tvb, off + 2 + NAME_LENGTH, tree, node);
      off += 2 + 2 * NAME_LENGTH;
    } else {
      pinfo.setInfo(typeName);
      tree.add(node, f.packettype, tvb, off + 1, 1, type);
      off += 2;
    }
    tree.setLength(node, Math.min(off, tvb.length));
  },
};

dissectorTable('ipx.socket').add(0x0455, nbipx);
