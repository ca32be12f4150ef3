import { addExpert } from '../core/expert-info.js';
import { beginProtocol } from '../core/dispatch.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { BoundsError, type Tvb } from '../core/tvb.js';
import { QUIC, QUIC_EXPERT } from './quic-fields.js';
import { TLS } from './tls-fields.js';
import { dissectHandshakeBody, handshakeName } from './tls-handshake.js';

/**
 * The frames of a decrypted QUIC packet (RFC 9000 section 19): each adds its name to Info as
 * packet-quic.c does (`, CRYPTO`, `, ACK`, `, PADDING`), and CRYPTO data goes to the TLS
 * handshake decoder (TShark's tls13_handshake: a `tls` layer without a record header, which
 * leaves the Protocol and Info columns alone). Every frame consumes at least its type byte, so
 * the loop ends within the payload.
 */
const f = QUIC.f;
const t = TLS.f;

/** A variable-length integer (RFC 9000 16) at `at`: [value, size]. Throws BoundsError when cut. */
export function varint(tvb: Tvb, at: number): [number, number] {
  const b0 = tvb.u8(at);
  const size = 1 << (b0 >> 6);
  tvb.check(at, size);
  let v = b0 & 0x3f;
  for (let i = 1; i < size; i++) v = v * 256 + tvb.bytes[at + i]!;
  return [v, size];
}

/**
 * Where each CRYPTO stream (per connection, direction and packet number space) has arrived in
 * order: data at or below it is a retransmission and is not given to TLS again.
 */
export interface CryptoCursor {
  /** The in-order end seen before each CRYPTO frame of the packet, in order: recorded on the first pass, read on revisits. */
  readonly marks: number[];
  /** The stream's state, moved on during the first pass; undefined on a revisit. */
  readonly stream: { contiguous: number } | undefined;
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
 * decoder; bytes already seen are a retransmission (TShark does not decode them again); data
 * after a gap is not decoded (TShark buffers it until the gap fills; not done here).
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
  const mark = crypto.stream !== undefined ? crypto.stream.contiguous : (crypto.marks[index] ?? 0);
  if (crypto.stream !== undefined) crypto.marks.push(mark);
  const end = offset + data.length;
  if (end <= mark) {
    addExpert(tree, dataNode, data, QUIC_EXPERT.retransmission);
    return;
  }
  if (offset > mark) return;
  if (crypto.stream !== undefined) crypto.stream.contiguous = end;
  const fresh = data.sub(mark - offset);
  handshakeLayer(fresh, pinfo, tree, frame);
}

/** TShark's tls13_handshake over CRYPTO data: the handshake messages, under a `tls` layer. */
function handshakeLayer(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, frame: number): void {
  const node = beginProtocol(TLS, tvb, pinfo, tree, frame);
  const names: string[] = [];
  for (let p = 0; p + 4 <= tvb.length; ) {
    const type = tvb.u8(p);
    const len = tvb.u24(p + 1);
    const name = handshakeName(tvb, p, type);
    names.push(name);
    const end = Math.min(p + 4 + len, tvb.length);
    const hs = tree.add(node, t.handshake, tvb, p, end - p, undefined, `Handshake Protocol: ${name}`);
    tree.add(hs, t['handshake.type'], tvb, p, 1, type);
    tree.add(hs, t['handshake.length'], tvb, p + 1, 3, len);
    try {
      dissectHandshakeBody(tvb.sub(0, end), tree, hs, type, p + 4, end, pinfo);
    } catch (e) {
      if (!(e instanceof BoundsError)) throw e;
    }
    p += 4 + len;
  }
  tree.setText(node, `TLSv1.3 Record Layer: Handshake Protocol: ${names.join(', ') || 'Handshake'}`);
}
