import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Border Gateway Protocol (RFC 4271) on TCP port 179: each message's 19-byte header (marker,
 * length, type) and the OPEN message's fixed fields. A segment may carry several messages;
 * Info lists them (`UPDATE Message, KEEPALIVE Message`), as Wireshark does. Path attributes
 * and NLRI are not decoded.
 */
const TYPES: Record<number, string> = {
  1: 'OPEN Message',
  2: 'UPDATE Message',
  3: 'NOTIFICATION Message',
  4: 'KEEPALIVE Message',
  5: 'ROUTE-REFRESH Message',
  6: 'CAPABILITY Message',
  128: 'ROUTE-REFRESH Message',
};
const P = fieldTable.register('bgp', 'Border Gateway Protocol', [
  { abbrev: 'bgp.marker', name: 'Marker', type: 'bytes' },
  { abbrev: 'bgp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'bgp.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'bgp.open.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'bgp.open.myas', name: 'My AS', type: 'uint', bits: 16 },
  { abbrev: 'bgp.open.holdtime', name: 'Hold Time', type: 'uint', bits: 16 },
  { abbrev: 'bgp.open.identifier', name: 'BGP Identifier', type: 'ipv4' },
  { abbrev: 'bgp.notify.major_error', name: 'Major error Code', type: 'uint', bits: 8 },
  { abbrev: 'bgp.notify.minor_error', name: 'Minor error Code', type: 'uint', bits: 8 },
]);
const f = P.f;
const HEADER = 19;

function message(tvb: Tvb, tree: ProtoTree, node: number, off: number, len: number, type: number): void {
  tree.add(node, f.marker, tvb, off, 16, tvb.view(off, 16));
  tree.add(node, f.length, tvb, off + 16, 2, len);
  tree.add(node, f.type, tvb, off + 18, 1, type);
  const body = off + HEADER;
  if (type === 1 && len >= 29) {
    tree.add(node, f['open.version'], tvb, body, 1, tvb.u8(body));
    tree.add(node, f['open.myas'], tvb, body + 1, 2, tvb.u16(body + 1));
    tree.add(node, f['open.holdtime'], tvb, body + 3, 2, tvb.u16(body + 3));
    const id = tvb.u32(body + 5);
    tree.add(node, f['open.identifier'], tvb, body + 5, 4, id, `BGP Identifier: ${ipv4String(id)}`);
  } else if (type === 3 && len >= 21) {
    tree.add(node, f['notify.major_error'], tvb, body, 1, tvb.u8(body));
    tree.add(node, f['notify.minor_error'], tvb, body + 1, 1, tvb.u8(body + 1));
  }
}

const bgp: Dissector = {
  name: 'bgp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BGP';
    pinfo.setInfo('');
    let off = 0;
    let first = true;
    while (tvb.has(off, HEADER)) {
      const len = tvb.u16(off + 16);
      const type = tvb.u8(off + 18);
      const node = first
        ? beginProtocol(P, tvb, pinfo, tree, parent, len)
        : tree.add(parent, P.proto, tvb, off, Math.min(len, tvb.remaining(off)));
      first = false;
      pinfo.appendInfo(TYPES[type] ?? `Unknown Message type ${type}`, ', ');
      message(tvb, tree, node, off, len, type);
      if (len < HEADER) {
        tvb.check(off + HEADER, 1); // a length shorter than the header: malformed, as in Wireshark
        break;
      }
      off += len;
    }
    if (first) beginProtocol(P, tvb, pinfo, tree, parent);
  },
};

dissectorTable('tcp.port').add(179, bgp);
