import { sameEndpoint, type FollowChunk, type FollowEndpoint, type PacketOrigin } from './chunk.js';

/** One TCP segment of the followed stream, as the header and the capture give it. */
export interface TcpSegment extends PacketOrigin {
  /** Sequence number (raw or relative: only differences matter), unsigned 32-bit. */
  seq: number;
  /** Acknowledgement number in the same numbering, when the ACK flag is set. */
  ack: number | undefined;
  syn: boolean;
  /** Payload length from the headers (`tcp.len`). */
  length: number;
  /** The payload bytes captured (may be fewer than `length` with a short snaplen). */
  payload: Uint8Array;
}

interface Held {
  seq: number;
  frame: number;
  sec: number;
  nsec: number;
  data: Uint8Array;
}

// Sequence-number order modulo 2^32 (RFC 1982): a segment just past 0xffffffff is after it.
const lt = (a: number, b: number) => ((a - b) | 0) < 0;
const gt = (a: number, b: number) => ((a - b) | 0) > 0;

/**
 * Reassembles both directions of one TCP connection into chunks in delivery order, with
 * TShark 4.0's rules (epan/follow.c and packet-tcp.c), so `wirepool follow` prints what
 * `tshark -z follow,tcp` prints:
 *
 * - Each direction starts at the first sequence number seen from it (SYN counts one).
 * - Bytes already delivered are never replaced: a retransmission adds only what lies past
 *   the delivered end, and overlapping bytes keep the first copy (first copy wins).
 * - A segment past the delivered end waits (held) until the bytes before it arrive; held
 *   segments are then delivered in sequence, trimmed against what is already there.
 * - When the peer acknowledges past the first held segment, the bytes before it were sent but
 *   not captured: a gap chunk records how many, and delivery resumes after it.
 * - Held segments never reached or acknowledged stay undelivered (`undelivered()`), as in TShark.
 */
export class TcpFollower {
  #client: FollowEndpoint | undefined;
  #server: FollowEndpoint | undefined;
  readonly #next = [0, 0];
  readonly #started = [false, false];
  readonly #held: [Held[], Held[]] = [[], []];
  readonly chunks: FollowChunk[] = [];

  get nodes(): [FollowEndpoint, FollowEndpoint] | undefined {
    return this.#client && this.#server ? [this.#client, this.#server] : undefined;
  }

  add(s: TcpSegment): void {
    let seq = s.syn ? (s.seq + 1) >>> 0 : s.seq >>> 0;
    if (this.#client === undefined) {
      this.#client = s.src;
      this.#server = s.dst;
    }
    const node: 0 | 1 = sameEndpoint(s.src, this.#client) ? 0 : 1;
    const peer = node === 0 ? 1 : 0;
    // This packet's ACK may show that held bytes of the other direction were sent but lost.
    if (s.ack !== undefined && this.#held[peer].length > 0) while (this.#drain(peer, s.ack >>> 0, s, true));
    if (!this.#started[node]) {
      this.#started[node] = true;
      this.#next[node] = seq;
    }
    let length = s.length;
    let offset = 0;
    let dataLength = s.payload.length;
    const next = this.#next[node]!;
    if (lt(seq, next)) {
      const end = (seq + length) >>> 0;
      if (gt(end, next)) {
        // A retransmission reaching past what we have: keep only the new part.
        offset = (next - seq) >>> 0;
        dataLength = dataLength <= offset ? 0 : dataLength - offset;
        seq = next;
        length = (end - next) >>> 0;
      }
    }
    if (dataLength === 0 || lt(seq, this.#next[node]!)) return;
    const held: Held = { seq, frame: s.frame, sec: s.sec, nsec: s.nsec, data: s.payload.slice(offset, offset + dataLength) };
    if (seq === this.#next[node]) {
      this.#next[node] = (seq + length) >>> 0;
      this.#deliver(node, held, held.data);
      while (this.#drain(node, 0, s, false));
    } else {
      this.#held[node].push(held);
    }
  }

  /** Delivers the next held segment of `node` that fits, or a gap the peer acknowledged. */
  #drain(node: 0 | 1, acknowledged: number, at: PacketOrigin, useAck: boolean): boolean {
    const held = this.#held[node];
    if (held.length === 0) return false;
    let lowest = held[0]!.seq;
    const next = this.#next[node]!;
    for (let i = 0; i < held.length; i++) {
      const h = held[i]!;
      if (gt(lowest, h.seq)) lowest = h.seq;
      if (lt(h.seq, next)) {
        const end = (h.seq + h.data.length) >>> 0;
        if (gt(end, next)) {
          const from = (next - h.seq) >>> 0;
          if (h.data.length > from) this.#deliver(node, h, h.data.subarray(from));
          this.#next[node] = (next + h.data.length - from) >>> 0;
        }
        held.splice(i, 1);
        return true;
      }
      if (h.seq === next) {
        if (h.data.length > 0) this.#deliver(node, h, h.data);
        this.#next[node] = (next + h.data.length) >>> 0;
        held.splice(i, 1);
        return true;
      }
    }
    if (useAck && gt(acknowledged, lowest)) {
      this.chunks.push({ node, frame: at.frame, sec: at.sec, nsec: at.nsec, data: new Uint8Array(0), missing: (lowest - next) | 0 });
      this.#next[node] = lowest;
      return true;
    }
    return false;
  }

  #deliver(node: 0 | 1, h: Held, data: Uint8Array): void {
    this.chunks.push({ node, frame: h.frame, sec: h.sec, nsec: h.nsec, data, missing: 0 });
  }

  /** Bytes still held per node (sent after a hole nobody filled or acknowledged). */
  undelivered(): [number, number] {
    const sum = (list: Held[]) => list.reduce((n, h) => n + h.data.length, 0);
    return [sum(this.#held[0]), sum(this.#held[1])];
  }
}
