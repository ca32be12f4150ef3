import { addExpert } from '../core/expert-info.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { Tvb } from '../core/tvb.js';
import { QUIC, QUIC_EXPERT } from './quic-fields.js';
import { type HandshakeBuffer, type HandshakePiece, continueHandshake, handshakeLayer } from './quic-tls.js';

/**
 * The frames of a decrypted QUIC packet (RFC 9000 section 19): each adds its name to Info as
 * packet-quic.c does (`, CRYPTO`, `, ACK`, `, PADDING`), and CRYPTO data goes to the TLS
 * handshake decoder (TShark's tls13_handshake: a `tls` layer without a record header, which
 * leaves the Protocol and Info columns alone). Every frame consumes at least its type byte, so
 * the loop ends within the payload.
 */
const f = QUIC.f;

/** A variable-length integer (RFC 9000 16) at `at`: [value, size]. Throws BoundsError when cut. */
export function varint(tvb: Tvb, at: number): [number, number] {
  const b0 = tvb.u8(at);
  const size = 1 << (b0 >> 6);
  tvb.check(at, size);
  let v = b0 & 0x3f;
  for (let i = 1; i < size; i++) v = v * 256 + tvb.bytes[at + i]!;
  return [v, size];
}

/** What the first pass decided for one CRYPTO frame, read back on revisits. */
export interface CryptoRecord {
  /** Where the stream had arrived in order when the frame came: data below it is a retransmission. */
  readonly mark: number;
  /** What TLS made of the frame's new bytes (undefined: none reached it). */
  readonly piece: HandshakePiece | undefined;
  /** The new bytes with data that had come ahead of them (out of order), when there was some. */
  readonly joined: Uint8Array | undefined;
}

/**
 * A packet's CRYPTO frames against their stream (per connection, direction and packet number
 * space): `records` are filled on the first pass, when `stream` is there to move on, and read
 * on revisits.
 */
export interface CryptoCursor {
  readonly records: CryptoRecord[];
  readonly stream: CryptoStream | undefined;
}

/** Out-of-order CRYPTO data a stream keeps at most (TShark buffers it until the gap fills). */
const MAX_AHEAD = 65536;

/** A CRYPTO stream: how far it has arrived in order, data that came ahead, a handshake message begun. */
export interface CryptoStream extends HandshakeBuffer {
  contiguous: number;
  ahead: { offset: number; bytes: Uint8Array }[];
  aheadBytes: number;
}

/** Frame type names as Wireshark's quic_frame_type_vals, and their Info abbreviations. */
const NAMES: Readonly<Record<number, [string, string]>> = {
  0x04: ['RESET_STREAM', 'RS'],
  0x05: ['STOP_SENDING', 'SS'],
  0x07: ['NEW_TOKEN', 'NT'],
  0x10: ['MAX_DATA', 'MD'],
  0x11: ['MAX_STREAM_DATA', 'MSD'],
  0x12: ['MAX_STREAMS (BIDI)', 'MS'],
  0x13: ['MAX_STREAMS (UNI)', 'MS'],
  0x14: ['DATA_BLOCKED', 'DB'],
  0x15: ['STREAM_DATA_BLOCKED', 'SDB'],
  0x16: ['STREAMS_BLOCKED (BIDI)', 'SB'],
  0x17: ['STREAMS_BLOCKED (UNI)', 'SB'],
  0x18: ['NEW_CONNECTION_ID', 'NCI'],
  0x19: ['RETIRE_CONNECTION_ID', 'RC'],
  0x1a: ['PATH_CHALLENGE', 'PC'],
  0x1b: ['PATH_RESPONSE', 'PR'],
  0x1c: ['CONNECTION_CLOSE (Transport)', 'CC'],
  0x1d: ['CONNECTION_CLOSE (Application)', 'CC'],
  0x1e: ['HANDSHAKE_DONE', 'DONE'],
};

/** A frame type's name (quic_frame_type_vals). */
function frameTypeName(type: number): string {
  if (type <= 0x03) return ['PADDING', 'PING', 'ACK', 'ACK'][type]!;
  if (type === 0x06) return 'CRYPTO';
  if (type >= 0x08 && type <= 0x0f) return 'STREAM';
  return NAMES[type]?.[0] ?? 'Unknown';
}

/** Decodes the frames of `tvb` (a decrypted payload) under `node`; returns the Info suffix. */
export function dissectFrames(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, crypto: CryptoCursor): string {
  let info = '';
  let cryptoIndex = 0;
  for (let p = 0; p < tvb.length; ) {
    const [type, tlen] = varint(tvb, p);
    const start = p;
    p += tlen;
    const frame = tree.add(node, f.frame, tvb, start, 1, undefined, 'Unknown');
    const typeNode = tree.add(frame, f.frame_type, tvb, start, tlen, type);
    const fields = (...names: (keyof typeof f)[]): void => {
      for (const n of names) {
        const [v, len] = varint(tvb, p);
        tree.add(frame, f[n], tvb, p, len, v);
        p += len;
      }
    };
    let text: string;
    if (type === 0x00) {
      let n = 1;
      while (p < tvb.length && tvb.bytes[p] === 0) {
        p++;
        n++;
      }
      tree.add(frame, f.padding_length, tvb, p, 0, n);
      text = `PADDING Length: ${n}`;
      info += ', PADDING';
    } else if (type === 0x01) {
      text = 'PING';
      info += ', PING';
    } else if (type === 0x02 || type === 0x03) {
      text = 'ACK';
      info += type === 0x02 ? ', ACK' : ', ACK_ECN';
      fields('ack.largest_acknowledged', 'ack.ack_delay');
      const [count, clen] = varint(tvb, p);
      tree.add(frame, f['ack.ack_range_count'], tvb, p, clen, count);
      p += clen;
      fields('ack.first_ack_range');
      for (let i = 0; i < count && p < tvb.length; i++) fields('ack.gap', 'ack.ack_range');
      if (type === 0x03) fields('ack.ect0_count', 'ack.ect1_count', 'ack.ecn_ce_count');
    } else if (type === 0x06) {
      text = 'CRYPTO';
      info += ', CRYPTO';
      const [offset, olen] = varint(tvb, p);
      tree.add(frame, f['crypto.offset'], tvb, p, olen, offset);
      p += olen;
      const [length, llen] = varint(tvb, p);
      tree.add(frame, f['crypto.length'], tvb, p, llen, length);
      p += llen;
      tvb.check(p, length);
      const data = tree.add(frame, f['crypto.crypto_data'], tvb, p, length);
      cryptoData(tvb.sub(p, length), offset, pinfo, tree, frame, data, crypto, cryptoIndex++);
      p += length;
    } else if (type >= 0x08 && type <= 0x0f) {
      const [id, ilen] = varint(tvb, p);
      tree.add(frame, f['stream.stream_id'], tvb, p, ilen, id);
      p += ilen;
      let offset = 0;
      if (type & 0x04) {
        const [o, len] = varint(tvb, p);
        tree.add(frame, f['stream.offset'], tvb, p, len, o);
        offset = o;
        p += len;
      }
      let length = tvb.length - p;
      if (type & 0x02) {
        const [l, len] = varint(tvb, p);
        tree.add(frame, f['stream.length'], tvb, p, len, l);
        length = l;
        p += len;
      }
      tvb.check(p, length);
      tree.add(frame, f.stream_data, tvb, p, length, tvb.view(p, length));
      p += length;
      text = `STREAM id=${id} fin=${type & 1} off=${offset} len=${length}`;
      info += `, STREAM(${id})`;
    } else if (NAMES[type] !== undefined) {
      const [name, abbrev] = NAMES[type]!;
      text = name;
      info += `, ${abbrev}`;
      p = skipFrame(tvb, type, p, tree, frame);
      if (type === 0x04 || type === 0x05 || type === 0x11 || type === 0x15) info += `(${varint(tvb, start + tlen)[0]})`;
    } else {
      tree.setText(frame, 'Unknown');
      addExpert(tree, frame, tvb, QUIC_EXPERT.ft_unknown, `Unknown Frame Type ${type}`);
      tree.setLength(frame, tvb.length - start);
      break;
    }
    tree.setText(frame, text);
    tree.setText(typeNode, `Frame Type: ${frameTypeName(type)} (0x${type.toString(16).padStart(16, '0')})`);
    tree.setLength(frame, p - start);
  }
  return info;
}

/** Moves past the body of one of the other frames (RFC 9000 19.4-19.20); returns where the next starts. */
function skipFrame(tvb: Tvb, type: number, at: number, tree: ProtoTree, frame: number): number {
  let p = at;
  const skip = (n: number): void => {
    for (let i = 0; i < n; i++) p += varint(tvb, p)[1];
  };
  switch (type) {
    case 0x04:
      skip(3);
      break;
    case 0x05:
    case 0x11:
    case 0x15:
      skip(2);
      break;
    case 0x07: {
      const [n, len] = varint(tvb, p);
      tvb.check(p + len, n);
      tree.add(frame, f['nt.length'], tvb, p, len, n);
      tree.add(frame, f['nt.token'], tvb, p + len, n, tvb.view(p + len, n));
      p += len + n;
      break;
    }
    case 0x18: {
      skip(2);
      const n = tvb.u8(p);
      tvb.check(p + 1, n + 16);
      p += 1 + n + 16;
      break;
    }
    case 0x1a:
    case 0x1b:
      tvb.check(p, 8);
      p += 8;
      break;
    case 0x1c:
    case 0x1d: {
      const [code, clen] = varint(tvb, p);
      tree.add(frame, f['cc.error_code'], tvb, p, clen, code);
      p += clen;
      if (type === 0x1c) skip(1);
      const [n, len] = varint(tvb, p);
      tree.add(frame, f['cc.reason_phrase'], tvb, p + len, n, tvb.utf8(p + len, n));
      p += len + n;
      break;
    }
    case 0x1e:
      break;
    default:
      skip(1);
  }
  return p;
}

/**
 * One CRYPTO frame's data at stream offset `offset`: new in-order bytes go to the TLS handshake
 * decoder, with any data that came ahead of them and now follows on (a "Reassembled QUIC CRYPTO"
 * data source); bytes already seen are a retransmission (TShark does not decode them again);
 * data after a gap waits for it (up to MAX_AHEAD bytes a stream).
 */
function cryptoData(
  data: Tvb,
  offset: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  frame: number,
  dataNode: number,
  crypto: CryptoCursor,
  index: number,
): void {
  const stream = crypto.stream;
  const rec = stream !== undefined ? advance(stream, data.bytes, offset) : crypto.records[index];
  if (stream !== undefined && rec !== undefined) crypto.records.push(rec);
  if (rec === undefined) return;
  if (offset + data.length <= rec.mark) addExpert(tree, dataNode, data, QUIC_EXPERT.retransmission);
  if (rec.piece === undefined) return;
  const fresh =
    rec.joined !== undefined ? new Tvb(rec.joined, 0, tree.addSource('Reassembled QUIC CRYPTO', rec.joined)) : data.sub(rec.mark - offset);
  handshakeLayer(fresh, rec.piece, pinfo, tree, frame);
}

/** First pass: moves `stream` on by the frame's `data` at `offset`; what it decided. */
function advance(stream: CryptoStream, data: Uint8Array, offset: number): CryptoRecord {
  const mark = stream.contiguous;
  const end = offset + data.length;
  if (offset > mark) {
    if (stream.aheadBytes + data.length <= MAX_AHEAD) {
      stream.ahead.push({ offset, bytes: data.slice() });
      stream.aheadBytes += data.length;
    }
    return { mark, piece: undefined, joined: undefined };
  }
  if (end <= mark) return { mark, piece: undefined, joined: undefined };
  let bytes = data.subarray(mark - offset);
  let joined: Uint8Array | undefined;
  let reach = end;
  // Data that came ahead and now follows on joins these bytes.
  for (let found = true; found && stream.ahead.length > 0; ) {
    found = false;
    for (let i = 0; i < stream.ahead.length; i++) {
      const a = stream.ahead[i]!;
      if (a.offset > reach) continue;
      if (a.offset + a.bytes.length > reach) {
        const more = a.bytes.subarray(reach - a.offset);
        const next = new Uint8Array(bytes.length + more.length);
        next.set(bytes);
        next.set(more, bytes.length);
        bytes = next;
        joined = next;
        reach = a.offset + a.bytes.length;
      }
      stream.aheadBytes -= a.bytes.length;
      stream.ahead.splice(i, 1);
      found = true;
      break;
    }
  }
  stream.contiguous = reach;
  return { mark, piece: continueHandshake(stream, bytes), joined };
}
