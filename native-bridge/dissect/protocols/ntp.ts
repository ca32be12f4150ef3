import { NTP_EPOCH_SECONDS } from '../../common/index.js';
import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex, ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Network Time Protocol (RFC 5905, UDP 123) as TShark 4.0 reads it: the flags; for the time
 * modes (1–5) the stratum, poll, precision, root delay and dispersion, reference id and the four
 * timestamps; for NTP's private mode 7 (ntpdc's requests) its header, with Info naming the
 * request (`NTP Version 2, private, Request, AUTHINFO`). Control messages (mode 6) show their
 * mode only. Info is `NTP Version 4, server`.
 */
const MODES = ['reserved', 'symmetric active', 'symmetric passive', 'client', 'server', 'broadcast', 'control', 'private'];
/** The mode field's names (Info uses the short ones above). */
const MODE_NAMES = [...MODES.slice(0, 6), 'reserved for NTP control message', 'reserved for private use'];
const VERSIONS = Object.fromEntries(Array.from({ length: 8 }, (_, v) => [v, `NTP Version ${v}`]));
const LEAP = [
  'no warning',
  'last minute of the day has 61 seconds',
  'last minute of the day has 59 seconds',
  'unknown (clock unsynchronized)',
];
const MODE_CONTROL = 6;
const MODE_PRIVATE = 7;
/** Mode 7 request codes (ntpd's ntp_request.h, as Wireshark names them). */
const REQUEST_CODES: Record<number, string> = {
  0: 'PEER_LIST',
  1: 'PEER_LIST_SUM',
  2: 'PEER_INFO',
  3: 'PEER_STATS',
  4: 'SYS_INFO',
  5: 'SYS_STATS',
  6: 'IO_STATS',
  7: 'MEM_STATS',
  8: 'LOOP_INFO',
  9: 'TIMER_STATS',
  10: 'CONFIG',
  11: 'UNCONFIG',
  12: 'SET_SYS_FLAG',
  13: 'CLR_SYS_FLAG',
  14: 'MONITOR',
  15: 'NOMONITOR',
  16: 'GET_RESTRICT',
  17: 'RESADDFLAGS',
  18: 'RESSUBFLAGS',
  19: 'UNRESTRICT',
  20: 'MON_GETLIST',
  21: 'RESET_STATS',
  22: 'RESET_PEER',
  23: 'REREAD_KEYS',
  24: 'DO_DIRTY_HACK',
  25: 'DONT_DIRTY_HACK',
  26: 'TRUSTKEY',
  27: 'UNTRUSTKEY',
  28: 'AUTHINFO',
  29: 'TRAPS',
  30: 'ADD_TRAP',
  31: 'CLR_TRAP',
  32: 'REQUEST_KEY',
  33: 'CONTROL_KEY',
  34: 'GET_CTLSTATS',
  35: 'GET_LEAPINFO',
  36: 'GET_CLOCKINFO',
  37: 'SET_CLKFUDGE',
  38: 'GET_KERNEL',
  39: 'GET_CLKBUGINFO',
  41: 'SET_PRECISION',
  42: 'MON_GETLIST_1',
  43: 'HOSTNAME_ASSOCID',
  44: 'IF_STATS',
  45: 'IF_RELOAD',
};
const IMPLEMENTATIONS: Record<number, string> = { 0: 'UNIV', 2: 'XNTPD_OLD', 3: 'XNTPD' };

const P = fieldTable.register('ntp', 'Network Time Protocol', [
  { abbrev: 'ntp.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ntp.flags.li', name: 'Leap Indicator', type: 'uint', bits: 8, mask: 0xc0, maskBits: 8, strings: { ...LEAP } },
  { abbrev: 'ntp.flags.vn', name: 'Version number', type: 'uint', bits: 8, mask: 0x38, maskBits: 8, strings: VERSIONS },
  { abbrev: 'ntp.flags.mode', name: 'Mode', type: 'uint', bits: 8, mask: 0x07, maskBits: 8, strings: { ...MODE_NAMES } },
  { abbrev: 'ntp.stratum', name: 'Peer Clock Stratum', type: 'uint', bits: 8 },
  { abbrev: 'ntp.ppoll', name: 'Peer Polling Interval', type: 'uint', bits: 8 },
  { abbrev: 'ntp.precision', name: 'Peer Clock Precision', type: 'uint', bits: 8 },
  { abbrev: 'ntp.rootdelay', name: 'Root Delay', type: 'uint', bits: 32 },
  { abbrev: 'ntp.rootdispersion', name: 'Root Dispersion', type: 'uint', bits: 32 },
  { abbrev: 'ntp.refid', name: 'Reference ID', type: 'bytes' },
  { abbrev: 'ntp.reftime', name: 'Reference Timestamp', type: 'time', timeFormat: 'ntp' },
  { abbrev: 'ntp.org', name: 'Origin Timestamp', type: 'time', timeFormat: 'ntp' },
  { abbrev: 'ntp.rec', name: 'Receive Timestamp', type: 'time', timeFormat: 'ntp' },
  { abbrev: 'ntp.xmt', name: 'Transmit Timestamp', type: 'time', timeFormat: 'ntp' },
  { abbrev: 'ntp.keyid', name: 'Key ID', type: 'bytes' },
  { abbrev: 'ntp.mac', name: 'Message Authentication Code', type: 'bytes' },
  {
    abbrev: 'ntp.priv.flags.r',
    name: 'Response bit',
    type: 'uint',
    bits: 8,
    mask: 0x80,
    maskBits: 8,
    strings: { 0: 'Request', 1: 'Response' },
  },
  { abbrev: 'ntp.priv.flags.more', name: 'More bit', type: 'uint', bits: 8, mask: 0x40, maskBits: 8 },
  { abbrev: 'ntp.priv.auth_seq', name: 'Auth, sequence', type: 'uint', bits: 8 },
  { abbrev: 'ntp.priv.auth', name: 'Auth bit', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
  { abbrev: 'ntp.priv.seq', name: 'Sequence number', type: 'uint', bits: 8, mask: 0x7f, maskBits: 8 },
  { abbrev: 'ntp.priv.impl', name: 'Implementation', type: 'uint', bits: 8, strings: IMPLEMENTATIONS },
  { abbrev: 'ntp.priv.reqcode', name: 'Request code', type: 'uint', bits: 8, strings: REQUEST_CODES },
  { abbrev: 'ntp.priv.err', name: 'Err', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ntp.priv.numitems', name: 'Number of data items', type: 'uint', bits: 16 },
  { abbrev: 'ntp.priv.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ntp.priv.itemsize', name: 'Size of data item', type: 'uint', bits: 16 },
]);
const f = P.f;

/** Seconds in one NTP era (the 32-bit seconds field wraps in 2036). */
const ERA = 2 ** 32;

/**
 * The NTP timestamp at `o` as [seconds since 1970, nanoseconds]; seconds with the top bit clear
 * are in era 1 (from 2036), as Wireshark reads them; zero stays the NTP epoch (shown NULL).
 */
function ntpTime(tvb: Tvb, o: number): [number, number] {
  const sec = tvb.u32(o);
  const frac = tvb.u32(o + 4);
  if (sec === 0 && frac === 0) return [NTP_EPOCH_SECONDS, 0];
  const seconds = (sec & 0x80000000) === 0 ? sec + ERA : sec;
  return [seconds + NTP_EPOCH_SECONDS, Math.floor((frac * 1e9) / ERA)];
}

function stratumName(s: number): string {
  return s === 0
    ? 'unspecified or invalid'
    : s === 1
      ? 'primary reference'
      : s <= 15
        ? 'secondary reference'
        : s === 16
          ? 'unsynchronized'
          : 'reserved';
}

/** The fixed header of the time modes (48 bytes) and, where 20 or 24 bytes follow, the key id and MAC. */
function timeHeader(tvb: Tvb, tree: ProtoTree, node: number): void {
  const stratum = tvb.u8(1);
  tree.add(node, f.stratum, tvb, 1, 1, stratum, `Peer Clock Stratum: ${stratumName(stratum)} (${stratum})`);
  const poll = tvb.u8(2);
  tree.add(node, f.ppoll, tvb, 2, 1, poll, `Peer Polling Interval: ${poll} (${2 ** poll} seconds)`);
  const precision = tvb.u8(3);
  tree.add(node, f.precision, tvb, 3, 1, precision, `Peer Clock Precision: ${(2 ** ((precision << 24) >> 24)).toFixed(6)} seconds`);
  const delay = tvb.u32(4);
  tree.add(node, f.rootdelay, tvb, 4, 4, delay, `Root Delay: ${(delay / 65536).toFixed(6)} seconds`);
  const dispersion = tvb.u32(8);
  tree.add(node, f.rootdispersion, tvb, 8, 4, dispersion, `Root Dispersion: ${(dispersion / 65536).toFixed(6)} seconds`);
  const refid = tvb.u32(12);
  const refText = refid === 0 ? 'NULL' : stratum <= 1 ? tvb.ascii(12, 4).replace(/\0+$/, '') : ipv4String(refid);
  tree.add(node, f.refid, tvb, 12, 4, tvb.view(12, 4), `Reference ID: ${refText}`);
  tree.add(node, f.reftime, tvb, 16, 8, ntpTime(tvb, 16));
  tree.add(node, f.org, tvb, 24, 8, ntpTime(tvb, 24));
  tree.add(node, f.rec, tvb, 32, 8, ntpTime(tvb, 32));
  tree.add(node, f.xmt, tvb, 40, 8, ntpTime(tvb, 40));
  const rest = tvb.length - 48;
  // A key id alone (an authenticator with no digest), or with an MD5 or SHA-1 digest.
  if (rest === 4 || rest === 20 || rest === 24) tree.add(node, f.keyid, tvb, 48, 4, tvb.view(48, 4));
  if (rest === 20 || rest === 24) tree.add(node, f.mac, tvb, 52, rest - 4, tvb.view(52, rest - 4));
}

/** Mode 7's header (ntpdc's requests): Info says which way and which request. */
function privateHeader(tvb: Tvb, tree: ProtoTree, node: number): string {
  const response = (tvb.u8(0) & 0x80) !== 0;
  const authSeq = tvb.u8(1);
  const as = tree.add(node, f['priv.auth_seq'], tvb, 1, 1, authSeq, `Auth, sequence: ${authSeq & 0x7f}`);
  tree.add(as, f['priv.auth'], tvb, 1, 1, authSeq >> 7);
  tree.add(as, f['priv.seq'], tvb, 1, 1, authSeq & 0x7f);
  tree.add(node, f['priv.impl'], tvb, 2, 1, tvb.u8(2));
  const code = tvb.u8(3);
  tree.add(node, f['priv.reqcode'], tvb, 3, 1, code);
  const w = tvb.u16(4);
  tree.add(node, f['priv.err'], tvb, 4, 1, w >> 12, `Err: ${hex(w >> 12, 2)}`);
  tree.add(node, f['priv.numitems'], tvb, 4, 2, w & 0x0fff);
  const z = tvb.u16(6);
  tree.add(node, f['priv.reserved'], tvb, 6, 1, z >> 12);
  tree.add(node, f['priv.itemsize'], tvb, 6, 2, z & 0x0fff);
  return `, ${response ? 'Response' : 'Request'}, ${REQUEST_CODES[code] ?? `Unknown (${code})`}`;
}

/** The flags' line as TShark's: the leap indicator, or in the private mode the response bit, then version and mode. */
function flagsText(b0: number, version: number, mode: number): string {
  const first = mode === MODE_PRIVATE ? `Response bit: ${b0 & 0x80 ? 'Response' : 'Request'}` : `Leap Indicator: ${LEAP[b0 >> 6]}`;
  return `Flags: ${hex(b0, 2)}, ${first}, Version number: NTP Version ${version}, Mode: ${MODE_NAMES[mode]}`;
}

const ntp: Dissector = {
  name: 'ntp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NTP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const version = (b0 >> 3) & 7;
    const mode = b0 & 7;
    const info = `NTP Version ${version}, ${MODES[mode]}`;
    pinfo.setInfo(info);
    if (tree.building) tree.setText(node, `Network Time Protocol (${info})`);
    const flags = tree.add(node, f.flags, tvb, 0, 1, b0, tree.building ? flagsText(b0, version, mode) : undefined);
    if (mode === MODE_PRIVATE) {
      // The private mode's first byte: response and more bits where the others have the leap indicator.
      tree.add(flags, f['priv.flags.r'], tvb, 0, 1, b0 >> 7);
      tree.add(flags, f['priv.flags.more'], tvb, 0, 1, (b0 >> 6) & 1);
    } else tree.add(flags, f['flags.li'], tvb, 0, 1, b0 >> 6);
    tree.add(flags, f['flags.vn'], tvb, 0, 1, version);
    tree.add(flags, f['flags.mode'], tvb, 0, 1, mode);
    if (mode === MODE_CONTROL) return;
    if (mode === MODE_PRIVATE) pinfo.appendInfo(privateHeader(tvb, tree, node), '');
    else timeHeader(tvb, tree, node);
  },
};

dissectorTable('udp.port').add(123, ntp);
