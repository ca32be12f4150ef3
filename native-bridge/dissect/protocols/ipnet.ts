import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Solaris IPNET (LINKTYPE_IPNET 226): a 24-byte header whose address family picks IPv4 (2) or
 * IPv6 (26); the packet goes on through `ethertype`.
 */
const P = fieldTable.register('ipnet', 'Solaris IPNET', [
  { abbrev: 'ipnet.version', name: 'Header version', type: 'uint', bits: 8 },
  { abbrev: 'ipnet.family', name: 'Address family', type: 'uint', bits: 8, strings: { 2: 'IPv4', 26: 'IPv6' } },
  { abbrev: 'ipnet.htype', name: 'Hook type', type: 'uint', bits: 16 },
  { abbrev: 'ipnet.pktlen', name: 'Packet length', type: 'uint', bits: 32 },
  { abbrev: 'ipnet.ifindex', name: 'Interface index', type: 'uint', bits: 32 },
]);
const f = P.f;

const HEADER_LENGTH = 24;
const FAMILY_ETHERTYPE: Readonly<Record<number, number>> = { 2: 0x0800, 26: 0x86dd };

const ipnet: Dissector = {
  name: 'ipnet',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IPNET';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, HEADER_LENGTH);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    const family = tvb.u8(1);
    tree.add(node, f.family, tvb, 1, 1, family);
    tree.add(node, f.htype, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.pktlen, tvb, 4, 4, tvb.u32(4));
    tree.add(node, f.ifindex, tvb, 8, 4, tvb.u32(8));
    tvb.check(HEADER_LENGTH, 0);
    dispatchPayload({ table: 'ethertype', keys: [FAMILY_ETHERTYPE[family] ?? -1] }, tvb.sub(HEADER_LENGTH), pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(226, ipnet); // LINKTYPE_IPNET
