import { addExpert } from '../core/expert-info.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { Tvb } from '../core/tvb.js';
import { type Connection, LPT_0RTT, LPT_HANDSHAKE, LPT_INITIAL, LPT_RETRY, MAX_CID_LENGTH, keysFor } from './quic-connections.js';
import { LONG_PACKET_TYPES, QUIC, QUIC_EXPERT, VERSIONS } from './quic-fields.js';
import { type CryptoCursor, type CryptoRecord, dissectFrames } from './quic-frames.js';
import { decodePacketNumber, openPayload, removeHeaderProtection, retryTagValid } from './quic-protection.js';

/**
 * One QUIC packet of a datagram (packet-quic.c's dissect_quic_long_header, _short_header,
 * _retry_packet, _version_negotiation): its header fields and Info, and for an Initial the
 * header protection removed and the payload decrypted on the first pass (kept in a
 * PacketRecord for revisits), its frames decoded.
 */
const f = QUIC.f;
const V2 = 0x6b3343cf;

/** What the first pass decided for one packet of a datagram. */
export interface PacketRecord {
  /** Packet number length once header protection is off (0: not removed). */
  pnLength: number;
  pn: number;
  firstByte: number;
  /** Why the packet cannot be decrypted (TShark's decryption context error). */
  error: string | undefined;
  /** The decrypted payload; undefined when the tag did not verify. */
  plain: Uint8Array | undefined;
  /** What its CRYPTO frames did to their stream (CryptoCursor.records). */
  readonly crypto: CryptoRecord[];
  /** For a Retry: whether its integrity tag verified (undefined: not checked). */
  retryValid: boolean | undefined;
}

export interface DatagramRecord {
  readonly conn: Connection | undefined;
  readonly fromServer: boolean;
  /** Quoted in an ICMP error: read against the connection, which it does not move on. */
  readonly quoted: boolean;
  /** For a Retry: the DCID of the client's first Initial, which its integrity tag covers. */
  readonly odcid: Uint8Array | undefined;
  /** Not tracked because the connection table is full. */
  readonly untracked: boolean;
  readonly packets: PacketRecord[];
}

export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}

export function longType(firstByte: number, version: number): number {
  const t = (firstByte & 0x30) >> 4;
  return version === V2 ? [LPT_RETRY, LPT_INITIAL, LPT_0RTT, LPT_HANDSHAKE][t]! : t;
}

/** A varint that may be cut: [value, size], size 0 when the bytes end first. */
export function safeVarint(b: Uint8Array, at: number): [number, number] {
  if (at >= b.length) return [0, 0];
  const size = 1 << (b[at]! >> 6);
  if (at + size > b.length) return [0, 0];
  let v = b[at]! & 0x3f;
  for (let i = 1; i < size; i++) v = v * 256 + b[at + i]!;
  return [v, size];
}

/** Version, connection IDs (Info gets `, DCID=…`, `, SCID=…`); returns the offset after them. */
function commonHeader(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): number {
  const version = msg.u32(1);
  tree.add(node, f.version, msg, 1, 4, version, versionLabel('Version', version, ' (Forcing Version Negotiation)'));
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

/** `Version: 1 (0x00000001)`; versions without a name read `Unknown`, reserved ones (0x?a?a?a?a) get `grease` after. */
function versionLabel(name: string, v: number, grease: string): string | undefined {
  const reserved = (v & 0x0f0f0f0f) === 0x0a0a0a0a;
  if (VERSIONS[v] !== undefined && !reserved) return undefined;
  return `${name}: ${VERSIONS[v] ?? 'Unknown'} (0x${v.toString(16).padStart(8, '0')})${reserved ? grease : ''}`;
}

/** A flag as packet-quic.c's booleans show it (no true/false strings). */
function flag(name: string, set: boolean): string {
  return `${name}: ${set ? 'True' : 'False'}`;
}

export function versionNegotiation(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  pinfo.setInfo('Version Negotiation');
  tree.add(node, f['vn.unused'], msg, 0, 1, msg.u8(0) & 0x7f);
  let p = commonHeader(msg, pinfo, tree, node);
  for (; p < msg.length; p += 4) {
    const v = msg.u32(p);
    tree.add(node, f.supported_version, msg, p, 4, v, versionLabel('Supported Version', v, ' (GREASE)'));
  }
}

export function retry(
  msg: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  rec: DatagramRecord,
  pr: PacketRecord,
  first: boolean,
): number {
  tree.add(node, f['long.packet_type'], msg, 0, 1, LPT_RETRY);
  pinfo.setInfo('Retry');
  const p = commonHeader(msg, pinfo, tree, node);
  const token = Math.max(0, msg.length - p - 16);
  tree.add(node, f.retry_token, msg, p, token, msg.view(p, token));
  if (msg.length - p < 16) return msg.length;
  // Checked on the first pass against the DCID the client first chose (unknown: not checked).
  if (first && rec.odcid !== undefined) pr.retryValid = retryTagValid(msg.bytes, rec.odcid, msg.u32(1));
  const tag = msg.view(p + token, 16);
  const label = `Retry Integrity Tag: ${Array.from(tag, (b) => (b < 16 ? '0' : '') + b.toString(16)).join(':')}`;
  const item = tree.add(node, f.retry_integrity_tag, msg, p + token, 16, tag, pr.retryValid === true ? `${label} [verified]` : label);
  if (pr.retryValid === false) addExpert(tree, item, msg, QUIC_EXPERT.bad_retry);
  else if (pr.retryValid === undefined)
    addExpert(tree, item, msg, QUIC_EXPERT.bad_retry, 'Cannot verify Retry Packet due to unknown ODCID');
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
    keysFor(conn, conn.initialDcid, conn.clientDcidInitial);
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
  if (pr.plain !== undefined && !rec.quoted) conn.largest[slot] = pr.pn;
}

export function longHeader(
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

  tree.add(node, f.fixed_bit, msg, 0, 1, (b0 & 0x40) !== 0, flag('Fixed Bit', (b0 & 0x40) !== 0));
  tree.add(node, f['long.packet_type'], msg, 0, 1, type);
  if (pr.pnLength > 0) {
    tree.add(node, f['long.reserved'], msg, 0, 1, (pr.firstByte & 0x0c) >> 2);
    tree.add(node, f.packet_number_length, msg, 0, 1, pr.firstByte & 3);
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
    // TShark's words (libgcrypt's) for a tag that does not verify.
    addExpert(tree, payload, msg, QUIC_EXPERT.decryption_failed, 'Decryption failed: Decryption (checktag) failed: Checksum error');
    return msg.length;
  }
  const source = tree.addSource('Decrypted QUIC', pr.plain);
  // The CRYPTO streams move on in the first pass only; a revisit reads where they stood.
  const stream = first && !rec.quoted && rec.conn !== undefined ? rec.conn.crypto[(rec.fromServer ? 3 : 0) + spaceOf(type)] : undefined;
  const cursor: CryptoCursor = { records: pr.crypto, stream };
  pinfo.appendInfo(dissectFrames(new Tvb(pr.plain, 0, source), pinfo, tree, node, cursor), '');
  return msg.length;
}

export function shortHeader(msg: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, rec: DatagramRecord): number {
  const conn = rec.conn;
  const cid = conn === undefined ? '' : ((rec.fromServer ? conn.clientCids[0] : conn.serverCids[0]) ?? '');
  const dcil = cid.length / 2;
  const hdr = tree.add(node, f.short, msg, 0, msg.length);
  const b0 = msg.u8(0);
  tree.add(hdr, f.header_form, msg, 0, 1, 0);
  tree.add(hdr, f.fixed_bit, msg, 0, 1, (b0 & 0x40) !== 0, flag('Fixed Bit', (b0 & 0x40) !== 0));
  tree.add(hdr, f.spin_bit, msg, 0, 1, (b0 & 0x20) !== 0, flag('Spin Bit', (b0 & 0x20) !== 0));
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
