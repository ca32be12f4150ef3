import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { ConversationTable, endpointKey } from './conversations.js';
import * as A from './tcp-analysis.js';

/**
 * What TCP decides for one segment from the conversation state: the stream, the bases of the
 * relative numbers, the window scale and the analysis flags. The first pass computes it (and
 * moves the state on); a revisit reads it back, so `tcp.seq`, the flags and the Info column come
 * out as they did in capture order.
 */
export interface TcpFrame extends A.Findings {
  /** `tcp.stream`; -1 for a quoted segment (ICMP error) of a conversation not seen. */
  index: number;
  /** Raw sequence numbers the relative ones count from, this segment's direction and the other; -1 unknown. */
  fwdBase: number;
  revBase: number;
  /** Window scale shift applied to this segment (-1: not scaled). Only for a whole header. */
  scale: number;
}

/** A_IRTT: the record holds the stream's initial RTT (known when the segment was analysed). */
const A_IRTT = 1 << 20;

/**
 * Words: index, fwdBase, revBase, flags (known bases, scale + 1 in bits 2–5, analysis from bit
 * 6), then only what the analysis bits say is there: [dupAcks, dupAckFrame], [ackedFrame,
 * ackRtt], [bytesInFlight, pushBytes], [rto, rtoFrame], [irtt]. A plain segment is four words.
 */
export const TCP_FRAME = frameSlot<TcpFrame>('tcp.conversations', {
  write(v, out) {
    const a = v.flags | (v.flags & A.A_SHOWN && v.irtt !== 0 ? A_IRTT : 0);
    out.int(v.index);
    out.int(v.fwdBase);
    out.int(v.revBase);
    out.int((v.fwdBase >= 0 ? 1 : 0) | (v.revBase >= 0 ? 2 : 0) | ((v.scale + 1) << 2) | (a << 6));
    if (a & A.A_DUPLICATE_ACK) {
      out.int(v.dupAcks);
      out.int(v.dupAckFrame);
    }
    if (a & A.A_ACKS_FRAME) {
      out.int(v.ackedFrame);
      out.f64(v.ackRtt);
    }
    if (a & A.A_IN_FLIGHT) {
      out.int(v.bytesInFlight);
      out.int(v.pushBytes);
    }
    if (a & A.A_RETRANSMISSION) {
      out.f64(v.rto);
      out.int(v.rtoFrame);
    }
    if (a & A_IRTT) out.f64(v.irtt);
  },
  read(from) {
    const t = A.newFindings() as TcpFrame;
    t.index = from.int();
    const fwd = from.int();
    const rev = from.int();
    const bits = from.int();
    const a = bits >>> 6;
    t.fwdBase = bits & 1 ? fwd >>> 0 : -1;
    t.revBase = bits & 2 ? rev >>> 0 : -1;
    t.scale = ((bits >>> 2) & 0xf) - 1;
    t.flags = a & ~A_IRTT;
    if (a & A.A_DUPLICATE_ACK) {
      t.dupAcks = from.int();
      t.dupAckFrame = from.int();
    }
    if (a & A.A_ACKS_FRAME) {
      t.ackedFrame = from.int();
      t.ackRtt = from.f64();
    }
    if (a & A.A_IN_FLIGHT) {
      t.bytesInFlight = from.int() >>> 0;
      t.pushBytes = from.int() >>> 0;
    }
    if (a & A.A_RETRANSMISSION) {
      t.rto = from.f64();
      t.rtoFrame = from.int();
    }
    if (a & A_IRTT) t.irtt = from.f64();
    return t;
  },
});

const newTable = (): ConversationTable<A.TcpStream> => new ConversationTable<A.TcpStream>();

function conversations(pinfo: PacketInfo): ConversationTable<A.TcpStream> {
  return pinfo.session.state('tcp.conversations', newTable);
}

/** The fixed header fields a segment's decisions depend on. */
export interface Segment {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  /** Header length in bytes (from the data offset). */
  hlen: number;
  /** Whether the whole header was captured (the segment will be analysed). */
  whole: boolean;
  /** The raw window field. */
  win: number;
  /** Payload bytes, from the IP header's length (more than captured on a snap-length-limited capture). */
  len: number;
  /** The window scale shift a SYN's options offer (-1: none). */
  offeredScale: number;
  /** Bytes the segment's SACK blocks report received. */
  sackBytes: number;
}

/**
 * A segment in capture order: finds (or starts) its stream, sets the bases of the relative
 * numbers, and for a whole header applies the window scale and classifies the segment, moving
 * the flows on. Reads no packet bytes.
 */
export function trackSegment(pinfo: PacketInfo, s: Segment): TcpFrame {
  const table = conversations(pinfo);
  const { length, forward } = endpointKey(pinfo, s.sport, s.dport, table.keys);
  let conv = table.lookup(length, true, A.newStream)!;
  let reused = 0;
  if (s.flags & A.SYN && !(s.flags & A.ACK)) {
    // A new SYN on endpoints whose connection was closed or set up before: a new stream.
    const st = conv.state;
    const old = forward ? st.a : st.b;
    if (st.synSeen && (old.finSeen || old.rstSeen || (old.base >= 0 && s.seq !== old.base))) {
      conv = table.replace(length, A.newStream);
      reused = A.A_REUSED_PORTS | A.A_SHOWN;
    }
  }
  const stream = conv.state;
  const fwd = forward ? stream.a : stream.b;
  const rev = forward ? stream.b : stream.a;
  const out = A.newFindings() as TcpFrame;
  out.index = conv.index;
  out.fwdBase = fwd.base;
  out.revBase = rev.base;
  out.scale = -1;
  const ace = accurateEcn(stream, s.flags);
  out.flags |= ace;
  if (s.hlen < 20) return out;
  A.setBases(fwd, rev, s.seq, s.ack, s.flags);
  if (s.flags & A.SYN) stream.synSeen = true;
  out.fwdBase = fwd.base;
  out.revBase = rev.base;
  if (!s.whole) return out;
  // Window scaling: each side offers a shift in its SYN; it applies once both did.
  if (s.flags & A.SYN) fwd.winScale = s.offeredScale >= 0 ? Math.min(s.offeredScale, 14) : -2;
  if (!(s.flags & A.SYN) && fwd.winScale !== -1 && rev.winScale !== -1)
    out.scale = fwd.winScale >= 0 && rev.winScale >= 0 ? fwd.winScale : 0;
  const f = pinfo.frame;
  if (stream.t0Sec < 0) {
    stream.t0Sec = f.sec;
    stream.t0Nsec = f.nsec;
  }
  facts.seq = s.seq;
  facts.ack = s.ack;
  facts.flags = s.flags;
  facts.len = s.len;
  facts.win = s.win;
  facts.time = (f.sec - stream.t0Sec) * 1e9 + (f.nsec - stream.t0Nsec);
  facts.frame = f.number;
  A.analyze(stream, fwd, rev, facts, out);
  out.flags |= reused | ace;
  fwd.sackBytes = s.sackBytes;
  if (s.flags & A.FIN) {
    // TShark: the side that sent the first FIN initiates the closing, the other undergoes it.
    const side = forward ? 1 : 2;
    if (stream.finFrom === 0) stream.finFrom = side;
    out.flags |= stream.finFrom === side ? A.A_FIN_ACTIVE : A.A_FIN_PASSIVE;
  }
  // The initial RTT: from the latest SYN to the first ACK without SYN (TShark's ts_first_rtt).
  if (s.flags & A.SYN) {
    fwd.firstAck = true;
    if (!(s.flags & A.ACK)) stream.synTime = facts.time;
  } else if (s.flags & A.ACK) {
    if (stream.synTime >= 0 && stream.irtt === 0) stream.irtt = facts.time - stream.synTime;
    fwd.firstAck = false;
  }
  out.irtt = stream.irtt;
  return out;
}

/** The AE, CWR and ECE bits as one number (AE the high bit): a SYN-ACK's AccECN answer, later AccECN's ACE counter. */
const aceOf = (flags: number): number => (flags >> 6) & 7;
/** The SYN-ACK codepoints that answer an AccECN SYN (Not-ECT 2, ECT(1) 3, ECT(0) 4, CE 6). */
const ACC_ECN_ANSWERS = 0b1011100;

/**
 * AccECN's setup as TShark 4.0 follows it: the latest SYN asked for it (AE, CWR and ECE all set),
 * the latest SYN-ACK answered with one of its codepoints; then every segment without SYN, in
 * either direction, carries the ACE counter in those bits: `A_ACE`, or 0.
 */
function accurateEcn(stream: A.TcpStream, flags: number): number {
  if (flags & A.SYN) {
    if (flags & A.ACK) stream.accEcnSynAck = ((ACC_ECN_ANSWERS >> aceOf(flags)) & 1) === 1;
    else stream.accEcnSyn = aceOf(flags) === 7;
    return 0;
  }
  return stream.accEcnSyn && stream.accEcnSynAck ? A.A_ACE : 0;
}

/** The analysis input, reused (one segment at a time). */
const facts: A.SegmentFacts = { seq: 0, ack: 0, flags: 0, len: 0, win: 0, time: 0, frame: 0 };

/**
 * A segment quoted by an ICMP error: its stream and bases as the state has them now, without
 * starting a stream (a quoted header of a conversation not seen gets none, and no bases).
 */
export function quotedSegment(pinfo: PacketInfo, sport: number, dport: number): TcpFrame {
  const table = conversations(pinfo);
  const { length, forward } = endpointKey(pinfo, sport, dport, table.keys);
  const conv = table.lookup(length, false, A.newStream);
  const fwd = conv === undefined ? undefined : forward ? conv.state.a : conv.state.b;
  const rev = conv === undefined ? undefined : forward ? conv.state.b : conv.state.a;
  return {
    index: conv?.index ?? -1,
    fwdBase: fwd?.base ?? -1,
    revBase: rev?.base ?? -1,
    scale: -1,
    ...A.newFindings(),
  };
}
