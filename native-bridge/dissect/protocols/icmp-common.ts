import { dispatchPayload } from '../core/dispatch.js';
import type { FieldHandles } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import { isShort } from '../core/frame.js';
import { NestingError, OffsetError, type Tvb } from '../core/tvb.js';

/**
 * Decodes the datagram an ICMP or ICMPv6 error quotes, behind a fence: the quoted layers may
 * not change the summary columns, start reassembly or touch TCP/UDP stream state (Wireshark's
 * in_error_pkt and column fence). `quoted` cuts the datagram from the message: the reads it
 * makes (the message's own, after its fixed header) already count as inside the error packet.
 *
 * Wireshark restores in_error_pkt only when the quoting decoder returns. A read past what a
 * quoted layer holds ends that layer there, unmarked (call_dissector_work_error catches it),
 * and the message goes on; but a read past what was captured of a longer frame (BoundsError,
 * `_ws.short`), or any read the message makes in `quoted`, ends the frame with the flag still
 * set. TShark then queues the frame tap as an error packet's, and io,phs and io,stat skip the
 * frame (packet-icmp.c sets the flag before tvb_new_subset_remaining(tvb, 8); packet.c
 * RETHROWs BoundsError; tap.c's tap_push_tapped_queue skips TAP_PACKET_IS_ERROR_PACKET).
 * The fence (columns, addresses) is put back either way.
 */
export function dissectQuoted(etherType: number, quoted: () => Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const { protocol, info } = pinfo;
  const addresses = pinfo.saveAddresses();
  const was = pinfo.inErrorPacket;
  pinfo.inErrorPacket = true;
  const tvb = quoted();
  try {
    dispatchPayload({ table: 'ethertype', keys: [etherType] }, tvb, pinfo, tree, parent);
  } catch (e) {
    pinfo.protocol = protocol;
    pinfo.info = info;
    pinfo.restoreAddresses(addresses);
    if (!(e instanceof OffsetError) || e instanceof NestingError || isShort(e, pinfo)) throw e;
  }
  pinfo.inErrorPacket = was;
  pinfo.protocol = protocol;
  pinfo.info = info;
  pinfo.restoreAddresses(addresses);
}

interface EchoRequest {
  frame: number;
  time: number;
}
const newEchoes = (): Map<string, EchoRequest> => new Map();
/** Requests kept for matching; the oldest go first, so a flood of unanswered pings stays bounded. */
const MAX_ECHOES = 4096;

/** A reply's request (first pass), kept for revisits: its frame (-1: none found) and the response time (ms). */
interface Reply {
  reqFrame: number;
  ms: number;
}

const ECHO_REPLY = frameSlot<Reply>('icmp.echo', {
  write(v, out) {
    out.int(v.reqFrame);
    if (v.reqFrame >= 0) out.f64(v.ms);
  },
  read(from) {
    const reqFrame = from.int();
    return { reqFrame, ms: reqFrame >= 0 ? from.f64() : 0 };
  },
});

/**
 * Echo request/reply matching in one pass, as TShark's: a request is remembered; a reply that
 * finds its request gets `resp_to` (the request's frame) and `resptime` (ms) under `node`, and
 * the Info text for them is returned (` (request in 7)`, else ''). A request cannot know its
 * reply yet.
 */
export function matchEcho(
  f: FieldHandles<'resp_to' | 'resptime'>,
  family: 4 | 6,
  request: boolean,
  id: number,
  seq: number,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
): string {
  const time = pinfo.frame.sec + pinfo.frame.nsec / 1e9;
  if (request) {
    // Only the table changes (nothing to show): a revisit skips it.
    if (pinfo.visited) return '';
    const echoes = pinfo.session.state('icmp.echo', newEchoes);
    if (echoes.size >= MAX_ECHOES) echoes.delete(echoes.keys().next().value!);
    echoes.set(`${family} ${pinfo.netSrc}>${pinfo.netDst} ${id} ${seq}`, { frame: pinfo.frame.number, time });
    return '';
  }
  const r = pinfo.frameData(ECHO_REPLY, () => {
    const req = pinfo.session.state('icmp.echo', newEchoes).get(`${family} ${pinfo.netDst}>${pinfo.netSrc} ${id} ${seq}`);
    if (req === undefined || req.frame >= pinfo.frame.number) return { reqFrame: -1, ms: 0 };
    return { reqFrame: req.frame, ms: (time - req.time) * 1000 };
  });
  if (r.reqFrame < 0) return '';
  tree.add(node, f.resp_to, tvb, 0, 0, r.reqFrame);
  tree.add(node, f.resptime, tvb, 0, 0, r.ms);
  return ` (request in ${r.reqFrame})`;
}
