/**
 * TCP conversation state and sequence analysis (Wireshark's tcp_analyze_sequence_number,
 * reduced to what the packet list and stream following need): relative sequence numbers, the
 * window scale agreed in the handshake, and the retransmission / out-of-order / lost-segment /
 * duplicate-ACK / keep-alive / window flags. All sequence arithmetic is modulo 2^32.
 */
export interface Flow {
  /** Raw sequence number that relative numbers count from; -1 until known. */
  base: number;
  /** Highest raw sequence number sent + 1 (next expected); -1 until a segment is seen. */
  nextSeq: number;
  /** Capture time (seconds, fractional) of the segment that last advanced nextSeq. */
  nextSeqTime: number;
  lastAck: number;
  lastAckSet: boolean;
  lastWin: number;
  /** Window scale shift from this side's SYN: -1 unknown (no SYN seen), -2 none offered. */
  winScale: number;
  dupAcks: number;
  /** Frame of the ACK that duplicate ACKs repeat. */
  dupAckFrame: number;
  finSeen: boolean;
  rstSeen: boolean;
}

export interface TcpStream {
  /** Flow of the endpoint that sorts first in the conversation key. */
  a: Flow;
  b: Flow;
  synSeen: boolean;
  /** Which side sent the stream's first FIN: 0 none yet, 1 a, 2 b. */
  finFrom: number;
}

export function newFlow(): Flow {
  return {
    base: -1,
    nextSeq: -1,
    nextSeqTime: 0,
    lastAck: 0,
    lastAckSet: false,
    lastWin: -1,
    winScale: -1,
    dupAcks: 0,
    dupAckFrame: 0,
    finSeen: false,
    rstSeen: false,
  };
}

export function newStream(): TcpStream {
  return { a: newFlow(), b: newFlow(), synSeen: false, finFrom: 0 };
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;

/** Analysis results as bits (no per-packet objects). */
export const A_RETRANSMISSION = 1 << 0;
export const A_FAST_RETRANSMISSION = 1 << 1;
export const A_SPURIOUS_RETRANSMISSION = 1 << 2;
export const A_OUT_OF_ORDER = 1 << 3;
export const A_LOST_SEGMENT = 1 << 4;
export const A_ACK_LOST_SEGMENT = 1 << 5;
export const A_DUPLICATE_ACK = 1 << 6;
export const A_WINDOW_UPDATE = 1 << 7;
export const A_KEEP_ALIVE = 1 << 8;
export const A_ZERO_WINDOW = 1 << 9;
export const A_ZERO_WINDOW_PROBE = 1 << 10;
export const A_REUSED_PORTS = 1 << 11;
/** The bits above show in the analysis subtree; these two are the FIN expert items (the first FIN's side, the other side's). */
export const A_FLAGS = (1 << 12) - 1;
export const A_FIN_ACTIVE = 1 << 12;
export const A_FIN_PASSIVE = 1 << 13;

/** Wireshark's out-of-order threshold: a gap filled this soon after the last segment is reordering, not a resend. */
const OOO_SECONDS = 0.003;

/** a > b in sequence space. */
function gt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

function lt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** Relative numbers: sets the bases on first sight (SYN: its own ISN; otherwise one before). */
export function setBases(fwd: Flow, rev: Flow, seq: number, ack: number, flags: number): void {
  if (fwd.base < 0) fwd.base = flags & SYN ? seq : (seq - 1) >>> 0;
  if (rev.base < 0 && flags & ACK) rev.base = (ack - 1) >>> 0;
}

/**
 * Classifies one segment (returns A_* bits) and updates the flows; after a duplicate ACK,
 * `fwd.dupAcks` is its number and `fwd.dupAckFrame` the frame of the ACK it repeats.
 */
export function analyze(
  fwd: Flow,
  rev: Flow,
  seq: number,
  ack: number,
  flags: number,
  len: number,
  win: number,
  time: number,
  frame: number,
): number {
  let a = 0;
  const control = (flags & (SYN | FIN | RST)) !== 0;
  const segLen = len + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
  const known = fwd.nextSeq >= 0;
  if (len === 1 && known && seq === fwd.nextSeq && rev.lastWin === 0) a |= A_ZERO_WINDOW_PROBE;
  if (win === 0 && !control) a |= A_ZERO_WINDOW;
  if (known && gt(seq, fwd.nextSeq) && !(flags & RST)) a |= A_LOST_SEGMENT;
  if (len <= 1 && !control && known && (fwd.nextSeq - 1) >>> 0 === seq) a |= A_KEEP_ALIVE;
  const sameAck = fwd.lastAckSet && ack === fwd.lastAck;
  if (len === 0 && !control && known && seq === fwd.nextSeq && sameAck && flags & ACK) {
    if (win !== fwd.lastWin) a |= A_WINDOW_UPDATE;
    else if (rev.nextSeq >= 0 && !(a & A_ZERO_WINDOW)) a |= A_DUPLICATE_ACK;
  }
  if (flags & ACK && rev.nextSeq >= 0 && gt(ack, rev.nextSeq) && !(flags & RST)) a |= A_ACK_LOST_SEGMENT;
  if (segLen > 0 && known && lt(seq, fwd.nextSeq) && !(a & A_KEEP_ALIVE) && !(a & A_ZERO_WINDOW_PROBE)) {
    if (rev.dupAcks >= 2 && rev.lastAck === seq) a |= A_FAST_RETRANSMISSION | A_RETRANSMISSION;
    else if (time - fwd.nextSeqTime < OOO_SECONDS && (seq + segLen) >>> 0 !== fwd.nextSeq) a |= A_OUT_OF_ORDER;
    else if (rev.lastAckSet && !gt((seq + segLen) >>> 0, rev.lastAck)) a |= A_SPURIOUS_RETRANSMISSION;
    else a |= A_RETRANSMISSION;
  }

  // Update the flows.
  const end = (seq + segLen) >>> 0;
  if (!known || gt(end, fwd.nextSeq)) {
    if (!(a & (A_RETRANSMISSION | A_OUT_OF_ORDER | A_SPURIOUS_RETRANSMISSION))) {
      fwd.nextSeq = end;
      fwd.nextSeqTime = time;
    } else if (gt(end, fwd.nextSeq)) {
      fwd.nextSeq = end;
    }
  }
  // Duplicate ACKs count from the last ACK that was not one (Wireshark's lastnondupack).
  if (a & A_DUPLICATE_ACK) fwd.dupAcks++;
  else {
    fwd.dupAcks = 0;
    fwd.dupAckFrame = frame;
  }
  if (flags & ACK) {
    fwd.lastAck = ack;
    fwd.lastAckSet = true;
  }
  fwd.lastWin = win;
  if (flags & FIN) fwd.finSeen = true;
  if (flags & RST) fwd.rstSeen = true;
  return a;
}

/** A duplicate ACK's number and the frame of the ACK it repeats (a flow's, or a frame's record of them). */
export type DupAck = Pick<Flow, 'dupAcks' | 'dupAckFrame'>;

/** Info-column prefixes, most important first, as Wireshark prints them. */
export function analysisPrefix(a: number, fwd: DupAck): string {
  let s = '';
  if (a & A_REUSED_PORTS) s += '[TCP Port numbers reused] ';
  if (a & A_LOST_SEGMENT) s += '[TCP Previous segment not captured] ';
  if (a & A_ACK_LOST_SEGMENT) s += '[TCP ACKed unseen segment] ';
  if (a & A_FAST_RETRANSMISSION) s += '[TCP Fast Retransmission] ';
  else if (a & A_SPURIOUS_RETRANSMISSION) s += '[TCP Spurious Retransmission] ';
  else if (a & A_RETRANSMISSION) s += '[TCP Retransmission] ';
  if (a & A_OUT_OF_ORDER) s += '[TCP Out-Of-Order] ';
  if (a & A_KEEP_ALIVE) s += '[TCP Keep-Alive] ';
  if (a & A_WINDOW_UPDATE) s += '[TCP Window Update] ';
  if (a & A_ZERO_WINDOW_PROBE) s += '[TCP ZeroWindowProbe] ';
  if (a & A_ZERO_WINDOW) s += '[TCP ZeroWindow] ';
  if (a & A_DUPLICATE_ACK) s += `[TCP Dup ACK ${fwd.dupAckFrame}#${fwd.dupAcks}] `;
  return s;
}
