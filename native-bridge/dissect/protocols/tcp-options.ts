import { addExpert } from '../core/expert-info.js';
import { hex } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { ACK, SYN } from './tcp-analysis.js';
import { TCP, TCP_EXPERT } from './tcp-fields.js';

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
  172: 'Accurate ECN Order 0',
  174: 'Accurate ECN Order 1',
  253: 'RFC3692-style Experiment 1',
  254: 'RFC3692-style Experiment 2',
};

/** RFC 6994 experiment identifiers TShark 4.0 decodes in the experimental options (kinds 253, 254). */
const EXID_FAST_OPEN = 0xf989;
const EXID_ACC_ECN_0 = 0xacc0;
const EXID_ACC_ECN_1 = 0xacc1;
const EXID_NAMES: Readonly<Record<number, string>> = {
  [EXID_FAST_OPEN]: 'Fast Open',
  [EXID_ACC_ECN_0]: 'Accurate ECN - Order 0',
  [EXID_ACC_ECN_1]: 'Accurate ECN - Order 1',
};
/** Accurate ECN's byte counters, 24 bits each, in the order of each option kind (Order 1 starts with ECT(1)). */
const ACC_ECN_ORDER: readonly (readonly ['ee0b' | 'eceb' | 'ee1b', string][])[] = [
  [
    ['ee0b', 'EE0B'],
    ['eceb', 'ECEB'],
    ['ee1b', 'EE1B'],
  ],
  [
    ['ee1b', 'EE1B'],
    ['eceb', 'ECEB'],
    ['ee0b', 'EE0B'],
  ],
];

/**
 * TCP Fast Open (RFC 7413) from `o`, `len` bytes after the kind, length (and experiment id): none
 * is a cookie request (` TFO=R` in Info), else a cookie (` TFO=C`), noted on a SYN without ACK (`synOnly`).
 */
function fastOpen(tvb: Tvb, tree: ProtoTree, n: number, o: number, len: number, out: TcpOptionSummary, synOnly: boolean): void {
  const f = TCP.f;
  if (len === 0) {
    tree.add(n, f['options.tfo.request'], tvb, o, 0);
    out.info += ' TFO=R';
    return;
  }
  const cookie = tree.add(n, f['options.tfo.cookie'], tvb, o, len, tree.wants(f['options.tfo.cookie']) ? tvb.view(o, len) : undefined);
  if (synOnly) addExpert(tree, cookie, tvb, TCP_EXPERT['analysis.tfo_syn']);
  out.info += ' TFO=C';
}

/**
 * Accurate ECN's byte counters (draft-ietf-tcpm-accurate-ecn) from `o`, the `len` bytes after the
 * option's `head` (kind and length, and an experiment id), as TShark 4.0 shows them: a length
 * that is not 0, 3, 6 or 9 bytes is noted under the length node; else the counters there, in the
 * order of the option's kind, on the option's text (after `base`) and in Info (` EE0B=1 ECEB=0
 * EE1B=0`; ` AccECN` with none).
 */
function accurateEcn(
  tvb: Tvb,
  tree: ProtoTree,
  n: number,
  lenNode: number,
  at: { o: number; len: number; head: number },
  order: 0 | 1,
  out: TcpOptionSummary,
  base: string,
): void {
  const f = TCP.f;
  const { o, len, head } = at;
  if (len % 3 !== 0 || len > 9) {
    const should = `${head}, ${head + 3}, ${head + 6}, or ${head + 9}`;
    addExpert(tree, lenNode, tvb, TCP_EXPERT['option.len.invalid'], `option length should be ${should} instead of ${head + len}`);
    return;
  }
  if (len === 0) {
    if (tree.building) tree.setText(n, base);
    out.info += ' AccECN';
    return;
  }
  let text = '';
  for (let i = 0; i < len / 3; i++) {
    const [field, label] = ACC_ECN_ORDER[order]![i]!;
    const v = tvb.u24(o + 3 * i);
    tree.add(n, f[`options.acc_ecn.${field}`], tvb, o + 3 * i, 3, v);
    text += `${i > 0 ? ', ' : ''}${label} ${v}`;
    out.info += ` ${label}=${v}`;
  }
  if (tree.building) tree.setText(n, `${base} (Order ${order}): ${text}`);
}

/**
 * An RFC 6994 experimental option (kinds 253, 254) at `o`, `len` bytes long: its experiment id,
 * then Fast Open's or Accurate ECN's value as for their own kinds, or the data of another
 * experiment (` ExID=ABCD` in Info). One too short for the id is noted under its length.
 */
function experimental(
  tvb: Tvb,
  tree: ProtoTree,
  n: number,
  lenNode: number,
  o: number,
  len: number,
  out: TcpOptionSummary,
  synOnly: boolean,
): void {
  const f = TCP.f;
  if (len < 4) {
    addExpert(tree, lenNode, tvb, TCP_EXPERT['option.len.invalid'], `option length ${len} smaller than 4`);
    return;
  }
  const exid = tvb.u16(o + 2);
  const name = EXID_NAMES[exid] ?? 'Unknown';
  if (tree.building) tree.setText(n, `TCP Option - Experimental: ${name}`);
  tree.add(n, f['options.experimental.exid'], tvb, o + 2, 2, exid, `Experiment Identifier: ${name} (${hex(exid, 4)})`);
  if (exid === EXID_FAST_OPEN) fastOpen(tvb, tree, n, o + 4, len - 4, out, synOnly);
  else if (exid === EXID_ACC_ECN_0 || exid === EXID_ACC_ECN_1) {
    const base = `TCP Option - Experimental: ${name}: Accurate ECN`;
    accurateEcn(tvb, tree, n, lenNode, { o: o + 4, len: len - 4, head: 4 }, exid === EXID_ACC_ECN_0 ? 0 : 1, out, base);
  } else {
    const data = f['options.experimental.data'];
    if (len > 4) tree.add(n, data, tvb, o + 4, len - 4, tree.wants(data) ? tvb.view(o + 4, len - 4) : undefined);
    out.info += ` ExID=${exid.toString(16).toUpperCase()}`;
  }
}

/** The node of each option kind (the kinds decoded; others are `tcp.options.unknown`). */
const OPTION_FIELDS: Readonly<Record<number, (typeof TCP.f)[keyof typeof TCP.f]>> = {
  2: TCP.f['options.mss'],
  3: TCP.f['options.wscale'],
  4: TCP.f['options.sack_perm'],
  5: TCP.f['options.sack'],
  8: TCP.f['options.timestamp'],
  34: TCP.f['options.tfo'],
  172: TCP.f['options.acc_ecn'],
  174: TCP.f['options.acc_ecn'],
  253: TCP.f['options.experimental'],
  254: TCP.f['options.experimental'],
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

/**
 * Decodes the options in `tvb` under `parent`, filling `out`. `flags`, the segment's: a SYN
 * without a Maximum Segment Size option is noted (TShark's `tcp.options.mss.absent`), and Fast
 * Open's cookie on a SYN without ACK.
 */
export function dissectTcpOptions(tvb: Tvb, tree: ProtoTree, parent: number, out: TcpOptionSummary, pinfo?: PacketInfo, flags = 0): void {
  const all = tree.add(parent, TCP.f.options, tvb, 0, tvb.length, tvb.bytes, `Options: (${tvb.length} bytes)`);
  walkOptions(tvb, tree, all, out, pinfo, (flags & SYN) !== 0 && (flags & ACK) === 0);
  if (flags & SYN && out.mss < 0) addExpert(tree, all, tvb, TCP_EXPERT['options.mss.absent']);
}

/** The options one by one under `all` (see dissectTcpOptions); `synOnly`: a SYN without ACK. */
function walkOptions(tvb: Tvb, tree: ProtoTree, all: number, out: TcpOptionSummary, pinfo: PacketInfo | undefined, synOnly: boolean): void {
  const f = TCP.f;
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
    const field = OPTION_FIELDS[kind] ?? f['options.unknown'];
    const n = tree.add(all, field, tvb, o, len, undefined, `TCP Option - ${name}`);
    tree.add(n, f.option_kind, tvb, o, 1, kind);
    const lenNode = tree.add(n, f.option_len, tvb, o + 1, 1, len);
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
      case 34:
        if (tree.building) tree.setText(n, 'TCP Option - TCP Fast Open');
        fastOpen(tvb, tree, n, o + 2, len - 2, out, synOnly);
        break;
      case 172:
      case 174:
        accurateEcn(tvb, tree, n, lenNode, { o: o + 2, len: len - 2, head: 2 }, kind === 172 ? 0 : 1, out, 'TCP Option - Accurate ECN');
        break;
      case 253:
      case 254:
        experimental(tvb, tree, n, lenNode, o, len, out, synOnly);
        break;
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
