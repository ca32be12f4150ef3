import { beginProtocol } from '../core/dispatch.js';
import type { HeuristicDissector } from '../core/dissector.js';
import { addExpert } from '../core/expert-info.js';
import { textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { conversationKey } from './conversations.js';
import { inError } from './ip-common.js';
import {
  LPT_INITIAL,
  LPT_RETRY,
  LPT_VERSION_NEGOTIATION,
  MAX_CID_LENGTH,
  MAX_CONNECTIONS,
  SHORT_PACKET,
  connectionsFull,
  findConnection,
  quicState,
  updateConnection,
} from './quic-connections.js';
import { QUIC, QUIC_EXPERT } from './quic-fields.js';
import { type DatagramRecord, hexOf, longHeader, longType, retry, safeVarint, shortHeader, versionNegotiation } from './quic-packets.js';
import { draftVersion } from './quic-protection.js';

/**
 * QUIC (RFC 9000, 9001) as TShark 4.0 reads it without keys: found by the `udp` heuristic (a
 * long header of a known version; a short header of a known connection), which then keeps the
 * UDP conversation. Long headers show version and connection IDs; Initial packets are
 * decrypted (their keys derive from public values, quic-protection.ts) and their frames decoded,
 * with the TLS handshake in CRYPTO frames; Handshake, 0-RTT and 1-RTT packets stay protected.
 * Several packets in one datagram (coalesced) each get a `quic` tree; Info is the last one's.
 */
const f = QUIC.f;
/** Coalesced packets decoded per datagram at most (each is at least 20 bytes anyway). */
const MAX_PACKETS = 16;

/** The datagram's connection and its packets' decryption, kept whole (decrypted bytes cannot be read again). */
const QUIC_DATAGRAM = frameSlot<DatagramRecord>('quic.connections', {
  write: (v, out) => out.ref(v),
  read: (from) => from.ref() as DatagramRecord,
});

/** The header fields the connection lookup needs (quic_extract_header), from the first packet. */
function extractHeader(b: Uint8Array): { type: number; version: number; dcid: string; scid: string } {
  if ((b[0]! & 0x80) === 0) return { type: SHORT_PACKET, version: 0, dcid: hexOf(b.subarray(1, 1 + MAX_CID_LENGTH)), scid: '' };
  const version = b.length >= 5 ? ((b[1]! << 24) | (b[2]! << 16) | (b[3]! << 8) | b[4]!) >>> 0 : 0;
  const type = version === 0 ? LPT_VERSION_NEGOTIATION : longType(b[0]!, version);
  const dcil = b[5] ?? 0;
  const dcid = dcil <= MAX_CID_LENGTH ? hexOf(b.subarray(6, 6 + dcil)) : '';
  const scil = b[6 + dcil] ?? 0;
  const scid = scil <= MAX_CID_LENGTH ? hexOf(b.subarray(7 + dcil, 7 + dcil + scil)) : '';
  return { type, version, dcid, scid };
}

/**
 * First pass: the datagram's connection (found, created or updated) and direction. A datagram
 * quoted in an ICMP error is looked up only (TShark reads it against its connection too).
 */
function firstPass(tvb: Tvb, pinfo: PacketInfo, quoted: boolean): DatagramRecord {
  const h = extractHeader(tvb.bytes);
  const [found, fromServer] = findConnection(pinfo, h.type, h.dcid);
  // A Retry's tag covers the client's first DCID, which the Retry then clears from the connection.
  const odcid = h.type === LPT_RETRY && found !== undefined && found.clientDcidInitial !== '' ? found.initialDcid : undefined;
  const conn = h.type === SHORT_PACKET || quoted ? found : updateConnection(pinfo, found, h.type, h.version, h.scid, h.dcid, fromServer);
  const untracked = conn === undefined && h.type === LPT_INITIAL && !fromServer && !quoted && connectionsFull(pinfo);
  return { conn, fromServer, quoted, odcid, untracked, packets: [] };
}

/** Length of the packet at `at` (quic_get_message_tvb): a long header's own length, else the rest. */
function messageLength(b: Uint8Array, at: number, cut: number): number {
  const rest = b.length - at + cut;
  const first = b[at]!;
  if ((first & 0x80) === 0 || rest < 7) return rest;
  const version = ((b[at + 1]! << 24) | (b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!) >>> 0;
  if (version === 0 || longType(first, version) === LPT_RETRY) return rest;
  let len = 5;
  len += 1 + (b[at + len] ?? 0);
  len += 1 + (b[at + len] ?? 0);
  if (longType(first, version) === LPT_INITIAL) {
    const [token, n] = safeVarint(b, at + len);
    if (n === 0) return rest;
    len += n + token;
  }
  const [payload, n] = safeVarint(b, at + len);
  if (n === 0) return rest;
  len += n + payload;
  return Math.min(len, rest);
}

const quic = {
  name: 'quic',
  dissect(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
    pinfo.protocol = 'QUIC';
    const quoted = inError(pinfo);
    const rec = pinfo.frameData(QUIC_DATAGRAM, () => firstPass(tvb, pinfo, quoted));
    const first = !pinfo.visited;
    let node = beginProtocol(QUIC, tvb, pinfo, tree, parent);
    const info = tree.add(node, textItem, tvb, 0, 0, undefined, 'QUIC Connection information');
    if (rec.conn !== undefined) tree.add(info, f['connection.number'], tvb, 0, 0, rec.conn.number);
    else if (rec.untracked)
      addExpert(
        tree,
        info,
        tvb,
        QUIC_EXPERT.connections_full,
        `Connection not tracked: the limit of ${MAX_CONNECTIONS} QUIC connections is reached`,
      );
    let firstDcid: string | undefined;
    // Bytes of the datagram the capture cut off: lengths are the reported ones, as TShark's.
    const cut =
      tvb.source === 0 && tvb.base + tvb.length === pinfo.frame.capLen ? Math.max(0, pinfo.frame.wireLen - pinfo.frame.capLen) : 0;
    for (let off = 0, i = 0; off < tvb.length && i < MAX_PACKETS; i++) {
      if (off > 0) node = tree.add(parent, QUIC.proto, tvb, off, tvb.length - off);
      const reported = messageLength(tvb.bytes, off, cut);
      const len = Math.min(reported, tvb.length - off);
      const msg = tvb.sub(off, len);
      // Packets coalesced into one datagram share their DCID: anything else is padding.
      const dcid = packetDcid(msg.bytes, rec);
      if (firstDcid === undefined) firstDcid = dcid;
      else if (dcid !== undefined && dcid !== firstDcid) {
        addExpert(tree, node, msg, QUIC_EXPERT.coalesced_padding_data, '(Random) padding data appended to the datagram');
        break;
      }
      tree.setLength(node, len);
      let pr = rec.packets[i];
      if (pr === undefined) {
        pr = { pnLength: 0, pn: 0, firstByte: 0, error: undefined, plain: undefined, crypto: [], retryValid: undefined };
        rec.packets.push(pr);
      }
      tree.add(node, f.packet_length, msg, 0, 0, reported);
      const b0 = msg.u8(0);
      let end: number;
      if (b0 & 0x80) {
        tree.add(node, f.header_form, msg, 0, 1, 1);
        const version = msg.u32(1);
        if (version === 0) {
          versionNegotiation(msg, pinfo, tree, node);
          break;
        }
        end =
          longType(b0, version) === LPT_RETRY
            ? retry(msg, pinfo, tree, node, rec, pr, first)
            : longHeader(msg, pinfo, tree, node, rec, pr, first);
      } else end = shortHeader(msg, pinfo, tree, node, rec);
      if (end < len) tree.add(node, f.remaining_payload, msg, end, len - end, msg.view(end, len - end));
      off += len;
    }
  },
};

/** The DCID of a packet for the coalescing check; undefined where it cannot be known. */
function packetDcid(b: Uint8Array, rec: DatagramRecord): string | undefined {
  if (b[0]! & 0x80) {
    const n = b[5] ?? 0;
    return n <= MAX_CID_LENGTH ? hexOf(b.subarray(6, 6 + n)) : '';
  }
  const conn = rec.conn;
  if (conn === undefined) return undefined;
  const cid = (rec.fromServer ? conn.clientCids[0] : conn.serverCids[0]) ?? '';
  return hexOf(b.subarray(1, 1 + cid.length / 2));
}

/** The long-header test of packet-quic.c's heuristic (a known version, CID lengths in range). */
function recognises(tvb: Tvb): boolean {
  const b = tvb.bytes;
  if (b.length < 13 || (b[0]! & 0x80) === 0) return false;
  const version = ((b[1]! << 24) | (b[2]! << 16) | (b[3]! << 8) | b[4]!) >>> 0;
  if (draftVersion(version) < 11) return false;
  const dcil = b[5]!;
  if (dcil > MAX_CID_LENGTH || 6 + dcil >= b.length) return false;
  return b[6 + dcil]! <= MAX_CID_LENGTH;
}

/** A short header after connection migration: its DCID must name a known connection. */
function recognisesShort(tvb: Tvb, pinfo: PacketInfo): boolean {
  const b = tvb.bytes;
  if ((b[0]! & 0x80) !== 0 || b.length < 19 || quicState(pinfo).cidLengths === 0) return false;
  const n = Math.min(MAX_CID_LENGTH, b.length - 18);
  return findConnection(pinfo, SHORT_PACKET, hexOf(b.subarray(1, 1 + n)))[0] !== undefined;
}

/**
 * The `udp` heuristic: a long header of a known version, or a short header of a known
 * connection, claims the UDP conversation (Wireshark's conversation_set_dissector), whose later
 * datagrams (short headers, Version Negotiation) then go to QUIC without the test. Claims are
 * made on the first pass only, from the frame that made them, so a revisit decides as the first
 * pass did. Until a capture shows QUIC, other UDP datagrams cost only the byte test.
 */
const heuristic: HeuristicDissector = {
  name: 'quic',
  tryDissect(tvb, pinfo, tree, parent) {
    const quoted = inError(pinfo);
    const claims = quicState(pinfo).claims;
    const key = quoted || claims.size === 0 ? '' : conversationKey(pinfo);
    const claim = key === '' ? undefined : claims.get(key);
    if (claim === undefined || pinfo.frame.number < claim) {
      if (!recognises(tvb) && !recognisesShort(tvb, pinfo)) return false;
      if (!quoted && !pinfo.visited && claim === undefined) claims.set(key === '' ? conversationKey(pinfo) : key, pinfo.frame.number);
    }
    quic.dissect(tvb, pinfo, tree, parent);
    return true;
  },
};

heuristicList('udp').push(heuristic);
