import type { Dissector } from '../core/dissector.js';
import { addExpert } from '../core/expert-info.js';
import type { PacketInfo } from '../core/packet-info.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { addPorts } from './conversations.js';
import { HEADER_LENGTH_LINES, inError, reportedLength } from './ip-common.js';
import * as A from './tcp-analysis.js';
import { TCP, TCP_EXPERT as EI } from './tcp-fields.js';
import { type Segment, TCP_FRAME, type TcpFrame, quotedSegment, trackSegment } from './tcp-frame.js';
import { handPayload, reorderedPayload } from './tcp-reassembly.js';
import { dissectTcpOptions, newOptionSummary, offeredWindowScale, sackedBytes, type TcpOptionSummary } from './tcp-options.js';
import { addTcpTimestamps } from './tcp-timestamps.js';

/**
 * Transmission Control Protocol (RFC 9293): header, flags, options (tcp-options.ts), stream
 * numbering and sequence analysis (tcp-analysis.ts; what they decide per segment is recorded for
 * revisits, tcp-frame.ts), then the payload through the `tcp.port`
 * table, lower port first, then the `tcp` heuristics, then `data`. Sequence numbers are shown
 * relative to the stream's first (`tcp.seq`), raw in `tcp.seq_raw`, as TShark does. The
 * checksum is shown, not verified (TShark's default). Inside an ICMP error only what is
 * quoted is shown, without touching stream state.
 */
const f = TCP.f;

/** TCP hands its upper layers the stream index under this key (stream following, HTTP). */
export const TCP_STREAM = 'tcp.stream';

/** The direction of a stream a PDU is collected for (tcp-reassembly.ts). */
function streamKey(index: number, src: string | undefined, port: number): string {
  return `${index} ${src} ${port}`;
}

/** One summary object reused across packets: decoding is synchronous and not re-entrant through options. */
const opts: TcpOptionSummary = newOptionSummary();

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];

/** Flag texts by the 12-bit flags value, built once each (no string building per packet). */
const flagStrings: string[] = [];
const flagBitStrings: string[] = [];

/** The flags' names; `ace`: AE, CWR and ECE are AccECN's counter, named last as `ACE=n`. */
function flagString(flags: number, ace: boolean): string {
  const key = ace ? flags | 0x1000 : flags;
  flagStrings[key] ??= ace ? aceFlagString(flags) : buildFlagString(flags);
  return flagStrings[key];
}

function aceFlagString(flags: number): string {
  const rest = buildFlagString(flags & ~0x1c0);
  return `${rest}${rest ? ', ' : ''}ACE=${(flags >> 6) & 7}`;
}

function buildFlagString(flags: number): string {
  let s = '';
  for (let i = 0; i < 9; i++) if (flags & (1 << i)) s += (s ? ', ' : '') + FLAG_NAMES[i];
  if (flags & 0xe00) s += `${s ? ', ' : ''}Reserved`;
  return s;
}

/** Wireshark's tcp.flags.str: twelve positions, a dot for each clear bit. */
function flagBits(flags: number, ace: boolean): string {
  const key = ace ? flags | 0x1000 : flags;
  flagBitStrings[key] ??= ace
    ? `${buildFlagBits(flags).slice(0, 3)}-${(flags >> 6) & 7}-${buildFlagBits(flags).slice(6)}`
    : buildFlagBits(flags);
  return flagBitStrings[key];
}

function buildFlagBits(flags: number): string {
  const c = 'RRRACEUAPRSF';
  let s = '';
  for (let i = 11; i >= 0; i--) s += flags & (1 << i) ? (i >= 9 ? 'R' : c[11 - i]!) : '·';
  return s;
}

function addFlags(tree: ProtoTree, node: number, tvb: Tvb, flags: number, t: TcpFrame, sport: number, dport: number): void {
  const ace = (t.flags & A.A_ACE) !== 0;
  const fl = tree.add(
    node,
    f.flags,
    tvb,
    12,
    2,
    flags,
    tree.building ? `Flags: 0x${flags.toString(16).padStart(3, '0')} (${flagString(flags, ace) || '<None>'})` : undefined,
  );
  tree.add(fl, f['flags.res'], tvb, 12, 1, (flags & 0xe00) !== 0);
  if (ace) tree.add(fl, f['flags.ace'], tvb, 12, 2, (flags >> 6) & 7);
  else {
    tree.add(fl, f['flags.ae'], tvb, 12, 1, (flags & 0x100) !== 0);
    tree.add(fl, f['flags.cwr'], tvb, 13, 1, (flags & 0x80) !== 0);
    tree.add(fl, f['flags.ece'], tvb, 13, 1, (flags & 0x40) !== 0);
  }
  tree.add(fl, f['flags.urg'], tvb, 13, 1, (flags & 0x20) !== 0);
  tree.add(fl, f['flags.ack'], tvb, 13, 1, (flags & 0x10) !== 0);
  tree.add(fl, f['flags.push'], tvb, 13, 1, (flags & 0x08) !== 0);
  const rst = tree.add(fl, f['flags.reset'], tvb, 13, 1, (flags & 0x04) !== 0);
  if (flags & A.RST) addExpert(tree, rst, tvb, EI['connection.rst']);
  const syn = tree.add(fl, f['flags.syn'], tvb, 13, 1, (flags & 0x02) !== 0);
  if (flags & A.SYN) {
    if (flags & A.ACK) addExpert(tree, syn, tvb, EI['connection.synack'], `${EI['connection.synack'].summary}: server port ${sport}`);
    else addExpert(tree, syn, tvb, EI['connection.syn'], `${EI['connection.syn'].summary}: server port ${dport}`);
  }
  const fin = tree.add(fl, f['flags.fin'], tvb, 13, 1, (flags & 0x01) !== 0);
  if (flags & A.FIN) addExpert(tree, fin, tvb, EI['connection.fin']);
  const str = tree.add(fl, f['flags.str'], tvb, 12, 2, flagBits(flags, ace));
  if (t.flags & A.A_FIN_ACTIVE) addExpert(tree, str, tvb, EI['connection.fin_active']);
  if (t.flags & A.A_FIN_PASSIVE) addExpert(tree, str, tvb, EI['connection.fin_passive']);
}

/** A time span in nanoseconds as TShark prints a relative time (`0.000017000`). */
function seconds(ns: number): number {
  return ns / 1e9;
}

function secondsText(ns: number): string {
  return `${seconds(ns).toFixed(9)} seconds`;
}

/** The "SEQ/ACK analysis" subtree in TShark 4.0's layout: the ACKed segment, RTTs, bytes in flight, then the flags with their expert items. */
function addAnalysis(tree: ProtoTree, node: number, tvb: Tvb, t: TcpFrame): void {
  const a = t.flags;
  const an = tree.add(node, f.analysis, tvb, 0, 0);
  if (a & A.A_ACKS_FRAME) {
    tree.add(an, f['analysis.acks_frame'], tvb, 0, 0, t.ackedFrame);
    if (t.ackRtt !== 0)
      tree.add(
        an,
        f['analysis.ack_rtt'],
        tvb,
        0,
        0,
        seconds(t.ackRtt),
        tree.building ? `The RTT to ACK the segment was: ${secondsText(t.ackRtt)}` : undefined,
      );
  }
  if (t.irtt !== 0)
    tree.add(an, f['analysis.initial_rtt'], tvb, 0, 0, seconds(t.irtt), tree.building ? `iRTT: ${secondsText(t.irtt)}` : undefined);
  if (t.bytesInFlight !== 0) {
    tree.add(an, f['analysis.bytes_in_flight'], tvb, 0, 0, t.bytesInFlight);
    tree.add(an, f['analysis.push_bytes_sent'], tvb, 0, 0, t.pushBytes);
  }
  if (!(a & A.A_FLAGS)) return;
  const fl = tree.add(an, f['analysis.flags'], tvb, 0, 0);
  if (a & A.A_REUSED_PORTS) addExpert(tree, fl, tvb, EI['analysis.reused_ports']);
  if (a & A.A_RETRANSMISSION) {
    addExpert(tree, fl, tvb, EI['analysis.retransmission']);
    if (t.rto !== 0) {
      tree.add(
        fl,
        f['analysis.rto'],
        tvb,
        0,
        0,
        seconds(t.rto),
        tree.building ? `The RTO for this segment was: ${secondsText(t.rto)}` : undefined,
      );
      tree.add(fl, f['analysis.rto_frame'], tvb, 0, 0, t.rtoFrame);
    }
  }
  if (a & A.A_FAST_RETRANSMISSION) {
    addExpert(tree, fl, tvb, EI['analysis.fast_retransmission']);
    addExpert(tree, fl, tvb, EI['analysis.retransmission']);
  }
  if (a & A.A_SPURIOUS_RETRANSMISSION) {
    addExpert(tree, fl, tvb, EI['analysis.spurious_retransmission']);
    addExpert(tree, fl, tvb, EI['analysis.retransmission']);
  }
  if (a & A.A_OUT_OF_ORDER) addExpert(tree, fl, tvb, EI['analysis.out_of_order']);
  if (a & A.A_LOST_SEGMENT) addExpert(tree, fl, tvb, EI['analysis.lost_segment']);
  if (a & A.A_ACK_LOST_SEGMENT) addExpert(tree, fl, tvb, EI['analysis.ack_lost_segment']);
  if (a & A.A_WINDOW_UPDATE) addExpert(tree, fl, tvb, EI['analysis.window_update']);
  if (a & A.A_WINDOW_FULL) addExpert(tree, fl, tvb, EI['analysis.window_full']);
  if (a & A.A_KEEP_ALIVE) addExpert(tree, fl, tvb, EI['analysis.keep_alive']);
  if (a & A.A_KEEP_ALIVE_ACK) addExpert(tree, fl, tvb, EI['analysis.keep_alive_ack']);
  if (a & A.A_DUPLICATE_ACK) {
    tree.add(fl, f['analysis.duplicate_ack'], tvb, 0, 0, undefined, 'This is a TCP duplicate ack');
    tree.add(an, f['analysis.duplicate_ack_num'], tvb, 0, 0, t.dupAcks);
    const frame = tree.add(an, f['analysis.duplicate_ack_frame'], tvb, 0, 0, t.dupAckFrame);
    addExpert(tree, frame, tvb, EI['analysis.duplicate_ack'], `Duplicate ACK (#${t.dupAcks})`);
  }
  if (a & A.A_ZERO_WINDOW_PROBE) addExpert(tree, fl, tvb, EI['analysis.zero_window_probe']);
  if (a & A.A_ZERO_WINDOW) addExpert(tree, fl, tvb, EI['analysis.zero_window']);
  if (a & A.A_ZERO_WINDOW_PROBE_ACK) addExpert(tree, fl, tvb, EI['analysis.zero_window_probe_ack']);
}

/**
 * A segment's decisions from the stream state (tcp-frame.ts), made once in capture order and
 * read back on a revisit. The fixed header through the window is there (checked by the caller);
 * the rest of the header may not be, so everything is read before the decisions are recorded.
 */
function decide(tvb: Tvb, pinfo: PacketInfo, sport: number, dport: number, seq: number): TcpFrame {
  const ack = tvb.u32(8);
  const w12 = tvb.u16(12);
  const hlen = (w12 >>> 12) * 4;
  const flags = w12 & 0x0fff;
  const whole = hlen >= 20 && tvb.has(0, hlen);
  const offeredScale = whole && flags & A.SYN ? offeredWindowScale(tvb.sub(20, hlen - 20)) : -1;
  const win = tvb.u16(14);
  const len = Math.max(0, reportedLength(pinfo, tvb) - hlen);
  const sackBytes = whole && hlen > 20 ? sackedBytes(tvb.sub(20, hlen - 20)) : 0;
  const seg: Segment = { sport, dport, seq, ack, flags, hlen, whole, win, len, offeredScale, sackBytes };
  return pinfo.frameData(TCP_FRAME, () => trackSegment(pinfo, seg));
}

/**
 * Set in `PacketInfo.data` by a layer that reads a cut payload as TShark's does (OpenFlow's
 * messages: a read past what was captured throws where TShark's would): TCP then adds no
 * "[Packet size limited during capture]" mark of its own.
 */
export const CUT_PAYLOAD_READ = 'tcp.cut_payload_read';

const tcp: Dissector = {
  name: 'tcp',
  dissect(tvb, pinfo, tree, parent) {
    const error = inError(pinfo);
    const node = beginProtocol(TCP, tvb, pinfo, tree, parent, 20, 4);
    const [sport, dport] = addPorts(f, tvb, pinfo, tree, node, error ? undefined : 'tcp');
    if (!error) {
      pinfo.setInfo(`${sport} → ${dport}`);
      // Wireshark reads the fixed header through the window (offset 14) before it adds
      // anything past the ports: a capture cut inside that stops here, with no flags to filter on.
      tvb.check(0, 16);
    }
    // A quoted header (ICMP error) may stop after the ports and the sequence number.
    const seq = tvb.u32(4);
    const t = error ? pinfo.frameData(TCP_FRAME, () => quotedSegment(pinfo, sport, dport)) : decide(tvb, pinfo, sport, dport, seq);
    if (error) {
      if (t.index >= 0) tree.add(node, f.stream, tvb, 0, 0, t.index);
      tree.add(node, f.seq, tvb, 4, 4, t.fwdBase >= 0 ? (seq - t.fwdBase) >>> 0 : seq);
      tree.add(node, f.seq_raw, tvb, 4, 4, seq);
      if (!tvb.has(0, 20)) return;
    } else {
      tree.add(node, f.stream, tvb, 0, 0, t.index);
      pinfo.data.set(TCP_STREAM, t.index);
    }
    const ack = tvb.u32(8);
    const w12 = tvb.u16(12);
    const hlen = (w12 >>> 12) * 4;
    const flags = w12 & 0x0fff;
    // The segment's length comes from the IP header: more than captured on a snap-length-limited capture.
    const len = Math.max(0, reportedLength(pinfo, tvb) - hlen);
    if (hlen < 20) {
      tree.setText(node, `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
      const bogus = tree.add(node, f.hdr_len, tvb, 12, 1, hlen, `Header Length: ${hlen} bytes (${hlen / 4})`);
      addExpert(tree, bogus, tvb, EI.bogus_header_length, `Bogus TCP header length (${hlen}, must be at least 20)`);
      if (!error) pinfo.appendInfo(`[BOGUS] Bogus TCP header length (${hlen}, must be at least 20)`);
      return;
    }
    tree.setLength(node, Math.min(hlen, tvb.length));
    const relSeq = t.fwdBase >= 0 ? (seq - t.fwdBase) >>> 0 : seq;
    // Without the ACK flag the field is shown as sent (TShark relativizes only a real ACK).
    const relAck = t.revBase >= 0 && flags & A.ACK ? (ack - t.revBase) >>> 0 : ack;
    if (!error) {
      tree.add(node, f.len, tvb, 12, 0, len);
      tree.add(
        node,
        f.seq,
        tvb,
        4,
        4,
        relSeq,
        t.fwdBase >= 0 && tree.building ? `Sequence Number: ${relSeq}    (relative sequence number)` : undefined,
      );
      tree.add(node, f.seq_raw, tvb, 4, 4, seq);
      const segLen = len + (flags & A.SYN ? 1 : 0) + (flags & A.FIN ? 1 : 0);
      const next = (relSeq + segLen) >>> 0;
      tree.add(
        node,
        f.nxtseq,
        tvb,
        0,
        0,
        next,
        t.fwdBase >= 0 && tree.building ? `Next Sequence Number: ${next}    (relative sequence number)` : undefined,
      );
    }
    const ackNode = tree.add(
      node,
      f.ack,
      tvb,
      8,
      4,
      relAck,
      flags & A.ACK && t.revBase >= 0 && tree.building ? `Acknowledgment Number: ${relAck}    (relative ack number)` : undefined,
    );
    if (!(flags & A.ACK) && ack !== 0) addExpert(tree, ackNode, tvb, EI['ack.nonzero']);
    tree.add(node, f.ack_raw, tvb, 8, 4, ack);
    tree.add(node, f.hdr_len, tvb, 12, 1, hlen, HEADER_LENGTH_LINES[hlen / 4]);
    addFlags(tree, node, tvb, flags, t, sport, dport);
    const win = tvb.u16(14);
    tree.add(node, f.window_size_value, tvb, 14, 2, win);
    const shownWin = t.scale >= 0 ? win * 2 ** t.scale : win;
    if (!error) {
      if (t.scale >= 0) {
        tree.add(node, f.window_size, tvb, 14, 2, shownWin);
        tree.add(node, f.window_size_scalefactor, tvb, 14, 0, 2 ** t.scale);
      } else {
        tree.add(node, f.window_size, tvb, 14, 2, win);
        tree.add(node, f.window_size_scalefactor, tvb, 14, 0, flags & A.SYN ? -2 : -1);
      }
    }
    const sum = tvb.u16(16);
    tree.add(node, f.checksum, tvb, 16, 2, sum);
    tree.add(node, f['checksum.status'], tvb, 16, 0, 2, 'Checksum Status: Unverified');
    const urg = tvb.u16(18);
    const urgNode = tree.add(node, f.urgent_pointer, tvb, 18, 2, urg);
    if (urg !== 0 && !(flags & A.URG)) addExpert(tree, urgNode, tvb, EI['urgent_pointer.non_zero']);

    let info = `${sport} → ${dport} [${flagString(flags, (t.flags & A.A_ACE) !== 0)}] Seq=${relSeq}`;
    if (flags & A.ACK) info += ` Ack=${relAck}`;
    info += ` Win=${shownWin}`;
    if (flags & A.URG) info += ` Urg=${urg}`;
    info += ` Len=${len}`;
    // Set before the options, which may run past what was captured (TShark's order).
    if (!error) pinfo.setInfo(info);

    opts.mss = -1;
    opts.wscale = -1;
    opts.sackPerm = false;
    opts.hasTs = false;
    opts.sack.length = 0;
    opts.info = '';
    opts.sackBase = t.revBase;
    opts.mptcp = false;
    if (hlen > 20) {
      try {
        dissectTcpOptions(tvb.sub(20, Math.min(hlen, tvb.length) - 20), tree, node, opts, pinfo, flags);
      } catch (e) {
        // An option that fails ends the frame; TShark's Info has what the options before it added.
        if (!error) pinfo.setInfo(info + opts.info);
        throw e;
      }
    }
    tvb.check(0, hlen);
    if (tree.building)
      tree.setText(
        node,
        `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${relSeq}${flags & A.ACK ? `, Ack: ${relAck}` : ''}, Len: ${len}`,
      );
    if (error) return;

    addTcpTimestamps(tree, node, tvb, pinfo, t.index);
    const analysis = t.flags;
    if (analysis & A.A_SHOWN) addAnalysis(tree, node, tvb, t);

    pinfo.setInfo(info + opts.info);
    if (analysis & A.A_FLAGS) pinfo.prependInfoFenced(A.analysisPrefix(analysis, t.dupAcks, t.dupAckFrame));

    // An empty FIN still goes to reassembly: it ends a PDU collected until the sender closes.
    if (len === 0 ? !(flags & A.FIN && flags & A.ACK) : tvb.length <= hlen) return;
    const payload = tvb.sub(hlen);
    // Resent or reordered bytes, and the diagnostic text some stacks put in a reset, are not
    // handed up (TShark shows them as segment data only); reordered ones may still go into a
    // PDU waiting where they start (tcp-reassembly.ts), when they were captured whole.
    if (flags & A.RST || analysis & (A.A_RETRANSMISSION | A.A_FAST_RETRANSMISSION | A.A_OUT_OF_ORDER | A.A_SPURIOUS_RETRANSMISSION)) {
      if (payload.length > 0) tree.add(node, f.segment_data, tvb, hlen, payload.length, payload.bytes);
      if (analysis & A.A_OUT_OF_ORDER && !(flags & A.RST) && payload.length > 0 && payload.length === len)
        reorderedPayload(payload, pinfo, tree, parent, node, seq, streamKey(t.index, pinfo.netSrc, sport));
      return;
    }
    if (payload.length > 0) tree.add(node, f.payload, tvb, hlen, payload.length, payload.bytes);
    // TShark's TCP payload errors are not an unreassembled IP fragment's (its marks say malformed),
    // but a segment cut short by the capture is not reassembled and its payload's are
    // (Wireshark's dissect_tcp_payload marks it fragmented when it cannot desegment).
    pinfo.fragmented = payload.length < len && pinfo.frame.capLen < pinfo.frame.wireLen;
    const low = Math.min(sport, dport);
    const high = Math.max(sport, dport);
    const route = { table: 'tcp.port', keys: [low, high], heuristics: 'tcp' } as const;
    if (payload.length < len) {
      // Capture stopped inside the payload: no reassembly (what is missing never comes, as in
      // Wireshark); TShark's decoders run into the end of what was captured ("[Packet size
      // limited during capture]"); ours stop there quietly, so say it. The payload reports the
      // segment's whole length, as Wireshark's does (what a PDU splitter walks).
      const name = dispatchPayload(route, tvb.pdu(hlen, len, false), pinfo, tree, parent);
      const ports = dissectorTable('tcp.port');
      // Data reads only what was captured, as TShark's does.
      if (name === 'data' || [low, high].map((k) => ports.get(k)).find((d) => d?.name === name)?.readsAsTShark) return;
      if (pinfo.peek(CUT_PAYLOAD_READ) !== true) tvb.check(hlen, len);
      return;
    }
    // Through desegmentation (tcp-reassembly.ts): a PDU that goes on past this segment is
    // collected from the direction's next segments and handed up whole.
    handPayload(route, payload, pinfo, tree, parent, node, seq, (flags & A.FIN) !== 0, streamKey(t.index, pinfo.netSrc, sport));
  },
};

dissectorTable('ip.proto').add(6, tcp);
