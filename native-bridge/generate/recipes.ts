import { Packet, type PacketSpec } from '../craft/index.js';
import { dnsMessage } from './payloads.js';
import { Random } from './random.js';
import { Timeline, sizedRecipe, type Recipe, type RecipeFrame } from './recipe.js';

/**
 * The project's fixed captures as recipes: the bundled sample (scripts/make-sample.ts writes
 * samples/sample.pcapng) and the benchmark captures (bench/make-captures.ts writes
 * bench/data/small-mixed.pcap and large-frames.pcap). Their bytes are published (benchmark
 * numbers, the sample's frame numbers in tests and docs): change nothing here that changes a
 * byte. Addresses are documentation ranges (RFC 5737, RFC 3849) and loopback.
 */

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const SYN = 0x02,
  ACK = 0x10,
  PSH = 0x08,
  FIN = 0x01;
const LO_MAC = '00:00:00:00:00:00';

/**
 * The bundled sample: two interfaces, `eth0` (ARP, DNS, an HTTP exchange over TCP, ICMP and
 * ICMPv6 pings, IPv6 UDP of many sizes) and `lo` (12–60 KiB TCP segments, lo's 64 KiB MTU, so
 * every pool tier sees traffic). 113 frames.
 */
export const sampleRecipe: Recipe = {
  name: 'sample',
  description: 'the bundled sample capture (samples/sample.pcapng): 113 frames on eth0 and lo',
  file: {
    format: 'pcapng',
    interfaces: [
      { linkType: 1, name: 'eth0', snaplen: 262144 },
      { linkType: 1, name: 'lo', snaplen: 262144 },
    ],
    application: 'wirepool make-sample',
  },
  frames: sampleFrames,
};

function* sampleFrames(): Generator<RecipeFrame> {
  const CLIENT_MAC = '02:00:00:00:00:01';
  const ROUTER_MAC = '02:00:00:00:00:fe';
  const CLIENT = '192.0.2.10';
  const ROUTER = '192.0.2.1';
  const DNS = '198.51.100.53';
  const WEB = '203.0.113.80';
  const LOCAL = '127.0.0.1';
  const t = new Timeline(2026);
  const rand = t.random;
  /** Ethernet between the client and its router, either way. */
  const eth = (fromClient: boolean, rest: PacketSpec) =>
    new Packet({ eth: { src: fromClient ? CLIENT_MAC : ROUTER_MAC, dst: fromClient ? ROUTER_MAC : CLIENT_MAC }, ...rest });

  // ARP: who has 192.0.2.1? and the reply.
  yield t.frame(
    0,
    new Packet({
      eth: { src: CLIENT_MAC, dst: 'ff:ff:ff:ff:ff:ff' },
      arp: { opcode: 1, src_hw_mac: CLIENT_MAC, src_proto_ipv4: CLIENT, dst_proto_ipv4: ROUTER },
    }),
    0,
  );
  yield t.frame(
    0,
    new Packet({
      eth: { src: ROUTER_MAC, dst: CLIENT_MAC },
      arp: { opcode: 2, src_hw_mac: ROUTER_MAC, src_proto_ipv4: ROUTER, dst_hw_mac: CLIENT_MAC, dst_proto_ipv4: CLIENT },
    }),
    300,
  );

  // DNS lookup of the web server.
  yield t.frame(
    0,
    eth(true, {
      ip: { src: CLIENT, dst: DNS, id: 1 },
      udp: { srcport: 53001, dstport: 53 },
      payload: dnsMessage(0x1234, 'www.example.com', 1),
    }),
    1000,
  );
  yield t.frame(
    0,
    eth(false, {
      ip: { src: DNS, dst: CLIENT, id: 2 },
      udp: { srcport: 53, dstport: 53001 },
      payload: dnsMessage(0x1234, 'www.example.com', 1, Uint8Array.of(203, 0, 113, 80)),
    }),
    12_000,
  );

  // An HTTP/1.1 exchange: handshake, request, a 40 KB response in MSS-sized segments, close.
  // Sequence and acknowledgment numbers are written on every segment (SYN included), window 65535.
  let cseq = 1_000_000;
  let sseq = 5_000_000;
  const C = 49_152;
  const toWeb = eth(true, { ip: { src: CLIENT, dst: WEB }, tcp: { srcport: C, dstport: 80 } });
  const fromWeb = eth(false, { ip: { src: WEB, dst: CLIENT }, tcp: { srcport: 80, dstport: C } });
  const seg = (p: Packet, seq: number, ack: number, flags: number, data: Uint8Array | undefined, id: number): RecipeFrame => {
    const gap = 20_000 * rand.next() + 200;
    p.tcp!.seq = seq >>> 0;
    p.tcp!.ack = ack >>> 0;
    p.tcp!.flags = flags;
    p.ip!.id = id;
    p.payload = data ?? new Uint8Array(0);
    return t.frame(0, p, gap);
  };
  const cs = (flags: number, data?: Uint8Array, id = 0) => seg(toWeb, cseq, sseq, flags, data, id);
  const sc = (flags: number, data?: Uint8Array, id = 0) => seg(fromWeb, sseq, cseq, flags, data, id);
  yield cs(SYN);
  cseq++;
  yield sc(SYN | ACK);
  sseq++;
  yield cs(ACK);
  const request = ascii('GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: wirepool-sample\r\nAccept: */*\r\n\r\n');
  yield cs(PSH | ACK, request);
  cseq += request.length;
  const body = 'Wirepool sample page. '.repeat(1800);
  const response = ascii(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  for (let off = 0, id = 100; off < response.length; off += 1448, id++) {
    const data = response.subarray(off, Math.min(off + 1448, response.length));
    yield sc(ACK | (off + 1448 >= response.length ? PSH : 0), data, id);
    sseq += data.length;
    if (id % 2 === 1) yield cs(ACK);
  }
  yield cs(FIN | ACK);
  cseq++;
  yield sc(FIN | ACK);
  sseq++;
  yield cs(ACK);

  // Ping the router, over IPv4 and IPv6.
  const ping = ascii('wirepool-ping-payload-0123456789abcdef'.slice(0, 32));
  const echo4 = [
    eth(true, { ip: { src: CLIENT, dst: ROUTER }, icmp: { type: 8, ident: 0x77 }, payload: ping }),
    eth(false, { ip: { src: ROUTER, dst: CLIENT }, icmp: { type: 0, ident: 0x77 }, payload: ping }),
  ] as const;
  const echo6 = [
    eth(true, { ipv6: { src: '2001:db8::10', dst: '2001:db8::1' }, icmpv6: { type: 128, ident: 0x78 }, payload: ping }),
    eth(false, { ipv6: { src: '2001:db8::1', dst: '2001:db8::10' }, icmpv6: { type: 129, ident: 0x78 }, payload: ping }),
  ] as const;
  for (let i = 0; i < 4; i++) {
    echo4[0].icmp!.seq = echo4[1].icmp!.seq = echo6[0].icmpv6!.seq = echo6[1].icmpv6!.seq = i;
    echo4[0].ip!.id = 200 + i;
    echo4[1].ip!.id = 300 + i;
    yield t.frame(0, echo4[0], 250_000);
    yield t.frame(0, echo4[1], 900);
    yield t.frame(0, echo6[0], 4000);
    yield t.frame(0, echo6[1], 800);
  }

  // IPv6 UDP datagrams of many sizes (a metrics exporter).
  const metric = eth(true, { ipv6: { src: '2001:db8::10', dst: '2001:db8::99' }, udp: { srcport: 40_000, dstport: 8125 } });
  const m = ascii('m'.repeat(1240));
  for (let i = 0; i < 20; i++) {
    const size = 40 + Math.floor(rand.next() * 1200);
    metric.udp!.srcport = 40_000 + i;
    metric.payload = m.subarray(0, size);
    yield t.frame(0, metric, 5000);
  }

  // Loopback bulk transfer: large TCP segments (lo has a 64 KiB MTU) hit the 16 and 64 KiB tiers.
  let lseq = 77_000_000;
  const chunk = new Uint8Array(60_000).map((_, i) => (i * 7) & 0xff);
  const bulk = new Packet({
    eth: { src: LO_MAC, dst: LO_MAC },
    ip: { src: LOCAL, dst: LOCAL },
    tcp: { srcport: 40_001, dstport: 6379, ack: 88_000_000, flags: ACK | PSH },
  });
  const bulkAck = new Packet({
    eth: { src: LO_MAC, dst: LO_MAC },
    ip: { src: LOCAL, dst: LOCAL },
    tcp: { srcport: 6379, dstport: 40_001, seq: 88_000_000, flags: ACK },
  });
  for (let i = 0; i < 12; i++) {
    const size = i % 3 === 0 ? 12_000 : i % 3 === 1 ? 30_000 : 60_000;
    bulk.tcp!.seq = lseq;
    bulk.ip!.id = 1000 + i;
    bulk.payload = chunk.subarray(0, size);
    yield t.frame(1, bulk, 800);
    lseq += size;
    bulkAck.tcp!.ack = lseq;
    bulkAck.ip!.id = 2000 + i;
    yield t.frame(1, bulkAck, 30);
  }
}

/**
 * bench/data/small-mixed.pcap: 1,000,000 Ethernet/IPv4 frames of 40–1400 bytes in a bimodal
 * mix like real traffic (≈40 % 40–100 B acks and queries, 20 % 100–1200 B, 40 % 1200–1400 B
 * data). Even sizes are TCP 40000→443, odd ones UDP 40001→5201 (iperf3: no decoder claims it);
 * IP id = size, TCP seq = size·1000, payload bytes = size & 0xff. Sizes under a header-only
 * frame (40–53 B) are that frame cut short, a snaplen-truncated capture (40–41 B: the 42-byte
 * shape, so a TCP frame). Microsecond pcap.
 */
export const smallMixedRecipe: Recipe = sizedRecipe({
  name: 'small-mixed',
  description: '1,000,000 Ethernet/IPv4 frames of 40–1400 bytes in a bimodal mix (benchmark)',
  file: { format: 'pcap', linkType: 1, nanosecond: false },
  seed: 1,
  frames: 1_000_000,
  size: (r) => {
    const x = r.next();
    return x < 0.4 ? 40 + Math.floor(r.next() * 61) : x < 0.6 ? 100 + Math.floor(r.next() * 1100) : 1200 + Math.floor(r.next() * 201);
  },
  gapUs: (r) => 1 + Math.floor(r.next() * 20),
  packets: () => {
    const net = { eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ip: { src: '10.0.0.1', dst: '10.0.0.2' } };
    const tcp = new Packet({ ...net, tcp: { srcport: 40_000, dstport: 443, ack: 1, flags: ACK } });
    const udp = new Packet({ ...net, udp: { srcport: 40_001, dstport: 5201 } });
    const fills = Array.from({ length: 256 }, (_, b) => new Uint8Array(1400).fill(b));
    return (captured) => {
      const size = Math.max(captured, 42);
      const p = size % 2 === 0 ? tcp : udp;
      p.ip!.id = size;
      if (p.tcp) p.tcp.seq = size * 1000;
      p.payload = fills[size & 0xff]!.subarray(0, Math.max(0, size - p.headerLength));
      return p;
    };
  },
});

/**
 * bench/data/large-frames.pcap: loopback TCP segments 40002→6379 whose frames are 16–64 KiB
 * (every one ≤ 65535, so it travels alone in a 64 KiB tier buffer), until the file holds
 * 320 MB. The sequence number advances by the frame size, the IP id counts frames.
 * Microsecond pcap.
 */
export const largeFramesRecipe: Recipe = sizedRecipe({
  name: 'large-frames',
  description: '16–64 KiB loopback TCP segments, 320 MB (benchmark)',
  file: { format: 'pcap', linkType: 1, nanosecond: false },
  seed: 2,
  untilBytes: 320e6,
  size: (r) => 16_384 + Math.floor(r.next() * (65_535 - 16_384 + 1)),
  gapUs: (r) => 5 + Math.floor(r.next() * 30),
  packets: () => {
    const p = new Packet({
      eth: { src: LO_MAC, dst: LO_MAC },
      ip: { src: '127.0.0.1', dst: '127.0.0.1' },
      tcp: { srcport: 40_002, dstport: 6379, ack: 1, flags: ACK | PSH },
    });
    const data = new Uint8Array(65_535).map((_, i) => (i * 13) & 0xff);
    let seq = 1;
    return (size, index) => {
      p.tcp!.seq = seq >>> 0;
      p.ip!.id = index & 0xffff;
      p.payload = data.subarray(0, size - p.headerLength);
      seq += size;
      return p;
    };
  },
});

/**
 * bench/data/small-udp.pcap: 1,500,000 small UDP datagrams on Ethernet/IPv4, as a resolver's
 * link sees them: 60 % DNS (a query from one of 64 clients to 10.0.0.53 and, for most, its
 * response: A or AAAA for one of 256 names), 40 % datagrams of 60–250 B between the same
 * clients and 10.0.0.9 on port 5201 (iperf3: no decoder claims it). Microsecond pcap.
 */
export const smallUdpRecipe: Recipe = {
  name: 'small-udp',
  description: '1,500,000 small UDP datagrams: DNS and 60–250 B data (benchmark)',
  file: { format: 'pcap', linkType: 1, nanosecond: false },
  *frames(): Generator<RecipeFrame> {
    const r = new Random(3);
    const buf = new Uint8Array(2048);
    const f: RecipeFrame = { sec: 1_767_225_600, nsec: 0, wireLen: 0, bytes: buf, iface: 0 };
    const names = Array.from({ length: 256 }, (_, i) => `host${i}.${['example.com', 'example.net', 'svc.example.org'][i % 3]}`);
    const mac = (i: number) => `02:00:00:00:01:${(i & 0xff).toString(16).padStart(2, '0')}`;
    const query = new Packet({
      eth: { src: mac(1), dst: mac(0) },
      ip: { src: '10.0.0.1', dst: '10.0.0.53' },
      udp: { srcport: 40_000, dstport: 53 },
    });
    const reply = new Packet({
      eth: { src: mac(0), dst: mac(1) },
      ip: { src: '10.0.0.53', dst: '10.0.0.1' },
      udp: { srcport: 53, dstport: 40_000 },
    });
    const data = new Packet({
      eth: { src: mac(1), dst: mac(9) },
      ip: { src: '10.0.0.1', dst: '10.0.0.9' },
      udp: { srcport: 40_001, dstport: 5201 },
    });
    const fill = new Uint8Array(256).map((_, i) => (i * 7) & 0xff);
    let usec = 0;
    let pending: { client: number; port: number; id: number; name: string; type: 1 | 28 } | undefined;
    for (let i = 0; i < 1_500_000; i++) {
      let p: Packet;
      if (pending !== undefined) {
        const q = pending;
        pending = undefined;
        const answer = q.type === 1 ? Uint8Array.of(10, 1, q.id & 0xff, q.client) : new Uint8Array(16).fill(q.client);
        answer[0] = q.type === 1 ? 10 : 0x20;
        reply.eth!.dst = mac(q.client);
        reply.ip!.dst = (0x0a000000 | q.client) >>> 0;
        reply.ip!.id = i & 0xffff;
        reply.udp!.dstport = q.port;
        reply.payload = dnsMessage(q.id, q.name, q.type, answer);
        p = reply;
      } else {
        const client = r.int(1, 64);
        if (r.chance(0.6)) {
          const q = {
            client,
            port: r.int(32_768, 60_999),
            id: r.int(0, 0xffff),
            name: r.pick(names),
            type: (r.chance(0.7) ? 1 : 28) as 1 | 28,
          };
          query.eth!.src = mac(client);
          query.ip!.src = (0x0a000000 | client) >>> 0;
          query.ip!.id = i & 0xffff;
          query.udp!.srcport = q.port;
          query.payload = dnsMessage(q.id, q.name, q.type);
          if (r.chance(0.9)) pending = q;
          p = query;
        } else {
          data.eth!.src = mac(client);
          data.ip!.src = (0x0a000000 | client) >>> 0;
          data.ip!.id = i & 0xffff;
          data.payload = fill.subarray(0, r.int(60, 250) - 42);
          p = data;
        }
      }
      const n = p.buildInto(buf, 0);
      usec += r.int(1, 10);
      f.sec = 1_767_225_600 + Math.floor(usec / 1e6);
      f.nsec = (usec % 1e6) * 1000;
      f.wireLen = n;
      f.bytes = buf.subarray(0, n);
      yield f;
    }
  },
};

export const RECIPES: Readonly<Record<string, Recipe>> = {
  'small-udp': smallUdpRecipe,
  sample: sampleRecipe,
  'small-mixed': smallMixedRecipe,
  'large-frames': largeFramesRecipe,
};
