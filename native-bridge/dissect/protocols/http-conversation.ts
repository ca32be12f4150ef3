import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import type { ProtocolFields } from '../core/fields.js';
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

export function conversation(pinfo: PacketInfo): Conversation {
  const table = pinfo.session.state('http.conversations', () => new Map<string, Conversation>());
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
  const c = conversation(pinfo);
  const { number, sec, nsec } = pinfo.frame;
  if (request) {
    c.requests++;
    tree.add(node, f.request_number, tvb, 0, 0, c.requests, `[HTTP request ${c.requests}]`);
    if (c.lastRequest > 0) tree.add(node, f.prev_request_in, tvb, 0, 0, c.lastRequest);
    c.lastRequest = number;
    c.pending.push({ frame: number, sec, nsec, uri: fullUri });
    return;
  }
  c.responses++;
  tree.add(node, f.response_number, tvb, 0, 0, c.responses, `[HTTP response ${c.responses}]`);
  if (c.lastResponse > 0) tree.add(node, f.prev_response_in, tvb, 0, 0, c.lastResponse);
  c.lastResponse = number;
  const req = c.pending.shift();
  if (req === undefined) return;
  let ds = sec - req.sec;
  let dn = nsec - req.nsec;
  if (dn < 0) {
    dn += 1e9;
    ds--;
  }
  tree.add(node, f.time, tvb, 0, 0, [ds, dn], `[Time since request: ${ds}.${String(dn).padStart(9, '0')} seconds]`);
  tree.add(node, f.request_in, tvb, 0, 0, req.frame, `[Request in frame: ${req.frame}]`);
  if (req.uri !== '') tree.add(node, f['response_for.uri'], tvb, 0, 0, req.uri, `[Request URI: ${req.uri}]`);
}
