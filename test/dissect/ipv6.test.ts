import { describe, expect, it } from 'vitest';
import { Packet, parseIpv6 } from '../../native-bridge/craft/index.js';
import { decode, decodeFile, hexBytes, LINK_FIXTURE, range, SAMPLE, value, values } from './link-helpers.js';

/** Raw IPv6 (link type 229) with next header `nxt` and hand-made bytes after the fixed header: extension chains the builders would not write. */
const ipv6 = (nxt: number, rest: Uint8Array): Uint8Array =>
  new Packet({ ipv6: { src: '2001:db8::1', dst: '2001:db8::2', nxt }, payload: rest }).build();

describe('IPv6', () => {
  it('decodes the sample header: fields, byte ranges, columns', () => {
    const frames = decodeFile(SAMPLE);
    const v6 = frames.find((f) => f.pinfo.protocols[2] === 'ipv6' && f.pinfo.protocols[3] === 'udp')!;
    const t = v6.tree;
    expect(value(t, 'ipv6.version')).toBe(6);
    expect(value(t, 'ipv6.nxt')).toBe(17);
    expect(value(t, 'ipv6.hlim')).toBe(64);
    expect(value(t, 'ipv6.plen')).toBe(v6.frame.bytes.length - 54);
    expect(range(t, 'ipv6')).toEqual([14, 40]);
    expect(range(t, 'ipv6.src')).toEqual([22, 16]);
    expect(range(t, 'ipv6.dst')).toEqual([38, 16]);
    expect(values(t, 'ipv6.addr').length).toBe(2);
    expect(v6.pinfo.netType).toBe('ipv6');
    expect(v6.pinfo.src).toContain('2001:db8');
  });

  it('shows each extension header as its own layer (hop-by-hop, destination options)', () => {
    const d = decodeFile(LINK_FIXTURE)[13]!;
    expect(d.pinfo.protocols.slice(0, 6).join(':')).toBe('eth:ethertype:ipv6:ipv6.hopopts:ipv6.dstopts:udp');
    expect(value(d.tree, 'ipv6.hopopts.nxt')).toBe(60);
    expect(value(d.tree, 'ipv6.hopopts.len_oct')).toBe(8);
    expect(value(d.tree, 'ipv6.opt.router_alert')).toBe(0);
    expect(range(d.tree, 'ipv6.hopopts')).toEqual([54, 8]);
    expect(range(d.tree, 'ipv6.dstopts')).toEqual([62, 8]);
    expect(range(d.tree, 'udp')).toEqual([70, 8]);
  });

  it('decodes a routing header and corpus extension chains as TShark does', () => {
    const rt = new Uint8Array([17, 2, 0, 1, 0, 0, 0, 0, ...parseIpv6('2001:db8::99', 'addresses[0]'), 0, 53, 0, 53, 0, 8, 0, 0]);
    const d = decode(229, ipv6(43, rt));
    expect(d.pinfo.protocols.join(':')).toBe('ipv6:ipv6.routing:udp');
    expect(value(d.tree, 'ipv6.routing.type')).toBe(0);
    expect(value(d.tree, 'ipv6.routing.segleft')).toBe(1);
  });

  it('ends crafted extension-header chains: every header consumes 8+ bytes and nesting is bounded', () => {
    const chain = new Uint8Array(8 * 200);
    for (let i = 0; i < 200; i++) chain.set([60, 0, 1, 4, 0, 0, 0, 0], i * 8);
    const d = decode(229, ipv6(60, chain));
    expect(d.pinfo.malformed).toMatchObject({ offset: 40 + 48 * 8, reason: 'more than 48 nested IP layers and IPv6 extension headers' });
    expect(d.pinfo.protocols.length).toBe(49);
    // A length past the end is a malformed mark at the header, not an error.
    const cut = decode(229, ipv6(60, new Uint8Array([17, 9, 1, 4, 0, 0, 0, 0])));
    expect(cut.pinfo.malformed?.reason).not.toMatch(/internal/);
    expect(cut.pinfo.protocols.join(':')).toBe('ipv6:ipv6.dstopts');
  });

  it('refuses a packet whose version is not 6 (data after an EtherType), and hop-by-hop not first', () => {
    const bad = decode(1, hexBytes(`020000000001 02000000000a 86dd 4${'0'.repeat(79)}`));
    expect(bad.pinfo.protocols.join(':')).toBe('eth:ethertype:data');
    const twice = decode(229, ipv6(0, new Uint8Array([0, 0, 1, 4, 0, 0, 0, 0, 17, 0, 1, 4, 0, 0, 0, 0])));
    expect(twice.pinfo.protocols.join(':')).toBe('ipv6:ipv6.hopopts');
    expect(values(twice.tree, 'ipv6.hopopts.not_first').length).toBe(1);
  });
});
