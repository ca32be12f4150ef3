import { badSpec } from './errors.js';

/** Addresses as the builders keep them: MAC and IPv6 as bytes, IPv4 as an unsigned 32-bit number. */
export type MacInput = string | Uint8Array;
export type Ipv4Input = string | number;
export type Ipv6Input = string | Uint8Array;

export function parseMac(v: MacInput, field: string): Uint8Array {
  if (v instanceof Uint8Array) {
    if (v.length !== 6) throw badSpec(field, `${v.length} bytes`, 'a 6-byte MAC address');
    return v.slice();
  }
  const parts = typeof v === 'string' ? v.split(/[:-]/) : [];
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p)))
    throw badSpec(field, v, 'a MAC address like 02:00:00:00:00:01');
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

export function parseIpv4(v: Ipv4Input, field: string): number {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw badSpec(field, v, 'an IPv4 address (0..2^32-1 or dotted quad)');
    return v >>> 0;
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v);
  const parts = m ? m.slice(1).map(Number) : [];
  if (parts.length !== 4 || parts.some((p) => p > 255)) throw badSpec(field, v, 'an IPv4 address like 192.0.2.1');
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function parseIpv6(v: Ipv6Input, field: string): Uint8Array {
  if (v instanceof Uint8Array) {
    if (v.length !== 16) throw badSpec(field, `${v.length} bytes`, 'a 16-byte IPv6 address');
    return v.slice();
  }
  const bad = () => badSpec(field, v, 'an IPv6 address like 2001:db8::1');
  let text = v;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const a = parseIpv4(v4[2]!, field);
    tail.push(a >>> 16, a & 0xffff);
    text = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const words = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  const gap = 8 - head.length - rest.length - tail.length;
  if (
    head.some(Number.isNaN) ||
    rest.some(Number.isNaN) ||
    gap < 0 ||
    (halves.length === 1 && gap !== 0) ||
    (halves.length === 2 && gap < 1)
  )
    throw bad();
  const all = [...head, ...new Array<number>(gap).fill(0), ...rest, ...tail];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >>> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

export function ipv4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
}
