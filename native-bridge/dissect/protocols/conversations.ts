import type { FieldHandles } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Conversation numbering for TCP and UDP (`tcp.stream`, `udp.stream`): one index per pair of
 * endpoints (addresses and ports, either direction), in order of first appearance, as
 * Wireshark's conversation table gives them. The key puts the smaller endpoint first, so both
 * directions find the same entry; `forward` tells which side the packet came from.
 */
export interface Conversation<T> {
  index: number;
  state: T;
}

export class ConversationTable<T> {
  readonly #map = new Map<string, Conversation<T>>();
  #next = 0;

  /** The conversation of this packet's endpoints, created (with `init`) unless `create` is false. */
  lookup(key: string, create: boolean, init: () => T): Conversation<T> | undefined {
    let c = this.#map.get(key);
    if (c === undefined && create) {
      c = { index: this.#next++, state: init() };
      this.#map.set(key, c);
    }
    return c;
  }

  /** Starts a new conversation on the same endpoints (ports reused after a close). */
  replace(key: string, init: () => T): Conversation<T> {
    const c = { index: this.#next++, state: init() };
    this.#map.set(key, c);
    return c;
  }

  get size(): number {
    return this.#map.size;
  }
}

/**
 * Numbers for keys, 0, 1, … in order of first appearance, with no object per key: UDP's
 * conversations (a protocol that keeps no state per conversation; a resolver's link opens one
 * per query), DNS's rows of outstanding requests.
 */
export class KeyNumbers {
  readonly #map = new Map<string, number>();

  /** The key's number; a new one unless `create` is false (then -1 when not seen). */
  lookup(key: string, create: boolean): number {
    let i = this.#map.get(key);
    if (i === undefined) {
      if (!create) return -1;
      i = this.#map.size;
      this.#map.set(key, i);
    }
    return i;
  }
}

/**
 * The direction-independent key of a packet's endpoints, and whether the packet goes from the
 * first endpoint of the key to the second.
 */
export interface EndpointKey {
  key: string;
  forward: boolean;
}

/** Reused result (decoding is synchronous): no object per packet. Read it before the next call. */
const result: EndpointKey = { key: '', forward: true };

export function endpointKey(pinfo: PacketInfo, srcPort: number, dstPort: number): EndpointKey {
  const ka = pinfo.netKeySrc;
  const kb = pinfo.netKeyDst;
  if (ka !== undefined && kb !== undefined) {
    // IP: the addresses' 16-bit words and the ports as characters, a short flat string (no text
    // to build, cheap to hash), fixed-length per family so no two tuples give one key.
    result.forward = ka < kb || (ka === kb && srcPort <= dstPort);
    result.key = result.forward
      ? ka + String.fromCharCode(srcPort) + kb + String.fromCharCode(dstPort)
      : kb + String.fromCharCode(dstPort) + ka + String.fromCharCode(srcPort);
    return result;
  }
  const a = pinfo.netSrc ?? pinfo.src;
  const b = pinfo.netDst ?? pinfo.dst;
  result.forward = a < b || (a === b && srcPort <= dstPort);
  result.key = result.forward ? `${a} ${srcPort} ${b} ${dstPort}` : `${b} ${dstPort} ${a} ${srcPort}`;
  return result;
}

/**
 * The packet's two endpoints (address and port) as one key, the same in either direction: for
 * state a protocol keeps per conversation (HTTP, TLS) or per transaction (DNS).
 */
export function conversationKey(pinfo: PacketInfo): string {
  return endpointKey(pinfo, pinfo.srcPort, pinfo.dstPort).key;
}

/**
 * The two ports that open a TCP or UDP header: `srcport`, `dstport` and one `port` node per
 * direction (Wireshark's either-direction field). Outside an ICMP-quoted header (`ptype`
 * given) they also become the packet's ports and its protocol column. Returns both ports.
 */
export function addPorts(
  f: FieldHandles<'srcport' | 'dstport' | 'port'>,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  ptype: 'tcp' | 'udp' | undefined,
): [number, number] {
  const sport = tvb.u16(0);
  const dport = tvb.u16(2);
  tree.add(node, f.srcport, tvb, 0, 2, sport);
  tree.add(node, f.dstport, tvb, 2, 2, dport);
  tree.add(node, f.port, tvb, 0, 2, sport);
  tree.add(node, f.port, tvb, 2, 2, dport);
  if (ptype !== undefined) {
    pinfo.protocol = ptype === 'tcp' ? 'TCP' : 'UDP';
    pinfo.ptype = ptype;
    pinfo.srcPort = sport;
    pinfo.dstPort = dport;
  }
  return [sport, dport];
}
