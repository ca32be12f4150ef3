import type { Dissector } from '../core/dissector.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex, ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';
import { internetChecksum } from '../../common/index.js';
import { dissectQuoted, matchEcho } from './icmp-common.js';
import { EXTENSION_FIELDS, EXT_ECHO_REPLY, EXT_ECHO_REQUEST, dissectExtensions, extensionOffset } from './icmp-extensions.js';
import { inError } from './ip-common.js';

/**
 * Internet Control Message Protocol (RFC 792). Echo carries id and sequence (shown, as
 * Wireshark does, both big- and little-endian in the Info column); errors quote the offending
 * IP header and the start of its payload, decoded behind a fence (icmp-common.ts). The
 * checksum is verified when the whole message was captured (Wireshark does so by default).
 */
const TYPES: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench (flow control)',
  5: 'Redirect',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
  15: 'Information request',
  16: 'Information reply',
  17: 'Address mask request',
  18: 'Address mask reply',
  30: 'Traceroute',
  40: 'Photuris',
  42: 'Extended Echo request',
  43: 'Extended Echo reply',
};
const UNREACH = [
  'Network unreachable',
  'Host unreachable',
  'Protocol unreachable',
  'Port unreachable',
  'Fragmentation needed',
  'Source route failed',
  'Destination network unknown',
  'Destination host unknown',
  'Source host isolated',
  'Network administratively prohibited',
  'Host administratively prohibited',
  'Network unreachable for TOS',
  'Host unreachable for TOS',
  'Communication administratively filtered',
  'Host precedence violation',
  'Precedence cutoff in effect',
];
const REDIRECT = ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'];
const TTL = ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'];
const PARAM = ['Pointer indicates the error', 'Required option missing', 'Bad length'];

const P = fieldTable.register('icmp', 'Internet Control Message Protocol', [
  { abbrev: 'icmp.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'icmp.code', name: 'Code', type: 'uint', bits: 8 },
  { abbrev: 'icmp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'icmp.checksum.status', name: 'Checksum Status', type: 'uint', bits: 8, strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
  { abbrev: 'icmp.ident', name: 'Identifier (BE)', type: 'uint', bits: 16 },
  { abbrev: 'icmp.ident_le', name: 'Identifier (LE)', type: 'uint', bits: 16 },
  { abbrev: 'icmp.seq', name: 'Sequence Number (BE)', type: 'uint', bits: 16 },
  { abbrev: 'icmp.seq_le', name: 'Sequence Number (LE)', type: 'uint', bits: 16 },
  { abbrev: 'icmp.unused', name: 'Unused', type: 'bytes' },
  { abbrev: 'icmp.mtu', name: 'MTU of next hop', type: 'uint', bits: 16 },
  { abbrev: 'icmp.pointer', name: 'Pointer', type: 'uint', bits: 32 },
  { abbrev: 'icmp.redir_gw', name: 'Gateway Address', type: 'ipv4' },
  { abbrev: 'icmp.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'icmp.originate_timestamp', name: 'Originate Timestamp', type: 'uint', bits: 32 },
  { abbrev: 'icmp.receive_timestamp', name: 'Receive Timestamp', type: 'uint', bits: 32 },
  { abbrev: 'icmp.transmit_timestamp', name: 'Transmit Timestamp', type: 'uint', bits: 32 },
  { abbrev: 'icmp.address_mask', name: 'Address Mask', type: 'ipv4' },
  { abbrev: 'icmp.resp_to', name: 'Request frame', type: 'framenum' },
  { abbrev: 'icmp.resptime', name: 'Response time', type: 'double' },
  ...EXTENSION_FIELDS,
]);

function codeName(type: number, code: number): string {
  switch (type) {
    case 3:
      return UNREACH[code] ?? '';
    case 5:
      return REDIRECT[code] ?? '';
    case 11:
      return TTL[code] ?? '';
    case 12:
      return PARAM[code] ?? '';
    case 42:
    case 43:
      // RFC 8335's codes; TShark names any other one.
      return (type === 42 ? EXT_ECHO_REQUEST : EXT_ECHO_REPLY)[code] ?? `Unknown code: ${code}`;
    default:
      return '';
  }
}

/** ICMP's expert items (packet-icmp.c's, those we check). */
const EI = expertTable('icmp', 'ICMP', [{ name: 'icmp.checksum_bad', severity: 'warn', group: 'checksum', summary: 'Bad checksum' }]);

/** The checksum field that would make a message good: from its checksum over the bytes (`sum`, not 0) and the field as sent (RFC 1624 arithmetic). */
function shouldBe(sum: number, field: number): number {
  const add = (a: number, b: number): number => {
    const t = a + b;
    return (t & 0xffff) + (t >>> 16);
  };
  return ~add(~sum & 0xffff, ~field & 0xffff) & 0xffff;
}

/**
 * The datagram an error message quotes, with the reads TShark makes to cut it (inside the
 * error packet, see dissectQuoted): the bytes from 8 on, a redirect's first one, and the
 * quoted total length where RFC 4884's length could bound it.
 */
function quotedDatagram(tvb: Tvb, type: number, words: number): Tvb {
  tvb.check(8, 0); // tvb_new_subset_remaining(tvb, 8)
  const rest = tvb.sub(8);
  if (type === 5) tvb.u8(8);
  else if (words !== 0 && tvb.reported > 8 + words * 4) tvb.u16(10);
  return words !== 0 && words * 4 <= tvb.length - 8 && (type === 3 || type === 11) ? tvb.sub(8, words * 4) : rest;
}

const icmp: Dissector = {
  name: 'icmp',
  dissect(tvb, pinfo, tree, parent) {
    const error = inError(pinfo);
    if (!error) pinfo.protocol = 'ICMP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, 6); // TShark reads type, code, checksum and the RFC 4884 length first
    const f = P.f;
    const type = tvb.u8(0);
    const code = tvb.u8(1);
    const typeStr = TYPES[type] ?? 'Unknown ICMP (obsolete or malformed?)';
    const codeStr = codeName(type, code);
    tree.add(node, f.type, tvb, 0, 1, type, `Type: ${type} (${typeStr})`);
    tree.add(node, f.code, tvb, 1, 1, code, codeStr ? `Code: ${code} (${codeStr})` : undefined);
    const sum = tvb.u16(2);
    // Verifiable only when the whole message is here (not cut short, not a quoted one).
    const whole = !error && pinfo.frame.capLen === pinfo.frame.wireLen;
    const good = whole ? internetChecksum(tvb.bytes) === 0 : undefined;
    const sumNode = tree.add(node, f.checksum, tvb, 2, 2, sum);
    if (good === false)
      addExpert(
        tree,
        sumNode,
        tvb,
        EI.checksum_bad,
        `Bad checksum [should be 0x${shouldBe(internetChecksum(tvb.bytes), sum).toString(16).padStart(4, '0')}]`,
      );
    tree.add(node, f['checksum.status'], tvb, 2, 0, good === undefined ? 2 : good ? 1 : 0);
    let info = typeStr.padEnd(20);
    if (codeStr) info += ` (${codeStr})`;
    switch (type) {
      case 0:
      case 8:
      case 13:
      case 14:
      case 15:
      case 16:
      case 17:
      case 18: {
        const id = tvb.u16(4);
        const seq = tvb.u16(6);
        const idLe = tvb.u16(4, true);
        const seqLe = tvb.u16(6, true);
        tree.add(node, f.ident, tvb, 4, 2, id);
        tree.add(node, f.ident_le, tvb, 4, 2, idLe);
        tree.add(node, f.seq, tvb, 6, 2, seq);
        tree.add(node, f.seq_le, tvb, 6, 2, seqLe);
        info += ` id=${hex(id, 4)}, seq=${seq}/${seqLe}`;
        if (pinfo.ipTtl >= 0) info += `, ttl=${pinfo.ipTtl}`;
        if ((type === 0 || type === 8) && !error) info += matchEcho(f, 4, type === 8, id, seq, tvb, pinfo, tree, node);
        if (type === 13 || type === 14) {
          tree.add(node, f.originate_timestamp, tvb, 8, 4, tvb.u32(8));
          tree.add(node, f.receive_timestamp, tvb, 12, 4, tvb.u32(12));
          tree.add(node, f.transmit_timestamp, tvb, 16, 4, tvb.u32(16));
        } else if (type === 17 || type === 18) {
          tree.add(node, f.address_mask, tvb, 8, 4, tvb.u32(8));
        } else if (tvb.length > 8) {
          callData(tvb.sub(8), pinfo, tree, node);
        }
        break;
      }
      case 3:
      case 4:
      case 5:
      case 11:
      case 12: {
        if (type === 5) {
          const gw = tvb.u32(4);
          tree.add(node, f.redir_gw, tvb, 4, 4, gw);
          info += ` gateway ${ipv4String(gw)}`;
        } else if (type === 12) {
          tree.add(node, f.pointer, tvb, 4, 1, tvb.u8(4));
        } else if (type === 3 && code === 4) {
          tree.add(node, f.unused, tvb, 4, 2, tvb.view(4, 2));
          tree.add(node, f.mtu, tvb, 6, 2, tvb.u16(6));
        } else if (type !== 4) {
          // TShark 4.0 shows nothing of a source quench's second word.
          tree.add(node, f.unused, tvb, 4, 4, tvb.view(4, 4));
        }
        // RFC 4884: a nonzero length (32-bit words) bounds the quoted datagram; extensions follow.
        const words = type === 5 ? 0 : tvb.u8(5);
        if (words !== 0 && type !== 12) tree.add(node, f.length, tvb, 5, 1, words);
        if (!error) pinfo.setInfo(info);
        dissectQuoted(0x0800, () => quotedDatagram(tvb, type, words), pinfo, tree, node);
        const ext = extensionOffset(tvb, words);
        if (ext >= 0) {
          tvb.check(ext, 0);
          dissectExtensions(f, tvb.sub(ext), tree, node);
        }
        return;
      }
      case 42:
        // Extended echo request (RFC 8335): its probe is an extension structure.
        if (tvb.reported > 8) dissectExtensions(f, tvb.sub(8), tree, node);
        break;
      case 43:
        break;
      default:
        if (tvb.length > 4) callData(tvb.sub(4), pinfo, tree, node);
    }
    if (!error) pinfo.setInfo(info);
  },
};

/** ICMP's extension fields, for ICMPv6's extended echo request, whose probe is an ICMP extension structure (as in TShark). */
export const ICMP_EXTENSION_FIELDS = P.f;

dissectorTable('ip.proto').add(1, icmp);
