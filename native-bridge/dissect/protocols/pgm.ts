import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Pragmatic General Multicast (RFC 3208, IP protocol 113): the common header and each type's
 * sequence number; ODATA/RDATA payload goes to `data`. Info is Wireshark's
 * (`ODATA sqn 0xd6a7 gsi 3329041eba74 tsdulen 1436`). Options are not decoded.
 */
const TYPES: Record<number, string> = {
  0x00: 'SPM',
  0x01: 'POLL',
  0x02: 'POLR',
  0x04: 'ODATA',
  0x05: 'RDATA',
  0x08: 'NAK',
  0x09: 'NNAK',
  0x0a: 'NCF',
  0x0d: 'ACK',
};
const POLL_SUBTYPES: Record<number, string> = { 0: 'General', 1: 'DLR' };
const P = fieldTable.register('pgm', 'Pragmatic General Multicast', [
  { abbrev: 'pgm.hdr.sport', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'pgm.hdr.dport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'pgm.port', name: 'Port', type: 'uint', bits: 16, hidden: true },
  { abbrev: 'pgm.hdr.type', name: 'Type', type: 'uint', base: 'hex', bits: 8, strings: TYPES },
  { abbrev: 'pgm.hdr.opts', name: 'Options', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'pgm.hdr.cksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'pgm.hdr.gsi', name: 'Global Source Identifier', type: 'bytes' },
  { abbrev: 'pgm.hdr.tsdulen', name: 'Transport Service Data Unit Length', type: 'uint', bits: 16 },
  { abbrev: 'pgm.spm.sqn', name: 'Sequence number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'pgm.nak.sqn', name: 'Requested Sequence Number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'pgm.poll.sqn', name: 'Sequence Number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'pgm.poll.subtype', name: 'Subtype', type: 'uint', base: 'hex', bits: 16, strings: POLL_SUBTYPES },
  { abbrev: 'pgm.polr.sqn', name: 'Sequence Number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'pgm.ack.maxsqn', name: 'Maximum Received Sequence Number', type: 'uint', base: 'hex', bits: 32 },
]);
const f = P.f;

function hexString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

const SQN = { 0x00: f['spm.sqn'], 0x01: f['poll.sqn'], 0x02: f['polr.sqn'], 0x04: f['spm.sqn'], 0x05: f['spm.sqn'] };

const pgm: Dissector = {
  name: 'pgm',
  dissect(tvb, pinfo, tree, parent) {
    // No room past the common header: not PGM (TShark leaves such bytes to `data`).
    if (tvb.length <= 16) return false;
    pinfo.protocol = 'PGM';
    // A type PGM does not define: TShark names the protocol and shows nothing else.
    if (TYPES[tvb.u8(4)] === undefined) {
      pinfo.setInfo('');
      return;
    }
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const sport = tvb.u16(0);
    const dport = tvb.u16(2);
    tree.add(node, f['hdr.sport'], tvb, 0, 2, sport);
    tree.add(node, f['hdr.dport'], tvb, 2, 2, dport);
    tree.add(node, f.port, tvb, 0, 2, sport);
    tree.add(node, f.port, tvb, 2, 2, dport);
    const type = tvb.u8(4);
    tree.add(node, f['hdr.type'], tvb, 4, 1, type);
    tree.add(node, f['hdr.opts'], tvb, 5, 1, tvb.u8(5));
    tree.add(node, f['hdr.cksum'], tvb, 6, 2, tvb.u16(6));
    const gsi = tvb.view(8, 6);
    tree.add(node, f['hdr.gsi'], tvb, 8, 6, gsi);
    const tsdulen = tvb.u16(14);
    tree.add(node, f['hdr.tsdulen'], tvb, 14, 2, tsdulen);
    const name = TYPES[type] ?? '';
    const sqn = tvb.u32(16);
    const sqnField = SQN[type as keyof typeof SQN] ?? (type === 0x0d ? f['ack.maxsqn'] : f['nak.sqn']);
    tree.add(node, sqnField, tvb, 16, 4, sqn);
    pinfo.setInfo(`${name.padEnd(5)} sqn 0x${sqn.toString(16)} gsi ${hexString(gsi)}`);
    if (type === 0x01) {
      const sub = tvb.u16(22);
      tree.add(node, f['poll.subtype'], tvb, 22, 2, sub);
      pinfo.appendInfo(`subtype ${POLL_SUBTYPES[sub] ?? 'Unknown'}`);
    } else if (type === 0x08 || type === 0x09 || type === 0x0a) {
      // NAK, NNAK, NCF: the source's and the group's address, each after its family and a
      // reserved field; TShark stops at a family it has no format for.
      let off = 20;
      for (let k = 0; k < 2; k++) {
        const afi = tvb.u16(off);
        tvb.check(off + 2, 2);
        off += 4;
        if (afi !== 1 && afi !== 2) {
          tvb.check(off, 1);
          return;
        }
        tvb.check(off, afi === 1 ? 4 : 16);
        off += afi === 1 ? 4 : 16;
      }
    } else if (type === 0x04 || type === 0x05) {
      pinfo.appendInfo(`tsdulen ${tsdulen}`);
      // The data follows the trailing edge and any options.
      let off = 24;
      if (tvb.u8(5) & 0x01) off += tvb.u16(off + 2);
      if (off < tvb.length) callData(tvb.sub(off), pinfo, tree, parent);
    }
  },
};

dissectorTable('ip.proto').add(113, pgm);
