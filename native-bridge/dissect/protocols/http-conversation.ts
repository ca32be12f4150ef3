import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import type { ProtocolFields } from '../core/fields.js';
import { frameSlot } from '../core/session.js';
import { conversationKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * HTTP's per-conversation state, kept in capture order: request/response numbering, matching
 * a response to the oldest unanswered request (`http.request_in`, `http.time`,
 * `http.response_for.uri`), and whether the heuristic claimed the conversation. Single pass:
 * a request cannot point forward to its response (TShark's `http.response_in`, which needs a
 * second pass).
 */
interface Pending {
  frame: number;
  sec: number;
  nsec: number;
  uri: string;
  /** The request before it in the conversation (0: none). */
  prev: number;
}

export interface Conversation {
  requests: number;
  responses: number;
  lastRequest: number;
  lastResponse: number;
  pending: Pending[];
  /** Frame from which the heuristic claimed the conversation (Infinity: never). */
  claimedFrom: number;
}

const newTable = (): Map<string, Conversation> => new Map();

export function conversation(pinfo: PacketInfo): Conversation {
  const table = pinfo.session.state('http.conversations', newTable);
  const key = conversationKey(pinfo);
  let c = table.get(key);
  if (c === undefined) {
    c = { requests: 0, responses: 0, lastRequest: 0, lastResponse: 0, pending: [], claimedFrom: Infinity };
    table.set(key, c);
  }
  return c;
}

/** The HTTP fields `track` adds (registered by http.ts). */
type TrackFields =
  | 'request_number'
  | 'prev_request_in'
  | 'response_number'
  | 'prev_response_in'
  | 'time'
  | 'request_in'
  | 'response_for.uri';

/** What one message was in its conversation (first pass), kept for revisits. */
interface Matched {
  /** The request's or response's number in the conversation. */
  number: number;
  /** Frame of the previous request or response (0: none). */
  prev: number;
  /** A response's request: its frame (-1: none), the time since it, its URI, the request before it (0: none). */
  reqFrame: number;
  ds: number;
  dn: number;
  uri: string;
  reqPrev: number;
}

/** Words: number, prev, reqFrame, and with a request: ds (f64), dn, a reference to the URI, reqPrev. */
const HTTP_MESSAGE = frameSlot<Matched>('http.conversations', {
  write(v, out) {
    out.int(v.number);
    out.int(v.prev);
    out.int(v.reqFrame);
    if (v.reqFrame < 0) return;
    out.f64(v.ds);
    out.int(v.dn);
    out.ref(v.uri);
    out.int(v.reqPrev);
  },
  read(from) {
    const number = from.int();
    const prev = from.int();
    const reqFrame = from.int();
    if (reqFrame < 0) return { number, prev, reqFrame, ds: 0, dn: 0, uri: '', reqPrev: 0 };
    return { number, prev, reqFrame, ds: from.f64(), dn: from.int(), uri: from.ref() as string, reqPrev: from.int() };
  },
});

/** Numbers the message in its conversation and matches a response to the oldest unanswered request. */
function match(pinfo: PacketInfo, request: boolean, fullUri: string): Matched {
  const c = conversation(pinfo);
  const { number, sec, nsec } = pinfo.frame;
  if (request) {
    const m = { number: ++c.requests, prev: c.lastRequest, reqFrame: -1, ds: 0, dn: 0, uri: '', reqPrev: 0 };
    c.pending.push({ frame: number, sec, nsec, uri: fullUri, prev: c.lastRequest });
    c.lastRequest = number;
    return m;
  }
  const m = { number: ++c.responses, prev: c.lastResponse, reqFrame: -1, ds: 0, dn: 0, uri: '', reqPrev: 0 };
  c.lastResponse = number;
  const req = c.pending.shift();
  if (req === undefined) return m;
  m.reqFrame = req.frame;
  m.uri = req.uri;
  m.reqPrev = req.prev;
  m.ds = sec - req.sec;
  m.dn = nsec - req.nsec;
  if (m.dn < 0) {
    m.dn += 1e9;
    m.ds--;
  }
  return m;
}

/** Adds the request/response numbering and matching nodes under `node`. */
export function track(
  P: ProtocolFields<TrackFields>,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  request: boolean,
  fullUri: string,
): void {
  if (inError(pinfo)) return;
  const f = P.f;
  const m = pinfo.frameData(HTTP_MESSAGE, () => match(pinfo, request, fullUri));
  if (request) {
    // TShark's single pass: "n/n" (the requests seen so far).
    tree.add(node, f.request_number, tvb, 0, 0, m.number, `[HTTP request ${m.number}/${m.number}]`);
    if (m.prev > 0) tree.add(node, f.prev_request_in, tvb, 0, 0, m.prev);
    return;
  }
  tree.add(node, f.response_number, tvb, 0, 0, m.number, `[HTTP response ${m.number}/${m.number}]`);
  // TShark 4.0 repeats the matched request's own previous request on its response.
  if (m.reqPrev > 0) tree.add(node, f.prev_request_in, tvb, 0, 0, m.reqPrev);
  if (m.prev > 0) tree.add(node, f.prev_response_in, tvb, 0, 0, m.prev);
  if (m.reqFrame < 0) return;
  const { ds, dn } = m;
  tree.add(node, f.time, tvb, 0, 0, [ds, dn], `[Time since request: ${ds}.${String(dn).padStart(9, '0')} seconds]`);
  tree.add(node, f.request_in, tvb, 0, 0, m.reqFrame, `[Request in frame: ${m.reqFrame}]`);
  if (m.uri !== '') tree.add(node, f['response_for.uri'], tvb, 0, 0, m.uri, `[Request URI: ${m.uri}]`);
}
