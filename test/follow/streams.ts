import { Packet, type PacketSpec } from '../../native-bridge/craft/index.js';

/**
 * The follow fixture (test/fixtures/stats/follow-streams.pcap): TCP and UDP streams with what
 * stream following must get right, checked against TShark 4.0.17's `-z follow`:
 *
 * tcp.stream 0 (IPv4, client sequence numbers wrap past 2^32):
 *   - a retransmission of a whole segment (dropped: already delivered)
 *   - an out-of-order segment, held until the one before it arrives
 *   - an overlapping retransmission with other bytes in the overlap and new bytes after it
 *     (the first copy wins; only the new tail is added)
 *   - a gap the receiver acknowledges ("[12 bytes missing in capture file]")
 *   - two held segments at the same sequence number, one longer
 *   - a segment after a hole nobody acknowledges (never delivered)
 * tcp.stream 1 (IPv6, capture starts mid-connection): a retransmission carrying more data.
 * udp.stream 0 (IPv4, with an empty datagram) and udp.stream 1 (IPv6, one direction).
 */
const C4 = '10.0.0.1';
const S4 = '10.0.0.2';
const D4 = '10.0.0.3';
const MAC_C = '02:00:00:00:00:01';
const MAC_S = '02:00:00:00:00:02';
const TO_S = { src: MAC_C, dst: MAC_S };
const TO_C = { src: MAC_S, dst: MAC_C };

/** Latin-1 text as bytes (the payloads include 0xff). */
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const build = (spec: PacketSpec): Uint8Array => new Packet(spec).build();

interface Timed {
  usec: number;
  bytes: Uint8Array;
}

export function followStreamsPcap(): Uint8Array {
  const packets: Timed[] = [];
  let usec = 100_000;
  // 50 ms apart, starting 0.1 s past the second: frame 9 lands exactly on 0.5 s after frame 1.
  const push = (bytes: Uint8Array) => {
    packets.push({ usec, bytes });
    usec += 50_000;
  };
  const c2s = (seq: number, ack: number, flags: string, data = '') =>
    push(build({ eth: TO_S, ip: { src: C4, dst: S4 }, tcp: { srcport: 40000, dstport: 80, seq, ack, flags }, payload: latin1(data) }));
  const s2c = (seq: number, ack: number, flags: string, data = '') =>
    push(build({ eth: TO_C, ip: { src: S4, dst: C4 }, tcp: { srcport: 80, dstport: 40000, seq, ack, flags }, payload: latin1(data) }));

  const c = 0xfffffff0;
  const s = 7000;
  const w = (n: number) => (c + n) >>> 0;
  c2s(c, 0, 'S');
  s2c(s, w(1), 'SA');
  c2s(w(1), s + 1, 'A');
  const req1 = 'GET /a HTTP/1.1\r\n'; // 17 bytes, sequence numbers wrap inside it
  c2s(w(1), s + 1, 'PA', req1);
  c2s(w(1), s + 1, 'PA', req1); // whole retransmission
  c2s(w(28), s + 1, 'PA', 'Host: x\r\n\r\n'); // 11 bytes, 10 early
  c2s(w(18), s + 1, 'PA', 'Accept: *\n'); // fills the hole
  c2s(w(23), s + 1, 'PA', `${'X'.repeat(16)}Extra: 1\r\n`); // 16 seen bytes (other content) + 10 new
  // Server: 17 bytes, then 12 bytes the capture lost, then 21 bytes.
  s2c(s + 1, w(49), 'PA', 'HTTP/1.1 200 OK\r\n');
  s2c(s + 30, w(49), 'PA', 'Content-Length: 10\r\n\r\n'.slice(0, 21));
  c2s(w(49), s + 51, 'A'); // acknowledges past the hole
  // Two held copies at s + 56 (5 and 8 bytes), then the 5 bytes before them.
  s2c(s + 56, w(49), 'PA', 'fghij');
  s2c(s + 56, w(49), 'PA', 'fghijklm');
  s2c(s + 51, w(49), 'PA', 'abcde');
  // A client segment after a 7-byte hole that nobody acknowledges.
  c2s(w(56), s + 64, 'PA', 'orphan');
  s2c(s + 64, w(49), 'FA');
  c2s(w(49), s + 65, 'FA');
  s2c(s + 65, w(50), 'A');

  // tcp.stream 1: IPv6, first packet is data (no handshake in the capture).
  const a6 = '2001:db8::1';
  const b6 = '2001:db8::2';
  const v6 = (src: string, dst: string, srcport: number, dstport: number, seq: number, ack: number, flags: string, data = '') =>
    push(
      build({
        eth: src === a6 ? TO_S : TO_C,
        ipv6: { src, dst },
        tcp: { srcport, dstport, seq, ack, flags },
        payload: latin1(data),
      }),
    );
  v6(b6, a6, 443, 50000, 900, 100, 'PA', 'hello ');
  v6(a6, b6, 50000, 443, 100, 906, 'PA', 'ping');
  v6(b6, a6, 443, 50000, 906, 104, 'PA', 'world');
  v6(b6, a6, 443, 50000, 906, 104, 'PA', 'world, again'); // retransmission with 7 more bytes
  v6(a6, b6, 50000, 443, 104, 918, 'A');

  // udp.stream 0 (with an empty datagram, which follow skips) and udp.stream 1 (IPv6).
  const u4 = (src: string, dst: string, srcport: number, dstport: number, data: string) =>
    push(build({ eth: TO_S, ip: { src, dst }, udp: { srcport, dstport }, payload: latin1(data) }));
  u4(C4, D4, 5353, 53, 'query\x00\x01');
  u4(D4, C4, 53, 5353, '');
  u4(D4, C4, 53, 5353, 'answer\xff');
  push(build({ eth: TO_S, ipv6: { src: a6, dst: b6 }, udp: { srcport: 40001, dstport: 8125 }, payload: latin1('metric:1|c') }));

  const out = new Uint8Array(24 + packets.reduce((n, p) => n + 16 + p.bytes.length, 0));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, 1, true);
  let at = 24;
  for (const p of packets) {
    dv.setUint32(at, 1_700_000_000 + Math.floor(p.usec / 1_000_000), true);
    dv.setUint32(at + 4, p.usec % 1_000_000, true);
    dv.setUint32(at + 8, p.bytes.length, true);
    dv.setUint32(at + 12, p.bytes.length, true);
    out.set(p.bytes, at + 16);
    at += 16 + p.bytes.length;
  }
  return out;
}
