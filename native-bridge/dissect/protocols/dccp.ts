import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';
import { ConversationTable, endpointKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * Datagram Congestion Control Protocol (RFC 4340, IP protocol 33): the generic header, the
 * acknowledgement subheader and the service code or reset code; the payload after the data
 * offset goes to `data`. Info is Wireshark's layout (`39420 → 5001 [Request] Seq=… (service=not
 * specified)`). Sequence numbers are relative, as TShark 4.0 shows them by default
 * (dccp.relative_sequence_numbers): each direction of a conversation (`dccp.stream`) counts from
 * the sequence number of its first Request or Response, the packets before that and that one
 * itself show the number as sent; an ack counts from the other direction's base.
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
const RESET_CODES: Record<number, string> = {
  0: 'Unspecified',
  1: 'Closed',
  2: 'Aborted',
  3: 'No Connection',
  4: 'Packet Error',
  5: 'Option Error',
  6: 'Mandatory Error',
  7: 'Connection Refused',
  8: 'Bad Service Code',
  9: 'Too Busy',
  10: 'Bad Init Cookie',
  11: 'Aggression Penalty',
  12: 'Reserved',
};
const P = fieldTable.register('dccp', 'Datagram Congestion Control Protocol', [
  { abbrev: 'dccp.srcport', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'dccp.dstport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'dccp.port', name: 'Source or Destination Port', type: 'uint', bits: 16, hidden: true },
  { abbrev: 'dccp.stream', name: 'Stream index', type: 'uint', bits: 32 },
  { abbrev: 'dccp.data_offset', name: 'Data Offset', type: 'uint', bits: 8 },
  { abbrev: 'dccp.ccval', name: 'CCVal', type: 'uint', bits: 8 },
  { abbrev: 'dccp.cscov', name: 'Checksum Coverage', type: 'uint', bits: 8 },
  { abbrev: 'dccp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dccp.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'dccp.x', name: 'Extended Sequence Numbers', type: 'bool' },
  { abbrev: 'dccp.seq', name: 'Sequence Number', type: 'uint', bits: 64 },
  { abbrev: 'dccp.seq_raw', name: 'Sequence Number (raw)', type: 'uint', bits: 64 },
  { abbrev: 'dccp.ack', name: 'Acknowledgement Number', type: 'uint', bits: 64 },
  { abbrev: 'dccp.ack_raw', name: 'Acknowledgement Number (raw)', type: 'uint', bits: 64 },
  { abbrev: 'dccp.service_code', name: 'Service Code', type: 'uint', bits: 32 },
  { abbrev: 'dccp.reset_code', name: 'Reset Code', type: 'uint', bits: 8, strings: RESET_CODES },
]);
const f = P.f;

/** A 24- or 48-bit sequence number at `off`. */
function seqAt(tvb: Tvb, off: number, extended: boolean): number {
  return extended ? tvb.u16(off) * 2 ** 32 + tvb.u32(off + 2) : tvb.u24(off);
}

/** `value - base` as TShark's unsigned 64-bit subtraction gives it (a number below the base wraps). */
function relative(value: number, base: number): number | bigint {
  return value >= base ? value - base : 2n ** 64n - BigInt(base - value);
}

/** Each direction's base (-1: none yet), [forward, backward] as the endpoint key orders them. */
type Bases = [number, number];

/** What a packet's numbers count from: its conversation, and both directions' bases as they stood. */
interface Counting {
  /** dccp.stream, -1 in a packet quoted by an ICMP error (no conversation). */
  stream: number;
  own: number;
  peer: number;
}

/** Words: stream, then the bases as doubles (48-bit values). */
const DCCP_PACKET = frameSlot<Counting>('dccp.conversations', {
  write(v, out) {
    out.int(v.stream);
    out.f64(v.own);
    out.f64(v.peer);
  },
  read(from) {
    return { stream: from.int(), own: from.f64(), peer: from.f64() };
  },
});

const newTable = (): ConversationTable<Bases> => new ConversationTable();
const newBases = (): Bases => [-1, -1];

/** The packet's conversation and bases; on the first pass a Request or Response sets its direction's base. */
function counting(pinfo: PacketInfo, sport: number, dport: number, type: number, seq: number): Counting {
  return pinfo.frameData(DCCP_PACKET, () => {
    if (inError(pinfo)) return { stream: -1, own: -1, peer: -1 };
    const table = pinfo.session.state('dccp.conversations', newTable);
    const { length, forward } = endpointKey(pinfo, sport, dport, table.keys);
    const c = table.lookup(length, true, newBases)!;
    const [mine, theirs] = forward ? [0, 1] : [1, 0];
    const out = { stream: c.index, own: c.state[mine]!, peer: c.state[theirs]! };
    if ((type === 0 || type === 1) && out.own < 0) c.state[mine] = seq;
    return out;
  });
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
    const b8 = tvb.u8(8);
    const type = (b8 >> 1) & 0x0f;
    const x = (b8 & 1) === 1;
    let off = x ? 10 : 9;
    const seq = seqAt(tvb, off, x);
    const at = counting(pinfo, sport, dport, type, seq);
    if (at.stream >= 0) tree.add(node, f.stream, tvb, 0, 0, at.stream);
    tree.add(node, f.data_offset, tvb, 4, 1, doff / 4);
    const b5 = tvb.u8(5);
    tree.add(node, f.ccval, tvb, 5, 1, b5 >> 4);
    tree.add(node, f.cscov, tvb, 5, 1, b5 & 0x0f);
    tree.add(node, f.checksum, tvb, 6, 2, tvb.u16(6));
    tree.add(node, f.type, tvb, 8, 1, type);
    tree.add(node, f.x, tvb, 8, 1, x);
    pinfo.appendInfo(`[${TYPES[type] ?? 'Unknown'}]`, '');
    const seqLen = x ? 6 : 3;
    // A short number shows as sent under dccp.seq, an extended one under dccp.seq_raw, after the relative one.
    if (!x) tree.add(node, f.seq, tvb, off, seqLen, seq);
    const relSeq = at.own < 0 ? undefined : relative(seq, at.own);
    if (relSeq !== undefined)
      tree.add(
        node,
        f.seq,
        tvb,
        off,
        seqLen,
        relSeq,
        tree.building ? `Sequence Number: ${relSeq}    (relative sequence number)` : undefined,
      );
    if (x) tree.add(node, f.seq_raw, tvb, off, seqLen, seq);
    pinfo.appendInfo(`Seq=${relSeq ?? seq}`);
    off += seqLen;
    if (type !== 0 && type !== 2 && type <= 9) {
      off += x ? 2 : 1;
      const ack = seqAt(tvb, off, x);
      const relAck = at.peer < 0 ? undefined : relative(ack, at.peer);
      if (relAck !== undefined) {
        // TShark names it relative everywhere but in a Response.
        const text = tree.building && type !== 1 ? `Acknowledgement Number: ${relAck}    (relative acknowledgement number)` : undefined;
        tree.add(node, f.ack, tvb, off, seqLen, relAck, text);
      }
      tree.add(node, f.ack_raw, tvb, off, seqLen, ack);
      pinfo.appendInfo(`(Ack=${relAck ?? ack})`);
      off += seqLen;
    }
    if (type === 0 || type === 1) {
      const code = tvb.u32(off);
      tree.add(node, f.service_code, tvb, off, 4, code);
      pinfo.appendInfo(`(service=${code === 0 ? 'not specified' : `Unknown (${code})`})`);
    } else if (type === 7) {
      const code = tvb.u8(off);
      tree.add(node, f.reset_code, tvb, off, 1, code);
      pinfo.appendInfo(`(code=${RESET_CODES[code] ?? 'Unknown'})`);
    }
    if (doff > 0 && doff < tvb.length) callData(tvb.sub(doff), pinfo, tree, parent);
  },
};

dissectorTable('ip.proto').add(33, dccp);
