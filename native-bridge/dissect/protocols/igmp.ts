import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Internet Group Management Protocol, versions 1 (RFC 1112), 2 (RFC 2236) and 3 (RFC 3376), IP
 * protocol 2. The version follows from type and length as in Wireshark, which stacks the
 * message under a second `igmp` (`ip:igmp:igmp`); Info texts are Wireshark's
 * (`Membership Query, specific for group 225.1.1.3`, `Membership Report / Join group
 * 239.255.255.250 for any sources`).
 */
const TYPES: Record<number, string> = {
  0x11: 'Membership Query',
  0x12: 'Membership Report',
  0x16: 'Membership Report',
  0x17: 'Leave Group',
  0x22: 'Membership Report',
  0x1e: 'Traceroute Response',
  0x1f: 'Traceroute Query',
};
const MTRACE_QUERY_LENGTH = 24;
const P = fieldTable.register('igmp', 'Internet Group Management Protocol', [
  { abbrev: 'igmp.version', name: 'IGMP Version', type: 'uint', bits: 8 },
  { abbrev: 'igmp.type', name: 'Type', type: 'uint', base: 'hex', bits: 8, strings: TYPES },
  { abbrev: 'igmp.max_resp', name: 'Max Resp Time', type: 'uint', bits: 8 },
  { abbrev: 'igmp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'igmp.maddr', name: 'Multicast Address', type: 'ipv4' },
  { abbrev: 'igmp.num_grp_recs', name: 'Num Group Records', type: 'uint', bits: 16 },
  { abbrev: 'igmp.record_type', name: 'Record Type', type: 'uint', bits: 8 },
  { abbrev: 'igmp.num_src', name: 'Num Src', type: 'uint', bits: 16 },
]);
const f = P.f;
const CHANGE_TO_INCLUDE = 3;
const CHANGE_TO_EXCLUDE = 4;

/** IGMPv3 report: each group record, ` / `-separated in Info. */
function v3Records(tvb: Tvb, tree: Parameters<Dissector['dissect']>[2], node: number): string {
  const n = tvb.u16(6);
  tree.add(node, f.num_grp_recs, tvb, 6, 2, n);
  let text = '';
  let off = 8;
  for (let i = 0; i < n; i++) {
    const type = tvb.u8(off);
    const aux = tvb.u8(off + 1);
    const nsrc = tvb.u16(off + 2);
    const group = ipv4String(tvb.u32(off + 4));
    tree.add(node, f.record_type, tvb, off, 1, type);
    tree.add(node, f.num_src, tvb, off + 2, 2, nsrc);
    tree.add(node, f.maddr, tvb, off + 4, 4, tvb.u32(off + 4));
    if (nsrc === 0 && type === CHANGE_TO_EXCLUDE) text += ` / Join group ${group} for any sources`;
    else if (nsrc === 0 && type === CHANGE_TO_INCLUDE) text += ` / Leave group ${group}`;
    else text += ` / Group ${group}`;
    off += 8 + nsrc * 4 + aux * 4;
  }
  return text;
}

const igmp: Dissector = {
  name: 'igmp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IGMP';
    const type = tvb.u8(0);
    const name = TYPES[type];
    const version =
      type === 0x12
        ? 1
        : type === 0x16 || type === 0x17
          ? 2
          : type === 0x22
            ? 3
            : type === 0x11
              ? tvb.length >= 12
                ? 3
                : tvb.u8(1) === 0
                  ? 1
                  : 2
              : 0;
    // Other protocols riding on IGMP (PIM version 1, DVMRP) take the message after igmp on the
    // stack, but with no igmp node: TShark hands it over before adding one (io,phs: ip › pim).
    const other = dissectorTable('igmp.type').get(type);
    if (other !== undefined) {
      pinfo.protocols.push(P.proto.abbrev);
      other.dissect(tvb, pinfo, tree, parent);
      return;
    }
    const outer = beginProtocol(P, tvb, pinfo, tree, parent);
    if (name === undefined) {
      pinfo.setInfo(`Unknown Type:0x${type.toString(16).padStart(2, '0')}`);
      return;
    }
    const node = beginProtocol(P, tvb, pinfo, tree, outer);
    if (type === 0x1e || type === 0x1f) {
      // Multicast traceroute: a query that has gathered response blocks is a request.
      pinfo.setInfo(type === 0x1f && tvb.length > MTRACE_QUERY_LENGTH ? 'Traceroute Request' : name);
      tree.add(node, f.type, tvb, 0, 1, type);
      return;
    }
    pinfo.protocol = `IGMPv${version}`;
    tree.add(node, f.version, tvb, 0, 0, version);
    tree.add(node, f.type, tvb, 0, 1, type);
    tree.add(node, f.max_resp, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    if (type === 0x22) {
      pinfo.setInfo(`${name}${v3Records(tvb, tree, node)}`);
      return;
    }
    const group = tvb.u32(4);
    tree.add(node, f.maddr, tvb, 4, 4, group, `Multicast Address: ${ipv4String(group)}`);
    if (version === 1) pinfo.setInfo(name);
    else if (type === 0x11) pinfo.setInfo(group === 0 ? `${name}, general` : `${name}, specific for group ${ipv4String(group)}`);
    else if (type === 0x16) pinfo.setInfo(`${name} group ${ipv4String(group)}`);
    else pinfo.setInfo(`${name} ${ipv4String(group)}`);
  },
};

dissectorTable('ip.proto').add(2, igmp);
