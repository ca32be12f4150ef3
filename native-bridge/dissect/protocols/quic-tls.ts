import { beginProtocol } from '../core/dispatch.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { BoundsError, Tvb } from '../core/tvb.js';
import { TLS } from './tls-fields.js';
import { dissectHandshakeBody, handshakeName } from './tls-handshake.js';

/**
 * TShark's tls13_handshake over QUIC CRYPTO data: handshake messages without a record header,
 * under a `tls` layer that leaves the columns alone. A message longer than its CRYPTO frame
 * (a large Client Hello spans two Initial packets) shows as `Client Hello (fragment)` where it
 * starts, and is decoded whole where it ends (`(last fragment)`, from a "Reassembled TLS
 * Handshake" data source), as TShark does. Up to MAX_MESSAGE bytes are kept per CRYPTO stream.
 */
const t = TLS.f;
const MAX_MESSAGE = 65536;

/** A CRYPTO stream's handshake bytes still waiting for the rest of their message. */
export interface HandshakeBuffer {
  pending: Uint8Array | undefined;
}

/** What TLS makes of one CRYPTO frame's new bytes, decided on the first pass. */
export interface HandshakePiece {
  /** Bytes at the start that end (or continue) a message begun earlier. */
  readonly skip: number;
  /** That message, whole, when these bytes complete it. */
  readonly whole: Uint8Array | undefined;
  /** Its handshake type. */
  readonly type: number;
}

const NONE: HandshakePiece = { skip: 0, whole: undefined, type: 0 };

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The length of the message in `b` from its header, or undefined while the header is cut. */
function messageLength(b: Uint8Array, at: number): number | undefined {
  return at + 4 <= b.length ? 4 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) : undefined;
}

/**
 * First pass: how `data` (the next in-order bytes of a CRYPTO stream) continues the message the
 * stream holds, and what it leaves pending for the next frame. Updates `buffer`.
 */
export function continueHandshake(buffer: HandshakeBuffer, data: Uint8Array): HandshakePiece {
  let piece = NONE;
  let p = 0;
  const held = buffer.pending;
  buffer.pending = undefined;
  if (held !== undefined) {
    // The header first (it may itself have been cut), then the body.
    let joined = concat(held, data.subarray(0, Math.max(0, 4 - held.length)));
    const total = messageLength(joined, 0);
    if (total !== undefined) joined = concat(held, data.subarray(0, total - held.length));
    p = joined.length - held.length;
    const done = total !== undefined && joined.length === total;
    piece = { skip: p, whole: done ? joined : undefined, type: held[0]! };
    if (!done) buffer.pending = joined.length <= MAX_MESSAGE ? joined : undefined;
  }
  while (p < data.length) {
    const total = messageLength(data, p);
    if (total !== undefined && p + total <= data.length) {
      p += total;
      continue;
    }
    if (total === undefined || total <= MAX_MESSAGE) buffer.pending = data.slice(p);
    break;
  }
  return piece;
}

/** One whole handshake message at `at` of `tvb`: its node, type, length and body. */
function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, at: number, end: number, name: string): void {
  const type = tvb.u8(at);
  const hs = tree.add(node, t.handshake, tvb, at, end - at, undefined, `Handshake Protocol: ${name}`);
  tree.add(hs, t['handshake.type'], tvb, at, 1, type);
  tree.add(hs, t['handshake.length'], tvb, at + 1, 3, tvb.u24(at + 1));
  try {
    dissectHandshakeBody(tvb.sub(0, end), tree, hs, type, at + 4, end, pinfo);
  } catch (e) {
    if (!(e instanceof BoundsError)) throw e;
  }
}

/** The `tls` layer over one CRYPTO frame's new bytes `tvb`, under `parent`. */
export function handshakeLayer(tvb: Tvb, piece: HandshakePiece, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const node = beginProtocol(TLS, tvb, pinfo, tree, parent);
  const names: string[] = [];
  let p = 0;
  if (piece.skip > 0) {
    const name = handshakeName(tvb, 0, piece.type);
    if (piece.whole !== undefined) {
      tree.add(node, t.handshake, tvb, 0, piece.skip, undefined, `Handshake Protocol: ${name} (last fragment)`);
      const whole = new Tvb(piece.whole, 0, tree.addSource('Reassembled TLS Handshake', piece.whole));
      const wholeName = handshakeName(whole, 0, piece.type);
      message(whole, pinfo, tree, node, 0, whole.length, wholeName);
      names.push(wholeName);
    } else {
      tree.add(node, t.handshake, tvb, 0, piece.skip, undefined, `Handshake Protocol: ${name} (fragment)`);
      names.push(`${name} (fragment)`);
    }
    p = piece.skip;
  }
  while (p < tvb.length) {
    const total = messageLength(tvb.bytes, p);
    const type = tvb.u8(p);
    const name = handshakeName(tvb, p, type);
    if (total === undefined || p + total > tvb.length) {
      tree.add(node, t.handshake, tvb, p, tvb.length - p, undefined, `Handshake Protocol: ${name} (fragment)`);
      names.push(`${name} (fragment)`);
      break;
    }
    message(tvb, pinfo, tree, node, p, p + total, name);
    names.push(name);
    p += total;
  }
  tree.setText(node, `TLSv1.3 Record Layer: Handshake Protocol: ${names.join(', ') || 'Handshake'}`);
}
