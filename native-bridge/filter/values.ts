/**
 * Literal parsing and value comparison helpers. Values use the dissector's representations
 * (see FieldType): numbers (bigint for 64-bit values), ipv4 as a u32 number, byte views for
 * ipv6/ether/bytes, [sec, nsec] for times.
 */

/** Decimal, 0x hex, 0b binary or leading-0 octal, with an optional sign; bigint past 2^53. */
export function parseInteger(text: string): number | bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9A-Fa-f]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xXbB]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1 && body[0] === '0') v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** A decimal or scientific floating-point number (also hex integers). */
export function parseDouble(text: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const i = parseInteger(text);
  return i === undefined ? undefined : Number(i);
}

export interface Ipv4Literal {
  readonly addr: number;
  /** Prefix length (32 unless written as CIDR). */
  readonly bits: number;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

export function parseIpv4(text: string): Ipv4Literal | undefined {
  const [addr, bits] = splitPrefix(text, 32);
  const m = IPV4.exec(addr);
  if (!m || bits === undefined) return undefined;
  const v = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  return { addr: (v & ipv4Mask(bits)) >>> 0, bits };
}

export function ipv4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export interface Ipv6Literal {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

export function parseIpv6(text: string): Ipv6Literal | undefined {
  const [addr, bits] = splitPrefix(text, 128);
  if (bits === undefined || !addr.includes(':')) return undefined;
  const bytes = ipv6Bytes(addr);
  if (!bytes) return undefined;
  // Bits past the prefix do not take part in the comparison: clear them once here.
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i]! &= (0xff00 >> keep) & 0xff;
  }
  return { bytes, bits };
}

function ipv6Bytes(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4 || p.includes('/')) return undefined;
        out.push(v4.addr >>> 16, v4.addr & 0xffff);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** `addr/bits` → [addr, bits]; bits undefined when it is not a number in 0..max. */
function splitPrefix(text: string, max: number): [string, number | undefined] {
  const slash = text.indexOf('/');
  if (slash < 0) return [text, max];
  const bits = text.slice(slash + 1);
  const n = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  return [text.slice(0, slash), n >= 0 && n <= max ? n : undefined];
}

/** The prefix length written after `/`, if any (for "too long" messages). */
export function prefixOf(text: string): string | undefined {
  const slash = text.indexOf('/');
  return slash < 0 ? undefined : text.slice(slash + 1);
}

/**
 * Hex bytes: `aa:bb:cc`, `aa-bb-cc`, `aa.bb.cc` (one or two digits each), `aabb.ccdd` groups
 * (Cisco MAC notation) or a plain even run `aabbcc`.
 */
export function parseBytes(text: string): Uint8Array | undefined {
  if (/^[0-9A-Fa-f]{1,2}([:.-][0-9A-Fa-f]{1,2})*$/.test(text)) return Uint8Array.from(text.split(/[:.-]/), (b) => parseInt(b, 16));
  if (/^([0-9A-Fa-f]{2})+([.:-]([0-9A-Fa-f]{2})+)*$/.test(text)) {
    const hex = text.replace(/[.:-]/g, '');
    return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  }
  return undefined;
}

/** A time literal in seconds (`1700000000.016547411`, `-1.5`) as exact [sec, nsec]. */
export function parseSeconds(text: string): [number, number] | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d{0,9})\d*)?$/.exec(text);
  if (!m) return undefined;
  let sec = Number(m[2]);
  let nsec = Number((m[3] ?? '').padEnd(9, '0'));
  if (m[1] === '-') {
    // −1.5 s is [−2 s, +0.5 s]: the fraction stays positive, as in the dissector's values.
    sec = -sec;
    if (nsec > 0) {
      sec -= 1;
      nsec = 1e9 - nsec;
    }
  }
  return Number.isSafeInteger(sec) ? [sec, nsec] : undefined;
}

/**
 * An ISO 8601 date and time (`2020-07-04T12:34:56.5Z`, `2020-07-04 12:34:56`), local time
 * unless it ends in `Z`, `UTC` or an offset, as Wireshark reads it.
 */
export function parseDate(text: string): [number, number] | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9})\d*)?)?)?\s*(Z|UTC|[+-]\d\d:?\d\d)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  let ms: number;
  const zone = m[8];
  if (zone === undefined) ms = new Date(y, mo - 1, d, h, mi, s).getTime();
  else {
    ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (zone !== 'Z' && zone !== 'UTC') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  }
  if (!Number.isFinite(ms) || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return [Math.floor(ms / 1000), Number((m[7] ?? '').padEnd(9, '0'))];
}

/** Compares times [sec, nsec]; an invalid fraction (≥ 1e9, kept from the file) carries into seconds. */
export function compareTime(a: readonly [number, number], b: readonly [number, number]): number {
  let as = a[0];
  let an = a[1];
  if (an >= 1e9) {
    as += Math.floor(an / 1e9);
    an %= 1e9;
  }
  return as !== b[0] ? as - b[0] : an - b[1];
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** memcmp order; a prefix sorts first. */
export function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function bytesContain(hay: Uint8Array, needle: Uint8Array): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const first = needle[0]!;
  const last = hay.length - n;
  outer: for (let i = hay.indexOf(first); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Does `v` (16 bytes) fall in the prefix `lit`? */
export function ipv6InPrefix(v: Uint8Array, lit: Ipv6Literal): boolean {
  const full = lit.bits >> 3;
  const b = lit.bytes;
  for (let i = 0; i < full; i++) if (v[i] !== b[i]) return false;
  const rest = lit.bits & 7;
  return rest === 0 || (v[full]! & ((0xff00 >> rest) & 0xff)) === b[full];
}

/** Bytes as text, one character per byte (how a regular expression sees raw bytes). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
