import { dispatchPayload } from '../core/dispatch.js';
import type { FieldHandles } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import { NestingError, OffsetError, type Tvb } from '../core/tvb.js';
import { IN_ERROR } from './ip-common.js';

/**
 * Decodes the datagram an ICMP or ICMPv6 error quotes, behind a fence: the quoted layers may
 * not change the summary columns, start reassembly or touch TCP/UDP stream state (Wireshark's
 * in_error_pkt and column fence). The fence holds even if the quoted bytes are cut short; a
 * quoted layer that reads past them just ends there, unmarked.
 */
export function dissectQuoted(etherType: number, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  if (tvb.length === 0) return;
  const { protocol, info } = pinfo;
  const addresses = pinfo.saveAddresses();
  const was = pinfo.data.get(IN_ERROR);
  pinfo.data.set(IN_ERROR, true);
  try {
    dispatchPayload({ table: 'ethertype', keys: [etherType] }, tvb, pinfo, tree, parent);
  } catch (e) {
    // Wireshark catches a quoted layer's bounds errors where that layer was called
    // (call_dissector_work_error): it ends there, unmarked, and the frame goes on. Nesting past
    // the limit still ends the frame.
    if (!(e instanceof OffsetError) || e instanceof NestingError) throw e;
  } finally {
    pinfo.data.set(IN_ERROR, was);
    pinfo.protocol = protocol;
    pinfo.info = info;
    pinfo.restoreAddresses(addresses);
  }
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
