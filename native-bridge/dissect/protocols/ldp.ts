import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Label Distribution Protocol (RFC 5036), UDP and TCP 646: the PDU header and each message's
 * type; Info lists the messages as Wireshark does (`Label Mapping Message Label Mapping
 * Message `, each followed by a space).
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
  { abbrev: 'ldp.msg.type', name: 'Message Type', type: 'uint', base: 'hex', bits: 16, strings: TYPES },
  { abbrev: 'ldp.msg.len', name: 'Message Length', type: 'uint', bits: 16 },
  { abbrev: 'ldp.msg.id', name: 'Message ID', type: 'uint', base: 'hex', bits: 32 },
]);
const f = P.f;
const HEADER = 10;

const ldp: Dissector = {
  name: 'ldp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LDP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f['hdr.version'], tvb, 0, 2, tvb.u16(0));
    const pduLen = tvb.u16(2);
    tree.add(node, f['hdr.pdu_len'], tvb, 2, 2, pduLen);
    tree.add(node, f['hdr.ldpid.lsr'], tvb, 4, 4, tvb.u32(4));
    tree.add(node, f['hdr.ldpid.lsid'], tvb, 8, 2, tvb.u16(8));
    const end = Math.min(tvb.length, 4 + pduLen);
    let off = HEADER;
    while (off + 4 <= end) {
      const type = tvb.u16(off) & 0x7fff;
      const len = tvb.u16(off + 2);
      tree.add(node, f['msg.type'], tvb, off, 2, type);
      tree.add(node, f['msg.len'], tvb, off + 2, 2, len);
      pinfo.appendInfo(`${TYPES[type] ?? `Unknown Message (0x${type.toString(16).padStart(4, '0')})`} `, '');
      off += 4 + len;
    }
  },
};

dissectorTable('udp.port').add(646, ldp);
dissectorTable('tcp.port').add(646, ldp);
