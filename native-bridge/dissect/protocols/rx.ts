import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { type RxHeader, dissectAfs } from './afs.js';

/**
 * Rx, AFS's remote procedure call protocol over UDP (ports 7000-7009 and 7021): the 28-byte
 * header, then by packet type the ACK, CHALLENGE, RESPONSE and ABORT bodies; DATA packets carry
 * an AFS call (afs.ts). Info is Wireshark's (`ACK Delay  Seq: 0  Call: 290  Source Port: 7001
 * Destination Port: 7000  `, two spaces after each part). A payload shorter than the header or
 * of a type Rx does not know is refused, so it falls to `data`.
 */
const TYPES: Record<number, string> = {
  1: 'data',
  2: 'ack',
  3: 'busy',
  4: 'abort',
  5: 'ackall',
  6: 'challenge',
  7: 'response',
  8: 'debug',
  9: 'params',
  13: 'version',
};
const REASONS: Record<number, string> = {
  1: 'Ack Requested',
  2: 'Duplicate Packet',
  3: 'Out Of Sequence',
  4: 'Exceeds Window',
  5: 'No Space',
  6: 'Ping',
  7: 'Ping Response',
  8: 'Delay',
  9: 'Idle',
};
const P = fieldTable.register('rx', 'RX Protocol', [
  { abbrev: 'rx.epoch', name: 'Epoch', type: 'time', timeFormat: 'local' },
  { abbrev: 'rx.cid', name: 'CID', type: 'uint', bits: 32 },
  { abbrev: 'rx.callnumber', name: 'Call Number', type: 'uint', bits: 32 },
  { abbrev: 'rx.seq', name: 'Sequence Number', type: 'uint', bits: 32 },
  { abbrev: 'rx.serial', name: 'Serial', type: 'uint', bits: 32 },
  { abbrev: 'rx.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'rx.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'rx.flags.free_packet', name: 'Free Packet', type: 'bool', mask: 0x10, maskBits: 8 },
  { abbrev: 'rx.flags.more_packets', name: 'More Packets', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'rx.flags.last_packet', name: 'Last Packet', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'rx.flags.request_ack', name: 'Request Ack', type: 'bool', mask: 0x02, maskBits: 8 },
  { abbrev: 'rx.flags.client_init', name: 'Client Initiated', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'rx.userstatus', name: 'User Status', type: 'uint', bits: 32 },
  { abbrev: 'rx.securityindex', name: 'Security Index', type: 'uint', bits: 32 },
  { abbrev: 'rx.spare', name: 'Spare/Checksum', type: 'uint', bits: 16 },
  { abbrev: 'rx.serviceid', name: 'Service ID', type: 'uint', bits: 16 },
  { abbrev: 'rx.ack', name: 'ACK Packet', type: 'none' },
  { abbrev: 'rx.bufferspace', name: 'Bufferspace', type: 'uint', bits: 16 },
  { abbrev: 'rx.maxskew', name: 'Max Skew', type: 'uint', bits: 16 },
  { abbrev: 'rx.first', name: 'First Packet', type: 'uint', bits: 32 },
  { abbrev: 'rx.prev', name: 'Prev Packet', type: 'uint', bits: 32 },
  { abbrev: 'rx.reason', name: 'Reason', type: 'uint', bits: 8, strings: REASONS },
  { abbrev: 'rx.num_acks', name: 'Num ACKs', type: 'uint', bits: 8 },
  { abbrev: 'rx.ack_type', name: 'ACK Type', type: 'uint', bits: 8, strings: { 0: 'NACK', 1: 'ACK' } },
  { abbrev: 'rx.max_mtu', name: 'Max MTU', type: 'uint', bits: 32 },
  { abbrev: 'rx.if_mtu', name: 'Interface MTU', type: 'uint', bits: 32 },
  { abbrev: 'rx.rwind', name: 'rwind', type: 'uint', bits: 32 },
  { abbrev: 'rx.max_packets', name: 'Max Packets', type: 'uint', bits: 32 },
  { abbrev: 'rx.challenge', name: 'CHALLENGE Packet', type: 'none' },
  { abbrev: 'rx.version', name: 'Version', type: 'uint', bits: 32 },
  { abbrev: 'rx.nonce', name: 'Nonce', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rx.min_level', name: 'Min Level', type: 'uint', bits: 32 },
  { abbrev: 'rx.response', name: 'RESPONSE Packet', type: 'none' },
  { abbrev: 'rx.encrypted', name: 'Encrypted', type: 'none' },
  { abbrev: 'rx.inc_nonce', name: 'Inc Nonce', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rx.level', name: 'Level', type: 'uint', bits: 32 },
  { abbrev: 'rx.kvno', name: 'kvno', type: 'uint', bits: 32 },
  { abbrev: 'rx.ticket_len', name: 'Ticket len', type: 'uint', bits: 32 },
  { abbrev: 'rx.ticket', name: 'ticket', type: 'bytes' },
  { abbrev: 'rx.abort', name: 'ABORT Packet', type: 'none' },
  { abbrev: 'rx.abort_code', name: 'Abort Code', type: 'int', bits: 32 },
]);
const f = P.f;
const FLAGS = [f['flags.free_packet'], f['flags.more_packets'], f['flags.last_packet'], f['flags.request_ack'], f['flags.client_init']];

const HEADER = 28;
const T_DATA = 1;
const T_ACK = 2;
const T_ABORT = 4;
const T_ACKALL = 5;
const T_CHALLENGE = 6;
const T_RESPONSE = 7;
const T_VERSION = 13;

/** The Info text every packet type but DATA ends with. */
function info(pinfo: PacketInfo, what: string, h: RxHeader): void {
  pinfo.setInfo(`${what}  Seq: ${h.seq}  Call: ${h.callnumber}  Source Port: ${pinfo.srcPort}  Destination Port: ${pinfo.dstPort}  `);
}

/** A 32-bit field at `off`; returns the offset after it. */
function u32(tree: ProtoTree, node: number, field: (typeof f)['cid'], tvb: Tvb, off: number): number {
  tree.add(node, field, tvb, off, 4, tvb.u32(off));
  return off + 4;
}

function acks(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, h: RxHeader): void {
  let off = HEADER;
  const node = tree.add(parent, f.ack, tvb, off, tvb.remaining(off));
  tree.add(node, f.bufferspace, tvb, off, 2, tvb.u16(off));
  tree.add(node, f.maxskew, tvb, off + 2, 2, tvb.u16(off + 2));
  off = u32(tree, node, f.first, tvb, off + 4);
  off = u32(tree, node, f.prev, tvb, off);
  off = u32(tree, node, f.serial, tvb, off);
  const reason = tvb.u8(off);
  tree.add(node, f.reason, tvb, off, 1, reason);
  const count = tvb.u8(off + 1);
  tree.add(node, f.num_acks, tvb, off + 1, 1, count);
  off += 2;
  for (let i = 0; i < count; i++, off++) tree.add(node, f.ack_type, tvb, off, 1, tvb.u8(off));
  // OpenAFS pads the acks with 3 bytes, then up to four 32-bit words may follow.
  if (tvb.remaining(off) > 3) {
    off += 3;
    for (const field of [f.max_mtu, f.if_mtu, f.rwind, f.max_packets]) if (tvb.remaining(off) >= 4) off = u32(tree, node, field, tvb, off);
  }
  tree.setLength(node, off - HEADER);
  info(pinfo, `ACK ${REASONS[reason] ?? reason}`, h);
}

function challenge(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, h: RxHeader): void {
  info(pinfo, 'CHALLENGE', h);
  const node = tree.add(parent, f.challenge, tvb, HEADER, tvb.remaining(HEADER));
  const version = tvb.u32(HEADER);
  let off = u32(tree, node, f.version, tvb, HEADER);
  if (version === 2) off = u32(tree, node, f.min_level, tvb, u32(tree, node, f.nonce, tvb, off));
  tree.setLength(node, off - HEADER);
}

function response(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, h: RxHeader): void {
  info(pinfo, 'RESPONSE', h);
  const node = tree.add(parent, f.response, tvb, HEADER, tvb.remaining(HEADER));
  const version = tvb.u32(HEADER);
  let off = u32(tree, node, f.version, tvb, HEADER);
  if (version === 2) {
    off += 4; // unused
    const start = off;
    const enc = tree.add(node, f.encrypted, tvb, off, tvb.remaining(off));
    tree.add(enc, f.epoch, tvb, off, 4, [tvb.u32(off), 0]);
    off = u32(tree, enc, f.cid, tvb, off + 4) + 4; // then a checksum, not decoded
    tree.add(enc, f.securityindex, tvb, off, 1, tvb.u8(off));
    off += 4;
    for (let i = 0; i < 4; i++) off = u32(tree, enc, f.callnumber, tvb, off);
    off = u32(tree, enc, f.level, tvb, u32(tree, enc, f.inc_nonce, tvb, off));
    tree.setLength(enc, off - start);
    off = u32(tree, node, f.kvno, tvb, off);
    const ticketLen = tvb.u32(off);
    off = u32(tree, node, f.ticket_len, tvb, off);
    tvb.check(off, ticketLen);
    tree.add(node, f.ticket, tvb, off, ticketLen, tree.building ? tvb.view(off, ticketLen) : undefined);
    off += ticketLen;
  }
  tree.setLength(node, off - HEADER);
}

function abort(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, h: RxHeader): void {
  info(pinfo, 'ABORT', h);
  const node = tree.add(parent, f.abort, tvb, HEADER, tvb.remaining(HEADER));
  tree.add(node, f.abort_code, tvb, HEADER, 4, tvb.u32(HEADER) | 0);
  tree.setLength(node, 4);
}

const rx: Dissector = {
  name: 'rx',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length < HEADER) return false;
    const type = tvb.u8(20);
    if (type === 0 || type === 10 || type === 11 || type === 12 || type > 13) return false;
    pinfo.protocol = 'RX';
    pinfo.setInfo('');
    pinfo.protocols.push(P.proto.abbrev);
    const node = tree.add(parent, P.proto, tvb, 0, HEADER);
    const h: RxHeader = {
      epoch: tvb.u32(0),
      cid: tvb.u32(4),
      callnumber: tvb.u32(8),
      seq: tvb.u32(12),
      type,
      flags: tvb.u8(21),
      serviceid: tvb.u16(26),
    };
    tree.add(node, f.epoch, tvb, 0, 4, [h.epoch, 0]);
    tree.add(node, f.cid, tvb, 4, 4, h.cid);
    tree.add(node, f.callnumber, tvb, 8, 4, h.callnumber);
    tree.add(node, f.seq, tvb, 12, 4, h.seq);
    tree.add(node, f.serial, tvb, 16, 4, tvb.u32(16));
    tree.add(node, f.type, tvb, 20, 1, type);
    const flags = tree.add(node, f.flags, tvb, 21, 1, h.flags);
    for (const field of FLAGS) {
      const set = (h.flags & field.mask!) !== 0;
      tree.add(flags, field, tvb, 21, 1, set, tree.building ? `${field.name}: ${set ? 'True' : 'False'}` : undefined);
    }
    tree.add(node, f.userstatus, tvb, 22, 1, tvb.u8(22));
    tree.add(node, f.securityindex, tvb, 23, 1, tvb.u8(23));
    // The service id comes after the spare field, whatever AFS's headers say.
    tree.add(node, f.spare, tvb, 24, 2, tvb.u16(24));
    tree.add(node, f.serviceid, tvb, 26, 2, h.serviceid);
    switch (type) {
      case T_ACK:
        acks(tvb, pinfo, tree, node, h);
        break;
      case T_ACKALL:
        info(pinfo, 'ACKALL', h);
        break;
      case T_VERSION:
        info(pinfo, `VERSION ${h.cid === 0 ? 'NAT ping' : 'request'}`, h);
        break;
      case T_CHALLENGE:
        challenge(tvb, pinfo, tree, node, h);
        break;
      case T_RESPONSE:
        response(tvb, pinfo, tree, node, h);
        break;
      case T_DATA:
        dissectAfs(tvb.sub(HEADER), pinfo, tree, parent, h);
        break;
      case T_ABORT:
        abort(tvb, pinfo, tree, node, h);
        break;
    }
    return true;
  },
};

for (let port = 7000; port <= 7009; port++) dissectorTable('udp.port').add(port, rx);
dissectorTable('udp.port').add(7021, rx);
