import { describe, expect, it } from 'vitest';
import { DissectSession, shownTree } from '../../native-bridge/dissect/index.js';
import { decode, has, values } from './link-helpers.js';

/**
 * Crafted frames that drive the dissectors' recursion (tags, tunnels, extension headers, ICMP
 * errors quoting errors, DNS compression pointers): each must end in bounded time without an
 * internal error (a stack overflow would be one), with the limit shown where one was hit.
 */

const ETH = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01];

function u16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

function ipv4(proto: number, payload: number[]): number[] {
  const len = Math.min(0xffff, 20 + payload.length);
  return [0x45, 0, ...u16(len), 0, 1, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, ...payload];
}

function ipv6(next: number, payload: number[]): number[] {
  const src = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1];
  const dst = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 2];
  return [0x60, 0, 0, 0, ...u16(Math.min(0xffff, payload.length)), next, 64, ...src, ...dst, ...payload];
}

const UDP = [0x04, 0xd2, 0x00, 0x09, 0x00, 0x08, 0x00, 0x00];

/**
 * `inner` wrapped in `n` layers, outermost first: `layer(i, payload length)` gives layer i's
 * header (one concatenation at the end: wrapping a growing array n times would be quadratic).
 */
function nest(n: number, layer: (i: number, payloadLength: number) => number[], inner: number[]): number[] {
  const headers: number[][] = [];
  let length = inner.length;
  for (let i = n - 1; i >= 0; i--) {
    const h = layer(i, length);
    headers.push(h);
    length += h.length;
  }
  return [...headers.reverse().flat(), ...inner];
}

const ipv4Header = (proto: number, payloadLength: number) =>
  ipv4(proto, []).map((b, k) =>
    k === 2 ? Math.min(0xffff, 20 + payloadLength) >>> 8 : k === 3 ? Math.min(0xffff, 20 + payloadLength) & 0xff : b,
  );
const ipv6Header = (next: number, payloadLength: number) =>
  ipv6(next, []).map((b, k) => (k === 4 ? Math.min(0xffff, payloadLength) >>> 8 : k === 5 ? Math.min(0xffff, payloadLength) & 0xff : b));

/** Dissects one Ethernet frame (first pass, then a revisit), timing both. */
function dissectTimed(bytes: number[]) {
  const frame = Uint8Array.from(bytes);
  const session = new DissectSession(undefined, { frameBytes: () => frame });
  const start = performance.now();
  const d = decode(1, frame, session);
  const again = decode(1, frame, session);
  const ms = performance.now() - start;
  expect(d.pinfo.malformed?.reason ?? '').not.toMatch(/internal error/);
  expect(shownTree(again.tree)).toEqual(shownTree(d.tree));
  // Generous for a busy machine: unbounded recursion or quadratic work takes far longer (or overflows).
  expect(ms).toBeLessThan(2000);
  return d;
}

describe('hostile nesting', () => {
  it('60,000 VLAN tags: 20 are decoded, then "Too many nested VLAN tags" (as Wireshark)', () => {
    const d = dissectTimed([
      ...ETH,
      ...Array.from({ length: 60_000 }, () => [0x81, 0x00, 0x00, 0x01]).flat(),
      0x08,
      0x00,
      ...ipv4(17, UDP),
    ]);
    expect(d.pinfo.protocols.filter((p) => p === 'vlan').length).toBe(21);
    expect(values(d.tree, 'vlan.too_many_tags').length).toBe(1);
    expect(d.pinfo.malformed).toBeUndefined();
  });

  it('60,000 802.1ad tags share the same limit', () => {
    const d = dissectTimed([...ETH, ...Array.from({ length: 60_000 }, () => [0x88, 0xa8, 0x00, 0x01]).flat(), 0x08, 0x00]);
    expect(d.pinfo.protocols.filter((p) => p === 'ieee8021ad').length).toBe(21);
    expect(has(d.tree, 'vlan.too_many_tags')).toBe(true);
  });

  it('20,000 IPv6 extension headers: 48 are decoded, then the frame is malformed there', () => {
    const ext = Array.from({ length: 20_000 }, () => [60, 0, 0x01, 0x04, 0, 0, 0, 0]).flat();
    const d = dissectTimed([...ETH, 0x86, 0xdd, ...ipv6(60, ext)]);
    expect(d.pinfo.protocols.filter((p) => p === 'ipv6.dstopts').length).toBe(48);
    expect(d.pinfo.malformed).toMatchObject({
      offset: 14 + 40 + 48 * 8,
      reason: 'more than 48 nested IP layers and IPv6 extension headers',
    });
    expect(d.pinfo.info).toMatch(/\[Malformed Packet\]/);
  });

  it('10,000 IPv4-in-IPv4 layers: 49 are shown, the last malformed', () => {
    const p = nest(10_000, (_, n) => ipv4Header(4, n), ipv4(17, UDP));
    const d = dissectTimed([...ETH, 0x08, 0x00, ...p]);
    expect(d.pinfo.protocols.filter((x) => x === 'ip').length).toBe(49);
    expect(d.pinfo.malformed?.reason).toBe('more than 48 nested IP layers and IPv6 extension headers');
  });

  it('IPv6 in IPv4 in IPv6 …, 5,000 deep, is held by the same limit', () => {
    const p = nest(5000, (i, n) => (i % 2 === 0 ? ipv4Header(41, n) : ipv6Header(4, n)), ipv4(17, UDP));
    const d = dissectTimed([...ETH, 0x08, 0x00, ...p]);
    expect(d.pinfo.malformed?.reason).toMatch(/more than 48 nested IP layers/);
  });

  it('ICMP errors quoting ICMP errors 3,000 deep stop at the IP limit', () => {
    const p = nest(3000, (_, n) => [...ipv4Header(1, n + 8), 3, 1, 0, 0, 0, 0, 0, 0], ipv4(17, UDP));
    const d = dissectTimed([...ETH, 0x08, 0x00, ...p]);
    expect(d.pinfo.malformed?.reason).toMatch(/more than 48 nested IP layers/);
    expect(d.pinfo.protocol).toBe('ICMP');
  });

  it('a DNS answer whose names chain 16,000 compression pointers, and pointer loops, end in bounded time', () => {
    // Each pointer points at the one before it; answers name the last, the longest chain.
    const header = [0x12, 0x34, 0x81, 0x80, ...u16(0), ...u16(2000), 0, 0, 0, 0];
    const chain: number[] = [0x01, 0x61, 0x00];
    for (let i = 1; i < 16_000; i++) chain.push(0xc0 | ((12 + 3 + (i - 1) * 2) >>> 8), (12 + 3 + (i - 1) * 2) & 0xff);
    const last = 12 + chain.length - 2;
    const answers: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const to = i % 2 === 0 ? last : 12 + chain.length + answers.length; // odd ones point at themselves
      answers.push(0xc0 | ((to >>> 8) & 0x3f), to & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1);
    }
    const dns = [...header, ...chain, ...answers];
    const udp = [0x00, 0x35, 0x04, 0xd2, ...u16(8 + dns.length), 0, 0, ...dns];
    const d = dissectTimed([...ETH, 0x08, 0x00, ...ipv4(17, udp)]);
    expect(d.pinfo.protocols).toContain('dns');
  });
});
