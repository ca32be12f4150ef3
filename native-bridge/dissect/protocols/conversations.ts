import type { FieldHandles } from '../core/fields.js';
import { WordKeys } from '../../common/index.js';
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
  /** The endpoints' keys: fill `keys.key` with `endpointKey`, then look up by its length. */
  readonly keys = new WordKeys();
  /** The current conversation of each key's number. */
  readonly #current: Conversation<T>[] = [];
  #next = 0;

  /** The conversation of the key in `keys.key[0..length)`, created (with `init`) unless `create` is false. */
  lookup(length: number, create: boolean, init: () => T): Conversation<T> | undefined {
    const e = this.keys.find(length, create);
    if (e < 0) return undefined;
    let c = this.#current[e];
    if (c === undefined) {
      c = { index: this.#next++, state: init() };
      this.#current[e] = c;
    }
    return c;
  }

  /** Starts a new conversation on the same endpoints (ports reused after a close). */
  replace(length: number, init: () => T): Conversation<T> {
    const c = { index: this.#next++, state: init() };
    this.#current[this.keys.find(length, true)] = c;
    return c;
  }

  get size(): number {
    return this.#next;
  }
}

/**
 * The direction-independent key of a packet's endpoints, written into a table's `key`: its
 * length, and whether the packet goes from the first endpoint of the key to the second.
 */
export interface EndpointKey {
  length: number;
  forward: boolean;
}

/** Reused result (decoding is synchronous): no object per packet. Read it before the next call. */
const result: EndpointKey = { length: 0, forward: true };

/** Whether endpoint a (`w[a..a+n)`, port pa) sorts before or equal to b: words unsigned, then ports. */
function firstIs(w: Int32Array, a: number, b: number, n: number, pa: number, pb: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = w[a + i]! >>> 0;
    const y = w[b + i]! >>> 0;
    if (x !== y) return x < y;
  }
  return pa <= pb;
}

/**
 * Writes an IP packet's endpoints (`pinfo.netWordCount` > 0) into `k` from word 0, smaller
 * endpoint first, so both directions give one key: the address family (its word count), each
 * address's words, the two ports in one word. Fixed length per family, so no two tuples share
 * a key.
 */
function ipEndpointWords(pinfo: PacketInfo, srcPort: number, dstPort: number, k: Int32Array): EndpointKey {
  const n = pinfo.netWordCount;
  const w = pinfo.netWords;
  const forward = firstIs(w, 0, 4, n, srcPort, dstPort);
  const a = forward ? 0 : 4;
  const b = forward ? 4 : 0;
  k[0] = n;
  for (let i = 0; i < n; i++) {
    k[1 + i] = w[a + i]!;
    k[1 + n + i] = w[b + i]!;
  }
  k[1 + 2 * n] = forward ? (srcPort << 16) | dstPort : (dstPort << 16) | srcPort;
  result.length = 2 + 2 * n;
  result.forward = forward;
  return result;
}

/**
 * Writes the packet's endpoints (network addresses and these ports) into `into.key`, smaller
 * endpoint first, so both directions give one key: over IP as `ipEndpointWords` lays them out;
 * a network that is not IP keys by its printed addresses, numbered by the table.
 */
export function endpointKey(pinfo: PacketInfo, srcPort: number, dstPort: number, into: WordKeys): EndpointKey {
  if (pinfo.netWordCount > 0) return ipEndpointWords(pinfo, srcPort, dstPort, into.key);
  const k = into.key;
  const sa = pinfo.netSrc ?? pinfo.src;
  const sb = pinfo.netDst ?? pinfo.dst;
  const forward = sa < sb || (sa === sb && srcPort <= dstPort);
  k[0] = 0;
  k[1] = into.wordOf(forward ? sa : sb);
  k[2] = into.wordOf(forward ? sb : sa);
  k[3] = forward ? (srcPort << 16) | dstPort : (dstPort << 16) | srcPort;
  result.length = 4;
  result.forward = forward;
  return result;
}

/**
 * The key of a conversation with a wildcard port on one side (Wireshark's NO_PORT2): one
 * endpoint's address and port, then the peer's address. `fromSource`: the packet's source is
 * that endpoint (a client's request); else its destination is (the answer). A datagram belongs
 * to such a conversation when either of its two keys was set.
 */
export function wildcardPortKey(pinfo: PacketInfo, fromSource: boolean): string {
  const src = pinfo.netSrc ?? pinfo.src;
  const dst = pinfo.netDst ?? pinfo.dst;
  return fromSource ? `${src} ${pinfo.srcPort} ${dst}` : `${dst} ${pinfo.dstPort} ${src}`;
}

/** The longest IP endpoint key: the family word, two IPv6 addresses of 4 words, the ports' word. */
const IP_KEY_WORDS = 10;

/** Where `conversationKey` writes an IP packet's key words before it turns them into a string. */
const conversationWords = new Int32Array(IP_KEY_WORDS);

/**
 * The packet's two endpoints (address and port) as one string, the same in either direction:
 * for state a protocol keeps in a Map per conversation (HTTP, TLS, QUIC). Over IP, the key's
 * words as 16-bit characters (short, flat and exact); otherwise the printed addresses and ports.
 */
export function conversationKey(pinfo: PacketInfo): string {
  const { srcPort, dstPort } = pinfo;
  if (pinfo.netWordCount === 0) {
    const a = pinfo.netSrc ?? pinfo.src;
    const b = pinfo.netDst ?? pinfo.dst;
    return a < b || (a === b && srcPort <= dstPort) ? `${a} ${srcPort} ${b} ${dstPort}` : `${b} ${dstPort} ${a} ${srcPort}`;
  }
  const { length } = ipEndpointWords(pinfo, srcPort, dstPort, conversationWords);
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(conversationWords[i]! >>> 16, conversationWords[i]! & 0xffff);
  return s;
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
