import { describe, expect, it } from 'vitest';
import { BuildError, LINKTYPE_RAW, Packet, parseIpv4, parseIpv6 } from '../../native-bridge/craft/index.js';
import { all, dissect, get, verifyChecksums } from './helpers.js';

const MAC_A = '02:00:00:00:00:0a';
const MAC_B = '02:00:00:00:00:0b';
const mac = (s: string) => Uint8Array.from(s.split(':'), (h) => parseInt(h, 16));
const payload = (n: number, k = 7) => Uint8Array.from({ length: n }, (_, i) => (i * k + 3) & 0xff);

describe('builders: our decoders read back every field that was built', () => {
  it('Ethernet II, two 802.1Q tags, IPv4 with options, TCP with flags, options, seq and ack', () => {
    const p = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      vlan: [
        { id: 100, priority: 5, dei: true },
        { id: 4094, priority: 1 },
      ],
      ip: {
        src: '192.0.2.10',
        dst: '198.51.100.20',
        ttl: 33,
        id: 0xbeef,
        dsfield: 0xb8,
        df: false,
        options: [{ type: 'rr', slots: 2, addresses: ['192.0.2.1'] }, { type: 'ra' }, { type: 'nop' }],
      },
      tcp: {
        srcport: 49152,
        dstport: 4433,
        seq: 0xfffffff0,
        ack: 123456789,
        flags: 'SAPUECN',
        window_size_value: 29200,
        urgent_pointer: 7,
        options: { mss: 1460, sack_perm: true, timestamp: { tsval: 0xdeadbeef, tsecr: 42 }, wscale: 7 },
      },
      payload: payload(100),
    });
    const b = p.build();
    expect(b.length).toBe(p.length);
    const d = dissect(b);
    expect(d.pinfo.malformed).toBeUndefined();
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:vlan:ethertype:vlan:ethertype:ip:tcp:data');
    expect(get(d, 'eth.src')).toEqual(mac(MAC_A));
    expect(get(d, 'eth.dst')).toEqual(mac(MAC_B));
    expect(get(d, 'eth.type')).toBe(0x8100);
    expect(all(d, 'vlan.id')).toEqual([100, 4094]);
    expect(all(d, 'vlan.priority')).toEqual([5, 1]);
    expect(all(d, 'vlan.dei')).toEqual([true, false]);
    expect(all(d, 'vlan.etype')).toEqual([0x8100, 0x0800]);
    expect(get(d, 'ip.version')).toBe(4);
    expect(get(d, 'ip.hdr_len')).toBe(20 + 16);
    expect(get(d, 'ip.dsfield')).toBe(0xb8);
    expect(get(d, 'ip.len')).toBe(36 + 40 + 100);
    expect(get(d, 'ip.id')).toBe(0xbeef);
    expect(get(d, 'ip.flags.df')).toBe(false);
    expect(get(d, 'ip.flags.mf')).toBe(false);
    expect(get(d, 'ip.frag_offset')).toBe(0);
    expect(get(d, 'ip.ttl')).toBe(33);
    expect(get(d, 'ip.proto')).toBe(6);
    expect(get(d, 'ip.src')).toBe(parseIpv4('192.0.2.10', 'x'));
    expect(get(d, 'ip.dst')).toBe(parseIpv4('198.51.100.20', 'x'));
    expect(all(d, 'ip.opt.type')).toEqual([7, 0x94, 1]); // 11 + 4 + 1 bytes: no EOL padding needed;
    expect(all(d, 'ip.opt.addr')[0]).toBe(parseIpv4('192.0.2.1', 'x'));
    expect(get(d, 'ip.opt.ptr')).toBe(8);
    expect(get(d, 'tcp.srcport')).toBe(49152);
    expect(get(d, 'tcp.dstport')).toBe(4433);
    expect(get(d, 'tcp.seq_raw')).toBe(0xfffffff0);
    expect(get(d, 'tcp.ack_raw')).toBe(123456789);
    expect(get(d, 'tcp.hdr_len')).toBe(40);
    expect(get(d, 'tcp.flags')).toBe(0x1fa); // S A P U E C N
    expect(get(d, 'tcp.flags.syn')).toBe(true);
    expect(get(d, 'tcp.flags.fin')).toBe(false);
    expect(get(d, 'tcp.flags.ae')).toBe(true);
    expect(get(d, 'tcp.window_size_value')).toBe(29200);
    expect(get(d, 'tcp.urgent_pointer')).toBe(7);
    expect(get(d, 'tcp.options.mss_val')).toBe(1460);
    expect(get(d, 'tcp.options.wscale.shift')).toBe(7);
    expect(all(d, 'tcp.options.sack_perm')).toHaveLength(1);
    expect(get(d, 'tcp.options.timestamp.tsval')).toBe(0xdeadbeef);
    expect(get(d, 'tcp.options.timestamp.tsecr')).toBe(42);
    expect(get(d, 'tcp.len')).toBe(100);
    expect(verifyChecksums(d, b)).toEqual({ ip: true, tcp: true });
  });

  it('TCP SACK blocks and per-packet timestamp changes', () => {
    const p = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      ip: { src: '10.0.0.1', dst: '10.0.0.2' },
      tcp: {
        srcport: 1,
        dstport: 2,
        flags: 'A',
        options: {
          timestamp: { tsval: 1, tsecr: 2 },
          sack: [
            [1000, 2000],
            [3000, 4000],
          ],
        },
      },
    });
    p.tcp!.tsval = 777;
    p.tcp!.seq = 5;
    const d = dissect(p.build());
    expect(all(d, 'tcp.options.sack_le')).toEqual([1000, 3000]);
    expect(all(d, 'tcp.options.sack_re')).toEqual([2000, 4000]);
    expect(get(d, 'tcp.options.timestamp.tsval')).toBe(777);
    expect(get(d, 'tcp.seq_raw')).toBe(5);
    expect(verifyChecksums(d, p.build()).tcp).toBe(true);
  });

  it('ARP request and reply', () => {
    const req = new Packet({
      eth: { src: MAC_A, dst: 'ff:ff:ff:ff:ff:ff' },
      arp: { opcode: 1, src_hw_mac: MAC_A, src_proto_ipv4: '192.0.2.10', dst_proto_ipv4: '192.0.2.1' },
    });
    const d = dissect(req.build());
    expect(req.length).toBe(42);
    expect(get(d, 'eth.type')).toBe(0x0806);
    expect(get(d, 'arp.hw.type')).toBe(1);
    expect(get(d, 'arp.proto.type')).toBe(0x0800);
    expect(get(d, 'arp.hw.size')).toBe(6);
    expect(get(d, 'arp.proto.size')).toBe(4);
    expect(get(d, 'arp.opcode')).toBe(1);
    expect(get(d, 'arp.src.hw_mac')).toEqual(mac(MAC_A));
    expect(get(d, 'arp.src.proto_ipv4')).toBe(parseIpv4('192.0.2.10', 'x'));
    expect(get(d, 'arp.dst.hw_mac')).toEqual(new Uint8Array(6));
    expect(get(d, 'arp.dst.proto_ipv4')).toBe(parseIpv4('192.0.2.1', 'x'));
    const rep = new Packet({
      eth: { src: MAC_B, dst: MAC_A },
      arp: { opcode: 2, src_hw_mac: MAC_B, src_proto_ipv4: '192.0.2.1', dst_hw_mac: MAC_A, dst_proto_ipv4: '192.0.2.10' },
    });
    const r = dissect(rep.build());
    expect(get(r, 'arp.opcode')).toBe(2);
    expect(get(r, 'arp.dst.hw_mac')).toEqual(mac(MAC_A));
  });

  it('IPv6 with hop-by-hop, routing and destination options headers, then UDP', () => {
    const ra = Uint8Array.of(5, 2, 0, 0); // router alert option
    const p = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      ipv6: {
        src: '2001:db8::10',
        dst: '2001:db8:1::20',
        tclass: 0xb8,
        flow: 0x12345,
        hlim: 7,
        ext: [
          { type: 'hopopts', options: ra },
          { type: 'routing', routing_type: 2, segleft: 0, addresses: ['2001:db8::99'] },
          { type: 'dstopts' },
        ],
      },
      udp: { srcport: 40000, dstport: 9999 },
      payload: payload(33),
    });
    const b = p.build();
    const d = dissect(b);
    expect(d.pinfo.malformed).toBeUndefined();
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ipv6:ipv6.hopopts:ipv6.routing:ipv6.dstopts:udp:data');
    expect(get(d, 'ipv6.version')).toBe(6);
    expect(get(d, 'ipv6.tclass')).toBe(0xb8);
    expect(get(d, 'ipv6.flow')).toBe(0x12345);
    expect(get(d, 'ipv6.hlim')).toBe(7);
    expect(get(d, 'ipv6.plen')).toBe(8 + 24 + 8 + 8 + 33);
    expect(get(d, 'ipv6.nxt')).toBe(0);
    expect(get(d, 'ipv6.src')).toEqual(parseIpv6('2001:db8::10', 'x'));
    expect(get(d, 'ipv6.dst')).toEqual(parseIpv6('2001:db8:1::20', 'x'));
    expect(get(d, 'ipv6.hopopts.nxt')).toBe(43);
    expect(get(d, 'ipv6.opt.router_alert')).toBe(0);
    expect(get(d, 'ipv6.routing.nxt')).toBe(60);
    expect(get(d, 'ipv6.routing.type')).toBe(2);
    expect(get(d, 'ipv6.routing.segleft')).toBe(0);
    expect(get(d, 'ipv6.routing.mipv6.home_address')).toEqual(parseIpv6('2001:db8::99', 'x'));
    expect(get(d, 'ipv6.dstopts.nxt')).toBe(17);
    expect(get(d, 'udp.srcport')).toBe(40000);
    expect(get(d, 'udp.dstport')).toBe(9999);
    expect(get(d, 'udp.length')).toBe(41);
    expect(verifyChecksums(d, b)).toEqual({ udp: true });
  });

  it('IPv6 with a fragment header (an atomic fragment) and ICMPv6 echo, checksum verified by our dissector', () => {
    const p = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      ipv6: { src: 'fe80::1', dst: 'fe80::2', ext: [{ type: 'fragment', ident: 0xcafe0001 }] },
      icmpv6: { type: 128, ident: 0x4242, seq: 9 },
      payload: payload(56),
    });
    const b = p.build();
    const d = dissect(b);
    expect(get(d, 'ipv6.nxt')).toBe(44);
    expect(get(d, 'ipv6.fraghdr.nxt')).toBe(58);
    expect(get(d, 'ipv6.fraghdr.offset')).toBe(0);
    expect(get(d, 'ipv6.fraghdr.more')).toBe(false);
    expect(get(d, 'ipv6.fraghdr.ident')).toBe(0xcafe0001);
    expect(get(d, 'icmpv6.type')).toBe(128);
    expect(get(d, 'icmpv6.code')).toBe(0);
    expect(get(d, 'icmpv6.echo.identifier')).toBe(0x4242);
    expect(get(d, 'icmpv6.echo.sequence_number')).toBe(9);
    expect(get(d, 'icmpv6.checksum.status')).toBe(1); // Good, by our dissector
    expect(verifyChecksums(d, b)).toEqual({ icmpv6: true });
  });

  it('ICMP echo request and reply, checksum verified by our dissector', () => {
    for (const type of [8, 0]) {
      const p = new Packet({
        eth: { src: MAC_A, dst: MAC_B },
        ip: { src: '192.0.2.10', dst: '192.0.2.1' },
        icmp: { type, ident: 0x77, seq: 3 },
        payload: payload(33),
      });
      const b = p.build();
      const d = dissect(b);
      expect(get(d, 'icmp.type')).toBe(type);
      expect(get(d, 'icmp.code')).toBe(0);
      expect(get(d, 'icmp.ident')).toBe(0x77);
      expect(get(d, 'icmp.seq')).toBe(3);
      expect(get(d, 'icmp.checksum.status')).toBe(1);
      expect(verifyChecksums(d, b)).toEqual({ ip: true, icmp: true });
    }
  });

  it('UDP over IPv4 without a checksum, and over IPv6 always with one', () => {
    const v4 = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      ip: { src: '10.0.0.1', dst: '10.0.0.2' },
      udp: { srcport: 1, dstport: 2, checksum: false },
      payload: payload(5),
    });
    const d = dissect(v4.build());
    expect(get(d, 'udp.checksum')).toBe(0);
    expect(get(d, 'udp.checksum.status')).toBe(3);
    const v6 = new Packet({
      eth: { src: MAC_A, dst: MAC_B },
      ipv6: { src: '::1', dst: '::1' },
      udp: { srcport: 1, dstport: 2, checksum: false },
    });
    const b = v6.build();
    expect(verifyChecksums(dissect(b), b).udp).toBe(true);
  });

  it('raw IP without a link header is LINKTYPE_RAW', () => {
    const p = new Packet({ ip: { src: '127.0.0.1', dst: '127.0.0.1' }, udp: { srcport: 7, dstport: 9 } });
    expect(p.linkType).toBe(LINKTYPE_RAW);
    const b = p.build();
    const d = dissect(b, LINKTYPE_RAW);
    expect(d.pinfo.protocols.join(':')).toBe('raw:ip:udp');
    expect(verifyChecksums(d, b)).toEqual({ ip: true, udp: true });
  });

  it('refuses a bad spec with a stable code naming the field', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BuildError);
        return [(e as BuildError).code, (e as BuildError).message];
      }
      throw new Error('no error');
    };
    expect(bad(() => new Packet({ ip: { src: '10.0.0.300', dst: '10.0.0.1' }, udp: { srcport: 1, dstport: 2 } }))).toEqual([
      'BUILD_BAD_SPEC',
      expect.stringContaining('ip.src'),
    ]);
    expect(
      bad(
        () =>
          new Packet({ eth: { src: MAC_A, dst: MAC_B }, ip: { src: '10.0.0.1', dst: '10.0.0.2' }, tcp: { srcport: 70000, dstport: 1 } }),
      ),
    ).toEqual(['BUILD_BAD_SPEC', expect.stringContaining('tcp.srcport')]);
    expect(bad(() => new Packet({ eth: { src: MAC_A, dst: MAC_B }, tcp: { srcport: 1, dstport: 1 } }))).toEqual([
      'BUILD_BAD_SPEC',
      expect.stringContaining('ip or ipv6'),
    ]);
    expect(bad(() => new Packet({ eth: { src: MAC_A, dst: MAC_B }, ipv6: { src: '::1', dst: '::1' }, icmp: { type: 8 } }))).toEqual([
      'BUILD_BAD_SPEC',
      expect.stringContaining('icmpv6'),
    ]);
    expect(bad(() => new Packet({ ipv6: { src: '2001:db8:::1', dst: '::1' }, udp: { srcport: 1, dstport: 2 } }))).toEqual([
      'BUILD_BAD_SPEC',
      expect.stringContaining('ipv6.src'),
    ]);
    const big = new Packet({ ip: { src: '10.0.0.1', dst: '10.0.0.2' }, udp: { srcport: 1, dstport: 2 }, payload: new Uint8Array(65_600) });
    expect(bad(() => big.build())).toEqual(['BUILD_TOO_LARGE', expect.stringContaining('65515')]);
  });
});
