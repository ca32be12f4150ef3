import type { Dissector } from '../core/dissector.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { beginProtocol, dispatchKeys } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { InfoFormat, PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import { WordKeys } from '../../common/index.js';
import { addPorts, endpointKey } from './conversations.js';
import { inError, reportedLength } from './ip-common.js';
import { IPV6_JUMBO } from './ipv6.js';

/**
 * User Datagram Protocol (RFC 768). The payload goes to the `udp.port` table, lower port
 * first (so both directions of a conversation pick the same decoder, and well-known ports win
 * over ephemeral ones), then the `udp` heuristics, then `data`. The checksum is shown, not
 * verified (TShark's default). `udp.stream` numbers conversations.
 */
const P = fieldTable.register('udp', 'User Datagram Protocol', [
  { abbrev: 'udp.srcport', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'udp.dstport', name: 'Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'udp.port', name: 'Source or Destination Port', type: 'uint', bits: 16 },
  { abbrev: 'udp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'udp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  {
    abbrev: 'udp.checksum.status',
    name: 'Checksum Status',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present' },
  },
  { abbrev: 'udp.stream', name: 'Stream index', type: 'uint', bits: 32 },
  { abbrev: 'udp.payload', name: 'Payload', type: 'bytes' },
  { abbrev: 'udp.length.bad', name: 'Bad length value', type: 'none' },
  { abbrev: 'udp.checksum.zero', name: 'Illegal checksum value (0)', type: 'none' },
]);
const f = P.f;

/** UDP's expert items (packet-udp.c's, those we check). */
const EI = expertTable('udp', 'UDP', [
  { name: 'udp.length.bad', severity: 'error', group: 'malformed', summary: 'Bad length value' },
  { name: 'udp.checksum.zero', severity: 'error', group: 'checksum', summary: 'Illegal checksum value (0)' },
]);

/** UDP keeps no state per conversation: its table only numbers the endpoint keys. */
const newTable = (): WordKeys => new WordKeys();

/** `udp.stream` of a frame's datagram (-1: none, a quoted datagram of a conversation not seen), kept for revisits. */
const UDP_STREAM = frameSlot<number>('udp.conversations', {
  write: (index, out) => out.int(index),
  read: (from) => from.int(),
});

/** What the conversation numbers show: a pass that keeps none of these numbers none. */
const STREAM_FIELDS = [f.stream];

/** The conversation's index; a datagram quoted by an ICMP error starts none (-1 when not seen). */
function streamOf(pinfo: PacketInfo, sport: number, dport: number, create: boolean): number {
  const table = pinfo.session.state('udp.conversations', newTable);
  return table.find(endpointKey(pinfo, sport, dport, table).length, create);
}

const PORTS = dissectorTable('udp.port');
const HEURISTICS = heuristicList('udp');
/** Conversations another protocol set up (RTP from SDP), asked before the port table. */
const CONVERSATIONS = heuristicList('udp.conversation');

/** UDP's Info: `40001 → 5201 Len=118`. */
const portsInfo: InfoFormat = (sport, dport, length) => `${sport} → ${dport} Len=${length}`;

const udp: Dissector = {
  name: 'udp',
  dissect(tvb, pinfo, tree, parent) {
    const error = inError(pinfo);
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 8, 4);
    const [sport, dport] = addPorts(f, tvb, pinfo, tree, node, error ? undefined : 'udp');
    // Inside an ICMP error the quoted ports are the packet's for the layers above (Wireshark sets
    // them there too; ICMP puts the outer ones back afterwards).
    if (error) {
      pinfo.srcPort = sport;
      pinfo.dstPort = dport;
    }
    if (tree.building) tree.setText(node, `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
    let ulen = tvb.u16(4);
    const lenNode = tree.add(node, f.length, tvb, 4, 2, ulen);
    const sum = tvb.u16(6);
    const sumNode = tree.add(node, f.checksum, tvb, 6, 2, sum);
    tree.add(node, f['checksum.status'], tvb, 6, 0, sum === 0 ? 3 : 2);
    // Zero is legal only in an IPv6 jumbogram (RFC 2675): the length is then the IP payload's.
    if (ulen === 0 && pinfo.peek(IPV6_JUMBO) === true) ulen = tvb.length;
    if (ulen < 8) {
      addExpert(tree, lenNode, tvb, EI['length.bad'], `Bad length value ${ulen} < 8`);
      if (!error) pinfo.setInfo(`${sport} → ${dport} [BAD UDP LENGTH ${ulen} < 8]`);
      return;
    }
    // Longer than the IP payload (as the IP header gives it, captured or not): flagged, and
    // what is there is still decoded (as TShark does).
    const reported = reportedLength(pinfo, tvb);
    const bogus = ulen > reported && !error;
    if (bogus) {
      tree.setText(lenNode, `Length: ${ulen} (bogus, payload length ${reported})`);
      addExpert(tree, lenNode, tvb, EI['length.bad'], `Bad length value ${ulen} > IP payload length`);
    }
    if (pinfo.tracks(tree, STREAM_FIELDS)) {
      const stream = pinfo.frameData(UDP_STREAM, () => streamOf(pinfo, sport, dport, !error));
      if (stream >= 0) tree.add(node, f.stream, tvb, 0, 0, stream);
    }
    const end = Math.min(ulen, tvb.length);
    if (!error) {
      if (bogus) pinfo.setInfo(`${sport} → ${dport} [BAD UDP LENGTH ${ulen} > IP PAYLOAD LENGTH] Len=${ulen - 8}`);
      else pinfo.setInfoLater(portsInfo, sport, dport, ulen - 8); // most payloads' decoders replace it
    }
    // IPv6 makes the checksum mandatory (RFC 8200 8.1): zero is illegal there.
    if (sum === 0 && pinfo.netType === 'ipv6' && !error) {
      addExpert(tree, sumNode, tvb, EI['checksum.zero']);
      pinfo.appendInfo('[ILLEGAL CHECKSUM (0)]');
    }
    if (end <= 8) {
      // TShark's payload item reads what is left of the captured bytes: none of a payload the
      // lengths say is there ends the frame short at UDP.
      if (!error && Math.min(ulen, reported) > 8) tvb.check(8, 1);
      return;
    }
    // Cut by the capture, the payload still reports the datagram's length, as in Wireshark.
    const whole = Math.min(ulen, reported);
    const payload = whole > end ? tvb.pdu(8, whole - 8, false) : tvb.sub(8, end - 8);
    if (tree.wants(f.payload)) tree.add(node, f.payload, tvb, 8, end - 8, payload.bytes);
    // The payload goes to the top of the tree whatever tree UDP was given (Wireshark's
    // decode_udp_ports): a datagram quoted by an ICMP error shows its payload at the top level.
    const top = tree.root(parent);
    // Conversations another protocol set up (RTP from SDP) come before the port table.
    const setUp = CONVERSATIONS;
    for (let i = 0; i < setUp.length; i++) if (setUp[i]!.tryDissect(payload, pinfo, tree, top)) return;
    const low = Math.min(sport, dport);
    const high = Math.max(sport, dport);
    dispatchKeys(PORTS, low, high, HEURISTICS, payload, pinfo, tree, top);
  },
};

dissectorTable('ip.proto').add(17, udp);
