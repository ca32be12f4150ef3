import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { relativeAck, relativeTsn, tsnBases } from './sctp-assoc.js';

/**
 * Stream Control Transmission Protocol (RFC 9260, IP protocol 132): the common header and each
 * chunk's type, flags and length; DATA chunks' TSN, stream and payload protocol id, I-DATA's
 * TSN, SACK's cumulative ack and window. TSNs and acks are relative within an association, as
 * TShark 4.0 shows them by default (sctp-assoc.ts), with the absolute values beside them. Info
 * is Wireshark's list of chunks (`SACK (Ack=0, Arwnd=57320) DATA (TSN=1) `). DATA payloads go
 * to `data` (no payload protocol is decoded yet).
 */
const CHUNKS: Record<number, string> = {
  0: 'DATA',
  1: 'INIT',
  2: 'INIT_ACK',
  3: 'SACK',
  4: 'HEARTBEAT',
  5: 'HEARTBEAT_ACK',
  6: 'ABORT',
  7: 'SHUTDOWN',
  8: 'SHUTDOWN_ACK',
  9: 'ERROR',
  10: 'COOKIE_ECHO',
  11: 'COOKIE_ACK',
  12: 'ECNE',
  13: 'CWR',
  14: 'SHUTDOWN_COMPLETE',
  15: 'AUTH',
  64: 'I_DATA',
  128: 'ASCONF_ACK',
  130: 'RE_CONFIG',
  132: 'PAD',
  192: 'FORWARD_TSN',
  193: 'ASCONF',
  194: 'I_FORWARD_TSN',
};
const P = fieldTable.register('sctp', 'Stream Control Transmission Protocol', [
  { abbrev: 'sctp.srcport', name: 'Source port', type: 'uint', bits: 16 },
  { abbrev: 'sctp.dstport', name: 'Destination port', type: 'uint', bits: 16 },
  { abbrev: 'sctp.port', name: 'Port', type: 'uint', bits: 16, hidden: true },
  { abbrev: 'sctp.verification_tag', name: 'Verification tag', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'sctp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'sctp.chunk_type', name: 'Chunk type', type: 'uint', bits: 8, strings: CHUNKS },
  { abbrev: 'sctp.chunk_flags', name: 'Chunk flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'sctp.chunk_length', name: 'Chunk length', type: 'uint', bits: 16 },
  { abbrev: 'sctp.data_tsn', name: 'Transmission sequence number (relative)', type: 'uint', bits: 32 },
  { abbrev: 'sctp.data_tsn_raw', name: 'Transmission sequence number (absolute)', type: 'uint', bits: 32 },
  { abbrev: 'sctp.data_sid', name: 'Stream identifier', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'sctp.data_ssn', name: 'Stream sequence number', type: 'uint', bits: 16 },
  { abbrev: 'sctp.data_payload_proto_id', name: 'Payload protocol identifier', type: 'uint', bits: 32 },
  { abbrev: 'sctp.sack_cumulative_tsn_ack', name: 'Cumulative TSN ACK (relative)', type: 'uint', bits: 32 },
  { abbrev: 'sctp.sack_cumulative_tsn_ack_raw', name: 'Cumulative TSN ACK (absolute)', type: 'uint', bits: 32 },
  { abbrev: 'sctp.sack_a_rwnd', name: 'Advertised receiver window credit (a_rwnd)', type: 'uint', bits: 32 },
]);
const f = P.f;

/** Chunks a packet may hold before the rest is left undecoded (a crafted packet of tiny chunks). */
const MAX_CHUNKS = 256;

const sctp: Dissector = {
  name: 'sctp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'SCTP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const sport = tvb.u16(0);
    const dport = tvb.u16(2);
    tree.add(node, f.srcport, tvb, 0, 2, sport);
    tree.add(node, f.dstport, tvb, 2, 2, dport);
    tree.add(node, f.port, tvb, 0, 2, sport);
    tree.add(node, f.port, tvb, 2, 2, dport);
    const tag = tvb.u32(4);
    tree.add(node, f.verification_tag, tvb, 4, 4, tag);
    tree.add(node, f.checksum, tvb, 8, 4, tvb.u32(8));
    const [bases, half] = tsnBases(pinfo, sport, dport, tag);
    let off = 12;
    for (let n = 0; n < MAX_CHUNKS && tvb.has(off, 4); n++) {
      const type = tvb.u8(off);
      const len = tvb.u16(off + 2);
      const chunk = tree.add(node, f.chunk_type, tvb, off, Math.min(Math.max(len, 4), tvb.length - off), type);
      tree.add(chunk, f.chunk_flags, tvb, off + 1, 1, tvb.u8(off + 1));
      tree.add(chunk, f.chunk_length, tvb, off + 2, 2, len);
      const name = CHUNKS[type] ?? `RESERVED`;
      // DATA (RFC 9260 3.3.1) and I-DATA (RFC 8260 2.1): a 16- or 20-byte header, then the payload.
      const header = type === 0 ? 16 : type === 64 ? 20 : 0;
      if (header > 0 && len >= header) {
        const tsn = tvb.u32(off + 4);
        const rel = relativeTsn(bases, half, tsn);
        if (rel !== undefined) tree.add(chunk, f.data_tsn, tvb, off + 4, 4, rel);
        tree.add(chunk, f.data_tsn_raw, tvb, off + 4, 4, tsn);
        if (type === 0) {
          tree.add(chunk, f.data_sid, tvb, off + 8, 2, tvb.u16(off + 8));
          tree.add(chunk, f.data_ssn, tvb, off + 10, 2, tvb.u16(off + 10));
          tree.add(chunk, f.data_payload_proto_id, tvb, off + 12, 4, tvb.u32(off + 12));
        }
        pinfo.appendInfo(`${name} (TSN=${rel ?? tsn}) `, '');
        const end = Math.min(off + len, tvb.length);
        if (end > off + header) callData(tvb.sub(off + header, end - off - header), pinfo, tree, parent);
      } else if (type === 3 && len >= 12) {
        const ack = tvb.u32(off + 4);
        const rwnd = tvb.u32(off + 8);
        const rel = relativeAck(bases, ack);
        if (rel !== undefined) tree.add(chunk, f.sack_cumulative_tsn_ack, tvb, off + 4, 4, rel);
        tree.add(chunk, f.sack_cumulative_tsn_ack_raw, tvb, off + 4, 4, ack);
        tree.add(chunk, f.sack_a_rwnd, tvb, off + 8, 4, rwnd);
        pinfo.appendInfo(`SACK (Ack=${rel ?? ack}, Arwnd=${rwnd}) `, '');
      } else pinfo.appendInfo(`${name} `, '');
      if (len < 4) break;
      off += (len + 3) & ~3;
    }
  },
};

dissectorTable('ip.proto').add(132, sctp);
