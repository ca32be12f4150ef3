/**
 * The builder coverage set: every builder, option layout and checksum kind in a few hundred
 * deterministic frames, plus rewritten and fragmented ones. scripts/craft-oracle.ts writes it
 * and records TShark's checksum verdict in test/fixtures/craft/; test/craft/oracle.test.ts
 * rebuilds it and compares with both.
 */
import { FrameLayout, Packet, Rewriter, locate, type PacketSpec } from '../native-bridge/craft/index.js';
import { PcapngWriter } from '../native-bridge/formats/index.js';
import { Random } from '../native-bridge/generate/index.js';

export interface SetFrame {
  bytes: Uint8Array;
  /** What the frame is (for test messages). */
  what: string;
}

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const V4 = ['192.0.2.10', '198.51.100.20', '203.0.113.5', '10.1.2.3'];
const V6 = ['2001:db8::10', '2001:db8:1::20', 'fe80::1', '2001:db8:ffff::abcd:1'];

export function buildSet(): SetFrame[] {
  const r = new Random(20260101);
  const out: SetFrame[] = [];
  const data = (n: number) => Uint8Array.from({ length: n }, () => r.int(0, 255));
  const add = (what: string, spec: PacketSpec) => out.push({ what, bytes: new Packet(spec).build() });
  const eth = { src: A, dst: B };

  for (let i = 0; i < 40; i++) {
    const v6 = i % 2 === 1;
    const net: PacketSpec = v6
      ? { ipv6: { src: r.pick(V6), dst: r.pick(V6), hlim: r.int(1, 255), flow: r.int(0, 0xfffff) } }
      : { ip: { src: r.pick(V4), dst: r.pick(V4), id: r.int(0, 0xffff), ttl: r.int(1, 255) } };
    const vlan = i % 5 === 0 ? { vlan: [{ id: r.int(1, 4094), priority: r.int(0, 7) }] } : {};
    const flags = r.pick(['S', 'SA', 'A', 'PA', 'FA', 'R', 'RA', 'PAU']);
    const options = flags.includes('S')
      ? { mss: 1460, sack_perm: true, timestamp: { tsval: r.int(0, 2 ** 32 - 1), tsecr: 0 }, wscale: r.int(0, 14) }
      : i % 3 === 0
        ? { timestamp: { tsval: r.int(0, 2 ** 32 - 1), tsecr: r.int(0, 2 ** 32 - 1) }, sack: [[r.int(0, 1e9), r.int(1e9, 2e9)] as const] }
        : undefined;
    add(`tcp ${v6 ? 'v6' : 'v4'} ${flags}`, {
      eth,
      ...vlan,
      ...net,
      tcp: {
        srcport: r.int(1024, 65535),
        dstport: r.pick([80, 8080, 22, 6379, 5201]),
        seq: r.int(0, 2 ** 32 - 1),
        ack: r.int(0, 2 ** 32 - 1),
        flags,
        window_size_value: r.int(0, 65535),
        ...(options ? { options } : {}),
      },
      payload: flags.includes('P') || flags === 'A' ? data(r.int(1, 1400)) : undefined,
    });
  }
  for (let i = 0; i < 40; i++) {
    const v6 = i % 2 === 1;
    const net: PacketSpec = v6
      ? { ipv6: { src: r.pick(V6), dst: r.pick(V6) } }
      : { ip: { src: r.pick(V4), dst: r.pick(V4), id: r.int(0, 0xffff) } };
    add(`udp ${v6 ? 'v6' : 'v4'}`, {
      eth,
      ...net,
      udp: { srcport: r.int(1024, 65535), dstport: r.pick([5201, 9999, 40000]) },
      payload: data(r.int(0, 1472)),
    });
  }
  add('udp v4 without checksum', {
    eth,
    ip: { src: V4[0]!, dst: V4[1]! },
    udp: { srcport: 4000, dstport: 5201, checksum: false },
    payload: data(100),
  });
  add('ipv4 options + tcp', {
    eth,
    ip: { src: V4[0]!, dst: V4[1]!, options: [{ type: 'rr', slots: 3, addresses: ['192.0.2.1'] }, { type: 'ra' }] },
    tcp: { srcport: 1234, dstport: 5201, flags: 'PA' },
    payload: data(333),
  });
  add('ipv6 ext + udp (type 2 routing: checksum over the home address)', {
    eth,
    ipv6: {
      src: V6[0]!,
      dst: V6[1]!,
      ext: [
        { type: 'hopopts', options: Uint8Array.of(5, 2, 0, 0) },
        { type: 'routing', routing_type: 2, segleft: 1, addresses: [V6[3]!] },
        { type: 'dstopts' },
      ],
    },
    udp: { srcport: 4000, dstport: 5201 },
    payload: data(99),
  });
  add('ipv6 routing with a segment left + tcp (checksum over the final destination)', {
    eth,
    ipv6: { src: V6[0]!, dst: V6[1]!, ext: [{ type: 'routing', routing_type: 0, segleft: 1, addresses: [V6[3]!] }] },
    tcp: { srcport: 4000, dstport: 5201, flags: 'PA' },
    payload: data(64),
  });
  add('ipv6 atomic fragment + icmpv6', {
    eth,
    ipv6: { src: V6[0]!, dst: V6[1]!, ext: [{ type: 'fragment', ident: 77 }] },
    icmpv6: { type: 128, ident: 1, seq: 1 },
    payload: data(32),
  });
  for (let i = 0; i < 10; i++) {
    add('icmp echo', {
      eth,
      ip: { src: V4[0]!, dst: V4[1]! },
      icmp: { type: i % 2 === 0 ? 8 : 0, ident: r.int(0, 0xffff), seq: i },
      payload: data(r.int(0, 120)),
    });
    add('icmpv6 echo', {
      eth,
      ipv6: { src: V6[0]!, dst: V6[2]! },
      icmpv6: { type: i % 2 === 0 ? 128 : 129, ident: r.int(0, 0xffff), seq: i },
      payload: data(r.int(0, 120)),
    });
  }
  add('arp request', {
    eth: { src: A, dst: 'ff:ff:ff:ff:ff:ff' },
    arp: { opcode: 1, src_hw_mac: A, src_proto_ipv4: V4[0]!, dst_proto_ipv4: V4[1]! },
  });
  add('arp reply', { eth, arp: { opcode: 2, src_hw_mac: B, src_proto_ipv4: V4[1]!, dst_hw_mac: A, dst_proto_ipv4: V4[0]! } });

  // 60 KiB datagrams in fragments (TShark reassembles and verifies the UDP checksum).
  const big4 = new Packet({
    eth,
    ip: { src: V4[2]!, dst: V4[3]!, id: 0x1111 },
    udp: { srcport: 4001, dstport: 5201 },
    payload: data(60 * 1024 - 8),
  });
  for (const f of big4.fragments(1500)) out.push({ what: 'ipv4 fragment', bytes: f });
  const big6 = new Packet({ eth, ipv6: { src: V6[0]!, dst: V6[3]! }, udp: { srcport: 4002, dstport: 5201 }, payload: data(60 * 1024 - 8) });
  big6.ipv6!.ident = 0x2222;
  for (const f of big6.fragments(1280)) out.push({ what: 'ipv6 fragment', bytes: f });

  // Rewritten in place (incremental checksums), TShark must still find every checksum right.
  const layout = new FrameLayout();
  const v4 = Rewriter.parse('ip.dst=127.0.0.1,ip.src=127.0.0.2,tcp.dstport=9,udp.dstport=9,ip.ttl=1');
  const v6 = Rewriter.parse('ipv6.dst=::1,ipv6.src=::1,tcp.srcport=9,udp.srcport=9');
  const n = out.length;
  for (let i = 0; i < n; i += 3) {
    const copy = out[i]!.bytes.slice();
    const L = locate(copy, 1, layout);
    if ((L.ipVersion === 4 ? v4 : v6).apply(copy, L) > 0 && !L.fragment && !L.routed)
      out.push({ what: `rewritten ${out[i]!.what}`, bytes: copy });
  }
  return out;
}

/** Generated captures whose TShark verdict is stored too (small enough to keep in the repository). */
export const GENERATED = [
  { file: 'generated-small.pcapng', options: { profile: 'small' as const, packets: 600, seed: 2026 } },
  { file: 'generated-fragments.pcapng', options: { profile: 'fragments' as const, packets: 300, seed: 2026 } },
];

/** TShark's command for the verdict: checksum validation on for IPv4, TCP and UDP (ICMP and ICMPv6 always verify). */
export const ORACLE_FIELDS = [
  'frame.number',
  'frame.protocols',
  'ip.checksum.status',
  'tcp.checksum.status',
  'udp.checksum.status',
  'icmp.checksum.status',
  'icmpv6.checksum.status',
  '_ws.malformed',
  '_ws.expert.severity',
];
export function tsharkArgs(file: string): string[] {
  return [
    '-n',
    '-r',
    file,
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'tcp.check_checksum:TRUE',
    '-o',
    'udp.check_checksum:TRUE',
    '-T',
    'fields',
    '-E',
    'separator=/t',
    '-E',
    'header=y',
    ...ORACLE_FIELDS.flatMap((f) => ['-e', f]),
  ];
}

/**
 * Writes the set as pcapng (one Ethernet interface, one frame a second); returns the frame count.
 * The interface and application names are those the stored capture was made with (before the
 * builders' folder was renamed craft), so its bytes and TShark's verdict on them still apply.
 */
export function writeSet(file: string): number {
  const w = new PcapngWriter(file, { interfaces: [{ linkType: 1, name: 'build-set' }], application: 'wirepool build-oracle' });
  const frames = buildSet();
  for (const [i, f] of frames.entries()) w.write({ sec: 1_767_225_600 + i, nsec: 0, wireLen: f.bytes.length }, f.bytes, 0);
  w.close();
  return frames.length;
}
