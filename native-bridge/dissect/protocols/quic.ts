import { addExpert } from '../core/expert-info.js';
import { beginProtocol } from '../core/dispatch.js';
import type { HeuristicDissector } from '../core/dissector.js';
import { textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { Tvb } from '../core/tvb.js';
import { conversationKey } from './conversations.js';
import { inError } from './ip-common.js';
import {
  type Connection,
  LPT_0RTT,
  LPT_HANDSHAKE,
  LPT_INITIAL,
  LPT_RETRY,
  LPT_VERSION_NEGOTIATION,
  MAX_CID_LENGTH,
  SHORT_PACKET,
  findConnection,
  keysFor,
  quicState,
  updateConnection,
} from './quic-connections.js';
import { LONG_PACKET_TYPES, QUIC, QUIC_EXPERT } from './quic-fields.js';
import { type CryptoCursor, dissectFrames } from './quic-frames.js';
import { decodePacketNumber, draftVersion, openPayload, removeHeaderProtection } from './quic-protection.js';

/**
 * QUIC (RFC 9000, 9001) as TShark 4.0 reads it without keys: found by the `udp` heuristic (a
 * long header of a known version; a short header of a known connection), which then keeps the
 * UDP conversation. Long headers show version and connection IDs; Initial packets are
 * decrypted (their keys derive from public values, quic-protection.ts) and their frames decoded,
 * with the TLS handshake in CRYPTO frames; Handshake, 0-RTT and 1-RTT packets stay protected.
 * Several packets in one datagram (coalesced) each get a `quic` tree; Info is the last one's.
 */
const f = QUIC.f;
const V2 = 0x6b3343cf;
/** Coalesced packets decoded per datagram at most (each is at least 20 bytes anyway). */
const MAX_PACKETS = 16;

/** What the first pass decided for one packet of a datagram. */
interface PacketRecord {
  /** Packet number length once header protection is off (0: not removed). */
  pnLength: number;
  pn: number;
  firstByte: number;
  /** Why the packet cannot be decrypted (TShark's decryption context error). */
  error: string | undefined;
  /** The decrypted payload; undefined when the tag did not verify. */
  plain: Uint8Array | undefined;
  /** Where each CRYPTO frame's stream stood when it came (CryptoCursor.marks). */
  readonly marks: number[];
}

interface DatagramRecord {
  readonly conn: Connection | undefined;
  readonly fromServer: boolean;
  readonly packets: PacketRecord[];
}

/** The datagram's connection and its packets' decryption, kept whole (decrypted bytes cannot be read again). */
const QUIC_DATAGRAM = frameSlot<DatagramRecord>('quic.connections', {
  write: (v, out) => out.ref(v),
  read: (from) => from.ref() as DatagramRecord,
});

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}

function longType(firstByte: number, version: number): number {
  const t = (firstByte & 0x30) >> 4;
  return version === V2 ? [LPT_RETRY, LPT_INITIAL, LPT_0RTT, LPT_HANDSHAKE][t]! : t;
}

/** A varint that may be cut: [value, size], size 0 when the bytes end first. */
function safeVarint(b: Uint8Array, at: number): [number, number] {
  if (at >= b.length) return [0, 0];
  const size = 1 << (b[at]! >> 6);
  if (at + size > b.length) return [0, 0];
  let v = b[at]! & 0x3f;
  for (let i = 1; i < size; i++) v = v * 256 + b[at + i]!;
  return [v, size];
}

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

/** First pass: the datagram's connection (found, created or updated) and direction. */
function firstPass(tvb: Tvb, pinfo: PacketInfo): DatagramRecord {
  const h = extractHeader(tvb.bytes);
  const [found, fromServer] = findConnection(pinfo, h.type, h.dcid);
  const conn = h.type === SHORT_PACKET ? found : updateConnection(pinfo, found, h.type, h.version, h.scid, h.dcid, fromServer);
  return { conn, fromServer, packets: [] };
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
    const rec = quoted ? { conn: undefined, fromServer: false, packets: [] } : pinfo.frameData(QUIC_DATAGRAM, () => firstPass(tvb, pinfo));
    const first = !pinfo.visited && !quoted;
    let node = beginProtocol(QUIC, tvb, pinfo, tree, parent);
    const info = tree.add(node, textItem, tvb, 0, 0, undefined, 'QUIC Connection information');
    if (rec.conn !== undefined) tree.add(info, f['connection.number'], tvb, 0, 0, rec.conn.number);
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
        addExpert(tree, node, msg, QUIC_EXPERT.decryption_failed, '(Random) padding data appended to the datagram');
        break;
      }
      tree.setLength(node, len);
      let pr = rec.packets[i];
      if (pr === undefined) {
        pr = { pnLength: 0, pn: 0, firstByte: 0, error: undefined, plain: undefined, marks: [] };
        if (!quoted) rec.packets.push(pr);
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
        end = longType(b0, version) === LPT_RETRY ? retry(msg, pinfo, tree, node) : longHeader(msg, pinfo, tree, node, rec, pr, first);
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

/** Version, connection IDs (Info gets `, DCID=…`, `, SCID=…`); returns the offset after them. */
function commonHeader(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): number {
  const version = msg.u32(1);
  const vnode = tree.add(node, f.version, msg, 1, 4, version);
  if ((version & 0x0f0f0f0f) === 0x0a0a0a0a) tree.setText(vnode, `Version: Unknown (0x${hex8(version)}) (Forcing Version Negotiation)`);
  let p = 5;
  const dcil = msg.u8(p);
  tree.add(node, f.dcil, msg, p, 1, dcil);
  p++;
  const dcid = msg.view(p, dcil);
  if (dcil > 0) tree.add(node, f.dcid, msg, p, dcil, dcid);
  p += dcil;
  const scil = msg.u8(p);
  tree.add(node, f.scil, msg, p, 1, scil);
  p++;
  const scid = msg.view(p, scil);
  if (scil > 0) tree.add(node, f.scid, msg, p, scil, scid);
  p += scil;
  if (dcil > 0 && dcil <= MAX_CID_LENGTH) pinfo.appendInfo(`, DCID=${hexOf(dcid)}`, '');
  if (scil > 0 && scil <= MAX_CID_LENGTH) pinfo.appendInfo(`, SCID=${hexOf(scid)}`, '');
  return p;
}

function hex8(v: number): string {
  return v.toString(16).padStart(8, '0');
}

function versionNegotiation(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  pinfo.setInfo('Version Negotiation');
  tree.add(node, f['vn.unused'], msg, 0, 1, msg.u8(0) & 0x7f);
  let p = commonHeader(msg, pinfo, tree, node);
  for (; p < msg.length; p += 4) tree.add(node, f.supported_version, msg, p, 4, msg.u32(p));
}

function retry(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): number {
  tree.add(node, f['long.packet_type'], msg, 0, 1, LPT_RETRY);
  pinfo.setInfo('Retry');
  const p = commonHeader(msg, pinfo, tree, node);
  const token = Math.max(0, msg.length - p - 16);
  tree.add(node, f.retry_token, msg, p, token, msg.view(p, token));
  if (msg.length - p >= 16) tree.add(node, f.retry_integrity_tag, msg, p + token, 16, msg.view(p + token, 16));
  return msg.length;
}

/** The packet number space of a long packet type (Initial 0, Handshake 1, application 2). */
function spaceOf(type: number): number {
  return type === LPT_INITIAL ? 0 : type === LPT_HANDSHAKE ? 1 : 2;
}

/**
 * First pass of an Initial packet: removes header protection and decrypts with the
 * connection's Initial keys, filling `pr` (TShark's dissect_quic_long_header, first visit).
 */
function protection(msg: Tvb, rec: DatagramRecord, pr: PacketRecord, type: number, version: number, pnOffset: number): void {
  const conn = rec.conn;
  if (conn === undefined) return;
  if (type === LPT_HANDSHAKE || type === LPT_0RTT) {
    pr.error = 'Secrets are not available';
    return;
  }
  if (type !== LPT_INITIAL) return;
  const b = msg.bytes;
  const dcil = b[5]!;
  const dcid = b.subarray(6, 6 + dcil);
  const dcidHex = hexOf(dcid);
  if (!rec.fromServer && dcidHex === conn.clientDcidInitial) keysFor(conn, dcid, dcidHex);
  else if (rec.fromServer && version !== conn.version && conn.clientDcidInitial !== '') {
    // Compatible version negotiation: the server's version now holds for the connection.
    conn.version = version;
    conn.keysFor = '';
    keysFor(conn, hexBytes(conn.clientDcidInitial), conn.clientDcidInitial);
  }
  const keys = rec.fromServer ? conn.keys?.server : conn.keys?.client;
  const hp = keys === undefined ? undefined : removeHeaderProtection(b, pnOffset, keys.hp);
  if (keys === undefined || hp === undefined) {
    pr.error = 'Header deprotection failed';
    return;
  }
  const slot = (rec.fromServer ? 3 : 0) + spaceOf(type);
  pr.pnLength = hp.pnLength;
  pr.firstByte = hp.firstByte;
  pr.pn = decodePacketNumber(conn.largest[slot]!, hp.truncatedPn, 8 * hp.pnLength);
  const header = b.slice(0, pnOffset + hp.pnLength);
  header[0] = hp.firstByte;
  for (let i = 0; i < hp.pnLength; i++) header[pnOffset + i] = (hp.truncatedPn / 256 ** (hp.pnLength - 1 - i)) & 0xff;
  pr.plain = openPayload(keys, pr.pn, header, b.subarray(pnOffset + hp.pnLength));
  if (pr.plain !== undefined) conn.largest[slot] = pr.pn;
}

function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function longHeader(
  msg: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  rec: DatagramRecord,
  pr: PacketRecord,
  first: boolean,
): number {
  const b0 = msg.u8(0);
  const version = msg.u32(1);
  const type = longType(b0, version);
  // The offsets up to the packet number, read without throwing (a cut header is shown as far as it goes).
  const b = msg.bytes;
  let pnOffset = 7 + (b[5] ?? 0) + (b[6 + (b[5] ?? 0)] ?? 0);
  let ok = pnOffset <= b.length;
  if (type === LPT_INITIAL) {
    const [token, n] = safeVarint(b, pnOffset);
    ok &&= n > 0;
    pnOffset += n + token;
  }
  const [, ln] = safeVarint(b, pnOffset);
  ok &&= ln > 0;
  pnOffset += ln;
  if (first && ok) protection(msg, rec, pr, type, version, pnOffset);
  else if (first && rec.conn !== undefined) pr.error = type === LPT_INITIAL ? 'Header deprotection failed' : 'Secrets are not available';

  tree.add(node, f.fixed_bit, msg, 0, 1, (b0 & 0x40) !== 0);
  tree.add(node, f['long.packet_type'], msg, 0, 1, type);
  if (pr.pnLength > 0) {
    tree.add(node, f['long.reserved'], msg, 0, 1, (pr.firstByte & 0x0c) >> 2);
    tree.add(node, f.packet_number_length, msg, 0, 1, pr.firstByte & 3, `Packet Number Length: ${pr.pnLength} bytes (${pr.firstByte & 3})`);
  }
  pinfo.setInfo(LONG_PACKET_TYPES[type] ?? 'Long Header');
  let p = commonHeader(msg, pinfo, tree, node);
  if (type === LPT_INITIAL) {
    const [token, n] = safeVarint(b, p);
    msg.check(p, Math.max(n, 1));
    tree.add(node, f.token_length, msg, p, n, token);
    p += n;
    if (token > 0) {
      tree.add(node, f.token, msg, p, token, msg.view(p, Math.min(token, msg.length - p)));
      p += token;
    }
  }
  const [length, n] = safeVarint(b, p);
  msg.check(p, Math.max(n, 1));
  tree.add(node, f.length, msg, p, n, length);
  p += n;
  if (pr.error !== undefined) {
    addExpert(tree, node, msg, QUIC_EXPERT.decryption_failed, `Failed to create decryption context: ${pr.error}`);
    return p;
  }
  if (rec.conn === undefined || pr.pnLength === 0) {
    addExpert(tree, node, msg, QUIC_EXPERT.decryption_failed, 'Failed to decrypt packet number');
    return p;
  }
  tree.add(node, f.packet_number, msg, p, pr.pnLength, pr.pn);
  p += pr.pnLength;
  pinfo.appendInfo(`, PKN: ${pr.pn}`, '');
  const payload = tree.add(node, f.payload, msg, p, msg.length - p, msg.view(p, Math.max(0, msg.length - p)));
  if (pr.plain === undefined) {
    addExpert(tree, payload, msg, QUIC_EXPERT.decryption_failed, 'Decryption failed');
    return msg.length;
  }
  const source = tree.addSource('Decrypted QUIC', pr.plain);
  // The CRYPTO streams move on in the first pass only; a revisit reads where they stood.
  const stream = first && rec.conn !== undefined ? rec.conn.crypto[(rec.fromServer ? 3 : 0) + spaceOf(type)] : undefined;
  const cursor: CryptoCursor = { marks: pr.marks, stream };
  pinfo.appendInfo(dissectFrames(new Tvb(pr.plain, 0, source), pinfo, tree, node, cursor), '');
  return msg.length;
}

function shortHeader(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, rec: DatagramRecord): number {
  const conn = rec.conn;
  const cid = conn === undefined ? '' : ((rec.fromServer ? conn.clientCids[0] : conn.serverCids[0]) ?? '');
  const dcil = cid.length / 2;
  const hdr = tree.add(node, f.short, msg, 0, msg.length);
  const b0 = msg.u8(0);
  tree.add(hdr, f.header_form, msg, 0, 1, 0);
  tree.add(hdr, f.fixed_bit, msg, 0, 1, (b0 & 0x40) !== 0);
  tree.add(hdr, f.spin_bit, msg, 0, 1, (b0 & 0x20) !== 0);
  // Without 1-RTT secrets the header stays protected: the key phase reads as 0 (TShark's KP0).
  pinfo.setInfo('Protected Payload (KP0)');
  if (dcil > 0) {
    const dcid = hexOf(msg.view(1, dcil));
    tree.add(hdr, f.dcid, msg, 1, dcil, msg.view(1, dcil));
    pinfo.appendInfo(`, DCID=${dcid}`, '');
    tree.setText(hdr, `QUIC Short Header DCID=${dcid}`);
  }
  return 1 + dcil;
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
