import type { Dissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectTcpPdus, type TcpPdus } from './tcp-pdus.js';

/**
 * Label Distribution Protocol (RFC 5036), UDP and TCP 646, read as TShark reads it: the PDU
 * header (its length bounds the PDU when shorter than the bytes), then messages while bytes are
 * reported, each message's TLVs over the message's length, each TLV's value over its own length
 * (clamped to what is left). Over TCP, PDU by PDU (Wireshark's tcp_dissect_pdus). A first PDU
 * whose version is not 1 is not LDP. Info lists the messages as Wireshark does (`Label Mapping
 * Message Label Mapping Message `, each followed by a space).
 */
const TYPES: Record<number, string> = {
  0x0001: 'Notification Message',
  0x0100: 'Hello Message',
  0x0200: 'Initialization Message',
  0x0201: 'Keep Alive Message',
  0x0300: 'Address Message',
  0x0301: 'Address Withdrawal Message',
  0x0400: 'Label Mapping Message',
  0x0401: 'Label Request Message',
  0x0402: 'Label Withdrawal Message',
  0x0403: 'Label Release Message',
  0x0404: 'Label Abort Request Message',
};
const P = fieldTable.register('ldp', 'Label Distribution Protocol', [
  { abbrev: 'ldp.hdr.version', name: 'Version', type: 'uint', bits: 16 },
  { abbrev: 'ldp.hdr.pdu_len', name: 'PDU Length', type: 'uint', bits: 16 },
  { abbrev: 'ldp.hdr.ldpid.lsr', name: 'LSR ID', type: 'ipv4' },
  { abbrev: 'ldp.hdr.ldpid.lsid', name: 'Label Space ID', type: 'uint', bits: 16 },
  { abbrev: 'ldp.msg.ubit', name: 'U bit', type: 'bool', mask: 0x80, maskBits: 8 },
  { abbrev: 'ldp.msg.type', name: 'Message Type', type: 'uint', base: 'hex', bits: 16, strings: TYPES },
  { abbrev: 'ldp.msg.len', name: 'Message Length', type: 'uint', bits: 16 },
  { abbrev: 'ldp.msg.id', name: 'Message ID', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'ldp.msg.vendor.id', name: 'Vendor ID', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'ldp.msg.experiment.id', name: 'Experiment ID', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'ldp.msg.tlv.type', name: 'TLV Type', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ldp.msg.tlv.len', name: 'TLV Length', type: 'uint', bits: 16 },
  { abbrev: 'ldp.msg.tlv.value', name: 'TLV Value', type: 'bytes' },
]);
const f = P.f;
const HEADER = 10;
const VENDOR = 0x3e00;
const EXPERIMENTAL = 0x3f00;

/** The message or TLV type range a type falls in: vendor-private and experimental ones carry a 4-byte ID. */
function range(type: number): number {
  return type >= VENDOR && type <= 0x3eff ? VENDOR : type >= EXPERIMENTAL && type <= 0x3fff ? EXPERIMENTAL : 0;
}

/** One TLV at `off`, `rem` bytes of the message left; returns the bytes it takes (Wireshark's dissect_tlv). */
function tlv(tvb: Tvb, tree: ProtoTree, node: number, off: number, rem: number): number {
  const left = Math.min(rem, tvb.reported - off);
  if (left < 4) {
    tree.add(node, textItem, tvb, off, left, undefined, `Error processing TLV: length is ${left}, should be >= 4`);
    return left;
  }
  const type = tvb.u16(off) & 0x3fff;
  const length = Math.min(tvb.u16(off + 2), left - 4);
  const item = tree.add(node, textItem, tvb, off, length + 4, undefined, 'TLV');
  tree.add(item, f['msg.tlv.type'], tvb, off, 2, type);
  tree.add(item, f['msg.tlv.len'], tvb, off + 2, 2, length);
  // Each TLV type's fields lie within its length (a length its type does not allow is shown as
  // an error, not read): what is read is the value.
  tvb.check(off + 4, length);
  if (tree.building) tree.add(item, f['msg.tlv.value'], tvb, off + 4, length, tvb.view(off + 4, length));
  return length + 4;
}

/** One message at `off`; returns the bytes it takes (Wireshark's dissect_msg). */
function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number): number {
  let rem = tvb.reported - off;
  if (rem < 8) {
    pinfo.appendInfo('Bad Message', '');
    tree.add(node, textItem, tvb, off, rem, undefined, `Error processing Message: length is ${rem}, should be >= 8`);
    return rem;
  }
  const raw = tvb.u16(off) & 0x7fff;
  const kind = range(raw);
  const extra = kind !== 0 ? 4 : 0;
  let length = tvb.u16(off + 2);
  if (length < 4 + extra) {
    pinfo.appendInfo('Bad Message Length ', '');
    tree.add(node, textItem, tvb, off, rem, undefined, `Error processing Message Length: length is ${length}, should be >= ${4 + extra}`);
    return rem;
  }
  rem -= 4;
  length = Math.min(length, rem);
  const name =
    kind === VENDOR
      ? `Vendor-Private Message (0x${raw.toString(16).toUpperCase().padStart(4, '0')})`
      : kind === EXPERIMENTAL
        ? `Experimental Message (0x${raw.toString(16).toUpperCase().padStart(4, '0')})`
        : (TYPES[raw] ?? `Unknown Message (0x${raw.toString(16).toUpperCase().padStart(4, '0')})`);
  pinfo.appendInfo(`${name} `, '');
  const msg = tree.add(node, textItem, tvb, off, length + 4, undefined, name);
  tree.add(msg, f['msg.ubit'], tvb, off, 1, (tvb.u8(off) & 0x80) !== 0);
  tree.add(msg, f['msg.type'], tvb, off, 2, raw);
  tree.add(msg, f['msg.len'], tvb, off + 2, 2, tvb.u16(off + 2));
  tree.add(msg, f['msg.id'], tvb, off + 4, 4, tvb.u32(off + 4));
  if (extra > 0) tree.add(msg, kind === VENDOR ? f['msg.vendor.id'] : f['msg.experiment.id'], tvb, off + 8, 4, tvb.u32(off + 8));
  let at = off + 8 + extra;
  const body = length - 4 - extra;
  // Each TLV takes at least one byte (4, or what is left), so this ends within the message.
  for (let done = 0; body - done > 0; ) {
    const n = tlv(tvb, tree, msg, at, body - done);
    at += n;
    done += n;
    if (n === 0) break;
  }
  return length + 8 + extra;
}

/** One PDU in `tvb` (Wireshark's dissect_ldp_pdu): its header, then messages while bytes are reported. */
function pdu(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const pduLen = tvb.u16(2) + 4;
  // A PDU length shorter than the bytes bounds the PDU (tvb_set_reported_length).
  const bounded = pduLen < tvb.reported ? tvb.pdu(0, pduLen, false) : tvb;
  const node = tree.add(parent, P.proto, bounded, 0, bounded.length);
  tree.add(node, f['hdr.version'], bounded, 0, 2, bounded.u16(0));
  tree.add(node, f['hdr.pdu_len'], bounded, 2, 2, pduLen - 4);
  tree.add(node, f['hdr.ldpid.lsr'], bounded, 4, 4, bounded.u32(4));
  tree.add(node, f['hdr.ldpid.lsid'], bounded, 8, 2, bounded.u16(8));
  // Each message takes at least 1 byte (8, or all that is left), so this ends within the PDU.
  for (let off = HEADER; bounded.reported - off > 0; ) {
    const n = message(bounded, pinfo, tree, node, off);
    if (n <= 0) break;
    off += n;
  }
}

/** Wireshark's check before it takes the bytes: two captured, version 1. */
function isLdp(tvb: Tvb): boolean {
  return tvb.length >= 2 && tvb.u16(0) === 1;
}

function begin(pinfo: PacketInfo): void {
  pinfo.protocol = 'LDP';
  pinfo.setInfo('');
  pinfo.protocols.push(P.proto.abbrev);
}

const overTcp: TcpPdus = {
  fixed: 4,
  length: (tvb, off) => tvb.u16(off + 2) + 4,
  dissect: pdu,
};

const ldpUdp: Dissector = {
  name: 'ldp',
  dissect(tvb, pinfo, tree, parent) {
    if (!isLdp(tvb)) return false;
    begin(pinfo);
    pdu(tvb, pinfo, tree, parent);
  },
};

const ldpTcp: Dissector = {
  name: 'ldp',
  dissect(tvb, pinfo, tree, parent) {
    if (!isLdp(tvb)) return false;
    begin(pinfo);
    dissectTcpPdus(overTcp, tvb, pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(646, ldpUdp);
dissectorTable('tcp.port').add(646, ldpTcp);
