import { describe, expect, it } from 'vitest';
import { Packet } from '../../native-bridge/craft/index.js';
import { decode, decodeFile, hexBytes, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

const ETH = hexBytes('020000000001 02000000000a 0800');
const withEth = (ip: Uint8Array) => new Uint8Array([...ETH, ...ip]);
const IPS = { src: '192.0.2.1', dst: '192.0.2.2' };
/** IPv4 + an empty UDP datagram (53 → 53), no link header. */
const dns0 = () => new Packet({ ip: IPS, udp: { srcport: 53, dstport: 53 } }).build();

describe('IPv4', () => {
  it('decodes the sample header: fields, byte ranges, columns', () => {
    const dns = decodeFile(SAMPLE)[2]!;
    const t = dns.tree;
    expect(value(t, 'ip.version')).toBe(4);
    expect(value(t, 'ip.hdr_len')).toBe(20);
    expect(value(t, 'ip.proto')).toBe(17);
    expect(value(t, 'ip.ttl')).toBe(64);
    expect(value(t, 'ip.id')).toBe(1);
    expect(value(t, 'ip.flags.df')).toBe(true);
    expect(value(t, 'ip.flags.mf')).toBe(false);
    expect(value(t, 'ip.frag_offset')).toBe(0);
    expect(value(t, 'ip.checksum.status')).toBe(2);
    expect(value(t, 'ip.src')).toBe(0xc000020a);
    expect(values(t, 'ip.addr')).toEqual([0xc000020a, 0xc6336435]);
    expect(range(t, 'ip')).toEqual([14, 20]);
    expect(range(t, 'ip.src')).toEqual([26, 4]);
    expect(range(t, 'ip.dst')).toEqual([30, 4]);
    expect(range(t, 'ip.ttl')).toEqual([22, 1]);
    expect([dns.pinfo.src, dns.pinfo.dst, dns.pinfo.netType]).toEqual(['192.0.2.10', '198.51.100.53', 'ipv4']);
  });

  it('stops the payload at the total length (Ethernet padding is not IP payload)', () => {
    const d = decode(1, new Uint8Array([...withEth(dns0()), ...new Uint8Array(18)]));
    expect(range(d.tree, 'udp')).toEqual([34, 8]);
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp');
  });

  it('walks options: router alert, NOPs, EOL with padding; a bad option length ends the walk', () => {
    const hdr = (opts: string, ihl: number) => hexBytes(`4${ihl.toString(16)}00 0020 0000 0000 4011 0000 c0000201 c0000202 ${opts}`);
    const ok = decode(1, withEth(hdr('94040000 0101 0000', 7)));
    expect(values(ok.tree, 'ip.opt.type')).toEqual([148, 1, 1, 0]);
    expect(value(ok.tree, 'ip.opt.ra')).toBe(0);
    const bad = decode(1, withEth(hdr('07ff0000 00000000', 7)));
    expect(values(bad.tree, 'ip.opt.len.invalid').length).toBe(1);
    const zero = decode(1, withEth(hdr('0700 0000 00000000', 7)));
    expect(values(zero.tree, 'ip.opt.len.invalid').length).toBe(1);
  });

  it('flags bogus header lengths and versions without going further', () => {
    const short = decode(1, withEth(hexBytes('4400 0014 0000 0000 4011 0000 c0000201 c0000202')));
    expect(short.pinfo.protocols.join(':')).toBe('eth:ethertype:ip');
    expect(short.pinfo.info).toBe('Bogus IP header length (16, must be at least 20)');
    const v6in4 = decodeFile('LINKTYPE_IPV4_invalid.pcap')[0]!;
    expect(v6in4.pinfo.protocols.slice(0, 2).join(':')).toBe('ip:ipv6');
  });

  it('decodes IPv4 in ICMP errors behind a fence: columns stay the outer packet', () => {
    const err = decodeFile(LINK_FIXTURE)[12]!;
    expect(err.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:icmp:ip:udp');
    expect(values(err.tree, 'ip.src')).toEqual([0xc6336414, 0xc000020a]);
    expect([err.pinfo.src, err.pinfo.dst, err.pinfo.protocol]).toEqual(['198.51.100.20', '192.0.2.10', 'ICMP']);
    expect(err.pinfo.info).toBe('Destination unreachable (Port unreachable)');
  });

  it('stops IP-in-IP nesting at a depth limit, marking the frame malformed there', () => {
    let p = dns0();
    for (let i = 0; i < 80; i++) p = new Packet({ ip: { ...IPS, proto: 4 }, payload: p }).build();
    const d = decode(101, p);
    expect(d.pinfo.malformed).toEqual({
      offset: 49 * 20,
      protocol: 'ip',
      reason: 'more than 48 nested IP layers and IPv6 extension headers',
    });
    expect(d.pinfo.protocols.filter((x) => x === 'ip').length).toBe(49);
  });
});
