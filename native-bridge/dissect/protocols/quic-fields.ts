import { expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';

/** QUIC's fields (packet-quic.c's names) and expert items, shared by quic.ts and quic-frames.ts. */
export const LONG_PACKET_TYPES: Readonly<Record<number, string>> = { 0: 'Initial', 1: '0-RTT', 2: 'Handshake', 3: 'Retry' };

const PN_LENGTHS: Readonly<Record<number, string>> = { 0: '1 bytes', 1: '2 bytes', 2: '3 bytes', 3: '4 bytes' };

/** Version names (packet-quic.c's quic_version_vals, the single values and the IETF drafts). */
export const VERSIONS: Readonly<Record<number, string>> = (() => {
  const v: Record<number, string> = {
    0: 'Version Negotiation',
    1: '1',
    0x6b3343cf: '2',
    0x709a50c4: 'v2-draft-01',
    0x51303433: 'Google Q043',
    0x51303434: 'Google Q044',
    0x51303436: 'Google Q046',
    0x51303530: 'Google Q050',
    0x54303530: 'Google T050',
    0x54303531: 'Google T051',
    0xfaceb001: 'Facebook mvfst (draft-22)',
    0xfaceb002: 'Facebook mvfst (draft-27)',
    0xfaceb00e: 'Facebook mvfst (Experimental)',
  };
  for (let d = 4; d <= 34; d++) v[0xff000000 + d] = `draft-${String(d).padStart(2, '0')}`;
  return v;
})();

export const QUIC = fieldTable.register('quic', 'QUIC IETF', [
  { abbrev: 'quic.connection.number', name: 'Connection Number', type: 'uint', bits: 32, generated: true },
  { abbrev: 'quic.packet_length', name: 'Packet Length', type: 'uint', bits: 32, generated: true },
  { abbrev: 'quic.header_form', name: 'Header Form', type: 'uint', bits: 8, mask: 0x80, strings: { 0: 'Short Header', 1: 'Long Header' } },
  { abbrev: 'quic.fixed_bit', name: 'Fixed Bit', type: 'bool', mask: 0x40 },
  { abbrev: 'quic.long.packet_type', name: 'Packet Type', type: 'uint', bits: 8, mask: 0x30, strings: LONG_PACKET_TYPES },
  { abbrev: 'quic.long.reserved', name: 'Reserved', type: 'uint', bits: 8, mask: 0x0c },
  { abbrev: 'quic.packet_number_length', name: 'Packet Number Length', type: 'uint', bits: 8, mask: 0x03, strings: PN_LENGTHS },
  { abbrev: 'quic.version', name: 'Version', type: 'uint', base: 'hex', bits: 32, strings: VERSIONS },
  { abbrev: 'quic.dcil', name: 'Destination Connection ID Length', type: 'uint', bits: 8 },
  { abbrev: 'quic.dcid', name: 'Destination Connection ID', type: 'bytes' },
  { abbrev: 'quic.scil', name: 'Source Connection ID Length', type: 'uint', bits: 8 },
  { abbrev: 'quic.scid', name: 'Source Connection ID', type: 'bytes' },
  { abbrev: 'quic.token_length', name: 'Token Length', type: 'uint', bits: 64 },
  { abbrev: 'quic.token', name: 'Token', type: 'bytes' },
  { abbrev: 'quic.length', name: 'Length', type: 'uint', bits: 64 },
  { abbrev: 'quic.packet_number', name: 'Packet Number', type: 'uint', bits: 64 },
  { abbrev: 'quic.payload', name: 'Payload', type: 'bytes' },
  { abbrev: 'quic.remaining_payload', name: 'Remaining Payload', type: 'bytes' },
  { abbrev: 'quic.short', name: 'QUIC Short Header', type: 'none' },
  { abbrev: 'quic.spin_bit', name: 'Spin Bit', type: 'bool', mask: 0x20 },
  { abbrev: 'quic.vn.unused', name: 'Unused', type: 'uint', base: 'hex', bits: 8, mask: 0x7f },
  { abbrev: 'quic.supported_version', name: 'Supported Version', type: 'uint', base: 'hex', bits: 32, strings: VERSIONS },
  { abbrev: 'quic.retry_token', name: 'Retry Token', type: 'bytes' },
  { abbrev: 'quic.retry_integrity_tag', name: 'Retry Integrity Tag', type: 'bytes' },
  { abbrev: 'quic.frame', name: 'Frame', type: 'none' },
  // BASE_HEX with range strings in packet-quic.c: -T fields prints it in decimal, the tree in hex.
  { abbrev: 'quic.frame_type', name: 'Frame Type', type: 'uint', bits: 64 },
  { abbrev: 'quic.padding_length', name: 'Padding Length', type: 'uint', bits: 32, generated: true },
  { abbrev: 'quic.ack.largest_acknowledged', name: 'Largest Acknowledged', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ack_delay', name: 'ACK Delay', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ack_range_count', name: 'ACK Range Count', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.first_ack_range', name: 'First ACK Range', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.gap', name: 'Gap', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ack_range', name: 'ACK Range', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ect0_count', name: 'ECT(0) Count', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ect1_count', name: 'ECT(1) Count', type: 'uint', bits: 64 },
  { abbrev: 'quic.ack.ecn_ce_count', name: 'ECN-CE Count', type: 'uint', bits: 64 },
  { abbrev: 'quic.crypto.offset', name: 'Offset', type: 'uint', bits: 64 },
  { abbrev: 'quic.crypto.length', name: 'Length', type: 'uint', bits: 64 },
  { abbrev: 'quic.crypto.crypto_data', name: 'Crypto Data', type: 'none' },
  { abbrev: 'quic.nt.length', name: '(Token) Length', type: 'uint', bits: 64 },
  { abbrev: 'quic.nt.token', name: 'Token', type: 'bytes' },
  { abbrev: 'quic.stream.stream_id', name: 'Stream ID', type: 'uint', bits: 64 },
  { abbrev: 'quic.stream.offset', name: 'Offset', type: 'uint', bits: 64 },
  { abbrev: 'quic.stream.length', name: 'Length', type: 'uint', bits: 64 },
  { abbrev: 'quic.stream_data', name: 'Stream Data', type: 'bytes' },
  { abbrev: 'quic.cc.error_code', name: 'Error code', type: 'uint', bits: 64 },
  { abbrev: 'quic.cc.reason_phrase', name: 'Reason phrase', type: 'string' },
]);

export const QUIC_EXPERT = expertTable('quic', 'QUIC', [
  { name: 'quic.decryption_failed', severity: 'warn', group: 'decryption', summary: 'Failed to decrypt handshake' },
  { name: 'quic.retransmission', severity: 'note', group: 'sequence', summary: 'This may be a retransmission' },
  { name: 'quic.ft_unknown', severity: 'note', group: 'undecoded', summary: 'Unknown Frame Type' },
  { name: 'quic.coalesced_padding_data', severity: 'note', group: 'protocol', summary: 'Coalesced Padding Data' },
  { name: 'quic.connections_full', severity: 'note', group: 'undecoded', summary: 'Connection not tracked: too many QUIC connections' },
  { name: 'quic.bad_retry', severity: 'warn', group: 'protocol', summary: 'Retry Packet integrity check failed' },
]);
