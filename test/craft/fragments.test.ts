import { describe, expect, it } from 'vitest';
import { Packet } from '../../native-bridge/craft/index.js';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { all, dissect, get, onesSum } from './helpers.js';

const DATAGRAM = 60 * 1024;
const body = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >>> 8)) & 0xff);

function reassemble(frames: Uint8Array[], order: number[]) {
  const session = new DissectSession();
  return order.map((i, n) => dissect(frames[i]!, 1, session, n + 1));
}

describe('fragmenting a 60 KiB datagram', () => {
  it('IPv4 fragments (router alert copied into each, record route only in the first) reassemble to the original in our dissector', () => {
    const p = new Packet({
      eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
      ip: { src: '192.0.2.1', dst: '198.51.100.7', id: 0x4242, options: [{ type: 'ra' }, { type: 'rr', slots: 1 }] },
      udp: { srcport: 40000, dstport: 7777 },
      payload: body(DATAGRAM - 8),
    });
    const whole = p.build();
    const original = whole.subarray(14 + 20 + 12); // UDP header + payload
    const frags = p.fragments(1500);
    expect(frags.length).toBe(Math.ceil((DATAGRAM - 1464) / 1472) + 1);
    for (const [i, f] of frags.entries()) {
      expect(f.length).toBeLessThanOrEqual(14 + 1500);
      const d = dissect(f);
      expect(get(d, 'ip.flags.mf')).toBe(i < frags.length - 1);
      expect(get(d, 'ip.flags.df')).toBe(false);
      expect(get(d, 'ip.id')).toBe(0x4242);
      expect(all(d, 'ip.opt.type')).toEqual(i === 0 ? [0x94, 7, 0] : [0x94]);
      expect(onesSum(f.subarray(14, 14 + (get(d, 'ip.hdr_len') as number)))).toBe(0xffff);
    }
    for (const order of [[...frags.keys()], [...frags.keys()].reverse()]) {
      const out = reassemble(frags, order);
      const last = out.at(-1)!;
      expect(get(last, 'ip.reassembled.length')).toBe(DATAGRAM);
      expect(get(last, 'ip.fragment.count')).toBe(frags.length);
      expect(last.tree.extraSources[0]!.bytes).toEqual(original);
      expect(get(last, 'udp.length')).toBe(DATAGRAM);
      expect(out.slice(0, -1).every((d) => get(d, 'ip.reassembled.length') === undefined)).toBe(true);
    }
  });

  it('IPv6 fragments (hop-by-hop header unfragmentable) reassemble to the original, UDP checksum over the whole datagram', () => {
    const p = new Packet({
      eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
      ipv6: { src: '2001:db8::1', dst: '2001:db8::2', ext: [{ type: 'hopopts' }] },
      udp: { srcport: 40000, dstport: 7777 },
      payload: body(DATAGRAM - 8),
    });
    p.ipv6!.ident = 0xabcdef01;
    const original = p.build().subarray(14 + 48);
    const frags = p.fragments(1280);
    expect(frags.length).toBe(Math.ceil(DATAGRAM / 1224));
    for (const [i, f] of frags.entries()) {
      const d = dissect(f);
      expect(f.length).toBeLessThanOrEqual(14 + 1280);
      expect(get(d, 'ipv6.hopopts.nxt')).toBe(44);
      expect(get(d, 'ipv6.fraghdr.ident')).toBe(0xabcdef01);
      expect(get(d, 'ipv6.fraghdr.more')).toBe(i < frags.length - 1);
      expect(get(d, 'ipv6.fraghdr.offset')).toBe((i * 1224) / 8); // in 8-octet units, as Wireshark shows it
    }
    const last = reassemble(frags, [...frags.keys()]).at(-1)!;
    expect(get(last, 'ipv6.reassembled.length')).toBe(DATAGRAM);
    const bytes = last.tree.extraSources[0]!.bytes;
    expect(bytes).toEqual(original);
    const src = get(last, 'ipv6.src') as Uint8Array;
    const dst = get(last, 'ipv6.dst') as Uint8Array;
    const pseudo = [...src, ...dst, 0, 0, DATAGRAM >>> 8, DATAGRAM & 0xff, 0, 0, 0, 17];
    expect(onesSum(Uint8Array.from([...pseudo, ...bytes]))).toBe(0xffff);
  });

  it('a datagram that fits the MTU is one unfragmented packet', () => {
    const p = new Packet({ ip: { src: '10.0.0.1', dst: '10.0.0.2' }, tcp: { srcport: 1, dstport: 2 }, payload: body(1000) });
    expect(p.fragment(1500)).toBe(1);
    const t = new Uint8Array(1500);
    const n = p.buildFragmentInto(0, t);
    expect(t.subarray(0, n)).toEqual(p.build());
  });
});
