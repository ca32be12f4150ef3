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
export interface TcpFrame {
  /** `tcp.stream`; -1 for a quoted segment (ICMP error) of a conversation not seen. */
  index: number;
  /** Raw sequence numbers the relative ones count from, this segment's direction and the other; -1 unknown. */
  fwdBase: number;
  revBase: number;
  /** Window scale shift applied to this segment (-1: not scaled). Only for a whole header. */
  scale: number;
  /** A_* bits. Only for a whole header. */
  analysis: number;
  /** With A_DUPLICATE_ACK: its number and the frame of the ACK it repeats. */
  dupAcks: number;
  dupAckFrame: number;
}

/** Words: index, fwdBase, revBase, flags (known bases, scale + 1 in bits 2–5, analysis from bit 6), [dupAcks, dupAckFrame]. */
export const TCP_FRAME = frameSlot<TcpFrame>('tcp.conversations', {
  write(v, out) {
    out.int(v.index);
    out.int(v.fwdBase);
    out.int(v.revBase);
    out.int((v.fwdBase >= 0 ? 1 : 0) | (v.revBase >= 0 ? 2 : 0) | ((v.scale + 1) << 2) | (v.analysis << 6));
    if (v.analysis & A.A_DUPLICATE_ACK) {
      out.int(v.dupAcks);
      out.int(v.dupAckFrame);
    }
  },
  read(from) {
    const index = from.int();
    const fwd = from.int();
    const rev = from.int();
    const bits = from.int();
    const analysis = bits >>> 6;
    const dup = (analysis & A.A_DUPLICATE_ACK) !== 0;
    return {
      index,
      fwdBase: bits & 1 ? fwd >>> 0 : -1,
      revBase: bits & 2 ? rev >>> 0 : -1,
      scale: ((bits >>> 2) & 0xf) - 1,
      analysis,
      dupAcks: dup ? from.int() : 0,
      dupAckFrame: dup ? from.int() : 0,
    };
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
  /** Payload bytes. */
  len: number;
  /** The window scale shift a SYN's options offer (-1: none). */
  offeredScale: number;
}

/**
 * A segment in capture order: finds (or starts) its stream, sets the bases of the relative
 * numbers, and for a whole header applies the window scale and classifies the segment, moving
 * the flows on. Reads no packet bytes.
 */
export function trackSegment(pinfo: PacketInfo, s: Segment): TcpFrame {
  const table = conversations(pinfo);
  const { key, forward } = endpointKey(pinfo, s.sport, s.dport);
  let conv = table.lookup(key, true, A.newStream)!;
  if (s.flags & A.SYN && !(s.flags & A.ACK)) {
    // A new SYN on endpoints whose connection was closed or set up before: a new stream.
    const st = conv.state;
    const old = forward ? st.a : st.b;
    if (st.synSeen && (old.finSeen || old.rstSeen || (old.base >= 0 && s.seq !== old.base))) conv = table.replace(key, A.newStream);
  }
  const stream = conv.state;
  const fwd = forward ? stream.a : stream.b;
  const rev = forward ? stream.b : stream.a;
  const out: TcpFrame = { index: conv.index, fwdBase: fwd.base, revBase: rev.base, scale: -1, analysis: 0, dupAcks: 0, dupAckFrame: 0 };
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
  const shownWin = out.scale >= 0 ? s.win * 2 ** out.scale : s.win;
  const f = pinfo.frame;
  out.analysis = A.analyze(fwd, rev, s.seq, s.ack, s.flags, s.len, shownWin, f.sec + f.nsec / 1e9, f.number);
  if (s.flags & A.FIN) {
    // TShark: the side that sent the first FIN initiates the closing, the other undergoes it.
    const side = forward ? 1 : 2;
    if (stream.finFrom === 0) stream.finFrom = side;
    out.analysis |= stream.finFrom === side ? A.A_FIN_ACTIVE : A.A_FIN_PASSIVE;
  }
  out.dupAcks = fwd.dupAcks;
  out.dupAckFrame = fwd.dupAckFrame;
  return out;
}

/**
 * A segment quoted by an ICMP error: its stream and bases as the state has them now, without
 * starting a stream (a quoted header of a conversation not seen gets none, and no bases).
 */
export function quotedSegment(pinfo: PacketInfo, sport: number, dport: number): TcpFrame {
  const { key, forward } = endpointKey(pinfo, sport, dport);
  const conv = conversations(pinfo).lookup(key, false, A.newStream);
  const fwd = conv === undefined ? undefined : forward ? conv.state.a : conv.state.b;
  const rev = conv === undefined ? undefined : forward ? conv.state.b : conv.state.a;
  return {
    index: conv?.index ?? -1,
    fwdBase: fwd?.base ?? -1,
    revBase: rev?.base ?? -1,
    scale: -1,
    analysis: 0,
    dupAcks: 0,
    dupAckFrame: 0,
  };
}
