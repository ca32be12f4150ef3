import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { markMalformed } from '../core/expert.js';
import { fieldTable } from '../core/fields.js';
import { bitPattern, durationText, etherString, formatText, hex, ipv4String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { HW_TYPES, MESSAGE_TYPES, OPTIONS, optionFieldSpecs } from './dhcp-options.js';

/**
 * BOOTP/DHCP (RFC 951, RFC 2131/2132) on UDP 67, 68 and 4011, named `dhcp` as in TShark 4.0.
 * The fixed BOOTP header, then (after the magic cookie) the options up to End; option 52 can
 * move more options into the `file` and `sname` fields. A message with option 53 is DHCP in
 * the Protocol column, one without is BOOTP.
 */
const P = fieldTable.register('dhcp', 'Dynamic Host Configuration Protocol', [
  { abbrev: 'dhcp.type', name: 'Message type', type: 'uint', bits: 8, strings: { 1: 'Boot Request', 2: 'Boot Reply' } },
  { abbrev: 'dhcp.hw.type', name: 'Hardware type', type: 'uint', base: 'hex', bits: 8, strings: HW_TYPES },
  { abbrev: 'dhcp.hw.len', name: 'Hardware address length', type: 'uint', bits: 8 },
  { abbrev: 'dhcp.hops', name: 'Hops', type: 'uint', bits: 8 },
  { abbrev: 'dhcp.id', name: 'Transaction ID', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'dhcp.secs', name: 'Seconds elapsed', type: 'uint', bits: 16 },
  { abbrev: 'dhcp.flags', name: 'Bootp flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dhcp.flags.bc', name: 'Broadcast flag', type: 'bool' },
  { abbrev: 'dhcp.flags.reserved', name: 'Reserved flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dhcp.ip.client', name: 'Client IP address', type: 'ipv4' },
  { abbrev: 'dhcp.ip.your', name: 'Your (client) IP address', type: 'ipv4' },
  { abbrev: 'dhcp.ip.server', name: 'Next server IP address', type: 'ipv4' },
  { abbrev: 'dhcp.ip.relay', name: 'Relay agent IP address', type: 'ipv4' },
  { abbrev: 'dhcp.hw.mac_addr', name: 'Client MAC address', type: 'ether' },
  { abbrev: 'dhcp.hw.addr', name: 'Client hardware address', type: 'bytes' },
  { abbrev: 'dhcp.hw.addr_padding', name: 'Client hardware address padding', type: 'bytes' },
  { abbrev: 'dhcp.server', name: 'Server host name', type: 'string' },
  { abbrev: 'dhcp.file', name: 'Boot file name', type: 'string' },
  { abbrev: 'dhcp.cookie', name: 'Magic cookie', type: 'ipv4' },
  { abbrev: 'dhcp.vendor_specific_options', name: 'Bootp vendor specific options', type: 'bytes' },
  { abbrev: 'dhcp.bootp', name: 'Frame is BOOTP', type: 'bool' },
  { abbrev: 'dhcp.client_id', name: 'Identifier', type: 'bytes' },
  { abbrev: 'dhcp.client_id.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'dhcp.client_id.undef', name: 'Client Identifier', type: 'string' },
  { abbrev: 'dhcp.option.type', name: 'Option', type: 'uint', bits: 8 },
  { abbrev: 'dhcp.option.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'dhcp.option.value', name: 'Value', type: 'bytes' },
  { abbrev: 'dhcp.option.padding', name: 'Padding', type: 'bytes' },
  ...optionFieldSpecs(),
]);
const f = P.f;

const BOOTREQUEST = 1;
const BOOTREPLY = 2;
const MAGIC = 0x63825363;
const OPTIONS_START = 240;

/** Finds option 53 (and 52) without touching the tree, for the header line and columns. */
function scan(tvb: Tvb, start: number, end: number): { type?: number; overload: number } {
  const out: { type?: number; overload: number } = { overload: 0 };
  for (let off = start; off < end && tvb.has(off, 1); ) {
    const code = tvb.u8(off);
    if (code === 0) {
      off++;
      continue;
    }
    if (code === 255 || !tvb.has(off + 1, 1)) break;
    const len = tvb.u8(off + 1);
    if (len >= 1 && tvb.has(off + 2, 1)) {
      if (code === 53) out.type = tvb.u8(off + 2);
      if (code === 52) out.overload = tvb.u8(off + 2);
    }
    off += 2 + len;
  }
  return out;
}

function dissectOptionValue(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, code: number, o: number, len: number): string {
  const spec = OPTIONS[code];
  const field = spec?.field === undefined ? undefined : f[`option.${spec.field}`];
  const fixed = (size: number): boolean => {
    if (len === size) return true;
    markMalformed(tvb, pinfo, tree, node, o, len, `option ${code} should be ${size} bytes long, not ${len}`);
    return false;
  };
  if (code === 53) {
    if (!fixed(1)) return '';
    const t = tvb.u8(o);
    tree.add(node, f['option.dhcp'], tvb, o, 1, t, `DHCP: ${MESSAGE_TYPES[t] ?? 'Unknown'} (${t})`);
    return ` (${MESSAGE_TYPES[t] ?? 'Unknown'})`;
  }
  if (code === 55) {
    for (let i = 0; i < len; i++) {
      const item = tvb.u8(o + i);
      tree.add(
        node,
        f['option.request_list_item'],
        tvb,
        o + i,
        1,
        item,
        `Parameter Request List Item: (${item}) ${OPTIONS[item]?.name ?? 'Unknown'}`,
      );
    }
    return '';
  }
  if (code === 61 && len >= 1) {
    // Client identifier: a hardware type and address, or type 0 and a free-form name.
    const hw = tvb.u8(o);
    if (hw === 0) {
      tree.add(node, f['client_id.type'], tvb, o, 1, hw);
      const rest = tvb.view(o + 1, len - 1);
      const nul = rest.indexOf(0);
      tree.add(node, f['client_id.undef'], tvb, o + 1, len - 1, formatText(rest, 0, nul < 0 ? rest.length : nul));
      return '';
    }
    tree.add(node, f['hw.type'], tvb, o, 1, hw);
    if (hw === 1 && len === 7) tree.add(node, f['hw.mac_addr'], tvb, o + 1, 6, tvb.view(o + 1, 6));
    else if (len > 1) tree.add(node, f.client_id, tvb, o + 1, len - 1, tvb.view(o + 1, len - 1));
    return '';
  }
  if (spec === undefined || field === undefined) return '';
  switch (spec.kind) {
    case 'ip': {
      if (!fixed(4)) return '';
      const a = tvb.u32(o);
      tree.add(node, field, tvb, o, 4, a);
      return ` (${ipv4String(a)})`;
    }
    case 'ips':
      if (len % 4 !== 0) {
        fixed(len - (len % 4) + 4);
        return '';
      }
      for (let i = 0; i < len; i += 4) tree.add(node, field, tvb, o + i, 4, tvb.u32(o + i));
      return '';
    case 'str': {
      // FT_STRINGZ: the text ends at the first NUL, if there is one.
      const bytes = tvb.view(o, len);
      const nul = bytes.indexOf(0);
      tree.add(node, field, tvb, o, len, formatText(bytes, 0, nul < 0 ? len : nul));
      return '';
    }
    case 'bool':
    case 'u8':
      if (fixed(1)) tree.add(node, field, tvb, o, 1, spec.kind === 'bool' ? tvb.u8(o) !== 0 : tvb.u8(o));
      return '';
    case 'u16':
      if (fixed(2)) tree.add(node, field, tvb, o, 2, tvb.u16(o));
      return '';
    case 'u32':
      if (fixed(4)) tree.add(node, field, tvb, o, 4, tvb.u32(o));
      return '';
    case 'i32':
      if (fixed(4)) tree.add(node, field, tvb, o, 4, tvb.u32(o) | 0);
      return '';
    case 'secs': {
      if (!fixed(4)) return '';
      const s = tvb.u32(o);
      tree.add(node, field, tvb, o, 4, s, `${spec.name}: (${s}s) ${s === 0xffffffff ? 'infinity' : durationText(s)}`);
      return '';
    }
    case 'bytes':
      return '';
  }
}

/**
 * Decodes the options in [start, end); returns the offset after End (or `end`). `beforeEnd`
 * runs when End is reached, before it is shown (TShark shows overloaded options there).
 */
function dissectOptions(
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  start: number,
  end: number,
  beforeEnd?: () => void,
): number {
  let off = start;
  while (off < end) {
    const code = tvb.u8(off);
    const name = OPTIONS[code]?.name ?? 'Unknown';
    if (code === 255) beforeEnd?.();
    if (code === 0 || code === 255) {
      // TShark 4.0 gives End's `dhcp.option.type` the value 0 (so `dhcp.option.type == 255`
      // never matches); kept, since filters must mean what they mean in Wireshark.
      const node = tree.add(parent, f['option.type'], tvb, off, 1, 0, `Option: (${code}) ${name}`);
      if (code === 255) {
        tree.add(node, f['option.end'], tvb, off, 1, code);
        return off + 1;
      }
      off++;
      continue;
    }
    const len = tvb.u8(off + 1);
    // An option longer than the bytes left is cut short (truncated capture or malformed).
    tvb.check(off, 2 + len);
    const node = tree.add(parent, f['option.type'], tvb, off, 2 + len, code, `Option: (${code}) ${name}`);
    tree.add(node, f['option.length'], tvb, off + 1, 1, len);
    // Every option's raw value is also `dhcp.option.value`, as in TShark (a hidden item there).
    tree.add(node, f['option.value'], tvb, off + 2, len, tvb.view(off + 2, len));
    const suffix = dissectOptionValue(tvb, pinfo, tree, node, code, off + 2, len);
    if (suffix !== '') tree.setText(node, `Option: (${code}) ${name}${suffix}`);
    off += 2 + len;
  }
  return off;
}

/** A fixed-size text field of the header (`sname`, `file`): NUL-terminated, or "not given". */
function headerString(tvb: Tvb, tree: ProtoTree, node: number, field: keyof typeof f, off: number, size: number, what: string): void {
  const bytes = tvb.view(off, size);
  const nul = bytes.indexOf(0);
  if (nul === 0) tree.add(node, f[field], tvb, off, size, '', `${what} not given`);
  else tree.add(node, f[field], tvb, off, size, formatText(bytes, 0, nul < 0 ? size : nul));
}

const dhcp: Dissector = {
  name: 'dhcp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BOOTP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const op = tvb.u8(0);
    const htype = tvb.u8(1);
    const hlen = tvb.u8(2);
    const ether = (htype === 1 || htype === 6) && hlen === 6;
    if (op === BOOTREQUEST) {
      const mac = ether ? etherString(tvb.view(28, 6)) : '';
      pinfo.setInfo(ether ? `Boot Request from ${mac} (${mac})` : 'Boot Request');
    } else pinfo.setInfo(op === BOOTREPLY ? 'Boot Reply' : `Unknown BOOTP message type (${op})`);
    const id = tvb.u32(4);
    // TShark looks for option 53 before it shows the header, so a message cut before the
    // cookie shows no fields at all.
    const cookie = tvb.u32(236);
    const found = cookie === MAGIC ? scan(tvb, OPTIONS_START, tvb.length) : { overload: 0 };
    if (found.type !== undefined) {
      const type = MESSAGE_TYPES[found.type] ?? `Unknown Message Type (0x${found.type.toString(16).padStart(2, '0')})`;
      pinfo.protocol = 'DHCP';
      pinfo.setInfo(`DHCP ${type.padEnd(8)} - Transaction ID 0x${id.toString(16)}`);
      tree.setText(node, `Dynamic Host Configuration Protocol (${MESSAGE_TYPES[found.type] ?? 'Unknown'})`);
    } else tree.setText(node, 'Bootstrap Protocol');
    tree.add(node, f.type, tvb, 0, 1, op);
    tree.add(node, f['hw.type'], tvb, 1, 1, htype);
    tree.add(node, f['hw.len'], tvb, 2, 1, hlen);
    tree.add(node, f.hops, tvb, 3, 1, tvb.u8(3));
    tree.add(node, f.id, tvb, 4, 4, id);
    tree.add(node, f.secs, tvb, 8, 2, tvb.u16(8));
    const flags = tvb.u16(10);
    const bc = (flags & 0x8000) !== 0;
    const flagsNode = tree.add(node, f.flags, tvb, 10, 2, flags, `Bootp flags: ${hex(flags, 4)} (${bc ? 'Broadcast' : 'Unicast'})`);
    tree.add(
      flagsNode,
      f['flags.bc'],
      tvb,
      10,
      2,
      bc,
      `${bitPattern(flags, 0x8000, 16)} = Broadcast flag: ${bc ? 'Broadcast' : 'Unicast'}`,
    );
    tree.add(
      flagsNode,
      f['flags.reserved'],
      tvb,
      10,
      2,
      flags & 0x7fff,
      `${bitPattern(flags, 0x7fff, 16)} = Reserved flags: ${hex(flags & 0x7fff, 4)}`,
    );
    tree.add(node, f['ip.client'], tvb, 12, 4, tvb.u32(12));
    tree.add(node, f['ip.your'], tvb, 16, 4, tvb.u32(16));
    tree.add(node, f['ip.server'], tvb, 20, 4, tvb.u32(20));
    tree.add(node, f['ip.relay'], tvb, 24, 4, tvb.u32(24));
    if (ether) {
      tree.add(node, f['hw.mac_addr'], tvb, 28, 6, tvb.view(28, 6));
      tree.add(node, f['hw.addr_padding'], tvb, 34, 10, tvb.view(34, 10));
    } else {
      const n = Math.min(hlen, 16);
      if (n > 0) tree.add(node, f['hw.addr'], tvb, 28, n, tvb.view(28, n));
      if (n < 16) tree.add(node, f['hw.addr_padding'], tvb, 28 + n, 16 - n, tvb.view(28 + n, 16 - n));
    }
    const overload = found.overload;
    if ((overload & 2) === 0) headerString(tvb, tree, node, 'server', 44, 64, 'Server host name');
    if ((overload & 1) === 0) headerString(tvb, tree, node, 'file', 108, 128, 'Boot file name');
    if (cookie !== MAGIC) {
      // BOOTP's 64-byte vendor area; TShark reads options after it all the same.
      tree.add(node, f.vendor_specific_options, tvb, 236, 64, tvb.view(236, 64));
      tree.add(node, f.bootp, tvb, 0, 0, true);
      const end = dissectOptions(tvb, pinfo, tree, node, 300, tvb.length);
      if (end < tvb.length) tree.add(node, f['option.padding'], tvb, end, tvb.length - end, tvb.view(end, tvb.length - end));
      return;
    }
    tree.add(node, f.cookie, tvb, 236, 4, cookie, 'Magic cookie: DHCP');
    if (found.type === undefined) tree.add(node, f.bootp, tvb, 0, 0, true);
    // Option overload (52): more options in the sname and/or file fields, shown before End.
    const overloaded = (): void => {
      if (overload & 2) dissectOptions(tvb, pinfo, tree, node, 44, 108);
      if (overload & 1) dissectOptions(tvb, pinfo, tree, node, 108, 236);
    };
    const end = dissectOptions(tvb, pinfo, tree, node, OPTIONS_START, tvb.length, overload ? overloaded : undefined);
    if (end < tvb.length) tree.add(node, f['option.padding'], tvb, end, tvb.length - end, tvb.view(end, tvb.length - end));
  },
};

for (const port of [67, 68, 4011]) dissectorTable('udp.port').add(port, dhcp);
