/**
 * The benchmark's peer for the packet builders (bench/craft.ts): packets crafted the ad-hoc way,
 * one new array per layer, checksums summed over the finished bytes (the code of the former
 * scripts/craft.ts, as the published numbers measured it). It lives here because it is only the
 * thing the builders race (house rule 8); nothing else uses it: tests, scripts and the generator
 * make packets with native-bridge/craft.
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

function mac(s: string): number[] {
  return s.split(':').map((h) => parseInt(h, 16));
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
