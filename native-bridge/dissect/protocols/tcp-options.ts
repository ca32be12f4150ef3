import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { TCP } from './tcp-fields.js';

/**
 * TCP options (RFC 9293, 7323, 2018): kind, length, value, except EOL (0) and NOP (1). Every
 * step consumes at least one byte, and a length below 2 or past the header ends the walk with an
 * "invalid length" mark, so a crafted option list cannot stall the decoder.
 */
export interface TcpOptionSummary {
  mss: number;
  /** Window scale shift, -1 when absent. */
  wscale: number;
  sackPerm: boolean;
  tsval: number;
  tsecr: number;
  hasTs: boolean;
  /** SACK blocks (raw sequence numbers: left, right, left, right...). */
  sack: number[];
  /** Raw sequence number SACK edges are shown relative to (the peer's base), -1 for raw. */
  sackBase: number;
  /** Info-column text of the options, in the order they appear (` MSS=1460 SACK_PERM ...`). */
  info: string;
  /** A Multipath TCP option (kind 30) is there: TShark decodes it as a protocol of its own (`mptcp`). */
  mptcp: boolean;
}

export function newOptionSummary(): TcpOptionSummary {
  return { mss: -1, wscale: -1, sackPerm: false, tsval: 0, tsecr: 0, hasTs: false, sack: [], sackBase: -1, info: '', mptcp: false };
}

const NAMES: Readonly<Record<number, string>> = {
  0: 'End of Option List (EOL)',
  1: 'No-Operation (NOP)',
  2: 'Maximum segment size',
  3: 'Window scale',
  4: 'SACK permitted',
  5: 'SACK',
  8: 'Timestamps',
  19: 'MD5 signature',
  28: 'User Timeout',
  29: 'TCP Authentication Option',
  30: 'Multipath TCP',
  34: 'TCP Fast Open Cookie',
  253: 'RFC3692-style Experiment 1',
  254: 'RFC3692-style Experiment 2',
};

/** SACK blocks a segment's analysis counts (Wireshark's MAX_TCP_SACK_RANGES). */
const MAX_SACK_RANGES = 4;

/**
 * The length of the option at `o` for the walks without a tree (a NOP is 1), or 0 where the walk
 * stops: the end, End of Option List, or a length that is not one or runs past the header.
 */
function optionLength(b: Uint8Array, o: number): number {
  if (o >= b.length || b[o] === 0) return 0;
  if (b[o] === 1) return 1;
  if (o + 1 >= b.length) return 0;
  const len = b[o + 1]!;
  return len < 2 || o + len > b.length ? 0 : len;
}

/**
 * Bytes the options' SACK blocks report received (right edge less left edge, summed over the
 * first four blocks, modulo 2^32), found by the same walk as offeredWindowScale: what the other
 * side's bytes in flight leave out.
 */
export function sackedBytes(tvb: Tvb): number {
  const b = tvb.bytes;
  let sum = 0;
  for (let o = 0, len = optionLength(b, 0); len > 0; o += len, len = optionLength(b, o)) {
    if (b[o] === 5) {
      sum = 0;
      for (let i = 0; i < MAX_SACK_RANGES && o + 2 + i * 8 + 8 <= o + len; i++) {
        const at = o + 2 + i * 8;
        sum = (sum + tvb.u32(at + 4) - tvb.u32(at)) >>> 0;
      }
    }
  }
  return sum;
}

/**
 * The window scale shift the options offer (-1: none), found by the same walk as
 * dissectTcpOptions (the last well-formed option wins), without a tree: TCP needs it to decide
 * a SYN's window scale before it shows the options.
 */
export function offeredWindowScale(tvb: Tvb): number {
  const b = tvb.bytes;
  let shift = -1;
  for (let o = 0, len = optionLength(b, 0); len > 0; o += len, len = optionLength(b, o)) {
    if (b[o] === 3 && len === 3) shift = b[o + 2]!;
  }
  return shift;
}

/**
 * A Multipath TCP option in `opt` (its own bytes; Wireshark's dissect_tcpopt_mptcp): the reads
 * for its subtype, which may run past the option (the frame is then malformed there).
 */
function mptcpOption(opt: Tvb): void {
  const len = opt.reported;
  const subtype = opt.u8(2) >> 4;
  switch (subtype) {
    case 0:
      opt.u8(3);
      if (len === 12 || len === 20) opt.u64(4);
      if (len === 20) opt.u64(12);
      break;
    case 1:
      if (len === 12) {
        opt.u8(3);
        opt.u8(4);
        opt.u32(5);
        opt.u32(9);
      } else if (len === 16) {
        opt.u8(3);
        opt.u8(4);
        opt.u64(5);
        opt.u32(13);
      } else if (len === 24) {
        opt.u16(3);
        opt.check(5, 20);
      }
      break;
    case 2: {
      const flags = opt.u8(3) & 0x1f;
      let at = 4;
      if (flags & 1) {
        if (flags & 2) opt.u64(at);
        else opt.u32(at);
        at += flags & 2 ? 8 : 4;
      }
      if (flags & 4) {
        if (flags & 8) opt.u64(at);
        else opt.u32(at);
        at += flags & 8 ? 8 : 4;
        opt.u32(at);
        opt.u16(at + 4);
        at += 6;
        if (len >= at + 4) opt.u16(at);
      }
      break;
    }
    case 3: {
      const ipver = opt.u8(2) & 0x0f;
      opt.u8(3);
      let at = 4;
      if (ipver === 4 || ipver === 6) {
        const n = ipver === 4 ? 4 : 16;
        opt.check(at, n);
        at += n;
      }
      if (len % 4 === 2) {
        opt.u16(at);
        at += 2;
      }
      if (len === 16 || len === 18 || len === 28 || len === 30) opt.u64(at);
      break;
    }
    case 4:
      for (let at = 3; at < len; at++) opt.u8(at);
      break;
    case 5:
      opt.u8(2);
      if (len === 4) opt.u8(3);
      break;
    case 6:
      opt.u16(2);
      opt.u64(4);
      break;
    case 7:
      opt.u16(2);
      opt.u64(4);
      break;
    case 8:
      opt.u8(2);
      opt.u8(3);
      break;
  }
}

export function dissectTcpOptions(tvb: Tvb, tree: ProtoTree, parent: number, out: TcpOptionSummary, pinfo?: PacketInfo): void {
  const f = TCP.f;
  const all = tree.add(parent, f.options, tvb, 0, tvb.length, tvb.bytes, `Options: (${tvb.length} bytes)`);
  let o = 0;
  while (o < tvb.length) {
    const kind = tvb.u8(o);
    if (kind === 0) {
      const n = tree.add(all, f['options.eol'], tvb, o, 1, undefined, 'TCP Option - End of Option List (EOL)');
      tree.add(n, f.option_kind, tvb, o, 1, kind);
      return;
    }
    if (kind === 1) {
      const n = tree.add(all, f['options.nop'], tvb, o, 1, undefined, 'TCP Option - No-Operation (NOP)');
      tree.add(n, f.option_kind, tvb, o, 1, kind);
      o++;
      continue;
    }
    const name = NAMES[kind] ?? `Unknown (${kind})`;
    // TShark's MPTCP option decoder is a protocol on the stack (`tcp:mptcp`), options only.
    if (kind === 30 && !out.mptcp) {
      out.mptcp = true;
      pinfo?.protocols.push('mptcp');
    }
    if (o + 1 >= tvb.length) {
      tree.add(all, f['option.len.invalid'], tvb, o, 1, undefined, `${name}: option length runs past the header`);
      return;
    }
    const len = tvb.u8(o + 1);
    if (len < 2 || o + len > tvb.length) {
      tree.add(all, f['option.len.invalid'], tvb, o, tvb.length - o, undefined, `${name}: invalid length ${len}`);
      return;
    }
    const field =
      kind === 2
        ? f['options.mss']
        : kind === 3
          ? f['options.wscale']
          : kind === 4
            ? f['options.sack_perm']
            : kind === 5
              ? f['options.sack']
              : kind === 8
                ? f['options.timestamp']
                : f['options.unknown'];
    const n = tree.add(all, field, tvb, o, len, undefined, `TCP Option - ${name}`);
    tree.add(n, f.option_kind, tvb, o, 1, kind);
    tree.add(n, f.option_len, tvb, o + 1, 1, len);
    if (kind === 30) {
      // Its decoder names the Protocol column (a payload's decoder may name it again).
      if (pinfo) pinfo.protocol = 'MPTCP';
      mptcpOption(tvb.sub(o, len));
    }
    switch (kind) {
      case 2:
        if (len === 4) {
          out.mss = tvb.u16(o + 2);
          tree.add(n, f['options.mss_val'], tvb, o + 2, 2, out.mss);
          tree.setText(n, `TCP Option - Maximum segment size: ${out.mss} bytes`);
          out.info += ` MSS=${out.mss}`;
        }
        break;
      case 3:
        if (len === 3) {
          out.wscale = tvb.u8(o + 2);
          tree.add(n, f['options.wscale.shift'], tvb, o + 2, 1, out.wscale);
          tree.add(n, f['options.wscale.multiplier'], tvb, o + 2, 1, 2 ** Math.min(out.wscale, 14));
          tree.setText(n, `TCP Option - Window scale: ${out.wscale} (multiply by ${2 ** Math.min(out.wscale, 14)})`);
          out.info += ` WS=${2 ** Math.min(out.wscale, 14)}`;
        }
        break;
      case 4:
        out.sackPerm = true;
        out.info += ' SACK_PERM';
        break;
      case 5: {
        const count = Math.floor((len - 2) / 8);
        for (let b = 0; b < count; b++) {
          const le = tvb.u32(o + 2 + b * 8);
          const re = tvb.u32(o + 6 + b * 8);
          out.sack.push(le, re);
          tree.add(n, f['options.sack_le'], tvb, o + 2 + b * 8, 4, le);
          tree.add(n, f['options.sack_re'], tvb, o + 6 + b * 8, 4, re);
          out.info += out.sackBase >= 0 ? ` SLE=${(le - out.sackBase) >>> 0} SRE=${(re - out.sackBase) >>> 0}` : ` SLE=${le} SRE=${re}`;
        }
        tree.add(n, f['options.sack.count'], tvb, o, 0, count);
        break;
      }
      case 8:
        if (len === 10) {
          out.hasTs = true;
          out.tsval = tvb.u32(o + 2);
          out.tsecr = tvb.u32(o + 6);
          tree.add(n, f['options.timestamp.tsval'], tvb, o + 2, 4, out.tsval);
          tree.add(n, f['options.timestamp.tsecr'], tvb, o + 6, 4, out.tsecr);
          tree.setText(n, `TCP Option - Timestamps: TSval ${out.tsval}, TSecr ${out.tsecr}`);
          out.info += ` TSval=${out.tsval} TSecr=${out.tsecr}`;
        }
        break;
    }
    o += len;
  }
}
