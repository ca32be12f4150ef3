import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PcapWriter } from '../../native-bridge/formats/index.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { FIXTURES } from '../helpers/corpus.js';
import { framesOf, transportPayload } from './app-layer.js';

/**
 * Builds test/fixtures/dissect/app-crafted.pcap: hand-made frames for what the corpus lacks
 * (mDNS, LLMNR, several DNS messages in one TCP segment, record types, a compression loop,
 * HTTP found by the heuristic and kept for its conversation, HTTP/1.0 on an odd port, pipelined
 * requests, TLS on an unregistered port, DHCP option overload and a bad option length).
 * Deterministic: the same bytes on every run. TShark's reading is in app-crafted.tsv.
 */

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const name = (s: string): number[] => (s === '' ? [0] : [...s.split('.').flatMap((l) => [l.length, ...ascii(l)]), 0]);
const u16 = (v: number): number[] => [v >> 8, v & 0xff];
const u32 = (v: number): number[] => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function dnsMessage(id: number, flags: number, counts: [number, number, number, number], body: number[]): Uint8Array {
  return new Uint8Array([...u16(id), ...u16(flags), ...counts.flatMap(u16), ...body]);
}

/** A resource record: owner (bytes), type, class, ttl, data. */
const rr = (owner: number[], type: number, cls: number, ttl: number, data: number[]): number[] => [
  ...owner,
  ...u16(type),
  ...u16(cls),
  ...u32(ttl),
  ...u16(data.length),
  ...data,
];

function dhcp(type: number, options: number[], sname: number[] = [], file: number[] = []): Uint8Array {
  const opts = [53, 1, type, ...options];
  const m = new Uint8Array(240 + opts.length);
  m.set([1, 1, 6, 0, ...u32(0x2a2b2c2d), 0, 0, 0x80, 0], 0);
  m.set([0x02, 0, 0, 0, 0, 0x01], 28);
  m.set(sname.slice(0, 64), 44);
  m.set(file.slice(0, 128), 108);
  m.set(u32(0x63825363), 236);
  m.set(opts, 240);
  return m;
}

export function craftedFrames(tlsClientHello: Uint8Array): Uint8Array[] {
  const A = '192.0.2.10';
  const B = '198.51.100.53';
  const MDNS = '224.0.0.251';
  const LLMNR = '224.0.0.252';
  const eth = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:fe' };
  const viaUdp = (src: string, dst: string, srcport: number, dstport: number, payload: Uint8Array): Uint8Array =>
    new Packet({ eth, ip: { src, dst }, udp: { srcport, dstport }, payload }).build();
  const seqs = new Map<string, number>();
  const viaTcp = (src: string, dst: string, srcport: number, dstport: number, payload: Uint8Array): Uint8Array => {
    const key = `${srcport}>${dstport}`;
    const seq = seqs.get(key) ?? 1000;
    seqs.set(key, seq + payload.length);
    const ack = seqs.get(`${dstport}>${srcport}`) ?? 1000;
    return new Packet({ eth, ip: { src, dst }, tcp: { srcport, dstport, seq, ack, flags: 'PA' }, payload }).build();
  };
  const svc = name('_http._tcp.local');
  const frames: Uint8Array[] = [];
  // mDNS: a QU question, and an answer with cache flush plus SRV/TXT/A.
  frames.push(viaUdp(A, MDNS, 5353, 5353, dnsMessage(0, 0, [1, 0, 0, 0], [...svc, ...u16(12), ...u16(0x8001)])));
  const inst = [7, ...ascii('printer'), 0xc0, 12];
  const host = name('printer.local');
  frames.push(
    viaUdp(
      B,
      MDNS,
      5353,
      5353,
      dnsMessage(
        0,
        0x8400,
        [0, 1, 0, 3],
        [
          ...rr([...svc], 12, 1, 4500, inst),
          ...rr([0xc0, 30], 33, 0x8001, 120, [...u16(0), ...u16(0), ...u16(631), ...host]),
          ...rr([0xc0, 30], 16, 0x8001, 4500, [9, ...ascii('txtvers=1'), 4, ...ascii('q=ok')]),
          ...rr(host, 1, 0x8001, 120, [192, 0, 2, 80]),
        ],
      ),
    ),
  );
  // LLMNR query and response.
  frames.push(viaUdp(A, LLMNR, 54321, 5355, dnsMessage(0x1234, 0, [1, 0, 0, 0], [...name('fileserver'), ...u16(1), ...u16(1)])));
  frames.push(
    viaUdp(
      B,
      A,
      5355,
      54321,
      dnsMessage(
        0x1234,
        0x8000,
        [1, 1, 0, 0],
        [...name('fileserver'), ...u16(1), ...u16(1), ...rr([0xc0, 12], 1, 1, 30, [198, 51, 100, 7])],
      ),
    ),
  );
  // Two DNS queries in one TCP segment.
  const q1 = dnsMessage(0x0101, 0x0100, [1, 0, 0, 0], [...name('a.example'), ...u16(1), ...u16(1)]);
  const q2 = dnsMessage(0x0102, 0x0100, [1, 0, 0, 0], [...name('b.example'), ...u16(28), ...u16(1)]);
  frames.push(viaTcp(A, B, 40000, 53, new Uint8Array([...u16(q1.length), ...q1, ...u16(q2.length), ...q2])));
  // One response with many record types.
  const qn = name('example.org');
  frames.push(
    viaUdp(
      B,
      A,
      53,
      40001,
      dnsMessage(
        0x0203,
        0x8180,
        [1, 6, 1, 0],
        [
          ...qn,
          ...u16(255),
          ...u16(1),
          ...rr([0xc0, 12], 15, 1, 3600, [...u16(10), ...name('mail.example.org')]),
          ...rr([0xc0, 12], 16, 1, 3600, [11, ...ascii('v=spf1 -all')]),
          ...rr([0xc0, 12], 28, 1, 3600, [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1]),
          ...rr([3, ...ascii('www'), 0xc0, 12], 5, 1, 300, [0xc0, 12]),
          ...rr([0xc0, 12], 33, 1, 60, [...u16(1), ...u16(5), ...u16(443), ...name('srv.example.org')]),
          ...rr([0xc0, 12], 13, 1, 60, [3, ...ascii('CPU'), 2, ...ascii('OS')]),
          ...rr([0xc0, 12], 6, 1, 600, [
            ...name('ns.example.org'),
            ...name('hostmaster.example.org'),
            ...u32(2026010101),
            ...u32(7200),
            ...u32(900),
            ...u32(1209600),
            ...u32(300),
          ]),
        ],
      ),
    ),
  );
  // A name whose pointer points at itself.
  frames.push(viaUdp(B, A, 53, 40002, dnsMessage(0x0304, 0x8180, [1, 0, 0, 0], [0xc0, 12, ...u16(1), ...u16(1)])));
  // HTTP on port 8000: found by the heuristic, kept for the conversation.
  frames.push(viaTcp(A, B, 40003, 8000, ascii('GET /status?x=1&y=2 HTTP/1.1\r\nHost: box:8000\r\nCookie: a=1; b=2\r\n\r\n')));
  frames.push(viaTcp(B, A, 8000, 40003, ascii('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n\r\n0123456789')));
  frames.push(viaTcp(B, A, 8000, 40003, ascii('abcdefghijabcdefghij')));
  // HTTP/1.0 on an odd port, also found by the heuristic.
  frames.push(viaTcp(A, B, 40004, 8001, ascii('GET / HTTP/1.0\r\n\r\n')));
  // Two pipelined requests in one segment.
  frames.push(viaTcp(A, B, 40005, 80, ascii('GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n')));
  // TLS on a port TShark does not register: the heuristic.
  frames.push(viaTcp(A, B, 40006, 4443, tlsClientHello));
  // DHCP with option overload (52 = 3: options in file and sname) and a bad option length.
  const overload = dhcp(1, [52, 1, 3, 255], [12, 4, ...ascii('name'), 255], [15, 3, ...ascii('lan'), 255]);
  frames.push(viaUdp('0.0.0.0', '255.255.255.255', 68, 67, overload));
  frames.push(viaUdp('0.0.0.0', '255.255.255.255', 68, 67, dhcp(3, [50, 3, 192, 0, 2, 255])));
  return frames;
}

/** Writes the crafted capture; the TLS Client Hello is taken from tls-sessions.pcap (frame 4). */
export function writeCraftedCapture(out: string): void {
  const f4 = framesOf('test/fixtures/dissect/tls-sessions.pcap')[3]!;
  const p = transportPayload(f4.bytes, f4.linkType)!;
  const w = new PcapWriter(out, { linkType: 1, nanosecond: true });
  let nsec = 0;
  for (const frame of craftedFrames(f4.bytes.slice(p.offset, p.offset + p.length))) {
    nsec += 1_000_000;
    w.write({ sec: 1_767_225_600, nsec, wireLen: frame.length }, frame);
  }
  w.close();
}

/** The stored capture's bytes, for the test that checks the builder still makes them. */
export function storedCrafted(): Uint8Array {
  return readFileSync(path.join(FIXTURES, 'dissect/app-crafted.pcap'));
}
