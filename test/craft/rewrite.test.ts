import { describe, expect, it } from 'vitest';
import { BuildError, FrameLayout, Packet, Rewriter, locate, type PacketSpec } from '../../native-bridge/craft/index.js';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { prng } from '../../native-bridge/generate/index.js';
import { dissect, get, onesSum, verifyChecksums } from './helpers.js';

const ETH = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

function rewritten(spec: PacketSpec, rules: string): Uint8Array {
  const b = new Packet(spec).build();
  const n = Rewriter.parse(rules).apply(b, locate(b, 1, new FrameLayout()));
  expect(n).toBeGreaterThan(0);
  return b;
}

describe('in-place rewrites with incremental checksums', () => {
  it('a rewritten frame is byte for byte the frame built with the new values (IPv4: TCP, UDP, ICMP)', () => {
    const rand = prng(5);
    for (let k = 0; k < 300; k++) {
      const payload = Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
      const a = `10.${k & 0xff}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
      const dst = `127.0.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
      const port = Math.floor(rand() * 65536);
      const kind = k % 3;
      const l4 =
        kind === 0
          ? { tcp: { srcport: 1000 + k, dstport: 80, seq: k * 7919, flags: 'PA' } }
          : kind === 1
            ? { udp: { srcport: 1000 + k, dstport: 53 } }
            : { icmp: { type: 8, ident: k, seq: 1 } };
      const spec: PacketSpec = { eth: ETH, ip: { src: a, dst: '192.0.2.1', ttl: 64 }, ...l4, payload };
      const rules =
        kind === 0
          ? `ip.dst=${dst},tcp.dstport=${port},ip.ttl=9`
          : kind === 1
            ? `ip.dst=${dst},udp.dstport=${port},eth.dst=02:aa:bb:cc:dd:ee`
            : `ip.dst=${dst},ip.src=127.0.0.1`;
      const got = rewritten(spec, rules);
      const want: PacketSpec =
        kind === 0
          ? { ...spec, ip: { ...spec.ip!, dst, ttl: 9 }, tcp: { ...spec.tcp!, dstport: port } }
          : kind === 1
            ? { ...spec, eth: { ...ETH, dst: '02:aa:bb:cc:dd:ee' }, ip: { ...spec.ip!, dst }, udp: { ...spec.udp!, dstport: port } }
            : { ...spec, ip: { ...spec.ip!, dst, src: '127.0.0.1' } };
      const expected = new Packet(want).build();
      expect(got).toEqual(expected);
      expect(Object.values(verifyChecksums(dissect(got), got)).every(Boolean)).toBe(true);
    }
  });

  it('IPv6 addresses and ports, behind a VLAN tag and an extension header', () => {
    const spec: PacketSpec = {
      eth: ETH,
      vlan: { id: 7 },
      ipv6: { src: '2001:db8::1', dst: '2001:db8::2', ext: [{ type: 'dstopts' }] },
      udp: { srcport: 1, dstport: 2 },
      payload: new Uint8Array(77).fill(3),
    };
    const got = rewritten(spec, 'ipv6.dst=::1,ipv6.src=::1,udp.srcport=5555,ipv6.hlim=1');
    expect(got).toEqual(
      new Packet({ ...spec, ipv6: { ...spec.ipv6!, src: '::1', dst: '::1', hlim: 1 }, udp: { srcport: 5555, dstport: 2 } }).build(),
    );
    const icmp: PacketSpec = { eth: ETH, ipv6: { src: '2001:db8::1', dst: '2001:db8::2' }, icmpv6: { type: 128, ident: 1, seq: 2 } };
    const d = dissect(rewritten(icmp, 'ipv6.dst=::1'));
    expect(get(d, 'icmpv6.checksum.status')).toBe(1);
  });

  it('rewriting ip.dst in every fragment keeps the reassembled datagram valid', () => {
    const p = new Packet({
      eth: ETH,
      ip: { src: '192.0.2.1', dst: '192.0.2.2', id: 9 },
      udp: { srcport: 1, dstport: 2 },
      payload: new Uint8Array(9000).fill(0x5a),
    });
    const frags = p.fragments(1500);
    const r = Rewriter.parse('ip.dst=127.0.0.9,udp.dstport=9');
    const layout = new FrameLayout();
    const session = new DissectSession();
    const out = frags.map((f, i) => {
      r.apply(f, locate(f, 1, layout));
      expect(layout.fragment).toBe(true);
      expect(layout.l4At >= 0).toBe(i === 0);
      const d = dissect(f, 1, session, i + 1);
      expect(onesSum(f.subarray(14, 34))).toBe(0xffff);
      return d;
    });
    const last = out.at(-1)!;
    const bytes = last.tree.extraSources[0]!.bytes;
    expect(get(last, 'udp.dstport')).toBe(9);
    const pseudo = [192, 0, 2, 1, 127, 0, 0, 9, 0, 17, bytes.length >>> 8, bytes.length & 0xff];
    expect(onesSum(Uint8Array.from([...pseudo, ...bytes]))).toBe(0xffff);
  });

  it('an IPv4 UDP datagram without a checksum stays without one', () => {
    const got = rewritten(
      { eth: ETH, ip: { src: '10.0.0.1', dst: '10.0.0.2' }, udp: { srcport: 1, dstport: 2, checksum: false } },
      'ip.dst=127.0.0.1,udp.dstport=7',
    );
    expect(get(dissect(got), 'udp.checksum')).toBe(0);
  });

  it('refuses unknown fields and bad values with BUILD_BAD_REWRITE', () => {
    expect(() => Rewriter.parse('ip.flags=1')).toThrow(
      expect.objectContaining({ code: 'BUILD_BAD_REWRITE', message: expect.stringContaining('ip.flags cannot be rewritten') }),
    );
    expect(() => Rewriter.parse('udp.dstport=70000')).toThrow(BuildError);
    expect(() => Rewriter.parse('ip.dst=::1')).toThrow(expect.objectContaining({ code: 'BUILD_BAD_REWRITE' }));
    expect(() => Rewriter.parse('ip.dst')).toThrow(/FIELD=VALUE/);
    expect(Rewriter.parse(' ip.dst=127.0.0.1 , tcp.dstport=0x50').fields).toEqual(['ip.dst', 'tcp.dstport']);
  });
});
