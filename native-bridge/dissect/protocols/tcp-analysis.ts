/**
 * TCP conversation state and sequence analysis, with TShark 4.0's rules (packet-tcp.c's
 * tcp_analyze_sequence_number): relative sequence numbers, the window scale agreed in the
 * handshake, the analysis flags (retransmission, out-of-order, lost segment, duplicate ACK,
 * keep-alive, window update / full, zero window and its probes), which segment an ACK
 * acknowledges and after how long, bytes in flight and the initial RTT.
 *
 * Sequence arithmetic is modulo 2^32. Like Wireshark, a flow's next sequence number, last ACK
 * and highest sequence to be acknowledged use 0 for "not seen yet" (a raw 0 is taken as unseen,
 * as TShark does). Times are nanoseconds since the stream's first frame (exact differences).
 */
export interface Flow {
  /** Raw sequence number that relative numbers count from; -1 until known. */
  base: number;
  /** Highest raw sequence number sent + 1 (next expected); 0 until a segment is seen. */
  nextSeq: number;
  /** Frame and time of the segment that last advanced nextSeq. */
  nextSeqFrame: number;
  nextSeqTime: number;
  /** Highest contiguous sequence number the other side should acknowledge; 0 unknown. */
  maxSeqToBeAcked: number;
  /** The last ACK this side sent (raw; 0 none) and when. */
  lastAck: number;
  lastAckTime: number;
  /** The raw window field of this side's last segment (2^32 - 1 before any). */
  window: number;
  /** Window scale shift from this side's SYN: -1 unknown (no SYN seen), -2 none offered. */
  winScale: number;
  /** Set by this side's SYN, cleared by its first pure ACK: its window is not scaled yet. */
  firstAck: boolean;
  /** Duplicate ACKs so far. */
  dupAcks: number;
  /** Frame of the last ACK that was not a duplicate (the one duplicates repeat). */
  lastNonDupAck: number;
  /** The analysis flags of this side's last segment. */
  lastSegmentFlags: number;
  /** Whether bytes in flight are known (cleared by a lost segment until the other side ACKs). */
  validBif: boolean;
  pushBytesSent: number;
  pushSetLast: boolean;
  /** Bytes the SACK blocks of this side's last segment report as received (raw edges). */
  sackBytes: number;
  /** Unacknowledged segments, oldest first: frame, raw seq, raw next seq, time. */
  segFrame: number[];
  segSeq: number[];
  segNext: number[];
  segTime: number[];
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
  /** Capture time of the stream's first frame: times below count from it. */
  t0Sec: number;
  t0Nsec: number;
  /** Time of the latest SYN without ACK (-1 none) and the initial RTT (0: not known yet). */
  synTime: number;
  irtt: number;
  /** The latest SYN asked for AccECN (AE, CWR and ECE set); the latest SYN-ACK answered with one of its codepoints. */
  accEcnSyn: boolean;
  accEcnSynAck: boolean;
}

export function newFlow(): Flow {
  return {
    base: -1,
    nextSeq: 0,
    nextSeqFrame: 0,
    nextSeqTime: 0,
    maxSeqToBeAcked: 0,
    lastAck: 0,
    lastAckTime: 0,
    window: 0xffffffff,
    winScale: -1,
    firstAck: false,
    dupAcks: 0,
    lastNonDupAck: 0,
    lastSegmentFlags: 0,
    validBif: true,
    pushBytesSent: 0,
    pushSetLast: false,
    sackBytes: 0,
    segFrame: [],
    segSeq: [],
    segNext: [],
    segTime: [],
    finSeen: false,
    rstSeen: false,
  };
}

export function newStream(): TcpStream {
  return {
    a: newFlow(),
    b: newFlow(),
    synSeen: false,
    finFrom: 0,
    t0Sec: -1,
    t0Nsec: 0,
    synTime: -1,
    irtt: 0,
    accEcnSyn: false,
    accEcnSynAck: false,
  };
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
export const A_WINDOW_FULL = 1 << 12;
export const A_KEEP_ALIVE_ACK = 1 << 13;
export const A_ZERO_WINDOW_PROBE_ACK = 1 << 14;
/** The bits above show under "TCP Analysis Flags". */
export const A_FLAGS = (1 << 15) - 1;
/** The FIN expert items (the first FIN's side, the other side's). */
export const A_FIN_ACTIVE = 1 << 15;
export const A_FIN_PASSIVE = 1 << 16;
/** What else the segment's "SEQ/ACK analysis" holds (TShark's tcp_acked record exists: A_SHOWN). */
export const A_ACKS_FRAME = 1 << 17;
export const A_IN_FLIGHT = 1 << 18;
export const A_SHOWN = 1 << 19;
/**
 * The segment's AE, CWR and ECE bits are Accurate ECN's ACE counter: its stream was set up for
 * AccECN (draft-ietf-tcpm-accurate-ecn), shown `ACE=n` as TShark 4.0 does. Not an analysis flag.
 */
export const A_ACE = 1 << 21;

/** Wireshark's out-of-order threshold when the initial RTT is not known. */
const OOO_NS = 3_000_000;
/** A resend this soon after the other side's last (duplicate) ACK is a fast retransmission. */
const FAST_RETRANSMISSION_NS = 20_000_000;
/** Unacknowledged segments kept per direction (Wireshark's TCP_MAX_UNACKED_SEGMENTS): past it, new ones are not tracked. */
export const MAX_UNACKED_SEGMENTS = 10_000;

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

/** A segment's analysis beyond its flags (numbers of the SEQ/ACK analysis subtree). */
export interface Findings {
  /** A_* bits. */
  flags: number;
  /** With A_DUPLICATE_ACK: its number and the frame of the ACK it repeats. */
  dupAcks: number;
  dupAckFrame: number;
  /** With A_ACKS_FRAME: the segment this ACK acknowledges and the time since it (ns). */
  ackedFrame: number;
  ackRtt: number;
  /** With A_IN_FLIGHT: bytes in flight (0: not shown) and bytes sent since the last PSH. */
  bytesInFlight: number;
  pushBytes: number;
  /** With A_RETRANSMISSION: the time since the segment it resends (ns; 0 not shown) and that segment's frame. */
  rto: number;
  rtoFrame: number;
  /** The stream's initial RTT (ns; 0 not known yet). */
  irtt: number;
}

export function newFindings(): Findings {
  return { flags: 0, dupAcks: 0, dupAckFrame: 0, ackedFrame: 0, ackRtt: 0, bytesInFlight: 0, pushBytes: 0, rto: 0, rtoFrame: 0, irtt: 0 };
}

/** One segment as the analysis sees it (raw numbers; `len` from the IP header's length). */
export interface SegmentFacts {
  seq: number;
  ack: number;
  flags: number;
  len: number;
  /** The raw window field. */
  win: number;
  /** Nanoseconds since the stream's first frame. */
  time: number;
  frame: number;
}

/**
 * Classifies one segment into `out` (cleared first) and moves the flows on, as TShark's first
 * pass does. `fwd` is the sender's flow, `rev` the other side's.
 */
export function analyze(stream: TcpStream, fwd: Flow, rev: Flow, s: SegmentFacts, out: Findings): void {
  const { seq, ack, flags, len, win, time, frame } = s;
  let a = 0;
  const control = (flags & (SYN | FIN | RST)) !== 0;
  if (flags & ACK) rev.validBif = true;

  if (len === 1 && seq === fwd.nextSeq && rev.window === 0) {
    a |= A_ZERO_WINDOW_PROBE;
  } else {
    if (win === 0 && !control) a |= A_ZERO_WINDOW;
    if (fwd.nextSeq !== 0 && gt(seq, fwd.nextSeq) && !(flags & RST)) {
      a |= A_LOST_SEGMENT;
      fwd.validBif = false;
    }
    if (len <= 1 && seq === (fwd.nextSeq - 1) >>> 0 && !control) a |= A_KEEP_ALIVE;
    const sameAck = seq === fwd.nextSeq && ack === fwd.lastAck && !control;
    if (len === 0 && win !== 0 && win !== fwd.window && sameAck) a |= A_WINDOW_UPDATE;
    if (len > 0 && rev.winScale !== -1 && !control) {
      const shift = rev.firstAck || rev.winScale === -2 ? 0 : rev.winScale;
      if ((seq + len) >>> 0 === (rev.lastAck + ((rev.window * 2 ** shift) % 2 ** 32)) >>> 0) a |= A_WINDOW_FULL;
    }
    if (len === 0 && win !== 0 && win === fwd.window && sameAck && rev.lastSegmentFlags & A_KEEP_ALIVE) {
      a |= A_KEEP_ALIVE_ACK;
    } else if (
      len === 0 &&
      win === 0 &&
      fwd.window === 0 &&
      seq === fwd.nextSeq &&
      ack === fwd.lastAck &&
      rev.lastSegmentFlags & A_ZERO_WINDOW_PROBE &&
      !control
    ) {
      a |= A_ZERO_WINDOW_PROBE_ACK;
    } else if (len === 0 && win !== 0 && win === fwd.window && sameAck) {
      fwd.dupAcks++;
      a |= A_DUPLICATE_ACK;
      out.dupAcks = fwd.dupAcks;
      out.dupAckFrame = fwd.lastNonDupAck;
    }
  }
  // A new ACK number restarts the duplicate count.
  if (ack !== fwd.lastAck) {
    fwd.lastNonDupAck = frame;
    fwd.dupAcks = 0;
  }
  if (rev.maxSeqToBeAcked !== 0 && gt(ack, rev.maxSeqToBeAcked) && flags & ACK) {
    // One note per gap: the other side's bound moves to what it has sent.
    a |= A_ACK_LOST_SEGMENT;
    rev.maxSeqToBeAcked = rev.nextSeq;
  }
  if ((len > 0 || flags & (SYN | FIN)) && !(a & A_KEEP_ALIVE)) a |= retransmissionType(fwd, rev, s, stream.irtt, out);

  // The segment joins the unacknowledged ones; the flow's next sequence number moves on.
  let next = (seq + len) >>> 0;
  if (len > 0 || flags & (SYN | FIN)) {
    if (flags & (SYN | FIN)) next = (next + 1) >>> 0;
    if (fwd.segFrame.length < MAX_UNACKED_SEGMENTS) {
      fwd.segFrame.push(frame);
      fwd.segSeq.push(seq);
      fwd.segNext.push(next);
      fwd.segTime.push(time);
    }
  }
  if ((gt(next, fwd.nextSeq) || fwd.nextSeq === 0) && !(a & A_ZERO_WINDOW_PROBE)) {
    fwd.nextSeq = next;
    fwd.nextSeqFrame = frame;
    fwd.nextSeqTime = time;
  }
  if ((seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !(a & A_ZERO_WINDOW_PROBE)) fwd.maxSeqToBeAcked = fwd.nextSeq;
  fwd.window = win;
  fwd.lastAck = ack;
  fwd.lastAckTime = time;
  fwd.lastSegmentFlags = a & A_FLAGS;

  a |= acknowledge(rev, ack, time, out);
  if (len !== 0) a |= inFlight(fwd, rev, flags, len, out);
  if (a & A_FLAGS) a |= A_SHOWN;
  if (flags & FIN) fwd.finSeen = true;
  if (flags & RST) fwd.rstSeen = true;
  out.flags = a;
}

/** A segment that carries data (or SYN/FIN) it may have sent before: which kind of resend, if any. */
function retransmissionType(fwd: Flow, rev: Flow, s: SegmentFacts, irtt: number, out: Findings): number {
  const { seq, len, flags, time } = s;
  let notAdvanced = fwd.nextSeq !== 0 && lt(seq, fwd.nextSeq);
  // New data starting one byte early (after a possible zero-window probe) is not a resend.
  if (len > 1 && (fwd.nextSeq - 1) >>> 0 === seq) notAdvanced = false;
  if (len > 0 && rev.lastAck !== 0 && !gt((seq + len) >>> 0, rev.lastAck)) return A_SPURIOUS_RETRANSMISSION;
  if (notAdvanced && rev.dupAcks >= 2 && rev.lastAck === seq && time - rev.lastAckTime < FAST_RETRANSMISSION_NS)
    return A_FAST_RETRANSMISSION;
  const ooo = irtt === 0 ? OOO_NS : irtt;
  const end = (seq + len + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  if (notAdvanced && time - fwd.nextSeqTime < ooo && fwd.nextSeq !== end) return A_OUT_OF_ORDER;
  if (!notAdvanced) return 0;
  // The retransmission timeout: from the oldest unacknowledged segment, else the newest one sent.
  if (fwd.segFrame.length > 0) {
    out.rto = time - fwd.segTime[0]!;
    out.rtoFrame = fwd.segFrame[0]!;
  } else {
    out.rto = time - fwd.nextSeqTime;
    out.rtoFrame = fwd.nextSeqFrame;
  }
  return A_RETRANSMISSION;
}

/** Drops the other side's segments this ACK covers; returns A_ACKS_FRAME when it ends one exactly (its frame and RTT go to `out`). */
function acknowledge(rev: Flow, ack: number, time: number, out: Findings): number {
  let found = 0;
  let keep = 0;
  const n = rev.segFrame.length;
  for (let i = 0; i < n; i++) {
    const next = rev.segNext[i]!;
    if (ack === next) {
      // Several segments may end here (resends): the oldest one is the one acknowledged.
      if (found === 0) {
        out.ackedFrame = rev.segFrame[i]!;
        out.ackRtt = time - rev.segTime[i]!;
        found = A_ACKS_FRAME | A_SHOWN;
      }
      continue;
    }
    if (!gt(next, ack)) continue; // acknowledged before
    // Not (or partly) acknowledged: kept, starting at the ACK when it covers part of it.
    const seq = rev.segSeq[i]!;
    rev.segFrame[keep] = rev.segFrame[i]!;
    rev.segSeq[keep] = gt(ack, seq) ? ack : seq;
    rev.segNext[keep] = next;
    rev.segTime[keep] = rev.segTime[i]!;
    keep++;
  }
  if (keep < n) {
    rev.segFrame.length = keep;
    rev.segSeq.length = keep;
    rev.segNext.length = keep;
    rev.segTime.length = keep;
  }
  return found;
}

/** Bytes in flight after a data segment (from the unacknowledged segments, less what SACKs reported) and bytes since the last PSH. */
function inFlight(fwd: Flow, rev: Flow, flags: number, len: number, out: Findings): number {
  const n = fwd.segFrame.length;
  if (n === 0 || !fwd.validBif) return 0;
  let first = (fwd.segSeq[n - 1]! - fwd.base) >>> 0;
  let last = (fwd.segNext[n - 1]! - fwd.base) >>> 0;
  for (let i = 0; i < n; i++) {
    const s = (fwd.segSeq[i]! - fwd.base) >>> 0;
    const e = (fwd.segNext[i]! - fwd.base) >>> 0;
    if (e > last) last = e;
    if (s < first) first = s;
  }
  const bytes = (last - first - rev.sackBytes) >>> 0;
  if (bytes > 0 && bytes < 2_000_000_000) out.bytesInFlight = flags & (SYN | FIN) ? bytes - 1 : bytes;
  const push = (flags & PSH) !== 0;
  fwd.pushBytesSent = fwd.pushSetLast ? len : (fwd.pushBytesSent + len) >>> 0;
  fwd.pushSetLast = push;
  out.pushBytes = fwd.pushBytesSent;
  return A_IN_FLIGHT | A_SHOWN;
}

/** Info-column prefixes, in the order TShark 4.0 prints them. */
export function analysisPrefix(a: number, dupAcks: number, dupAckFrame: number): string {
  if (!(a & A_FLAGS)) return '';
  let s = '';
  // TShark prepends each one: the last printed comes first.
  if (a & A_ZERO_WINDOW_PROBE_ACK) s += '[TCP ZeroWindowProbeAck] ';
  if (a & A_ZERO_WINDOW) s += '[TCP ZeroWindow] ';
  if (a & A_ZERO_WINDOW_PROBE) s += '[TCP ZeroWindowProbe] ';
  if (a & A_DUPLICATE_ACK) s += `[TCP Dup ACK ${dupAckFrame}#${dupAcks}] `;
  if (a & A_KEEP_ALIVE_ACK) s += '[TCP Keep-Alive ACK] ';
  if (a & A_KEEP_ALIVE) s += '[TCP Keep-Alive] ';
  if (a & A_WINDOW_FULL) s += '[TCP Window Full] ';
  if (a & A_WINDOW_UPDATE) s += '[TCP Window Update] ';
  if (a & A_ACK_LOST_SEGMENT) s += '[TCP ACKed unseen segment] ';
  if (a & A_LOST_SEGMENT) s += '[TCP Previous segment not captured] ';
  if (a & A_OUT_OF_ORDER) s += '[TCP Out-Of-Order] ';
  if (a & A_SPURIOUS_RETRANSMISSION) s += '[TCP Spurious Retransmission] ';
  if (a & A_FAST_RETRANSMISSION) s += '[TCP Fast Retransmission] ';
  if (a & A_RETRANSMISSION) s += '[TCP Retransmission] ';
  if (a & A_REUSED_PORTS) s += '[TCP Port numbers reused] ';
  return s;
}
