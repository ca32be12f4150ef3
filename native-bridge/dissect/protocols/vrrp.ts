import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Virtual Router Redundancy Protocol, versions 2 (RFC 3768) and 3 (RFC 5798), IP protocol 112:
 * the header, the addresses it counts (IPv6 ones over IPv6) and a version 2 simple text
 * password, each read as TShark reads it (a count past the packet's end is malformed there).
 */
const P = fieldTable.register('vrrp', 'Virtual Router Redundancy Protocol', [
  { abbrev: 'vrrp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.type', name: 'Packet type', type: 'uint', bits: 8, strings: { 1: 'Advertisement' } },
  { abbrev: 'vrrp.virt_rtr_id', name: 'Virtual Rtr ID', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.prio', name: 'Priority', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.addr_count', name: 'Addr Count', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'vrrp.auth_type', name: 'Auth Type', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.adver_int', name: 'Adver Int', type: 'uint', bits: 8 },
  { abbrev: 'vrrp.short_adver_int', name: 'Adver Int', type: 'uint', bits: 16, mask: 0x0fff, maskBits: 16 },
  { abbrev: 'vrrp.ip_addr', name: 'IP Address', type: 'ipv4' },
  { abbrev: 'vrrp.ipv6_addr', name: 'IPv6 Address', type: 'ipv6' },
  { abbrev: 'vrrp.auth_string', name: 'Authentication String', type: 'string' },
]);
const SIMPLE_TEXT = 1;
const AUTH_STRING_LEN = 8;
const f = P.f;

const vrrp: Dissector = {
  name: 'vrrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'VRRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const version = b0 >> 4;
    const type = b0 & 0x0f;
    tree.add(node, f.version, tvb, 0, 1, version);
    tree.add(node, f.type, tvb, 0, 1, type);
    pinfo.setInfo(`${type === 1 ? 'Announcement' : `Unknown (${type})`} (v${version})`);
    tree.add(node, f.virt_rtr_id, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.prio, tvb, 2, 1, tvb.u8(2));
    const count = tvb.u8(3);
    tree.add(node, f.addr_count, tvb, 3, 1, count);
    let auth = -1;
    if (version === 3) tree.add(node, f.short_adver_int, tvb, 4, 2, tvb.u16(4) & 0x0fff);
    else {
      auth = tvb.u8(4);
      tree.add(node, f.auth_type, tvb, 4, 1, auth);
      tree.add(node, f.adver_int, tvb, 5, 1, tvb.u8(5));
    }
    tree.add(node, f.checksum, tvb, 6, 2, tvb.u16(6));
    let off = 8;
    const v6 = pinfo.netType === 'ipv6';
    for (let i = 0; i < count; i++) {
      if (v6) tree.add(node, f.ipv6_addr, tvb, off, 16, tvb.view(off, 16));
      else tree.add(node, f.ip_addr, tvb, off, 4, tvb.u32(off));
      off += v6 ? 16 : 4;
    }
    if (auth === SIMPLE_TEXT)
      tree.add(node, f.auth_string, tvb, off, AUTH_STRING_LEN, tvb.ascii(off, AUTH_STRING_LEN).replace(/\0.*$/s, ''));
  },
};

dissectorTable('ip.proto').add(112, vrrp);
