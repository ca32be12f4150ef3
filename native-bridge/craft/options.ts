import { parseIpv4 } from './address.js';
import { write32 } from './bytes.js';
import { badSpec } from './errors.js';
import type { Ipv4Option, TcpOptionsSpec } from './spec.js';

/**
 * IPv4 and TCP options, encoded once when a packet is made (their layout is fixed; values that
 * change per packet, like TCP timestamps, are patched at a known offset).
 */

const pad4 = (n: number): number => (n + 3) & ~3;

export interface EncodedIpv4Options {
  /** Every option, padded with EOL to a multiple of 4. */
  all: Uint8Array;
  /** Only options with the copy flag (RFC 791: repeated in every fragment after the first). */
  copied: Uint8Array;
}

function ipv4Option(o: Ipv4Option, i: number): number[] {
  const field = `ip.options[${i}]`;
  switch (o.type) {
    case 'nop':
      return [1];
    case 'eol':
      return [0];
    case 'ra':
      return [0x94, 4, ((o.value ?? 0) >>> 8) & 0xff, (o.value ?? 0) & 0xff];
    case 'rr': {
      if (!Number.isInteger(o.slots) || o.slots < 1 || o.slots > 9) throw badSpec(`${field}.slots`, o.slots, '1..9 address slots');
      const addrs = o.addresses ?? [];
      if (addrs.length > o.slots) throw badSpec(`${field}.addresses`, addrs.length, `at most ${o.slots} addresses`);
      const out = [7, 3 + 4 * o.slots, 4 + 4 * addrs.length];
      for (let s = 0; s < o.slots; s++) {
        const a = s < addrs.length ? parseIpv4(addrs[s]!, `${field}.addresses[${s}]`) : 0;
        out.push(a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
      }
      return out;
    }
    case 'raw':
      if (!Number.isInteger(o.kind) || o.kind < 2 || o.kind > 255) throw badSpec(`${field}.kind`, o.kind, 'an option kind 2..255');
      return [o.kind, 2 + o.data.length, ...o.data];
  }
}

export function encodeIpv4Options(list: readonly Ipv4Option[] | undefined): EncodedIpv4Options {
  const all: number[] = [];
  const copied: number[] = [];
  (list ?? []).forEach((o, i) => {
    const bytes = ipv4Option(o, i);
    all.push(...bytes);
    if ((bytes[0]! & 0x80) !== 0) copied.push(...bytes);
  });
  if (all.length > 40) throw badSpec('ip.options', `${all.length} bytes`, 'at most 40 bytes of options');
  const padded = (b: number[]) => {
    const out = new Uint8Array(pad4(b.length));
    out.set(b);
    return out;
  };
  return { all: padded(all), copied: padded(copied) };
}

export interface EncodedTcpOptions {
  bytes: Uint8Array;
  /** Offset of tsval inside `bytes` (tsecr follows), -1 without the timestamps option. */
  tsAt: number;
}

/** Linux's order: MSS, SACK permitted, timestamps, window scale, SACK; NOPs align the 4-byte fields. */
export function encodeTcpOptions(spec: TcpOptionsSpec | Uint8Array | undefined): EncodedTcpOptions {
  if (spec === undefined) return { bytes: new Uint8Array(0), tsAt: -1 };
  if (spec instanceof Uint8Array) {
    if (spec.length > 40 || spec.length % 4 !== 0)
      throw badSpec('tcp.options', `${spec.length} bytes`, 'a multiple of 4, at most 40 bytes');
    return { bytes: spec.slice(), tsAt: -1 };
  }
  const out: number[] = [];
  let tsAt = -1;
  if (spec.mss !== undefined) {
    if (!Number.isInteger(spec.mss) || spec.mss < 0 || spec.mss > 0xffff) throw badSpec('tcp.options.mss_val', spec.mss, '0..65535');
    out.push(2, 4, spec.mss >>> 8, spec.mss & 0xff);
  }
  if (spec.timestamp !== undefined) {
    if (spec.sack_perm) out.push(4, 2);
    else out.push(1, 1);
    out.push(8, 10);
    tsAt = out.length;
    out.push(0, 0, 0, 0, 0, 0, 0, 0);
  } else if (spec.sack_perm) {
    out.push(1, 1, 4, 2);
  }
  if (spec.wscale !== undefined) {
    if (!Number.isInteger(spec.wscale) || spec.wscale < 0 || spec.wscale > 14)
      throw badSpec('tcp.options.wscale.shift', spec.wscale, '0..14');
    out.push(1, 3, 3, spec.wscale);
  }
  if (spec.sack !== undefined && spec.sack.length > 0) {
    out.push(1, 1, 5, 2 + 8 * spec.sack.length);
    for (const [le, re] of spec.sack) {
      const at = out.length;
      out.push(0, 0, 0, 0, 0, 0, 0, 0);
      const tmp = new Uint8Array(8);
      write32(tmp, 0, le >>> 0);
      write32(tmp, 4, re >>> 0);
      for (let k = 0; k < 8; k++) out[at + k] = tmp[k]!;
    }
  }
  if (out.length > 40) throw badSpec('tcp.options', `${out.length} bytes`, 'at most 40 bytes of options (fewer SACK blocks)');
  const bytes = new Uint8Array(pad4(out.length)); // padded with EOL (0)
  bytes.set(out);
  return { bytes, tsAt };
}

const TCP_FLAG_LETTERS: Readonly<Record<string, number>> = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  A: 0x10,
  U: 0x20,
  E: 0x40,
  C: 0x80,
  N: 0x100,
};

export function tcpFlags(v: number | string | undefined): number {
  if (v === undefined) return 0x010;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0x1ff) throw badSpec('tcp.flags', v, '0..0x1ff');
    return v;
  }
  let f = 0;
  for (const c of v.toUpperCase()) {
    const bit = TCP_FLAG_LETTERS[c];
    if (bit === undefined) throw badSpec('tcp.flags', v, 'letters from F S R P A U E C N');
    f |= bit;
  }
  return f;
}
