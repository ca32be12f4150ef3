import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * Network Service Header (RFC 8300, EtherType 0x894f): base and service path headers; the
 * length (in 4-byte words) covers the context headers, then the next protocol (1 IPv4, 2 IPv6,
 * 3 Ethernet) carries on through its table.
 */
const NEXT: Record<number, string> = { 1: 'IPv4', 2: 'IPv6', 3: 'Ethernet', 4: 'NSH', 5: 'MPLS' };
const P = fieldTable.register('nsh', 'Network Service Header', [
  { abbrev: 'nsh.version', name: 'Version', type: 'uint', bits: 16, mask: 0xc000, maskBits: 16 },
  { abbrev: 'nsh.length', name: 'Length', type: 'uint', bits: 16, mask: 0x003f, maskBits: 16 },
  { abbrev: 'nsh.mdtype', name: 'MD Type', type: 'uint', bits: 8 },
  { abbrev: 'nsh.nextproto', name: 'Next Protocol', type: 'uint', bits: 8, strings: NEXT },
  { abbrev: 'nsh.spi', name: 'Service Path Identifier', type: 'uint', bits: 24 },
  { abbrev: 'nsh.si', name: 'Service Index', type: 'uint', bits: 8 },
]);
const f = P.f;

const AS_ETHERTYPE: Readonly<Record<number, number>> = { 1: 0x0800, 2: 0x86dd, 4: 0x894f, 5: 0x8847 };

const nsh: Dissector = {
  name: 'nsh',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NSH';
    const w = tvb.u16(0);
    const len = (w & 0x3f) * 4;
    const node = beginProtocol(P, tvb, pinfo, tree, parent, len);
    tree.add(node, f.version, tvb, 0, 2, w >> 14);
    tree.add(node, f.length, tvb, 0, 2, w & 0x3f);
    tree.add(node, f.mdtype, tvb, 2, 1, tvb.u8(2) & 0x0f);
    const next = tvb.u8(3);
    tree.add(node, f.nextproto, tvb, 3, 1, next);
    tree.add(node, f.spi, tvb, 4, 3, tvb.u24(4));
    tree.add(node, f.si, tvb, 7, 1, tvb.u8(7));
    if (len < 8 || len >= tvb.length) return;
    const payload = tvb.sub(len);
    if (next === 3) dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, payload, pinfo, tree, parent);
    else dispatchPayload({ table: 'ethertype', keys: [AS_ETHERTYPE[next] ?? -1] }, payload, pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x894f, nsh);
