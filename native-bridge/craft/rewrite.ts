import { parseIpv4, parseIpv6, parseMac } from './address.js';
import { updateChecksum, updateChecksum32 } from '../common/index.js';
import { read16, read32, write16, write32 } from './bytes.js';
import { BuildError } from './errors.js';
import type { FrameLayout } from './locate.js';

/**
 * In-place rewrites of existing frames (`ip.dst=127.0.0.2,udp.dstport=9`): each field is
 * changed in the frame's own bytes and every checksum covering it is updated incrementally
 * (RFC 1624), never recomputed over the payload, never copied. Fields are Wireshark's names.
 */

const ETH_SRC = 0,
  ETH_DST = 1,
  IP_SRC = 2,
  IP_DST = 3,
  IP_TTL = 4,
  IP_DSFIELD = 5,
  IPV6_SRC = 6,
  IPV6_DST = 7,
  IPV6_HLIM = 8;
const TCP_SRCPORT = 9,
  TCP_DSTPORT = 10,
  UDP_SRCPORT = 11,
  UDP_DSTPORT = 12;

const FIELDS: Readonly<Record<string, [number, 'mac' | 'ipv4' | 'ipv6' | 'u8' | 'u16']>> = {
  'eth.src': [ETH_SRC, 'mac'],
  'eth.dst': [ETH_DST, 'mac'],
  'ip.src': [IP_SRC, 'ipv4'],
  'ip.dst': [IP_DST, 'ipv4'],
  'ip.ttl': [IP_TTL, 'u8'],
  'ip.dsfield': [IP_DSFIELD, 'u8'],
  'ipv6.src': [IPV6_SRC, 'ipv6'],
  'ipv6.dst': [IPV6_DST, 'ipv6'],
  'ipv6.hlim': [IPV6_HLIM, 'u8'],
  'tcp.srcport': [TCP_SRCPORT, 'u16'],
  'tcp.dstport': [TCP_DSTPORT, 'u16'],
  'udp.srcport': [UDP_SRCPORT, 'u16'],
  'udp.dstport': [UDP_DSTPORT, 'u16'],
};

export const REWRITABLE_FIELDS: readonly string[] = Object.keys(FIELDS);

interface Rule {
  field: string;
  kind: number;
  num: number;
  bytes: Uint8Array;
}

function badRewrite(text: string, why: string): BuildError {
  return new BuildError(
    'BUILD_BAD_REWRITE',
    `--rewrite "${text}": ${why}`,
    `write FIELD=VALUE pairs separated by commas; fields: ${REWRITABLE_FIELDS.join(', ')}`,
  );
}

export class Rewriter {
  readonly #rules: Rule[];

  constructor(rules: readonly { field: string; value: string }[]) {
    this.#rules = rules.map(({ field, value }) => {
      const def = FIELDS[field];
      const text = `${field}=${value}`;
      if (def === undefined) throw badRewrite(text, `${field} cannot be rewritten`);
      const [kind, type] = def;
      try {
        switch (type) {
          case 'mac':
            return { field, kind, num: 0, bytes: parseMac(value, field) };
          case 'ipv6':
            return { field, kind, num: 0, bytes: parseIpv6(value, field) };
          case 'ipv4':
            return { field, kind, num: parseIpv4(value, field), bytes: new Uint8Array(0) };
          default: {
            const n = /^(0x[0-9a-f]+|\d+)$/i.test(value) ? Number(value) : NaN;
            const max = type === 'u8' ? 255 : 65535;
            if (!(n >= 0 && n <= max)) throw badRewrite(text, `expected an integer 0..${max}`);
            return { field, kind, num: n, bytes: new Uint8Array(0) };
          }
        }
      } catch (e) {
        if (e instanceof BuildError && e.code === 'BUILD_BAD_SPEC') throw badRewrite(text, e.message.replace(/;.*$/, ''));
        throw e;
      }
    });
  }

  /** Parses "ip.dst=127.0.0.2,udp.dstport=9". */
  static parse(text: string): Rewriter {
    const pairs = text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (pairs.length === 0) throw badRewrite(text, 'no FIELD=VALUE pairs');
    return new Rewriter(
      pairs.map((p) => {
        const eq = p.indexOf('=');
        if (eq <= 0) throw badRewrite(p, 'expected FIELD=VALUE');
        return { field: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() };
      }),
    );
  }

  get fields(): string[] {
    return this.#rules.map((r) => r.field);
  }

  /** Rewrites the fields this frame has (per `layout`, from `locate`); returns how many changed. */
  apply(b: Uint8Array, layout: FrameLayout): number {
    let n = 0;
    const rules = this.#rules;
    for (let i = 0; i < rules.length; i++) if (applyRule(b, layout, rules[i]!)) n++;
    return n;
  }
}

/** Where the transport checksum of this frame is, -1 when there is none to keep right. */
function l4ChecksumAt(b: Uint8Array, L: FrameLayout, pseudo: boolean): number {
  const at = L.l4At;
  if (at < 0) return -1;
  switch (L.l4Proto) {
    case 6:
      return at + 18 <= b.length ? at + 16 : -1;
    case 17:
      // IPv4 UDP without a checksum (0) stays without one.
      return at + 8 <= b.length && !(L.ipVersion === 4 && read16(b, at + 6) === 0) ? at + 6 : -1;
    case 58:
      return at + 4 <= b.length ? at + 2 : -1;
    case 1:
      return !pseudo && at + 4 <= b.length ? at + 2 : -1; // ICMPv4 has no pseudo-header
    default:
      return -1;
  }
}

function fix16(b: Uint8Array, csumAt: number, oldWord: number, newWord: number, udp: boolean): void {
  if (csumAt < 0) return;
  const c = updateChecksum(read16(b, csumAt), oldWord, newWord);
  write16(b, csumAt, udp && c === 0 ? 0xffff : c);
}

function fix32(b: Uint8Array, csumAt: number, oldValue: number, newValue: number, udp: boolean): void {
  if (csumAt < 0) return;
  const c = updateChecksum32(read16(b, csumAt), oldValue, newValue);
  write16(b, csumAt, udp && c === 0 ? 0xffff : c);
}

function applyRule(b: Uint8Array, L: FrameLayout, r: Rule): boolean {
  const net = L.netAt;
  const udp = L.l4Proto === 17;
  switch (r.kind) {
    case ETH_SRC:
    case ETH_DST: {
      if (L.ethAt < 0) return false;
      const at = L.ethAt + (r.kind === ETH_DST ? 0 : 6);
      for (let i = 0; i < 6; i++) b[at + i] = r.bytes[i]!;
      return true;
    }
    case IP_SRC:
    case IP_DST: {
      if (L.ipVersion !== 4) return false;
      const at = net + (r.kind === IP_SRC ? 12 : 16);
      const old = read32(b, at);
      write32(b, at, r.num);
      fix32(b, net + 10, old, r.num, false);
      fix32(b, l4ChecksumAt(b, L, true), old, r.num, udp);
      return true;
    }
    case IP_TTL:
    case IP_DSFIELD: {
      if (L.ipVersion !== 4) return false;
      const at = net + (r.kind === IP_TTL ? 8 : 0);
      const oldWord = read16(b, at);
      const newWord = r.kind === IP_TTL ? (r.num << 8) | (oldWord & 0xff) : (oldWord & 0xff00) | r.num;
      write16(b, at, newWord);
      fix16(b, net + 10, oldWord, newWord, false);
      return true;
    }
    case IPV6_SRC:
    case IPV6_DST: {
      if (L.ipVersion !== 6) return false;
      const at = net + (r.kind === IPV6_SRC ? 8 : 24);
      // A routed packet's checksum covers the final destination, not this hop's ipv6.dst.
      const csumAt = r.kind === IPV6_DST && L.routed ? -1 : l4ChecksumAt(b, L, true);
      for (let w = 0; w < 16; w += 2) {
        const oldWord = read16(b, at + w);
        const newWord = (r.bytes[w]! << 8) | r.bytes[w + 1]!;
        write16(b, at + w, newWord);
        fix16(b, csumAt, oldWord, newWord, udp);
      }
      return true;
    }
    case IPV6_HLIM:
      if (L.ipVersion !== 6) return false;
      b[net + 7] = r.num;
      return true;
    default: {
      const proto = r.kind === TCP_SRCPORT || r.kind === TCP_DSTPORT ? 6 : 17;
      if (L.l4Proto !== proto || L.l4At < 0 || L.l4At + (proto === 6 ? 18 : 8) > b.length) return false;
      const at = L.l4At + (r.kind === TCP_SRCPORT || r.kind === UDP_SRCPORT ? 0 : 2);
      const oldWord = read16(b, at);
      write16(b, at, r.num);
      fix16(b, l4ChecksumAt(b, L, true), oldWord, r.num, udp);
      return true;
    }
  }
}
