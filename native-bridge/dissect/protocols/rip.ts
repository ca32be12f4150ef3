import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Routing Information Protocol, versions 1 and 2 (RFC 1058, RFC 2453; UDP 520): command and
 * version, then 20-byte entries while more than a keyed MD5 trailer is reported, read as TShark
 * reads them: an IPv4 route's fields, a first entry of family 0xffff as authentication (a
 * password, or keyed MD5 with its trailer where the digest offset says), and an entry of another
 * family marked over its 20 bytes. The Protocol column names the version (`RIPv2`), Info the command.
 */
const COMMANDS: Record<number, string> = { 1: 'Request', 2: 'Response', 3: 'Traceon', 4: 'Traceoff', 5: 'Vendor specific (Sun)' };
const P = fieldTable.register('rip', 'Routing Information Protocol', [
  { abbrev: 'rip.command', name: 'Command', type: 'uint', bits: 8, strings: COMMANDS },
  { abbrev: 'rip.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'rip.routing_domain', name: 'Routing Domain', type: 'uint', bits: 16 },
  { abbrev: 'rip.family', name: 'Address Family', type: 'uint', bits: 16 },
  { abbrev: 'rip.route_tag', name: 'Route Tag', type: 'uint', bits: 16 },
  { abbrev: 'rip.ip', name: 'IP Address', type: 'ipv4' },
  { abbrev: 'rip.netmask', name: 'Netmask', type: 'ipv4' },
  { abbrev: 'rip.next_hop', name: 'Next Hop', type: 'ipv4' },
  { abbrev: 'rip.metric', name: 'Metric', type: 'uint', bits: 16 },
  { abbrev: 'rip.auth.type', name: 'Authentication type', type: 'uint', bits: 16 },
  { abbrev: 'rip.auth.passwd', name: 'Password', type: 'string' },
  { abbrev: 'rip.digest_offset', name: 'Digest Offset', type: 'uint', bits: 16 },
  { abbrev: 'rip.authentication_data', name: 'Authentication Data', type: 'bytes' },
  { abbrev: 'rip.unknown_address_family', name: 'Unknown address family', type: 'none' },
]);
const f = P.f;
const HEADER = 4;
const ENTRY = 20;
const AF_INET = 2;
const AUTH = 0xffff;
const PASSWORD = 2;
const KEYED_MD5 = 3;

/** An IPv4 route entry at `off`, or one of family 0 (address not specified); version 2 adds tag, mask and next hop. */
function route(tvb: Tvb, tree: ProtoTree, node: number, off: number, version: number): void {
  tree.add(node, f.family, tvb, off, 2, tvb.u16(off));
  if (version === 2) tree.add(node, f.route_tag, tvb, off + 2, 2, tvb.u16(off + 2));
  tree.add(node, f.ip, tvb, off + 4, 4, tvb.u32(off + 4));
  if (version === 2) {
    tree.add(node, f.netmask, tvb, off + 8, 4, tvb.u32(off + 8));
    tree.add(node, f.next_hop, tvb, off + 12, 4, tvb.u32(off + 12));
  }
  tree.add(node, f.metric, tvb, off + 16, 4, tvb.u32(off + 16));
}

/** The authentication entry at `off`; returns the length of the trailer that ends the packet (keyed MD5's authentication data length), else 0. */
function authentication(tvb: Tvb, tree: ProtoTree, node: number, off: number): number {
  const type = tvb.u16(off + 2);
  tree.add(node, f['auth.type'], tvb, off + 2, 2, type);
  if (type === PASSWORD) tree.add(node, f['auth.passwd'], tvb, off + 4, 16, tvb.ascii(off + 4, 16));
  else if (type === KEYED_MD5) {
    const digest = tvb.u16(off + 4);
    tree.add(node, f.digest_offset, tvb, off + 4, 2, digest);
    if (digest < 24) return 0;
    // Key ID, data length, sequence number, zero padding; then the trailer the offset names.
    tvb.check(off + 6, 14);
    const trailer = off - 4 + digest;
    tvb.check(trailer, 20);
    tree.add(node, f.authentication_data, tvb, trailer + 4, 16, tvb.view(trailer + 4, 16));
    return tvb.u8(off + 7);
  }
  return 0;
}

const rip: Dissector = {
  name: 'rip',
  dissect(tvb, pinfo, tree, parent) {
    const command = tvb.u8(0);
    const version = tvb.u8(1);
    pinfo.protocol = version === 1 || version === 2 ? `RIPv${version}` : 'RIP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.command, tvb, 0, 1, command);
    tree.add(node, f.version, tvb, 1, 1, version);
    pinfo.setInfo(COMMANDS[command] ?? `Unknown command (${command})`);
    if (version === 2) tree.add(node, f.routing_domain, tvb, 2, 2, tvb.u16(2));
    // Entries while more than the keyed MD5 trailer is left (TShark reads the trailer with the
    // authentication entry). Every entry is 20 bytes: the walk ends within length / 20 steps.
    let trailer = 0;
    for (let off = HEADER; tvb.reported - off > trailer; off += ENTRY) {
      const family = tvb.u16(off);
      if (family === AF_INET || family === 0) route(tvb, tree, node, off, version);
      else if (family === AUTH && off === HEADER) trailer = authentication(tvb, tree, node, off);
      else {
        tvb.check(off, ENTRY);
        tree.add(node, f.unknown_address_family, tvb, off, ENTRY, undefined, `Unknown address family ${family}`);
      }
    }
  },
};

dissectorTable('udp.port').add(520, rip);
