import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Datagram Congestion Control Protocol (RFC 4340, IP protocol 33): the generic header, the
 * acknowledgement subheader and the service code; the payload after the data offset goes to
 * `data`. Info is Wireshark's layout (`39420 → 5001 [Request] Seq=… (service=not specified)`)
 * with the sequence numbers as sent (TShark makes later ones relative to the connection).
 */
const TYPES: Record<number, string> = {
  0: 'Request',
  1: 'Response',
  2: 'Data',
  3: 'Ack',
  4: 'DataAck',
  5: 'CloseReq',
  6: 'Close',
  7: 'Reset',
  8: 'Sync',
  9: 'SyncAck',
};
const P = fieldTable.register('dccp', 'Datagram Congestion Control Protocol', [
  { abbrev: 'dccp.srcport', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'dccp.dstport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'dccp.port', name: 'Source or Destination Port', type: 'uint', bits: 16, hidden: true },
  { abbrev: 'dccp.data_offset', name: 'Data Offset', type: 'uint', bits: 8 },
  { abbrev: 'dccp.ccval', name: 'CCVal', type: 'uint', bits: 8 },
  { abbrev: 'dccp.cscov', name: 'Checksum Coverage', type: 'uint', bits: 8 },
  { abbrev: 'dccp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dccp.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'dccp.x', name: 'Extended Sequence Numbers', type: 'bool' },
  { abbrev: 'dccp.seq', name: 'Sequence Number', type: 'uint', bits: 64 },
  { abbrev: 'dccp.ack', name: 'Acknowledgement Number', type: 'uint', bits: 64 },
  { abbrev: 'dccp.service_code', name: 'Service Code', type: 'uint', bits: 32 },
  { abbrev: 'dccp.reset_code', name: 'Reset Code', type: 'uint', bits: 8 },
]);
const f = P.f;

/** A 24- or 48-bit sequence number at `off`. */
function seqAt(tvb: Parameters<Dissector['dissect']>[0], off: number, extended: boolean): number {
  return extended ? tvb.u16(off) * 2 ** 32 + tvb.u32(off + 2) : tvb.u24(off);
}

const dccp: Dissector = {
  name: 'dccp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DCCP';
    const sport = tvb.u16(0);
    const dport = tvb.u16(2);
    const doff = tvb.u8(4) * 4;
    const node = beginProtocol(P, tvb, pinfo, tree, parent, doff);
    tree.add(node, f.srcport, tvb, 0, 2, sport);
    tree.add(node, f.dstport, tvb, 2, 2, dport);
    tree.add(node, f.port, tvb, 0, 2, sport);
    tree.add(node, f.port, tvb, 2, 2, dport);
    pinfo.setInfo(`${sport} → ${dport} `);
    tree.add(node, f.data_offset, tvb, 4, 1, doff / 4);
    const b5 = tvb.u8(5);
    tree.add(node, f.ccval, tvb, 5, 1, b5 >> 4);
    tree.add(node, f.cscov, tvb, 5, 1, b5 & 0x0f);
    tree.add(node, f.checksum, tvb, 6, 2, tvb.u16(6));
    const b8 = tvb.u8(8);
    const type = (b8 >> 1) & 0x0f;
    const x = (b8 & 1) === 1;
    tree.add(node, f.type, tvb, 8, 1, type);
    tree.add(node, f.x, tvb, 8, 1, x);
    pinfo.appendInfo(`[${TYPES[type] ?? 'Unknown'}]`, '');
    let off = x ? 10 : 9;
    const seq = seqAt(tvb, off, x);
    tree.add(node, f.seq, tvb, off, x ? 6 : 3, seq);
    pinfo.appendInfo(`Seq=${seq}`);
    off += x ? 6 : 3;
    if (type !== 0 && type !== 2 && type <= 9) {
      off += x ? 2 : 1;
      const ack = seqAt(tvb, off, x);
      tree.add(node, f.ack, tvb, off, x ? 6 : 3, ack);
      pinfo.appendInfo(`(Ack=${ack})`);
      off += x ? 6 : 3;
    }
    if (type === 0 || type === 1) {
      const code = tvb.u32(off);
      tree.add(node, f.service_code, tvb, off, 4, code);
      pinfo.appendInfo(`(service=${code === 0 ? 'not specified' : `Unknown (${code})`})`);
    } else if (type === 7) tree.add(node, f.reset_code, tvb, off, 1, tvb.u8(off));
    if (doff > 0 && doff < tvb.length) callData(tvb.sub(doff), pinfo, tree, parent);
  },
};

dissectorTable('ip.proto').add(33, dccp);
