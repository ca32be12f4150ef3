import { Packet, type PacketSpec } from '../craft/index.js';
import { bulkPattern, dnsMessage, httpRequest, httpResponse } from './payloads.js';
import type { Random } from './random.js';

/**
 * Flows: small state machines that each make the next frame of one conversation into the
 * generator's buffer (`buildInto`) and say how long it is, or 0 when the conversation is over.
 * Each keeps its compiled `Packet`s and only changes their fields and payload per frame.
 */
export interface Flow {
  /** Writes the next frame at buf[0] and returns its length; 0 when the flow has ended. */
  next(buf: Uint8Array): number;
}

export interface Endpoint {
  mac: string;
  ip: string;
  v6: boolean;
}

const ipLayer = (v6: boolean, src: string, dst: string): PacketSpec => (v6 ? { ipv6: { src, dst } } : { ip: { src, dst } });

function packet(from: Endpoint, to: Endpoint, rest: PacketSpec): Packet {
  return new Packet({ eth: { src: from.mac, dst: to.mac }, ...ipLayer(from.v6, from.ip, to.ip), ...rest });
}

interface Step {
  client: boolean;
  flags: number;
  /** Payload bytes from the side's stream at its current offset. */
  len: number;
}

const SYN = 0x02,
  ACK = 0x10,
  PSH = 0x08,
  FIN = 0x01;

/**
 * A TCP conversation: handshake with options, the client's request, the server's response in
 * `mss`-sized segments (an ACK every second segment), then FIN from both sides.
 */
export class TcpFlow implements Flow {
  readonly #steps: Step[] = [];
  #at = 0;
  readonly #syn: [Packet, Packet];
  readonly #data: [Packet, Packet];
  readonly #stream: [Uint8Array, Uint8Array];
  readonly #sent = [0, 0];
  readonly #nextSeq: number[];
  readonly #ts: [number, number];
  readonly #id: number[];

  constructor(
    r: Random,
    client: Endpoint,
    server: Endpoint,
    sport: number,
    dport: number,
    request: Uint8Array,
    response: Uint8Array,
    mss: number,
  ) {
    this.#nextSeq = [r.int(0, 0xffffffff), r.int(0, 0xffffffff)];
    this.#ts = [r.int(0, 0x7fffffff), r.int(0, 0x7fffffff)];
    this.#id = [r.int(0, 0xffff), r.int(0, 0xffff)];
    const synOpts = { mss: Math.min(mss, 65495), sack_perm: true, timestamp: { tsval: 0, tsecr: 0 }, wscale: 7 };
    const dataOpts = { timestamp: { tsval: 0, tsecr: 0 } };
    this.#syn = [
      packet(client, server, { tcp: { srcport: sport, dstport: dport, flags: SYN, window_size_value: 64240, options: synOpts } }),
      packet(server, client, { tcp: { srcport: dport, dstport: sport, flags: SYN | ACK, window_size_value: 65160, options: synOpts } }),
    ];
    this.#data = [
      packet(client, server, { tcp: { srcport: sport, dstport: dport, window_size_value: 502, options: dataOpts } }),
      packet(server, client, { tcp: { srcport: dport, dstport: sport, window_size_value: 509, options: dataOpts } }),
    ];
    this.#stream = [request, response];
    const s = this.#steps;
    s.push({ client: true, flags: SYN, len: 0 }, { client: false, flags: SYN | ACK, len: 0 }, { client: true, flags: ACK, len: 0 });
    for (let o = 0; o < request.length; o += mss) s.push({ client: true, flags: PSH | ACK, len: Math.min(mss, request.length - o) });
    if (request.length > 0) s.push({ client: false, flags: ACK, len: 0 });
    let n = 0;
    for (let o = 0; o < response.length; o += mss) {
      const len = Math.min(mss, response.length - o);
      s.push({ client: false, flags: o + len >= response.length ? PSH | ACK : ACK, len });
      if (++n % 2 === 0 || o + len >= response.length) s.push({ client: true, flags: ACK, len: 0 });
    }
    s.push({ client: true, flags: FIN | ACK, len: 0 }, { client: false, flags: FIN | ACK, len: 0 }, { client: true, flags: ACK, len: 0 });
  }

  next(buf: Uint8Array): number {
    const step = this.#steps[this.#at++];
    if (step === undefined) return 0;
    const me = step.client ? 0 : 1;
    const peer = 1 - me;
    const syn = (step.flags & SYN) !== 0;
    const p = syn ? this.#syn[me] : this.#data[me];
    const tcp = p.tcp!;
    tcp.seq = this.#nextSeq[me]!;
    // What the peer sent so far (its SYN and FIN count one each).
    tcp.ack = (step.flags & ACK) !== 0 ? this.#nextSeq[peer]! : 0;
    tcp.flags = step.flags;
    tcp.tsval = (this.#ts[me]! + this.#at * 3) >>> 0;
    tcp.tsecr = this.#at > 1 ? (this.#ts[peer]! + (this.#at - 1) * 3) >>> 0 : 0;
    const sent = this.#sent[me]!;
    p.payload = step.len === 0 ? EMPTY : this.#stream[me]!.subarray(sent, sent + step.len);
    this.#sent[me] = sent + step.len;
    this.#nextSeq[me] = (this.#nextSeq[me]! + step.len + (syn ? 1 : 0) + ((step.flags & FIN) !== 0 ? 1 : 0)) >>> 0;
    if (p.ip) p.ip.id = this.#id[me]!++ & 0xffff;
    return p.buildInto(buf, 0);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * A slice start whose first byte does not look like RTP/RTCP version 2 (top bits 10): TShark's
 * RTCP heuristic would otherwise claim some random-looking datagrams and call them malformed.
 */
function dataStart(pattern: Uint8Array, start: number): number {
  while ((pattern[start]! & 0xc0) === 0x80) start++;
  return start;
}

/** One DNS lookup: the query and its answer over UDP (IPv4 or IPv6 transport). */
export class DnsFlow implements Flow {
  #n = 0;
  readonly #q: Packet;
  readonly #a: Packet;
  constructor(r: Random, client: Endpoint, server: Endpoint, name: string, aaaa: boolean, answer: Uint8Array) {
    const id = r.int(0, 0xffff);
    const sport = r.int(40000, 60999);
    this.#q = packet(client, server, { udp: { srcport: sport, dstport: 53 }, payload: dnsMessage(id, name, aaaa ? 28 : 1) });
    this.#a = packet(server, client, { udp: { srcport: 53, dstport: sport }, payload: dnsMessage(id, name, aaaa ? 28 : 1, answer) });
  }
  next(buf: Uint8Array): number {
    const p = [this.#q, this.#a][this.#n++];
    return p === undefined ? 0 : p.buildInto(buf, 0);
  }
}

/** A UDP stream of datagrams of many sizes (metrics, media, tunnels). */
export class UdpFlow implements Flow {
  #left: number;
  readonly #p: Packet;
  readonly #r: Random;
  readonly #pattern: Uint8Array;
  readonly #maxPayload: number;
  constructor(r: Random, from: Endpoint, to: Endpoint, count: number, maxPayload: number, pattern: Uint8Array) {
    this.#r = r;
    this.#left = count;
    this.#maxPayload = maxPayload;
    this.#pattern = pattern;
    // Ports no decoder claims (iperf3 and unassigned high ports), so the payload shows as data.
    this.#p = packet(from, to, { udp: { srcport: r.int(40000, 60999), dstport: r.pick([5201, 9999, 40000]) } });
  }
  next(buf: Uint8Array): number {
    if (this.#left-- <= 0) return 0;
    const size = this.#r.chance(0.4) ? this.#r.int(0, 80) : this.#r.int(0, this.#maxPayload);
    const start = dataStart(this.#pattern, this.#r.int(0, this.#pattern.length - size - 64));
    this.#p.payload = this.#pattern.subarray(start, start + size);
    if (this.#p.ip) this.#p.ip.id = (this.#p.ip.id + 1) & 0xffff;
    return this.#p.buildInto(buf, 0);
  }
}

/** Echo requests and replies (ICMP or ICMPv6). */
export class PingFlow implements Flow {
  #n = 0;
  readonly #count: number;
  readonly #req: Packet;
  readonly #rep: Packet;
  constructor(r: Random, a: Endpoint, b: Endpoint, count: number) {
    this.#count = count * 2;
    const ident = r.int(0, 0xffff);
    const payload = Uint8Array.from({ length: 56 }, (_, i) => i);
    const l4 = (type: number) => (a.v6 ? { icmpv6: { type, ident } } : { icmp: { type, ident } });
    this.#req = packet(a, b, { ...l4(a.v6 ? 128 : 8), payload });
    this.#rep = packet(b, a, { ...l4(a.v6 ? 129 : 0), payload });
  }
  next(buf: Uint8Array): number {
    if (this.#n >= this.#count) return 0;
    const p = this.#n % 2 === 0 ? this.#req : this.#rep;
    (p.icmp ?? p.icmpv6)!.seq = this.#n >>> 1;
    this.#n++;
    return p.buildInto(buf, 0);
  }
}

/** An ARP request and its reply. */
export class ArpFlow implements Flow {
  #n = 0;
  readonly #p: Packet[];
  constructor(a: Endpoint, b: Endpoint) {
    this.#p = [
      new Packet({
        eth: { src: a.mac, dst: 'ff:ff:ff:ff:ff:ff' },
        arp: { opcode: 1, src_hw_mac: a.mac, src_proto_ipv4: a.ip, dst_proto_ipv4: b.ip },
      }),
      new Packet({
        eth: { src: b.mac, dst: a.mac },
        arp: { opcode: 2, src_hw_mac: b.mac, src_proto_ipv4: b.ip, dst_hw_mac: a.mac, dst_proto_ipv4: a.ip },
      }),
    ];
  }
  next(buf: Uint8Array): number {
    const p = this.#p[this.#n++];
    return p === undefined ? 0 : p.buildInto(buf, 0);
  }
}

/** One large UDP datagram sent as IP fragments (IPv4 at MTU 1500, IPv6 at 1280). */
export class FragmentFlow implements Flow {
  #i = 0;
  readonly #count: number;
  readonly #p: Packet;
  constructor(r: Random, from: Endpoint, to: Endpoint, size: number, pattern: Uint8Array) {
    const start = dataStart(pattern, r.int(0, pattern.length - size - 64));
    this.#p = packet(from, to, {
      udp: { srcport: r.int(40000, 60999), dstport: r.pick([5201, 9999, 40000]) },
      payload: pattern.subarray(start, start + size),
    });
    if (this.#p.ip) this.#p.ip.id = r.int(0, 0xffff);
    if (this.#p.ipv6) this.#p.ipv6.ident = r.int(0, 0xffffffff);
    this.#count = this.#p.fragment(from.v6 ? 1280 : 1500);
  }
  next(buf: Uint8Array): number {
    if (this.#i >= this.#count) return 0;
    return this.#p.buildFragmentInto(this.#i++, buf, 0);
  }
}

export { bulkPattern, httpRequest, httpResponse };
