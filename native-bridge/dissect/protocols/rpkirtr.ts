import type { Dissector } from '../core/dissector.js';
import { type FieldInfo, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { dissectTcpPdus, type TcpPdus } from './tcp-pdus.js';

/**
 * RPKI to Router protocol (RFC 8210, TCP 323), PDU by PDU as TCP delivers them (one node each,
 * Wireshark's tcp_dissect_pdus): version, type, and the fields of each type TShark reads
 * (session ID, serial number, prefixes, intervals, an error report's encapsulated PDU and
 * text over their stated lengths). Info lists the PDU types (`Serial Notify, End of Data`).
 */
const TYPES: Record<number, string> = {
  0: 'Serial Notify',
  1: 'Serial Query',
  2: 'Reset Query',
  3: 'Cache Response',
  4: 'IPv4 Prefix',
  6: 'IPv6 Prefix',
  7: 'End of Data',
  8: 'Cache Reset',
  9: 'Router Key',
  10: 'Error Report',
  11: 'ASPA',
};
const P = fieldTable.register('rpkirtr', 'RPKI-Router Protocol', []);
// TShark names the fields `rpki-rtr.*`, apart from the protocol's own name.
const f = fieldTable.register('rpki-rtr', 'RPKI-Router Protocol PDU', [
  { abbrev: 'rpki-rtr.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'rpki-rtr.pdu_type', name: 'PDU Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'rpki-rtr.length', name: 'Length', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.session_id', name: 'Session ID', type: 'uint', bits: 16 },
  { abbrev: 'rpki-rtr.serial_number', name: 'Serial Number', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'rpki-rtr.prefix_length', name: 'Prefix Length', type: 'uint', bits: 8 },
  { abbrev: 'rpki-rtr.max_length', name: 'Max length', type: 'uint', bits: 8 },
  { abbrev: 'rpki-rtr.ipv4_prefix', name: 'IPv4 Prefix', type: 'ipv4' },
  { abbrev: 'rpki-rtr.ipv6_prefix', name: 'IPv6 Prefix', type: 'ipv6' },
  { abbrev: 'rpki-rtr.as_number', name: 'AS Number', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.error_code', name: 'Error Code', type: 'uint', bits: 16 },
  { abbrev: 'rpki-rtr.length_pdu', name: 'Length of Encapsulated PDU', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.error_pdu', name: 'Erroneous PDU', type: 'bytes' },
  { abbrev: 'rpki-rtr.length_text', name: 'Length of text', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.error_text', name: 'Erroneous Text', type: 'string' },
  { abbrev: 'rpki-rtr.refresh_interval', name: 'Refresh Interval', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.retry_interval', name: 'Retry Interval', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.expire_interval', name: 'Expire Interval', type: 'uint', bits: 32 },
  { abbrev: 'rpki-rtr.subject_key_identifier', name: 'Subject Key Identifier', type: 'bytes' },
]).f;

const HEADER = 8;

const pdus: TcpPdus = {
  fixed: HEADER,
  length: (tvb, off) => tvb.u32(off + 4),
  dissect(tvb, pinfo, tree, parent) {
    const node = tree.add(parent, P.proto, tvb, 0, tvb.length);
    const version = tvb.u8(0);
    tree.add(node, f.version, tvb, 0, 1, version);
    const type = tvb.u8(1);
    tree.add(node, f.pdu_type, tvb, 1, 1, type);
    pinfo.appendInfo(TYPES[type] ?? `Unknown (${type})`, ', ');
    const u32 = (field: FieldInfo, at: number): void => {
      tree.add(node, field, tvb, at, 4, tvb.u32(at));
    };
    const length = (): void => u32(f.length, 4);
    switch (type) {
      case 0:
      case 1:
      case 7:
        tree.add(node, f.session_id, tvb, 2, 2, tvb.u16(2));
        length();
        u32(f.serial_number, 8);
        if (type === 7 && version >= 1) {
          u32(f.refresh_interval, 12);
          u32(f.retry_interval, 16);
          u32(f.expire_interval, 20);
        }
        break;
      case 2:
      case 8:
        tvb.check(2, 2); // reserved
        length();
        break;
      case 3:
        tree.add(node, f.session_id, tvb, 2, 2, tvb.u16(2));
        length();
        break;
      case 4:
      case 6: {
        tvb.check(2, 2);
        length();
        tree.add(node, f.flags, tvb, 8, 1, tvb.u8(8));
        tree.add(node, f.prefix_length, tvb, 9, 1, tvb.u8(9));
        tree.add(node, f.max_length, tvb, 10, 1, tvb.u8(10));
        tvb.check(11, 1);
        if (type === 4) tree.add(node, f.ipv4_prefix, tvb, 12, 4, tvb.u32(12));
        else tree.add(node, f.ipv6_prefix, tvb, 12, 16, tvb.view(12, 16));
        const at = type === 4 ? 16 : 28;
        u32(f.as_number, at);
        break;
      }
      case 9:
        // Version 0 has no router keys (an expert note in TShark); the key itself is DER, not read.
        if (version < 1) break;
        tree.add(node, f.flags, tvb, 2, 1, tvb.u8(2));
        tvb.check(3, 2);
        length();
        tree.add(node, f.subject_key_identifier, tvb, 8, 20, tvb.view(8, 20));
        u32(f.as_number, 28);
        break;
      case 10: {
        tree.add(node, f.error_code, tvb, 2, 2, tvb.u16(2));
        length();
        const pduLen = tvb.u32(8);
        tree.add(node, f.length_pdu, tvb, 8, 4, pduLen);
        tree.add(node, f.error_pdu, tvb, 12, pduLen, tvb.view(12, pduLen));
        const at = 12 + pduLen;
        const textLen = tvb.u32(at);
        tree.add(node, f.length_text, tvb, at, 4, textLen);
        tree.add(node, f.error_text, tvb, at + 4, textLen, tvb.ascii(at + 4, textLen));
        break;
      }
    }
  },
};

const rpkirtr: Dissector = {
  name: 'rpkirtr',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RPKI-RTR';
    pinfo.setInfo('');
    pinfo.protocols.push(P.proto.abbrev);
    dissectTcpPdus(pdus, tvb, pinfo, tree, parent);
  },
};

dissectorTable('tcp.port').add(323, rpkirtr);
