import { ascii, ethernet, ipv4, ipv6, tcp, udp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type Ip4 } from '../../scripts/craft.js';

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
const C4: Ip4 = [10, 0, 0, 1];
const S4: Ip4 = [10, 0, 0, 2];
const D4: Ip4 = [10, 0, 0, 3];
const MAC_C = '02:00:00:00:00:01';
const MAC_S = '02:00:00:00:00:02';

interface Packet {
  usec: number;
  bytes: Uint8Array;
}

export function followStreamsPcap(): Uint8Array {
  const packets: Packet[] = [];
  let usec = 100_000;
  // 50 ms apart, starting 0.1 s past the second: frame 9 lands exactly on 0.5 s after frame 1.
  const push = (bytes: Uint8Array) => {
    packets.push({ usec, bytes });
    usec += 50_000;
  };
  const c2s = (seq: number, ack: number, flags: number, data = '') =>
    push(ethernet(MAC_S, MAC_C, 0x0800, ipv4(C4, S4, 6, tcp(40000, 80, seq, ack, flags, ascii(data)))));
  const s2c = (seq: number, ack: number, flags: number, data = '') =>
    push(ethernet(MAC_C, MAC_S, 0x0800, ipv4(S4, C4, 6, tcp(80, 40000, seq, ack, flags, ascii(data)))));

  const c = 0xfffffff0;
  const s = 7000;
  const w = (n: number) => (c + n) >>> 0;
  c2s(c, 0, TCP_SYN);
  s2c(s, w(1), TCP_SYN | TCP_ACK);
  c2s(w(1), s + 1, TCP_ACK);
  const req1 = 'GET /a HTTP/1.1\r\n'; // 17 bytes, sequence numbers wrap inside it
  c2s(w(1), s + 1, TCP_PSH | TCP_ACK, req1);
  c2s(w(1), s + 1, TCP_PSH | TCP_ACK, req1); // whole retransmission
  c2s(w(28), s + 1, TCP_PSH | TCP_ACK, 'Host: x\r\n\r\n'); // 11 bytes, 10 early
  c2s(w(18), s + 1, TCP_PSH | TCP_ACK, 'Accept: *\n'); // fills the hole
  c2s(w(23), s + 1, TCP_PSH | TCP_ACK, `${'X'.repeat(16)}Extra: 1\r\n`); // 16 seen bytes (other content) + 10 new
  // Server: 17 bytes, then 12 bytes the capture lost, then 21 bytes.
  s2c(s + 1, w(49), TCP_PSH | TCP_ACK, 'HTTP/1.1 200 OK\r\n');
  s2c(s + 30, w(49), TCP_PSH | TCP_ACK, 'Content-Length: 10\r\n\r\n'.slice(0, 21));
  c2s(w(49), s + 51, TCP_ACK); // acknowledges past the hole
  // Two held copies at s + 56 (5 and 8 bytes), then the 5 bytes before them.
  s2c(s + 56, w(49), TCP_PSH | TCP_ACK, 'fghij');
  s2c(s + 56, w(49), TCP_PSH | TCP_ACK, 'fghijklm');
  s2c(s + 51, w(49), TCP_PSH | TCP_ACK, 'abcde');
  // A client segment after a 7-byte hole that nobody acknowledges.
  c2s(w(56), s + 64, TCP_PSH | TCP_ACK, 'orphan');
  s2c(s + 64, w(49), TCP_FIN | TCP_ACK);
  c2s(w(49), s + 65, TCP_FIN | TCP_ACK);
  s2c(s + 65, w(50), TCP_ACK);

  // tcp.stream 1: IPv6, first packet is data (no handshake in the capture).
  const a6 = '2001:db8::1';
  const b6 = '2001:db8::2';
  const v6 = (src: string, dst: string, sp: number, dp: number, seq: number, ack: number, flags: number, data = '') =>
    push(
      ethernet(
        src === a6 ? MAC_S : MAC_C,
        src === a6 ? MAC_C : MAC_S,
        0x86dd,
        ipv6(src, dst, 6, tcp(sp, dp, seq, ack, flags, ascii(data))),
      ),
    );
  v6(b6, a6, 443, 50000, 900, 100, TCP_PSH | TCP_ACK, 'hello ');
  v6(a6, b6, 50000, 443, 100, 906, TCP_PSH | TCP_ACK, 'ping');
  v6(b6, a6, 443, 50000, 906, 104, TCP_PSH | TCP_ACK, 'world');
  v6(b6, a6, 443, 50000, 906, 104, TCP_PSH | TCP_ACK, 'world, again'); // retransmission with 7 more bytes
  v6(a6, b6, 50000, 443, 104, 918, TCP_ACK);

  // udp.stream 0 (with an empty datagram, which follow skips) and udp.stream 1 (IPv6).
  const u4 = (src: Ip4, dst: Ip4, sp: number, dp: number, data: string) =>
    push(ethernet(MAC_S, MAC_C, 0x0800, ipv4(src, dst, 17, udp(sp, dp, ascii(data)))));
  u4(C4, D4, 5353, 53, 'query\x00\x01');
  u4(D4, C4, 53, 5353, '');
  u4(D4, C4, 53, 5353, 'answer\xff');
  push(ethernet(MAC_S, MAC_C, 0x86dd, ipv6(a6, b6, 17, udp(40001, 8125, ascii('metric:1|c')))));

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
