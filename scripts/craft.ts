/**
 * Minimal ad-hoc frame crafting: Ethernet, IPv4/IPv6, TCP, UDP, ICMP with correct checksums,
 * one new array per layer. The sample and benchmark captures no longer use it: they are
 * native-bridge/generate's recipes (recipes.ts), built with the packet builders
 * (native-bridge/build). What still imports it: hand-made test frames (test/dissect,
 * test/follow, test/fixtures/dissect/build.ts), bench/build.ts as the builders' "ad-hoc peer",
 * and test/generate/recipes.test.ts, which checks the recipes still give the bytes this
 * crafting gave.
 */

export type Ip4 = [number, number, number, number];

function sum16(bytes: Uint8Array, start: number, end: number, acc = 0): number {
  for (let i = start; i + 1 < end; i += 2) acc += (bytes[i]! << 8) | bytes[i + 1]!;
  if ((end - start) & 1) acc += bytes[end - 1]! << 8;
  return acc;
}

function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return ~acc & 0xffff;
}

export function mac(s: string): number[] {
  return s.split(':').map((h) => parseInt(h, 16));
}

export function ip6(s: string): number[] {
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

export function ethernet(dst: string, src: string, etherType: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(14 + payload.length);
  f.set(mac(dst), 0);
  f.set(mac(src), 6);
  f[12] = etherType >> 8;
  f[13] = etherType & 0xff;
  f.set(payload, 14);
  return f;
}

export function ipv4(src: Ip4, dst: Ip4, proto: number, payload: Uint8Array, id = 0): Uint8Array {
  const p = new Uint8Array(20 + payload.length);
  const total = p.length;
  p.set([0x45, 0, total >> 8, total & 0xff, (id >> 8) & 0xff, id & 0xff, 0x40, 0, 64, proto, 0, 0, ...src, ...dst]);
  const c = fold(sum16(p, 0, 20));
  p[10] = c >> 8;
  p[11] = c & 0xff;
  p.set(payload, 20);
  fixL4Checksum(p, 20, proto, [...src], [...dst], payload.length);
  return p;
}

export function ipv6(src: string, dst: string, next: number, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(40 + payload.length);
  const s = ip6(src);
  const d = ip6(dst);
  p.set([0x60, 0, 0, 0, payload.length >> 8, payload.length & 0xff, next, 64, ...s, ...d]);
  p.set(payload, 40);
  fixL4Checksum(p, 40, next, s, d, payload.length);
  return p;
}

/** Fills in the TCP/UDP/ICMPv6 checksum over the pseudo-header, or ICMPv4's plain one. */
function fixL4Checksum(p: Uint8Array, off: number, proto: number, src: number[], dst: number[], len: number): void {
  const at = proto === 6 ? 16 : proto === 17 ? 6 : proto === 1 || proto === 58 ? 2 : -1;
  if (at < 0) return;
  let acc = 0;
  if (proto !== 1) {
    const pseudo = new Uint8Array([...src, ...dst, 0, proto, len >> 8, len & 0xff]);
    acc = sum16(pseudo, 0, pseudo.length);
  }
  const c = fold(sum16(p, off, off + len, acc));
  const v = proto === 17 && c === 0 ? 0xffff : c;
  p[off + at] = v >> 8;
  p[off + at + 1] = v & 0xff;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcp(
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  flags: number,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const t = new Uint8Array(20 + payload.length);
  const dv = new DataView(t.buffer);
  dv.setUint16(0, sport);
  dv.setUint16(2, dport);
  dv.setUint32(4, seq >>> 0);
  dv.setUint32(8, ack >>> 0);
  t[12] = 5 << 4;
  t[13] = flags;
  dv.setUint16(14, 65535);
  t.set(payload, 20);
  return t;
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const u = new Uint8Array(8 + payload.length);
  const dv = new DataView(u.buffer);
  dv.setUint16(0, sport);
  dv.setUint16(2, dport);
  dv.setUint16(4, u.length);
  u.set(payload, 8);
  return u;
}

export function icmpEcho(type: number, id: number, seq: number, payload: Uint8Array): Uint8Array {
  const m = new Uint8Array(8 + payload.length);
  m[0] = type;
  m.set([id >> 8, id & 0xff, seq >> 8, seq & 0xff], 4);
  m.set(payload, 8);
  return m;
}

export function dnsQuery(id: number, name: string, answer?: Ip4): Uint8Array {
  const labels = name.split('.').flatMap((l) => [l.length, ...Buffer.from(l, 'ascii')]);
  const question = [...labels, 0, 0, 1, 0, 1];
  const head = [id >> 8, id & 0xff, answer ? 0x81 : 0x01, answer ? 0x80 : 0x00, 0, 1, 0, answer ? 1 : 0, 0, 0, 0, 0];
  const ans = answer ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, ...answer] : [];
  return new Uint8Array([...head, ...question, ...ans]);
}

export function ascii(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** The generator's seeded PRNG (mulberry32), so hand-made frames and generated captures draw alike. */
export { prng } from '../native-bridge/generate/index.js';
