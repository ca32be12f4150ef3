import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * DHCP for IPv6 (RFC 8415), UDP 546/547: messages, relay messages (with the relayed message
 * inside the Relay Message option) and options as type-length-value. Info is Wireshark's: the
 * message and its transaction id, then, in option order, the client id and each IA address
 * (`Advertise XID: 0x28b040 IAA: 2a00:1:1:200::1 CID: 00030001000102030405 `); a relay shows
 * its link address first (`Relay-forw L: fc00:502:411:1::1 Request XID: …`).
 */
const TYPES: Record<number, string> = {
  1: 'Solicit',
  2: 'Advertise',
  3: 'Request',
  4: 'Confirm',
  5: 'Renew',
  6: 'Rebind',
  7: 'Reply',
  8: 'Release',
  9: 'Decline',
  10: 'Reconfigure',
  11: 'Information-request',
  12: 'Relay-forw',
  13: 'Relay-reply',
  14: 'Leasequery',
  15: 'Leasequery-reply',
};
const RELAY_FORW = 12;
const RELAY_REPL = 13;
const OPT_CLIENTID = 1;
const OPT_IA_NA = 3;
const OPT_IA_TA = 4;
const OPT_IAADDR = 5;
const OPT_RELAY_MSG = 9;
/** Relays nest; a crafted chain of them must end. */
const MAX_DEPTH = 32;

const P = fieldTable.register('dhcpv6', 'DHCPv6', [
  { abbrev: 'dhcpv6.msgtype', name: 'Message type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'dhcpv6.xid', name: 'Transaction ID', type: 'uint', base: 'hex', bits: 24 },
  { abbrev: 'dhcpv6.hopcount', name: 'Hopcount', type: 'uint', bits: 8 },
  { abbrev: 'dhcpv6.linkaddr', name: 'Link address', type: 'ipv6' },
  { abbrev: 'dhcpv6.peeraddr', name: 'Peer address', type: 'ipv6' },
  { abbrev: 'dhcpv6.option.type', name: 'Option', type: 'uint', bits: 16 },
  { abbrev: 'dhcpv6.option.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'dhcpv6.duid.bytes', name: 'DUID', type: 'bytes' },
  { abbrev: 'dhcpv6.iaaddr.ip', name: 'IPv6 address', type: 'ipv6' },
]);
const f = P.f;

function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/**
 * Options from `off` to `end` (Wireshark's dhcpv6_option walk); IA_NA/IA_TA options hold options
 * of their own after 12 or 4 bytes. An option whose header or value does not fit in what is left
 * ends the walk, its enclosing ones' too, quietly (TShark's at_end): false then.
 */
function options(tvb: Tvb, off: number, end: number, pinfo: PacketInfo, tree: ProtoTree, node: number, depth: number): boolean {
  while (off < end) {
    if (end - off < 4) return false;
    const type = tvb.u16(off);
    const len = tvb.u16(off + 2);
    if (end - off < 4 + len) return false;
    tree.add(node, f['option.type'], tvb, off, 2, type);
    tree.add(node, f['option.length'], tvb, off + 2, 2, len);
    const v = off + 4;
    tvb.check(v, len);
    if (type === OPT_CLIENTID) {
      const duid = tvb.view(v, len);
      tree.add(node, f['duid.bytes'], tvb, v, len, duid);
      pinfo.appendInfo(`CID: ${hexOf(duid)} `, '');
    } else if ((type === OPT_IA_NA && len >= 12) || (type === OPT_IA_TA && len >= 4)) {
      if (!options(tvb, v + (type === OPT_IA_NA ? 12 : 4), v + len, pinfo, tree, node, depth)) return false;
    } else if (type === OPT_IAADDR && len >= 16) {
      const a = tvb.view(v, 16);
      tree.add(node, f['iaaddr.ip'], tvb, v, 16, a);
      pinfo.appendInfo(`IAA: ${ipv6String(a)} `, '');
    } else if (type === OPT_RELAY_MSG && len > 0) {
      message(tvb.sub(v, len), pinfo, tree, node, depth + 1);
    }
    off = v + len;
  }
  return true;
}

function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const type = tvb.u8(0);
  tree.add(node, f.msgtype, tvb, 0, 1, type);
  const name = TYPES[type] ?? `Unknown (${type})`;
  if (type === RELAY_FORW || type === RELAY_REPL) {
    tree.add(node, f.hopcount, tvb, 1, 1, tvb.u8(1));
    const link = tvb.view(2, 16);
    tree.add(node, f.linkaddr, tvb, 2, 16, link);
    tree.add(node, f.peeraddr, tvb, 18, 16, tvb.view(18, 16));
    pinfo.appendInfo(`${name} L: ${ipv6String(link)} `, '');
    options(tvb, 34, tvb.reported, pinfo, tree, node, depth);
    return;
  }
  const xid = tvb.u24(1);
  tree.add(node, f.xid, tvb, 1, 3, xid);
  pinfo.appendInfo(`${name} XID: 0x${xid.toString(16).padStart(6, '0')} `, '');
  options(tvb, 4, tvb.reported, pinfo, tree, node, depth);
}

const dhcpv6: Dissector = {
  name: 'dhcpv6',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DHCPv6';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    message(tvb, pinfo, tree, node, 0);
  },
};

dissectorTable('udp.port').add(546, dhcpv6);
dissectorTable('udp.port').add(547, dhcpv6);
