import type { FieldInfo } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { type DissectSession, frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Media streams that a signalling protocol announced (SDP's `c=` and `m=` lines): TShark 4.0
 * finds RTP and RTCP this way, not by heuristics (those are off by default). SDP registers
 * each announced address and port as RTP, and port + 1 as RTCP (unless the stream multiplexes
 * RTCP); any UDP datagram from or to such an endpoint, in a later frame, is then RTP or RTCP
 * (Wireshark's conversation with a wildcard peer). A later announcement of the same endpoint
 * replaces the earlier one.
 */
export interface MediaSetup {
  /** The frame that set the stream up (the offer's, for an answer: TShark's setup frame). */
  frame: number;
  /** 'rtp' or 'rtcp'. */
  kind: 'rtp' | 'rtcp';
  /** The SIP Call-ID the SDP came in, or ''. */
  callId: string;
  /** Names of the payload types the SDP mapped (`a=rtpmap:101 telephone-event/8000`), by type. */
  encodings: ReadonlyMap<number, string> | undefined;
}

/** Most setups a capture keeps (each SDP media line makes two); later announcements are not followed. */
export const MAX_MEDIA_SETUPS = 100_000;

/** Most offers remembered for their answers; past it the table starts again. */
const MAX_OFFERS = 10_000;

class MediaSetups {
  readonly list: MediaSetup[] = [];
  readonly byEndpoint = new Map<string, number>();
  /** Frames of the requests that carried an offer, by the signalling's transaction key (SIP: Call-ID and CSeq method). */
  readonly offers = new Map<string, number>();
  /** The frame that announced the first stream (-1: none yet): frames up to it cannot belong to one. */
  firstAnnounce = -1;
  /** Ports some stream was announced on (1), so most datagrams are answered without a key. */
  readonly ports = new Uint8Array(65536);
}

const newSetups = (_: DissectSession): MediaSetups => new MediaSetups();

/** Which setup a frame's datagram belongs to (-1: none), kept for revisits. */
const SETUP = frameSlot<number>('rtp.conversations', {
  write: (index, out) => out.int(index),
  read: (from) => from.int(),
});

/**
 * Records that `address`:`port` carries RTP from now on (and RTCP on `port + 1` unless
 * `rtcpMux`). First pass only: a revisit leaves the state alone.
 */
export function announceMedia(
  pinfo: PacketInfo,
  address: string,
  port: number,
  rtcpMux: boolean,
  setupFrame: number,
  callId: string,
  encodings: ReadonlyMap<number, string> | undefined,
): void {
  if (pinfo.visited || port === 0) return;
  const s = pinfo.session.state('rtp.conversations', newSetups);
  if (s.firstAnnounce < 0) s.firstAnnounce = pinfo.frame.number;
  const add = (kind: 'rtp' | 'rtcp', p: number): void => {
    if (s.list.length >= MAX_MEDIA_SETUPS) return;
    s.byEndpoint.set(`${address} ${p}`, s.list.length);
    s.ports[p & 0xffff] = 1;
    s.list.push({ frame: setupFrame, kind, callId, encodings });
  };
  add('rtp', port);
  if (!rtcpMux) add('rtcp', port + 1);
}

/**
 * The frame an SDP body's streams count as set up in: a request's own (remembered under `key`),
 * and for a response the frame of the request it answers (TShark shows the offer's frame for
 * both ends of a call). First pass only (revisits do not announce).
 */
export function offerFrame(pinfo: PacketInfo, key: string, request: boolean): number {
  if (pinfo.visited) return pinfo.frame.number;
  const offers = pinfo.session.state('rtp.conversations', newSetups).offers;
  if (request) {
    if (offers.size >= MAX_OFFERS) offers.clear();
    offers.set(key, pinfo.frame.number);
    return pinfo.frame.number;
  }
  return offers.get(key) ?? pinfo.frame.number;
}

/** The setup of this UDP datagram's conversation, if an earlier frame announced one of its endpoints. */
export function mediaSetupOf(pinfo: PacketInfo): MediaSetup | undefined {
  const s = pinfo.session.state('rtp.conversations', newSetups);
  // Before any announcement nothing is looked up or logged. After it every datagram records its
  // answer (a frame may ask more than once, a tunnel's outer and inner UDP, so the answers must
  // all be in the log for a revisit to read them in order). Both tests read as on the first pass.
  if (s.firstAnnounce < 0 || pinfo.frame.number <= s.firstAnnounce) return undefined;
  const index = pinfo.frameData(SETUP, () => {
    if (s.ports[pinfo.dstPort] === 0 && s.ports[pinfo.srcPort] === 0) return -1;
    const dst = s.byEndpoint.get(`${pinfo.netDst ?? pinfo.dst} ${pinfo.dstPort}`);
    if (dst !== undefined) return dst;
    return s.byEndpoint.get(`${pinfo.netSrc ?? pinfo.src} ${pinfo.srcPort}`) ?? -1;
  });
  return index < 0 ? undefined : s.list[index];
}

/** The fields RTP and RTCP show a setup with. */
export interface SetupFields {
  setup: FieldInfo;
  frame: FieldInfo;
  method: FieldInfo;
}

/** The `[Stream setup by SDP (frame N)]` subtree of RTP and RTCP (RTP adds the SIP Call-ID). */
export function addSetup(
  tree: ProtoTree,
  node: number,
  tvb: Tvb,
  setup: MediaSetup,
  fields: SetupFields,
  callIdField: FieldInfo | undefined,
): void {
  const text = `Stream setup by SDP (frame ${setup.frame})`;
  const s = tree.add(node, fields.setup, tvb, 0, 0, text, `[${text}]`);
  tree.add(s, fields.frame, tvb, 0, 0, setup.frame);
  tree.add(s, fields.method, tvb, 0, 0, 'SDP');
  if (callIdField !== undefined && setup.callId !== '') tree.add(s, callIdField, tvb, 0, 0, setup.callId);
}
