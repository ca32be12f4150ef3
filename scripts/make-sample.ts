/**
 * Writes the bundled sample capture, deterministically (same bytes on every machine):
 *   node dist/scripts/make-sample.js samples/sample.pcapng
 * Two interfaces: `eth0` (Ethernet: ARP, DNS, an HTTP exchange over TCP, ICMP, IPv6 UDP and
 * ICMPv6) and `lo` (loopback, whose 64 KiB MTU carries 12–60 KiB TCP segments, so every
 * pool tier sees traffic). Addresses are documentation ranges (RFC 5737, RFC 3849).
 */
import { PcapngWriter } from '../native-bridge/formats/index.js';
import {
  TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, ascii, dnsQuery, ethernet, icmpEcho, ipv4, ipv6, prng, tcp, udp, type Ip4,
} from './craft.js';

const out = process.argv[2] ?? 'samples/sample.pcapng';
const CLIENT_MAC = '02:00:00:00:00:01';
const ROUTER_MAC = '02:00:00:00:00:fe';
const LO_MAC = '00:00:00:00:00:00';
const CLIENT: Ip4 = [192, 0, 2, 10];
const ROUTER: Ip4 = [192, 0, 2, 1];
const DNS: Ip4 = [198, 51, 100, 53];
const WEB: Ip4 = [203, 0, 113, 80];
const LOCAL: Ip4 = [127, 0, 0, 1];

const rand = prng(2026);
const writer = new PcapngWriter(out, {
  interfaces: [
    { linkType: 1, name: 'eth0', snaplen: 262144 },
    { linkType: 1, name: 'lo', snaplen: 262144 },
  ],
  application: 'wirepool make-sample',
});

let sec = 1_767_225_600; // 2026-01-01T00:00:00Z
let nsec = 0;
let count = 0;
function emit(iface: number, frame: Uint8Array, gapUs: number): void {
  nsec += Math.round(gapUs * 1000 + rand() * 1000);
  sec += Math.floor(nsec / 1e9);
  nsec %= 1e9;
  writer.write({ sec, nsec, wireLen: frame.length }, frame, iface);
  count++;
}

const eth = (payload: Uint8Array, fromClient: boolean, type = 0x0800) =>
  ethernet(fromClient ? ROUTER_MAC : CLIENT_MAC, fromClient ? CLIENT_MAC : ROUTER_MAC, type, payload);

// ARP: who has 192.0.2.1? and the reply.
const arp = (op: number, sha: string, spa: Ip4, tha: string, tpa: Ip4) =>
  new Uint8Array([0, 1, 8, 0, 6, 4, 0, op, ...sha.split(':').map((h) => parseInt(h, 16)), ...spa, ...tha.split(':').map((h) => parseInt(h, 16)), ...tpa]);
emit(0, ethernet('ff:ff:ff:ff:ff:ff', CLIENT_MAC, 0x0806, arp(1, CLIENT_MAC, CLIENT, '00:00:00:00:00:00', ROUTER)), 0);
emit(0, ethernet(CLIENT_MAC, ROUTER_MAC, 0x0806, arp(2, ROUTER_MAC, ROUTER, CLIENT_MAC, CLIENT)), 300);

// DNS lookup of the web server.
emit(0, eth(ipv4(CLIENT, DNS, 17, udp(53001, 53, dnsQuery(0x1234, 'www.example.com')), 1), true), 1000);
emit(0, eth(ipv4(DNS, CLIENT, 17, udp(53, 53001, dnsQuery(0x1234, 'www.example.com', WEB)), 2), false), 12_000);

// An HTTP/1.1 exchange: handshake, request, a 40 KB response in MSS-sized segments, close.
let cseq = 1_000_000;
let sseq = 5_000_000;
const C = 49_152;
const cs = (flags: number, data?: Uint8Array, id = 0) => emit(0, eth(ipv4(CLIENT, WEB, 6, tcp(C, 80, cseq, sseq, flags, data), id), true), 20_000 * rand() + 200);
const sc = (flags: number, data?: Uint8Array, id = 0) => emit(0, eth(ipv4(WEB, CLIENT, 6, tcp(80, C, sseq, cseq, flags, data), id), false), 20_000 * rand() + 200);
cs(TCP_SYN);
cseq++;
sc(TCP_SYN | TCP_ACK);
sseq++;
cs(TCP_ACK);
const request = ascii('GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: wirepool-sample\r\nAccept: */*\r\n\r\n');
cs(TCP_PSH | TCP_ACK, request);
cseq += request.length;
const body = 'Wirepool sample page. '.repeat(1800);
const response = ascii(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
for (let off = 0, id = 100; off < response.length; off += 1448, id++) {
  const seg = response.subarray(off, Math.min(off + 1448, response.length));
  sc(TCP_ACK | (off + 1448 >= response.length ? TCP_PSH : 0), seg, id);
  sseq += seg.length;
  if (id % 2 === 1) cs(TCP_ACK);
}
cs(TCP_FIN | TCP_ACK);
cseq++;
sc(TCP_FIN | TCP_ACK);
sseq++;
cs(TCP_ACK);

// Ping the router, over IPv4 and IPv6.
for (let i = 0; i < 4; i++) {
  const data = ascii('wirepool-ping-payload-0123456789abcdef'.slice(0, 32));
  emit(0, eth(ipv4(CLIENT, ROUTER, 1, icmpEcho(8, 0x77, i, data), 200 + i), true), 250_000);
  emit(0, eth(ipv4(ROUTER, CLIENT, 1, icmpEcho(0, 0x77, i, data), 300 + i), false), 900);
  emit(0, eth(ipv6('2001:db8::10', '2001:db8::1', 58, icmpEcho(128, 0x78, i, data)), true, 0x86dd), 4000);
  emit(0, eth(ipv6('2001:db8::1', '2001:db8::10', 58, icmpEcho(129, 0x78, i, data)), false, 0x86dd), 800);
}

// IPv6 UDP datagrams of many sizes (a metrics exporter).
for (let i = 0; i < 20; i++) {
  const size = 40 + Math.floor(rand() * 1200);
  emit(0, eth(ipv6('2001:db8::10', '2001:db8::99', 17, udp(40_000 + i, 8125, ascii('m'.repeat(size)))), true, 0x86dd), 5000);
}

// Loopback bulk transfer: large TCP segments (lo has a 64 KiB MTU) hit the 16 and 64 KiB tiers.
let lseq = 77_000_000;
const chunk = new Uint8Array(60_000).map((_, i) => (i * 7) & 0xff);
for (let i = 0; i < 12; i++) {
  const size = i % 3 === 0 ? 12_000 : i % 3 === 1 ? 30_000 : 60_000;
  const seg = tcp(40_001, 6379, lseq, 88_000_000, TCP_ACK | TCP_PSH, chunk.subarray(0, size));
  emit(1, ethernet(LO_MAC, LO_MAC, 0x0800, ipv4(LOCAL, LOCAL, 6, seg, 1000 + i)), 800);
  lseq += size;
  emit(1, ethernet(LO_MAC, LO_MAC, 0x0800, ipv4(LOCAL, LOCAL, 6, tcp(6379, 40_001, 88_000_000, lseq, TCP_ACK), 2000 + i)), 30);
}

writer.close();
console.log(`wrote ${out}: ${count} frames on 2 interfaces`);
